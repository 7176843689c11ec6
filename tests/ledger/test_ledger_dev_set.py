"""The measured goal on the shared dev set (skipped where ../shared/eval/dev is absent).

Ingesting the dev articles gives one CAN -> UKR military_aid commitment of 2,000,000,000 CAD that
lists every article the gold annotation says reports that package; `checks` shows the worked
example's sum mismatch and date conflict; ingesting again changes nothing. The articles are
extracted once for the module and stored on each database from that one extraction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from pledgewatch.ledger import Ledger
from pledgewatch.ledger.ingest import Extractor
from pledgewatch.model import Article, Record

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
WORKED_EXAMPLE = "000_f66a77ac3ae11a33"

pytestmark = pytest.mark.skipif(not (DEV / "articles").is_dir(), reason=f"{DEV} not present (evaluation data)")


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[Article, list[Record]]]:
    from pledgewatch.extract import extract_many
    from pledgewatch.sources import read_paths

    articles = [a for a in read_paths([DEV / "articles"]) if isinstance(a, Article)]
    return {
        a.source or a.id: (cleaned, records)
        for a, (cleaned, records) in zip(articles, extract_many(articles), strict=True)
    }


def replay(extracted: dict[str, tuple[Article, list[Record]]]) -> Extractor:
    def extractor(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Record]]]:
        for a in articles:
            yield extracted[a.source or a.id]

    return extractor


def gold_package_articles() -> set[str]:
    found = set()
    for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line) if line.strip() else {}
        amount = g.get("amount") or {}
        if (
            (g.get("actor"), g.get("kind"), g.get("recipient")) == ("CAN", "military_aid", "UKR")
            and amount.get("unit") == "CAD"
            and amount.get("value") == 2_000_000_000
            and g.get("part_of") is None
            and not g.get("optional")
        ):
            found.add(g["article"])
    return found


@pytest.fixture
def dev_ledger(db_url: str, extracted: dict) -> Iterator[Ledger]:
    with Ledger(db_url) as led:
        summary = led.ingest([DEV / "articles"], extractor=replay(extracted))
        assert summary.failures == 0 and summary.new == len(extracted)
        yield led


def test_one_canadian_package_with_every_article_reporting_it(dev_ledger: Ledger) -> None:
    packages = [
        c
        for c in dev_ledger.commitments(actor="CAN", kind="military_aid", recipient="UKR")
        if c.amount and (c.amount.unit, c.amount.value) == ("CAD", 2e9)
    ]
    assert len(packages) == 1
    expected = gold_package_articles()
    assert expected and expected <= set(packages[0].articles)


def test_checks_show_the_worked_examples_sum_and_date_conflict(dev_ledger: Ledger) -> None:
    checks = dev_ledger.checks(article=WORKED_EXAMPLE)
    codes = {c.code for c in checks}
    assert {"components_sum", "date_conflict"} <= codes
    (sums,) = [c for c in checks if c.code == "components_sum"]
    assert "835,000,000 + 680,000,000 + 220,000,000 = 1,735,000,000 CAD of a 2,000,000,000 CAD" in sums.message


def test_ingesting_the_same_folder_twice_changes_nothing(dev_ledger: Ledger, extracted: dict) -> None:
    before = dev_ledger.snapshot()
    again = dev_ledger.ingest([DEV / "articles"], extractor=replay(extracted))
    assert (again.new, again.duplicates, again.failures) == (0, len(extracted), 0)
    assert dev_ledger.snapshot() == before
