"""The views fit the screen: a wide ledger (30 actors, all 13 kinds) in chromium at 1280x800.

The matrix must fit the window without a horizontal scroll bar, its headers must stay in view
while its rows scroll, and a commitment page must fit as well. Screenshots at 1280x800 go to
test-artifacts/ (gitignored): matrix-1280x800.png and commitment-1280x800.png.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pledgewatch.ledger import Ledger
from pledgewatch.model import Amount, Article, Kind, Record, Status
from pledgewatch.names import label

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

ACTORS = [
    "CAN",
    "FRA",
    "DEU",
    "GBR",
    "POL",
    "USA",
    "NATO",
    "EU",
    "OSCE",
    "NLD",
    "NOR",
    "SWE",
    "DNK",
    "FIN",
    "EST",
    "LVA",
    "LTU",
    "ITA",
    "ESP",
    "JPN",
    "KOR",
    "AUS",
    "CZE",
    "ROU",
    "BGR",
    "TUR",
    "BEL",
    "PRT",
    "GRC",
    "HUN",
]
STATUSES = list(Status)


def _wide_ledger(url: str) -> None:
    """One invented article per actor stating a position of every kind (two recipients for troops)."""
    with Ledger(url) as ledger:
        for n, actor in enumerate(ACTORS):
            sentences, specs = [], []
            for k, kind in enumerate(Kind):
                recipients = ("UKR", "LVA") if kind == Kind.TROOPS and n % 3 == 0 else ("UKR",)
                for recipient in recipients:
                    status = STATUSES[(n + k) % len(STATUSES)]
                    sentence = f"{label(actor)} takes a {status} position on {kind} for {recipient}, item {k}."
                    money = kind in (Kind.MILITARY_AID, Kind.FINANCIAL_AID)
                    sentences.append(sentence)
                    specs.append((kind, status, recipient, sentence, Amount(1e8 * (n + 1), "EUR") if money else None))
            text = "\n\n".join(sentences)
            day = f"2025-{1 + n % 12:02d}-{1 + n % 27:02d}"
            article = Article(id=f"wide-{actor}", text=text, raw_text=text, title=f"{actor} positions", published=day)
            records = [
                Record(article.id, actor, kind, status, s, text.index(s), text.index(s) + len(s), recipient, amount)
                for kind, status, recipient, s, amount in specs
            ]
            ledger.store(article, records)


@pytest.fixture(scope="module")
def wide_server(
    tmp_path_factory: pytest.TempPathFactory, serving: Callable[[Ledger], AbstractContextManager[str]]
) -> Iterator[tuple[str, Ledger]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('wide') / 'wide.db'}"
    _wide_ledger(url)
    ledger = Ledger(url, create=False)
    with serving(ledger) as base:
        yield base, ledger
    ledger.close()


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        opened = context.new_page()
        opened.set_default_timeout(10_000)
        yield opened
        browser.close()


def overflow(page: Any, selector: str = "html") -> int:
    """How many pixels wider than its box the element's content is (0: no horizontal scroll)."""
    return int(page.eval_on_selector(selector, "e => e.scrollWidth - e.clientWidth"))


def test_the_matrix_of_30_actors_and_13_kinds_fits_1280_px_with_sticky_headers(
    page: Any, wide_server: tuple[str, Ledger]
) -> None:
    base, _ = wide_server
    page.goto(base + "/")
    assert page.locator("table.matrix tr.kinds th").count() == len(Kind)
    assert page.locator("table.matrix tbody tr").count() == len(ACTORS)
    assert overflow(page) == 0 and overflow(page, ".matrix-wrap") == 0  # no horizontal scroll anywhere
    assert page.locator("table.matrix tr.groups th").all_inner_texts()[1:] == ["FORCES", "SUPPORT", "AID", "POLICY"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#matrix").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "matrix-1280x800.png"))
    wrap = page.locator(".matrix-wrap")
    assert page.eval_on_selector(".matrix-wrap", "e => e.scrollHeight > e.clientHeight")  # the rows scroll...
    page.eval_on_selector(".matrix-wrap", "e => { e.scrollTop = 600; }")
    top = wrap.bounding_box()["y"]
    header = page.locator("table.matrix tr.kinds th").first.bounding_box()
    assert top <= header["y"] <= top + 60  # ...under headers that stay in view
    first_row = page.locator("table.matrix tbody tr").first.bounding_box()
    assert first_row["y"] < top  # scrolled away under the header
    page.screenshot(path=str(ARTIFACTS / "matrix-1280x800-scrolled.png"))
    cell = page.locator("table.matrix tbody tr").first.locator("td").first
    assert cell.locator(".status").first.get_attribute("title")  # the symbol's words, on hover


def test_a_commitment_page_fits_1280_px(page: Any, wide_server: tuple[str, Ledger]) -> None:
    base, ledger = wide_server
    key = next(c.key for c in ledger.commitments(actor="NATO", kind="military_aid"))
    page.goto(f"{base}/commitments/{quote(key, safe='')}")
    assert "North Atlantic Treaty Organization (NATO)" in page.locator("h1").inner_text()
    assert overflow(page) == 0
    page.screenshot(path=str(ARTIFACTS / "commitment-1280x800.png"))
