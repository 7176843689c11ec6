"""How the ledger's commands print: a table for people, JSONL and CSV for programs.

Tables go through rich and are plain text when the output is not a terminal; JSONL and CSV rows
reuse the export's versioned columns, so a script written against one reads the other.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pledgewatch.ledger.export import COMMITMENT_COLUMNS, commitment_row
from pledgewatch.ledger.merge import Commitment
from pledgewatch.model import Amount, Check
from pledgewatch.names import label
from pledgewatch.status_marks import TERMINAL_STYLE


def _console(out: TextIO) -> Console:
    """The terminal's width on a terminal or where $COLUMNS says; 200 columns into a file or pipe."""
    return Console(file=out, width=None if out.isatty() or os.environ.get("COLUMNS") else 200, highlight=False)


def amount_text(amount: Amount | None) -> str:
    if amount is None:
        return ""
    figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


def _status(status: str) -> str:
    return f"[{TERMINAL_STYLE.get(status, '')}]{status}[/]"


def commitments(items: Sequence[Commitment], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for c in items:
            row = commitment_row(c)
            row["running_total"] = c.running_total
            row["sources"] = [
                {
                    "article": s.article,
                    "outlet": s.outlet,
                    "published": s.published,
                    "status": str(s.status),
                    "role": s.role,
                    "amount": s.amount.to_json() if s.amount else None,
                }
                for s in c.sources
            ]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        names = [name for name, _ in COMMITMENT_COLUMNS]
        writer = csv.writer(out)
        writer.writerow(names)
        for c in items:
            row = commitment_row(c)
            writer.writerow(
                [json.dumps(row[n], ensure_ascii=False) if isinstance(row[n], list) else _cell(row[n]) for n in names]
            )
        return
    table = Table(title=f"{len(items)} commitments")
    for name in ("actor", "kind", "to", "amount", "USD", "status", "first seen", "last seen", "stories", "articles"):
        table.add_column(name, overflow="fold", justify="right" if name in ("USD", "stories", "articles") else "left")
    for c in items:
        table.add_row(
            escape(label(c.actor)),
            c.kind,
            escape(label(c.recipient)),
            amount_text(c.amount) + (" (running total)" if c.running_total else ""),
            f"{c.amount_usd:,.0f}" if c.amount_usd is not None else "",
            _status(str(c.status)),
            c.first_seen or "",
            c.last_seen or "",
            str(c.story_count),
            str(len(c.articles)),
        )
    _console(out).print(table)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def history(
    items: Sequence[Commitment],
    fmt: str,
    out: TextIO,
    *,
    checks: Sequence[Check] = (),
    who: str | None = None,
) -> None:
    """Each commitment with its status changes and the articles that reported each.

    Sources that disagree with a step (same day, or a status there and back within two weeks)
    are the commitment's `status_disagreement` check, printed under it, not a change of status.
    """
    if fmt == "jsonl":
        commitments(items, "jsonl", out)
        return
    console = _console(out)
    flagged = {dict(k.detail).get("commitment"): k for k in checks}
    for c in items:
        to = f" -> {escape(label(c.recipient))}" if c.recipient else ""
        figure = f" {amount_text(c.amount)}" if c.amount else ""
        tally = " (running total)" if c.running_total else ""
        console.print(
            f"[bold]{escape(label(c.actor))} {c.kind}{to}{figure}{tally}[/]  now {_status(str(c.status))}  "
            f"({escape(c.key)})"
        )
        for change in c.history:
            when = change.since or "undated"
            console.print(f"  {when:<10}  {_status(str(change.status))}  {escape(', '.join(change.articles))}")
        if c.key in flagged:
            console.print(f"  [yellow]check[/]       {escape(flagged[c.key].message)}")
    if not items:
        console.print(f"no commitments by {escape(label(who))}" if who else "no commitments")


def checks(items: Sequence[Check], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for c in items:
            out.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(["code", "article", "message", "detail"])
        for c in items:
            writer.writerow([c.code, c.article or "", c.message, json.dumps(dict(c.detail), ensure_ascii=False)])
        return
    table = Table(title=f"{len(items)} checks")
    for name in ("code", "article", "message"):
        table.add_column(name, overflow="fold")
    for c in items:
        table.add_row(c.code, escape(c.article or ""), escape(c.message))
    _console(out).print(table)


__all__ = ["checks", "commitments", "history"]
