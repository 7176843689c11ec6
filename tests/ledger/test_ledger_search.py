"""Search: words not phrases, stemmed, both spellings, ranked, with the matching sentence; SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_builders import article
from sqlalchemy import select

from pledgewatch.ledger import Ledger
from pledgewatch.ledger import schema as t
from pledgewatch.ledger.search import (
    PG_ARTICLE_DOCUMENT,
    PG_RECORD_DOCUMENT,
    SearchError,
    best_sentence,
    query_words,
    variants,
)
from pledgewatch.model import Kind, Record, Status

ARTICLES = {
    "oslo": (
        "Norway boosts defence spending",
        "The government met on Monday. Norway will raise defence spending to three percent of output by 2030. "
        "Officials said the budget debate continues.",
    ),
    "dc": (
        "Pentagon budget",
        "Lawmakers argued for hours. The Pentagon asked Congress for more defense funding for new troops. "
        "A vote is expected next week.",
    ),
    "rome": (
        "Harbour works",
        "Italy will send a frigate to the Red Sea. The harbour at Taranto is being dredged for the new armour depot.",
    ),
}


def _store(ledger: Ledger) -> None:
    for i, (aid, (title, text)) in enumerate(ARTICLES.items()):
        records = []
        if aid == "rome":
            sentence = "Italy will send a frigate to the Red Sea."
            records = [
                Record(aid, "ITA", Kind.NAVAL, Status.COMMITTED, sentence, 0, len(sentence), condition=None),
            ]
        ledger.store(article(aid, text, title=title, published=f"2025-0{i + 1}-10"), records)


@pytest.fixture
def searched(ledger: Ledger) -> Ledger:
    _store(ledger)
    return ledger


def ids(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.article_id for h in results.hits]


def test_both_spellings_find_both_articles(searched: Ledger) -> None:
    assert sorted(ids(searched.search("defence"))) == ["dc", "oslo"]
    assert sorted(ids(searched.search("defense"))) == ["dc", "oslo"]
    assert ids(searched.search("armor")) == ["rome"]  # armour
    assert ids(searched.search("harbors")) == ["rome"]  # harbour, and a plural


def test_words_not_phrases_and_stemming(searched: Ledger) -> None:
    assert ids(searched.search("spending Norway")) == ["oslo"]  # any order
    assert ids(searched.search("troop")) == ["dc"]  # stemmed: troops
    assert ids(searched.search("raising")) == ["oslo"]  # raise
    assert ids(searched.search("defence troops")) == ["dc"]  # every word must match
    assert searched.search("defence submarine").total == 0


def test_ranked_title_first_and_the_matching_sentence_is_shown(searched: Ledger) -> None:
    results = searched.search("budget")
    assert ids(results) == ["dc", "oslo"]  # "budget" is dc's title and only in oslo's text
    oslo = results.hits[1]
    assert oslo.sentence_text == "Officials said the budget debate continues."
    assert [s for s, marked in oslo.sentence if marked] == ["budget"]
    (hit,) = searched.search("defense spending").hits
    assert hit.sentence_text.startswith("Norway will raise defence spending")
    assert {s.lower() for s, marked in hit.sentence if marked} == {"defence", "spending"}


def test_records_are_searched_as_the_views_show_them(searched: Ledger) -> None:
    (hit,) = searched.search("frigates", what="records").hits
    assert (hit.article_id, hit.record["actor"], hit.record["status"]) == ("rome", "ITA", "committed")
    assert [s for s, marked in hit.sentence if marked] == ["frigate"]
    with searched.engine.connect() as conn:
        rid = conn.execute(select(t.records.c.id)).scalar_one()
    searched.review(rid, "correct", "ana", None, {"status": "considering"})
    (hit,) = searched.search("frigate", what="records").hits
    assert hit.record["status"] == "considering" and hit.record["review"] == "corrected"
    searched.review(rid, "reject", "ana")
    assert searched.search("frigate", what="records").total == 0


def test_articles_stored_later_are_found_and_pages_are_stable(searched: Ledger) -> None:
    searched.store(article("late", "Canada doubled its defence aid on Friday.", title="Late news"), [])
    assert "late" in ids(searched.search("defence"))
    first = searched.search("defence", limit=1)
    second = searched.search("defence", limit=1, offset=1)
    assert first.total == second.total == 3
    assert ids(first) != ids(second)


def test_queries_are_words_never_syntax(searched: Ledger) -> None:
    for q in ('"defence', "defence OR", "NEAR(x y)", "a:b", "-- ;", "defence*", "'); DROP TABLE articles; --"):
        searched.search(q)  # no error
    assert searched.search("the of and").total == 0
    with pytest.raises(SearchError, match="at most 12"):
        query_words(" ".join(f"word{i}" for i in range(13)))


def test_spelling_variants_and_sentences() -> None:
    assert variants("defence") == ("defence", "defense")
    assert "organization" in variants("organisation") and "centre" in variants("center")
    assert variants("four") == ("four",)  # short words keep their one spelling
    assert best_sentence("One. Two \x02x\x03 and \x02y\x03. Three \x02x\x03.") == (
        ("Two ", False),
        ("x", True),
        (" and ", False),
        ("y", True),
        (".", False),
    )


def test_postgresql_queries_use_the_migrated_index_expressions() -> None:
    migration = Path(__file__).parents[2] / "src/pledgewatch/ledger/migrations/versions/0002_review.py"
    source = migration.read_text(encoding="utf-8")
    assert PG_ARTICLE_DOCUMENT in source and PG_RECORD_DOCUMENT in source
