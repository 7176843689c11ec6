"""What every reader shares: the error value, turning bytes into text, and ISO dates from metadata.

Readers raise `SourceError` for a file they cannot read at all; `read_paths` turns that into a value
so one bad file never stops a batch.
"""

from __future__ import annotations

import codecs
import json
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from pledgewatch.model import Check

# Control bytes other than tab, newline, form feed and carriage return: text files almost never hold
# them, binary files almost always do.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_BINARY_RATIO = 0.05
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
#: The longest article text read (characters): spaCy's own limit, past which its parser needs gigabytes.
MAX_TEXT_CHARS = 1_000_000
#: Python refuses to turn longer digit strings into integers (a denial-of-service guard since 3.11).
MAX_JSON_DIGITS = 4300


class SourceError(Exception):
    """One input that could not be read, named so the user can find and fix it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def read_bytes(path: Path) -> bytes:
    """The file's bytes; OS errors become a one-line problem instead of a traceback."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(path, "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise SourceError(path, "is a directory") from exc
    except OSError as exc:
        raise SourceError(path, os_problem(exc, "cannot be read")) from exc


def os_problem(exc: OSError, fallback: str) -> str:
    """An OS error in the system's words ("Permission denied"), which tell the user what to fix."""
    return exc.strerror or fallback


def first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


class JSONProblem(ValueError):
    """Why a JSON document cannot be read, in one line (its position when the syntax is at fault)."""


def load_json(text: str, with_line: bool = True) -> object:
    """A JSON value, or JSONProblem: also for numbers too long to convert and nesting too deep to parse.

    The standard library raises ValueError and RecursionError for those, which would otherwise end
    a batch as an "internal error". `with_line=False` leaves the line out of syntax errors, for
    JSONL, whose error already names its line.
    """
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
        raise JSONProblem(f"malformed JSON at {where}: {exc.msg}") from None
    except JSONProblem:
        raise
    except RecursionError:
        raise JSONProblem("malformed JSON: nested too deeply") from None


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise JSONProblem(f"JSON number of {len(digits):,} digits (limit {MAX_JSON_DIGITS:,})")
    return int(digits)


def decode(path: Path, data: bytes) -> tuple[str, tuple[Check, ...]]:
    """Text from bytes, or why not.

    UTF-8 is what nearly every scraper writes; cp1252 is what older Windows tools write, so it is
    accepted, with a check, only when the result looks like text: a wrong guess would put mojibake
    into evidence sentences that are supposed to be copied exactly.
    """
    if not data.strip():
        raise SourceError(path, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as exc:
            raise SourceError(path, "not valid UTF-16 text") from exc
    if looks_binary(data):
        raise SourceError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceError(path, f"not valid UTF-8 text (byte {utf8_error.start})") from utf8_error
    if not _looks_like_text(text):
        raise SourceError(path, f"not valid UTF-8 text (byte {utf8_error.start})") from utf8_error
    check = Check(
        code="encoding",
        message=f"{path} is not UTF-8; read as Windows-1252 (cp1252)",
        detail=(("encoding", "cp1252"),),
    )
    return text, (check,)


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > _BINARY_RATIO


def _looks_like_text(text: str) -> bool:
    """Mostly letters, digits, spaces and punctuation: what a cp1252 news text decodes to."""
    sample = text[:8192]
    plain = sum(1 for ch in sample if ch.isprintable() or ch in "\t\n\r\f")
    return plain / len(sample) > 1 - _BINARY_RATIO


def iso_date(value: object) -> str | None:
    """`YYYY-MM-DD` or `YYYY-MM` from a metadata date; None when absent.

    Raises ValueError for a value that is present but not a date, so the caller can say so instead
    of silently inventing one.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date string: {value!r}")
    text = value.strip()
    if not text:
        return None
    month = _YEAR_MONTH.fullmatch(text)
    if month:
        date(int(month[1]), int(month[2]), 1)  # validates the month
        return text
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 2822, as feeds write it
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date: {value!r}") from None


def utc_time(value: object) -> str | None:
    """`YYYY-MM-DDTHH:MM:SSZ` from a metadata timestamp that states a time of day; None otherwise.

    Several outlets report one offer on one day; the time each states is what orders them. A date
    without a time (or a value that is no timestamp) gives None: no time is invented.
    """
    if not isinstance(value, str) or ":" not in value:
        return None
    text = value.strip()
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def for_article(checks: tuple[Check, ...], article_id: str) -> tuple[Check, ...]:
    """Checks raised while reading a file, tied to the article they concern."""
    return tuple(Check(c.code, c.message, article_id, c.detail) for c in checks)


def date_check(article_id: str, value: object, problem: str) -> Check:
    """A metadata date we could not read is reported, not dropped silently."""
    return Check(
        code="unparsed_date",
        message=f"published date {value!r} ignored: {problem}",
        article=article_id,
        detail=(("published", str(value)),),
    )
