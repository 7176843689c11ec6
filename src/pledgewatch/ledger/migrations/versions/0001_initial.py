"""The first ledger: articles, extractions, records, commitments and their sources, checks.

Revision ID: 0001
Revises:
Create Date: 2025-09-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(500), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("fingerprint", name="uq_articles_fingerprint"),
    )
    op.create_index("ix_articles_article_id", "articles", ["article_id"])
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_pk", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_extractions"),
        sa.ForeignKeyConstraint(
            ["article_pk"], ["articles.id"], name="fk_extractions_article_pk_articles", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("article_pk", "extractor_version", name="uq_extractions_article_version"),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("extraction_id", sa.Integer, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(16)),
        sa.Column("amount_value", sa.Float),
        sa.Column("amount_unit", sa.String(16)),
        sa.Column("amount_approx", sa.Boolean),
        sa.Column("amount_low", sa.Float),
        sa.Column("amount_high", sa.Float),
        sa.Column("amount_usd", sa.Float),
        sa.Column("amount_eur", sa.Float),
        sa.Column("fx_rate_usd", sa.Float),
        sa.Column("fx_rate_eur", sa.Float),
        sa.Column("fx_date", sa.Date),
        sa.Column("part_of", sa.Integer),
        sa.Column("condition", sa.Text),
        sa.Column("target_year", sa.Integer),
        sa.Column("since_year", sa.Integer),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
        sa.ForeignKeyConstraint(
            ["extraction_id"], ["extractions.id"], name="fk_records_extraction_id_extractions", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("extraction_id", "idx", name="uq_records_extraction_idx"),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("actor", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(16)),
        sa.Column("amount_value", sa.Float),
        sa.Column("amount_unit", sa.String(16)),
        sa.Column("amount_approx", sa.Boolean),
        sa.Column("amount_usd", sa.Float),
        sa.Column("amount_eur", sa.Float),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("last_seen", sa.String(10)),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("story_count", sa.Integer, nullable=False),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("history", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_commitments"),
        sa.UniqueConstraint("key", name="uq_commitments_key"),
    )
    op.create_table(
        "commitment_sources",
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("commitment_id", "record_id", name="pk_commitment_sources"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name="fk_commitment_sources_commitment_id_commitments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name="fk_commitment_sources_record_id_records", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("extraction_id", sa.Integer),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("article_id", sa.String(500)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checks"),
        sa.ForeignKeyConstraint(
            ["extraction_id"], ["extractions.id"], name="fk_checks_extraction_id_extractions", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "ledger_meta",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_ledger_meta"),
    )


def downgrade() -> None:
    for table in ("ledger_meta", "checks", "commitment_sources", "commitments", "records", "extractions", "articles"):
        op.drop_table(table)
