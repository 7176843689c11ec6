"""Review in the web app: the queue, a record's review form, adding a missed record, sign-in, and the JSON API.

Anyone may read the queue and the audit trail; changing anything needs a reviewer's own token
(`pledgewatch reviewer add NAME`). Pages sign in once with the token and get a session cookie
(HttpOnly, SameSite=Strict) that names an in-memory session; the cookie alone changes nothing:
every form also carries the session's own CSRF token, compared in constant time, so another site
cannot make a signed-in browser post a correction. The API takes the token as `Authorization:
Bearer` instead, which no other site can make a browser send. Sessions end when the server stops
or after twelve hours, and at once when the reviewer is removed.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Header, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from pledgewatch.ledger import Ledger
from pledgewatch.ledger.review import FIELDS, RecordState, ReviewError, reviewers, unmatched, validate
from pledgewatch.model import Kind, Status
from pledgewatch.report import data
from pledgewatch.web.api import LedgerDep

COOKIE = "pledgewatch_review"
SESSION_SECONDS = 12 * 3600
#: What the review form edits (amount ranges are kept as the reader read them).
FORM_FIELDS = tuple(f for f in FIELDS if f not in ("amount_low", "amount_high"))
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+[\"'”’)\]]*(?=\s|$)|$)")


@dataclass
class Session:
    reviewer: str
    csrf: str
    expires: float


class Sessions:
    """Signed-in browsers: a random id in the cookie, the reviewer and the form token here."""

    def __init__(self) -> None:
        self._open: dict[str, Session] = {}

    def start(self, reviewer: str) -> str:
        sid = secrets.token_urlsafe(32)
        self._open[sid] = Session(reviewer, secrets.token_urlsafe(32), time.monotonic() + SESSION_SECONDS)
        return sid

    def get(self, sid: str | None) -> Session | None:
        found = self._open.get(sid or "")
        if found is None or found.expires < time.monotonic():
            self._open.pop(sid or "", None)
            return None
        return found

    def end(self, sid: str | None) -> None:
        self._open.pop(sid or "", None)


def sentences(text: str) -> list[tuple[int, int, str]]:
    """The article's sentences with their offsets, for picking an added record's evidence."""
    out = []
    offset = 0
    for line in text.split("\n"):
        for m in _SENTENCE.finditer(line):
            s = m.group().rstrip()
            if len(s) >= 3:
                out.append((offset + m.start(), offset + m.start() + len(s), s))
        offset += len(line) + 1
    return out


def form_changes(form: dict[str, str], shown: dict[str, Any]) -> dict[str, Any]:
    """The fields a submitted review form changes, typed and checked."""
    given = {name: form.get(name, "") for name in FORM_FIELDS}
    given["amount_approx"] = "yes" if form.get("amount_approx") else "no"
    typed = validate(given)
    if typed.get("amount_value") is None:
        typed.update(amount_unit=None, amount_approx=None)
    return {k: v for k, v in typed.items() if v != shown.get(k)}


def router(render: Callable[..., HTMLResponse], sessions: Sessions) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def session_of(request: Request) -> Session | None:
        found = sessions.get(request.cookies.get(COOKIE))
        if found is not None and found.reviewer not in {name for name, _ in reviewers(request.app.state.ledger.engine)}:
            sessions.end(request.cookies.get(COOKIE))  # the reviewer was removed: their sessions end with them
            return None
        return found

    def signed(request: Request, csrf: str) -> str:
        """The reviewer behind a form post, or a refusal: a session and its form token are both needed."""
        found = session_of(request)
        if found is None:
            raise HTTPException(401, "sign in with your reviewer token first (/review/signin)")
        if not hmac.compare_digest(csrf.encode(), found.csrf.encode()):
            raise HTTPException(403, "this form is stale or came from another site; reload the page and try again")
        return found.reviewer

    def show(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render(request, name, status_code, session=session_of(request), **context)

    @pages.get("/review", response_class=HTMLResponse)
    def queue_page(request: Request, ledger: LedgerDep, limit: int = 50) -> HTMLResponse:
        limit = max(1, min(limit, 500))
        stale = unmatched(ledger.engine)
        return show(request, "review_queue.html", items=ledger.review_queue(limit), limit=limit, unmatched=stale)

    @pages.get("/review/log", response_class=HTMLResponse)
    def log_page(request: Request, ledger: LedgerDep) -> HTMLResponse:
        return show(request, "review_log.html", entries=ledger.review_log_rows(limit=200))

    @pages.get("/review/signin", response_class=HTMLResponse)
    def signin_form(request: Request) -> HTMLResponse:
        return show(request, "review_signin.html", failed=False)

    @pages.post("/review/signin", response_class=HTMLResponse)
    def signin(request: Request, ledger: LedgerDep, token: Annotated[str, Form()] = "") -> Response:
        name = ledger.reviewer(token)
        if name is None:
            return show(request, "review_signin.html", 403, failed=True)
        response = RedirectResponse("/review", status_code=303)
        response.set_cookie(COOKIE, sessions.start(name), httponly=True, samesite="strict", path="/")
        return response

    @pages.post("/review/signout")
    def signout(request: Request) -> Response:
        sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/review", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @pages.get("/review/records/{record_id}", response_class=HTMLResponse)
    def record_page(request: Request, ledger: LedgerDep, record_id: int, error: str | None = None) -> HTMLResponse:
        state = _state(ledger, record_id)
        a = data.article(ledger.engine, state.article_pk)
        parts = data.excerpt(data.split_evidence(a["text"], state.evidence_start, state.evidence_end, state.evidence))
        return show(
            request,
            "review_record.html",
            s=state,
            a=a,
            parts=parts,
            entries=ledger.review_log_rows(record_id),
            kinds=[str(k) for k in Kind],
            statuses=[str(x) for x in Status],
            error=error,
        )

    @pages.post("/review/records/{record_id}", response_class=HTMLResponse)
    async def record_submit(request: Request, ledger: LedgerDep, record_id: int) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        reviewer = signed(request, form.get("csrf", ""))
        action = form.get("action", "")
        reason = form.get("reason", "").strip()[:2000] or None
        try:
            if action == "undo":
                ledger.undo(record_id, reviewer, reason)
            elif action == "correct":
                state = _state(ledger, record_id)
                changes = form_changes(form, state.shown or state.reader)
                if not changes:
                    raise ReviewError("nothing was changed; edit a field, or confirm the record as it is")
                ledger.review(record_id, "correct", reviewer, reason, changes)
            else:
                ledger.review(record_id, action, reviewer, reason)
        except ReviewError as err:
            return record_page(request, ledger, record_id, error=str(err))
        return RedirectResponse(f"/review/records/{record_id}", status_code=303)

    @pages.get("/review/articles/{pk}/add", response_class=HTMLResponse)
    def add_form(request: Request, ledger: LedgerDep, pk: int, error: str | None = None) -> HTMLResponse:
        a = data.article(ledger.engine, pk)
        if a is None:
            raise HTTPException(404, "no such article")
        return show(
            request,
            "review_add.html",
            a=a,
            sentences=sentences(a["text"]),
            kinds=[str(k) for k in Kind],
            statuses=[str(x) for x in Status],
            error=error,
        )

    @pages.post("/review/articles/{pk}/add", response_class=HTMLResponse)
    async def add_submit(request: Request, ledger: LedgerDep, pk: int) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        reviewer = signed(request, form.get("csrf", ""))
        try:
            start, _, end = form.get("evidence", "").partition("-")
            if not (start.isdigit() and end.isdigit()):
                raise ReviewError("pick the sentence that states the record")
            fields = {k: v for k, v in form.items() if k in FORM_FIELDS and v.strip()}
            fields["amount_approx"] = "yes" if form.get("amount_approx") else "no"
            if not fields.get("amount_value"):
                fields.pop("amount_approx")
            state = ledger.add_record(pk, fields, (int(start), int(end)), reviewer, form.get("reason") or None)
        except ReviewError as err:
            return add_form(request, ledger, pk, error=str(err))
        return RedirectResponse(f"/review/records/{state.record_id}", status_code=303)

    return pages


def _state(ledger: Ledger, record_id: int) -> RecordState:
    try:
        return ledger.record_state(record_id)
    except ReviewError as err:
        raise HTTPException(404, str(err)) from None


# --- the JSON API: the same actions for programs, with the reviewer's token as a bearer token --------


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject", "undo"]
    changes: dict[str, Any] = Field(default_factory=dict, description="for correct: field values to set")
    reason: str | None = Field(default=None, max_length=2000)


class RecordStateOut(BaseModel):
    record_id: int
    article: str
    action: str | None
    reader: dict[str, Any]
    shown: dict[str, Any] | None
    evidence: str


class QueueItemOut(BaseModel):
    record_id: int
    article: str
    actor: str
    kind: str
    status: str
    recipient: str | None
    amount_value: float | None
    amount_unit: str | None
    amount_usd: float | None
    confidence: float | None
    checks: int
    score: float
    reasons: list[str]
    evidence: str


def api_router() -> APIRouter:
    api = APIRouter(prefix="/api/review", tags=["review"])

    def bearer(ledger: Ledger, authorization: str | None) -> str:
        scheme, _, given = (authorization or "").partition(" ")
        name = ledger.reviewer(given) if scheme.lower() == "bearer" else None
        if name is None:
            raise HTTPException(401, "a reviewer's bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        return name

    @api.get("/queue", response_model=list[QueueItemOut], summary="Records most in need of review first")
    def api_queue(ledger: LedgerDep, limit: int = 50) -> list[dict[str, Any]]:
        return [{**i.__dict__, "reasons": list(i.reasons)} for i in ledger.review_queue(max(1, min(limit, 500)))]

    @api.post(
        "/records/{record_id}",
        response_model=RecordStateOut,
        summary="Confirm, correct, reject or undo a record; needs a reviewer's bearer token",
        responses={401: {"description": "missing or unknown token"}, 422: {"description": "a bad field value"}},
    )
    def api_review(
        ledger: LedgerDep,
        record_id: int,
        body: ReviewIn,
        authorization: Annotated[str | None, Header()] = None,
    ) -> dict[str, Any]:
        reviewer = bearer(ledger, authorization)
        _state(ledger, record_id)
        try:
            if body.action == "undo":
                state = ledger.undo(record_id, reviewer, body.reason)
            else:
                state = ledger.review(record_id, body.action, reviewer, body.reason, body.changes or None)
        except ReviewError as err:
            raise HTTPException(422, str(err)) from None
        return {
            "record_id": state.record_id,
            "article": state.article,
            "action": state.action,
            "reader": state.reader,
            "shown": state.shown,
            "evidence": state.evidence,
        }

    return api


__all__ = ["COOKIE", "Sessions", "api_router", "form_changes", "router", "sentences"]
