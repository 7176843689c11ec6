"""Ledger fixtures: a fresh database per test on SQLite and, when one is given, on PostgreSQL.

PostgreSQL is a real server (`.ci/run` starts one on loopback and exports PLEDGEWATCH_TEST_PG_URL);
each test gets its own schema in it, dropped afterwards, so tests never see each other's rows.
Without the variable the PostgreSQL cases skip with a message saying how to run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgewatch.ledger import Ledger

PG_ENV = "PLEDGEWATCH_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty ledger database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    yield from _pg_schema_url()


def _pg_schema_url() -> Iterator[str]:
    base = pg_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}=postgresql+psycopg://USER@HOST:PORT/DB (.ci/run does)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(make_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    with Ledger(db_url) as opened:
        yield opened
