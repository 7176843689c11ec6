"""A small ledger of invented articles (fixtures/ledger.json), the app over it, and a live server for the browser.

Records are stored through `Ledger.ingest_articles` with an extractor that states the fixture's
records, their evidence offsets found in the cleaned text: the views are tested without the NLP
model, on exactly the data they are meant to show.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch.clean import clean_article
from pledgewatch.ledger import Ledger
from pledgewatch.model import Amount, Article, Kind, Record, Status
from pledgewatch.web import create_app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TOKEN = "test-token-5b1f"


def _records(article: Article, specs: list[dict]) -> list[Record]:
    out = []
    for spec in specs:
        start = article.text.find(spec["evidence"])
        assert start >= 0, f"fixture evidence not in the cleaned text of {article.id}"
        amount = Amount(float(spec["amount"][0]), spec["amount"][1]) if spec.get("amount") else None
        out.append(
            Record(
                article=article.id,
                actor=spec["actor"],
                kind=Kind(spec["kind"]),
                status=Status(spec["status"]),
                evidence=spec["evidence"],
                evidence_start=start,
                evidence_end=start + len(spec["evidence"]),
                recipient=spec.get("recipient"),
                amount=amount,
            )
        )
    return out


def build_ledger(url: str, version: str = "0.0.1-test") -> None:
    items = json.loads((FIXTURES / "ledger.json").read_text(encoding="utf-8"))["articles"]
    specs = {a["id"]: a["records"] for a in items}
    articles = [
        Article(
            id=a["id"],
            text=a["text"],
            raw_text=a["text"],
            title=a["title"],
            outlet=a["outlet"],
            published=a["published"],
            url=a.get("url"),
            source=f"{a['id']}.json",
        )
        for a in items
    ]

    def extractor(batch):  # type: ignore[no-untyped-def]
        for a in batch:
            cleaned = clean_article(a)
            yield cleaned, _records(cleaned, specs[a.id])

    with Ledger(url) as ledger:
        summary = ledger.ingest_articles(articles, extractor=extractor, extractor_version=version)
        assert summary.failures == 0, summary.failed


@pytest.fixture(scope="session")
def ledger_builder() -> Callable[..., None]:
    """`build_ledger` for tests that need a ledger of their own (`from conftest import` would find another conftest)."""
    return build_ledger


@pytest.fixture(scope="session")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('views') / 'ledger.db'}"
    build_ledger(url)
    return url


@pytest.fixture(scope="session")
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger(ledger_url, create=False) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(ledger: Ledger) -> TestClient:
    """Read-only app; server errors come back as pages, as a user would see them."""
    return TestClient(create_app(ledger), raise_server_exceptions=False)


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def writable_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app with a token over its own ledger, so ingest tests never change the shared one."""
    url = f"sqlite:///{tmp_path / 'writable.db'}"
    build_ledger(url)
    with Ledger(url, create=False) as opened:
        yield TestClient(create_app(opened, token=TOKEN), raise_server_exceptions=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serving(ledger: Ledger) -> Iterator[str]:
    """uvicorn on a free loopback port in a thread, stopped when the block ends."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(ledger), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serving() -> Callable[[Ledger], contextlib.AbstractContextManager[str]]:
    """A real server for any ledger a test builds: `with serving(ledger) as url: ...`."""
    return _serving


@pytest.fixture(scope="session")
def live_server(ledger: Ledger) -> Iterator[str]:
    """The app over the shared test ledger, served for the whole session."""
    with _serving(ledger) as url:
        yield url
