"""The app as a person uses it: Debian's chromium, driven by Playwright, against uvicorn on loopback.

Screenshots of the main pages go to test-artifacts/ (gitignored) for a person to look at.
Skips, saying why, where /usr/bin/chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_matrix_filter_commitment_and_source(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    assert "Coalition matrix" in page.title()
    shot(page, "matrix")
    can_troops = page.locator("table.matrix tr", has_text="CAN").locator("td").first
    assert "conditional" in can_troops.inner_text()

    page.select_option("select[name=kind]", "troops")
    page.fill("input[name=start]", "2025-03-01")
    page.click("button:has-text('Filter')")
    assert "kind=troops" in page.url
    header = page.locator("table.matrix thead").inner_text()
    assert "troops" in header and "military aid" not in header
    shot(page, "matrix-filtered")

    page.goto(live_server + "/")
    page.locator("table.matrix tr", has_text="CAN").get_by_role("link", name="● committed").click()
    page.wait_for_load_state()
    assert page.locator("mark").count() == 2
    assert "500 million Canadian dollars" in page.locator("mark").first.inner_text()
    shot(page, "commitment")

    page.locator("section.source h3 a").first.click()
    page.wait_for_load_state()
    evidence = page.locator("mark#evidence")
    assert evidence.is_visible() and "500 million" in evidence.inner_text()
    assert page.url.endswith("#evidence")
    shot(page, "article")


def test_keyboard_reaches_the_filters(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "recipient":
            break
    else:
        pytest.fail("the recipient filter is not reachable by Tab")
    page.keyboard.press("Enter")  # a form submits from the keyboard alone


def test_pages_work_without_javascript(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.select_option("select[name=recipient]", "UKR")
    page.click("button:has-text('Filter')")
    assert "recipient=UKR" in page.url and page.locator("table.matrix").is_visible()
    context.close()


def test_no_script_from_the_news_runs(page: Any, live_server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in ("/", "/search?q=pwned", "/actors/NOR", "/checks"):
        page.goto(live_server + url)
        assert page.evaluate("window.__pwned === undefined"), url
    page.goto(live_server + "/actors/NOR")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img").count() == 0 and page.locator("main b, main i").count() == 0
    assert "<script>window.__pwned = 3</script>" in page.locator("mark").inner_text()
    assert not dialogs
    shot(page, "hostile-article")


def test_search_and_checks_pages(page: Any, live_server: str) -> None:
    page.goto(live_server + "/search")
    page.fill("main input[name=q]", "ceasefire")
    page.press("main input[name=q]", "Enter")
    assert page.locator("main ol li").count() == 1
    shot(page, "search")
    page.goto(live_server + "/checks")
    shot(page, "checks")


def test_html_report_opens_offline_and_runs_nothing(page: Any, ledger_url: str, tmp_path: Path) -> None:
    from pledgewatch.cli import main

    out = tmp_path / "report.html"
    assert main(["report", "--db", ledger_url, "--html", str(out)]) == 0
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    assert page.locator("svg").count() == 3 and page.locator("table.matrix").is_visible()
    assert page.evaluate("window.__pwned === undefined")
    assert all(url.startswith("file:") for url in requests), requests  # nothing fetched from anywhere
    shot(page, "report")
