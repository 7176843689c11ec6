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
from dataclasses import replace
from datetime import date
from typing import TextIO

from pledgewatch.model import Article, Record

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
    return parser


class _Failures:
    """Counts failed inputs while the stream goes on; each is reported on one stderr line."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        print(f"pledgewatch: {message}", file=sys.stderr)


def _articles(paths: list[str], failures: _Failures) -> Iterator[Article]:
    from pledgewatch.sources import SourceError, read_paths

    for item in read_paths(paths):
        if isinstance(item, SourceError):
            failures.report(str(item))
        else:
            yield item


def with_usd(record: Record, published: str | None) -> Record:
    """Fill amount_usd for money amounts, at the article's date."""
    from pledgewatch.fx import to_usd

    amount = record.amount
    if amount is None or len(amount.unit) != 3 or not amount.unit.isupper():
        return record
    day = None
    if published:
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(published[:10])
    usd = to_usd(amount.value, amount.unit, day)
    return replace(record, amount_usd=round(usd, 2) if usd is not None else None)


def run_extract(paths: list[str], fmt: str, out: TextIO) -> int:
    from pledgewatch.extract import extract_many

    failures = _Failures()
    rows: list[tuple[Article, Record]] = []
    for article, records in extract_many(_articles(paths, failures)):
        for record in records:
            record = with_usd(record, article.published)
            if fmt == "jsonl":
                out.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
            else:
                rows.append((article, record))
    if fmt == "table":
        from pledgewatch.report_table import print_table

        print_table(rows, out)
    return EXIT_FAILURES if failures.count else EXIT_OK


def main(argv: Iterable[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "extract":
            if args.output:
                try:
                    with open(args.output, "w", encoding="utf-8") as out:
                        return run_extract(args.paths, args.format, out)
                except OSError as err:
                    print(f"pledgewatch: {args.output}: cannot write: {err.strerror}", file=sys.stderr)
                    return EXIT_FAILURES
            return run_extract(args.paths, args.format, sys.stdout)
    except KeyboardInterrupt:
        print("pledgewatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        from pledgewatch.nlp import ModelMissingError

        if isinstance(err, ModelMissingError):
            print(f"pledgewatch: {err}", file=sys.stderr)
        else:
            print(f"pledgewatch: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_FAILURES
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
