"""CSV a spreadsheet opens safely: no formula from the news runs, no JSON list to unpick, the source URL there.

A ledger is filled with an article whose every text field begins with a character a spreadsheet
reads as the start of a formula (=, +, -, @, tab, carriage return). Every cell of every CSV that
pledgewatch writes (`export`, `commitments --format csv`, `checks --format csv`, the web downloads)
must come out as text: guarded by a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from ledger_builders import story_text

from pledgewatch.ledger import Ledger
from pledgewatch.ledger.export import COMMITMENT_COLUMNS, RECORD_COLUMNS
from pledgewatch.ledger.spreadsheet import FORMULA_STARTS
from pledgewatch.model import Amount, Article, Check, Kind, Record, Status
from pledgewatch.web import create_app

if TYPE_CHECKING:
    from conftest import RunCli

ID = '=HYPERLINK("http://evil.example/","click")'
URL = "-http://example.org/story"  # what a careless scraper could store; guarded all the same
EVIDENCE = "+Canada pledged 2 billion Canadian dollars to Ukraine."
#: Text columns that hold nothing the news controls: fixed words, hex digests, ISO dates.
OURS = {"schema_version", "fingerprint", "kind", "status", "published", "fx_date", "first_seen", "last_seen"}


def hostile_article() -> tuple[Article, list[Record]]:
    text = EVIDENCE + " " + story_text("hostile")
    article = Article(
        id=ID,
        text=text,
        raw_text=text,
        title="@SUM(1+1)",
        outlet="\t=cmd|' /C calc'!A0",
        published="2025-08-25",
        url=URL,
        source="hostile.json",
        checks=(Check("date_conflict", "\r=1+1 dates disagree", ID, (("chosen", "=2025-08-25"),)),),
    )
    record = Record(
        article=ID,
        actor="@CAN",
        kind=Kind.MILITARY_AID,
        status=Status.COMMITTED,
        evidence=EVIDENCE,
        evidence_start=0,
        evidence_end=len(EVIDENCE),
        recipient="-UKR",
        amount=Amount(2e9, "=CAD"),
        condition="\r=IF(1,1)",
        target_year=2026,
    )
    return article, [record]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    url = f"sqlite:///{tmp_path_factory.mktemp('csv') / 'hostile.db'}"
    with Ledger(url) as led:
        article, records = hostile_article()
        summary = led.store(article, records, extractor_version="-1.0")
        assert summary.new == 1, summary.failed
        yield led


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_guarded(rows: list[dict[str, str]], columns: list[str]) -> None:
    assert rows
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(FORMULA_STARTS), f"column {name} starts a formula: {value!r}"
            if name in columns:
                assert value.startswith("'"), f"column {name} holds news text but is not guarded: {value!r}"


def news_columns(pinned: tuple[tuple[str, str], ...]) -> list[str]:
    return [name for name, kind in pinned if kind in ("string", "list<string>") and name not in OURS]


@pytest.mark.parametrize("what", ["records", "commitments"])
def test_every_text_column_of_the_export_is_guarded(hostile: Ledger, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.csv"
    hostile.export("csv", out, what)
    rows = read_csv(out.read_text(encoding="utf-8"))
    pinned = RECORD_COLUMNS if what == "records" else COMMITMENT_COLUMNS
    assert list(rows[0]) == [name for name, _ in pinned]
    assert_guarded(rows, news_columns(pinned))


def test_guarded_cells_keep_the_text(hostile: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    hostile.export("csv", out, "records")
    (row,) = read_csv(out.read_text(encoding="utf-8"))
    assert row["article"] == "'" + ID and row["evidence"] == "'" + EVIDENCE and row["url"] == "'" + URL
    assert row["amount_value"] == "2000000000" and row["target_year"] == "2026"  # numbers stay numbers


def test_commitments_csv_has_urls_and_no_json_lists(hostile: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "commitments.csv"
    hostile.export("csv", out, "commitments")
    (row,) = read_csv(out.read_text(encoding="utf-8"))
    assert row["urls"] == "'" + URL
    assert row["outlets"] == "'\t=cmd|' /C calc'!A0"
    assert row["history"] == f"2025-08-25 committed ({ID})"
    assert not any(value.lstrip("'").startswith(("[", "{")) for value in row.values())


def test_the_commands_csv_is_guarded_too(hostile: Ledger, run_cli: RunCli) -> None:
    found = run_cli("commitments", "--format", "csv", "--db", hostile.url)
    assert found.code == 0, found.err
    assert_guarded(read_csv(found.out), news_columns(COMMITMENT_COLUMNS))
    checks = run_cli("checks", "--format", "csv", "--db", hostile.url)
    assert checks.code == 0, checks.err
    rows = read_csv(checks.out)
    assert_guarded(rows, ["article"])
    assert "'\r=1+1 dates disagree" in [r["message"] for r in rows]
    assert rows[0]["detail"] == "chosen: =2025-08-25"  # text, not JSON; it begins with a letter


@pytest.mark.parametrize("what", ["records", "commitments"])
def test_web_downloads_are_guarded(hostile: Ledger, what: str) -> None:
    with TestClient(create_app(hostile)) as client:
        r = client.get(f"/download/{what}.csv")
    assert r.status_code == 200
    pinned = RECORD_COLUMNS if what == "records" else COMMITMENT_COLUMNS
    assert_guarded(read_csv(r.text), news_columns(pinned))
