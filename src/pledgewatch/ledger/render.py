"""How the ledger's commands print: a table for people, JSONL and CSV for programs.

Tables go through rich and are plain text when the output is not a terminal; every value from the
news in them goes through `terminal_text.safe` (markup shown literally, escape sequences dropped).
JSONL and CSV rows reuse the export's versioned columns, so a script written against one reads the
other; CSV cells are guarded against spreadsheet formulas (`spreadsheet`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from pledgewatch.ledger import spreadsheet
from pledgewatch.ledger.export import COMMITMENT_COLUMNS, commitment_row
from pledgewatch.ledger.merge import Commitment
from pledgewatch.model import Amount, Check
from pledgewatch.report_table import STATUS_STYLE
from pledgewatch.terminal_text import safe


def _console(out: TextIO) -> Console:
    return Console(file=out, width=None if out.isatty() else 200, highlight=False)


def amount_text(amount: Amount | None) -> str:
    if amount is None:
        return ""
    figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


def _status(status: str) -> str:
    return f"[{STATUS_STYLE.get(status, '')}]{safe(status)}[/]"


def commitments(items: Sequence[Commitment], fmt: str, out: TextIO, urls: Mapping[int, str] | None = None) -> None:
    """`urls` (record id -> article URL) fills the `urls` column of JSONL and CSV."""
    if fmt == "jsonl":
        for c in items:
            row = commitment_row(c, urls)
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
        kinds = [kind for _, kind in COMMITMENT_COLUMNS]
        rows = (commitment_row(c, urls) for c in items)
        spreadsheet.write(out, names, ([row[n] for n in names] for row in rows), kinds)
        return
    table = Table(title=f"{len(items)} commitments")
    for name in ("actor", "kind", "to", "amount", "USD", "status", "first seen", "last seen", "stories", "articles"):
        table.add_column(name, overflow="fold", justify="right" if name in ("USD", "stories", "articles") else "left")
    for c in items:
        table.add_row(
            safe(c.actor),
            safe(c.kind),
            safe(c.recipient or ""),
            safe(amount_text(c.amount)),
            f"{c.amount_usd:,.0f}" if c.amount_usd is not None else "",
            _status(str(c.status)),
            safe(c.first_seen or ""),
            safe(c.last_seen or ""),
            str(c.story_count),
            str(len(c.articles)),
        )
    _console(out).print(table)


def history(items: Sequence[Commitment], fmt: str, out: TextIO, urls: Mapping[int, str] | None = None) -> None:
    """Each commitment with its status changes and the articles that reported each."""
    if fmt == "jsonl":
        commitments(items, "jsonl", out, urls)
        return
    console = _console(out)
    for c in items:
        to = f" -> {c.recipient}" if c.recipient else ""
        figure = f" {amount_text(c.amount)}" if c.amount else ""
        head = safe(f"{c.actor} {c.kind}{to}{figure}")
        console.print(f"[bold]{head}[/]  now {_status(str(c.status))}  ({safe(c.key)})")
        for change in c.history:
            when = safe(change.since or "undated")
            console.print(f"  {when:<10}  {_status(str(change.status))}  {safe(', '.join(change.articles))}")
    if not items:
        console.print("no commitments")


def checks(items: Sequence[Check], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for c in items:
            out.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        rows = ([c.code, c.article, c.message, dict(c.detail)] for c in items)
        spreadsheet.write(out, ["code", "article", "message", "detail"], rows, ["string", "string", "string", "json"])
        return
    table = Table(title=f"{len(items)} checks")
    for name in ("code", "article", "message"):
        table.add_column(name, overflow="fold")
    for c in items:
        table.add_row(safe(c.code), safe(c.article or ""), safe(c.message))
    _console(out).print(table)


__all__ = ["checks", "commitments", "history"]
