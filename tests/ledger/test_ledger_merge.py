"""The commitment merge as a pure function: records in, commitments out, no database, no NLP."""

from __future__ import annotations

import random

from ledger_builders import record

from pledgewatch.ledger.cluster import settle_dates
from pledgewatch.ledger.merge import Sighting, merge_commitments
from pledgewatch.model import Record, Status


def sight(
    art: str,
    rec: Record,
    published: str | None = "2025-08-25",
    *,
    idx: int = 0,
    story: str | None = None,
    outlet: str | None = None,
    usd: float | None = None,
    rejected: tuple[str, ...] = (),
) -> Sighting:
    return Sighting(
        record=rec,
        idx=idx,
        article=art,
        article_key=f"fp-{art}",
        story=story or art,
        outlet=outlet or f"outlet of {art}",
        published=published,
        amount_usd=usd,
        rejected_dates=rejected,
    )


def package(art: str, value: float, published: str | None = "2025-08-25", **kw: object) -> Sighting:
    return sight(art, record(art, value=value), published, **kw)  # type: ignore[arg-type]


def test_one_package_reported_by_several_articles_is_one_commitment_with_all_of_them_as_sources() -> None:
    found = merge_commitments([package("a", 2e9), package("b", 2e9, "2025-08-26"), package("c", 2e9, "2025-09-10")])
    assert len(found) == 1
    c = found[0]
    assert (c.actor, c.kind, c.recipient, c.amount and c.amount.value) == ("CAN", "military_aid", "UKR", 2e9)
    assert c.articles == ("a", "b", "c")
    assert (c.first_seen, c.last_seen, c.story_count) == ("2025-08-25", "2025-09-10", 3)


def test_amounts_within_one_percent_are_the_same_package_and_further_apart_are_not() -> None:
    assert len(merge_commitments([package("a", 2.000e9), package("b", 2.019e9)])) == 1
    assert len(merge_commitments([package("a", 2.000e9), package("b", 2.050e9)])) == 2


def test_the_same_figure_more_than_30_days_apart_is_a_new_package() -> None:
    found = merge_commitments([package("a", 2e9, "2025-01-10"), package("b", 2e9, "2025-03-01")])
    assert [c.articles for c in found] == [("a",), ("b",)]


def test_reports_chain_within_30_days_whatever_order_they_come_in() -> None:
    # 26 and 25 days apart: x and z, 51 days apart, are one package through y.
    items = [package("x", 5e8, "2025-01-20"), package("y", 5e8, "2025-02-15"), package("z", 5e8, "2025-03-12")]
    expected = [c.articles for c in merge_commitments(items)]
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert [c.articles for c in merge_commitments(shuffled)] == expected == [("x", "y", "z")]


def test_copies_of_one_story_are_one_package_even_when_a_scrape_misdated_one() -> None:
    found = merge_commitments([package("a", 2e9, "2025-08-25", story="s"), package("b", 2e9, "2024-01-02", story="s")])
    assert len(found) == 1
    assert found[0].story_count == 1 and found[0].articles == ("b", "a")


def test_syndicated_copies_corroborate_without_multiplying() -> None:
    found = merge_commitments(
        [
            package("wire", 2e9, story="s", outlet="Wire"),
            package("copy", 2e9, story="s", outlet="Reprint"),
            package("own", 2e9, outlet="Paper"),
        ]
    )
    assert len(found) == 1
    assert found[0].story_count == 2
    assert len(found[0].articles) == 3
    assert found[0].outlets == ("Paper", "Reprint", "Wire")


def test_amounts_in_different_currencies_match_through_usd() -> None:
    cad = sight("a", record("a", value=2e9, unit="CAD"), usd=1.4467e9)
    usd = sight("b", record("b", value=1.45e9, unit="USD"), usd=1.45e9)
    assert len(merge_commitments([cad, usd])) == 1


def test_components_belong_to_their_package_and_make_no_commitment_of_their_own() -> None:
    recs = [record("a", value=2e9), record("a", value=835e6, part_of=0), record("a", value=680e6, part_of=0)]
    found = merge_commitments([sight("a", r, idx=i) for i, r in enumerate(recs)])
    assert len(found) == 1
    assert [s.role for s in found[0].sources] == ["package", "component", "component"]
    assert found[0].articles == ("a",)


def test_actor_kind_and_recipient_tell_commitments_apart() -> None:
    found = merge_commitments(
        [
            sight("a", record("a", kind="troops", value=None)),
            sight("b", record("b", kind="troops", recipient="LVA", value=None)),
            sight("c", record("c", actor="FRA", kind="troops", value=None)),
        ]
    )
    assert {(c.actor, c.recipient) for c in found} == {("CAN", "UKR"), ("CAN", "LVA"), ("FRA", "UKR")}


def test_status_follows_the_latest_report_and_history_keeps_each_change() -> None:
    steps = [
        ("2025-01-05", "considering"),
        ("2025-02-01", "committed"),
        ("2025-02-03", "committed"),
        ("2025-05-01", "delivered"),
    ]
    found = merge_commitments(
        [sight(f"a{i}", record(f"a{i}", kind="troops", status=s), day) for i, (day, s) in enumerate(steps)]
    )
    (c,) = found
    assert c.status == Status.DELIVERED
    assert [(h.status, h.since, h.articles) for h in c.history] == [
        (Status.CONSIDERING, "2025-01-05", ("a0",)),
        (Status.COMMITTED, "2025-02-01", ("a1", "a2")),
        (Status.DELIVERED, "2025-05-01", ("a3",)),
    ]


def test_a_refusal_reversed_shows_in_the_history() -> None:
    found = merge_commitments(
        [
            sight("a", record("a", kind="troops", status="ruled_out"), "2025-03-01"),
            sight("b", record("b", kind="troops", status="considering"), "2025-06-01"),
        ]
    )
    assert [h.status for h in found[0].history] == [Status.RULED_OUT, Status.CONSIDERING]
    assert found[0].status == Status.CONSIDERING


def test_an_undated_report_joins_the_package_with_its_amount_but_bridges_nothing() -> None:
    found = merge_commitments(
        [package("jan", 3e9, "2025-01-10"), package("undated", 3e9, None), package("dec", 3e9, "2025-12-10")]
    )
    assert len(found) == 2
    assert sum("undated" in c.articles for c in found) == 1


def test_records_without_money_of_one_actor_kind_recipient_are_one_commitment_with_the_latest_amount() -> None:
    found = merge_commitments(
        [
            sight("a", record("a", kind="training", status="delivered", value=36000, unit="troops"), "2024-01-01"),
            sight("b", record("b", kind="training", status="delivered", value=45000, unit="troops"), "2025-08-25"),
        ]
    )
    (c,) = found
    assert c.amount is not None and c.amount.value == 45000


def test_keys_are_unique_and_stable() -> None:
    items = [package("a", 2e9), package("b", 1e9), sight("c", record("c", kind="troops"))]
    keys = [c.key for c in merge_commitments(items)]
    assert len(set(keys)) == 3
    assert keys == [c.key for c in merge_commitments(list(reversed(items)))]
    assert "CAN|military_aid|UKR|CAD:2000000000|2025-08-25" in keys


def test_a_copy_takes_the_date_its_sibling_rejected_as_a_page_header_date() -> None:
    items = [
        package("good", 2e9, "2025-08-25", story="s", rejected=("2024-01-02",)),
        package("scraped", 2e9, "2024-01-02", story="s"),
        package("other story", 2e9, "2024-01-02", story="t"),
    ]
    settled = {s.article: s.published for s in settle_dates(items)}
    assert settled == {"good": "2025-08-25", "scraped": "2025-08-25", "other story": "2024-01-02"}
    merged = [c for c in merge_commitments(items) if "good" in c.articles]
    assert merged[0].first_seen == "2025-08-25"
