"""The model's rule lemmatizer with the same lemmas at a fraction of its cost.

en_core_web_sm's lemmatizer already caches its rules' answer per (form, part of speech,
morphology), but still builds a Token, a cache key from three Python attributes and a lemma string
for every token of every document. A token's lemma depends on nothing else, so this reads those
three values for the whole document as one array, looks each triple up in a cache of lemma hashes,
asks the lemmatizer itself only on a miss, and writes the lemmas back as one array.
`tests/scale/test_lemmas.py` compares the two on every token of a corpus.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens import Doc

_CACHE_LIMIT = 500_000  # distinct (form, pos, morph) triples kept; the cache restarts past this


class CachedLemmas:
    """A drop-in `__call__` for a rule-mode `Lemmatizer`: same lemmas, written in bulk."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(self.cache) > _CACHE_LIMIT:
            self.cache.clear()
        lemmatizer, cache, strings = self.lemmatizer, self.cache, doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] for row in rows]
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lemmatizer.overwrite:
                continue  # the attribute ruler set it ("ai n't", "gon na")
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


def speed_up_lemmatizer(nlp: Any) -> bool:
    """Give the model's rule lemmatizer the bulk path; True if it was swapped in."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return False
    fast = CachedLemmas(lemmatizer)
    # Pipe.pipe calls type(self).__call__, so the swap is a subclass made for this one instance.
    lemmatizer.__class__ = type(f"Cached{type(lemmatizer).__name__}", (type(lemmatizer),), {"__call__": _call})
    lemmatizer._cached_lemmas = fast
    _index_as_sets(lemmatizer)
    return True


def _index_as_sets(lemmatizer: Any) -> None:
    """On a miss the lemmatizer asks whether each candidate form is a known word (`form in index`),
    and its index holds plain lists (57,000 nouns): every new (form, part of speech, morphology) of
    a stream scanned them, about 60 microseconds a miss. A set answers the same question at once."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for pos in list(table.keys()):
        if isinstance(table[pos], list):
            table[pos] = frozenset(table[pos])


def _call(self: Any, doc: Doc) -> Doc:
    return self._cached_lemmas(doc)


__all__ = ["CachedLemmas", "speed_up_lemmatizer"]
