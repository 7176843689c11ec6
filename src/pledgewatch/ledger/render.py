"""How the ledger's commands print: a table for people, JSONL and CSV for programs.

Tables go through rich and are plain text when the output is not a terminal; every value from the
news in them goes through `terminal_text.safe` (markup shown literally, escape sequences dropped).
JSONL and CSV rows reuse the export's versioned columns, so a script written against one reads the
other; CSV cells are guarded against spreadsheet formulas (`spreadsheet`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from pledgewatch.ledger import spreadsheet
from pledgewatch.ledger.export import COMMITMENT_COLUMNS, commitment_row
from pledgewatch.ledger.merge import Commitment
from pledgewatch.model import Amount, Check
from pledgewatch.names import label
from pledgewatch.status_marks import TERMINAL_STYLE
from pledgewatch.terminal_text import safe


def _console(out: TextIO) -> Console:
    """The terminal's width on a terminal or where $COLUMNS says; 200 columns into a file or pipe."""
    return Console(file=out, width=None if out.isatty() or os.environ.get("COLUMNS") else 200, highlight=False)


def amount_text(amount: Amount | None) -> str:
    if amount is None:
        return ""
    figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


def _status(status: str) -> str:
    return f"[{TERMINAL_STYLE.get(status, '')}]{safe(status)}[/]"


def commitments(items: Sequence[Commitment], fmt: str, out: TextIO, urls: Mapping[int, str] | None = None) -> None:
    """`urls` (record id -> article URL) fills the `urls` column of JSONL and CSV."""
    if fmt == "jsonl":
        for c in items:
            row = commitment_row(c, urls)
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
        kinds = [kind for _, kind in COMMITMENT_COLUMNS]
        rows = (commitment_row(c, urls) for c in items)
        spreadsheet.write(out, names, ([row[n] for n in names] for row in rows), kinds)
        return
    table = Table(title=f"{len(items)} commitments")
    for name in ("actor", "kind", "to", "amount", "USD", "status", "first seen", "last seen", "stories", "articles"):
        table.add_column(name, overflow="fold", justify="right" if name in ("USD", "stories", "articles") else "left")
    for c in items:
        table.add_row(
            safe(label(c.actor)),
            safe(c.kind),
            safe(label(c.recipient)),
            safe(amount_text(c.amount) + (" (running total)" if c.running_total else "")),
            f"{c.amount_usd:,.0f}" if c.amount_usd is not None else "",
            _status(str(c.status)),
            safe(c.first_seen or ""),
            safe(c.last_seen or ""),
            str(c.story_count),
            str(len(c.articles)),
        )
    _console(out).print(table)


def history(
    items: Sequence[Commitment],
    fmt: str,
    out: TextIO,
    urls: Mapping[int, str] | None = None,
    *,
    checks: Sequence[Check] = (),
    who: str | None = None,
) -> None:
    """Each commitment with its status changes and the articles that reported each.

    Sources that disagree with a step (same day, or a status there and back within two weeks)
    are the commitment's `status_disagreement` check, printed under it, not a change of status.
    """
    if fmt == "jsonl":
        commitments(items, "jsonl", out, urls)
        return
    console = _console(out)
    flagged = {dict(k.detail).get("commitment"): k for k in checks}
    for c in items:
        to = f" -> {safe(label(c.recipient))}" if c.recipient else ""
        figure = f" {amount_text(c.amount)}" if c.amount else ""
        tally = " (running total)" if c.running_total else ""
        head = safe(f"{label(c.actor)} {c.kind}") + to + safe(f"{figure}{tally}")
        console.print(f"[bold]{head}[/]  now {_status(str(c.status))}  ({safe(c.key)})")
        for change in c.history:
            when = safe(change.since or "undated")
            console.print(f"  {when:<10}  {_status(str(change.status))}  {safe(', '.join(change.articles))}")
        if c.key in flagged:
            console.print(f"  [yellow]check[/]       {safe(flagged[c.key].message)}")
    if not items:
        console.print(f"no commitments by {safe(label(who))}" if who else "no commitments")


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
