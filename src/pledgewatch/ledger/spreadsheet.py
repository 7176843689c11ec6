"""CSV cells a spreadsheet opens as text: no formulas from the news, no JSON to unpick.

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return hides such a start), so a headline or an article id written
by someone else could compute, fetch or link when an analyst opens the file. Such text cells get a
leading apostrophe, which spreadsheets show as text and do not run (the OWASP advice). Numbers are
written as numbers and never guarded: a negative figure is not a formula. Lists become text joined
by "; ", since a cell holding a JSON array is one nobody can filter or sort by.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JOIN = "; "


def guard(text: str) -> str:
    """`text`, with an apostrophe before it when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def history_text(changes: Iterable[dict[str, Any]]) -> str:
    """A status history as one line: '2025-03-01 considering (a, b); 2025-06-01 committed (c)'."""
    return JOIN.join(
        f"{h.get('since') or 'undated'} {h.get('status')} ({', '.join(h.get('articles') or ())})" for h in changes
    )


def _pairs(value: Any) -> str:
    """A check's detail (a small mapping) as 'key: value; key: value'."""
    if not isinstance(value, dict):
        return str(value)
    return JOIN.join(f"{k}: {', '.join(map(str, v)) if isinstance(v, (list, tuple)) else v}" for k, v in value.items())


def cell(value: Any, kind: str = "string") -> Any:
    """One value as its CSV cell; `kind` is the export's column type (list<string>, json, bool, float...)."""
    if value is None:
        return ""
    if kind == "list<string>" or (isinstance(value, (list, tuple)) and kind != "json"):
        return guard(JOIN.join(str(v) for v in value))
    if kind == "json":
        return guard(history_text(value) if isinstance(value, list) else _pairs(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    return guard(str(value))


def write(
    out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], kinds: Sequence[str] | None = None
) -> None:
    """Write a CSV table whose every cell went through `cell` (the header too: its names are ours, but cheap)."""
    writer = csv.writer(out)
    writer.writerow([guard(h) for h in header])
    types = list(kinds) if kinds is not None else ["string"] * len(header)
    for row in rows:
        writer.writerow([cell(v, k) for v, k in zip(row, types, strict=True)])


__all__ = ["FORMULA_STARTS", "cell", "guard", "history_text", "write"]
