"""Storing articles and records on SQLite and PostgreSQL: idempotent, versioned, converted, checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledger_builders import article, record, story_text

from pledgewatch.ledger import Ledger
from pledgewatch.model import Check

TEXT = "Canada announced a package worth 2 billion Canadian dollars for Ukraine. " + story_text("maple")


def package_records(art: str = "a") -> list:
    return [
        record(art, value=2e9),
        record(art, value=835e6, part_of=0),
        record(art, value=680e6, part_of=0),
        record(art, value=220e6, part_of=0),
    ]


def test_an_article_is_stored_with_its_records_checks_and_conversions(ledger: Ledger) -> None:
    conflict = Check("date_conflict", "publication date 2025-08-25 and 2024-01-02 are 601 days apart", "a")
    summary = ledger.store(article("a", TEXT, checks=(conflict,)), package_records())
    assert (summary.new, summary.records, summary.failures) == (1, 4, 0)
    rows = ledger.records()
    assert [r["amount_value"] for r in rows] == [2e9, 835e6, 680e6, 220e6]
    assert round(rows[0]["amount_usd"]) == 1_446_663_781
    assert rows[0]["fx_date"] == "2025-08-25" and rows[0]["fx_rate_usd"] > 0 and rows[0]["amount_eur"] > 0
    assert sorted(c.code for c in ledger.checks(article="a")) == ["components_sum", "date_conflict"]
    (commitment,) = ledger.commitments()
    assert commitment.amount is not None and commitment.amount.value == 2e9
    assert [s.role for s in commitment.sources] == ["package", "component", "component", "component"]


def test_storing_the_same_article_again_changes_nothing(ledger: Ledger) -> None:
    ledger.store(article("a", TEXT), package_records())
    before = ledger.snapshot()
    summary = ledger.store(article("a", TEXT), package_records())
    assert (summary.new, summary.duplicates) == (0, 1)
    again = ledger.store(article("renamed", "  " + TEXT.upper() + "\n"), package_records("renamed"))
    assert again.duplicates == 1  # case and spacing do not make a new text
    assert ledger.snapshot() == before


def test_a_new_extractor_version_adds_records_and_the_views_use_the_newest(ledger: Ledger) -> None:
    ledger.store(article("a", TEXT), [record("a", value=2e9)], extractor_version="0.9.0")
    summary = ledger.store(article("a", TEXT), [record("a", value=3e9)], extractor_version="0.10.0")
    assert (summary.new, summary.reextracted, summary.records) == (0, 1, 1)
    assert [r["amount_value"] for r in ledger.records()] == [3e9]
    assert [c.amount.value for c in ledger.commitments() if c.amount] == [3e9]
    snap = ledger.snapshot()
    assert sorted(version for _, version in snap["extractions"]) == ["0.10.0", "0.9.0"]
    assert len(snap["records"]) == 2  # the old version's records are kept
    older = ledger.store(article("a", TEXT), [record("a", value=1e9)], extractor_version="0.2.0")
    assert older.reextracted == 1
    assert [r["amount_value"] for r in ledger.records()] == [3e9]  # newest by version, not by arrival


def test_syndicated_copies_are_linked_as_one_story(ledger: Ledger) -> None:
    body = "Canada announced a package worth 2 billion Canadian dollars for Ukraine. " + story_text("wire", 200)
    ledger.store(article("wire", body, outlet="Wire"), [record("wire", value=2e9)])
    copy = "WIRE SERVICE -- " + body[:900] + "\nRead more at the reprinting site."
    ledger.store(article("copy", copy, outlet="Reprint"), [record("copy", value=2e9)])
    ledger.store(article("other", TEXT, outlet="Paper"), [record("other", value=2e9)])
    (c,) = ledger.commitments()
    assert set(c.articles) == {"wire", "copy", "other"}
    assert c.story_count == 2
    stories = {r["article"]: r["story"] for r in ledger.records()}
    assert stories["copy"] == stories["wire"] != stories["other"]


def test_commitments_filter_and_history(ledger: Ledger) -> None:
    ledger.store(article("a", TEXT, published="2025-03-01"), [record("a", kind="troops", status="considering")])
    ledger.store(
        article("b", story_text("later"), published="2025-06-01"),
        [record("b", kind="troops", status="committed"), record("b", actor="FRA", kind="air", recipient=None)],
    )
    assert [c.actor for c in ledger.commitments(actor="fra")] == ["FRA"]
    assert [c.kind for c in ledger.commitments(kind="troops", status="committed")] == ["troops"]
    assert ledger.commitments(recipient="UKR", since=date(2025, 7, 1)) == []
    (troops,) = ledger.history("CAN", "troops")
    assert [(str(h.status), h.since) for h in troops.history] == [
        ("considering", "2025-03-01"),
        ("committed", "2025-06-01"),
    ]


def test_rebuilding_without_changes_rewrites_nothing(ledger: Ledger) -> None:
    from pledgewatch.ledger.store import materialise

    ledger.store(article("a", TEXT), package_records())
    assert materialise(ledger.engine) is False
    before = ledger.snapshot()
    assert ledger.rebuild() is True
    assert ledger.snapshot() == before


def test_the_same_inputs_give_the_same_ledger_on_every_database(db_url: str, tmp_path: Path) -> None:
    def fill(url: str) -> dict:
        with Ledger(url) as led:
            led.store(article("a", TEXT), package_records())
            led.store(article("b", story_text("b"), published=None), [record("b", kind="troops", value=None)])
            return led.snapshot()

    assert fill(db_url) == fill(f"sqlite:///{tmp_path / 'reference.db'}")
