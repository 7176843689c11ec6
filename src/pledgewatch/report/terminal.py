"""The report on a terminal: matrix, aid totals, latest changes and open checks, through rich.

It adapts to the terminal's width (or $COLUMNS) instead of letting rich crop columns: the matrix
is printed with status words when they fit, with symbols alone (the legend spells them out) when
they do not, and split into several tables of kind groups, each repeating the actor, when even
that is too wide; the aid table becomes one paragraph per donor on a narrow terminal. Text from
the ledger goes through `terminal_text`: a bracket in a headline is printed, not read as a style,
and escape sequences or control characters never reach the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from pledgewatch.names import label
from pledgewatch.report.aid import CATEGORIES, CATEGORY_LABELS, AidTotal
from pledgewatch.report.data import KIND_HEADERS, Cell, View, money
from pledgewatch.status_marks import COLOURS, SHORT, SYMBOLS, status_label
from pledgewatch.terminal_text import clean, safe

#: Into a file or a pipe without $COLUMNS: wide enough for every table at full length.
PIPE_WIDTH = 200
ACTOR_WIDTH = 26  # longer names ("North Atlantic Treaty Organization (NATO)") wrap onto a second line


def _console(out: TextIO) -> Console:
    width = None if out.isatty() or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(file=out, width=width, highlight=False)


def _cell(status: str, count: int, recipient: str | None = None, *, short: bool = False, compact: bool = False) -> Text:
    text = Text()
    if recipient is not None:
        text.append(f"{clean(recipient) or '-'}{' ' if compact else ': '}", style="dim")
    word = "" if compact else " " + (SHORT.get(status, status) if short else status_label(status))
    text.append(f"{SYMBOLS.get(status, '·')}{word}", style=COLOURS.get(status, ""))
    if count > 1:
        text.append(f" +{count - 1}", style="dim")
    return text


def _matrix_cell(cell: Cell, compact: bool) -> Text:
    """One line per recipient; the recipient is named only when the cell has several."""
    if cell.single_recipient:
        return _cell(cell.status, len(cell.commitments), short=True, compact=compact)
    return Text("\n").join(
        _cell(e.status, e.count, e.recipient or "", short=True, compact=compact) for e in cell.entries
    )


def _matrix(view: View, kinds: Sequence[str], compact: bool, title: str | None = None) -> Table:
    table = Table(collapse_padding=True, title=title, title_justify="left")
    table.add_column("actor", style="bold", max_width=ACTOR_WIDTH, overflow="fold")
    for kind in kinds:
        header = KIND_HEADERS.get(kind, clean(kind)).replace("_", " ") if compact else safe(kind).replace("_", "\n")
        table.add_column(header.replace(" ", "\n"), justify="center" if compact else "left", no_wrap=True)
    for actor in view.actors:
        row: list[Text | str] = [safe(label(actor))]
        for kind in kinds:
            cell = view.cells.get((actor, kind))
            row.append(_matrix_cell(cell, compact) if cell else "")
        table.add_row(*row)
    return table


def _width(console: Console, renderable: object) -> int:
    """The width the renderable takes unwrapped (rich clamps measurements to the console otherwise)."""
    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum  # type: ignore[arg-type]


def _usd(value: float | None) -> str:
    return money(value) if value else "-"


def _print_matrix(console: Console, view: View) -> bool:
    """The matrix in the widest form that fits; True when cells show symbols alone."""
    kinds = view.grouped_kinds
    for compact in (False, True):
        table = _matrix(view, kinds, compact)
        if _width(console, table) <= console.width:
            console.print(table)
            return compact
    # Too many kinds even as symbols: one table per run of kind groups that fits, each with the actors.
    chunk: list[str] = []
    names: list[str] = []
    for name, group in view.kind_groups:
        if chunk and _width(console, _matrix(view, chunk + group, True)) > console.width:
            console.print(_matrix(view, chunk, True, " · ".join(names)))
            chunk, names = [], []
        chunk += group
        names.append(name)
    if chunk:
        console.print(_matrix(view, chunk, True, " · ".join(names)))
    return True


def _legend(console: Console, compact: bool) -> None:
    legend = Text("legend: ")
    for status, symbol in SYMBOLS.items():
        short = f" ({SHORT[status]})" if SHORT[status] != status_label(status) and not compact else ""
        legend.append(f"{symbol} {status_label(status)}{short}", style=COLOURS[status]).append("   ")
    console.print(legend)
    console.print(
        "[dim]a cell shows the most recently reported commitment, per recipient (UKR: ...) when there are"
        " several; +N counts the others[/]\n"
    )


def _aid_table(view: View) -> Table:
    aid = Table()
    aid.add_column("donor", max_width=ACTOR_WIDTH, overflow="fold")
    for name in (*(CATEGORY_LABELS[c] for c in CATEGORIES), "delivered", "total USD", "total EUR"):
        aid.add_column(name.replace(" & ", " &\n"), justify="right")
    aid.add_column("reported\ntotal USD", justify="right")
    aid.add_column("pkgs", justify="right")
    aid.add_column("sources", justify="right")
    aid.add_column("not counted")
    for a in view.aid:
        aid.add_row(
            safe(label(a.donor)),
            *(_usd(a.of(c)) for c in CATEGORIES),
            _usd(a.delivered),
            _usd(a.usd),
            _usd(a.eur),
            _usd(a.reported_usd),
            str(a.packages),
            str(a.sources),
            safe(_not_counted(a)),
        )
    return aid


def _not_counted(a: AidTotal) -> str:
    parts = []
    if a.unconverted:
        figures = ", ".join(f"{c.amount.value:,.0f} {c.amount.unit}" for c in a.unconverted if c.amount)
        parts.append(f"{len(a.unconverted)} unconverted ({figures})")
    if a.not_given:
        parts.append(f"{a.not_given} not firm")
    return "; ".join(parts)


def _aid_paragraph(a: AidTotal) -> Text:
    split = ", ".join(f"{CATEGORY_LABELS[c]} {money(a.of(c))}" for c in CATEGORIES if a.of(c))
    text = Text(clean(label(a.donor)), style="bold")
    text.append(f": {money(a.usd)} USD ({money(a.eur)} EUR), {money(a.delivered) or '0'} delivered")
    if split:
        text.append(f"; {split}")
    if a.reported_usd is not None:
        text.append(f"; reported total {money(a.reported_usd)} USD (not added)")
    text.append(
        f"; {a.packages} package{'s' if a.packages != 1 else ''}, {a.sources} source{'s' if a.sources != 1 else ''}"
    )
    if _not_counted(a):
        text.append(f"; {_not_counted(a)}")
    return text


def render(view: View, out: TextIO, *, title: str = "Coalition commitments") -> None:
    console = _console(out)
    console.print(f"[bold]{safe(title)}: {len(view.commitments)} commitments[/]")
    compact = _print_matrix(console, view) if view.actors else False
    if not view.actors:
        console.print("no commitments")
    _legend(console, compact)

    console.print(Text("Aid per donor (USD; delivered and committed money packages, each once)", style="bold"))
    console.print(
        "[dim]conditional, considered and requested money is not counted as given; a reported running total"
        " stands beside the packages, never added[/]"
    )
    table = _aid_table(view)
    if not view.aid:
        console.print("none")
    elif _width(console, table) <= console.width:
        console.print(table)
    else:
        for a in view.aid:
            console.print(_aid_paragraph(a))
    console.print()

    console.print(Text("Latest changes", style="bold"))
    changes = Table()
    for name in ("since", "commitment", "status", "was", "articles"):
        changes.add_column(name, overflow="fold", no_wrap=name == "since")
    for ch in view.changes:
        to = f" -> {label(ch.recipient)}" if ch.recipient else ""
        changes.add_row(
            safe(ch.since or "undated"),
            safe(f"{label(ch.actor)} {ch.kind}{to}"),
            _cell(ch.status, 1),
            status_label(ch.previous) if ch.previous else "new",
            safe(", ".join(ch.articles)),
        )
    console.print(changes)

    console.print(Text(f"Open checks: {len(view.checks)}", style="bold"))
    checks = Table()
    for name in ("code", "article", "message"):
        checks.add_column(name, overflow="fold")
    for c in view.checks:
        checks.add_row(safe(c.code), safe(c.article or ""), safe(c.message))
    console.print(checks)


__all__ = ["render"]
