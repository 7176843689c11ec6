"""The fast path (triage, blanked text, names only where they teach) states what the slow path states."""

from __future__ import annotations

import spacy
from scale_helpers import as_rows
from spacy.language import Language

from pledgewatch import extract, extract_many
from pledgewatch.model import Article
from pledgewatch.reading.people import name_windows
from pledgewatch.reading.pipeline import MODEL, kind_patterns, split_glued_quotes

FOOTBALL = Article(
    id="football",
    text="City beat Rovers 3-1 on Saturday. Fans travelled from Leeds to support the team in the final.",
)


DRIFT = 0.25  # how far a confidence may move between the paths


def test_fast_and_slow_paths_give_the_same_records(corpus: list[Article]) -> None:
    """Same records; the confidence may move, since the model counts each kind's cues over the whole
    article and the fast path blanks the sentences that cannot hold a position, and the isotonic
    calibration moves in steps (up to 0.18 on the example corpus: the EU's 50-billion facility, 0.72
    fast and 0.53 slow; one training before, 0.73 and 0.51; a one-path record reaches 0.47 against a
    threshold of 0.26). So a record may be stated by one path only where its confidence lies within
    that drift of the threshold (a status read from different cue counts; a money position restated
    in a second sentence with another figure is a record of its own when that sentence passes), and
    only a few: at most one record in 20."""
    from pledgewatch.reading.model import shipped_model

    near = shipped_model().threshold + DRIFT
    fast = as_rows(list(extract_many(corpus, fast=True)))
    slow = as_rows(list(extract_many(corpus, fast=False)))
    assert [a for a, _ in fast] == [a for a, _ in slow]  # same articles, same order
    one_sided = 0
    for (_, fast_records), (_, slow_records) in zip(fast, slow, strict=True):
        fast_keys = [_sans_confidence(r) for r in fast_records]
        slow_keys = [_sans_confidence(r) for r in slow_records]
        both = [r for r in fast_records if _sans_confidence(r) in slow_keys]
        for record in [r for r in fast_records if _sans_confidence(r) not in slow_keys] + [
            r for r in slow_records if _sans_confidence(r) not in fast_keys
        ]:
            one_sided += 1
            assert record["confidence"] < near, record
        for f in both:
            s = slow_records[slow_keys.index(_sans_confidence(f))]
            assert abs(f["confidence"] - s["confidence"]) <= DRIFT
    total = sum(len(r) for _, r in fast)
    assert total > 20
    assert one_sided <= 0.05 * total, f"{one_sided} of {total} records on one path only"


def _sans_confidence(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "confidence"}


def test_irrelevant_articles_come_out_in_place_with_no_records(corpus: list[Article]) -> None:
    stream = [corpus[0], FOOTBALL, corpus[1]]
    out = list(extract_many(stream))
    assert [a.id for a, _ in out] == [corpus[0].id, "football", corpus[1].id]
    assert out[1][1] == []


def test_evidence_offsets_point_into_the_full_cleaned_text(corpus: list[Article]) -> None:
    for article, records in extract_many(corpus):
        for record in records:
            assert article.text[record.evidence_start : record.evidence_end] == record.evidence


def test_extract_takes_the_flag_too() -> None:
    text = "Canada will send 200 soldiers to Latvia next year, the defence minister said."
    assert extract(text) == extract(text, fast=False) != []


def test_the_fast_kind_ruler_writes_what_a_span_ruler_writes(nlp: Language, corpus: list[Article]) -> None:
    ruler_nlp = spacy.load(MODEL)
    split_glued_quotes(ruler_nlp)
    ruler_nlp.add_pipe("line_breaks", before="parser")
    ruler = ruler_nlp.add_pipe(
        "span_ruler",
        config={
            "spans_key": "kinds",
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    ruler.add_patterns(kind_patterns())  # type: ignore[attr-defined]
    texts = [a.text for a in corpus] + ["Berlin will send more air-defence systems and a military aid package."]
    for ours, theirs in zip(nlp.pipe(texts), ruler_nlp.pipe(texts), strict=True):
        spans = [(s.start, s.end, s.label_, s.id_) for s in ours.spans["kinds"]]
        assert spans == [(s.start, s.end, s.label_, s.id_) for s in theirs.spans["kinds"]]


def test_names_are_looked_for_only_beside_actors(nlp: Language) -> None:
    doc = nlp(
        "Dutch Defence Minister Ruben Brekelmans spoke in The Hague. "
        "Anna Smith of Leeds won the prize. Brekelmans said the Netherlands would send troops."
    )
    sents = list(doc.sents)
    covered = {i for start, end in name_windows(doc) for i in range(start, end)}
    assert any(t.text == "Brekelmans" and t.i in covered for t in sents[0])
    assert not any(t.i in covered for t in sents[1])  # a name, but no actor: nothing to learn


def test_entities_are_found_in_the_windows_only(nlp: Language) -> None:
    from pledgewatch.reading.people import add_entities

    text = "Canadian Prime Minister Mark Carney spoke on Monday. Anna Smith won the prize in Leeds."
    doc = nlp(text, disable=["ner"])
    add_entities(nlp, [doc])
    persons = {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert "Mark Carney" in persons
    assert "Anna Smith" not in persons  # no actor in her sentence: the recogniser never saw it
    assert "Anna Smith" in {e.text for e in nlp(text).ents}
