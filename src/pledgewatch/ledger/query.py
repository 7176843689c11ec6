"""Reading the ledger: commitments with their sources, checks, and the records views are built on.

Every reader shows the newest extraction of each article, so records of older extractor versions
stay stored (and exportable later) without appearing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, select

from pledgewatch.ledger import schema as t
from pledgewatch.ledger.corrections import Overlay, reviewed_rows
from pledgewatch.ledger.merge import Commitment, Source, StatusChange
from pledgewatch.ledger.store import newest_extractions, records_query
from pledgewatch.model import Amount, Check, Status


@dataclass(frozen=True)
class Filters:
    """What `pledgewatch commitments` narrows by; None means any."""

    actor: str | None = None
    kind: str | None = None
    status: str | None = None
    recipient: str | None = None
    since: date | None = None  # seen on or after this day


def commitments(engine: Engine, filters: Filters | None = None) -> list[Commitment]:
    filters = filters or Filters()
    c = t.commitments.c
    query = select(t.commitments).order_by(c.id)  # ids follow the merge's stable order
    if filters.actor:
        query = query.where(c.actor == filters.actor.upper())
    if filters.kind:
        query = query.where(c.kind == filters.kind)
    if filters.status:
        query = query.where(c.status == filters.status)
    if filters.recipient:
        query = query.where(c.recipient == filters.recipient.upper())
    if filters.since:
        query = query.where(c.last_seen >= filters.since.isoformat())
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        sources = _sources(conn, [r.id for r in rows])
    return [_commitment(r._mapping, sources.get(r.id, [])) for r in rows]


def history(engine: Engine, actor: str, kind: str | None = None) -> list[Commitment]:
    return commitments(engine, Filters(actor=actor, kind=kind))


def _sources(conn: Connection, ids: list[int]) -> dict[int, list[Source]]:
    if not ids:
        return {}
    heads = t.articles.alias("story_head")
    query = (
        select(
            t.commitment_sources.c.commitment_id,
            t.commitment_sources.c.role,
            t.records,
            t.extractions.c.extractor_version,
            t.articles.c.fingerprint,
            t.articles.c.article_id,
            t.articles.c.outlet,
            t.articles.c.published,
            heads.c.article_id.label("story"),
        )
        .join(t.records, t.records.c.id == t.commitment_sources.c.record_id)
        .join(t.extractions, t.extractions.c.id == t.records.c.extraction_id)
        .join(t.articles, t.articles.c.id == t.extractions.c.article_pk)
        .join(heads, heads.c.id == t.articles.c.story_id)
        .order_by(t.articles.c.article_id, t.records.c.idx)
    )
    wanted = set(ids)  # filtered here: an IN list of every commitment would overrun SQLite's parameter limit
    out: dict[int, list[Source]] = defaultdict(list)
    overlay = Overlay(conn)  # each source as reviewers left it: a corrected status is the one shown
    for row in conn.execute(query):
        if row.commitment_id not in wanted:
            continue
        r = SimpleNamespace(**(overlay.apply(row._mapping) or row._mapping))
        amount = Amount(r.amount_value, r.amount_unit, bool(r.amount_approx)) if r.amount_value is not None else None
        out[r.commitment_id].append(
            Source(r.article_id, r.story, r.outlet, r.published, Status(r.status), r.role, amount, r.id)
        )
    for found in out.values():  # dated first, by date, the same on every database (NULLs sort differently)
        found.sort(key=lambda s: (s.published is None, s.published or "", s.article))
    return out


def _commitment(row: Any, sources: list[Source]) -> Commitment:
    amount = None
    if row["amount_value"] is not None:
        amount = Amount(row["amount_value"], row["amount_unit"], bool(row["amount_approx"]))
    history = tuple(StatusChange(Status(h["status"]), h["since"], tuple(h["articles"])) for h in row["history"])
    return Commitment(
        key=row["key"],
        actor=row["actor"],
        kind=row["kind"],
        recipient=row["recipient"],
        amount=amount,
        amount_usd=row["amount_usd"],
        amount_eur=row["amount_eur"],
        status=Status(row["status"]),
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        sources=tuple(sources),
        history=history,
        running_total=bool(row["running_total"]),
    )


def checks(engine: Engine, code: str | None = None, article: str | None = None) -> list[Check]:
    """Article checks of each article's newest extraction, then the ledger's own."""
    c = t.checks.c
    query = select(t.checks).order_by(c.id)
    if code:
        query = query.where(c.code == code)
    if article:
        query = query.where(c.article_id == article)
    with engine.connect() as conn:
        newest = set(newest_extractions(conn))
        rows = conn.execute(query).all()
    kept = [r for r in rows if r.scope == "ledger" or r.extraction_id in newest]
    kept.sort(key=lambda r: (r.scope, r.article_id or "", r.code, r.id))
    return [Check(r.code, r.message, r.article_id, tuple(r.detail.items())) for r in kept]


def check_codes(engine: Engine) -> set[str]:
    """The check codes the ledger holds (a filter naming another code is a typo)."""
    with engine.connect() as conn:
        return set(conn.execute(select(t.checks.c.code).distinct()).scalars())


def record_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every record of each article's newest extraction and the reviewers' additions, as corrected."""
    with engine.connect() as conn:
        newest = set(newest_extractions(conn))
        return list(reviewed_rows(conn, conn.execute(records_query()), newest))


def source_urls(engine: Engine) -> dict[int, str]:
    """Record id -> the URL of its article, for every record whose article has one."""
    q = (
        select(t.records.c.id, t.articles.c.url)
        .join(t.extractions, t.extractions.c.id == t.records.c.extraction_id)
        .join(t.articles, t.articles.c.id == t.extractions.c.article_pk)
        .where(t.articles.c.url.is_not(None))
    )
    with engine.connect() as conn:
        return {r.id: r.url for r in conn.execute(q) if r.url}


__all__ = ["Filters", "check_codes", "checks", "commitments", "history", "record_rows", "source_urls"]
