"""USD and EUR at the article's date, with ECB rates shipped offline."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.ledger.currency import Rates, article_day


@pytest.fixture(scope="module")
def rates() -> Rates:
    return Rates()


def test_two_billion_canadian_dollars_on_25_august_2025(rates: Rates) -> None:
    conv = rates.convert(2e9, "CAD", date(2025, 8, 25))
    assert conv is not None
    assert round(conv.usd) == 1_446_663_781
    assert conv.day == date(2025, 8, 25)
    assert conv.rate_usd == pytest.approx(conv.usd / 2e9)
    assert conv.eur == pytest.approx(2e9 * conv.rate_eur)


def test_a_day_without_rates_takes_the_nearest_earlier_one(rates: Rates) -> None:
    sunday = rates.convert(1e6, "CAD", date(2025, 8, 24))
    friday = rates.convert(1e6, "CAD", date(2025, 8, 22))
    assert sunday is not None and friday is not None
    assert sunday.day == date(2025, 8, 22)
    assert sunday.usd == friday.usd


def test_a_currency_the_ecb_does_not_quote_gives_none(rates: Rates) -> None:
    assert rates.convert(1e6, "UAH", date(2025, 8, 25)) is None
    assert rates.convert(1e6, "KRONER", date(2025, 8, 25)) is None
    assert not rates.knows("UAH")


def test_no_date_means_no_conversion(rates: Rates) -> None:
    assert rates.convert(1e6, "CAD", None) is None


def test_euros_and_dollars_convert_to_themselves(rates: Rates) -> None:
    eur = rates.convert(5.0, "EUR", date(2025, 8, 25))
    usd = rates.convert(5.0, "USD", date(2025, 8, 25))
    assert eur is not None and usd is not None
    assert eur.eur == 5.0 and usd.usd == 5.0


def test_article_day_reads_full_and_month_only_dates() -> None:
    assert article_day("2025-08-25") == date(2025, 8, 25)
    assert article_day("2025-08") == date(2025, 8, 15)
    assert article_day(None) is None
    assert article_day("not a date") is None
