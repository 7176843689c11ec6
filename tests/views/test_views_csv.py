"""The CSV links of a page download what the page shows: its filters travel with the link."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient


def download_links(html: str) -> dict[str, str]:
    """The page's commitments.csv and records.csv links, unescaped."""
    out = {}
    for what in ("commitments", "records"):
        href = html.split(f'href="/download/{what}.csv')[1].split('"')[0]
        out[what] = f"/download/{what}.csv" + href.replace("&amp;", "&")
    return out


def rows(client: TestClient, href: str) -> list[dict[str, str]]:
    r = client.get(href)
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.text, newline="")))


def test_the_matrix_links_download_its_recipient_kind_and_dates(client: TestClient) -> None:
    links = download_links(client.get("/", params={"recipient": "lva", "kind": "troops"}).text)
    commitments = rows(client, links["commitments"])
    assert [(c["actor"], c["kind"], c["recipient"]) for c in commitments] == [("CAN", "troops", "LVA")]
    records = rows(client, links["records"])
    assert [(r["article"], r["recipient"]) for r in records] == [("vt-can-troops", "LVA")]

    april = download_links(client.get("/", params={"start": "2025-04-01", "end": "2025-04-30"}).text)
    assert {r["published"][:7] for r in rows(client, april["records"])} == {"2025-04"}
    assert {c["actor"] for c in rows(client, april["commitments"])} == {"CAN", "USA", "NOR"}


def test_an_actor_page_links_download_that_actor(client: TestClient) -> None:
    links = download_links(client.get("/actors/CAN", params={"kind": "military_aid"}).text)
    assert "actor=CAN" in links["commitments"] and "kind=military_aid" in links["commitments"]
    records = rows(client, links["records"])
    assert {(r["actor"], r["kind"]) for r in records} == {("CAN", "military_aid")}
    assert "https://example.org/maple/can-package" in {r["url"] for r in records}
    (package,) = rows(client, links["commitments"])
    assert package["urls"] == "https://example.org/maple/can-package"


def test_unfiltered_pages_download_everything(client: TestClient) -> None:
    links = download_links(client.get("/checks").text)
    assert links == {"commitments": "/download/commitments.csv", "records": "/download/records.csv"}
    assert len(rows(client, links["records"])) == 9


@pytest.mark.parametrize("query", ["kind=bogus", "start=yesterday", "status=maybe"])
def test_a_bad_download_filter_is_a_clear_error(client: TestClient, query: str) -> None:
    r = client.get(f"/download/records.csv?{query}")
    assert r.status_code == 422
    assert query.split("=")[0] in r.text
