"""The `reviewer`, `review` and `search` subcommands: parsers and run functions over review and search.

Kept out of cli.py so review can grow without touching the extraction and ledger commands. Changing
a record needs a reviewer's token (`--token`, else $PLEDGEWATCH_REVIEW_TOKEN): the audit trail names
who did what, and a token is how the ledger knows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from pledgewatch.model import Kind, Status
from pledgewatch.terminal_text import clean

DB_HELP = "database URL (default: $PLEDGEWATCH_DB, else sqlite:///pledgewatch.db in the working directory)"
TOKEN_ENV = "PLEDGEWATCH_REVIEW_TOKEN"
EXIT_OK, EXIT_FAILURES, EXIT_REFUSED = 0, 1, 2
Report = Callable[[str], None]


def add_review_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rev = sub.add_parser("reviewer", help="add, list or remove the people who may review records")
    rsub = rev.add_subparsers(dest="reviewer_command", required=True)
    add = rsub.add_parser("add", help="register a reviewer and print their new token (shown only this once)")
    add.add_argument("name", metavar="NAME")
    rem = rsub.add_parser("remove", help="revoke a reviewer's token (their past reviews stay, signed)")
    rem.add_argument("name", metavar="NAME")
    lst = rsub.add_parser("list", help="list reviewers")
    for p in (add, rem, lst):  # on the subcommands only: argparse would let theirs override the parent's
        p.add_argument("--db", metavar="URL", help=DB_HELP)

    review = sub.add_parser("review", help="confirm, correct, reject or add records; the queue and the audit trail")
    vsub = review.add_subparsers(dest="review_command", required=True)
    queue = vsub.add_parser("queue", help="records nobody reviewed yet, those most in need first")
    queue.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    queue.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format")
    show = vsub.add_parser("show", help="a record as the reader read it, as shown now, and its audit trail")
    show.add_argument("record", type=int, metavar="RECORD", help="the record's number (from the queue)")
    log = vsub.add_parser("log", help="the audit trail, newest first (of one record when given)")
    log.add_argument("record", type=int, nargs="?", metavar="RECORD")
    log.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format")
    for name, what in (("confirm", "the record is right"), ("reject", "no such position"), ("undo", "undo a change")):
        p = vsub.add_parser(name, help=f"{name} a record: {what}")
        p.add_argument("record", type=int, metavar="RECORD")
    correct = vsub.add_parser("correct", help="set fields of a record; the others keep the reader's values")
    correct.add_argument("record", type=int, metavar="RECORD")
    _field_options(correct)
    added = vsub.add_parser("add", help="add a record the reader missed, with its evidence sentence")
    added.add_argument("article", metavar="ARTICLE", help="the article's id or number")
    added.add_argument("--evidence", required=True, metavar="TEXT", help="the sentence that states it, verbatim")
    _field_options(added)
    for p in (queue, show, log, correct, added, *(vsub.choices[n] for n in ("confirm", "reject", "undo"))):
        p.add_argument("--db", metavar="URL", help=DB_HELP)
    for p in (correct, added, *(vsub.choices[n] for n in ("confirm", "reject", "undo"))):
        p.add_argument("--why", metavar="TEXT", help="the reason, kept in the audit trail")
        p.add_argument("--token", metavar="TOKEN", help=f"your reviewer token (default: ${TOKEN_ENV})")

    search = sub.add_parser("search", help="word search over articles or records, ranked, with the matching sentence")
    search.add_argument("words", nargs="+", metavar="WORD")
    search.add_argument("--what", choices=("articles", "records"), default="articles", help="what to search")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="how many results (default 20)")
    search.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format")
    search.add_argument("--db", metavar="URL", help=DB_HELP)


def _field_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", metavar="ID", help="who takes the position (ISO alpha-3 or NATO, EU, ...)")
    p.add_argument("--kind", choices=[str(k) for k in Kind])
    p.add_argument("--status", choices=[str(s) for s in Status])
    p.add_argument("--recipient", metavar="ID", help="who it is for; 'none' for nobody")
    p.add_argument("--amount", metavar="'VALUE UNIT'", help="e.g. '2000000000 CAD' or '300 troops'; 'none' for none")
    p.add_argument("--approx", choices=("yes", "no"), help="the amount is approximate")
    p.add_argument("--condition", metavar="TEXT", help="the stated condition; 'none' for none")
    p.add_argument("--target-year", metavar="YEAR", help="the year a target is for; 'none' for none")
    p.add_argument("--since-year", metavar="YEAR", help="start year of an ongoing effort; 'none' for none")
    p.add_argument("--running-total", choices=("yes", "no"), help="a running total, never added to packages")


def fields_from(args: argparse.Namespace) -> dict[str, Any]:
    """The fields given on the command line; 'none' clears one. Values are checked by `review.validate`."""
    from pledgewatch.ledger.review import ReviewError

    out: dict[str, Any] = {}
    for option, name in (
        ("actor", "actor"),
        ("kind", "kind"),
        ("status", "status"),
        ("recipient", "recipient"),
        ("condition", "condition"),
        ("target_year", "target_year"),
        ("since_year", "since_year"),
        ("running_total", "running_total"),
        ("approx", "amount_approx"),
    ):
        value = getattr(args, option)
        if value is not None:
            out[name] = "" if value.lower() == "none" else value
    if args.amount is not None:
        if args.amount.strip().lower() == "none":
            out["amount_value"] = ""
        else:
            value, _, unit = args.amount.strip().partition(" ")
            if not unit.strip():
                raise ReviewError(f"--amount {args.amount!r}: give a value and a unit, e.g. '2000000000 CAD'")
            out.update(amount_value=value, amount_unit=unit.strip())
            out.setdefault("amount_approx", "no")
    return out


def run_review_command(args: argparse.Namespace, out: TextIO, report: Report) -> int:
    """Run `reviewer`, `review` or `search`; problems are one line through `report`."""
    from pledgewatch.ledger import Ledger
    from pledgewatch.ledger.review import ReviewError
    from pledgewatch.ledger.search import SearchError

    create = args.command == "reviewer" and args.reviewer_command == "add"
    try:
        with Ledger(args.db, create=create) as ledger:
            if args.command == "reviewer":
                return _reviewer(ledger, args, out)
            if args.command == "search":
                return _search(ledger, args, out)
            return _review(ledger, args, out, report)
    except (ReviewError, SearchError) as err:
        report(str(err))
        return EXIT_FAILURES


def _reviewer(ledger: Any, args: argparse.Namespace, out: TextIO) -> int:
    from pledgewatch.ledger import review

    if args.reviewer_command == "add":
        token = review.add_reviewer(ledger.engine, args.name)
        out.write(f"{token}\n")
        print(
            f"pledgewatch: reviewer {args.name!r} added; the token above is shown only now (it is stored hashed)",
            file=sys.stderr,
        )
    elif args.reviewer_command == "remove":
        review.remove_reviewer(ledger.engine, args.name)
        out.write(f"removed {args.name}\n")
    else:
        for name, created in review.reviewers(ledger.engine):
            out.write(f"{name}\t{created:%Y-%m-%d}\n")
    return EXIT_OK


def _review(ledger: Any, args: argparse.Namespace, out: TextIO, report: Report) -> int:
    command = args.review_command
    if command == "queue":
        items = ledger.review_queue(max(1, args.limit))
        for i in items:
            if args.format == "jsonl":
                out.write(json.dumps({**i.__dict__, "reasons": list(i.reasons)}, ensure_ascii=False) + "\n")
            else:
                amount = f"{i.amount_value:,.0f} {i.amount_unit}" if i.amount_value is not None else ""
                _print(
                    out,
                    f"{i.record_id:>6}  {i.score:4.2f}  {i.actor:<5} {i.kind:<16} {i.status:<11} "
                    f"{(i.recipient or ''):<5} {amount:>20}  {'; '.join(i.reasons)}\n"
                    f"        {_clip(i.evidence, 110)}",
                )
        return EXIT_OK
    if command == "show":
        state = ledger.record_state(args.record)
        _print(out, f"record {state.record_id} of article {state.article} ({state.extractor_version})")
        _print(out, f"decision: {state.action or 'not reviewed'}\nevidence: {state.evidence}")
        for name, value in state.reader.items():
            shown = "(rejected)" if state.shown is None else state.shown[name]
            mark = "  <- corrected" if state.shown is not None and shown != value else ""
            _print(out, f"  {name:<14} {value!s:<24} {shown!s}{mark}")
        _log(ledger.review_log_rows(args.record), "table", out)
        return EXIT_OK
    if command == "log":
        _log(ledger.review_log_rows(args.record), args.format, out)
        return EXIT_OK
    token = args.token or os.environ.get(TOKEN_ENV)
    reviewer = ledger.reviewer(token)
    if reviewer is None:
        why = "is unknown" if token else "is required"
        report(f"a reviewer's token {why}: give --token or ${TOKEN_ENV} (`pledgewatch reviewer add NAME` makes one)")
        return EXIT_REFUSED
    if command == "undo":
        state = ledger.undo(args.record, reviewer, args.why)
    elif command in ("confirm", "reject"):
        state = ledger.review(args.record, command, reviewer, args.why)
    elif command == "correct":
        state = ledger.review(args.record, "correct", reviewer, args.why, fields_from(args))
    else:
        state = ledger.add_record(args.article, fields_from(args), args.evidence, reviewer, args.why)
    shown = state.shown or state.reader
    _print(
        out,
        f"record {state.record_id}: {state.action or 'not reviewed'} · {shown['actor']} {shown['kind']} "
        f"{shown['status']} {shown['recipient'] or ''}".replace("  ", " "),
    )
    return EXIT_OK


def _log(entries: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    for e in entries:
        if fmt == "jsonl":
            out.write(json.dumps({**e, "at": e["at"].isoformat()}, ensure_ascii=False, default=str) + "\n")
            continue
        before = _brief(e["before"])
        after = _brief(e["after"]) if e["after"] is not None else "rejected"
        reason = f"  why: {e['reason']}" if e["reason"] else ""
        _print(out, f"{e['at']:%Y-%m-%d %H:%M:%S}  {e['reviewer']:<12} {e['action']:<8} {before} -> {after}{reason}")


def _brief(r: dict[str, Any] | None) -> str:
    if not r:
        return "none"
    amount = f" {r['amount_value']:,.0f} {r['amount_unit']}" if r.get("amount_value") is not None else ""
    return f"{r['actor']} {r['kind']} {r['status']}{' ' + r['recipient'] if r.get('recipient') else ''}{amount}"


def _search(ledger: Any, args: argparse.Namespace, out: TextIO) -> int:
    results = ledger.search(" ".join(args.words), args.what, max(1, args.limit))
    for h in results.hits:
        sentence = "".join(f"[{s}]" if marked else s for s, marked in h.sentence)
        if args.format == "jsonl":
            row = {
                "article": h.article_id,
                "title": h.title,
                "published": h.published,
                "rank": h.rank,
                "record_id": h.record_id,
                "record": h.record,
                "sentence": h.sentence_text,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        head = f"{h.article_id}  {h.published or 'undated'}  {_clip(h.title or '', 70)}"
        if h.record:
            head += f"  | {h.record['actor']} {h.record['kind']} {h.record['status']} (record {h.record_id})"
        _print(out, f"{head}\n    {_clip(sentence, 200)}")
    if args.format == "table":
        out.write(f"{results.total} {args.what} match every word\n")
    return EXIT_OK


def _print(out: TextIO, text: str) -> None:
    """Lines of a table: news (evidence, titles, ids, reasons) shown literally, never obeyed by the terminal.

    Each line goes through `terminal_text.clean`, as every terminal view's values do: escape
    sequences and control characters are dropped, the line breaks between lines kept.
    """
    out.write("".join(clean(line) + "\n" for line in text.split("\n")))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["TOKEN_ENV", "add_review_parsers", "fields_from", "run_review_command"]
