"""Amounts no real commitment has, and dates no article can carry yet: refused before they count.

A misread figure ("$1 followed by 33 zeros", an overflow to infinity) would otherwise top every aid
total in the report and write `Infinity` into JSON files, which is not JSON. A record keeps its
position (who, what, how firmly) and loses only the figure, and the reason is reported, so nothing
is dropped silently. The bounds sit far above anything real: the world spends about 2.7 trillion
USD a year on its armed forces; no army has a hundred million soldiers.

A publication date after tomorrow (time zones) is a scraper's error or a placeholder such as
9999-12-31; taken at its word it would be the "latest" report and pin a commitment's current status
for good, so it is left out, with a check naming it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from pledgewatch.model import Amount, Record

MAX_USD = 1e13
#: Without a rate to convert it, a money figure in any currency (the weakest trade thousands to the dollar).
MAX_MONEY = 1e17
MAX_COUNT = 1e8
MAX_PERCENT = 100.0
_COUNTS = frozenset({"troops", "items", "multiplier", ""})
_PERCENTS = frozenset({"percent_gdp", "percent"})


def implausible(amount: Amount | None, usd: float | None = None) -> str | None:
    """Why `amount` cannot be real, in words for the user; None when it can be."""
    if amount is None:
        return None
    if usd is None and amount.unit == "USD":
        usd = amount.value
    values = [v for v in (amount.value, amount.low, amount.high, usd) if v is not None]
    if not all(math.isfinite(v) for v in values):
        return "not a finite number"
    unit = amount.unit
    if unit in _PERCENTS:
        bound, limit = max(abs(v) for v in values[:3] if v is not None), MAX_PERCENT
    elif unit in _COUNTS:
        bound, limit = max(abs(v) for v in values[:3] if v is not None), MAX_COUNT
    elif usd is not None:
        bound, limit, unit = abs(usd), MAX_USD, "USD"
    else:
        bound, limit = max(abs(v) for v in values[:3] if v is not None), MAX_MONEY
    if bound > limit:
        return f"{bound:.3g} {unit} is over the plausibility bound of {limit:.3g} {unit}"
    return None


def without_implausible_amount(record: Record) -> tuple[Record, str | None]:
    """The record, with its figure removed when the figure cannot be real, and why."""
    reason = implausible(record.amount, record.amount_usd)
    if reason is None:
        return record, None
    return replace(record, amount=None, amount_usd=None), f"amount left out: {reason}"


def future_date(published: str | None, today: date | None = None) -> bool:
    """True for a publication date after tomorrow (UTC): no article can have been published then."""
    if not published:
        return False
    try:
        day = date.fromisoformat(published[:10]) if len(published) >= 10 else date.fromisoformat(published + "-01")
    except ValueError:
        return False
    return day > (today or datetime.now(UTC).date()) + timedelta(days=1)


__all__ = ["MAX_USD", "future_date", "implausible", "without_implausible_amount"]
