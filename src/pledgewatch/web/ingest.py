"""Ingesting through the web: files uploaded or feed URLs listed, only for bearers of the configured token.

These routes are added to the app only when a token is configured, so a read-only server has no
write endpoint at all (404), rather than one guarded by a check that a bug could skip. The API takes
the token as `Authorization: Bearer`; the HTML form, which must work without JavaScript and so
cannot set headers, takes it as a password field. Either way it is compared in constant time, and
checked twice: by `guard.BodyGuard` before the body is read, and here.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile as StarletteUpload  # what requests carry; FastAPI's subclasses it

from pledgewatch.ledger import Ledger
from pledgewatch.web.api import IngestOut, LedgerDep
from pledgewatch.web.guard import token_ok

MAX_URLS = 50
#: What an upload may be, by the end of its name: the types `pledgewatch ingest` reads from a folder.
UPLOAD_TYPES = (".txt", ".json", ".jsonl", ".html", ".htm", ".rss", ".atom", ".xml", ".warc", ".warc.gz")
NAME_BYTES = 150  # of the stem, well inside the 255 bytes a file name may have on common file systems


def upload_name(i: int, filename: str) -> str:
    """The name an upload is stored under: ours, numbered, its stem cut to fit, its type kept.

    The stem becomes the article's id for a .txt file, so it is kept as far as the file system allows.
    """
    name = Path(filename.replace("\\", "/")).name
    kind = upload_type(name) or ""
    stem = name[: len(name) - len(kind)].encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore").strip() or "upload"
    return f"{i:04d}-{stem}{kind}"


def upload_type(name: str) -> str | None:
    """The upload's type (its suffix, lower case), or None when ingest cannot read it."""
    lower = name.lower()
    return next((t for t in sorted(UPLOAD_TYPES, key=len, reverse=True) if lower.endswith(t)), None)


def feed_urls(text: str | None) -> list[str]:
    """One http(s) feed URL per line; anything else is refused, not fetched."""
    urls = [line.strip() for line in (text or "").splitlines() if line.strip()]
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise HTTPException(422, f"not an http(s) URL: {bad[0][:200]}")
    if len(urls) > MAX_URLS:
        raise HTTPException(422, f"at most {MAX_URLS} URLs at once")
    return urls


def ingest(ledger: Ledger, files: list[UploadFile | str], urls: list[str]) -> dict[str, Any]:
    """Store the uploads under names of our choosing (never a client's path) and ingest them with the URLs.

    A browser sends an empty file field (no name, read as a string) when no file was chosen: skipped.
    """
    uploads = [f for f in files if isinstance(f, StarletteUpload) and f.filename]
    if not uploads and not urls:
        raise HTTPException(422, "nothing to ingest: send files or feed URLs")
    unreadable = [u.filename or "" for u in uploads if upload_type(u.filename or "") is None]
    if unreadable:
        shown = ", ".join(repr(n[:80]) for n in unreadable[:3])
        raise HTTPException(415, f"unsupported file type: {shown} (send {', '.join(UPLOAD_TYPES)})")
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, upload in enumerate(uploads):
            with (Path(tmp) / upload_name(i, upload.filename or "")).open("wb") as stored:
                shutil.copyfileobj(upload.file, stored)
        summary = ledger.ingest([tmp, *urls] if uploads else urls, report=failures.append)
    return {
        "read": summary.read,
        "new": summary.new,
        "reextracted": summary.reextracted,
        "duplicates": summary.duplicates,
        "records": summary.records,
        "failures": summary.failures,
        "failed": [f.replace(tmp + "/", "").replace(tmp, "") for f in failures],
    }


def api_router(token: str) -> APIRouter:
    write = APIRouter(prefix="/api", tags=["ingest"])

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token_ok(given, token):
            raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})

    @write.post(
        "/ingest",
        response_model=IngestOut,
        dependencies=[Depends(require_token)],
        summary="Ingest uploaded article files (.txt, .json, .jsonl, .html) and feed URLs; needs the bearer token",
        responses={401: {"description": "missing or wrong token"}},
    )
    def api_ingest(
        ledger: LedgerDep,
        files: Annotated[list[UploadFile] | None, File()] = None,
        urls: Annotated[str | None, Form(description="RSS/Atom feed URLs, one per line")] = None,
    ) -> dict[str, Any]:
        return ingest(ledger, files or [], feed_urls(urls))

    return write


def form_router(token: str, render: Callable[..., HTMLResponse]) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/ingest", response_class=HTMLResponse)
    def ingest_form(request: Request) -> HTMLResponse:
        return render(request, "ingest.html", result=None)

    @pages.post("/ingest", response_class=HTMLResponse)
    def ingest_submit(
        request: Request,
        ledger: LedgerDep,
        token_field: Annotated[str, Form(alias="token")] = "",
        files: Annotated[list[UploadFile | str] | None, File()] = None,
        urls: Annotated[str | None, Form()] = None,
    ) -> HTMLResponse:
        if not token_ok(token_field, token):
            raise HTTPException(403, "wrong or missing token")
        return render(request, "ingest.html", result=ingest(ledger, files or [], feed_urls(urls)))

    return pages


__all__ = ["api_router", "feed_urls", "form_router", "ingest", "token_ok"]
