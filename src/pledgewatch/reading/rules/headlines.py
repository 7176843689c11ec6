"""Headlines: where the title ends.

A title repeated by the body is weaker evidence than the body's own sentence (LEDGER.md rule 7), so
the reading needs to know which sentence is the headline.
"""

from __future__ import annotations


def headline_end(text: str, title: str | None) -> int:
    """Where the headline ends: the title the text opens with, or a first line with no full stop."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if title and stripped.startswith(title.strip()):
        return offset + len(title.strip())
    first_line = stripped.split("\n", 1)[0].rstrip()
    if "\n" in stripped and first_line and first_line[-1] not in ".!?\"”'’" and len(first_line) < 200:
        return offset + len(first_line)
    return 0
