"""The migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.ledger import Ledger, LedgerError
from pledgewatch.ledger.db import MIGRATIONS, head_revision
from pledgewatch.ledger.schema import metadata


def test_the_migrated_database_matches_the_declared_schema(ledger: Ledger) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def declared(obj: object, name: str | None, type_: str, reflected: bool, _compare_to: object) -> bool:
        # The search index is the database's own (FTS5 tables on SQLite, GIN expression indexes on PostgreSQL),
        # which the declared schema does not describe; ledger/search.py tests it on both databases.
        name = name or ""
        search_table = type_ == "table" and name.startswith("search_")
        search_index = type_ == "index" and name.startswith("ix_") and name.endswith("_search")
        return not (reflected and (search_table or search_index))

    with ledger.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": declared})
        diff = compare_metadata(context, metadata)
    assert diff == [], f"schema.py and the migrations differ; add a migration: {diff}"


def test_the_quick_head_check_agrees_with_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == head_revision()


def test_opening_twice_migrates_once_and_keeps_the_data(db_url: str) -> None:
    with Ledger(db_url) as first, first.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO ledger_meta (key, value) VALUES ('probe', 'kept')")
    with Ledger(db_url) as second, second.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM ledger_meta WHERE key = 'probe'").scalar() == "kept"


def test_sqlite_ledgers_use_wal_so_readers_do_not_wait_for_ingest(tmp_path: Path) -> None:
    with Ledger(f"sqlite:///{tmp_path / 'w.db'}") as led, led.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("nonsense", "not a database URL"),
        ("mysql://localhost/x", "unsupported database 'mysql'"),
        ("sqlite:////no/such/directory/x.db", "directory /no/such/directory does not exist"),
        ("postgresql://nobody:secret@127.0.0.1:9/none", "cannot open the ledger"),
    ],
)
def test_a_bad_database_is_one_clear_line(url: str, problem: str) -> None:
    with pytest.raises(LedgerError) as err:
        Ledger(url)
    message = str(err.value)
    assert problem in message and "\n" not in message
    assert "secret" not in message


def test_reading_a_ledger_that_does_not_exist_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(LedgerError, match="no ledger there yet"):
        Ledger(f"sqlite:///{missing}", create=False)
    assert not missing.exists()


def test_the_ledger_url_defaults_to_the_environment_then_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLEDGEWATCH_DB", raising=False)
    with Ledger() as led:
        assert led.url == "sqlite:///pledgewatch.db"
    assert (tmp_path / "pledgewatch.db").exists()
    monkeypatch.setenv("PLEDGEWATCH_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with Ledger() as led:
        assert led.url.endswith("env.db")


def test_the_migrations_are_one_line_of_history() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == ["0003_running_total"]
    chain = [(s.revision, s.down_revision) for s in scripts.walk_revisions()]
    assert chain == [("0003_running_total", "0002_review"), ("0002_review", "0001"), ("0001", None)]


def test_a_ledger_at_0002_review_is_upgraded_on_open_and_keeps_its_corrections(db_url: str) -> None:
    from datetime import UTC, datetime

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, insert, inspect

    from pledgewatch.ledger.schema import corrections

    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_review")
        values = {"fingerprint": "f", "target": "t", "action": "confirmed", "changes": {}, "reviewer": "ana"}
        conn.execute(insert(corrections).values(**values, updated_at=datetime.now(UTC)))
    engine.dispose()
    with Ledger(db_url) as led, led.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert conn.exec_driver_sql("SELECT reviewer FROM corrections").scalar() == "ana"
        columns = {c["name"] for c in inspect(conn).get_columns("records")}
        assert {"running_total", "confidence"} <= columns


def test_0003_keeps_the_search_index_in_step_both_ways(db_url: str) -> None:
    """Altering `records` must not lose the triggers (SQLite) that index what is stored later."""
    from alembic import command
    from alembic.config import Config
    from ledger_builders import article

    from pledgewatch.model import Kind, Record, Status

    text = "Norway will send two hundred instructors to Latvia."
    record = Record("nor", "NOR", Kind("training"), Status("committed"), text, 0, len(text), "LVA")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with Ledger(db_url) as led:
        with led.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002_review")
            command.upgrade(config, "head")
        led.store(article("nor", text), [record])
        assert led.search("instructors", "records", 10).total == 1
        assert led.search("instructors", "articles", 10).total == 1
