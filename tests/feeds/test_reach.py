"""Fetches reach only public addresses, checked after DNS and after every redirect, within one deadline.

The loopback server stands in for what must not be reached: it listens, so a request that got
through would be answered and counted in its hits.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from feed_server import ATOM, Server, redirect, rss, start, trickle

from pledgewatch.sources import FetchSettings, SourceError, read_paths
from pledgewatch.sources.http import USER_AGENT, fetch
from pledgewatch.sources.reach import UNREACHABLE, guarded_transport, is_public

if TYPE_CHECKING:
    from conftest import RunCli

PUBLIC_ONLY = FetchSettings(timeout=2.0, retries=0)
TRUSTED = FetchSettings(timeout=2.0, retries=0, allow_private=True)


@pytest.fixture(scope="module", autouse=True)
def routes(server: Server) -> None:
    server.routes.update(
        {
            "/inside.atom": (200, "application/atom+xml", ATOM),
            "/teasers.rss": (
                200,
                "application/rss+xml",
                rss([("t1", "Inside link", server.url("/inside-page.html"), "A teaser pointing inside")]),
            ),
        }
    )


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "not an address",
    ],
)
def test_inside_addresses_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public(address)


def _spellings(server: Server) -> list[str]:
    port = server.base.rsplit(":", 1)[1]
    return [
        f"http://127.0.0.1:{port}/inside.atom",
        f"http://localhost:{port}/inside.atom",
        f"http://0x7f000001:{port}/inside.atom",
        f"http://2130706433:{port}/inside.atom",
        f"http://[::1]:{port}/inside.atom",
        f"http://[::ffff:127.0.0.1]:{port}/inside.atom",
    ]


def test_every_spelling_of_loopback_is_refused_before_any_request(server: Server) -> None:
    before = server.hits.get("/inside.atom", 0)
    for url in _spellings(server):
        items = list(read_paths([url], PUBLIC_ONLY))
        assert [str(i) for i in items] == [f"{url}: {UNREACHABLE}"], url
    assert server.hits.get("/inside.atom", 0) == before


def test_refused_and_not_found_read_the_same(server: Server) -> None:
    """A listening inside port, a closed one and a name that does not exist: one message, no port scan."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    problems = set()
    for url in (server.url("/inside.atom"), f"http://127.0.0.1:{closed}/x", "http://no-such-host.invalid/feed"):
        [error] = list(read_paths([url], PUBLIC_ONLY))
        problems.add(error.problem)
    [error] = list(read_paths([f"http://127.0.0.1:{closed}/x"], TRUSTED))  # refused by the host itself
    problems.add(error.problem)
    assert problems == {UNREACHABLE}


def test_the_opt_in_reaches_a_trusted_network(server: Server) -> None:
    [article] = list(read_paths([server.url("/inside.atom")], TRUSTED))
    assert not isinstance(article, SourceError)
    assert article.title == "Vilnius and Berlin sign brigade accord"


def test_a_redirect_is_checked_again(server: Server) -> None:
    """The first hop is allowed, the redirect's target is not: it is never contacted."""
    target, httpd = start("127.0.0.2")
    try:
        target.routes["/target.atom"] = (200, "application/atom+xml", ATOM)
        server.routes["/hop"] = redirect(target.url("/target.atom"))
        only_first = lambda address: address == "127.0.0.1"  # noqa: E731 - the stand-in for "public"
        client = httpx.Client(follow_redirects=True, transport=guarded_transport(allowed=only_first))
        with client, pytest.raises(SourceError) as refused:
            fetch(server.url("/hop"), PUBLIC_ONLY, client)
        assert str(refused.value) == f"{server.url('/hop')}: {UNREACHABLE}"
        assert target.hits.get("/target.atom", 0) == 0
        both = lambda address: address in ("127.0.0.1", "127.0.0.2")  # noqa: E731
        with httpx.Client(follow_redirects=True, transport=guarded_transport(allowed=both)) as client:
            assert fetch(server.url("/hop"), PUBLIC_ONLY, client) == ATOM
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_linked_pages_are_held_to_the_same_rule(server: Server) -> None:
    """--fetch-pages follows links found in a feed: a link inside is refused like a feed inside."""
    server.routes["/inside-page.html"] = (200, "text/html", b"<html><body><p>secret</p></body></html>")
    items = list(
        read_paths(
            [server.url("/teasers.rss")],
            FetchSettings(timeout=2.0, retries=0, allow_private=False),
            fetch_pages=True,
        )
    )
    assert [str(i) for i in items] == [f"{server.url('/teasers.rss')}: {UNREACHABLE}"]
    assert server.hits.get("/inside-page.html", 0) == 0


def test_the_client_sends_our_user_agent_through_the_guarded_transport(server: Server) -> None:
    seen: list[str] = []

    def route(handler) -> None:  # type: ignore[no-untyped-def]
        seen.append(handler.headers.get("User-Agent"))
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    server.routes["/ua"] = route
    assert fetch(server.url("/ua"), TRUSTED) == b"ok"
    assert seen == [USER_AGENT]


# --- one deadline per request ------------------------------------------------------------------


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 400\r\n\r\n"


@pytest.fixture
def trickling(server: Server) -> Iterator[Server]:
    server.routes["/trickle-body"] = trickle(HEAD, b" " * 400, 0.1)  # headers at once: the body trickles
    server.routes["/trickle-head"] = trickle(b"", HEAD + b" " * 400, 0.1)  # the status line and headers trickle
    yield server


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-head"])
def test_a_trickling_server_cannot_hold_a_request_past_its_timeout(trickling: Server, path: str) -> None:
    settings = FetchSettings(timeout=1.0, retries=2, backoff=0.05, allow_private=True)
    started = time.monotonic()
    with pytest.raises(SourceError) as timed_out:
        fetch(trickling.url(path), settings)
    elapsed = time.monotonic() - started
    assert "timed out after 1 s" in str(timed_out.value)
    assert elapsed < 1.6, f"held for {elapsed:.1f} s with a 1 s timeout"


def test_extract_refuses_inside_feeds_unless_allowed(server: Server, run_cli: RunCli) -> None:
    url = server.url("/inside.atom")
    refused = run_cli("extract", url, "--timeout", "2")
    assert refused.code == 1
    assert refused.err_lines == [f"pledgewatch: {url}: {UNREACHABLE}"]
    allowed = run_cli("extract", url, "--timeout", "2", "--allow-private")
    assert allowed.code == 0, allowed.err
    assert '"actor": "DEU"' in allowed.out


def test_web_ingest_of_an_inside_feed_needs_the_opt_in(server: Server, tmp_path: Path, nlp: object) -> None:
    from fastapi.testclient import TestClient

    from pledgewatch.ledger import Ledger
    from pledgewatch.web import create_app

    auth = {"Authorization": "Bearer t0ken"}
    url = server.url("/inside.atom")
    for allow, expected in ((False, {"new": 0, "failures": 1}), (True, {"new": 1, "failures": 0})):
        db = f"sqlite:///{tmp_path / f'web-{allow}.db'}"
        with Ledger(db, fetch=FetchSettings(timeout=2.0, allow_private=allow)) as ledger:
            client = TestClient(create_app(ledger, token="t0ken"))
            answer = client.post("/api/ingest", data={"urls": url}, headers=auth).json()
        assert {k: answer[k] for k in expected} == expected
        if not allow:
            assert answer["failed"] == [f"{url}: {UNREACHABLE}"]
