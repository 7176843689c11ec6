"""Checks on one article's records (sums, stated conversions, currencies) and across articles."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_builders import record

from pledgewatch.ledger.checks import article_checks, components_sum, ledger_checks, stated_conversions
from pledgewatch.ledger.currency import Rates
from pledgewatch.ledger.merge import Sighting, merge_commitments
from pledgewatch.model import Record

DAY = date(2025, 8, 25)


@pytest.fixture(scope="module")
def rates() -> Rates:
    return Rates()


def codes(checks: list) -> list[str]:
    return [c.code for c in checks]


def test_components_that_fall_short_of_their_package_are_reported_with_the_figures() -> None:
    recs = [
        record(value=2e9),
        record(value=835e6, part_of=0),
        record(value=680e6, part_of=0),
        record(value=220e6, part_of=0),
    ]
    (check,) = components_sum("art", recs)
    assert check.code == "components_sum" and check.article == "art"
    assert "835,000,000 + 680,000,000 + 220,000,000 = 1,735,000,000 CAD of a 2,000,000,000 CAD" in check.message
    assert dict(check.detail)["sum"] == 1_735_000_000


def test_components_that_add_up_or_a_single_partial_breakdown_are_fine() -> None:
    assert (
        components_sum("a", [record(value=2e9), record(value=1.5e9, part_of=0), record(value=0.5e9, part_of=0)]) == []
    )
    assert components_sum("a", [record(value=2e9), record(value=1e9, part_of=0)]) == []


def test_components_that_exceed_their_package_are_reported_even_alone() -> None:
    assert codes(components_sum("a", [record(value=1e9), record(value=1.5e9, part_of=0)])) == ["components_sum"]


def test_a_part_of_pointing_nowhere_is_ignored_not_a_crash() -> None:
    assert components_sum("a", [record(value=1e9, part_of=7), record(value=1e9, part_of=1)]) == []


def money_record(sentence: str, value: float = 2e9, unit: str = "CAD") -> Record:
    return record(value=value, unit=unit, evidence=sentence)


def test_a_stated_conversion_far_off_the_ecb_rate_is_reported(rates: Rates) -> None:
    sentence = "Canada will give 2 billion Canadian dollars (about 1.1 billion U.S. dollars) to Ukraine."
    (check,) = stated_conversions("art", [money_record(sentence)], rates, DAY)
    assert check.code == "conversion_off"
    assert "1,446,663,781 USD" in check.message and "2025-08-25" in check.message


def test_a_stated_conversion_close_to_the_ecb_rate_is_fine(rates: Rates) -> None:
    sentence = "Canada will give 2 billion Canadian dollars (about 1.45 billion U.S. dollars) to Ukraine."
    assert stated_conversions("art", [money_record(sentence)], rates, DAY) == []


def test_a_bare_dollar_conversion_beside_another_currency_is_read_as_us_dollars(rates: Rates) -> None:
    sentence = "The EU pledged €3 billion ($1.9 billion) to the fund for Ukraine."
    assert codes(stated_conversions("art", [money_record(sentence, 3e9, "EUR")], rates, DAY)) == ["conversion_off"]


def test_an_amount_without_a_conversion_beside_it_is_not_checked(rates: Rates) -> None:
    sentence = "Canada will give 2 billion Canadian dollars to Ukraine and 500 million dollars to Moldova."
    assert stated_conversions("art", [money_record(sentence)], rates, DAY) == []


def test_an_unknown_currency_is_a_check_not_a_crash(rates: Rates) -> None:
    recs = [record(value=5e9, unit="UAH"), record(value=1e9, unit="KRONER")]
    found = article_checks("art", "2025-08-25", recs, [None, None], rates, DAY)
    assert codes(found) == ["unknown_currency", "unknown_currency"]
    assert "UAH has no ECB rate" in found[0].message


def test_amounts_of_an_undated_article_are_reported_once_as_not_converted(rates: Rates) -> None:
    found = article_checks("art", None, [record(value=1e9), record(value=2e9)], [None, None], rates, None)
    assert codes(found) == ["no_rate_date"]


def sight(art: str, status: str, published: str, *, story: str | None = None, value: float | None = None) -> Sighting:
    rec = record(art, kind="troops", status=status, value=value, unit="troops")
    return Sighting(rec, 0, art, f"fp-{art}", story or art, None, published)


def test_sources_stating_incompatible_statuses_within_14_days_are_reported() -> None:
    seen = [sight("a", "committed", "2025-03-01"), sight("b", "ruled_out", "2025-03-10")]
    (check,) = ledger_checks(merge_commitments(seen), seen)
    assert check.code == "status_disagreement"
    assert "a (2025-03-01) says committed, b (2025-03-10) says ruled_out" in check.message


def test_a_change_of_status_weeks_later_or_within_one_stance_is_no_disagreement() -> None:
    later = [sight("a", "committed", "2025-03-01"), sight("b", "ruled_out", "2025-04-01")]
    same_stance = [sight("a", "committed", "2025-03-01"), sight("b", "delivered", "2025-03-02")]
    for seen in (later, same_stance):
        assert ledger_checks(merge_commitments(seen), seen) == []


def test_copies_of_one_story_that_disagree_on_an_amount_are_reported() -> None:
    seen = [
        sight("a", "delivered", "2025-03-01", story="s", value=1800),
        sight("b", "delivered", "2025-03-01", story="s", value=1200),
    ]
    found = ledger_checks(merge_commitments(seen), seen)
    assert codes(found) == ["story_amount_disagreement"]
    assert "a gives 1,800 troops" in found[0].message and "b gives 1,200 troops" in found[0].message


def test_copies_of_one_story_dated_far_apart_are_reported() -> None:
    seen = [sight("a", "delivered", "2025-08-25", story="s"), sight("b", "delivered", "2024-01-02", story="s")]
    found = ledger_checks(merge_commitments(seen), seen)
    assert "story_date_conflict" in codes(found)
