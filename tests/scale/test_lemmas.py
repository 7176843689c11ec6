"""The bulk lemmatizer writes exactly the lemmas of the model's own lemmatizer, on every token."""

from __future__ import annotations

import spacy
from spacy.language import Language

from pledgewatch.model import Article
from pledgewatch.reading.lemmas import CachedLemmas, speed_up_lemmatizer
from pledgewatch.reading.pipeline import MODEL
from pledgewatch.reading.triage import judge

ODD = "Y'all ain't gonna believe it. He's been lying; they were LIED to. The F-16s flew.  \n\n  Done."


def lemmas(nlp: Language, texts: list[str]) -> list[list[str]]:
    return [[t.lemma_ for t in doc] for doc in nlp.pipe(texts)]


def test_same_lemmas_as_the_models_lemmatizer(corpus: list[Article]) -> None:
    stock = spacy.load(MODEL, exclude=["ner"])
    fast = spacy.load(MODEL, exclude=["ner"])
    assert speed_up_lemmatizer(fast)
    texts = [a.text for a in corpus] + [ODD, ODD.upper()]
    texts += [judge(a.text).reduced(a.text) for a in corpus if judge(a.text).relevant]  # blanked text too
    expected = lemmas(stock, texts)
    assert lemmas(fast, texts) == expected
    assert lemmas(fast, texts) == expected  # and again, now from the cache


def test_a_pipeline_without_a_rule_lemmatizer_is_left_alone() -> None:
    assert not speed_up_lemmatizer(spacy.blank("en"))


def test_the_pipeline_uses_it(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("lemmatizer")._cached_lemmas, CachedLemmas)
