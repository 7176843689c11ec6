"""How a status looks wherever it is shown: one symbol, one web colour, one terminal style, one short word.

A small module of its own, importing nothing heavy, apart from every view (the extract table, the
ledger commands, the report, the web app): core modules share the look without importing the
command line or the terminal code, and the symbol a reader learns in the terminal is the one the
web matrix shows.
"""

from __future__ import annotations

from pledgewatch.model import Status

#: One symbol per status, so the matrix reads without colour too (printouts, colour-blind readers).
SYMBOLS = {
    "delivered": "✔",
    "committed": "●",
    "conditional": "◐",
    "considering": "?",
    "requested": "→",
    "ruled_out": "✖",
}
#: Web colours (also used by the terminal report, which rich renders in true colour where it can).
COLOURS = {
    "delivered": "#1a7f37",
    "committed": "#2f81f7",
    "conditional": "#bf8700",
    "considering": "#8250df",
    "requested": "#bc4c00",
    "ruled_out": "#cf222e",
}
#: Named rich styles for plain tables (`extract --format table`, `commitments`, `history`).
TERMINAL_STYLE = {
    "delivered": "bold green",
    "committed": "green",
    "conditional": "yellow",
    "considering": "cyan",
    "requested": "magenta",
    "ruled_out": "red",
}
#: Narrow labels for matrix cells: a dozen kinds must fit a terminal. A legend spells each one out.
SHORT = {
    "delivered": "delivered",
    "committed": "committed",
    "conditional": "condit.",
    "considering": "consid.",
    "requested": "request.",
    "ruled_out": "ruled out",
}
LEGEND = tuple((s, SYMBOLS[s], COLOURS[s]) for s in SYMBOLS)


def status_label(status: str | Status) -> str:
    return str(status).replace("_", " ")


__all__ = ["COLOURS", "LEGEND", "SHORT", "SYMBOLS", "TERMINAL_STYLE", "status_label"]
