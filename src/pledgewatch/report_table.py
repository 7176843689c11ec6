"""The `--format table` view of extracted records: one row a record, readable in a terminal."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from pledgewatch.model import Amount, Article, Record
from pledgewatch.status_marks import TERMINAL_STYLE
from pledgewatch.terminal_text import safe

MAX_WIDTH = 120


def format_amount(amount: Amount | None) -> str:
    if amount is None:
        return ""
    if amount.low is not None and amount.high is not None:
        figure = f"{amount.low:,.0f}-{amount.high:,.0f}"
    else:
        figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


#: Column widths of the streamed table; the evidence takes what is left of the width.
WIDTHS = {"article": 16, "#": 2, "actor": 5, "kind": 15, "status": 11, "to": 3, "amount": 16, "year": 10}


class TableWriter:
    """The records as a table, printed an article at a time as they are extracted.

    Rich sizes a table from all its rows, which meant holding every record of a run in memory
    before printing the first line. Here the columns have fixed widths and each article's rows are
    printed as one headerless slice of the same table, so memory stays flat however long the input
    and rows appear while the run goes on. It is at most 120 columns wide (`make demo` fits a
    common terminal), fewer where the terminal or $COLUMNS says. News text goes through
    `terminal_text.safe`: markup is shown literally and escape sequences never reach the terminal.
    """

    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, width=_width(out), highlight=False)
        fixed = sum(WIDTHS.values()) + len(WIDTHS)  # one space between columns
        self.evidence = max(30, self.console.width - fixed)
        self.count = 0

    def _table(self, header: bool) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, show_header=header, padding=(0, 0))
        for name, width in WIDTHS.items():
            table.add_column(name, overflow="fold", width=width, no_wrap=False)
        table.add_column("evidence", overflow="fold", width=self.evidence)
        return table

    def add(self, article: Article, records: Iterable[Record]) -> None:
        table = self._table(header=self.count == 0)
        for n, record in enumerate(records):
            year = record.target_year or (f"since {record.since_year}" if record.since_year else "")
            part = f" (part of #{record.part_of})" if record.part_of is not None else ""
            table.add_row(
                safe(article.id),
                str(n),
                safe(record.actor),
                safe(record.kind),
                f"[{TERMINAL_STYLE.get(str(record.status), '')}]{safe(record.status)}[/]",
                safe(record.recipient or ""),
                safe(format_amount(record.amount) + part),
                safe(year),
                safe(record.evidence),
            )
        if table.row_count:
            self.console.print(table)
            self.count += table.row_count

    def close(self) -> None:
        self.console.print(f"{self.count} records")


def print_table(rows: Iterable[tuple[Article, Record]], out: TextIO) -> None:
    """All `rows` as one table (rows of one article next to each other are printed together)."""
    writer = TableWriter(out)
    batch: list[Record] = []
    current: Article | None = None
    for article, record in rows:
        if current is not None and article is not current:
            writer.add(current, batch)
            batch = []
        current = article
        batch.append(record)
    if current is not None:
        writer.add(current, batch)
    writer.close()


def _width(out: TextIO) -> int:
    """At most 120 columns (`make demo` fits a common terminal), fewer where the terminal or $COLUMNS says."""
    if out.isatty():
        return min(shutil.get_terminal_size().columns, MAX_WIDTH)
    columns = os.environ.get("COLUMNS", "")
    return min(int(columns), MAX_WIDTH) if columns.isdigit() and int(columns) > 0 else MAX_WIDTH
