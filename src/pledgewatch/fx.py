"""Currency conversion at the article's date, with the ECB reference rates CurrencyConverter ships offline.

A date without a rate (weekend, holiday) takes the nearest earlier one; a currency the ECB does not
quote gives None, never an exception: an unknown currency is a check to report, not a crash.
"""

from __future__ import annotations

import functools
from datetime import date

from currency_converter import CurrencyConverter, RateNotFoundError


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
