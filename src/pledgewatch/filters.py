"""Filter values from people (command line, query strings), checked before they reach the ledger.

A filter that cannot match anything because it is misspelt is an error that says so, never an
empty answer: an analyst reading "0 commitments" for `--actor Canda` would conclude Canada
committed nothing. The command line turns `BadFilter` into exit status 2, the API into 422.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pledgewatch import names
from pledgewatch.model import Kind, Status

#: Every code pledgewatch raises (sources, cleaning, article and ledger checks); a ledger may hold more.
CHECK_CODES = frozenset(
    {
        "components_sum",
        "conversion_off",
        "date_conflict",
        "empty_after_cleaning",
        "encoding",
        "future_date",
        "implausible_amount",
        "no_rate_date",
        "status_disagreement",
        "story_amount_disagreement",
        "story_date_conflict",
        "unknown_currency",
        "unparsed_date",
    }
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadFilter(ValueError):
    """A filter value that names nothing; the message is one line naming the value and the problem."""


def actor(text: str | None, what: str = "actor") -> str | None:
    """The code of an actor given by code, name or demonym; None for no filter."""
    try:
        return names.resolve_optional(text, what=what)
    except names.UnknownName as err:
        raise BadFilter(str(err)) from None


def day(text: str | None, what: str = "date") -> str | None:
    """A YYYY-MM-DD day, as given; None for no filter."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{what} {text!r} is not a date: write YYYY-MM-DD, e.g. 2025-08-25") from None
    return value


def check_code(text: str | None, known: Iterable[str] = ()) -> str | None:
    """A check code pledgewatch raises or the ledger holds; None for no filter."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    codes = CHECK_CODES | set(known)
    if value not in codes:
        raise BadFilter(f"check code {text!r} does not exist; codes: {', '.join(sorted(codes))}")
    return value


def kind(text: str | None) -> str | None:
    return _choice(text, [str(k) for k in Kind], "kind")


def status(text: str | None) -> str | None:
    return _choice(text, [str(s) for s in Status], "status")


def _choice(text: str | None, allowed: list[str], what: str) -> str | None:
    if text is None or not text.strip():
        return None
    value = text.strip().lower().replace(" ", "_")
    if value not in allowed:
        raise BadFilter(f"{what} {text!r} does not exist; {what}s: {', '.join(allowed)}")
    return value


__all__ = ["CHECK_CODES", "BadFilter", "actor", "check_code", "day", "kind", "status"]
