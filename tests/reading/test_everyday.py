"""Everyday news holds no security commitment: the reader must not invent one.

Issue 9 allows at most one record per hundred everyday articles. Two sets of our own are read:

- `fixtures/everyday/`: 40 articles written by hand (sport, markets, technology, consumer news,
  culture) to tempt a reader: states as actors of ordinary decisions, sums pledged for stadiums, aid
  packages for farmers, health budgets as shares of GDP, military words used figuratively ("a new
  weapon in the fight for market share", "an army of volunteers");
- the benchmark's generated firehose (`bench/firehose_corpus.py`): 1,000 irrelevant articles from
  seeded templates, with its deliberate near misses ("peacekeepers who served in Cyprus").

Forty articles alone could not show a rate of one in a hundred; together they are 1,040.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from pledgewatch.extract import extract_many
from pledgewatch.model import Article

ROOT = Path(__file__).resolve().parents[2]
EVERYDAY = ROOT / "tests" / "fixtures" / "everyday"


def _handwritten() -> list[Article]:
    out = []
    for path in sorted(EVERYDAY.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        out.append(Article(id=data["id"], text=data["text"], title=data["title"], published=data["published"]))
    return out


def _generated(n: int = 1000) -> list[Article]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from firehose_corpus import irrelevant_article
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rng = random.Random(11)
    return [irrelevant_article(i, rng) for i in range(n)]


def test_the_handwritten_fixture_is_what_the_test_says() -> None:
    articles = _handwritten()
    assert len(articles) == 40
    assert all(len(a.text.split()) >= 90 for a in articles)


def test_everyday_news_gives_at_most_one_record_per_hundred_articles() -> None:
    articles = _handwritten() + _generated()
    records = [r for _article, rs in extract_many(articles) for r in rs]
    assert len(records) * 100 <= len(articles), [(r.article, r.actor, str(r.kind), r.evidence) for r in records]
