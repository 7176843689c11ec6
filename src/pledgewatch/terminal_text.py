"""Text from the news made safe for a terminal: shown literally, never obeyed.

Every terminal view prints through rich, which reads `[...]` as markup: a sentence holding "[/i]"
aborts the output with a MarkupError and "[bold red]" vanishes into a style. And a terminal obeys
escape sequences: an article could move the cursor, retitle the window, rewrite what was printed
before or plant a hyperlink. So each value from the news is cleaned (escape sequences and control
characters dropped, bidirectional overrides too, since they reorder what the reader sees) and then
escaped for rich. Line breaks and tabs inside a value become spaces: a table cell is one line of text.
"""

from __future__ import annotations

import re

from rich.markup import escape

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and other two-character escapes (ESC + one char).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` without terminal escapes or control characters, on one line."""
    s = "" if text is None else str(text)
    s = _ESCAPES.sub("", s)
    s = _SPACES.sub(" ", s)
    return _CONTROLS.sub("", s)


def safe(text: object) -> str:
    """`text` cleaned and escaped, ready for rich markup: what the news says, shown as it says it."""
    return escape(clean(text))


__all__ = ["clean", "safe"]
