"""Review over HTTP (TestClient): sign-in, CSRF, the bearer API, adding a record, escaping, search pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch.ledger import Ledger
from pledgewatch.web import create_app
from pledgewatch.web.review import sentences


@pytest.fixture
def reviewed(tmp_path: Path, ledger_builder: Callable[..., None]) -> Iterator[tuple[TestClient, Ledger, str]]:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    ledger_builder(url)
    with Ledger(url, create=False) as ledger:
        token = ledger.add_reviewer("Ana")
        yield TestClient(create_app(ledger), raise_server_exceptions=False), ledger, token


def record_of(ledger: Ledger, actor: str, kind: str) -> int:
    return next(i.record_id for i in ledger.review_queue(100) if (i.actor, i.kind) == (actor, kind))


def sign_in(client: TestClient, token: str) -> str:
    r = client.post("/review/signin", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and token not in cookie
    page = client.get("/review").text
    assert "Signed in as <strong>Ana</strong>" in page
    record = record_of(client.app.state.ledger, "USA", "air")  # type: ignore[attr-defined]
    return re.search(r'name="csrf" value="([^"]+)"', client.get(f"/review/records/{record}").text).group(1)  # type: ignore[union-attr]


def test_forms_need_a_session_and_its_form_token(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, ledger, token = reviewed
    rid = record_of(ledger, "USA", "air")
    assert client.post(f"/review/records/{rid}", data={"action": "reject", "csrf": "x"}).status_code == 401
    assert 'name="csrf"' not in client.get(f"/review/records/{rid}").text  # read-only: no form
    csrf = sign_in(client, token)
    assert client.post(f"/review/records/{rid}", data={"action": "reject", "csrf": "wrong"}).status_code == 403
    r = client.post(f"/review/records/{rid}", data={"action": "reject", "csrf": csrf, "reason": "an exercise"})
    assert r.status_code == 200 and "rejected" in r.text
    assert all(c.kind != "air" for c in ledger.commitments())
    bad = client.post(f"/review/records/{rid}", data={"action": "correct", "csrf": csrf, "actor": "Narnia"})
    assert "not an ISO alpha-3 code" in bad.text and 'class="error"' in bad.text
    from pledgewatch.ledger.review import remove_reviewer

    remove_reviewer(ledger.engine, "Ana")  # revoking a reviewer ends their sessions
    assert client.post(f"/review/records/{rid}", data={"action": "undo", "csrf": csrf}).status_code == 401


def test_the_api_takes_a_reviewers_bearer_token(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, ledger, token = reviewed
    rid = record_of(ledger, "CAN", "troops")
    body = {"action": "correct", "changes": {"status": "committed"}, "reason": "api"}
    assert client.post(f"/api/review/records/{rid}", json=body).status_code == 401
    wrong = client.post(f"/api/review/records/{rid}", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.post(f"/api/review/records/{rid}", json=body, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["shown"]["status"] == "committed"
    records = client.get("/api/records").json()
    assert "committed" in {r["status"] for r in records if (r["actor"], r["kind"]) == ("CAN", "troops")}
    bad = {"action": "correct", "changes": {"status": "sure"}}
    r = client.post(f"/api/review/records/{rid}", json=bad, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422 and "not a status" in r.json()["detail"]
    queue = client.get("/api/review/queue").json()
    assert rid not in {i["record_id"] for i in queue} and all("score" in i for i in queue)
    assert "/api/review/records/{record_id}" in client.get("/api/openapi.json").json()["paths"]


def test_adding_a_missed_record_by_picking_its_sentence(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, ledger, token = reviewed
    csrf = sign_in(client, token)
    pk = next(i.article_pk for i in ledger.review_queue(100) if i.article == "vt-usa-air")
    form = client.get(f"/review/articles/{pk}/add").text
    options = re.findall(r'name="evidence" value="(\d+-\d+)"', form)
    assert options
    text = ledger.record_state(record_of(ledger, "USA", "air")).evidence
    pick = next(o for o in options if text in form.split(f'value="{o}"')[1].split("</label>")[0])
    data = {"csrf": csrf, "evidence": pick, "actor": "GBR", "kind": "air", "status": "considering", "reason": "missed"}
    r = client.post(f"/review/articles/{pk}/add", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert any((c.actor, c.kind) == ("GBR", "air") for c in ledger.commitments())
    page = client.get(r.headers["location"]).text
    assert "added" in page and "missed" in page
    missing = client.post(f"/review/articles/{pk}/add", data={"csrf": csrf, "actor": "GBR"})
    assert "pick the sentence" in missing.text


def test_review_pages_escape_the_news(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, ledger, token = reviewed
    sign_in(client, token)
    rid = record_of(ledger, "NOR", "humanitarian_aid")
    for url in ("/review", f"/review/records/{rid}"):
        html = client.get(url).text
        assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned = 3" in html, url


def test_search_pages_show_words_and_records(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, _, _ = reviewed
    page = client.get("/search", params={"q": "defense minister"}).text  # the text says "defence minister"
    assert "every word of" in page and "<mark>defence</mark>" in page
    records = client.get("/search", params={"q": "troop Ukraine", "what": "records"}).text
    assert "/review/records/" in records and "<mark>troops</mark>" in records
    assert client.get("/search", params={"q": " ".join(f"w{i}" for i in range(20))}).status_code == 422
    api = client.get("/api/articles", params={"q": "ceasefires holding"}).json()
    assert api["total"] == 1 and "ceasefire holds" in api["articles"][0]["sentence"]


def test_sentences_keep_their_offsets() -> None:
    text = "Title line\nFirst one. Second 2.5 billion one!\n\nThird?"
    found = sentences(text)
    assert [s for _, _, s in found] == ["Title line", "First one.", "Second 2.5 billion one!", "Third?"]
    assert all(text[a:b] == s for a, b, s in found)


def test_the_queue_says_when_a_decision_no_longer_matches(reviewed: tuple[TestClient, Ledger, str]) -> None:
    client, ledger, _ = reviewed
    rid = record_of(ledger, "USA", "air")
    ledger.review(rid, "correct", "Ana", None, {"status": "committed"})
    assert "no longer match" not in client.get("/review").text
    with ledger.engine.begin() as conn:  # as if a new reader read that sentence as "committed" itself
        conn.exec_driver_sql("UPDATE records SET status = 'committed' WHERE id = ?", (rid,))
    page = client.get("/review").text
    assert "1 earlier decision no longer matches a record" in page and "USA|air|UKR|considering" in page
