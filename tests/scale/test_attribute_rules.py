"""The faster attribute-ruler matching writes exactly what spaCy's own ruler writes, on every token."""

from __future__ import annotations

import spacy
from spacy.language import Language

from pledgewatch.model import Article
from pledgewatch.reading.attribute_rules import FastMatch, speed_up
from pledgewatch.reading.pipeline import MODEL
from pledgewatch.reading.triage import judge

ODD = "Y'all ain't gonna believe it. Let's go! C'mon, there is a gotta moment. It was I who saw you.  \\n\\n  Done."


def annotations(nlp: Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    return [[(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in nlp.pipe(texts)]


def test_same_annotations_as_spacys_ruler(corpus: list[Article]) -> None:
    stock = spacy.load(MODEL)
    fast = spacy.load(MODEL)
    assert speed_up(fast)
    texts = [a.text for a in corpus] + [ODD]
    texts += [judge(a.text).reduced(a.text) for a in corpus if judge(a.text).relevant]  # blanked text too
    assert annotations(fast, texts) == annotations(stock, texts)


def test_the_model_ruler_is_supported_and_unknown_patterns_are_not() -> None:
    class Ruler:
        def __init__(self) -> None:
            self.patterns = [{"patterns": [[{"ORTH": "x", "OP": "+"}]], "attrs": {}, "index": 0}]

    assert FastMatch.supports(spacy.load(MODEL).get_pipe("attribute_ruler"))
    assert not FastMatch.supports(Ruler())


def test_the_pipeline_uses_it(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatch)
