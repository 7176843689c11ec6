"""Which money records are one package, and which date a syndicated copy was really published.

Both are the fiddly parts of the merge (`merge.py`), kept apart so each rule can be tested alone.

Packages are connected components: two dated records are linked when their amounts agree within
1 % and they were reported within 30 days of each other or by copies of one story. Components
rather than a greedy pass, so the result does not depend on the order the records come in.
Undated records link nothing (they would chain packages a year apart through a shared figure); each
joins the best-corroborated package with its amount, or starts one.

Statements (records without a money figure) of one actor, kind and recipient are told apart the same
way, by what makes an offer that offer: its time, its condition and its size (`offer_clusters`).

Copies of one story sometimes carry different dates: a scrape often takes the page header's date
for the publication date. When one copy's date is exactly the one another copy's cleaning rejected
as less trustworthy (a `date_conflict` check), the copy takes the date the other one chose.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pledgewatch.model import Amount, Status

if TYPE_CHECKING:
    from pledgewatch.ledger.merge import Sighting

SAME_AMOUNT = 0.01
SAME_PACKAGE_DAYS = 30
#: Reports of one offer keep coming while it is news; two years without any report end it. A later
#: report of the same actor, kind and recipient is a new commitment ("a few dozen instructors" in
#: 2015 is not this year's offer of troops after a ceasefire), unless both report an effort going on
#: (delivered, or the same start year: "since 2015").
SAME_OFFER_DAYS = 730
OFFER_NEIGHBOURS = 200
#: Sizes of one offer as outlets round them ("about 1,800", "1,700 to 1,900"): within 10 %.
SAME_SIZE = 0.10


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


class _Components:
    """Union-find over indices: the connected components of whatever links are joined."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self, items: Sequence[Sighting]) -> list[list[Sighting]]:
        """The components in order of their first member."""
        found: dict[int, list[Sighting]] = defaultdict(list)
        for i, s in enumerate(items):
            found[self.root(i)].append(s)
        return [found[k] for k in sorted(found)]


def _place_undated(
    members: Sequence[Sighting], clusters: list[list[Sighting]], fits: Callable[[list[Sighting], Sighting], bool]
) -> list[list[Sighting]]:
    """Each undated record joins the best-corroborated cluster it fits (most stories, then the
    earliest), or starts one: undated records link nothing themselves."""
    for s in members:
        if s.day is not None:
            continue
        fitting = [c for c in clusters if fits(c, s)]
        if fitting:
            max(fitting, key=lambda c: (len({m.story for m in c}), -clusters.index(c))).append(s)
        else:
            clusters.append([s])
    return clusters


def package_clusters(members: Sequence[Sighting]) -> list[list[Sighting]]:
    """`members` (money records of one actor, kind and recipient, in report order) grouped into packages."""
    dated = [s for s in members if s.day is not None]
    components = _Components(len(dated))
    for i, j in _candidate_pairs(dated):
        if _linked(dated[i], dated[j]):
            components.join(i, j)
    return _place_undated(members, components.groups(dated), lambda c, s: any(same_amount(m, s) for m in c))


def offer_clusters(members: Sequence[Sighting]) -> list[list[Sighting]]:
    """Statements of one actor, kind and recipient (in report order) grouped into distinct offers.

    Two dated reports are linked when they could describe one offer (`same_offer`) and were made
    within two years of each other, are copies of one story, name the same start year of an effort
    going on, or both report it as delivered; offers are the connected components,
    so the order of ingest does not matter. An undated report joins the best-corroborated offer it
    fits, or starts one.
    """
    dated = sorted((s for s in members if s.day is not None), key=lambda s: s.day or date.min)
    components = _Components(len(dated))

    def join(i: int, j: int) -> None:
        if components.root(i) != components.root(j) and same_offer(dated[i], dated[j]):
            components.join(i, j)

    linked_by: dict[object, list[int]] = defaultdict(list)
    for i, s in enumerate(dated):
        linked_by[s.story].append(i)
        if s.record.since_year is not None:
            linked_by[s.record.since_year].append(i)
        # Bounded work in a crowded year: the neighbours in time chain the rest together.
        for j in range(i + 1, min(len(dated), i + 1 + OFFER_NEIGHBOURS)):
            if ((dated[j].day or date.max) - (s.day or date.min)).days > SAME_OFFER_DAYS:
                break
            join(i, j)
    for copies in linked_by.values():
        for j in copies[1:]:
            join(copies[0], j)
    # An effort reported as going on stays one effort however long it goes on ("has trained 35,000"
    # in 2023, "45,000" in 2025): delivered reports chain across the time limit.
    going_on = [i for i, s in enumerate(dated) if s.record.status == Status.DELIVERED]
    for i, j in itertools.pairwise(going_on):
        join(i, j)
    return _place_undated(members, components.groups(dated), lambda c, s: all(same_offer(m, s) for m in c))


def same_offer(a: Sighting, b: Sighting) -> bool:
    """Whether two statements can be one offer: nothing in their time, condition or size tells them apart.

    - time: both give the year an effort started (`since_year`) or a target year, and they differ;
    - condition: one is an offer bound to a stated condition, the other an effort already going on
      (delivered, or "since" a year) that was reported no later than the offer: a delivery that
      predates an offer is not that offer's fulfilment;
    - size: both count the same unit and the counts differ by more than 10 % (ranges that overlap
      agree), unless both report an effort as done or going on: "has trained 36,000", later
      "45,000", is one effort's tally growing.
    A report that leaves something out (no size, no condition) agrees with any: outlets abridge.
    """
    x, y = a.record, b.record
    for first, second in ((x.since_year, y.since_year), (x.target_year, y.target_year)):
        if first is not None and second is not None and first != second:
            return False
    if _ongoing_before_offer(a, b) or _ongoing_before_offer(b, a):
        return False
    if x.status == y.status == Status.DELIVERED:
        return True
    return _same_size(x.amount, y.amount)


def _ongoing_before_offer(effort: Sighting, offer: Sighting) -> bool:
    if not offer.record.condition or offer.record.status != Status.CONDITIONAL:
        return False
    ongoing = effort.record.status == Status.DELIVERED or effort.record.since_year is not None
    if not ongoing or effort.record.condition:
        return False
    return effort.day is None or offer.day is None or effort.day <= offer.day


def _same_size(x: Amount | None, y: Amount | None) -> bool:
    if x is None or y is None or x.unit != y.unit:
        return True
    (lo1, hi1), (lo2, hi2) = _span(x), _span(y)
    gap = max(lo1, lo2) - min(hi1, hi2)  # negative when the spans overlap
    return gap <= SAME_SIZE * max(abs(hi1), abs(hi2))


def _span(a: Amount) -> tuple[float, float]:
    return (a.low, a.high) if a.low is not None and a.high is not None else (a.value, a.value)


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


__all__ = ["close", "offer_clusters", "package_clusters", "same_amount", "same_offer", "settle_dates"]
