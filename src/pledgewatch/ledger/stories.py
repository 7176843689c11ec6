"""Content fingerprints and syndicated copies.

Two kinds of sameness matter. An article read twice (the same file, or the same text under another
name) has the same fingerprint and is stored once. A story republished by several outlets differs in
datelines, tags and cuts (many copies stop after 2,000 characters), so it is found by resemblance:
MinHash over word trigrams of the story's lead, indexed with LSH so a new article is compared with a
handful of candidates rather than the whole ledger, and confirmed by the estimated overlap, or by a
weaker overlap together with a near-identical headline (rapidfuzz). Copies form one story: its
outlets corroborate a commitment without multiplying it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 20250825  # fixed, so signatures stored by one run compare with those computed by the next
SCHEME = "affine32"  # datasketch's hashing scheme, named so that a new default cannot change stored signatures
LEAD_WORDS = 250  # truncated copies still share their beginning
SHINGLE = 3
LSH_THRESHOLD = 0.3  # recall for candidates; the confirmation below decides
SAME_LEAD = 0.6  # estimated Jaccard of the leads that makes two articles one story on its own
SIMILAR_LEAD = 0.4  # ... and the one that does with near-identical headlines
SAME_HEADLINE = 90  # rapidfuzz ratio (0-100) of casefolded headlines

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """What counts as the same text: Unicode-compatible forms, case and spacing do not."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def fingerprint(cleaned_text: str) -> str:
    """sha256 (hex) of the normalised cleaned text."""
    return hashlib.sha256(normalise(cleaned_text).encode("utf-8")).hexdigest()


def headline(title: str | None, text: str) -> str:
    """The title, else the first non-empty line: where a copy without metadata keeps its headline."""
    if title and title.strip():
        return title.strip()[:300]
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def signature(text: str) -> bytes:
    """MinHash signature of the lead's word trigrams, as bytes for the database."""
    return _minhash(_shingles(text)).hashvalues.astype("<u8").tobytes()


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(normalise(text))[:LEAD_WORDS]
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def _minhash(shingles: Iterable[bytes] = (), hashvalues: np.ndarray | None = None) -> MinHash:
    from datasketch import MinHash

    if hashvalues is not None:
        return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=hashvalues, scheme=SCHEME)
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh


def _from_bytes(data: bytes) -> MinHash:
    return _minhash(hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64))


@dataclass(frozen=True)
class Stored:
    """What the index keeps of one stored article."""

    pk: int
    headline: str
    minhash: bytes


class StoryIndex:
    """The stored articles' signatures, in memory for one ingest run.

    It answers which stored articles a new one resembles, not which story they are in: another
    process may store articles and join stories at any time, so the stories are read from the
    database inside the write transaction that stores the article (`store.save`), and the index is
    brought up to date there first (`newest` is the highest article id it holds).
    """

    def __init__(self, stored: Iterable[Stored] = ()) -> None:
        from datasketch import MinHashLSH

        self._lsh: MinHashLSH = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._articles: dict[int, tuple[str, MinHash]] = {}
        self.newest = 0
        for item in stored:
            self.add(item)

    def add(self, item: Stored) -> None:
        if item.pk in self._articles:
            return
        mh = _from_bytes(item.minhash)
        self._lsh.insert(item.pk, mh)
        self._articles[item.pk] = (item.headline, mh)
        self.newest = max(self.newest, item.pk)

    def matches(self, minhash: bytes, head: str) -> set[int]:
        """Stored articles that tell the same story: usually none, or copies of one story."""
        from rapidfuzz import fuzz

        mh = _from_bytes(minhash)
        found = set()
        for pk in self._lsh.query(mh):
            other_head, other = self._articles[pk]
            overlap = mh.jaccard(other)
            if overlap >= SAME_LEAD or (
                overlap >= SIMILAR_LEAD and head and fuzz.ratio(head.casefold(), other_head.casefold()) >= SAME_HEADLINE
            ):
                found.add(pk)
        return found


__all__ = ["Stored", "StoryIndex", "fingerprint", "headline", "normalise", "signature"]
