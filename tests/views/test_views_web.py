"""The web app over HTTP (TestClient): pages, filters, sources, search, escaping, API, CSV, token, errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from pledgewatch.ledger import Ledger
from pledgewatch.web import create_app

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
HOSTILE_MARKUP = ("<script>", "<b>Bold</b>", "<img src=x", "<i>officials</i>")


def _key(ledger: Ledger, actor: str, kind: str) -> str:
    return next(c.key for c in ledger.commitments(actor=actor, kind=kind))


def test_matrix_shows_current_statuses(client: TestClient) -> None:
    html = client.get("/").text
    assert "◐ conditional" in html and "✖ ruled out" in html and "? considering" in html
    assert '<form class="filters" method="get" action="/">' in html  # works without JavaScript
    can = html.split('<a href="/actors/CAN">Canada (CAN)</a>')[1].split("</tr>")[0]
    assert "conditional" in can and '<span class="to">UKR</span>' in can and '<span class="to">LVA</span>' in can
    ukr = client.get("/", params={"recipient": "Ukraine"}).text
    ukr = ukr.split('<a href="/actors/CAN">Canada (CAN)</a>')[1].split("</tr>")[0]
    assert "conditional" in ukr and "LVA" not in ukr


def test_matrix_filters_by_kind_recipient_and_dates(client: TestClient) -> None:
    troops = client.get("/", params={"kind": "troops", "recipient": "ukr"}).text.split('id="matrix"')[1]
    assert "military aid" not in troops and "conditional" in troops
    april = client.get("/", params={"start": "2025-04-01", "end": "2025-04-30"}).text
    assert "POL" not in april.split('id="aid"')[0] and "USA" in april
    nothing = client.get("/", params={"recipient": "Japan"}).text
    assert "No commitments match." in nothing


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"recipient": "ZZZ"}, "unknown recipient &#39;ZZZ&#39;"),
        ({"kind": "bogus"}, "kind &#39;bogus&#39; does not exist"),
        ({"start": "yesterday"}, "start &#39;yesterday&#39; is not a date: write YYYY-MM-DD"),
        ({"end": "2025-02-30"}, "end &#39;2025-02-30&#39; is not a date"),
    ],
)
def test_bad_filter_values_are_a_clear_error_not_an_empty_matrix(
    client: TestClient, params: dict, problem: str
) -> None:
    r = client.get("/", params=params)
    assert r.status_code == 422 and problem in r.text


def test_commitment_page_has_timeline_and_marked_evidence(client: TestClient, ledger: Ledger) -> None:
    r = client.get(f"/commitments/{quote(_key(ledger, 'CAN', 'military_aid'), safe='')}")
    assert r.status_code == 200
    assert r.text.count("<mark>") == 2  # both articles stating the package
    assert "<mark>Canada will provide 500 million Canadian dollars in military aid to Ukraine" in r.text
    assert "Status timeline" in r.text and "Maple Desk" in r.text and "Lakeshore Times" in r.text


def test_article_page_marks_the_record_it_was_opened_for(client: TestClient, ledger: Ledger) -> None:
    c = next(iter(ledger.commitments(actor="POL", kind="logistics")))
    page = client.get(f"/commitments/{quote(c.key, safe='')}").text
    href = page.split('<h3><a href="')[1].split('"')[0].replace("&amp;", "&")
    html = client.get(href).text
    assert '<mark id="evidence">Warsaw will instead run the logistics hub near the border.</mark>' in html


def test_actor_checks_and_search_pages(client: TestClient) -> None:
    assert "military aid" in client.get("/actors/can").text
    assert client.get("/checks").status_code == 200
    found = client.get("/search", params={"q": "ceasefire"}).text
    assert "1 article contains" in found and "<mark>ceasefire</mark>" in found
    assert "0 articles contain" in client.get("/search", params={"q": "100%_"}).text  # LIKE wildcards are literal


def test_unknown_pages_are_404_pages_without_traceback(client: TestClient) -> None:
    for url in ("/actors/ZZZ", "/commitments/nothing", "/articles/99999", "/no/such/page", "/articles/notanumber"):
        r = client.get(url)
        assert r.status_code in (404, 422), url
        assert "Traceback" not in r.text and "<h1>" in r.text


def test_a_server_error_shows_no_traceback(tmp_path: Path) -> None:
    broken = Ledger(f"sqlite:///{tmp_path / 'l.db'}")
    app = create_app(broken)
    broken.engine.dispose()
    (tmp_path / "l.db").unlink()
    (tmp_path / "l.db").mkdir()  # the database is gone: every query fails
    client = TestClient(app, raise_server_exceptions=False)
    for url in ("/", "/api/commitments"):
        r = client.get(url)
        assert r.status_code == 500
        assert "Traceback" not in r.text and "internal error" in r.text


@pytest.mark.parametrize("url", ["/", "/checks", "/search?q=Norway", "/search?q=pwned", "/actors/NOR"])
def test_hostile_article_is_escaped_on_every_page(client: TestClient, url: str) -> None:
    body = client.get(url).text
    for markup in HOSTILE_MARKUP:
        assert markup not in body, (url, markup)


def test_api_returns_hostile_text_as_json_data_not_html(client: TestClient) -> None:
    r = client.get("/api/articles", params={"q": "pwned"})
    assert r.headers["content-type"] == "application/json"
    assert r.json()["articles"][0]["title"].startswith("<script>")  # data kept verbatim, for programs


def test_hostile_article_renders_as_text(client: TestClient, ledger: Ledger) -> None:
    html = client.get(f"/commitments/{quote(_key(ledger, 'NOR', 'humanitarian_aid'), safe='')}").text
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html and "&lt;b&gt;stays&lt;/b&gt;" in html
    for markup in HOSTILE_MARKUP:
        assert markup not in html
    search = client.get("/search", params={"q": "pwned"}).text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt;" in search


def test_api_answers_json(client: TestClient) -> None:
    commitments = client.get("/api/commitments", params={"actor": "CAN"}).json()
    package = next(c for c in commitments if c["kind"] == "military_aid")
    assert package["article_count"] == 2 and len(package["sources"]) == 2
    assert client.get("/api/commitments", params={"kind": "nope"}).status_code == 422
    assert {r["actor"] for r in client.get("/api/records").json()} >= {"CAN", "POL", "USA", "NOR"}
    page = client.get("/api/articles", params={"q": "warsaw", "limit": 5}).json()
    assert page["total"] == 1 and page["articles"][0]["article_id"] == "vt-pol-troops"
    assert isinstance(client.get("/api/checks").json(), list)


def test_csv_downloads(client: TestClient) -> None:
    r = client.get("/download/commitments.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"CAN", "POL", "USA", "NOR"} <= {row["actor"] for row in rows}
    assert client.get("/download/records.csv").status_code == 200
    assert client.get("/download/secrets.csv").status_code == 404


def test_read_only_app_has_no_write_endpoint(client: TestClient) -> None:
    r = client.post("/api/ingest", files={"files": ("a.txt", b"Canada pledges aid.")})
    assert r.status_code in (404, 405)
    assert "/api/ingest" not in client.get("/api/openapi.json").json()["paths"]


def test_ingest_refuses_requests_without_the_token(writable_client: TestClient, token: str) -> None:
    files = {"files": ("a.txt", b"Canada pledges aid.")}
    assert writable_client.post("/api/ingest", files=files).status_code == 401
    wrong = writable_client.post("/api/ingest", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = writable_client.post("/api/ingest", files=files, headers={"Authorization": f"Basic {token}"})
    assert basic.status_code == 401


def test_ingest_with_the_token_stores_the_upload(writable_client: TestClient, token: str) -> None:
    """The upload is stored under a name of the server's choosing, whatever path the client sent."""
    import json

    first = json.loads((FIXTURES_DIR / "ledger.json").read_text(encoding="utf-8"))["articles"][2]
    body = json.dumps({k: first[k] for k in ("id", "title", "outlet", "published", "text")}).encode()
    r = writable_client.post(
        "/api/ingest", files={"files": ("../../etc/x.json", body)}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200, r.text
    summary = r.json()
    assert summary["read"] == 1 and summary["failures"] == 0
    assert summary["new"] + summary["duplicates"] + summary["reextracted"] == 1
    assert not any("etc" in f for f in summary["failed"])


@pytest.mark.parametrize(
    "url", ["/", "/actors/CAN", "/checks", "/search?q=Canada", "/api/commitments", "/api/records", "/api/checks"]
)
def test_queries_per_page_are_bounded(ledger: Ledger, client: TestClient, url: str) -> None:
    """Pages must not issue a query per commitment or source: a fixed handful, whatever the ledger's size."""
    count = 0

    def tick(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(ledger.engine, "before_cursor_execute", tick)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(ledger.engine, "before_cursor_execute", tick)
    assert count <= 6, (url, count)


def test_commitment_page_queries_are_bounded(ledger: Ledger, client: TestClient) -> None:
    count = 0

    def tick(*_args: object) -> None:
        nonlocal count
        count += 1

    key = _key(ledger, "CAN", "military_aid")
    event.listen(ledger.engine, "before_cursor_execute", tick)
    try:
        client.get(f"/commitments/{quote(key, safe='')}")
    finally:
        event.remove(ledger.engine, "before_cursor_execute", tick)
    assert count <= 6


def test_ingest_form_exists_only_with_a_token(client: TestClient, writable_client: TestClient) -> None:
    assert client.get("/ingest").status_code == 404
    assert client.post("/ingest", data={"token": "x"}).status_code in (404, 405)
    assert 'name="token"' in writable_client.get("/ingest").text


def test_ingest_form_refuses_a_wrong_or_missing_token(writable_client: TestClient, token: str) -> None:
    files = {"files": ("a.txt", b"Canada pledges aid.")}
    assert writable_client.post("/ingest", files=files).status_code == 403
    r = writable_client.post("/ingest", files=files, data={"token": token + "x"})
    assert r.status_code == 403 and "Traceback" not in r.text


def test_ingest_refuses_urls_that_are_not_http(writable_client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    for urls in ("file:///etc/passwd", "/etc/passwd"):
        assert writable_client.post("/api/ingest", data={"urls": urls}, headers=auth).status_code == 422
    assert writable_client.post("/api/ingest", data={}, headers=auth).status_code == 422


def test_an_unreachable_feed_is_reported_not_fatal(writable_client: TestClient, token: str) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = writable_client.post(
        "/ingest",
        data={"token": token, "urls": f"http://127.0.0.1:{port}/feed.xml"},
        files={"files": ("", b"")},  # what a browser sends when no file is chosen
    )
    assert r.status_code == 200 and "failures 1" in r.text


def test_date_filters_read_and_write_yyyy_mm_dd_whatever_the_browser_locale(client: TestClient) -> None:
    html = client.get("/", params={"start": "2025-03-01"}).text
    assert 'type="date"' not in html  # a date input shows the browser's locale format (03/01/2025)
    assert 'name="start" value="2025-03-01" placeholder="YYYY-MM-DD"' in html
