"""The `--format table` view of extracted records: one row a record, readable in a terminal."""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from pledgewatch.model import Amount, Article, Record
from pledgewatch.status_marks import TERMINAL_STYLE

MAX_WIDTH = 120


def format_amount(amount: Amount | None) -> str:
    if amount is None:
        return ""
    if amount.low is not None and amount.high is not None:
        figure = f"{amount.low:,.0f}-{amount.high:,.0f}"
    else:
        figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


def print_table(rows: list[tuple[Article, Record]], out: TextIO) -> None:
    """One row a record in at most 120 columns: the evidence keeps a readable width, the rest wraps."""
    table = Table(title=f"{len(rows)} records", box=box.SIMPLE_HEAD, expand=False, padding=(0, 1))
    table.add_column("article #", overflow="fold", max_width=18)
    table.add_column("actor", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("to", no_wrap=True)
    table.add_column("amount, year", overflow="fold", max_width=16)
    table.add_column("evidence", overflow="fold", min_width=30)
    index: dict[str, int] = {}
    for article, record in rows:
        n = index.get(article.id, 0)
        index[article.id] = n + 1
        year = record.target_year or (f"since {record.since_year}" if record.since_year else "")
        part = f" (part of #{record.part_of})" if record.part_of is not None else ""
        table.add_row(
            f"{article.id[:28]} #{n}",
            record.actor,
            str(record.kind),
            f"[{TERMINAL_STYLE[str(record.status)]}]{record.status}[/]",
            record.recipient or "",
            ", ".join(x for x in (format_amount(record.amount) + part, str(year)) if x),
            record.evidence,
        )
    Console(file=out, width=_width(out)).print(table)


def _width(out: TextIO) -> int:
    """At most 120 columns (`make demo` fits a common terminal), fewer where the terminal or $COLUMNS says."""
    if out.isatty():
        return min(shutil.get_terminal_size().columns, MAX_WIDTH)
    columns = os.environ.get("COLUMNS", "")
    return min(int(columns), MAX_WIDTH) if columns.isdigit() and int(columns) > 0 else MAX_WIDTH
