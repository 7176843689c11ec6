"""Names people use in the web app and the API: names, demonyms and codes resolve; unknown ones are errors.

Over the view fixture ledger (tests/views/fixtures/ledger.json) through FastAPI's TestClient.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def keys(client: TestClient, path: str, **params: str) -> list[str]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return [c["key"] for c in r.json()]


@pytest.mark.parametrize("name", ["Canada", "canadian", "CAN", "can"])
def test_api_commitments_take_names(client: TestClient, name: str) -> None:
    found = keys(client, "/api/commitments", actor=name)
    assert found and found == keys(client, "/api/commitments", actor="CAN")


def test_api_commitments_recipient_by_name(client: TestClient) -> None:
    by_name = client.get("/api/commitments", params={"recipient": "Ukraine"}).json()
    assert by_name and {c["recipient"] for c in by_name} == {"UKR"}


def test_api_records_honour_their_filters(client: TestClient) -> None:
    everything = client.get("/api/records").json()
    assert len({r["actor"] for r in everything}) > 1
    canada = client.get("/api/records", params={"actor": "Canada"}).json()
    assert canada and {r["actor"] for r in canada} == {"CAN"}
    assert len(canada) == sum(r["actor"] == "CAN" for r in everything)
    troops = client.get("/api/records", params={"kind": "troops", "recipient": "Ukraine"}).json()
    assert troops and all(r["kind"] == "troops" and r["recipient"] == "UKR" for r in troops)
    march = client.get("/api/records", params={"start": "2025-03-01", "end": "2025-03-31"}).json()
    assert march and all("2025-03-01" <= r["published"] <= "2025-03-31" for r in march)
    assert len(march) < len(everything)
    one = everything[0]["article"]
    assert {r["article"] for r in client.get("/api/records", params={"article": one}).json()} == {one}


@pytest.mark.parametrize(
    ("path", "params", "problem"),
    [
        ("/api/commitments", {"actor": "Narnia"}, "unknown actor 'Narnia'"),
        ("/api/commitments", {"recipient": "Ukrain"}, "did you mean 'Ukraine (UKR)'"),
        ("/api/commitments", {"start": "03/01/2025"}, "start '03/01/2025' is not a date: write YYYY-MM-DD"),
        ("/api/records", {"actor": "Atlantis"}, "unknown actor 'Atlantis'"),
        ("/api/records", {"end": "2025-13-01"}, "end '2025-13-01' is not a date"),
        ("/api/checks", {"code": "sums"}, "check code 'sums' does not exist"),
    ],
)
def test_an_unknown_name_or_bad_value_is_422_with_a_message(
    client: TestClient, path: str, params: dict, problem: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422
    assert problem in r.json()["detail"]


def test_actor_pages_resolve_names_and_show_them_beside_codes(client: TestClient) -> None:
    for name in ("Canada", "canadian", "CAN"):
        r = client.get(f"/actors/{name}")
        assert r.status_code == 200 and "<h1>Canada (CAN):" in r.text
    missing = client.get("/actors/Narnia")
    assert missing.status_code == 404 and "unknown actor &#39;Narnia&#39;" in missing.text
    none = client.get("/actors/Japan")
    assert none.status_code == 404 and "no commitments by Japan (JPN)" in none.text
