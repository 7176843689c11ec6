"""Opening a ledger database: which one, how its connections behave, and bringing its schema up to date.

The schema is migrated on every open (Alembic, scripts shipped inside the package), so a user who
upgrades pledgewatch never runs a migration tool by hand. Every failure a user can cause (a bad
URL, a server that refuses, a directory that does not exist) becomes one `LedgerError` line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

DEFAULT_URL = "sqlite:///pledgewatch.db"
ENV_VAR = "PLEDGEWATCH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# A reader waiting for a writer's commit is normal during ingest; waiting longer means a stuck writer.
BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK = 0x706C6467  # any fixed number; PostgreSQL advisory locks are named by numbers


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
    return engine


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: on SQLite it takes the write lock at once (BEGIN IMMEDIATE).

    A deferred transaction that reads first and writes later can fail outright when another
    writer commits in between; taking the lock first makes a second writer wait its turn instead.
    """
    with engine.connect() as conn:
        conn.execution_options(pledgewatch_write=True)
        with conn.begin():
            yield conn


def _sqlite_begin(conn: Connection) -> None:
    """pysqlite's own BEGIN is off (see `_sqlite_pragmas`): it skips DDL, so migrations were not atomic."""
    immediate = conn.get_execution_options().get("pledgewatch_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers query while ingest writes; foreign keys are off in SQLite unless asked for."""
    dbapi_connection.isolation_level = None  # transactions are begun by `_sqlite_begin`
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # In WAL mode NORMAL is still crash-safe for the database: a killed process loses nothing committed.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration shipped with this pledgewatch, in one transaction."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":  # two processes opening a new ledger: one migrates
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _at_head(engine: Engine) -> bool:
    """Skips Alembic's import and script scan on every open of an up-to-date ledger."""
    from sqlalchemy import text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return current == [head_revision()]


def head_revision() -> str:
    """The newest migration's id, read from the highest-numbered script (revisions are numbered in order).

    Read from the script's `revision = "..."` line, not its file name: ids such as "0002_review" keep
    their name, and a wrong guess here would rerun Alembic on every open.
    """
    newest = sorted((MIGRATIONS / "versions").glob("[0-9]*.py"))[-1]
    found = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', newest.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else newest.stem.split("_", 1)[0]


def first_line(err: BaseException) -> str:
    """A driver error's first line, without SQLAlchemy's background-link footer."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip()
    return text.splitlines()[0] if text else type(err).__name__


__all__ = ["DEFAULT_URL", "ENV_VAR", "LedgerError", "connect", "display", "migrate", "resolve_url", "writing"]
