"""One trie-built alternation serves the triage and the amount reader: same matches as a flat one."""

from __future__ import annotations

import re

from pledgewatch.reading.regex_trie import trie_pattern

WORDS = ["a", "an", "and", "dollars", "Canadian dollars", "US$", "$", "thousand", "thou"]


def flat(words: list[str], bounded: bool) -> str:
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        part = r"\s+".join(re.escape(piece) for piece in word.split())
        parts.append(part + (r"\b" if bounded and word[-1].isalnum() else ""))
    return "(?:" + "|".join(parts) + ")"


def test_the_trie_finds_what_the_longest_first_alternation_finds() -> None:
    text = "An aid of US$ 5, and Canadian   dollars, a thousand; thou art an anthem of $ and dollarsign."
    for bounded in (False, True):
        expected = [m.span() for m in re.finditer(flat(WORDS, bounded), text)]
        assert [m.span() for m in re.finditer(trie_pattern(WORDS, bounded=bounded), text)] == expected


def test_a_space_in_a_phrase_matches_what_the_caller_says() -> None:
    hyphen_or_space = trie_pattern(["air defence"], space=r"[\s-]")
    assert re.fullmatch(hyphen_or_space, "air-defence") and re.fullmatch(hyphen_or_space, "air defence")
    assert not re.fullmatch(hyphen_or_space, "air  defence")


def test_no_words_match_nothing() -> None:
    assert re.search(trie_pattern([]), "anything at all") is None
