"""Money in USD and EUR at the article's date, with the rate and the rate's date kept for the record.

The ECB publishes no rates on weekends and holidays, and CurrencyConverter's own fallback
interpolates between neighbouring days: a rate nobody ever quoted. The ledger promises the nearest
earlier published rate instead, so it looks back day by day itself. Rates come from the ECB file
CurrencyConverter ships, so conversion works offline and gives the same figures on every machine.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

from currency_converter import CurrencyConverter, RateNotFoundError

#: The longest ECB closure (Christmas to New Year, weekends around it) is well under this.
LOOKBACK_DAYS = 10
NON_MONEY_UNITS = frozenset({"troops", "items", "percent_gdp", "percent", "multiplier", ""})


def is_money(unit: str | None) -> bool:
    return unit is not None and unit not in NON_MONEY_UNITS


def article_day(published: str | None) -> date | None:
    """The day to convert at: a month-only date is taken at mid-month, the least wrong single day."""
    if not published:
        return None
    with contextlib.suppress(ValueError):
        if len(published) == 7:
            return date.fromisoformat(published + "-15")
        return date.fromisoformat(published[:10])
    return None


@dataclass(frozen=True)
class Conversion:
    """An amount in both reference currencies, with the rates used and the day they were published."""

    usd: float
    eur: float
    rate_usd: float  # USD per unit
    rate_eur: float  # EUR per unit
    day: date


class Rates:
    """ECB reference rates, loaded once per ledger session (loading takes about a quarter second)."""

    def __init__(self) -> None:
        self._converter = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
        self.last_day: date = self._converter.bounds["USD"].last_date

    def knows(self, unit: str) -> bool:
        return unit in self._converter.currencies

    def rate(self, unit: str, to: str, day: date) -> tuple[float, date] | None:
        """Units of `to` per unit of `unit` on `day`, or on the nearest earlier day with a rate."""
        if not (self.knows(unit) and self.knows(to)):
            return None
        # A date past the shipped file's last day gets the last rate: the newest the ledger knows.
        start = min(day, self.last_day)
        for back in range(LOOKBACK_DAYS + 1):
            when = start - timedelta(days=back)
            try:
                return float(self._converter.convert(1, unit, to, date=when)), when
            except RateNotFoundError:
                continue
        return None

    def convert(self, value: float, unit: str, day: date | None) -> Conversion | None:
        """`value` of `unit` in USD and EUR at `day`; None when the currency or the day has no rate."""
        if day is None:
            return None
        usd = self.rate(unit, "USD", day)
        eur = self.rate(unit, "EUR", day)
        if usd is None or eur is None:
            return None
        return Conversion(usd=value * usd[0], eur=value * eur[0], rate_usd=usd[0], rate_eur=eur[0], day=usd[1])


__all__ = ["Conversion", "Rates", "article_day", "is_money"]
