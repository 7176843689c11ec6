"""The FastAPI app: HTML pages that work without JavaScript, the JSON API, and error pages without tracebacks.

Pages are plain GET forms and links, so they work by keyboard and without scripts. Every value from
the news reaches the page through Jinja2 autoescaping; the evidence sentence is marked by splitting
the text around its offsets, never by inserting markup into it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pledgewatch import filters, names
from pledgewatch.ledger import Ledger
from pledgewatch.ledger.search import SearchError
from pledgewatch.model import Kind
from pledgewatch.report import data
from pledgewatch.report.data import Cell, Entry
from pledgewatch.report.html import chart_markup, environment
from pledgewatch.web import api, ingest, review
from pledgewatch.web.guard import BodyGuard, request_cap

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL can hold; a bigger number names nothing
DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"  # no other site may frame the pages (clickjacking the ingest form)
)
log = logging.getLogger("pledgewatch.web")


def link(what: str, a: str, b: str | None = None, cell: Cell | Entry | None = None) -> str:
    """URLs the shared templates build: the report passes no `link`, the app this one."""
    if isinstance(cell, Entry):
        if cell.count == 1:
            return link("commitment", cell.latest.key)
        return f"/actors/{quote(a, safe='')}?{urlencode({'kind': b or '', 'recipient': cell.recipient or ''})}"
    if what == "actor":
        return f"/actors/{quote(a, safe='')}"
    if what == "commitment":
        return f"/commitments/{quote(a, safe='')}"
    if cell is not None and len(cell.commitments) == 1:
        return link("commitment", cell.commitments[0].key)
    return f"/actors/{quote(a, safe='')}?{urlencode({'kind': b or ''})}"


def download_query(request: Request, context: dict[str, Any]) -> str:
    """The page's filters as the CSV links' query: a download holds what the page shows."""
    given = {**request.query_params, **(context.get("filters") or {})}
    params = {k: given[k] for k in ("recipient", "status") if given.get(k)}
    if given.get("kind") in {str(k) for k in Kind}:
        params["kind"] = given["kind"]
    params.update({k: given[k] for k in ("start", "end") if given.get(k) and DAY.match(given[k])})
    if isinstance(context.get("actor"), str):
        params["actor"] = context["actor"]
    return "?" + urlencode(params) if params else ""


def _span(row: dict[str, Any]) -> tuple[int, int]:
    """The evidence's offsets, or where its sentence is found when the offsets do not fit the text."""
    before, sentence, _ = data.split_evidence(row["text"], row["evidence_start"], row["evidence_end"], row["evidence"])
    return len(before), len(before) + len(sentence)


def page_filter(read: Any, *args: Any) -> Any:
    """A filter value checked by `pledgewatch.filters`: one that names nothing is a 422 page, not an empty one."""
    try:
        return read(*args)
    except filters.BadFilter as err:
        raise HTTPException(422, str(err)) from None


def create_app(ledger: Ledger, *, token: str | None = None, max_request_bytes: int | None = None) -> FastAPI:
    """The app over one open ledger. With a token, `POST /api/ingest` exists and requires it.

    `max_request_bytes` caps every request body (default: `guard.request_cap()`, 50 MB or
    $PLEDGEWATCH_MAX_REQUEST_MB); larger requests get 413 before their body is read.
    """
    app = FastAPI(
        title="pledgewatch",
        summary="Security commitments from the news, merged into a sourced ledger.",
        version="1",
        docs_url=None,  # Swagger UI loads scripts from a CDN; the schema itself is served below
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.ledger = ledger
    app.state.token = token
    env = environment(TEMPLATES)
    env.globals.update(link=link, kinds=[str(k) for k in Kind], quote=quote, writable=bool(token))

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("download_query", download_query(request, context))
        html = env.get_template(name).render(request=request, **context)
        return HTMLResponse(html, status_code=status_code)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def refuse(request: Request, code: int, message: str, headers: dict[str, str]) -> Response:
        """A refusal by the body guard, in the same form as the app's other errors."""
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=code, headers=headers)
        response = page(request, "error.html", code, code=code, message=message)
        response.headers.update(headers)
        return response

    cap = request_cap() if max_request_bytes is None else max_request_bytes
    app.add_middleware(BodyGuard, max_bytes=cap, token=token, refuse=refuse)  # inside security_headers below

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        """Defence in depth behind autoescaping: pages may run no script and load nothing from elsewhere."""
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers that predate it
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "error.html", exc.status_code, code=exc.status_code, message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return page(request, "error.html", 422, code=422, message="; ".join(problems))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.error("error serving %s: %s: %s", request.url.path, type(exc).__name__, exc)
        message = "internal error: the ledger could not answer this request"
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return page(request, "error.html", 500, code=500, message=message)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, summary="The coalition matrix, with filters")
    def matrix(
        request: Request,
        recipient: str | None = None,
        kind: str | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> HTMLResponse:
        recipient = page_filter(filters.actor, recipient, "recipient")
        kind = page_filter(filters.kind, kind)
        start, end = page_filter(filters.day, start, "start"), page_filter(filters.day, end, "end")
        everything = ledger.commitments()
        recipients = sorted({c.recipient for c in everything if c.recipient})
        chosen = [c for c in everything if not recipient or c.recipient == recipient]
        view = data.build_view(chosen, [], kind=kind, start=start, end=end)
        chosen_filters = {"recipient": recipient or "", "kind": kind or "", "start": start or "", "end": end or ""}
        return page(
            request,
            "matrix.html",
            view=view,
            recipients=recipients,
            filters=chosen_filters,
            charts=chart_markup(view),
        )

    @app.get("/actors/{actor}", response_class=HTMLResponse, include_in_schema=False, summary="One actor's commitments")
    def actor_page(request: Request, actor: str, kind: str | None = None, recipient: str | None = None) -> HTMLResponse:
        try:
            actor = names.resolve(actor)
        except names.UnknownName as err:
            raise HTTPException(404, str(err)) from None
        kind = page_filter(filters.kind, kind)
        recipient = page_filter(filters.actor, recipient, "recipient")
        found = ledger.commitments(actor=actor)
        if not found:
            raise HTTPException(404, f"no commitments by {names.label(actor)} in this ledger")
        shown = [c for c in found if (not kind or c.kind == kind) and (not recipient or c.recipient == recipient)]
        narrowed = " ".join(
            x.replace("_", " ") for x in (kind, f"to {names.label(recipient)}" if recipient else None) if x
        )
        return page(request, "actor.html", actor=actor, commitments=shown, total=len(found), narrowed=narrowed)

    @app.get(
        "/commitments/{key:path}",
        response_class=HTMLResponse,
        include_in_schema=False,
        summary="A commitment with its sources",
    )
    def commitment_page(request: Request, key: str) -> HTMLResponse:
        actor = key.split("|", 1)[0]
        found = next((c for c in ledger.commitments(actor=actor) if c.key == key), None) if actor else None
        if found is None:
            raise HTTPException(404, "no such commitment")
        texts = data.source_texts(ledger.engine, [s.record_id for s in found.sources if s.record_id is not None])
        by_article: dict[object, dict[str, Any]] = {}
        for s in found.sources:  # one block per article, the package's first, every record of it marked
            t = texts.get(s.record_id or -1)
            group = by_article.setdefault(t["id"] if t else s.article, {"article": t, "sources": [], "spans": []})
            group["sources"].append(s)
            if t:
                group["spans"].append(_span(t))
        articles = list(by_article.values())
        for group in articles:
            a = group["article"]
            group["segments"] = data.marked_segments(a["text"], group["spans"]) if a else []
            group["first_record"] = group["sources"][0].record_id
        return page(request, "commitment.html", c=found, articles=articles)

    @app.get(
        "/articles/{pk}",
        response_class=HTMLResponse,
        include_in_schema=False,
        summary="An article, its evidence sentence marked",
    )
    def article_page(request: Request, pk: int, record: int | None = None) -> HTMLResponse:
        found = data.article(ledger.engine, pk) if 0 < pk <= MAX_ID else None  # the databases' ids are 64-bit
        if found is None:
            raise HTTPException(404, "no such article")
        known = record is not None and 0 < record <= MAX_ID
        offsets = data.record_offsets(ledger.engine, record) if known else None
        parts = (found["text"], "", "")
        if offsets:
            start, end = offsets["evidence_start"], offsets["evidence_end"]
            parts = data.split_evidence(found["text"], start, end, offsets["evidence"])
        return page(request, "article.html", a=found, parts=parts)

    @app.get("/checks", response_class=HTMLResponse, include_in_schema=False, summary="Open checks")
    def checks_page(request: Request, code: str | None = None) -> HTMLResponse:
        code = page_filter(filters.check_code, code, ledger.check_codes())
        found = ledger.checks(code=code or None)
        codes = sorted({c.code for c in ledger.checks()}) if code else sorted({c.code for c in found})
        return page(request, "checks.html", checks=found, codes=codes, code=code or "")

    @app.get(
        "/search", response_class=HTMLResponse, include_in_schema=False, summary="Word search, articles or records"
    )
    def search_page(request: Request, q: str = "", what: str = "articles", page_no: int = 1) -> HTMLResponse:
        q = q.strip()[:200]
        what = what if what in ("articles", "records") else "articles"
        page_no = max(1, min(page_no, 10_000))
        try:
            found = ledger.search(q, what, 25, (page_no - 1) * 25) if q else None
        except SearchError as err:
            return page(request, "search.html", 422, q=q, what=what, error=str(err), total=0, hits=[], page_no=1)
        total, hits = (found.total, found.hits) if found else (0, [])
        return page(request, "search.html", q=q, what=what, error=None, total=total, hits=hits, page_no=page_no)

    app.include_router(api.router)
    app.include_router(api.downloads)
    app.include_router(review.router(page, review.Sessions()))  # read-only pages for all; changes need a reviewer
    app.include_router(review.api_router())
    if token:
        app.include_router(ingest.api_router(token))
        app.include_router(ingest.form_router(token, page))
    return app


__all__ = ["create_app", "link"]
