"""Person names for the fast path: the entity recogniser run only where a name can teach something.

The reader uses the model's entities for one thing: learning which state a person speaks for from a
title beside an actor ("Dutch Defence Minister Ruben Brekelmans", "Mark Carney, Canada's prime
minister"), so that a later "Brekelmans said" resolves. That needs a proper name next to an actor.
In en_core_web_sm the recogniser has its own token-to-vector network and costs about as much as the
tagger and parser together, so running it only on windows around such names (a small share of a
typical article) saves most of that cost. Each window keeps four tokens of context either side
within its sentence, as much as the recogniser's convolutions look at.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

import numpy
from spacy.attrs import NORM, ORTH, POS, SENT_START, SPACY
from spacy.language import Language
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span

NER = "ner"


def name_windows(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges around proper names the reader could learn a state from, merged where they touch.

    A name teaches something only as `ActorResolver` reads it: an actor up to five words before it
    ("Dutch Defence Minister Ruben Brekelmans", "Germany's Pistorius"), "of" and an actor after it
    ("Mark Carney of Canada"), or an apposition beside it ("Mark Carney, Canada's prime minister").
    Each window keeps four tokens of context either side, within the sentence.
    """
    actor_tokens = {i for span in doc.spans.get("actors", []) for i in range(span.start, span.end)}
    if not actor_tokens:
        return []
    windows: list[tuple[int, int]] = []
    proper = (doc.to_array(POS) == PROPN).tolist()  # one read of the column, not a Token per word
    for sent in doc.sents:
        if not any(sent.start <= i < sent.end for i in actor_tokens):
            continue
        for start, end in _name_runs(sent, actor_tokens, proper):
            before = any(i in actor_tokens for i in range(max(sent.start, start - 6), start))
            if end - start < 2 and not any(i in actor_tokens for i in range(max(sent.start, start - 3), start)):
                continue  # a lone capitalised word far from any actor: a place, a team, a brand
            of_after = end + 1 < sent.end and doc[end].lower_ == "of" and end + 1 in actor_tokens
            apposed = (start > sent.start and doc[start - 1].text == ",") or (end < sent.end and doc[end].text == ",")
            if before or of_after or apposed:
                window = (max(sent.start, start - _CONTEXT), min(sent.end, end + _CONTEXT))
                if windows and window[0] <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(windows[-1][1], window[1]))
                else:
                    windows.append(window)
    return windows


def _name_runs(sent: Span, actor_tokens: set[int], proper: list[bool]) -> list[tuple[int, int]]:
    """Runs of consecutive proper nouns (`proper`, by token index) that are not themselves an actor's name."""
    runs: list[tuple[int, int]] = []
    for i in range(sent.start, sent.end):
        if not proper[i] or i in actor_tokens:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def add_entities(nlp: Language, docs: Sequence[Doc], batch_size: int = 64) -> None:
    """Set `doc.ents` on docs parsed without the recogniser, from the recogniser run on their name windows.

    The windows of all docs are joined into one Doc per few thousand tokens: the recogniser pays a
    fixed cost per Doc that would otherwise exceed the work on a ten-token window. The joined Doc is
    built from the windows' words, spacing and norms, all the recogniser reads, rather than copied
    with every annotation. An entity that straddles two joined windows belongs to neither and is dropped.
    """
    if NER not in nlp.pipe_names:
        return
    ner = nlp.get_pipe(NER)
    found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
    group: list[tuple[Doc, int, int]] = []  # (the doc a window belongs to, its first token there, its length)
    size = 0
    groups: list[list[tuple[Doc, int, int]]] = []
    for doc in docs:
        for start, end in name_windows(doc):
            group.append((doc, start, end - start))
            size += end - start
            if size >= _JOINED_TOKENS:
                groups.append(group)
                group, size = [], 0
    if group:
        groups.append(group)
    joined = [_joined(nlp, g) for g in groups]
    for g, result in zip(groups, ner.pipe(joined, batch_size=batch_size), strict=True):  # type: ignore[attr-defined]
        offsets = list(accumulate((length for _, _, length in g), initial=0))
        for ent in result.ents:
            k = bisect_right(offsets, ent.start) - 1
            if ent.end > offsets[k + 1]:
                continue
            doc, start, _length = g[k]
            shift = start - offsets[k]
            found[id(doc)].append(Span(doc, ent.start + shift, ent.end + shift, label=ent.label_))
    for doc in docs:
        doc.ents = found[id(doc)]


def _joined(nlp: Language, windows: list[tuple[Doc, int, int]]) -> Doc:
    """One Doc of the windows in order, each ending in whitespace and starting a sentence (the
    recogniser never runs an entity across one), with the tokens' own norms and sentence starts."""
    words: list[str] = []
    spaces: list[bool] = []
    values: list[list[int]] = []  # per token: norm, sentence start
    arrays: dict[int, list[list[int]]] = {}
    for doc, start, length in windows:
        rows = arrays.get(id(doc))
        if rows is None:
            rows = arrays[id(doc)] = doc.to_array([ORTH, SPACY, NORM, SENT_START]).tolist()
        strings = doc.vocab.strings
        first = len(values)
        for orth, space, norm, sent_start in rows[start : start + length]:
            words.append(strings[orth])
            spaces.append(bool(space))
            values.append([norm, sent_start])
        spaces[-1] = True
        values[first][1] = 1
    joined = Doc(nlp.vocab, words=words, spaces=spaces)
    joined.from_array([NORM, SENT_START], numpy.asarray(values, dtype="uint64"))
    return joined


_JOINED_TOKENS = 4000
_CONTEXT = 4  # tokens of context either side: the reach of the recogniser's four convolution layers


__all__ = ["add_entities", "name_windows"]
