"""The JSON API and CSV downloads: the same data as the pages, typed so the OpenAPI schema documents it.

Response models mirror the export's versioned columns, so a program can move between the API, the
CSV download and `pledgewatch export` without renaming anything.
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from pledgewatch import filters
from pledgewatch.ledger import Ledger, export
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
    urls: list[str]
    history: list[HistoryEntry]
    running_total: bool  # a donor's reported tally (LEDGER.md rule 18): never a package, never summed
    sources: list[SourceOut]


class RecordOut(BaseModel):
    schema_version: int
    article: str
    fingerprint: str
    story: str
    outlet: str | None
    url: str | None
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


def commitment_out(c: Any, urls: dict[int, str] | None = None) -> dict[str, Any]:
    row = commitment_row(c, urls)
    row["running_total"] = c.running_total
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


def checked(read: Any, *args: Any) -> Any:
    """A filter value checked by `pledgewatch.filters`; a value that names nothing is 422, never an empty list."""
    try:
        return read(*args)
    except filters.BadFilter as err:
        raise HTTPException(422, str(err)) from None


ActorQuery = Annotated[str | None, Query(description="code, name or demonym: CAN, Canada, Canadian")]
StartQuery = Annotated[str | None, Query(description="reported on or after (YYYY-MM-DD)")]
EndQuery = Annotated[str | None, Query(description="first reported on or before (YYYY-MM-DD)")]
UNKNOWN = {422: {"description": "a filter names no actor, code or date (one sentence in `detail`)"}}


@router.get(
    "/commitments", response_model=list[CommitmentOut], summary="Merged commitments with sources", responses=UNKNOWN
)
def api_commitments(
    ledger: LedgerDep,
    actor: ActorQuery = None,
    kind: Kind | None = None,
    status: Status | None = None,
    recipient: ActorQuery = None,
    start: StartQuery = None,
    end: EndQuery = None,
) -> list[dict[str, Any]]:
    actor, recipient = checked(filters.actor, actor), checked(filters.actor, recipient, "recipient")
    start, end = checked(filters.day, start, "start"), checked(filters.day, end, "end")
    found = ledger.commitments(
        actor=actor, kind=str(kind) if kind else None, status=str(status) if status else None, recipient=recipient
    )
    urls = ledger.source_urls()
    return [commitment_out(c, urls) for c in found if data.in_range(c, start, end)]


@router.get("/records", response_model=list[RecordOut], summary="Each article's newest records", responses=UNKNOWN)
def api_records(
    ledger: LedgerDep,
    actor: ActorQuery = None,
    kind: Kind | None = None,
    status: Status | None = None,
    recipient: ActorQuery = None,
    article: Annotated[str | None, Query(description="the article's id")] = None,
    start: Annotated[str | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    end: Annotated[str | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
) -> list[dict[str, Any]]:
    actor, recipient = checked(filters.actor, actor), checked(filters.actor, recipient, "recipient")
    start, end = checked(filters.day, start, "start"), checked(filters.day, end, "end")
    wanted = {"actor": actor, "kind": str(kind) if kind else None, "status": str(status) if status else None}
    wanted |= {"recipient": recipient, "article": article}
    rows = [r for r in ledger.records() if all(v is None or r[k] == v for k, v in wanted.items())]
    if start:
        rows = [r for r in rows if r["published"] and r["published"][: len(start)] >= start[: len(r["published"])]]
    if end:
        rows = [r for r in rows if r["published"] and r["published"][: len(end)] <= end]
    return rows


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


@router.get(
    "/checks", response_model=list[CheckOut], summary="Open checks: article and ledger checks", responses=UNKNOWN
)
def api_checks(ledger: LedgerDep, code: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
    code = checked(filters.check_code, code, ledger.check_codes())
    return [c.to_json() for c in ledger.checks(code=code, article=article)]


downloads = APIRouter(tags=["downloads"])


Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="YYYY-MM-DD or YYYY-MM")]


@downloads.get(
    "/download/{what}.csv",
    summary="CSV download of commitments or records (the export's columns), narrowed like the page it came from",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 404: {"description": "neither commitments nor records"}, **UNKNOWN},
)
def download_csv(
    ledger: LedgerDep,
    what: str,
    actor: ActorQuery = None,
    kind: Kind | None = None,
    status: Status | None = None,
    recipient: ActorQuery = None,
    start: Day = None,
    end: Day = None,
) -> Response:
    """The rows the page shows: its filters (actor, kind, status, recipient, date range) arrive as parameters."""
    if what not in ("commitments", "records"):
        raise HTTPException(404, "only commitments.csv and records.csv can be downloaded")
    actor, recipient = checked(filters.actor, actor), checked(filters.actor, recipient, "recipient")
    narrow = {"actor": actor, "kind": str(kind) if kind else None, "status": str(status) if status else None}
    if what == "commitments":
        found = ledger.commitments(**narrow, recipient=recipient)
        rows = export.commitment_rows(ledger.engine, [c for c in found if data.in_range(c, start, end)])
    else:
        wanted = {**narrow, "recipient": recipient}
        rows = [
            r
            for r in ledger.records()
            if all(v is None or r[k] == v for k, v in wanted.items()) and _published_in(r["published"], start, end)
        ]
    body = io.StringIO()
    export.write_csv(body, what, rows)
    return Response(
        body.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="pledgewatch-{what}.csv"'},
    )


def _published_in(published: str | None, start: str | None, end: str | None) -> bool:
    """Within the range, comparing as text as the matrix does (a month-only date is within its month)."""
    if start and (published is None or published[: len(start)] < start[: len(published)]):
        return False
    return not (end and (published is None or published[: len(end)] > end))


__all__ = ["IngestOut", "downloads", "router"]
