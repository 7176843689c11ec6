"""The ledger's subcommands end to end, with the real extractor on articles written for these tests.

The fixtures: a wire story about an invented Canadian package (whose components fall short of it),
a reprint of it by another outlet (one story, two outlets), a third outlet's own report of the same
package with a conversion far off the ECB rate, and an undated Swedish position.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import RunCli

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
PACKAGE_ARTICLES = {"can-package-wire", "can-package-reprint", "can-package-gazette"}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def commitments(run_cli: RunCli, db: str, *args: str) -> list[dict]:
    result = run_cli("commitments", "--format", "jsonl", "--db", db, *args)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def test_ingest_prints_a_summary_and_a_second_run_stores_nothing(run_cli: RunCli, db: str) -> None:
    first = run_cli("ingest", ARTICLES, "--db", db)
    assert first.code == 0, first.err
    assert first.out.startswith("read 4, new 4, duplicates 0, records ")
    assert "failures 0" in first.out and "ledger: 4 articles, 3 stories," in first.out
    second = run_cli("ingest", ARTICLES, "--db", db, "--batch-size", "1")
    assert second.code == 0
    assert second.out.startswith("read 4, new 0, duplicates 4, records 0, failures 0")
    assert first.out.splitlines()[1] == second.out.splitlines()[1]


def test_one_package_from_three_outlets_and_two_stories(run_cli: RunCli, db: str) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    found = commitments(run_cli, db, "--actor", "CAN", "--kind", "military_aid")
    package = [c for c in found if c["amount_value"] == 2e9 and c["amount_unit"] == "CAD"]
    assert len(package) == 1
    assert set(package[0]["articles"]) == PACKAGE_ARTICLES
    assert package[0]["story_count"] == 2
    assert package[0]["first_seen"] == "2025-08-25" and package[0]["last_seen"] == "2025-08-26"
    assert package[0]["outlets"] == ["Harbour Gazette", "Northern Wire", "Prairie Daily"]
    assert round(package[0]["amount_usd"]) == 1_446_663_781
    roles = {s["role"] for s in package[0]["sources"]}
    assert roles == {"package", "component"}


def test_commitment_filters_and_formats(run_cli: RunCli, db: str) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    assert {c["actor"] for c in commitments(run_cli, db, "--recipient", "ukr")} >= {"CAN", "SWE"}
    assert commitments(run_cli, db, "--since", "2030-01-01") == []
    assert all(c["status"] == "ruled_out" for c in commitments(run_cli, db, "--status", "ruled_out"))
    table = run_cli("commitments", "--db", db)
    assert table.code == 0 and "CAN" in table.out and "2,000,000,000 CAD" in table.out
    as_csv = run_cli("commitments", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(as_csv.out)))
    assert rows and rows[0]["schema_version"] == "2"


def test_history_shows_each_commitment_with_its_reports(run_cli: RunCli, db: str) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    result = run_cli("history", "CAN", "military_aid", "--db", db)
    assert result.code == 0, result.err
    assert "Canada (CAN) military_aid -> Ukraine (UKR) 2,000,000,000 CAD" in result.out
    assert "2025-08-25  committed" in result.out
    assert run_cli("history", "SWE", "--format", "jsonl", "--db", db).out.count("\n") >= 1


def test_checks_list_the_sum_and_the_conversion(run_cli: RunCli, db: str) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    result = run_cli("checks", "--format", "jsonl", "--db", db)
    assert result.code == 0, result.err
    found = [json.loads(line) for line in result.out.splitlines()]
    by = {(c["code"], c["article"]) for c in found}
    assert ("components_sum", "can-package-wire") in by
    assert ("conversion_off", "can-package-gazette") in by
    only = run_cli("checks", "--code", "components_sum", "--article", "can-package-wire", "--db", db)
    assert "1,735,000,000 CAD" in only.out
    assert "conversion_off" not in only.out


def test_export_writes_the_requested_file(run_cli: RunCli, db: str, tmp_path: Path) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    out = tmp_path / "records.parquet"
    result = run_cli("export", "--format", "parquet", "--output", out, "--db", db)
    assert result.code == 0 and result.out.startswith("wrote ") and out.exists()
    result = run_cli("export", "--format", "csv", "--output", tmp_path / "c.csv", "--what", "commitments", "--db", db)
    assert result.code == 0


def test_bad_input_is_reported_and_skipped_and_damages_nothing(run_cli: RunCli, db: str) -> None:
    run_cli("ingest", ARTICLES, "--db", db)
    before = commitments(run_cli, db)
    result = run_cli("ingest", FIXTURES / "bad", ARTICLES / "sweden-troops.txt", FIXTURES / "missing.json", "--db", db)
    assert result.code == 1
    assert len(result.err_lines) == 3
    assert all(line.startswith("pledgewatch: ") and "/" in line for line in result.err_lines)
    assert "failures 3" in result.out and "duplicates 1" in result.out
    assert commitments(run_cli, db) == before


def test_reading_commands_on_a_missing_ledger_say_so_in_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    for command in (["commitments"], ["history", "CAN"], ["checks"], ["export", "--format", "csv", "-o", "x.csv"]):
        result = run_cli(*command, "--db", f"sqlite:///{tmp_path / 'none.db'}")
        assert result.code == 1
        assert result.err_lines == [
            f"pledgewatch: {tmp_path / 'none.db'}: no ledger there yet (run "
            "`pledgewatch ingest PATH` first, or give --db)"
        ]


def test_usage_errors_are_argparse_errors(run_cli: RunCli, db: str) -> None:
    assert run_cli("commitments", "--since", "yesterday", "--db", db).code == 2
    assert run_cli("commitments", "--kind", "bananas", "--db", db).code == 2
    assert run_cli("ingest", ARTICLES, "--batch-size", "0", "--db", db).code == 2
    assert run_cli("export", "--format", "xml", "--output", "x", "--db", db).code == 2


def test_failures_never_show_a_traceback(run_cli_subprocess: RunCli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'sub.db'}"
    result = run_cli_subprocess("ingest", FIXTURES / "bad", "--db", db)
    assert result.code == 1 and "Traceback" not in result.err
    assert "read 0, new 0, duplicates 0, records 0, failures 2" in result.out
    unreachable = run_cli_subprocess("checks", "--db", "postgresql://u:pw@127.0.0.1:9/none")
    assert unreachable.code == 1 and "Traceback" not in unreachable.err
    assert len(unreachable.err_lines) == 1 and "pw" not in unreachable.err
