"""The `pledgewatch` command. Each subcommand mirrors a function of the Python API.

Errors the user can act on (a bad file, a missing model) are one line on stderr naming the file and
the problem; the run goes on with the other inputs and the exit status says that something failed.
A traceback is a bug, so `main` turns any unexpected exception into one line as well.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from pledgewatch.cli_review import add_review_parsers, run_review_command
from pledgewatch.cli_scale import (
    _positive,
    add_extract_options,
    add_fetch_options,
    add_watch_parser,
    extract_stream,
    fetch_settings,
    run_dask_extract,
    run_watch,
)
from pledgewatch.cli_views import add_view_parsers, run_report, run_serve
from pledgewatch.extract import confident_extractor, confident_records
from pledgewatch.fx import with_usd
from pledgewatch.model import Article
from pledgewatch.plausible import without_implausible_amount

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pledgewatch", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser(
        "extract",
        help="read articles and print the commitment records they state",
        description="Read .txt, .json, .jsonl, .html/.htm files and directories; write LEDGER.md records.",
    )
    ext.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (read recursively)")
    ext.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="output format (default jsonl)")
    ext.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    ext.add_argument("--min-confidence", type=_confidence, metavar="C", help=MIN_CONFIDENCE_HELP)
    add_extract_options(ext)
    _ledger_parsers(sub)
    add_watch_parser(sub)
    add_view_parsers(sub)
    add_review_parsers(sub)
    return parser


def _ledger_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ledger's subcommands; each mirrors a method of `pledgewatch.ledger.Ledger`."""
    from pledgewatch.model import Kind, Status

    db_help = "database URL (default: $PLEDGEWATCH_DB, else sqlite:///pledgewatch.db in the working directory)"
    ing = sub.add_parser(
        "ingest",
        help="store articles, their records and checks in the ledger",
        description="Extract and store articles not stored yet, then rebuild the merged commitments.",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (read recursively)")
    ing.add_argument("--db", metavar="URL", help=db_help)
    ing.add_argument(
        "--batch-size", type=_positive, default=16, metavar="N", help="articles extracted together (default 16)"
    )
    ing.add_argument("--min-confidence", type=_confidence, metavar="C", help=MIN_CONFIDENCE_HELP)
    add_fetch_options(ing)

    com = sub.add_parser("commitments", help="list commitments merged across articles")
    com.add_argument("--actor", metavar="NAME", help="who commits: code, name or demonym (CAN, Canada, Canadian)")
    com.add_argument("--kind", choices=[str(k) for k in Kind], help="what is contributed")
    com.add_argument("--status", choices=[str(s) for s in Status], help="current status")
    com.add_argument("--recipient", metavar="NAME", help="who it is for: code, name or demonym (UKR, Ukraine)")
    com.add_argument("--since", type=_day, metavar="DATE", help="last reported on or after DATE (YYYY-MM-DD)")
    com.add_argument("--format", choices=("table", "jsonl", "csv"), default="table", help="output format")
    com.add_argument("--db", metavar="URL", help=db_help)

    his = sub.add_parser("history", help="an actor's commitments and how their status changed")
    his.add_argument("actor", metavar="ACTOR", help="who commits: code, name or demonym (CAN, Canada, NATO)")
    his.add_argument("kind", nargs="?", choices=[str(k) for k in Kind], metavar="KIND", help="only this kind")
    his.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format")
    his.add_argument("--db", metavar="URL", help=db_help)

    chk = sub.add_parser("checks", help="list what a careful reader should look at twice")
    chk.add_argument("--code", metavar="CODE", help="only checks with this code (components_sum, date_conflict, ...)")
    chk.add_argument("--article", metavar="ID", help="only checks on this article")
    chk.add_argument("--format", choices=("table", "jsonl", "csv"), default="table", help="output format")
    chk.add_argument("--db", metavar="URL", help=db_help)

    exp = sub.add_parser("export", help="write records or commitments with the versioned export schema")
    exp.add_argument("--format", choices=("csv", "jsonl", "parquet"), required=True, help="file format")
    exp.add_argument("--output", "-o", metavar="PATH", required=True, help="file to write")
    exp.add_argument(
        "--what",
        choices=("records", "commitments", "corrections"),
        default="records",
        help="what to export (corrections: reviewed records in the gold format of LEDGER.md, jsonl only)",
    )
    exp.add_argument("--db", metavar="URL", help=db_help)


MIN_CONFIDENCE_HELP = "keep only records the reader is at least this sure of, 0-1 (default: the model's threshold)"


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"not a confidence between 0 and 1: {text!r}")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


class _Failures:
    """Counts failed inputs while the stream goes on; each is reported on one stderr line."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        print(f"pledgewatch: {message}", file=sys.stderr)


def _articles(paths: list[str], failures: _Failures, args: argparse.Namespace | None = None) -> Iterator[Article]:
    from pledgewatch.sources import SourceError, read_paths

    fetch = fetch_settings(args) if args is not None else None
    for item in read_paths(paths, fetch, fetch_pages=bool(args and args.fetch_pages)):  # type: ignore[arg-type]
        if isinstance(item, SourceError):
            failures.report(str(item))
        else:
            yield item


def run_extract(paths: list[str], fmt: str, out: TextIO, args: argparse.Namespace | None = None) -> int:
    from pledgewatch.report_table import TableWriter

    failures = _Failures()
    table = TableWriter(out) if fmt == "table" else None  # rows printed as they come: memory stays flat
    fast, jobs = (not args.no_triage, args.jobs) if args is not None else (True, 1)
    floor = getattr(args, "min_confidence", None)
    for article, records in extract_stream(_articles(paths, failures, args), fast, jobs, failures.report):
        if floor is not None:
            records = confident_records(records, floor)
        converted = []
        for record in records:
            record, problem = without_implausible_amount(with_usd(record, article.published))
            if problem:
                failures.report(f"{article.source or article.id}: {record.actor} {record.kind}: {problem}")
            converted.append(record)
        if table is not None:
            table.add(article, converted)
            continue
        for record in converted:
            out.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
    if table is not None:
        table.close()
    return EXIT_FAILURES if failures.count else EXIT_OK


def run_ingest(args: argparse.Namespace, out: TextIO) -> int:
    from pledgewatch.ledger import Ledger
    from pledgewatch.ledger.ingest import progress_bar
    from pledgewatch.ledger.store import counts

    failures = _Failures()
    with _ledger_errors(failures), Ledger(args.db, fetch=fetch_settings(args)) as ledger:  # type: ignore[arg-type]
        from pledgewatch.sources import count_articles

        total = lambda: count_articles(args.paths)  # noqa: E731
        with progress_bar(sys.stderr, total) as tick:  # closed before the summary, so the bar does not garble it
            summary = ledger.ingest(
                args.paths,
                batch_size=args.batch_size,
                report=failures.report,
                progress=tick,
                fetch_pages=args.fetch_pages,
                extractor=confident_extractor(args.min_confidence),
            )
        total = counts(ledger.engine)
        out.write(
            f"{summary.line()}\nledger: {total['articles']} articles, {total['stories']} stories, "
            f"{total['commitments']} commitments, {total['checks']} checks\n"
        )
    return EXIT_FAILURES if failures.count else EXIT_OK


def run_commitments(args: argparse.Namespace, out: TextIO) -> int:
    from pledgewatch import filters
    from pledgewatch.ledger import Ledger, render

    try:
        actor, recipient = filters.actor(args.actor), filters.actor(args.recipient, "recipient")
    except filters.BadFilter as err:
        return _usage(err)
    failures = _Failures()
    with _ledger_errors(failures), Ledger(args.db, create=False) as ledger:
        found = ledger.commitments(
            actor=actor, kind=args.kind, status=args.status, recipient=recipient, since=args.since
        )
        render.commitments(found, args.format, out, ledger.source_urls() if args.format != "table" else None)
    return EXIT_FAILURES if failures.count else EXIT_OK


def run_history(actor: str, kind: str | None, fmt: str, db: str | None, out: TextIO) -> int:
    from pledgewatch import filters
    from pledgewatch.ledger import Ledger, render

    try:
        code = filters.actor(actor) or ""
    except filters.BadFilter as err:
        return _usage(err)
    if not code:
        return _usage(filters.BadFilter("ACTOR is empty: give a code, name or demonym (CAN, Canada)"))
    failures = _Failures()
    with _ledger_errors(failures), Ledger(db, create=False) as ledger:
        found = ledger.history(code, kind)
        disputes = [c for c in ledger.checks(code="status_disagreement") if dict(c.detail).get("commitment")]
        urls = ledger.source_urls() if fmt == "jsonl" else None
        render.history(found, fmt, out, urls, checks=disputes, who=code)
    return EXIT_FAILURES if failures.count else EXIT_OK


def run_checks(code: str | None, article: str | None, fmt: str, db: str | None, out: TextIO) -> int:
    from pledgewatch import filters
    from pledgewatch.ledger import Ledger, render

    failures = _Failures()
    with _ledger_errors(failures), Ledger(db, create=False) as ledger:
        try:
            code = filters.check_code(code, ledger.check_codes())
        except filters.BadFilter as err:
            return _usage(err)
        render.checks(ledger.checks(code=code, article=article), fmt, out)
    return EXIT_FAILURES if failures.count else EXIT_OK


def run_export(fmt: str, output: str, what: str, db: str | None, out: TextIO) -> int:
    from pledgewatch.ledger import Ledger

    failures = _Failures()
    with _ledger_errors(failures), Ledger(db, create=False) as ledger:
        n = ledger.export(fmt, output, what)
        out.write(f"wrote {n} {what} to {output}\n")
    return EXIT_FAILURES if failures.count else EXIT_OK


def _usage(err: Exception) -> int:
    """A filter that names nothing: one line, and the usage exit status (as argparse gives)."""
    print(f"pledgewatch: {err}", file=sys.stderr)
    return EXIT_USAGE


@contextlib.contextmanager
def _ledger_errors(failures: _Failures) -> Iterator[None]:
    """Database and export problems the user can act on: one line, then the command stops."""
    from sqlalchemy.exc import SQLAlchemyError

    from pledgewatch.ledger import ExportError, LedgerError
    from pledgewatch.ledger.db import first_line

    try:
        yield
    except (LedgerError, ExportError) as err:
        failures.report(str(err))
    except SQLAlchemyError as err:
        failures.report(f"database error: {first_line(err)}")


def _run_ledger_command(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "ingest":
        return run_ingest(args, out)
    if args.command == "commitments":
        return run_commitments(args, out)
    if args.command == "history":
        return run_history(args.actor, args.kind, args.format, args.db, out)
    if args.command == "checks":
        return run_checks(args.code, args.article, args.format, args.db, out)
    return run_export(args.format, args.output, args.what, args.db, out)


def _run_view_command(args: argparse.Namespace) -> int:
    failures = _Failures()
    with _ledger_errors(failures):
        if args.command == "report":
            return run_report(args, sys.stdout, failures.report)
        return run_serve(args)
    return EXIT_FAILURES


def main(argv: Iterable[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "extract" and args.dask is not None:
            failures = _Failures()
            code = run_dask_extract(args, _articles(args.paths, failures, args), failures.report)
            return code if code or not failures.count else EXIT_FAILURES
        if args.command == "watch":
            return run_watch(args, _Failures().report)
        if args.command == "extract":
            if args.output:
                try:
                    with open(args.output, "w", encoding="utf-8") as out:
                        return run_extract(args.paths, args.format, out, args)
                except OSError as err:
                    print(f"pledgewatch: {args.output}: cannot write: {err.strerror}", file=sys.stderr)
                    return EXIT_FAILURES
            return run_extract(args.paths, args.format, sys.stdout, args)
        if args.command in ("ingest", "commitments", "history", "checks", "export"):
            return _run_ledger_command(args)
        if args.command in ("report", "serve"):
            return _run_view_command(args)
        if args.command in ("reviewer", "review", "search"):
            failures = _Failures()
            code = EXIT_FAILURES
            with _ledger_errors(failures):
                code = run_review_command(args, sys.stdout, failures.report)
            return code
    except KeyboardInterrupt:
        print("pledgewatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        from pledgewatch.reading.pipeline import ModelMissingError

        if isinstance(err, ModelMissingError):
            print(f"pledgewatch: {err}", file=sys.stderr)
        else:
            print(f"pledgewatch: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_FAILURES
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
