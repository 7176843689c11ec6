"""What the ledger admits, one rule on both databases: NUL characters, over-long ids, future dates, absurd figures."""

from __future__ import annotations

import json
from pathlib import Path

from ledger_builders import article, record, story_text
from sqlalchemy import select

from pledgewatch.ledger import Ledger
from pledgewatch.ledger import schema as t


def _no_constants(name: str) -> None:
    raise AssertionError(f"JSON holds {name}, which is not JSON")


def test_nul_characters_are_replaced_alike(ledger: Ledger) -> None:
    text = "Canada\x00 pledged aid to Ukraine. " + story_text("nul")
    evidence = "Canada\x00 pledged aid to Ukraine."
    summary = ledger.store(article("nul-1", text, title="Aid\x00 news"), [record("nul-1", evidence=evidence)])
    assert summary.failures == 0, summary.failed
    with ledger.engine.connect() as conn:
        row = conn.execute(select(t.articles.c.text, t.articles.c.title)).one()
    assert row.title == "Aid\ufffd news"
    assert "Canada\ufffd pledged aid to Ukraine." in row.text and "\x00" not in row.text
    [stored] = ledger.records()
    assert stored["evidence"] == "Canada\ufffd pledged aid to Ukraine."


def test_an_over_long_id_is_refused_alike_with_one_line(ledger: Ledger) -> None:
    long_id = "x" * 600
    summary = ledger.store(article(long_id, story_text("long")), [record(long_id)])
    assert summary.failures == 1 and summary.new == 0
    [line] = summary.failed
    assert line.endswith("article id is 600 characters long (limit 500); not stored")
    assert "\n" not in line
    assert ledger.snapshot()["articles"] == []


def test_an_id_at_the_limit_is_stored(ledger: Ledger) -> None:
    summary = ledger.store(article("y" * 500, story_text("limit")), [record("y" * 500)])
    assert summary.failures == 0 and summary.new == 1


def test_a_future_date_is_flagged_and_does_not_pin_the_status(ledger: Ledger) -> None:
    ledger.store(article("early", story_text("early"), published="2025-03-01"), [record("early", status="considering")])
    ledger.store(article("far", story_text("far"), published="9999-12-31"), [record("far", status="ruled_out")])
    ledger.store(article("later", story_text("later"), published="2025-06-01"), [record("later", status="committed")])
    [commitment] = ledger.commitments()
    assert commitment.status == "committed"
    assert commitment.last_seen == "2025-06-01"
    [check] = ledger.checks(code="future_date")
    assert check.article == "far" and "9999-12-31" in check.message


def test_an_implausible_amount_is_left_out_with_a_check_and_exports_stay_json(ledger: Ledger, tmp_path: Path) -> None:
    ledger.store(article("huge", story_text("huge")), [record("huge", value=1e33, unit="USD")])
    [commitment] = ledger.commitments()
    assert commitment.amount is None and commitment.amount_usd is None
    [check] = ledger.checks(code="implausible_amount")
    assert check.article == "huge" and "1e+33 USD is over the plausibility bound" in check.message
    out = tmp_path / "records.jsonl"
    ledger.export("jsonl", out)
    rows = [json.loads(line, parse_constant=_no_constants) for line in out.read_text().splitlines()]
    assert [r["amount_value"] if "amount_value" in r else r.get("amount") for r in rows] == [None]


def test_an_infinite_amount_never_reaches_json(ledger: Ledger, tmp_path: Path) -> None:
    ledger.store(article("inf", story_text("inf")), [record("inf", value=float("inf"), unit="EUR")])
    out = tmp_path / "commitments.jsonl"
    ledger.export("jsonl", out, "commitments")
    for line in out.read_text().splitlines():
        json.loads(line, parse_constant=_no_constants)
    [check] = ledger.checks(code="implausible_amount")
    assert "not a finite number" in check.message
