"""The JSON API against its own OpenAPI schema (schemathesis): every documented operation, generated inputs.

Checks that answers match the declared response models and status codes and that no input makes
the server fail. Operations are driven through hypothesis directly (schemathesis' pytest plugin
does not load under this pytest); few examples each, so the run takes a couple of seconds.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from pledgewatch.ledger import Ledger
from pledgewatch.web import create_app

schemathesis = pytest.importorskip("schemathesis", reason="the OpenAPI tests need schemathesis")
hypothesis = pytest.importorskip("hypothesis")

API_PATHS = {"/api/commitments", "/api/records", "/api/articles", "/api/checks"}
#: Values checked against the lexicon or the calendar, beyond what a schema can say: a string that is
#: no actor name, check code or real YYYY-MM-DD day is a 422 with one sentence, never an empty answer.
NAMED = {"actor", "recipient", "code", "start", "end"}


def _conforms(case: Any) -> None:
    """One generated request: valid against the schema, and a refused name refused in one sentence."""
    if not NAMED & set(case.query or {}):
        case.call_and_validate()
        return
    response = case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
    if response.status_code != 422:
        return
    if not case.path.startswith("/api/"):
        # A download is a link on the pages: its refusal is the error page, naming the value.
        # (schemathesis gives each header as a list of its values.)
        assert response.headers["content-type"][0].startswith("text/html")
        assert "<h1>422</h1>" in response.text and '<p class="error">' in response.text
        return
    detail = response.json()["detail"]
    assert isinstance(detail, list) or (isinstance(detail, str) and "\n" not in detail), detail


def test_api_conforms_to_its_schema(ledger: Ledger) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(ledger))
    seen = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.add(operation.path)
        conforms = hypothesis.settings(
            max_examples=15, deadline=None, suppress_health_check=list(hypothesis.HealthCheck), database=None
        )(hypothesis.given(case=operation.as_strategy())(_conforms))
        conforms()
    assert seen >= API_PATHS


def test_a_download_refusing_a_name_answers_with_the_error_page(ledger: Ledger) -> None:
    """The branch the generated requests reach only now and then ("id" names no single actor): it
    once failed only on the runs that drew it, reading a header list as a string."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(ledger))
    download = next(r.ok() for r in schema.get_all_operations() if r.ok().path == "/download/{what}.csv")
    case = download.Case(path_parameters={"what": "records"}, query={"actor": "id"})
    assert case.call().status_code == 422
    _conforms(case)


def test_every_documented_path_answers_json(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) >= API_PATHS
    for path in API_PATHS:
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json", path


def test_token_app_documents_ingest_with_its_token(writable_client: TestClient) -> None:
    paths = writable_client.get("/api/openapi.json").json()["paths"]
    assert "401" in paths["/api/ingest"]["post"]["responses"]
