"""A faster matcher for the model's attribute ruler, with exactly the matches spaCy's Matcher finds.

en_core_web_sm's `attribute_ruler` maps fine tags to coarse ones and fixes a few words ("ai n't",
"gon na", "it" as a subject); it is a token Matcher over ~180 patterns, and spaCy's Matcher re-tests
every pattern at every token, which made it the second most expensive step of pledgewatch's
pipeline after the neural network itself. All but eight of its patterns look at one token only,
and then only at (lower-case form, tag, dependency, is-space), so the matches of a token are a
function of those four values and can be cached; the two-token patterns are checked directly.

The ruler's attributes are applied as spaCy applies them (`set_token_attrs`, in pattern-index then
position order), only without building a Span for every match, so the annotations are the ones
spaCy writes; tests/scale/test_attribute_rules.py compares the two on every token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

Key = tuple[int, ...]  # hashes of (lower-case form, tag, dependency) and is-space
Test = Callable[[Any], bool]  # of a Token or of `_Values`
_CACHE_LIMIT = 200_000  # distinct (form, tag, dep, space) keys kept; the cache restarts past this


class FastMatch:
    """`AttributeRuler.match` for rulers whose patterns use only the attributes handled here."""

    SUPPORTED = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})

    def __init__(self, ruler: Any) -> None:
        self.strings = ruler.vocab.strings
        self.double: list[tuple[int, Test, Test]] = []
        # A pattern that names one tag (or one word) can only match tokens with it: on a cache miss,
        # only those and the few open patterns are tested, not all of them.
        self.by_tag: dict[str, list[tuple[int, Test]]] = {}
        self.by_lower: dict[str, list[tuple[int, Test]]] = {}
        self.open: list[tuple[int, Test]] = []
        for index, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [_token_test(spec) for spec in pattern]
                if len(tests) == 1:
                    spec = pattern[0]
                    if isinstance(spec.get("TAG"), str):
                        self.by_tag.setdefault(spec["TAG"], []).append((index, tests[0]))
                    elif isinstance(spec.get("LOWER"), str):
                        self.by_lower.setdefault(spec["LOWER"], []).append((index, tests[0]))
                    else:
                        self.open.append((index, tests[0]))
                else:
                    self.double.append((index, tests[0], tests[1]))
        self.ids = [self.strings.add(str(i)) for i in range(len(ruler.patterns))]
        # key -> (the one-token patterns it matches, as (index, match id); the two-token patterns it starts)
        self.cache: dict[Key, tuple[tuple[tuple[int, int], ...], tuple[int, ...]]] = {}

    @classmethod
    def supports(cls, ruler: Any) -> bool:
        try:
            patterns = [spec for entry in ruler.patterns for pattern in entry["patterns"] for spec in pattern]
        except (AttributeError, KeyError, TypeError):
            return False
        lengths = {len(p) for entry in ruler.patterns for p in entry["patterns"]}
        return lengths <= {1, 2} and all(set(spec) <= cls.SUPPORTED and _plain(spec) for spec in patterns)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        matches: list[tuple[int, int, int, int]] = []
        append = matches.append
        cache = self.cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        n = len(doc)
        ids = self.ids
        strings = doc.vocab.strings
        # The key is read as hashes for the whole document at once. The tests read nothing but the
        # key's four values, so they run on those values as strings (`_Values`), not on a Token,
        # whose every attribute is a look-up of its own: a cache miss costs a third of what it did.
        rows = [tuple(row) for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        for i, key in enumerate(rows):
            hits = cache.get(key)
            if hits is None:
                token = _Values(key, strings)
                candidates = [*self.by_tag.get(token.tag_, ()), *self.by_lower.get(token.lower_, ()), *self.open]
                indices = sorted(index for index, test in candidates if test(token))
                single = tuple((index, ids[index]) for index in indices)
                first = tuple(k for k, (_index, test, _second) in enumerate(self.double) if test(token))
                hits = cache[key] = (single, first)
            single, first = hits
            for index, match_id in single:
                append((index, match_id, i, i + 1))
            for k in first:
                index, _first, second = self.double[k]
                if i + 1 < n and second(_Values(rows[i + 1], strings)):
                    append((index, ids[index], i, i + 2))
        matches.sort()
        return matches


class _Values:
    """The attributes the tests read (`_GETTERS`), as a Token gives them, from a row of hashes."""

    __slots__ = ("dep_", "is_space", "lower_", "tag_")

    def __init__(self, row: Key, strings: Any) -> None:
        lower, tag, dep, space = row
        self.lower_: str = strings[lower]
        self.tag_: str = strings[tag]
        self.dep_: str = strings[dep]
        self.is_space = bool(space)


def fast_set_annotations(ruler: Any) -> Callable[[Doc, list[tuple[int, int, int, int]]], None]:
    """`AttributeRuler.set_annotations` without building a Span per match: same tokens, same order."""
    attrs, indices = ruler.attrs, ruler.indices

    def set_annotations(doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        for attr_id, _match_id, start, end in matches:
            index = indices[attr_id]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute ruler pattern {attr_id}: index {index} is outside its match")
            set_token_attrs(doc[position], attrs[attr_id])

    return set_annotations


def _plain(spec: dict[str, Any]) -> bool:
    """Values this module can test: strings, booleans, and IN / NOT_IN / REGEX dicts of strings."""
    return all(set(value) <= {"IN", "NOT_IN", "REGEX"} for value in spec.values() if isinstance(value, dict))


def _token_test(spec: dict[str, Any]) -> Test:
    tests = [_attr_test(attr, value) for attr, value in spec.items()]
    if len(tests) == 1:
        return tests[0]
    return lambda token: all(test(token) for test in tests)


def _attr_test(attr: str, value: Any) -> Test:
    get = _GETTERS[attr]
    if not isinstance(value, dict):
        return lambda token: get(token) == value
    ((op, arg),) = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda token: get(token) in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda token: get(token) not in banned
    regex = re.compile(arg)
    return lambda token: regex.search(get(token)) is not None


_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


def speed_up(nlp: Any) -> bool:
    """Swap the attribute ruler's matcher for `FastMatch` when its patterns allow; True if swapped."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not FastMatch.supports(ruler):
        return False
    ruler.match = FastMatch(ruler)
    ruler.set_annotations = fast_set_annotations(ruler)
    return True


__all__ = ["FastMatch", "speed_up"]
