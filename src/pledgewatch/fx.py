"""Currency conversion at the article's date, with the ECB reference rates CurrencyConverter ships offline.

A date without a rate (weekend, holiday) takes the nearest earlier one; a currency the ECB does not
quote gives None, never an exception: an unknown currency is a check to report, not a crash.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import replace
from datetime import date

from currency_converter import CurrencyConverter, RateNotFoundError

from pledgewatch.model import Record


@functools.cache
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def convert(value: float, unit: str, to: str, day: date | None) -> float | None:
    """`value` of `unit` in `to` at `day` (today's latest rate when the day is unknown), or None."""
    converter = _converter()
    if unit not in converter.currencies or to not in converter.currencies:
        return None
    try:
        return float(converter.convert(value, unit, to, date=day))
    except (RateNotFoundError, ValueError):
        return None


def to_usd(value: float, unit: str, day: date | None) -> float | None:
    return convert(value, unit, "USD", day)


def with_usd(record: Record, published: str | None) -> Record:
    """Fill amount_usd for money amounts, at the article's date."""
    amount = record.amount
    if amount is None or len(amount.unit) != 3 or not amount.unit.isupper():
        return record
    day = None
    if published:
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(published[:10])
    usd = to_usd(amount.value, amount.unit, day)
    return replace(record, amount_usd=round(usd, 2) if usd is not None else None)
