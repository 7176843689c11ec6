"""Which money records are one package, and which date a syndicated copy was really published.

Both are the fiddly parts of the merge (`merge.py`), kept apart so each rule can be tested alone.

Packages are connected components: two dated records are linked when their amounts agree within
1 % and they were reported within 30 days of each other or by copies of one story. Components
rather than a greedy pass, so the result does not depend on the order the records come in.
Undated records link nothing (they would chain packages a year apart through a shared figure); each
joins the best-corroborated package with its amount, or starts one.

Copies of one story sometimes carry different dates: a scrape often takes the page header's date
for the publication date. When one copy's date is exactly the one another copy's cleaning rejected
as less trustworthy (a `date_conflict` check), the copy takes the date the other one chose.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pledgewatch.ledger.merge import Sighting

SAME_AMOUNT = 0.01
SAME_PACKAGE_DAYS = 30


def close(x: float, y: float) -> bool:
    return abs(x - y) <= SAME_AMOUNT * max(abs(x), abs(y))


def same_amount(a: Sighting, b: Sighting) -> bool:
    """Within 1 %: in the stated currency, or in USD at each article's date across currencies."""
    x, y = a.record.amount, b.record.amount
    if x is None or y is None:
        return False
    if x.unit == y.unit:
        return close(x.value, y.value)
    return a.amount_usd is not None and b.amount_usd is not None and close(a.amount_usd, b.amount_usd)


def _linked(a: Sighting, b: Sighting) -> bool:
    if a.day is None or b.day is None or not same_amount(a, b):
        return False
    return a.story == b.story or abs((a.day - b.day).days) <= SAME_PACKAGE_DAYS


def package_clusters(members: Sequence[Sighting]) -> list[list[Sighting]]:
    """`members` (money records of one actor, kind and recipient, in report order) grouped into packages."""
    dated = [s for s in members if s.day is not None]
    parent = list(range(len(dated)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(dated):
        if _linked(dated[i], dated[j]):
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Sighting]] = defaultdict(list)
    for i, s in enumerate(dated):
        groups[root(i)].append(s)
    clusters = [groups[k] for k in sorted(groups)]
    for s in members:
        if s.day is not None:
            continue
        fits = [c for c in clusters if any(same_amount(m, s) for m in c)]
        if fits:
            max(fits, key=lambda c: (len({m.story for m in c}), -clusters.index(c))).append(s)
        else:
            clusters.append([s])
    return clusters


def _candidate_pairs(dated: list[Sighting]) -> set[tuple[int, int]]:
    """Pairs whose amounts may agree: neighbours in amount order, not every pair of a large group."""
    pairs: set[tuple[int, int]] = set()
    for value_of in (_stated, _usd):
        order = sorted((v, i) for i, s in enumerate(dated) if (v := value_of(s)) is not None)
        for n, (v, i) in enumerate(order):
            for w, j in order[n + 1 :]:
                if not _within(v, w):
                    break
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _stated(s: Sighting) -> tuple[str, float] | None:
    return (s.record.amount.unit, s.record.amount.value) if s.record.amount else None


def _usd(s: Sighting) -> tuple[str, float] | None:
    return ("USD", s.amount_usd) if s.amount_usd is not None else None


def _within(v: tuple[str, float], w: tuple[str, float]) -> bool:
    """Sorted by (unit, value): w can still agree with v only in the same unit, up to 1 % above it."""
    return v[0] == w[0] and w[1] <= v[1] + SAME_AMOUNT * max(abs(v[1]), abs(w[1]))


def settle_dates(sightings: Sequence[Sighting]) -> list[Sighting]:
    """Sightings with a copy's rejected-by-its-sibling date replaced by the date the sibling chose."""
    chosen: dict[str, dict[str, str]] = defaultdict(dict)  # story -> rejected date -> chosen date
    for s in sightings:
        if s.published:
            for rejected in s.rejected_dates:
                if rejected != s.published:
                    chosen[s.story].setdefault(rejected, s.published)
    out = []
    for s in sightings:
        better = chosen.get(s.story, {}).get(s.published or "")
        out.append(dataclasses.replace(s, published=better) if better else s)
    return out


__all__ = ["close", "package_clusters", "same_amount", "settle_dates"]
