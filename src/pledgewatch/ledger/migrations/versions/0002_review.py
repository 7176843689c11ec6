"""Review and search: reviewers, their corrections and the audit trail; full-text indexes on both databases.

Revision ID: 0002_review
Revises: 0001
Create Date: 2026-12-05

The search index is the database's own: an FTS5 table kept in step by triggers on SQLite, and GIN
expression indexes on PostgreSQL (nothing to keep in step). `ledger/search.py` queries both.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_review"
down_revision = "0001"
branch_labels = None
depends_on = None

#: Porter stemming over Unicode words, accents folded: "Defences", "défense" and "defence" meet.
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
#: The expressions the PostgreSQL indexes are built on; ledger/search.py must use exactly these.
PG_ARTICLE_DOCUMENT = "coalesce(title, '') || ' ' || coalesce(outlet, '') || ' ' || text"
PG_RECORD_DOCUMENT = "evidence || ' ' || coalesce(condition, '')"


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviewers"),
        sa.UniqueConstraint("name", name="uq_reviewers_name"),
        sa.UniqueConstraint("token_hash", name="uq_reviewers_token_hash"),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("target", sa.String(400), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
        sa.UniqueConstraint("fingerprint", "target", name="uq_corrections_target"),
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("target", sa.String(400), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.Text),
        sa.Column("previous", sa.JSON),
        sa.Column("undoes", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_review_log"),
    )
    op.create_index("ix_review_log_fingerprint", "review_log", ["fingerprint"])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search_up()
    else:
        _postgresql_search_up()


def _sqlite_search_up() -> None:
    tables = {
        "search_articles": ("articles", ("title", "outlet", "text")),
        "search_records": ("records", ("evidence", "condition")),
    }
    for fts, (source, cols) in tables.items():
        names = ", ".join(cols)
        new = ", ".join(f"new.{c}" for c in cols)
        old = ", ".join(f"old.{c}" for c in cols)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{source}', content_rowid='id', "
            f"tokenize='{FTS_TOKENIZER}')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {source} BEGIN "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # what was stored before this migration


def _postgresql_search_up() -> None:
    op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin (to_tsvector('english', {PG_ARTICLE_DOCUMENT}))")
    op.execute(f"CREATE INDEX ix_records_search ON records USING gin (to_tsvector('english', {PG_RECORD_DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts in ("search_articles", "search_records"):
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("DROP INDEX IF EXISTS ix_records_search")
    op.drop_index("ix_review_log_fingerprint", "review_log")
    for table in ("review_log", "corrections", "reviewers"):
        op.drop_table(table)
