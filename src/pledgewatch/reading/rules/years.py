"""Years in news text and the part they play: a target ("by 2030"), a start ("since 2015"), or neither.

Split from amounts.py, whose month names it shares: a year is read from the words around it, never
from the number alone, so "2030-2031" ends in 2031 and "launched in 2015" is no start of anything.
"""

from __future__ import annotations

import re
from typing import Final

from pledgewatch.reading.rules.numbers import _MONTH

_YEAR: Final[str] = r"(?:19\d\d|20\d\d|2100)"
_YEAR_RE: Final = re.compile(
    rf"(?<![\w.,$€£¥])(?:(?<![A-Za-z]-)|(?<=(?i:mid|end)-)|(?<=(?i:early)-)|(?<=(?i:late)-)){_YEAR}(?![\w%])(?!,\d|\.\d)(?!\s*(?i:percent|per\s?cent|million|billion|trillion)\b)"
)
_YEAR_RANGE_START_RE: Final = re.compile(rf"{_YEAR}\s*[-–—]\s*$")
_YEAR_SHORT_END_RE: Final = re.compile(r"\s*[-–]\s*(\d\d)(?![\w.,])")
_YEAR_RANGE_NEXT_RE: Final = re.compile(rf"\s*[-–—]\s*(?:{_YEAR}|\d\d)(?![\w])")
_DAY: Final[str] = (
    rf"(?:{_MONTH}\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+)"
)
_PERIOD: Final[str] = (
    r"(?:(?:the\s+)?(?:end|close|start|beginning|middle|first\s+half|second\s+half|spring|summer|autumn|fall|winter)"
    r"\s+of\s+|(?:end|mid|early|late)-|(?:early|mid|late)\s+|(?:the\s+)?fiscal\s+(?:year\s+)?|FY\s*)"
)
_TARGET_BEFORE_RE: Final = re.compile(
    rf"(?i:\b(?:by|until|till|til|through|thru|to|before|up\s+to|through\s+to|no\s+later\s+than|ahead\s+of))\s+"
    rf"(?i:{_PERIOD})?{_DAY}?$"
)
_SINCE_BEFORE_RE: Final = re.compile(rf"(?i:\bsince)\s+(?i:{_PERIOD})?{_DAY}?$")
_BETWEEN_YEARS_RE: Final = re.compile(rf"(?i:\bbetween)\s+{_DAY}?(?P<first>{_YEAR})\s+and\s+{_DAY}?$")
_IN_YEARS_RE: Final = re.compile(rf"(?i:\b(?:in|for|over|during|from))\s+(?P<first>{_YEAR})\s+(?:and|to)\s+$")


def _ends_span(text: str, window: int, start: int, year: int) -> bool:
    """The last year of "2030-2031", "between 2025 and 2027", "in 2026 and 2027", "from 2024 to 2026"."""
    if _YEAR_RANGE_START_RE.search(text, max(0, start - 8), start):
        return True
    for pattern in (_BETWEEN_YEARS_RE, _IN_YEARS_RE):
        m = pattern.search(text, window, start)
        if m and int(m.group("first")) < year:
            return True
    return False


def find_years(text: str) -> list[tuple[int, int, int, str]]:
    """Years with their role: (start, end, year, role), role "target", "since" or "other".

    "by 2030", "until the end of 2025", "through 2029", "until November 15, 2026" are targets, and so is the
    last year of a span ("2030-2031", "between 2025 and 2027", "in 2026 and 2027", "2025-27") because a
    span's target is when it ends (LEDGER.md rule 5). "since 2015" or "since August 2021" start an ongoing
    effort; every other year ("launched in 2015") is "other".
    """
    found: list[tuple[int, int, int, str]] = []
    for m in _YEAR_RE.finditer(text):
        year = int(m.group())
        start = m.start()
        window = max(0, start - 60)
        role = "other"
        short_end = _YEAR_SHORT_END_RE.match(text, m.end())
        if _YEAR_RANGE_NEXT_RE.match(text, m.end()):
            role = "other"  # the first year of "2030-2031": the span's target is its end
        elif _ends_span(text, window, start, year) or _TARGET_BEFORE_RE.search(text, window, start):
            role = "target"
        elif _SINCE_BEFORE_RE.search(text, window, start):
            role = "since"
        found.append((start, m.end(), year, role))
        if short_end and not _YEAR_RE.match(text, short_end.start(1)):
            last = year // 100 * 100 + int(short_end.group(1))
            if last > year:
                found.append((short_end.start(1), short_end.end(1), last, "target"))
    return found
