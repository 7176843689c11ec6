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
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("running_total", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("confidence", sa.Float))
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("running_total", sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_at", sa.String(25)))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_at")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("running_total")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("confidence")
        batch.drop_column("running_total")
