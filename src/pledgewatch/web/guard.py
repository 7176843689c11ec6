"""What a request with a body must pass before the app reads it: a size cap, and the ingest token.

This is ASGI middleware rather than a FastAPI dependency because FastAPI reads a multipart body
(and spools its files to disk) before any dependency runs: a 100 MB upload with a wrong token
used to be written out in full before the 401. Here:

- a declared `Content-Length` over the cap is refused with 413 before a byte of the body is read,
  and a body without one (chunked) is counted as it arrives and refused at the cap;
- `POST /api/ingest` without the right `Authorization: Bearer` token is refused (401) on its headers;
- `POST /ingest`, the HTML form, carries its token as a form field (a form without JavaScript
  cannot set a header), so only the start of the body is read, up to the token field: the form puts
  it first, and a file part before a valid token is refused (403) without reading the file.

Refusing early leaves the rest of the body unread; the server closes such a connection.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Refuse = Callable[[Request, int, str, dict[str, str]], Response]

ENV_VAR = "PLEDGEWATCH_MAX_REQUEST_MB"
DEFAULT_MB = 50.0
TOKEN_PREFIX_LIMIT = 64 * 1024  # the form's token must appear within the body's first 64 KiB
API_PATH, FORM_PATH = "/api/ingest", "/ingest"
_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)
_FILENAME = re.compile(rb"\bfilename\*?=", re.IGNORECASE)


def request_cap(megabytes: float | None = None) -> int:
    """The cap in bytes: the option, else $PLEDGEWATCH_MAX_REQUEST_MB, else 50 MB. ValueError names a bad value."""
    if megabytes is None:
        raw = os.environ.get(ENV_VAR, "").strip()
        try:
            megabytes = float(raw) if raw else DEFAULT_MB
        except ValueError:
            raise ValueError(f"${ENV_VAR}={raw!r}: not a number of megabytes") from None
        where = f"${ENV_VAR}={raw}"
    else:
        where = f"--max-request-mb {megabytes:g}"
    if not megabytes > 0 or megabytes == float("inf"):
        raise ValueError(f"{where}: the request size cap must be a positive number of megabytes")
    return int(megabytes * 1_000_000)


def token_ok(given: str | None, token: str) -> bool:
    """Constant-time comparison, so the time taken says nothing about how much of a guess was right."""
    return hmac.compare_digest((given or "").strip().encode(), token.encode())


class BodyGuard:
    """The middleware; `refuse(request, status, message, headers)` builds the refusal the app would show."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, token: str | None, refuse: Refuse) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.token = token
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Request(scope)
        length = headers.get("content-length", "").strip()
        if length and not length.isdigit():
            await self._send(request, 400, f"Content-Length is not a number: {length[:40]!r}", receive, send)
            return
        if length and int(length) > self.max_bytes:
            await self._send(request, 413, self._too_large(), receive, send)
            return
        posting = scope["method"] == "POST" and self.token is not None
        if posting and scope["path"] == API_PATH and not self._bearer_ok(headers.get("authorization")):
            challenge = {"WWW-Authenticate": "Bearer"}
            await self._send(request, 401, "a valid bearer token is required", receive, send, challenge)
            return
        body = _Body(receive, self.max_bytes)
        if posting and scope["path"] == FORM_PATH:
            given = await _form_token(body, headers.get("content-type", ""))
            if body.over:
                await self._send(request, 413, self._too_large(), receive, send)
                return
            if given is None or not token_ok(given, self.token or ""):
                await self._send(request, 403, "wrong or missing token (the token field comes first)", receive, send)
                return
            body.replay()
        await self.app(scope, body.receive, _Capped(send, body, self, request, receive).send)

    def _bearer_ok(self, authorization: str | None) -> bool:
        scheme, _, given = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and token_ok(given, self.token or "")

    def _too_large(self) -> str:
        return f"request too large: the limit is {self.max_bytes / 1_000_000:g} MB (serve --max-request-mb)"

    async def _send(
        self,
        request: Request,
        status: int,
        message: str,
        receive: Receive,
        send: Send,
        headers: dict[str, str] | None = None,
    ) -> None:
        response = self.refuse(request, status, message, {"Connection": "close", **(headers or {})})
        await response(request.scope, receive, send)


class _Body:
    """The request body as the app reads it: counted against the cap, with what the guard read first put back."""

    def __init__(self, receive: Receive, max_bytes: int) -> None:
        self._receive = receive
        self._max = max_bytes
        self._held: list[Message] = []
        self._replaying = False
        self.seen = 0
        self.over = False
        self.done = False

    async def read(self) -> Message:
        """The next message from the client, counted; a body past the cap ends as a disconnect."""
        if self.over:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            self.done = not message.get("more_body", False)
            if self.seen > self._max:
                self.over = True
                return {"type": "http.disconnect"}
            self._held.append(message)
        return message

    def replay(self) -> None:
        self._replaying = True

    async def receive(self) -> Message:
        if self._replaying and self._held:
            held, self._held = self._held, []
            more = held[-1].get("more_body", False)
            return {"type": "http.request", "body": b"".join(m.get("body", b"") for m in held), "more_body": more}
        self._replaying = False
        message = await self.read()
        self._held.clear()  # held only while the guard reads the start of the body
        return message


class _Capped:
    """Swaps the app's answer for a 413 when the body went past the cap while the app was reading it."""

    def __init__(self, send: Send, body: _Body, guard: BodyGuard, request: Request, receive: Receive) -> None:
        self._send = send
        self._body = body
        self._guard = guard
        self._request = request
        self._receive = receive
        self._replaced = False

    async def send(self, message: Message) -> None:
        if self._replaced:
            return
        if message["type"] == "http.response.start" and self._body.over:
            self._replaced = True
            await self._guard._send(self._request, 413, self._guard._too_large(), self._receive, self._send)
            return
        await self._send(message)


async def _form_token(body: _Body, content_type: str) -> str | None:
    """The form's token field, read from the start of the body; None when a file or the end comes first."""
    kind, _, params = content_type.partition(";")
    kind = kind.strip().lower()
    if kind == "application/x-www-form-urlencoded":
        data = await _read_up_to(body, TOKEN_PREFIX_LIMIT)
        if data is None:
            return None
        values = parse_qs(data.decode("latin-1"), keep_blank_values=True).get("token")
        return values[0] if values else None
    match = re.search(r'boundary="?([^";]+)"?', params)
    if kind != "multipart/form-data" or not match:
        return None
    boundary = b"--" + match.group(1).encode("latin-1")
    data = b""
    while True:
        found, value = _token_part(data, boundary)
        if found:
            return value
        if body.done or body.over or len(data) > TOKEN_PREFIX_LIMIT:
            return None
        message = await body.read()
        if message["type"] != "http.request":
            return None
        data += message.get("body", b"")


async def _read_up_to(body: _Body, limit: int) -> bytes | None:
    data = b""
    while not body.done:
        message = await body.read()
        if message["type"] != "http.request" or len(data) > limit:
            return None
        data += message.get("body", b"")
    return data


def _token_part(data: bytes, boundary: bytes) -> tuple[bool, str | None]:
    """(True, value) when the token field is complete in `data`; (True, None) when a file part or the
    end of the form comes first; (False, None) when more of the body is needed to tell."""
    pos = data.find(boundary)
    while pos >= 0:
        start = pos + len(boundary)
        if data[start : start + 2] == b"--":
            return True, None  # the end of the form, no token in it
        head_end = data.find(b"\r\n\r\n", start)
        if head_end < 0:
            return False, None
        head = data[start:head_end]
        if _FILENAME.search(head):
            return True, None  # a file before the token: refused without reading it
        name = _NAME.search(head)
        end = data.find(b"\r\n" + boundary, head_end + 4)
        if end < 0:
            return False, None
        if name and name.group(1) == b"token":
            return True, data[head_end + 4 : end].decode("utf-8", "replace")
        pos = end + 2
    return False, None


__all__ = ["DEFAULT_MB", "ENV_VAR", "BodyGuard", "request_cap", "token_ok"]
