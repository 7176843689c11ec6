"""Alternations of many words as regular expressions that stay fast however long the word list grows.

Python's `re` tries the branches of a flat alternation one by one at every position; written as a
character trie, an alternation has one branch per distinct next character. Each branch still
prefers the longer words ("thousand" before "thou..."), so the matches are those of the flat,
longest-first alternation. The lexicon-driven patterns of the triage and of the amount reader are
built here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str], *, space: str = r"\s+", bounded: bool = False) -> str:
    """A group matching exactly `words`; a run of whitespace in a word matches `space`, and with
    `bounded` a word ending in a letter or digit must end at a word boundary. Matches nothing when
    there are no words."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for piece in re.findall(r"\S|\s+", word):
            node = node.setdefault(" " if piece.isspace() else piece, {})
        node[""] = {"bounded": {}} if bounded and word[-1:].isalnum() else {}
    return "(?:" + _emit(trie, space) + ")" if trie else "(?!)"


def _emit(node: dict[str, dict], space: str) -> str:
    branches = [
        (space if ch == " " else re.escape(ch)) + _emit(child, space) for ch, child in sorted(node.items()) if ch
    ]
    if "" in node:
        branches.append(r"\b" if "bounded" in node[""] else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


__all__ = ["trie_pattern"]
