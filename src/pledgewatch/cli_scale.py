"""The command-line side of scaling and streaming: extract's speed and source options, and `watch`.

Kept out of `cli.py` so that module stays a table of subcommands; `cli.py` calls the two
`add_*` functions when it builds its parser and hands the parsed arguments to the `run_*` ones.
Every problem a user can act on (a scheduler that cannot be reached, no ledger, a bad option
combination) is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator

from pledgewatch.model import Article, Record

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
Report = Callable[[str], None]


def add_extract_options(ext: argparse.ArgumentParser) -> None:
    ext.add_argument(
        "--no-triage",
        action="store_true",
        help="parse every sentence of every article (the slow path; the triage skips text that cannot hold a record)",
    )
    ext.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N", help="use N processes (default 1)")
    ext.add_argument(
        "--dask",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS",
        help="run on Dask (a local cluster, or the scheduler at ADDRESS) and write Parquet to --output",
    )
    add_fetch_options(ext)


def add_watch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pledgewatch.watch import DEFAULT_SEEN

    watch = sub.add_parser(
        "watch",
        help="poll RSS/Atom feeds and store new entries in the ledger",
        description="Poll feeds (URLs or files) every --interval seconds; new entries go to the ledger.",
    )
    watch.add_argument("feeds", nargs="+", metavar="FEED", help="feed URLs (http/https) or feed files")
    watch.add_argument(
        "--interval", type=_seconds, default=900.0, metavar="SECONDS", help="time between polls (default 900)"
    )
    watch.add_argument("--db", metavar="URL", help="ledger database URL (default: the ledger's own default)")
    watch.add_argument("--once", action="store_true", help="poll once and exit")
    watch.add_argument(
        "--seen", metavar="FILE", default=DEFAULT_SEEN, help=f"where seen entry ids are kept (default {DEFAULT_SEEN})"
    )
    add_fetch_options(watch)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """How feeds given as URLs are fetched; shared by extract, ingest and watch."""
    parser.add_argument(
        "--fetch-pages", action="store_true", help="for feed entries with only a summary, fetch the linked page"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="deadline for fetching one URL, retries and redirects included (default 10)",
    )
    add_allow_private(parser)


def add_allow_private(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="also fetch from loopback, private and link-local addresses (feeds on a trusted network)",
    )


def fetch_settings(args: argparse.Namespace) -> object:
    from pledgewatch.sources import FetchSettings

    return FetchSettings(timeout=args.timeout, allow_private=args.allow_private)


def extract_stream(
    articles: Iterable[Article], fast: bool = True, jobs: int = 1, report: Report | None = None
) -> Iterator[tuple[Article, list[Record]]]:
    """extract_many on one process or N, with a progress bar when stderr is a terminal.

    An article the reader fails on is reported (one line) and left out; the stream goes on.
    """
    from pledgewatch.progress import progress
    from pledgewatch.scale import ExtractFailure, extract_parallel

    with progress("extracting") as tick:
        for result in extract_parallel(articles, jobs, fast=fast):
            tick(1)
            if isinstance(result, ExtractFailure):
                if report is not None:
                    report(str(result))
                continue
            yield result


def run_dask_extract(args: argparse.Namespace, articles: Iterable[Article], report: Report) -> int:
    """`extract --dask`: Parquet out, a one-line summary on stderr."""
    from pledgewatch.progress import progress
    from pledgewatch.scale import ScaleError, run_dask

    if not args.output:
        report("--dask writes Parquet: give --output FILE.parquet or --output DIRECTORY")
        return EXIT_USAGE
    try:
        with progress("extracting on Dask") as tick:
            summary = run_dask(
                articles,
                args.output,
                address=args.dask or None,
                fast=not args.no_triage,
                workers=args.jobs if args.jobs > 1 else None,
                tick=tick,
                report=report,
            )
    except ScaleError as err:
        report(str(err))
        return EXIT_FAILURES
    except OSError as err:
        report(f"{args.output}: cannot write: {err.strerror or err}")
        return EXIT_FAILURES
    print(
        f"pledgewatch: {summary.articles} articles, {summary.records} records, "
        f"{summary.files} Parquet file(s) in {args.output}",
        file=sys.stderr,
    )
    return EXIT_FAILURES if summary.failures else EXIT_OK


def run_watch(args: argparse.Namespace, report: Report) -> int:
    from pledgewatch.watch import SeenSet, Watcher, WatchError, ledger_ingest

    try:
        ingest = ledger_ingest()
        watcher = Watcher(args.feeds, SeenSet(args.seen), fetch_settings(args), args.fetch_pages)  # type: ignore[arg-type]
        errors = watcher.run(
            ingest, args.db, args.interval, once=args.once, say=lambda line: print(line, flush=True), warn=report
        )
    except WatchError as err:
        report(str(err))
        return EXIT_FAILURES
    except Exception as err:
        if not _from_ledger(err):
            raise
        report(f"ledger: {(str(err).splitlines() or [type(err).__name__])[0]}")
        return EXIT_FAILURES
    return EXIT_FAILURES if errors else EXIT_OK


def _from_ledger(err: Exception) -> bool:
    """Database and ledger errors are the user's to fix (a URL, a locked file); anything else is a bug."""
    return type(err).__module__.startswith(("sqlalchemy", "pledgewatch.ledger"))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


__all__ = [
    "add_allow_private",
    "add_extract_options",
    "add_fetch_options",
    "add_watch_parser",
    "extract_stream",
    "run_dask_extract",
    "run_watch",
]
