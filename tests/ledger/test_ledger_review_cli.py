"""`pledgewatch reviewer`, `review`, `search` and `export --what corrections` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ledger_builders import article
from test_ledger_review import TEXT, TROOPS, reader

from pledgewatch.ledger import Ledger

if TYPE_CHECKING:
    from conftest import RunCli

NAVAL = "Sweden is weighing a naval mission in the Baltic."


@pytest.fixture
def db(db_url: str) -> str:
    with Ledger(db_url) as ledger:
        ledger.store(article("nor", TEXT, published="2025-03-10", title="Nordic defence"), reader())
    return db_url


def queue(run_cli: RunCli, db: str) -> list[dict]:
    result = run_cli("review", "queue", "--format", "jsonl", "--db", db)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def test_a_reviewer_corrects_and_undoes_on_the_command_line(run_cli: RunCli, db: str, tmp_path: Path) -> None:
    added = run_cli("reviewer", "add", "Ana", "--db", db)
    token = added.out.strip()
    assert added.code == 0 and len(token) >= 40 and "shown only now" in added.err
    troops = next(i for i in queue(run_cli, db) if i["kind"] == "troops")
    rid = str(troops["record_id"])

    refused = run_cli("review", "correct", rid, "--status", "committed", "--db", db)
    assert refused.code == 2 and "token is required" in refused.err
    wrong = run_cli("review", "correct", rid, "--status", "committed", "--token", "nope", "--db", db)
    assert wrong.code == 2 and "token is unknown" in wrong.err

    done = run_cli("review", "correct", rid, "--status", "committed", "--why", "firm", "--token", token, "--db", db)
    assert done.code == 0, done.err
    assert "corrected" in done.out
    listed = run_cli("commitments", "--format", "jsonl", "--kind", "troops", "--db", db)
    assert json.loads(listed.out)["status"] == "committed"
    assert all(i["kind"] != "troops" for i in queue(run_cli, db))
    log = run_cli("review", "log", rid, "--db", db)
    assert "Ana" in log.out and "considering" in log.out and "committed" in log.out and "why: firm" in log.out

    out = tmp_path / "corr.jsonl"
    exported = run_cli("export", "--what", "corrections", "--format", "jsonl", "--output", out, "--db", db)
    assert exported.code == 0, exported.err
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert (line["status"], line["evidence"]) == ("committed", TROOPS)

    undone = run_cli("review", "undo", rid, "--token", token, "--db", db)
    assert undone.code == 0, undone.err
    listed = run_cli("commitments", "--format", "jsonl", "--kind", "troops", "--db", db)
    assert json.loads(listed.out)["status"] == "considering"


def test_adding_a_missed_record_and_bad_values(run_cli: RunCli, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    token = run_cli("reviewer", "add", "Bo", "--db", db).out.strip()
    monkeypatch.setenv("PLEDGEWATCH_REVIEW_TOKEN", token)
    args = ("--actor", "SWE", "--kind", "naval", "--status", "considering", "--db", db)
    added = run_cli("review", "add", "nor", "--evidence", NAVAL, *args)
    assert added.code == 0, added.err
    swe = run_cli("commitments", "--actor", "SWE", "--format", "jsonl", "--db", db)
    assert json.loads(swe.out)["kind"] == "naval"
    missing = run_cli("review", "add", "nor", "--evidence", "Nothing like this.", *args)
    assert missing.code == 1 and missing.err_lines == [
        "pledgewatch: article nor: the evidence is not in its text: 'Nothing like this.'"
    ]
    rid = str(queue(run_cli, db)[0]["record_id"])
    for bad, message in (
        (("--amount", "lots"), "give a value and a unit"),
        (("--amount", "x USD"), "amount_value 'x': not a number"),
        (("--actor", "Narnia"), "actor 'Narnia': not an ISO alpha-3 code"),
        (("--target-year", "soon"), "target_year 'soon': not a year"),
    ):
        result = run_cli("review", "correct", rid, *bad, "--db", db)
        assert result.code == 1 and len(result.err_lines) == 1 and message in result.err, (bad, result.err)
    assert run_cli("review", "show", "99999", "--db", db).err_lines == ["pledgewatch: record 99999: no such record"]
    assert run_cli("reviewer", "remove", "Bo", "--db", db).code == 0
    assert run_cli("review", "confirm", rid, "--db", db).code == 2  # a removed reviewer's token opens nothing


def test_search_on_the_command_line(run_cli: RunCli, db: str) -> None:
    found = run_cli("search", "defense", "soldier", "--db", db)
    assert found.code == 0, found.err
    assert "[defence]" in found.out and "[soldiers]" in found.out and "1 articles match every word" in found.out
    records = run_cli("search", "kroner", "--what", "records", "--format", "jsonl", "--db", db)
    (hit,) = [json.loads(x) for x in records.out.splitlines()]
    assert hit["record"]["kind"] == "military_aid" and hit["sentence"].startswith("Norway also pledged")


def test_review_and_search_tables_show_the_news_without_obeying_it(run_cli: RunCli, db_url: str) -> None:
    from dataclasses import replace

    evidence = "Norway will send \x1b[2Jtwo hundred soldiers\x1b]0;owned\x07 to Latvia next spring."
    text = f"{evidence} The minister said so."
    (troops, _) = reader()
    record = replace(troops, evidence=evidence, evidence_start=0, evidence_end=len(evidence))
    with Ledger(db_url) as ledger:
        ledger.store(article("esc", text, published="2025-03-10", title="\x1b[31mred title"), [record])
    rid = str(queue(run_cli, db_url)[0]["record_id"])
    for args in (("review", "queue"), ("review", "show", rid), ("search", "soldiers")):
        result = run_cli(*args, "--db", db_url)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\x07" not in result.out, args
        assert "two hundred soldiers" in result.out.replace("[", "").replace("]", "")
