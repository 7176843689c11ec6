"""The report on a terminal: matrix, aid totals, latest changes and open checks, through rich.

Text from the news (check messages, article ids) goes through `rich.markup.escape`, so a bracket in
a headline is printed, not read as a style.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pledgewatch.report.data import Cell, View, money
from pledgewatch.status_marks import COLOURS, SHORT, SYMBOLS, status_label


def _console(out: TextIO) -> Console:
    return Console(file=out, width=None if out.isatty() else 200, highlight=False)


def _cell(status: str, count: int, recipient: str | None = None, short: bool = False) -> Text:
    word = SHORT.get(status, status) if short else status_label(status)
    text = Text()
    if recipient is not None:
        text.append(f"{recipient or '-'}: ", style="dim")
    text.append(f"{SYMBOLS.get(status, '·')} {word}", style=COLOURS.get(status, ""))
    if count > 1:
        text.append(f" +{count - 1}", style="dim")
    return text


def _matrix_cell(cell: Cell) -> Text:
    """One line per recipient; the recipient is named only when the cell has several."""
    if cell.single_recipient:
        return _cell(cell.status, len(cell.commitments), short=True)
    return Text("\n").join(_cell(e.status, e.count, e.recipient or "", short=True) for e in cell.entries)


def render(view: View, out: TextIO, *, title: str = "Coalition commitments") -> None:
    console = _console(out)
    console.print(f"[bold]{escape(title)}: {len(view.commitments)} commitments[/]")
    matrix = Table()
    matrix.add_column("actor", style="bold")
    for kind in view.kinds:
        matrix.add_column(kind.replace("_", "\n"), overflow="fold", min_width=9)
    for actor in view.actors:
        row: list[Text | str] = [actor]
        for kind in view.kinds:
            cell = view.cells.get((actor, kind))
            row.append(_matrix_cell(cell) if cell else "")
        matrix.add_row(*row)
    console.print(matrix if view.actors else "no commitments")
    legend = Text("legend: ")
    for status, symbol in SYMBOLS.items():
        short = f" ({SHORT[status]})" if SHORT[status] != status_label(status) else ""
        legend.append(f"{symbol} {status_label(status)}{short}", style=COLOURS[status]).append("   ")
    console.print(legend)
    console.print(
        "[dim]a cell shows the most recently reported commitment, per recipient (UKR: ...) when there are"
        " several; +N counts the others[/]\n"
    )

    console.print(Text("Aid per donor (committed and delivered money packages)", style="bold"))
    aid = Table()
    for name in ("donor", "USD", "EUR", "packages", "sources"):
        aid.add_column(name, justify="left" if name == "donor" else "right")
    for a in view.aid:
        aid.add_row(a.donor, money(a.usd), money(a.eur), str(a.packages), str(a.sources))
    if not view.aid:
        aid.add_row("none", "", "", "", "")
    console.print(aid)

    console.print(Text("Latest changes", style="bold"))
    changes = Table()
    for name in ("since", "actor", "kind", "to", "status", "was", "articles"):
        changes.add_column(name, overflow="fold")
    for ch in view.changes:
        changes.add_row(
            ch.since or "undated",
            ch.actor,
            ch.kind,
            ch.recipient or "",
            _cell(ch.status, 1),
            status_label(ch.previous) if ch.previous else "new",
            escape(", ".join(ch.articles)),
        )
    console.print(changes)

    console.print(Text(f"Open checks: {len(view.checks)}", style="bold"))
    checks = Table()
    for name in ("code", "article", "message"):
        checks.add_column(name, overflow="fold")
    for c in view.checks:
        checks.add_row(c.code, escape(c.article or ""), escape(c.message))
    console.print(checks)


__all__ = ["render"]
