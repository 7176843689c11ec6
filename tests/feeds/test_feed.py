"""RSS/Atom feeds from files and from a loopback server, with every failure a clear one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest
from feed_server import ATOM, PAGE, Server, endless, rss, slow

from pledgewatch.sources import READERS, FetchSettings, SourceError, read_paths
from pledgewatch.sources.feed import parse_feed, read_url
from pledgewatch.sources.http import fetch

FAST = FetchSettings(timeout=0.5, retries=1, backoff=0.01, max_bytes=256 * 1024, allow_private=True)


@pytest.fixture(scope="module", autouse=True)
def routes(server: Server) -> None:
    server.routes.update(
        {
            "/feed.rss": (
                200,
                "application/rss+xml",
                rss(
                    [
                        ("a1", "Oslo adds winter aid", server.url("/page/oslo.html"), "Norway adds aid. Read more"),
                        (
                            "a2",
                            "Full story",
                            server.url("/page/full.html"),
                            "&lt;p&gt;Canada will send 200 soldiers to Latvia.&lt;/p&gt;",
                        ),
                    ]
                ),
            ),
            "/atom.xml": (200, "application/atom+xml", ATOM),
            "/page/oslo.html": (200, "text/html; charset=utf-8", PAGE),
            "/page/full.html": (200, "text/html; charset=utf-8", PAGE),
            "/not-a-feed": (200, "text/html", b"<html><body><p>Just a page.</p></body></html>"),
            "/broken-link.rss": (
                200,
                "application/rss+xml",
                rss([("b1", "Gone", server.url("/page/gone.html"), "A teaser whose page is gone")]),
            ),
            "/slow": slow(2.0),
            "/huge": (200, "application/rss+xml", b" " * (512 * 1024)),
            "/endless": endless(),
            "/flaky": (503, "text/plain", b"try later"),
        }
    )


def only(items: list[object], kind: type) -> list:
    return [i for i in items if isinstance(i, kind)]


def test_feed_extensions_are_registered() -> None:
    for suffix in (".rss", ".atom", ".xml"):
        assert suffix in READERS


def test_rss_entries_become_articles(server: Server) -> None:
    items = list(read_url(server.url("/feed.rss"), FAST))
    articles = only(items, object)
    assert [a.title for a in articles] == ["Oslo adds winter aid", "Full story"]
    first = articles[0]
    assert first.url == server.url("/page/oslo.html")
    assert first.outlet == "Loopback News"
    assert first.published == "2025-03-04"
    assert first.text == "Norway adds aid. Read more"


def test_html_in_entries_becomes_plain_text(server: Server) -> None:
    second = list(read_url(server.url("/feed.rss"), FAST))[1]
    assert second.text == "Canada will send 200 soldiers to Latvia."


def test_ids_are_stable_between_polls(server: Server) -> None:
    first = [a.id for a in read_url(server.url("/feed.rss"), FAST)]
    again = [a.id for a in read_url(server.url("/feed.rss"), FAST)]
    assert first == again and len(set(first)) == 2


def test_atom_content_is_the_body() -> None:
    (article,) = parse_feed(ATOM, "wire.atom")
    assert article.title == "Vilnius and Berlin sign brigade accord"
    assert article.text.startswith("Germany will station a brigade of 4,800 soldiers")
    assert "\n\n" in article.text  # paragraphs survive
    assert article.published == "2025-03-05"
    assert article.outlet == "Atom Wire"


def test_fetch_pages_replaces_a_teaser_with_the_page(server: Server) -> None:
    teaser = next(read_url(server.url("/feed.rss"), FAST, fetch_pages=True))
    assert "500 million kroner in humanitarian aid" in teaser.text
    assert teaser.title == "Oslo adds winter aid" and teaser.published == "2025-03-04"
    assert teaser.url == server.url("/page/oslo.html")


def test_an_entry_with_its_full_content_is_not_fetched(server: Server) -> None:
    (article,) = read_url(server.url("/atom.xml"), FAST, fetch_pages=True)
    assert article.text.startswith("Germany will station a brigade")
    assert server.hits.get("/never-fetched", 0) == 0


def test_a_page_that_fails_is_reported_and_the_teaser_kept(server: Server) -> None:
    items = list(read_url(server.url("/broken-link.rss"), FAST, fetch_pages=True))
    (error,) = only(items, SourceError)
    assert "HTTP 404" in str(error) and "/page/gone.html" in str(error)
    assert [a.text for a in items if not isinstance(a, SourceError)] == ["A teaser whose page is gone"]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing.rss", "HTTP 404"),
        ("/not-a-feed", "not an RSS or Atom feed"),
        ("/slow", "timed out after 0.5 s"),
        ("/huge", "too large: 524,288 bytes (limit 262,144)"),
        ("/endless", "too large: more than 262,144 bytes"),
        ("/flaky", "HTTP 503"),
    ],
)
def test_each_failure_is_one_clear_error(server: Server, path: str, problem: str) -> None:
    items = list(read_paths([server.url(path)], FAST))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert problem in str(items[0])
    assert str(items[0]).startswith(server.url(path))
    assert "\n" not in str(items[0])


def test_transient_failures_are_retried(server: Server) -> None:
    before = server.hits.get("/flaky", 0)
    with pytest.raises(SourceError):
        fetch(server.url("/flaky"), FAST)
    assert server.hits["/flaky"] - before == 1 + FAST.retries


def test_connection_refused_is_an_error_not_a_crash() -> None:
    items = list(read_paths(["http://127.0.0.1:9/feed.rss"], FAST))
    assert len(items) == 1 and "cannot connect" in str(items[0])


def test_feed_files_are_read_like_any_other(tmp_path: Path) -> None:
    (tmp_path / "wire.atom").write_bytes(ATOM)
    (tmp_path / "page.xml").write_text("<html><p>not a feed</p></html>", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    errors = only(items, SourceError)
    assert len(errors) == 1 and "page.xml: not an RSS or Atom feed" in str(errors[0])
    assert [a.title for a in items if not isinstance(a, SourceError)] == ["Vilnius and Berlin sign brigade accord"]
