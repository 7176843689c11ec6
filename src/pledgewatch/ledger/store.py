"""Writing the ledger: one transaction per article, and the commitments materialised from all of them.

Each article is stored with its extraction, records and checks in a single transaction, so a
process killed at any moment leaves whole articles or none; the fingerprint's unique constraint
makes a rerun (or a second process) skip what is already there. Commitments and ledger checks are
derived data: `materialise` rebuilds them in one transaction, and only when the set of newest
extractions (or the merge rules) changed since the last build, so a rerun that adds nothing
rewrites nothing.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from pledgewatch.ledger import schema as t
from pledgewatch.ledger.admit import admitted, admitted_records, dated, plausible_amounts
from pledgewatch.ledger.checks import article_checks, check_detail, ledger_checks
from pledgewatch.ledger.corrections import REVIEW_VERSION, review_version, reviewed_rows
from pledgewatch.ledger.currency import Conversion, Rates, article_day, is_money
from pledgewatch.ledger.db import writing
from pledgewatch.ledger.merge import Commitment, Sighting, merge_commitments
from pledgewatch.ledger.stories import Stored, StoryIndex, fingerprint, headline, signature
from pledgewatch.model import Amount, Article, Check, Kind, Record, Status

#: Bump when the merge or the ledger checks change, so stored commitments are rebuilt.
MERGE_RULES = "2"  # 2: offers told apart by time, condition and size; running totals apart


@dataclass(frozen=True)
class Prepared:
    """An article ready to store: cleaned, fingerprinted, extracted, converted and checked."""

    article: Article
    fingerprint: str
    headline: str
    minhash: bytes
    records: tuple[Record, ...]
    conversions: tuple[Conversion | None, ...]
    checks: tuple[Check, ...]
    extractor_version: str


def prepare(article: Article, records: Sequence[Record], extractor_version: str, rates: Rates) -> Prepared:
    """Everything computed about an article before its transaction opens, so the transaction stays short.

    What the ledger admits (`admit`) is applied here, the same for SQLite and PostgreSQL.
    """
    article, date_checks = dated(admitted(article))
    records = admitted_records(records)
    day = article_day(article.published)
    conversions = tuple(
        rates.convert(r.amount.value, r.amount.unit, day)
        if r.amount is not None and is_money(r.amount.unit) and math.isfinite(r.amount.value)
        else None
        for r in records
    )
    records, amount_checks = plausible_amounts(article.id, records, [c.usd if c else None for c in conversions])
    conversions = tuple(c if r.amount is not None else None for r, c in zip(records, conversions, strict=True))
    checks = (
        *article.checks,
        *date_checks,
        *amount_checks,
        *article_checks(article.id, article.published, records, conversions, rates, day),
    )
    return Prepared(
        article=article,
        fingerprint=fingerprint(article.text),
        headline=headline(article.title, article.text),
        minhash=signature(article.text),
        records=tuple(records),
        conversions=conversions,
        checks=tuple(checks),
        extractor_version=extractor_version,
    )


def version_key(version: str) -> tuple[int, ...]:
    """'0.10.0' after '0.9.1': versions compare by their numbers, not as strings."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def stored_versions(engine: Engine, fp: str) -> set[str] | None:
    """The extractor versions stored for the article with this fingerprint; None if it is not stored."""
    with engine.connect() as conn:
        pk = conn.execute(select(t.articles.c.id).where(t.articles.c.fingerprint == fp)).scalar()
        if pk is None:
            return None
        q = select(t.extractions.c.extractor_version).where(t.extractions.c.article_pk == pk)
        return set(conn.execute(q).scalars())


def story_index(engine: Engine) -> StoryIndex:
    """The signatures stored so far, loaded before any write lock is taken; `save` adds what others store later."""
    with engine.connect() as conn:
        return StoryIndex(_stored(conn, 0))


def _stored(conn: Connection, after: int) -> Iterator[Stored]:
    q = select(t.articles.c.id, t.articles.c.headline, t.articles.c.minhash).where(t.articles.c.id > after)
    for r in conn.execute(q.order_by(t.articles.c.id)):
        yield Stored(r.id, r.headline, bytes(r.minhash))


def save(engine: Engine, item: Prepared, index: StoryIndex) -> str:
    """Store one article in one transaction: 'new', 're-extracted' (a new extractor version) or 'duplicate'.

    The transaction holds the ledger's write lock (`db.writing`), so the article is compared with
    every article committed before it, by this run or by another process, and joins the stories as
    they are now: two ingests at once build the same stories as one after the other.
    """
    now = datetime.now(UTC)
    try:
        with writing(engine) as conn:
            for stored in _stored(conn, index.newest):  # what other processes stored since we last looked
                index.add(stored)
            pk = conn.execute(select(t.articles.c.id).where(t.articles.c.fingerprint == item.fingerprint)).scalar()
            outcome = "re-extracted"
            if pk is None:
                pk = _insert_article(conn, item, index.matches(item.minhash, item.headline), now)
                outcome = "new"
            elif conn.execute(
                select(t.extractions.c.id).where(
                    t.extractions.c.article_pk == pk, t.extractions.c.extractor_version == item.extractor_version
                )
            ).first():
                return "duplicate"
            _insert_extraction(conn, pk, item, now)
    except IntegrityError:
        return "duplicate"  # another writer stored it between our look and our insert
    if outcome == "new":
        index.add(Stored(pk, item.headline, item.minhash))
    return outcome


def _insert_article(conn: Connection, item: Prepared, copies: set[int], now: datetime) -> int:
    """Insert the article into the story of the stored `copies` (joining their stories if they were several).

    A story is named by its member with the smallest article id (then fingerprint), whatever order
    its copies arrived in: the `story` column must not depend on which of two ingests stored first.
    """
    a = item.article
    values = {
        "fingerprint": item.fingerprint,
        "article_id": a.id,
        "title": a.title,
        "headline": item.headline,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published,
        "published_at": a.published_at,
        "source": a.source,
        "text": a.text,
        "story_id": 0,
        "minhash": item.minhash,
        "ingested_at": now,
    }
    pk = conn.execute(insert(t.articles).values(**values)).inserted_primary_key[0]
    heads = [(a.id, item.fingerprint, pk)]
    joined: list[int] = []
    if copies:  # a story's id is its head's: the member with the smallest (article id, fingerprint)
        q = select(t.articles.c.story_id).where(t.articles.c.id.in_(sorted(copies))).distinct()
        joined = sorted(conn.execute(q).scalars())
        q = select(t.articles.c.article_id, t.articles.c.fingerprint, t.articles.c.id)
        heads += [tuple(r) for r in conn.execute(q.where(t.articles.c.id.in_(joined)))]
    story = min(heads)[2]  # compared in Python: SQL collations differ between databases
    if joined == [story] or not joined:  # one story and its head stays: only the new article is labelled
        conn.execute(update(t.articles).where(t.articles.c.id == pk).values(story_id=story))
    else:  # a new head, or stories joined by an article that bridges them
        whom = or_(t.articles.c.id == pk, t.articles.c.story_id.in_(joined))
        conn.execute(update(t.articles).where(whom).values(story_id=story))
    return pk


def _insert_extraction(conn: Connection, pk: int, item: Prepared, now: datetime) -> None:
    ext = conn.execute(
        insert(t.extractions).values(article_pk=pk, extractor_version=item.extractor_version, extracted_at=now)
    ).inserted_primary_key[0]
    rows = [_record_row(ext, i, r, c) for i, (r, c) in enumerate(zip(item.records, item.conversions, strict=True))]
    if rows:
        conn.execute(insert(t.records), rows)
    checks = [
        {
            "extraction_id": ext,
            "scope": "article",
            "code": c.code,
            "article_id": c.article or item.article.id,
            "message": c.message,
            "detail": check_detail(c),
        }
        for c in item.checks
    ]
    if checks:
        conn.execute(insert(t.checks), checks)


def _record_row(ext: int, idx: int, r: Record, conv: Conversion | None) -> dict[str, object]:
    a = r.amount
    return {
        "extraction_id": ext,
        "idx": idx,
        "actor": r.actor,
        "kind": str(r.kind),
        "status": str(r.status),
        "recipient": r.recipient,
        "amount_value": a.value if a else None,
        "amount_unit": a.unit if a else None,
        "amount_approx": a.approx if a else None,
        "amount_low": a.low if a else None,
        "amount_high": a.high if a else None,
        "amount_usd": conv.usd if conv else None,
        "amount_eur": conv.eur if conv else None,
        "fx_rate_usd": conv.rate_usd if conv else None,
        "fx_rate_eur": conv.rate_eur if conv else None,
        "fx_date": conv.day if conv else None,
        "part_of": r.part_of,
        "condition": r.condition,
        "target_year": r.target_year,
        "since_year": r.since_year,
        "running_total": r.running_total,
        "confidence": r.confidence if r.confidence is not None and math.isfinite(r.confidence) else None,
        "evidence": r.evidence,
        "evidence_start": r.evidence_start,
        "evidence_end": r.evidence_end,
    }


def newest_extractions(conn: Connection) -> list[int]:
    """The newest extraction of every article: what all views show."""
    newest: dict[int, tuple[tuple[int, ...], int]] = {}
    rows = conn.execute(select(t.extractions.c.id, t.extractions.c.article_pk, t.extractions.c.extractor_version))
    for ext_id, pk, version in rows:
        if version == REVIEW_VERSION:  # reviewers' additions are laid over the newest reading, not one
            continue
        key = (version_key(version), ext_id)
        if pk not in newest or key > newest[pk]:
            newest[pk] = key
    return sorted(ext_id for _, ext_id in newest.values())


def record_from_row(row: object) -> Record:
    r = row._mapping if hasattr(row, "_mapping") else row  # type: ignore[attr-defined]
    amount = None
    if r["amount_value"] is not None:
        amount = Amount(
            r["amount_value"], r["amount_unit"], bool(r["amount_approx"]), r["amount_low"], r["amount_high"]
        )
    return Record(
        article=r["article_id"],
        actor=r["actor"],
        kind=Kind(r["kind"]),
        status=Status(r["status"]),
        evidence=r["evidence"],
        evidence_start=r["evidence_start"],
        evidence_end=r["evidence_end"],
        recipient=r["recipient"],
        amount=amount,
        amount_usd=r["amount_usd"],
        part_of=r["part_of"],
        condition=r["condition"],
        target_year=r["target_year"],
        since_year=r["since_year"],
        running_total=bool(r["running_total"]),
        confidence=r["confidence"],
    )


def records_query() -> Select[Any]:
    """Records with their article's columns, in article then record order.

    Callers keep the newest extractions in Python: an IN list of every article would overrun
    SQLite's limit on bound parameters in a large ledger.
    """
    heads = t.articles.alias("story_head")
    return (
        select(
            t.records,
            t.extractions.c.extractor_version,
            t.articles.c.article_id,
            t.articles.c.fingerprint,
            t.articles.c.outlet,
            t.articles.c.url,
            t.articles.c.published,
            t.articles.c.published_at,
            heads.c.article_id.label("story"),
        )
        .join(t.extractions, t.records.c.extraction_id == t.extractions.c.id)
        .join(t.articles, t.extractions.c.article_pk == t.articles.c.id)
        .join(heads, heads.c.id == t.articles.c.story_id)
        .order_by(t.articles.c.article_id, t.articles.c.fingerprint, t.records.c.idx)
    )


def sightings(conn: Connection, ext_ids: Sequence[int]) -> list[Sighting]:
    keep = set(ext_ids)
    rejected = _rejected_dates(conn, keep)
    out = []
    for r in reviewed_rows(conn, conn.execute(records_query()), keep):
        out.append(
            Sighting(
                record=record_from_row(r),
                idx=r["idx"],
                article=r["article_id"],
                article_key=r["fingerprint"],
                story=r["story"],
                outlet=r["outlet"],
                published=r["published"],
                published_at=r["published_at"],
                amount_usd=r["amount_usd"],
                amount_eur=r["amount_eur"],
                record_id=r["id"],
                rejected_dates=rejected.get(r["extraction_id"], ()),
            )
        )
    return out


def _rejected_dates(conn: Connection, keep: set[int]) -> dict[int, tuple[str, ...]]:
    """Per extraction, the dates its article's cleaning weighed and rejected (`date_conflict` checks)."""
    out: dict[int, set[str]] = {}
    rows = conn.execute(select(t.checks.c.extraction_id, t.checks.c.detail).where(t.checks.c.code == "date_conflict"))
    for ext_id, detail in rows:
        if ext_id not in keep or not isinstance(detail, dict):
            continue
        chosen = detail.get("chosen")
        for candidate in detail.get("candidates") or ():
            if isinstance(candidate, list) and len(candidate) == 2 and candidate[1] != chosen:
                out.setdefault(ext_id, set()).add(str(candidate[1]))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def materialise(engine: Engine, *, force: bool = False) -> bool:
    """Rebuild commitments and ledger checks if what they derive from changed; True if rebuilt."""
    with writing(engine) as conn:
        ext_ids = newest_extractions(conn)
        reviewed = review_version(conn)  # a correction changes the commitments as a new extraction does
        digest = hashlib.sha256(f"{MERGE_RULES}:{reviewed}:{','.join(map(str, ext_ids))}".encode()).hexdigest()
        built = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "commitments_digest")).scalar()
        if built == digest and not force:
            return False
        seen = sightings(conn, ext_ids)
        commitments = merge_commitments(seen)
        conn.execute(delete(t.commitment_sources))
        conn.execute(delete(t.checks).where(t.checks.c.scope == "ledger"))
        conn.execute(delete(t.commitments))
        _insert_commitments(conn, commitments)
        rows = [
            {
                "extraction_id": None,
                "scope": "ledger",
                "code": c.code,
                "article_id": c.article,
                "message": c.message,
                "detail": check_detail(c),
            }
            for c in ledger_checks(commitments, seen)
        ]
        if rows:
            conn.execute(insert(t.checks), rows)
        conn.execute(delete(t.meta).where(t.meta.c.key == "commitments_digest"))
        conn.execute(insert(t.meta).values(key="commitments_digest", value=digest))
    return True


def _insert_commitments(conn: Connection, commitments: list[Commitment]) -> None:
    # Ids are assigned here, 1..n in the merge's stable order: the table is rebuilt whole each time.
    rows, sources = [], []
    for cid, c in enumerate(commitments, start=1):
        rows.append(
            {
                "id": cid,
                **c.summary_row(),
                "running_total": c.running_total,
                "history": [h.to_json() for h in c.history],
            }
        )
        done = set()
        for s in c.sources:
            if s.record_id is not None and s.record_id not in done:
                done.add(s.record_id)
                sources.append({"commitment_id": cid, "record_id": s.record_id, "role": s.role})
    if rows:
        conn.execute(insert(t.commitments), rows)
    if sources:
        conn.execute(insert(t.commitment_sources), sources)


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            "articles": conn.execute(select(func.count()).select_from(t.articles)).scalar_one(),
            "stories": conn.execute(select(func.count(func.distinct(t.articles.c.story_id)))).scalar_one(),
            "commitments": conn.execute(select(func.count()).select_from(t.commitments)).scalar_one(),
            "checks": conn.execute(select(func.count()).select_from(t.checks)).scalar_one(),
        }


__all__ = ["Prepared", "materialise", "newest_extractions", "prepare", "save", "sightings", "story_index"]
