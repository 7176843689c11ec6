"""Aid per donor, split the way the Kiel Institute's Ukraine Support Tracker splits it.

An analyst compares these figures with a hand-kept tracker, so they must add up the same way:

- by category: military (weapons, equipment, and money for any armed contribution), financial
  (budget support, loans, grants) and humanitarian and reconstruction;
- by status: delivered, and committed but not (yet) reported delivered. Conditional, considered,
  requested and ruled-out money is never money given; such packages are only counted, apart;
- each package once (merged across its sources), its components never again beside it;
- running totals ("has committed $62 billion since 2022") never added: the latest one a donor
  reported is shown beside the sum of its packages, so the two can be compared;
- a firm package without a USD figure (no publication date to convert at, or a currency the ECB
  does not quote) is never silently left out: it is counted as unconverted and listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pledgewatch.ledger import Commitment
from pledgewatch.ledger.currency import is_money
from pledgewatch.model import Amount

CATEGORIES = ("military", "financial", "humanitarian")
CATEGORY_LABELS = {
    "military": "military",
    "financial": "financial",
    "humanitarian": "humanitarian & reconstruction",
}
#: Kinds that are not the donor's military aid; every other kind with money is (troops, training, ...).
KIND_CATEGORY = {
    "financial_aid": "financial",
    "humanitarian_aid": "humanitarian",
    "reconstruction": "humanitarian",
    "spending_target": None,  # a state's own defence budget is not aid to anyone
}
#: Money counted as aid given: pledges that are firm. Considered or conditional money is not aid yet.
AID_STATUSES = ("delivered", "committed")


def category(kind: str) -> str | None:
    return KIND_CATEGORY.get(kind, "military")


@dataclass(frozen=True)
class ReportedTotal:
    """The latest running total a donor reported for one kind and recipient (never added to packages)."""

    kind: str
    recipient: str | None
    amount: Amount | None
    usd: float | None
    seen: str | None
    key: str


@dataclass(frozen=True)
class AidTotal:
    donor: str
    usd: float  # delivered + committed, USD at each package's first report
    eur: float
    packages: int  # firm packages with a USD figure
    sources: int  # distinct articles stating them
    split: dict[str, dict[str, float]] = field(default_factory=dict)  # category -> status -> USD
    unconverted: tuple[Commitment, ...] = ()  # firm packages without a USD figure
    not_given: int = 0  # conditional, considered, requested or ruled-out packages: not counted
    reported: tuple[ReportedTotal, ...] = ()

    def of(self, category: str, status: str | None = None) -> float:
        """USD of one category, of one status or both."""
        cell = self.split.get(category, {})
        return cell.get(status, 0.0) if status else sum(cell.values())

    @property
    def delivered(self) -> float:
        return sum(self.of(c, "delivered") for c in CATEGORIES)

    @property
    def reported_usd(self) -> float | None:
        """The donor's reported totals in USD, for kinds and recipients it gave several of: summed."""
        known = [r.usd for r in self.reported if r.usd is not None]
        return sum(known) if known else None


def aid_totals(commitments: list[Commitment]) -> list[AidTotal]:
    """Money packages per donor, largest first; a package's figure is counted once, not per source."""
    usd: dict[str, float] = defaultdict(float)
    eur: dict[str, float] = defaultdict(float)
    packages: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    split: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
    unconverted: dict[str, list[Commitment]] = defaultdict(list)
    not_given: dict[str, int] = defaultdict(int)
    reported: dict[str, list[ReportedTotal]] = defaultdict(list)
    donors: set[str] = set()
    for c in commitments:
        if c.amount is None or not is_money(c.amount.unit):
            continue
        cat = category(c.kind)
        if cat is None:
            continue
        donors.add(c.actor)
        if c.running_total:
            reported[c.actor].append(ReportedTotal(c.kind, c.recipient, c.amount, c.amount_usd, c.last_seen, c.key))
            continue
        status = str(c.status)
        if status not in AID_STATUSES:
            not_given[c.actor] += 1
            continue
        if c.amount_usd is None:
            unconverted[c.actor].append(c)
            continue
        usd[c.actor] += c.amount_usd
        eur[c.actor] += c.amount_eur or 0.0
        packages[c.actor] += 1
        sources[c.actor].update(c.articles)
        split[c.actor][cat][status] += c.amount_usd
    totals = [
        AidTotal(
            donor=d,
            usd=usd[d],
            eur=eur[d],
            packages=packages[d],
            sources=len(sources[d]),
            split={cat: dict(by_status) for cat, by_status in split[d].items()},
            unconverted=tuple(unconverted[d]),
            not_given=not_given[d],
            reported=tuple(reported[d]),
        )
        for d in donors
        if packages[d] or unconverted[d] or reported[d]
    ]
    return sorted(totals, key=lambda a: (-a.usd, -(a.reported_usd or 0.0), a.donor))


__all__ = ["AID_STATUSES", "CATEGORIES", "CATEGORY_LABELS", "AidTotal", "ReportedTotal", "aid_totals", "category"]
