"""Alembic environment: always run programmatically by `pledgewatch.ledger.db`, on its connection.

There is no alembic.ini: the ledger upgrades itself when opened, so users never run alembic by hand.
"""

from __future__ import annotations

from alembic import context

from pledgewatch.ledger.schema import metadata

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter columns on SQLite, which has no ALTER COLUMN.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
