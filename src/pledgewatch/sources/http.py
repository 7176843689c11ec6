"""Fetching over HTTP for feeds and the pages they link: bounded in time, size, retries and reach.

A watcher polls feeds for days; a server that hangs, answers 500, or streams a gigabyte must cost
one line on stderr, not the run. Each failure gets its own wording (timeout, HTTP status, too large,
cannot connect) so the user knows whether to wait, fix the URL or raise a limit. Only transient
failures (timeouts, connection errors, 429 and 5xx) are retried, with a short growing pause.

`timeout` is one deadline for the whole fetch of a URL (connecting, redirects, retries, the body),
not a bound on each read: a server that trickles a byte at a time cannot hold it longer. Only public
addresses are reached unless `allow_private` is set (`pledgewatch.sources.reach`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from pledgewatch.sources.base import SourceError
from pledgewatch.sources.reach import UNREACHABLE, deadline, guarded_transport

USER_AGENT = "pledgewatch/0.1 (+https://github.com/pledgewatch/pledgewatch)"


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one fetch. The defaults suit news feeds and article pages."""

    timeout: float = 10.0  # seconds for the whole fetch of one URL, retries included
    retries: int = 2  # further attempts after a transient failure, while time is left
    max_bytes: int = 10 * 1024 * 1024
    backoff: float = 0.5  # seconds before the first retry; doubled each time
    allow_private: bool = False  # reach loopback and private networks too (a trusted network's feeds)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch(url: str, settings: FetchSettings | None = None, client: httpx.Client | None = None) -> bytes:
    """The body of `url`, or a SourceError naming the URL and what went wrong."""
    settings = settings or FetchSettings()
    own = client is None
    client = client or new_client(settings)
    end = time.monotonic() + settings.timeout
    try:
        attempt = 0
        while True:
            try:
                with deadline(end):
                    return _fetch_once(client, url, settings)
            except _Transient as exc:
                pause = settings.backoff * 2**attempt
                if attempt >= settings.retries or time.monotonic() + pause >= end:
                    raise SourceError(url, exc.problem) from None
                time.sleep(pause)
                attempt += 1
    finally:
        if own:
            client.close()


def new_client(settings: FetchSettings) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        transport=guarded_transport(settings.allow_private),
    )


class _Transient(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _fetch_once(client: httpx.Client, url: str, settings: FetchSettings) -> bytes:
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                raise _Transient(f"HTTP {status} {response.reason_phrase}".rstrip())
            if status >= 400:
                raise SourceError(url, f"HTTP {status} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise SourceError(url, f"too large: {int(declared):,} bytes (limit {settings.max_bytes:,})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > settings.max_bytes:
                    raise SourceError(url, f"too large: more than {settings.max_bytes:,} bytes")
            return bytes(body)
    except httpx.TimeoutException:
        raise _Transient(f"timed out after {settings.timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise SourceError(url, "too many redirects") from None
    except httpx.InvalidURL as exc:
        raise SourceError(url, f"invalid URL: {exc}") from None
    except (httpx.ConnectError, httpx.UnsupportedProtocol):
        raise _Transient(UNREACHABLE) from None
    except httpx.TransportError as exc:
        raise _Transient(f"connection failed: {exc or type(exc).__name__}") from None


__all__ = ["FetchSettings", "fetch", "is_url", "new_client"]
