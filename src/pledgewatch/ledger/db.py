"""Opening a ledger database: which one, how its connections behave, and bringing its schema up to date.

The schema is migrated on every open (Alembic, scripts shipped inside the package), so a user who
upgrades pledgewatch never runs a migration tool by hand. Every failure a user can cause (a bad
URL, a server that refuses, a directory that does not exist) becomes one `LedgerError` line.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

DEFAULT_URL = "sqlite:///pledgewatch.db"
ENV_VAR = "PLEDGEWATCH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# A reader waiting for a writer's commit is normal during ingest; waiting longer means a stuck writer.
BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK = 0x706C6467  # any fixed number; PostgreSQL advisory locks are named by numbers
WRITE_LOCK = 0x706C6477  # the ledger's one write lock on PostgreSQL, as BEGIN IMMEDIATE is on SQLite


class LedgerError(Exception):
    """A problem with the ledger database the user can act on; its message is one line."""


def resolve_url(url: str | None) -> str:
    """The URL given, else $PLEDGEWATCH_DB, else a SQLite file in the working directory."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def display(url: str | URL) -> str:
    """The URL as messages show it: without the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise LedgerError(f"{url}: not a database URL (try sqlite:///FILE or postgresql://HOST/DB)") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.get_driver_name() in ("psycopg2", ""):
        # psycopg 3 is the driver pledgewatch installs; "postgresql://" should just work.
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise LedgerError(f"{display(url)}: unsupported database {backend!r} (use sqlite or postgresql)")
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def connect(url: str, *, create: bool = True) -> Engine:
    """An engine on `url` whose schema is at the newest migration.

    With `create=False` a SQLite file that does not exist is an error rather than a new empty
    ledger: a query against a mistyped path should say so, not answer "nothing found".
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        if not create and not path.exists():
            raise LedgerError(f"{path}: no ledger there yet (run `pledgewatch ingest PATH` first, or give --db)")
        if not path.parent.exists():
            raise LedgerError(f"{path}: cannot create the database: directory {path.parent} does not exist")
    try:
        engine = _engine(parsed)
    except NoSuchModuleError as err:
        raise LedgerError(f"{display(parsed)}: no driver for this database: {err}") from None
    try:
        migrate(engine)
    except SQLAlchemyError as err:
        engine.dispose()
        raise LedgerError(f"{display(parsed)}: cannot open the ledger: {first_line(err)}") from None
    except LedgerError as err:
        engine.dispose()
        raise LedgerError(f"{display(parsed)}: {err}") from None
    return engine


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and path.exists() and not os.access(path, os.W_OK):
            engine = create_engine("sqlite://", creator=lambda: _open_read_only(path))
            event.listen(engine, "connect", _sqlite_read_pragmas)
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A ledger file we may not write (an archive, a shared copy) is opened read-only, so it can be read.

    SQLite reads a WAL database through its -shm file; when that is missing and cannot be created
    (the directory is not ours either), the file is opened as immutable: nothing can be writing a
    ledger whose journal cannot even be created.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    shm = path.with_name(path.name + "-shm")
    if not shm.exists() and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """As `_sqlite_pragmas`, without the settings that write (the journal mode is the writer's choice)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds the ledger's write lock from its first statement to its end.

    On SQLite that is BEGIN IMMEDIATE; on PostgreSQL a transaction-scoped advisory lock. Writers
    take turns: a transaction that reads first and writes later (the story of a new article, the
    commitments rebuilt from every record) sees everything committed before it and nothing changes
    under it, so concurrent ingests give what one after the other gives, and two rebuilds never
    insert the same commitment ids at once.
    """
    with engine.connect() as conn:
        conn.execution_options(pledgewatch_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield conn


def _sqlite_begin(conn: Connection) -> None:
    """pysqlite's own BEGIN is off (see `_sqlite_pragmas`): it skips DDL, so migrations were not atomic."""
    immediate = conn.get_execution_options().get("pledgewatch_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers query while ingest writes; foreign keys are off in SQLite unless asked for."""
    dbapi_connection.isolation_level = None  # transactions are begun by `_sqlite_begin`
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL is still crash-safe for the database: a killed process loses nothing committed.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting for other connections as the busy timeout would.

    Switching a file's journal mode needs it to itself, and SQLite answers "database is locked" at
    once rather than calling the busy handler when another connection holds a lock: two ingests
    opening a new ledger together failed that way about one time in eight. The mode is stored in the
    file, so only the first opening of a ledger switches it; the others see it done and skip.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if err.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration shipped with this pledgewatch, in one transaction.

    A ledger at a revision this pledgewatch does not ship was made by a newer one: that is said in
    so many words, since Alembic's own "Can't locate revision" reads like a bug.
    """
    current = _current_revisions(engine)
    if current == [head_revision()]:
        return
    unknown = sorted(set(current) - known_revisions())
    if unknown:
        raise LedgerError(
            f"this ledger was made by a newer pledgewatch (revision {', '.join(unknown)}); "
            f"this one knows revisions up to {head_revision()}: upgrade pledgewatch to use it"
        )
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":  # two processes opening a new ledger: one migrates
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _current_revisions(engine: Engine) -> list[str]:
    """The revisions the database is at (none for a new one); read without Alembic, which is slow to import."""
    from sqlalchemy import text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return []
        return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all())


def known_revisions() -> set[str]:
    """The ids of the migrations shipped with this pledgewatch."""
    return {_revision_of(p) for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def head_revision() -> str:
    """The newest migration's id, read from the highest-numbered script (revisions are numbered in order)."""
    return _revision_of(max((MIGRATIONS / "versions").glob("[0-9]*.py"), key=lambda p: p.stem))


def _revision_of(script: Path) -> str:
    """A script's `revision = "..."`, not its file name: ids may be a bare number ("0001") or carry the
    name ("0003_running_total"), and a wrong id here would call a ledger newer than this pledgewatch.
    """
    found = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', script.read_text(encoding="utf-8"), re.M)
    return found[1] if found else script.stem.split("_", 1)[0]


def first_line(err: BaseException) -> str:
    """A driver error's first line, without SQLAlchemy's background-link footer."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip()
    return text.splitlines()[0] if text else type(err).__name__


__all__ = ["DEFAULT_URL", "ENV_VAR", "LedgerError", "connect", "display", "migrate", "resolve_url", "writing"]
