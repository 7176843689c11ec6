"""Accuracy gate on our own example corpus: extraction over `fixtures/example_eval` must not fall below
the floors in `example_baseline.json`.

The set is `examples/corpus` turned into an evaluation set in the shape `../shared/eval/score.py` reads:
`articles/<id>.json` holds each article as pledgewatch's readers produce it (for HTML, trafilatura's
text), `gold.jsonl` the positions listed in `examples/README.md`. Unlike the dev set it lives in the
repository, but the scorer does not: the gate is skipped, with a message, where ../shared is not beside
the repo. As with `eval_baseline.json`, the floors only go up: raise them when a change improves the
scores. The checks on the fixture itself need no scorer and always run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate_support import ROOT, SCORER, below_floors, score_set

EVAL_SET = Path(__file__).with_name("fixtures") / "example_eval"
CORPUS = ROOT / "examples" / "corpus"
BASELINE = Path(__file__).with_name("example_baseline.json")

LEDGER_FIELDS = {
    "article", "actor", "kind", "status", "recipient", "amount",
    "part_of", "condition", "target_year", "since_year", "evidence",
}  # fmt: skip


def _articles() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((EVAL_SET / "articles").glob("*.json"))}


def _gold() -> list[dict]:
    lines = (EVAL_SET / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def example_scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not SCORER.is_file():
        pytest.skip(f"no scorer at {SCORER}: the example accuracy gate needs ../shared beside the repository")
    return score_set(EVAL_SET, tmp_path_factory.mktemp("example_gate") / "examples.jsonl")


def test_example_scores_not_below_floors(example_scores: dict) -> None:
    assert below_floors(example_scores, BASELINE) == [], example_scores


# --- the fixture itself --------------------------------------------------------------------------


def test_fixture_articles_are_the_corpus_as_read() -> None:
    """One fixture article per corpus article, same id and same text as the readers give: no drift."""
    from pledgewatch.sources import SourceError, read_paths

    read = {a.id: a for a in read_paths([CORPUS]) if not isinstance(a, SourceError)}
    fixture = _articles()
    assert set(fixture) == set(read)
    for article_id, obj in fixture.items():
        assert set(obj) == {"id", "url", "outlet", "title", "published", "text"}, article_id
        assert obj["id"] == article_id
        assert obj["text"] == read[article_id].text, article_id


def test_gold_records_are_well_formed() -> None:
    articles = _articles()
    gold = _gold()
    assert gold
    by_article: dict[str, list[dict]] = {}
    for record in gold:
        assert LEDGER_FIELDS <= set(record) <= LEDGER_FIELDS | {"optional"}, record
        assert record["article"] in articles, record
        assert record["evidence"] in articles[record["article"]]["text"], record  # verbatim (LEDGER rule 6)
        by_article.setdefault(record["article"], []).append(record)
    for records in by_article.values():
        for record in records:
            if record["part_of"] is not None:
                assert 0 <= record["part_of"] < len(records), record
            amount = record["amount"]
            if amount is not None:
                assert {"value", "unit", "approx"} <= set(amount), record
