"""A reviewer corrects a record in a real browser against a real `pledgewatch serve`, with JavaScript off.

The correction shows in the matrix and the CSV download, survives re-ingesting the articles (as
duplicates, then as a new reader version), and undo restores the reader's value. Requests without a
reviewer's token, or without the form's own token, are refused. Screenshots of the review queue and
a review form (1280x800) go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pledgewatch.ledger import Ledger

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SRC = Path(__file__).resolve().parents[2] / "src"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, ledger_builder: Callable[..., None]) -> Iterator[tuple[str, str, str]]:
    """`pledgewatch serve` in its own process over a fresh ledger; yields (base URL, ledger URL, reviewer token)."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    ledger_builder(url)
    with Ledger(url) as ledger:
        token = ledger.add_reviewer("Ana Reviewer")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("PLEDGEWATCH_TOKEN", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "pledgewatch.cli", "serve", "--db", url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/checks", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(
                    f"pledgewatch serve did not start: {server.stderr.read().decode() if server.stderr else ''}"
                )
            time.sleep(0.2)
    try:
        yield base, url, token
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # the viewport: 1280x800


def pol_troops_cell(page: Any, base: str) -> str:
    page.goto(base + "/")
    row = page.locator("table.matrix tbody tr", has=page.locator("th", has_text="(POL)"))
    kinds = page.locator("table.matrix thead tr.kinds th").evaluate_all("heads => heads.map(h => h.title)")
    return str(row.locator("td").nth(kinds.index("troops")).inner_text())  # the symbol, its words for readers


def csv_status(page: Any, base: str, what: str) -> str:
    body = page.request.get(f"{base}/download/{what}.csv").text()
    rows = [r for r in csv.DictReader(io.StringIO(body)) if r["actor"] == "POL" and r["kind"] == "troops"]
    assert len(rows) == 1, rows
    return rows[0]["status"]


def test_a_reviewer_corrects_a_status_in_the_browser(
    browser: Any, served: tuple[str, str, str], ledger_builder: Callable[..., None]
) -> None:
    base, url, token = served
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    assert "ruled out" in pol_troops_cell(page, base)

    page.goto(base + "/review")  # read-only without a token: the queue, no forms
    assert page.locator("a", has_text="sign in with your reviewer token").is_visible()
    page.goto(base + "/review/signin")
    page.fill("input[name=token]", "not-a-token")
    page.click("button:has-text('Sign in')")
    assert "belongs to no reviewer" in page.content()
    page.fill("input[name=token]", token)
    page.click("button:has-text('Sign in')")
    assert page.url == base + "/review" and "Ana Reviewer" in page.locator("main").inner_text()
    shot(page, "review-queue")

    page.locator("table.queue tr", has_text="Poland has ruled out sending troops").locator("a").first.click()
    assert page.locator("h1").inner_text().startswith("Review: POL · troops")
    page.select_option("select[name=status]", "considering")
    page.fill("textarea[name=reason]", "the minister only rules it out for now")
    shot(page, "review-form")
    page.click("button:has-text('Save correction')")
    assert page.locator("strong.decision").inner_text() == "corrected"
    log = page.locator("table.log").inner_text()
    assert "Ana Reviewer" in log and "ruled_out" in log and "considering" in log and "rules it out for now" in log

    assert "considering" in pol_troops_cell(page, base)
    assert csv_status(page, base, "records") == csv_status(page, base, "commitments") == "considering"

    ledger_builder(url)  # the same articles again: duplicates
    ledger_builder(url, "0.0.2-test")  # and read again by a new reader version
    assert "considering" in pol_troops_cell(page, base)
    assert csv_status(page, base, "records") == "considering"

    page.goto(base + "/")  # from the matrix to the commitment, to its record's review page, which is a new record now
    page.locator("table.matrix tbody tr", has=page.locator("th", has_text="POL")).get_by_role(
        "link", name="considering"
    ).click()
    page.locator("ul.records a", has_text="review").first.click()
    assert page.locator("strong.decision").inner_text() == "corrected"
    page.click("button:has-text('Undo the last change')")
    assert page.locator("strong.decision").inner_text() == "not reviewed"
    record_page = page.url
    assert "ruled out" in pol_troops_cell(page, base)
    assert csv_status(page, base, "records") == "ruled_out"

    # A signed-in browser's form post without the form's own token (what another site would send): refused.
    forged = page.request.post(record_page, form={"action": "reject"})
    assert forged.status == 403
    context.close()

    # Without a token at all: refused, in the browser and through the API, and nothing changed.
    anonymous = browser.new_context(java_script_enabled=False)
    refused = anonymous.request.post(record_page, form={"action": "reject", "csrf": "guess"})
    assert refused.status == 401 and "sign in" in refused.text()
    api = anonymous.request.post(
        record_page.replace("/review/records/", "/api/review/records/"), data={"action": "reject"}
    )
    assert api.status == 401
    anon_page = anonymous.new_page()
    anon_page.goto(record_page)
    assert anon_page.locator("form.review").count() == 0
    assert "ruled out" in pol_troops_cell(anon_page, base)
    anonymous.close()
