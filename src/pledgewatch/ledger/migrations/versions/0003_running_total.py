"""Running totals apart from packages, the reader's confidence, the stated time of same-day reports.

`records.running_total` and `commitments.running_total` flag a tally ("has committed $62 billion
since 2022", LEDGER.md rule 18) that the ledger shows beside a donor's packages and never adds to
them; `records.confidence` keeps how sure the reader was (0-1, null when no model read the
record), so the review queue can put the least sure first; `articles.published_at` keeps the time
of day a source states, so reports of one day are ordered by it instead of flipping a
commitment's history back and forth.

Revision ID: 0003_running_total
Revises: 0002_review
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_running_total"
down_revision = "0002_review"  # one line of history: 0001 -> 0002_review -> 0003_running_total
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy of the table: copying `records` or `articles` on SQLite
    # would drop the triggers that keep their search index (0002_review) in step.
    op.add_column("records", sa.Column("running_total", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("records", sa.Column("confidence", sa.Float))
    op.add_column("commitments", sa.Column("running_total", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("articles", sa.Column("published_at", sa.String(25)))


def downgrade() -> None:
    for table, column in (
        ("articles", "published_at"),
        ("commitments", "running_total"),
        ("records", "confidence"),
        ("records", "running_total"),
    ):
        if op.get_bind().dialect.name == "sqlite":  # SQLite 3.35+ drops in place: the search triggers stay
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
