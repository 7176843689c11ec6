"""The `--format table` view of extracted records: one row a record, readable in a terminal."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from pledgewatch.model import Amount, Article, Record
from pledgewatch.status_marks import TERMINAL_STYLE


def format_amount(amount: Amount | None) -> str:
    if amount is None:
        return ""
    if amount.low is not None and amount.high is not None:
        figure = f"{amount.low:,.0f}-{amount.high:,.0f}"
    else:
        figure = f"{amount.value:,.0f}" if float(amount.value).is_integer() else f"{amount.value:,}"
    return f"{'~' if amount.approx else ''}{figure} {amount.unit}"


def print_table(rows: list[tuple[Article, Record]], out: TextIO) -> None:
    table = Table(title=f"{len(rows)} records", show_lines=False, expand=False)
    for name in ("article", "#", "actor", "kind", "status", "to", "amount", "year", "evidence"):
        table.add_column(name, overflow="fold", max_width=60 if name == "evidence" else None)
    index: dict[str, int] = {}
    for article, record in rows:
        n = index.get(article.id, 0)
        index[article.id] = n + 1
        year = record.target_year or (f"since {record.since_year}" if record.since_year else "")
        part = f" (part of #{record.part_of})" if record.part_of is not None else ""
        table.add_row(
            article.id[:28],
            str(n),
            record.actor,
            str(record.kind),
            f"[{TERMINAL_STYLE[str(record.status)]}]{record.status}[/]",
            record.recipient or "",
            format_amount(record.amount) + part,
            str(year),
            record.evidence,
        )
    Console(file=out, width=200 if not out.isatty() else None).print(table)
