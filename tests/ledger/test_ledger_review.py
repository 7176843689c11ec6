"""Review: corrections override the reader everywhere, survive re-ingest and a new reader, and can be undone.

Every test runs on SQLite and on PostgreSQL (see conftest.py) with invented articles.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from ledger_builders import article
from sqlalchemy import select

from pledgewatch.ledger import Ledger
from pledgewatch.ledger import schema as t
from pledgewatch.ledger.review import ReviewError, priority, unmatched
from pledgewatch.model import Amount, Kind, Record, Status

TEXT = (
    "Norway will send two hundred soldiers to Latvia next spring, the defence minister said. "
    "Norway also pledged 500 million kroner in military aid to Ukraine. "
    "Sweden is weighing a naval mission in the Baltic."
)


def rec(
    evidence: str, actor: str, kind: str, status: str, recipient: str | None, amount: Amount | None = None
) -> Record:
    start = TEXT.index(evidence)
    return Record(
        article="nor",
        actor=actor,
        kind=Kind(kind),
        status=Status(status),
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        recipient=recipient,
        amount=amount,
    )


TROOPS = "Norway will send two hundred soldiers to Latvia next spring, the defence minister said."
AID = "Norway also pledged 500 million kroner in military aid to Ukraine."
NAVAL = "Sweden is weighing a naval mission in the Baltic."


def reader() -> list[Record]:
    return [
        rec(TROOPS, "NOR", "troops", "considering", "LVA"),  # misread: "will send" is committed
        rec(AID, "NOR", "military_aid", "committed", "UKR", Amount(500e6, "NOK")),
    ]


@pytest.fixture
def stored(ledger: Ledger) -> Ledger:
    ledger.store(article("nor", TEXT, published="2025-03-10"), reader(), extractor_version="1.0.0")
    return ledger


def record_id(ledger: Ledger, kind: str) -> int:
    with ledger.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.id, t.records.c.kind).order_by(t.records.c.id.desc())).all()
    return next(r.id for r in rows if r.kind == kind)


def troops_status(ledger: Ledger) -> tuple[str, str]:
    (c,) = [c for c in ledger.commitments() if c.kind == "troops"]
    (r,) = [r for r in ledger.records() if r["kind"] == "troops"]
    return str(c.status), r["status"]


def test_a_correction_shows_in_commitments_and_records_and_undo_restores_the_reader(stored: Ledger) -> None:
    rid = record_id(stored, "troops")
    assert troops_status(stored) == ("considering", "considering")
    state = stored.review(rid, "correct", "ana", "'will send' is firm", {"status": "committed"})
    assert state.action == "corrected" and state.shown["status"] == "committed"
    assert troops_status(stored) == ("committed", "committed")
    (c,) = [c for c in stored.commitments() if c.kind == "troops"]
    assert [str(s.status) for s in c.sources] == ["committed"]  # the commitment's sources show it too
    (entry,) = stored.review_log_rows(rid)
    assert (entry["reviewer"], entry["action"], entry["reason"]) == ("ana", "correct", "'will send' is firm")
    assert entry["before"]["status"] == "considering" and entry["after"]["status"] == "committed"
    assert entry["at"] is not None
    stored.undo(rid, "ana", "checked again")
    assert troops_status(stored) == ("considering", "considering")
    assert [e["action"] for e in stored.review_log_rows(rid)] == ["undo", "correct"]
    with pytest.raises(ReviewError, match="nothing to undo"):
        stored.undo(rid, "ana")


def test_corrections_survive_re_ingest_and_a_new_reader_version(stored: Ledger) -> None:
    stored.review(record_id(stored, "troops"), "correct", "ana", None, {"status": "committed"})
    again = stored.store(article("nor", TEXT, published="2025-03-10"), reader(), extractor_version="1.0.0")
    assert again.duplicates == 1
    newer = stored.store(article("nor", TEXT, published="2025-03-10"), reader(), extractor_version="2.0.0")
    assert newer.reextracted == 1
    assert troops_status(stored) == ("committed", "committed")  # the new reading met the same correction
    assert unmatched(stored.engine) == []
    # A reader that now reads the sentence otherwise made another record: the correction is not forced on it.
    fixed = [rec(TROOPS, "NOR", "troops", "committed", "LVA"), reader()[1]]
    stored.store(article("nor", TEXT, published="2025-03-10"), fixed, extractor_version="3.0.0")
    assert troops_status(stored) == ("committed", "committed")
    assert [u["target"].split("|")[3] for u in unmatched(stored.engine)] == ["considering"]


def test_a_corrected_amount_is_converted_at_the_article_date(stored: Ledger) -> None:
    rid = record_id(stored, "military_aid")
    before = next(r for r in stored.records() if r["kind"] == "military_aid")
    stored.review(rid, "correct", "ana", "the article says 600", {"amount_value": "600000000", "amount_unit": "NOK"})
    after = next(r for r in stored.records() if r["kind"] == "military_aid")
    assert after["amount_value"] == 600e6
    assert after["amount_usd"] == pytest.approx(before["amount_usd"] * 1.2)
    (c,) = [c for c in stored.commitments() if c.kind == "military_aid"]
    assert c.amount_usd == pytest.approx(after["amount_usd"])


def test_reject_removes_a_record_everywhere_and_undo_brings_it_back(stored: Ledger) -> None:
    rid = record_id(stored, "military_aid")
    stored.review(rid, "reject", "ana", "not a pledge")
    assert [c.kind for c in stored.commitments()] == ["troops"]
    assert all(r["kind"] != "military_aid" for r in stored.records())
    stored.undo(rid, "ana")
    assert sorted(c.kind for c in stored.commitments()) == ["military_aid", "troops"]


def test_a_record_the_reader_missed_is_added_with_its_sentence_and_can_be_undone(stored: Ledger) -> None:
    state = stored.add_record(
        "nor", {"actor": "SWE", "kind": "naval", "status": "considering"}, NAVAL, "ana", "missed by the reader"
    )
    assert state.action == "added" and state.evidence == NAVAL
    assert TEXT[state.evidence_start : state.evidence_end] == NAVAL
    (c,) = [c for c in stored.commitments() if c.actor == "SWE"]
    assert (c.kind, str(c.status), c.sources[0].record_id) == ("naval", "considering", state.record_id)
    assert any(r["actor"] == "SWE" for r in stored.records())
    # A new reader version does not lose the addition.
    stored.store(article("nor", TEXT, published="2025-03-10"), reader(), extractor_version="2.0.0")
    assert [c.actor for c in stored.commitments() if c.actor == "SWE"] == ["SWE"]
    stored.undo(state.record_id, "ana")
    assert all(c.actor != "SWE" for c in stored.commitments())
    with pytest.raises(ReviewError, match="not in its text"):
        stored.add_record("nor", {"actor": "SWE", "kind": "naval", "status": "considering"}, "No such line.", "ana")
    with pytest.raises(ReviewError, match="outside its text"):
        stored.add_record("nor", {"actor": "SWE", "kind": "naval", "status": "considering"}, (5, 100_000), "ana")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"status": "maybe"}, "status 'maybe': not a status"),
        ({"actor": "Canadia"}, "actor 'Canadia': not an ISO alpha-3 code"),
        ({"amount_value": "lots"}, "amount_value 'lots': not a number"),
        ({"target_year": "20300"}, "target_year '20300': not a year between 1900 and 2100"),
        ({"evidence": "x"}, "'evidence': not a correctable field"),
        ({}, "needs at least one field"),
    ],
)
def test_bad_corrections_are_one_clear_line_and_change_nothing(stored: Ledger, changes: dict, problem: str) -> None:
    before = stored.snapshot()
    with pytest.raises(ReviewError, match=problem) as err:
        stored.review(record_id(stored, "troops"), "correct", "ana", None, changes)
    assert "\n" not in str(err.value)
    assert stored.snapshot() == before


def test_reviewer_tokens_are_stored_hashed_and_checked(ledger: Ledger) -> None:
    token = ledger.add_reviewer("Ana Lopez")
    assert len(token) >= 40
    assert ledger.reviewer(token) == "Ana Lopez"
    assert ledger.reviewer(token + "x") is None and ledger.reviewer("") is None and ledger.reviewer(None) is None
    with ledger.engine.connect() as conn:
        stored = conn.execute(select(t.reviewers.c.token_hash)).scalars().all()
    assert stored and token not in stored[0]
    with pytest.raises(ReviewError, match="already"):
        ledger.add_reviewer("Ana Lopez")


def test_a_token_can_follow_its_flag_on_the_command_line(ledger: Ledger) -> None:
    """A token is passed as `--token TOKEN`: one that began with "-" would read as an option. URL-safe
    tokens did one time in 64 (200 draws without one: 4 % of runs); hexadecimal ones never do."""
    tokens = [ledger.add_reviewer(f"Reviewer {n}") for n in range(200)]
    assert all(len(token) == 64 and set(token) <= set("0123456789abcdef") for token in tokens)
    assert len(set(tokens)) == 200


def test_the_queue_puts_checks_and_big_sums_first_and_drops_what_was_reviewed(stored: Ledger) -> None:
    first, second = stored.review_queue()
    assert first.kind == "military_aid" and "confidence unknown" in first.reasons  # USD ~47 million
    assert second.kind == "troops"
    stored.review(first.record_id, "confirm", "ana")
    assert [i.kind for i in stored.review_queue()] == ["troops"]


def test_priority_weighs_doubt_checks_and_size() -> None:
    assert priority(0.2, 0, None)[0] > priority(0.9, 0, None)[0]
    assert priority(None, 0, None)[0] == 0.5  # unknown sits between sure and unsure
    assert priority(0.9, 2, None)[0] > priority(0.9, 0, None)[0]
    assert priority(0.9, 0, 2e9)[0] > priority(0.9, 0, 2e6)[0]


def test_corrections_export_in_the_gold_format(stored: Ledger, tmp_path: Path) -> None:
    stored.review(record_id(stored, "troops"), "correct", "ana", None, {"status": "committed", "running_total": "no"})
    stored.review(record_id(stored, "military_aid"), "confirm", "ana")
    stored.add_record("nor", {"actor": "SWE", "kind": "naval", "status": "considering"}, NAVAL, "ana")
    out = tmp_path / "corrections.jsonl"
    assert stored.export("jsonl", out, "corrections") == 3
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(x["actor"], x["kind"], x["status"]) for x in lines] == [
        ("NOR", "troops", "committed"),
        ("NOR", "military_aid", "committed"),
        ("SWE", "naval", "considering"),
    ]
    gold_fields = ["article", "actor", "kind", "status", "recipient", "amount", "part_of", "condition"]
    assert list(lines[0])[:8] == gold_fields and lines[0]["evidence"] == TROOPS
    assert lines[1]["amount"] == {"value": 500e6, "unit": "NOK", "approx": False}
    from pledgewatch.ledger import ExportError

    with pytest.raises(ExportError, match="jsonl only"):
        stored.export("csv", tmp_path / "c.csv", "corrections")


def test_the_queue_puts_what_the_reader_was_least_sure_of_first(ledger: Ledger) -> None:
    unsure, sure = (replace(r, confidence=c) for r, c in zip(reader(), (0.3, 0.95), strict=True))
    ledger.store(article("nor", TEXT, published="2025-03-10"), [sure, unsure], extractor_version="1.0.0")
    with ledger.engine.connect() as conn:
        stored = dict(conn.execute(select(t.records.c.kind, t.records.c.confidence)).all())
    assert stored == {"military_aid": 0.95, "troops": 0.3}  # kept as the reader gave it (records.confidence)
    first, second = ledger.review_queue()
    assert (first.kind, first.confidence, second.kind) == ("troops", 0.3, "military_aid")
    assert "confidence 0.30" in first.reasons and "confidence 0.95" in second.reasons


def test_a_running_total_set_by_a_reviewer_leaves_the_donors_packages(stored: Ledger) -> None:
    from pledgewatch.report.aid import aid_totals

    (before,) = aid_totals(stored.commitments())
    assert before.packages == 1 and before.usd and before.reported_usd is None
    stored.review(record_id(stored, "military_aid"), "correct", "ana", "a tally", {"running_total": "yes"})
    (aid,) = [c for c in stored.commitments() if c.kind == "military_aid"]
    assert aid.running_total and aid.key.endswith("|total")
    (after,) = aid_totals(stored.commitments())
    assert after.packages == 0 and not after.usd and after.reported_usd == before.usd
    with stored.engine.connect() as conn:  # the reader's own flag stays as it read it: the correction lies over it
        flag = select(t.records.c.running_total).where(t.records.c.id == record_id(stored, "military_aid"))
        assert conn.execute(flag).scalar() is False
