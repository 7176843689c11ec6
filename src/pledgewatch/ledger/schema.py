"""The ledger's tables, as SQLAlchemy Core metadata shared by SQLite and PostgreSQL.

What articles said (articles, extractions, records, article checks) is kept apart from what the
ledger concludes (commitments, their sources, ledger checks): the first is only ever added to, the
second is rebuilt from it whenever it changes, so a better merge never needs a data migration.

This module is the target the migrations must reach; `tests/ledger/test_ledger_schema.py` compares a
migrated database with it, so a column added here without a migration fails the suite.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

# Named constraints, so that migrations can refer to them the same way on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False, unique=True),  # sha256 of the normalised cleaned text
    Column("article_id", String(500), nullable=False, index=True),  # the id the source gave it
    Column("title", Text),
    Column("headline", Text, nullable=False),  # title, else the first line: what syndicated copies share
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(10)),  # YYYY-MM-DD or YYYY-MM
    Column("published_at", String(25)),  # the stated time in UTC (YYYY-MM-DDTHH:MM:SSZ), when metadata gives one
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("story_id", Integer, nullable=False, index=True),  # id of the story's member with the smallest article_id
    Column("minhash", LargeBinary, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("extractor_version", String(40), nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_pk", "extractor_version", name="uq_extractions_article_version"),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("extraction_id", Integer, ForeignKey("extractions.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),  # position in the article's records: what part_of points at
    Column("actor", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("recipient", String(16)),
    Column("amount_value", Float),
    Column("amount_unit", String(16)),
    Column("amount_approx", Boolean),
    Column("amount_low", Float),
    Column("amount_high", Float),
    Column("amount_usd", Float),
    Column("amount_eur", Float),
    Column("fx_rate_usd", Float),  # US dollars per unit of amount_unit
    Column("fx_rate_eur", Float),
    Column("fx_date", Date),  # the ECB date the rates are from (the article's date or the nearest earlier)
    Column("part_of", Integer),
    Column("condition", Text),
    Column("target_year", Integer),
    Column("since_year", Integer),
    Column("running_total", Boolean, nullable=False, server_default=false()),  # a tally, never added to packages
    Column("confidence", Float),  # the reader's calibrated confidence (0-1); null when no model read it
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    UniqueConstraint("extraction_id", "idx", name="uq_records_extraction_idx"),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("actor", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("recipient", String(16)),
    Column("amount_value", Float),
    Column("amount_unit", String(16)),
    Column("amount_approx", Boolean),
    Column("amount_usd", Float),
    Column("amount_eur", Float),
    Column("running_total", Boolean, nullable=False, server_default=false()),
    Column("status", String(16), nullable=False),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("article_count", Integer, nullable=False),
    Column("story_count", Integer, nullable=False),
    Column("outlets", JSON, nullable=False),
    Column("history", JSON, nullable=False),
)

commitment_sources = Table(
    "commitment_sources",
    metadata,
    Column("commitment_id", Integer, ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(12), nullable=False),  # package, statement or component
)

checks = Table(
    "checks",
    metadata,
    Column("id", Integer, primary_key=True),
    # An article check belongs to the extraction that raised it; a ledger check to the merge.
    Column("extraction_id", Integer, ForeignKey("extractions.id", ondelete="CASCADE")),
    Column("scope", String(8), nullable=False),  # article or ledger
    Column("code", String(40), nullable=False),
    Column("article_id", String(500)),
    Column("message", Text, nullable=False),
    Column("detail", JSON, nullable=False),
)

meta = Table(
    "ledger_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- review: people who correct the reader, their decisions and the audit trail (migration 0002_review) ---

reviewers = Table(
    "reviewers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the token; the token is never stored
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A reviewer's current decision on one record, keyed on what survives re-ingest and a new reader:
# the article's fingerprint and the reader's own reading of the record (see ledger/corrections.py).
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("target", String(400), nullable=False),
    Column("action", String(10), nullable=False),  # confirmed, corrected, rejected or added
    Column("changes", JSON, nullable=False),  # the fields the reviewer set, over the reader's values
    Column("reviewer", String(100), nullable=False),
    Column("reason", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fingerprint", "target", name="uq_corrections_target"),
)

# Every change, never updated: who, when, the record before and after, why, and what undo restores.
review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("target", String(400), nullable=False),
    Column("action", String(10), nullable=False),  # confirm, correct, reject, add or undo
    Column("reviewer", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("before", JSON),  # the record as the views showed it before; null when it did not exist
    Column("after", JSON),  # ... and after; null when it was rejected
    Column("reason", Text),
    Column("previous", JSON),  # the decision this change replaced (null: none), which undo restores
    Column("undoes", Integer),  # for an undo: the id of the change it reverted
)

__all__ = [
    "articles",
    "checks",
    "commitment_sources",
    "commitments",
    "corrections",
    "extractions",
    "meta",
    "metadata",
    "records",
    "review_log",
    "reviewers",
]
