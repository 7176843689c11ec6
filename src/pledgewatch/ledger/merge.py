"""Commitments: what many articles' records say, merged into one entry per thing promised.

A pure function over records in context (`Sighting`s), so the rules can be tested without a
database and the store only has to materialise the result:

- Records of the same actor, kind and recipient describe the same commitment, except money:
  packages are told apart by their amount. Two money records are the same package when their
  amounts agree within 1 % (in the same currency, or in USD at each article's date across
  currencies) and they were reported within 30 days of another report of the package, or by a
  copy of the same story (a copy's scraped date is often wrong, the story is not). An undated
  report joins the best-corroborated package with its amount (`cluster.py`).
- A component (`part_of`) belongs to its package's commitment as a component, not a commitment of
  its own: "835 million of the 2 billion" is no second pledge.
- Records without a money figure (troops, targets, unquantified aid) of one actor, kind and
  recipient are one commitment per distinct offer: its time, its condition and its size tell
  offers apart (`cluster.offer_clusters`); its amount is the latest stated.
- Running totals ("has committed $62 billion since 2022", LEDGER.md rule 18) are never packages:
  each actor, kind and recipient's tallies are one commitment flagged `running_total`, its amount
  the latest tally, which views show beside the sum of the packages and never add to it.
- The current status is that of the latest dated report. Reports of one day are one step of the
  history: ordered by the time their articles state, the latest's status stands (without stated
  times, the firmest); a status that returns within 14 days to the one before is a disagreement,
  not two changes. Both are kept in `disputes`, which the ledger checks report.
- Syndicated copies corroborate but do not multiply: `story_count` counts stories, not articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pledgewatch.ledger.cluster import offer_clusters, package_clusters, settle_dates
from pledgewatch.ledger.currency import article_day, is_money
from pledgewatch.model import Amount, Record, Status

#: Same-day reports: the firmer status is taken as current.
FIRMNESS = (
    Status.RULED_OUT,
    Status.REQUESTED,
    Status.CONSIDERING,
    Status.CONDITIONAL,
    Status.COMMITTED,
    Status.DELIVERED,
)


#: A status that returns this soon to the one before was a disagreement between sources, not a change.
FLIP_DAYS = 14


@dataclass(frozen=True)
class Sighting:
    """One stored record with what the merge needs to know about its article."""

    record: Record
    idx: int  # position among its article's records (what part_of points at)
    article: str  # the article's id, for people
    article_key: str  # its fingerprint: stable identity
    story: str
    outlet: str | None = None
    published: str | None = None
    amount_usd: float | None = None
    amount_eur: float | None = None
    record_id: int | None = None
    published_at: str | None = None  # the time of day the article states (UTC ISO), when it states one
    rejected_dates: tuple[str, ...] = ()  # dates the article's cleaning rejected (its date_conflict checks)

    @property
    def day(self) -> date | None:
        return article_day(self.published)


@dataclass(frozen=True)
class Source:
    """One article's record behind a commitment: `package`, `statement` (no money figure) or `component`."""

    article: str
    story: str
    outlet: str | None
    published: str | None
    status: Status
    role: str
    amount: Amount | None
    record_id: int | None


@dataclass(frozen=True)
class StatusChange:
    status: Status
    since: str | None
    articles: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"status": str(self.status), "since": self.since, "articles": list(self.articles)}


@dataclass(frozen=True)
class Commitment:
    key: str
    actor: str
    kind: str
    recipient: str | None
    amount: Amount | None
    amount_usd: float | None
    amount_eur: float | None
    status: Status
    first_seen: str | None
    last_seen: str | None
    sources: tuple[Source, ...]
    history: tuple[StatusChange, ...]
    running_total: bool = False  # a donor's reported tally: shown apart, never summed with packages
    disputes: tuple[StatusChange, ...] = ()  # reports whose status the history did not take (see _history)

    @property
    def reports(self) -> tuple[Source, ...]:
        """Sources that state the commitment itself, not one of its components."""
        return tuple(s for s in self.sources if s.role != "component")

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article for s in self.reports))

    @property
    def story_count(self) -> int:
        return len({s.story for s in self.reports})

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({s.outlet for s in self.reports if s.outlet}))

    def summary_row(self) -> dict[str, Any]:
        """The columns the store and the export share, in the export schema's order."""
        a = self.amount
        return {
            "key": self.key,
            "actor": self.actor,
            "kind": self.kind,
            "recipient": self.recipient,
            "amount_value": a.value if a else None,
            "amount_unit": a.unit if a else None,
            "amount_approx": a.approx if a else None,
            "amount_usd": self.amount_usd,
            "amount_eur": self.amount_eur,
            "status": str(self.status),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "article_count": len(self.articles),
            "story_count": self.story_count,
            "outlets": list(self.outlets),
        }


def merge_commitments(sightings: Iterable[Sighting]) -> list[Commitment]:
    """The commitments the records state, in a stable order (actor, kind, recipient, first seen)."""
    ordered = sorted(settle_dates(list(sightings)), key=_report_order)
    anchors = _anchors(ordered)
    money: dict[tuple[str, str, str | None], list[Sighting]] = defaultdict(list)
    statements: dict[tuple[str, str, str | None], list[Sighting]] = defaultdict(list)
    totals: dict[tuple[str, str, str | None], list[Sighting]] = defaultdict(list)
    for s in ordered:
        if id(s) in anchors:
            continue
        key = (s.record.actor, str(s.record.kind), s.record.recipient)
        if s.record.running_total:
            totals[key].append(s)
        elif s.record.amount is not None and is_money(s.record.amount.unit):
            money[key].append(s)
        else:
            statements[key].append(s)
    components_of: dict[int, list[Sighting]] = defaultdict(list)
    for s in ordered:
        if id(s) in anchors:
            components_of[id(anchors[id(s)])].append(s)
    found = []
    for members in money.values():
        for cluster in package_clusters(members):
            found.append(_from_package(cluster, [c for m in cluster for c in components_of[id(m)]]))
    for members in statements.values():
        offers = [_from_statements(cluster) for cluster in offer_clusters(members)]
        offers.sort(key=lambda c: (c.first_seen or "9999", c.key))
        # The earliest offer keeps the plain key (stable links); later ones add their first day.
        found += [o if n == 0 else replace(o, key=f"{o.key}|{o.first_seen or '-'}") for n, o in enumerate(offers)]
    for members in totals.values():
        found.append(replace(_from_statements(members, role="total"), key=f"{_base_key(members[0])}|total"))
    found = _unique_keys(found)
    return sorted(found, key=lambda c: (c.actor, c.kind, c.recipient or "", c.first_seen or "9999", c.key))


def _report_order(s: Sighting) -> tuple[int, str, str, str, int]:
    """Dated reports first, by date; undated ones join afterwards, where the amount alone decides."""
    return (0 if s.day else 1, s.published or "", s.published_at or "", s.article_key, s.idx)


def _anchors(ordered: list[Sighting]) -> dict[int, Sighting]:
    """For each component, the package record it belongs to (following part_of within its article)."""
    by_article: dict[str, dict[int, Sighting]] = defaultdict(dict)
    for s in ordered:
        by_article[s.article_key][s.idx] = s
    anchors: dict[int, Sighting] = {}
    for s in ordered:
        target, seen = s, {s.idx}
        while target.record.part_of is not None:
            parent = by_article[s.article_key].get(target.record.part_of)
            if parent is None or parent.idx in seen or parent.record.amount is None:
                break
            seen.add(parent.idx)
            target = parent
        if target is not s and target.record.amount is not None and is_money(target.record.amount.unit):
            anchors[id(s)] = target
    return anchors


def _source(s: Sighting, role: str) -> Source:
    r = s.record
    return Source(s.article, s.story, s.outlet, s.published, Status(r.status), role, r.amount, s.record_id)


def _from_package(members: list[Sighting], components: list[Sighting]) -> Commitment:
    # The figure most reports give, the earliest on a tie: one outlet's rounding does not move it.
    figures = [(m, m.record.amount) for m in members if m.record.amount is not None]
    counts: dict[tuple[str, float], int] = defaultdict(int)
    for _, a in figures:
        counts[(a.unit, a.value)] += 1
    best = max(counts.values())
    rep, amount = next((m, a) for m, a in figures if counts[(a.unit, a.value)] == best)
    sources = [_source(m, "package") for m in members] + [_source(c, "component") for c in components]
    first = _seen(members)[0]
    key = f"{_base_key(rep)}|{amount.unit}:{amount.value:.0f}|{first or '-'}"
    return _commitment(key, rep, amount, rep.amount_usd, rep.amount_eur, members, sources)


def _from_statements(members: list[Sighting], role: str = "statement") -> Commitment:
    members = sorted(members, key=_report_order)
    with_amount = [m for m in members if m.record.amount is not None]
    latest = with_amount[-1] if with_amount else None  # members are in report order
    sources = [_source(m, role) for m in members]
    amount = latest.record.amount if latest else None
    usd = latest.amount_usd if latest else None
    eur = latest.amount_eur if latest else None
    return _commitment(_base_key(members[0]), members[0], amount, usd, eur, members, sources)


def _commitment(
    key: str,
    rep: Sighting,
    amount: Amount | None,
    usd: float | None,
    eur: float | None,
    reports: list[Sighting],
    sources: list[Source],
) -> Commitment:
    first, last = _seen(reports)
    history, disputes = _history(reports)
    return Commitment(
        key=key,
        actor=rep.record.actor,
        kind=str(rep.record.kind),
        recipient=rep.record.recipient,
        amount=amount,
        amount_usd=usd,
        amount_eur=eur,
        status=history[-1].status,
        first_seen=first,
        last_seen=last,
        sources=tuple(sources),
        history=history,
        running_total=any(r.record.running_total for r in reports),
        disputes=disputes,
    )


def _base_key(s: Sighting) -> str:
    return f"{s.record.actor}|{s.record.kind}|{s.record.recipient or '-'}"


def _seen(reports: list[Sighting]) -> tuple[str | None, str | None]:
    days = sorted(s.published for s in reports if s.day is not None and s.published)
    return (days[0], days[-1]) if days else (None, None)


def _history(reports: list[Sighting]) -> tuple[tuple[StatusChange, ...], tuple[StatusChange, ...]]:
    """Each change of status in report order, and the reports that disagreed with the history.

    Undated reports count only when nothing is dated. One day is one step: its reports in the
    order of the times their articles state (untimed ones by firmness, before the timed), the last
    one's status stands and other articles' statuses that day are disputes. A status that comes back
    within 14 days to the one before it is a dispute as well, not a flip there and back.
    """
    dated = [s for s in reports if s.day is not None] or list(reports)
    dated.sort(key=lambda s: (s.day or date.min, s.published_at or "", FIRMNESS.index(Status(s.record.status))))
    days: dict[date | None, list[Sighting]] = defaultdict(list)
    for s in dated:
        days[s.day].append(s)
    steps: list[StatusChange] = []
    disputes: list[StatusChange] = []
    for day, items in days.items():
        since = items[0].published if day is not None else None
        status = Status(items[-1].record.status)
        agree = tuple(dict.fromkeys(s.article for s in items if s.record.status == status))
        for other in dict.fromkeys(Status(s.record.status) for s in items if s.record.status != status):
            # An article that also states the day's status says two things (what is done, what is newly
            # promised: LEDGER.md rule 3), it does not disagree; only other articles can.
            said = [s.article for s in items if s.record.status == other and s.article not in agree]
            if said:
                disputes.append(StatusChange(other, since, tuple(dict.fromkeys(said))))
        steps.append(StatusChange(status, since, agree))
    changes: list[StatusChange] = []
    for step in steps:
        if len(changes) >= 2 and changes[-2].status == step.status and _within(changes[-1].since, step.since):
            disputes.append(changes.pop())  # there and back within two weeks: a disagreement, not two changes
        if changes and changes[-1].status == step.status:
            last = changes[-1]
            changes[-1] = StatusChange(last.status, last.since, tuple(dict.fromkeys((*last.articles, *step.articles))))
            continue
        changes.append(step)
    return tuple(changes), tuple(disputes)


def _within(earlier: str | None, later: str | None, days: int = FLIP_DAYS) -> bool:
    a, b = article_day(earlier), article_day(later)
    return a is not None and b is not None and (b - a).days <= days


def _unique_keys(found: list[Commitment]) -> list[Commitment]:
    """Keys are unique by construction; this keeps them so if a rule above ever changes."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for c in found:
        seen[c.key] += 1
        if seen[c.key] > 1:
            c = Commitment(**{**c.__dict__, "key": f"{c.key}#{seen[c.key]}"})
        out.append(c)
    return out


__all__ = ["Commitment", "Sighting", "Source", "StatusChange", "merge_commitments"]
