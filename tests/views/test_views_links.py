"""Only web addresses become links: an article URL of another scheme is shown as text; no site may frame the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch.ledger import Ledger
from pledgewatch.model import Article, Kind, Record, Status
from pledgewatch.report.links import web_url
from pledgewatch.web import create_app

HOSTILE_URLS = {
    "js": "javascript:alert(document.cookie)",
    "js-case": "  JaVaScRiPt:alert(1)",
    "js-tab": "java\tscript:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "no-host": "http:///etc/passwd",
}
FINE = "https://example.org/news/aid?id=1&lang=en"
GIVERS = {"js": "Chile", "js-case": "Peru", "js-tab": "Ghana", "data": "Kenya", "no-host": "Nepal", "fine": "Fiji"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('links') / 'links.db'}"
    with Ledger(url) as led:
        for name, link in {**HOSTILE_URLS, "fine": FINE}.items():
            giver = GIVERS[name]
            sentence = f"{giver} pledged troops to Ukraine."
            text = sentence + " " + " ".join(f"{name}{i}" for i in range(80))
            art = Article(id=name, text=text, raw_text=text, url=link, published="2025-05-01", source=f"{name}.json")
            rec = Record(name, giver[:3].upper(), Kind.TROOPS, Status.COMMITTED, sentence, 0, len(sentence), "UKR")
            assert led.store(art, [rec]).new == 1
        with TestClient(create_app(led)) as test_client:
            yield test_client


def pages(client: TestClient) -> list[str]:
    """Every article page and every commitment page of the ledger."""
    out = []
    for a in client.get("/api/articles").json()["articles"]:
        out.append(client.get(f"/articles/{a['id']}").text)
    for c in client.get("/api/commitments").json():
        out.append(client.get("/commitments/" + c["key"].replace("|", "%7C")).text)
    return out


def test_only_http_urls_become_links(client: TestClient) -> None:
    found = pages(client)
    assert len(found) == 12
    hrefs = [h for page in found for h in re.findall(r'href="([^"]*)"', page)]
    outside = {h for h in hrefs if not h.startswith(("/", "#", "?"))}
    assert outside == {FINE.replace("&", "&amp;")}, outside


def test_other_urls_are_shown_as_text(client: TestClient) -> None:
    text = "\n".join(pages(client))
    assert 'original: <span class="url">javascript:alert(document.cookie)</span>' in text
    assert "data:text/html;base64," in text


@pytest.mark.parametrize("path", ["/", "/checks", "/api/records"])
def test_no_site_may_frame_the_app(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"


def test_web_url_accepts_only_http_with_a_host() -> None:
    assert web_url(FINE) == FINE and web_url(" http://example.org ") == "http://example.org"
    assert all(web_url(u) is None for u in HOSTILE_URLS.values())
    assert web_url(None) is None and web_url("ftp://example.org/x") is None


def test_the_report_links_no_article_url(client: TestClient, tmp_path: Path) -> None:
    from pledgewatch.cli import main

    ledger = client.app.state.ledger  # type: ignore[attr-defined]
    out = tmp_path / "report.html"
    assert main(["report", "--db", ledger.url, "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert not re.search(r'href="\s*(javascript|data):', html, re.IGNORECASE)
