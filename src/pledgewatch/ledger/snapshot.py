"""The ledger's content as plain data, without database ids or timestamps.

Two ledgers built from the same inputs must be equal whatever happened on the way (an ingest killed
and rerun, an article stored twice, SQLite or PostgreSQL); this is what "equal" means.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from pledgewatch.ledger import schema as t


def snapshot(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        arts = {r.id: r for r in conn.execute(select(t.articles))}
        exts = {r.id: r for r in conn.execute(select(t.extractions))}
        recs = {r.id: r for r in conn.execute(select(t.records))}

        def extraction(ext_id: int | None) -> tuple[str, str] | None:
            if ext_id is None:
                return None
            e = exts[ext_id]
            return (arts[e.article_pk].fingerprint, e.extractor_version)

        def record(rec_id: int) -> tuple[Any, ...]:
            r = recs[rec_id]
            return (*(extraction(r.extraction_id) or ()), r.idx)

        articles = sorted(
            (
                a.fingerprint,
                a.article_id,
                a.title,
                a.headline,
                a.url,
                a.outlet,
                a.published,
                a.source,
                a.text,
                arts[a.story_id].fingerprint,
                bytes(a.minhash).hex(),
            )
            for a in arts.values()
        )
        extractions = sorted(extraction(e) for e in exts)
        skip_rec = {"id", "extraction_id"}
        records = sorted(
            (record(r.id), tuple(sorted((k, _plain(v)) for k, v in r._mapping.items() if k not in skip_rec)))
            for r in recs.values()
        )
        checks = sorted(
            (c.scope, c.code, c.article_id or "", c.message, repr(c.detail), extraction(c.extraction_id) or ())
            for c in conn.execute(select(t.checks))
        )
        sources: dict[int, list[tuple[Any, ...]]] = {}
        for s in conn.execute(select(t.commitment_sources)):
            sources.setdefault(s.commitment_id, []).append((record(s.record_id), s.role))
        commitments = sorted(
            (
                tuple(sorted((k, _plain(v)) for k, v in c._mapping.items() if k != "id")),
                tuple(sorted(sources.get(c.id, []))),
            )
            for c in conn.execute(select(t.commitments))
        )
    return {
        "articles": articles,
        "extractions": extractions,
        "records": records,
        "checks": checks,
        "commitments": commitments,
    }


def _plain(value: Any) -> str:
    """Every value as text, so rows sort whatever mix of None, numbers and JSON they hold."""
    if isinstance(value, float):
        value = round(value, 6)
    return repr(value)


__all__ = ["snapshot"]
