"""Where a sentence's meaning lies, as a vector, for the learned decisions.

Word features only know the words the training corpus holds: a sentence that says the same thing in
other words ("declines to commit to", "is not ready to") shares none of them with its examples. The
static embeddings of WordLlama (`wordllama` on PyPI: 256 dimensions per sub-word token, trained so
that sentences of like meaning lie close; the weights ship inside its wheel, 16 MB) place every
sentence, the few words around its actor and each kind's cue, and the article, where such
paraphrases are near each other. Over 5-fold cross-validation on train + dev they lift positions F1
from 0.499 to 0.535 (the model card has the ablation); the contextual vectors of en_core_web_sm's
tok2vec, tried the same way, add 0.001.

A vector is the mean of the sub-word vectors of the words in a span. Each word (spaCy's token text)
is split into sub-words once and its sum of vectors kept, in a bounded cache shared by all articles,
so news, which repeats its words, is hardly ever tokenised twice; an article's word vectors are
summed once, and any sentence or window is a difference of two running sums. No network runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Doc

from pledgewatch.model import Kind
from pledgewatch.reading.candidates import Candidate

DIMENSIONS = 256
REACH = 4  # words either side of an actor or a cue that make up its neighbourhood
CONTEXT = 40  # the fewest sub-words the rest of an article needs to count as the sentence's context
CACHE_WORDS = 30_000  # words whose sub-word sums are kept (about 35 MB); the cache starts over when full


class EmbeddingError(Exception):
    """The embedding weights cannot be loaded; the message says which and why."""


@dataclass(frozen=True)
class CandidateVectors:
    """The vector of a candidate's sentence, of the words around its actor (none where the actor was
    not named in the sentence), of each cued kind's neighbourhood (a kind without a cue in the
    sentence has none) and of the rest of the article as read (none where there is too little of it)."""

    sentence: np.ndarray
    actor: np.ndarray | None
    cues: dict[Kind, np.ndarray]
    article: np.ndarray | None


@dataclass
class WordVectors:
    """WordLlama's sub-word vectors summed per word, with the number of sub-words, cached by word.

    The cache is a table of rows (`sums`, `counts`) with two indexes into it: by the word's text and
    by its spaCy hash (`words` reads a Doc's ORTH column, so a token known from an earlier article
    costs one dict look-up, no string). A text's vectors are then one fancy-index of the table, not a
    Python copy per token: about a tenth of the reading's embedding time went to that copy.
    """

    table: np.ndarray  # (vocabulary, DIMENSIONS)
    tokenizer: Any  # tokenizers.Tokenizer, without padding
    by_word: dict[str, int] = field(default_factory=dict)  # word -> its row of `sums` and `counts`
    by_orth: dict[int, int] = field(default_factory=dict)  # spaCy's hash of the word -> its row
    sums: np.ndarray = field(default_factory=lambda: np.empty((0, DIMENSIONS), dtype=np.float32))
    counts: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float32))
    size: int = 0  # rows in use

    def texts(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sums (n, DIMENSIONS) and sub-word counts (n,) of these words (whitespace has none)."""
        return self._lookup(words, self.by_word, lambda keys: keys)

    def words(self, doc: Doc, orths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The same for the tokens of a parsed text with these orth ids."""
        strings = doc.vocab.strings
        return self._lookup(orths.tolist(), self.by_orth, lambda keys: [strings[o] for o in keys])

    def _lookup(
        self, keys: list[Any], index: dict[Any, int], spelled: Callable[[list[Any]], list[str]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows of `keys` in `index`, adding the missing ones (`spelled` gives their words)."""
        missing = [k for k in dict.fromkeys(keys) if k not in index]
        if self.size + len(missing) > CACHE_WORDS:
            self.by_word.clear()
            self.by_orth.clear()
            self.size = 0
            missing = list(dict.fromkeys(keys))
        if missing:
            self._add(missing, spelled(missing), index)
        rows = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
        return self.sums[rows], self.counts[rows]

    def _add(self, keys: list[Any], words: list[str], index: dict[Any, int]) -> None:
        stripped = [w.strip() for w in words]
        encodings = self.tokenizer.encode_batch([w or " " for w in stripped], add_special_tokens=False)
        needed = self.size + len(keys)
        if needed > len(self.sums):
            capacity = max(needed, 2 * len(self.sums), 1024)
            sums = np.empty((capacity, DIMENSIONS), dtype=np.float32)
            counts = np.empty(capacity, dtype=np.float32)
            sums[: self.size], counts[: self.size] = self.sums[: self.size], self.counts[: self.size]
            self.sums, self.counts = sums, counts
        for key, text, encoding in zip(keys, stripped, encodings, strict=True):
            ids = encoding.ids if text else []
            row = self.size
            self.sums[row], self.counts[row] = self.table[ids].sum(axis=0), len(ids)
            index[key] = row
            self.size += 1


@cache
def word_vectors() -> WordVectors:
    """WordLlama's 256-dimension model, read from the folder of the installed package: the wheel
    holds both `weights/` and `tokenizers/`, and downloading is switched off. Importing wordllama
    configures the root logger; what the application had configured is put back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(dim=DIMENSIONS, cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except (ImportError, OSError, ValueError) as error:
        raise EmbeddingError(f"the wordllama embeddings cannot be loaded ({error}); run `make install`") from error
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    tokenizer = model.tokenizer
    tokenizer.no_padding()
    return WordVectors(np.asarray(model.embedding, dtype=np.float32), tokenizer)


def embed_span(doc: Doc) -> np.ndarray:
    """The vector of a parsed text: the mean of its tokens' sub-word vectors (spaces have none)."""
    sums, counts = word_vectors().words(doc, doc.to_array(ORTH))
    return sums.sum(axis=0) / max(1.0, float(counts.sum()))


class _PrefixSums:
    """Sums of a parsed text's word vectors and sub-word counts before each of a few token positions:
    any span between two of them has its mean in two subtractions. Whitespace tokens (and so the
    sentences the fast path blanks) have no sub-words.

    Only the positions the candidates' spans start or end at are kept. The sum before each is the
    float64 running sum of every word before it, added one word at a time from zero, as a row loop
    over the whole text (or np.cumsum) gives it, to the bit: from one kept position to the next,
    numpy's reduction along the first axis adds the rows in order onto the sum carried in. That is a
    handful of numpy calls per article rather than one per token.
    """

    def __init__(self, doc: Doc, positions: set[int]) -> None:
        sums, counts = word_vectors().words(doc, doc.to_array(ORTH))
        # Row 0 carries the sum so far; rows 1.. are the words, in float64, as the running sum adds them.
        rows = np.empty((len(sums) + 1, DIMENSIONS))
        rows[0] = 0.0
        rows[1:] = sums
        self.sums: dict[int, np.ndarray] = {0: rows[0].copy()}
        previous = 0
        for position in sorted(positions):
            if position > previous:
                rows[position] = np.add.reduce(rows[previous : position + 1], axis=0)
                self.sums[position] = rows[position].copy()
                previous = position
        self.counts = np.concatenate([[0.0], np.cumsum(counts, dtype=np.float64)])

    def total(self, start: int, end: int) -> tuple[np.ndarray, float]:
        return self.sums[end] - self.sums[start], float(self.counts[end] - self.counts[start])

    def mean(self, start: int, end: int) -> np.ndarray:
        total, count = self.total(start, end)
        return total / max(1.0, count)


def candidate_vectors(doc: Doc, candidates: list[Candidate]) -> list[CandidateVectors]:
    """Vectors for every candidate: its sentence, the words around its actor and around each cue, and
    the rest of the article, which tells a commitment story from market news that borrows its words.
    The rest, not the whole: the sentence has its own vector, and a text of one sentence (a caller's
    `extract("...")`) has no context to give, so it gets none (the training mean) rather than its own
    sentence a second time, which the model never saw in training. What the triage kept, not the full
    text: on held-out training articles the kept text read better (positions F1 0.514 against 0.496
    for the whole-article vector; cross-validation tied)."""
    if not candidates:
        return []
    # Each candidate's spans first (its sentence, the windows around its actor and its cues), so the
    # running sums are taken at their ends only.
    spans = [_spans_of(cand) for cand in candidates]
    positions = {0, len(doc)}
    for sentence, actor, cues in spans:
        positions.update(sentence)
        for bounds in (actor, *cues.values()):
            if bounds is not None:
                positions.update(bounds)
    sums = _PrefixSums(doc, positions)
    article_sum, article_count = sums.total(0, len(doc))
    # Candidates of one sentence share its vectors, and often a window: each is made once, and the
    # same array is handed to every candidate that has it, which lets the model keep what it makes of it.
    windows: dict[tuple[int, int], np.ndarray] = {}
    sentences: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}
    out = []
    for sentence_bounds, actor_bounds, cue_bounds in spans:

        def around(bounds: tuple[int, int]) -> np.ndarray:
            found = windows.get(bounds)
            if found is None:
                found = windows[bounds] = sums.mean(*bounds)
            return found

        actor = around(actor_bounds) if actor_bounds is not None else None
        cues = {kind: around(bounds) for kind, bounds in cue_bounds.items()}
        start, end = sentence_bounds
        if start not in sentences:
            sentence_sum, sentence_count = sums.total(start, end)
            rest_count = article_count - sentence_count
            rest = (article_sum - sentence_sum) / rest_count if rest_count >= CONTEXT else None
            sentences[start] = (sentence_sum / max(1.0, sentence_count), rest)
        sentence, rest = sentences[start]
        out.append(CandidateVectors(sentence, actor, cues, rest))
    return out


def _spans_of(
    cand: Candidate,
) -> tuple[tuple[int, int], tuple[int, int] | None, dict[Kind, tuple[int, int]]]:
    """A candidate's sentence, the window around its actor (if named) and around each cue, as token bounds."""
    sent = cand.sent

    def window(i: int) -> tuple[int, int]:
        return max(sent.start, i - REACH), min(sent.end, i + REACH + 1)

    actor = window(cand.actor_tokens[0].i) if cand.actor_tokens else None
    cues = {}
    for kind in cand.cues:
        cue = cand.nearest_cue(kind)
        if cue is not None:
            cues[kind] = window(cue.i)
    return (sent.start, sent.end), actor, cues


__all__ = [
    "DIMENSIONS", "CandidateVectors", "EmbeddingError", "candidate_vectors", "embed_span", "word_vectors",
]  # fmt: skip
