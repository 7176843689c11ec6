"""The JSON API and CSV downloads: the same data as the pages, typed so the OpenAPI schema documents it.

Response models mirror the export's versioned columns, so a program can move between the API, the
CSV download and `pledgewatch export` without renaming anything.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from pledgewatch.ledger import Ledger
from pledgewatch.ledger.export import commitment_row
from pledgewatch.model import Kind, Status
from pledgewatch.report import data


class HistoryEntry(BaseModel):
    status: str
    since: str | None
    articles: list[str]


class SourceOut(BaseModel):
    article: str
    outlet: str | None
    published: str | None
    status: str
    role: str
    record_id: int | None


class CommitmentOut(BaseModel):
    schema_version: int
    key: str
    actor: str
    kind: str
    recipient: str | None
    amount_value: float | None
    amount_unit: str | None
    amount_approx: bool | None
    amount_usd: float | None
    amount_eur: float | None
    status: str
    first_seen: str | None
    last_seen: str | None
    article_count: int
    story_count: int
    outlets: list[str]
    articles: list[str]
    history: list[HistoryEntry]
    sources: list[SourceOut]


class RecordOut(BaseModel):
    schema_version: int
    article: str
    fingerprint: str
    story: str
    outlet: str | None
    published: str | None
    extractor_version: str
    index: int
    actor: str
    kind: str
    status: str
    recipient: str | None
    amount_value: float | None
    amount_unit: str | None
    amount_approx: bool | None
    amount_low: float | None
    amount_high: float | None
    amount_usd: float | None
    amount_eur: float | None
    fx_rate_usd: float | None
    fx_rate_eur: float | None
    fx_date: str | None
    part_of: int | None
    condition: str | None
    target_year: int | None
    since_year: int | None
    evidence: str
    evidence_start: int
    evidence_end: int


class ArticleOut(BaseModel):
    id: int
    article_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    text: str
    sentence: str | None = None  # with q: the sentence that matched best


class ArticlePage(BaseModel):
    total: int
    articles: list[ArticleOut]


class CheckOut(BaseModel):
    code: str
    message: str
    article: str | None
    detail: dict[str, Any]


class IngestOut(BaseModel):
    read: int
    new: int
    reextracted: int
    duplicates: int
    records: int
    failures: int
    failed: list[str]


def ledger_of(request: Request) -> Ledger:
    return request.app.state.ledger  # type: ignore[no-any-return]


LedgerDep = Annotated[Ledger, Depends(ledger_of)]
router = APIRouter(prefix="/api", tags=["api"])


def commitment_out(c: Any) -> dict[str, Any]:
    row = commitment_row(c)
    row["sources"] = [
        {
            "article": s.article,
            "outlet": s.outlet,
            "published": s.published,
            "status": str(s.status),
            "role": s.role,
            "record_id": s.record_id,
        }
        for s in c.sources
    ]
    return row


@router.get("/commitments", response_model=list[CommitmentOut], summary="Merged commitments with sources")
def api_commitments(
    ledger: LedgerDep,
    actor: str | None = None,
    kind: Kind | None = None,
    status: Status | None = None,
    recipient: str | None = None,
    start: Annotated[str | None, Query(description="reported on or after (YYYY-MM-DD)")] = None,
    end: Annotated[str | None, Query(description="first reported on or before (YYYY-MM-DD)")] = None,
) -> list[dict[str, Any]]:
    found = ledger.commitments(
        actor=actor, kind=str(kind) if kind else None, status=str(status) if status else None, recipient=recipient
    )
    return [commitment_out(c) for c in found if data.in_range(c, start, end)]


@router.get("/records", response_model=list[RecordOut], summary="Each article's newest records")
def api_records(ledger: LedgerDep) -> list[dict[str, Any]]:
    return ledger.records()


@router.get(
    "/articles",
    response_model=ArticlePage,
    summary="Articles; with q, those with every word of q (stemmed, either spelling), best first",
)
def api_articles(
    ledger: LedgerDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    from pledgewatch.ledger.search import SearchError

    try:
        total, rows = data.search_articles(ledger.engine, q, limit, offset)
    except SearchError as err:
        raise HTTPException(422, str(err)) from None
    return {"total": total, "articles": rows}


@router.get("/checks", response_model=list[CheckOut], summary="Open checks: article and ledger checks")
def api_checks(ledger: LedgerDep, code: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
    return [c.to_json() for c in ledger.checks(code=code, article=article)]


downloads = APIRouter(tags=["downloads"])


@downloads.get(
    "/download/{what}.csv",
    summary="CSV download of commitments or records (the export's columns)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 404: {"description": "neither commitments nor records"}},
)
def download_csv(ledger: LedgerDep, what: str) -> Response:
    if what not in ("commitments", "records"):
        raise HTTPException(404, "only commitments.csv and records.csv can be downloaded")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{what}.csv"
        ledger.export("csv", path, what)
        body = path.read_bytes()
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="pledgewatch-{what}.csv"'},
    )


__all__ = ["IngestOut", "downloads", "router"]
