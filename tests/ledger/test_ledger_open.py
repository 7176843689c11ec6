"""Opening ledgers this pledgewatch cannot write: one made by a newer version, a read-only file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ledger_builders import article, record, story_text

from pledgewatch.ledger import Ledger, LedgerError
from unprivileged import run_unprivileged, shared_dir

if TYPE_CHECKING:
    from conftest import RunCli


def test_a_ledger_from_a_newer_pledgewatch_says_so(db_url: str) -> None:
    with Ledger(db_url) as led, led.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")
    with pytest.raises(LedgerError) as err:
        Ledger(db_url, create=False)
    message = str(err.value)
    assert "this ledger was made by a newer pledgewatch (revision 9001)" in message
    assert "upgrade pledgewatch" in message and "\n" not in message


def test_the_command_names_the_newer_revision_not_an_internal_error(tmp_path: Path, run_cli: RunCli) -> None:
    db = f"sqlite:///{tmp_path / 'new.db'}"
    with Ledger(db) as led, led.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")
    result = run_cli("commitments", "--db", db)
    assert result.code == 1
    [line] = result.err_lines
    assert "this ledger was made by a newer pledgewatch (revision 9001)" in line
    assert "internal error" not in line and "CommandError" not in line


def test_a_read_only_ledger_file_can_be_read() -> None:
    with shared_dir() as folder:
        path = folder / "archive.db"
        with Ledger(f"sqlite:///{path}") as led:
            led.store(article("ro", story_text("ro")), [record("ro", status="committed")])
        path.chmod(0o444)  # and the directory is not the reader's either: no -wal or -shm can be made
        before = path.read_bytes()
        db = f"sqlite:///{path}"
        probe = run_unprivileged(["-c", f"open({str(path)!r}, 'r+b')"], folder)
        if probe.returncode == 0:
            pytest.skip("this user can write a file with mode 444; the case cannot be built here")
        listed = run_unprivileged(["-m", "pledgewatch.cli", "commitments", "--format", "jsonl", "--db", db], folder)
        checks = run_unprivileged(["-m", "pledgewatch.cli", "checks", "--db", db], folder)
        out = folder / "out"
        out.mkdir()
        out.chmod(0o777)
        export = run_unprivileged(
            ["-m", "pledgewatch.cli", "export", "--format", "jsonl", "-o", "out/records.jsonl", "--db", db], folder
        )
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["archive.db", "out"]  # no -wal, no -shm
        exported = (out / "records.jsonl").read_text()
    assert listed.returncode == 0, listed.stderr
    assert [json.loads(line)["actor"] for line in listed.stdout.splitlines()] == ["CAN"]
    assert checks.returncode == 0, checks.stderr
    assert export.returncode == 0, export.stderr
    assert [json.loads(line)["actor"] for line in exported.splitlines()] == ["CAN"]


def test_writing_to_a_read_only_ledger_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    Ledger(f"sqlite:///{path}").close()
    with shared_dir() as folder:
        target = folder / "l.db"
        target.write_bytes(path.read_bytes())
        target.chmod(0o444)
        (folder / "a.txt").write_text("Canada will send 100 soldiers to Latvia.")
        (folder / "a.txt").chmod(0o644)
        probe = run_unprivileged(["-c", f"open({str(target)!r}, 'r+b')"], folder)
        if probe.returncode == 0:
            pytest.skip("this user can write a file with mode 444; the case cannot be built here")
        result = run_unprivileged(["-m", "pledgewatch.cli", "ingest", "a.txt", "--db", f"sqlite:///{target}"], folder)
    assert result.returncode == 1
    assert "readonly database" in result.stderr and "Traceback" not in result.stderr
