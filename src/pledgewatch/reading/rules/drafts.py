"""Positions under construction and the article-level rules that turn them into records.

A sentence yields drafts; only the whole article can say which of them are one record (rule 3:
one record per actor, kind, recipient and status; conditional over considering; the body's sentence
over the headline's), which sums are components of a package (rule 4) and what a bare "$" is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from pledgewatch.model import Amount, Kind, Status
from pledgewatch.reading.rules.amounts import AmountMention
from pledgewatch.reading.rules.cues import MONEY_KINDS

COMPONENT_OPENERS = (
    "of this", "of which", "another", "a further", "an additional", "the remaining", "of the total", "the other",
    "the rest", "the remainder",
)  # fmt: skip
# Verbs that are themselves the contribution ("has trained", "will deploy"); other verb forms of cue
# words ("support", "fund", "guarantee") say what is done for the recipient, not what is given.


@dataclass
class Draft:
    """A record under construction; frozen into a Record at the end."""

    actor: str
    kind: Kind
    status: Status
    sent: Span
    recipient: str | None = None
    amount: AmountMention | None = None
    condition: str | None = None
    target_year: int | None = None
    since_year: int | None = None
    part_of: int | None = None
    headline: bool = False  # stated in the title: the body's own sentence is better evidence (rule 7)
    extra: dict[str, object] = field(default_factory=dict)


def package_for(draft: Draft, amount: Amount, packages: list[tuple[int, Draft]]) -> int | None:
    """A smaller committed sum of the same actor, said after a package, is one of its components."""
    for index, package in reversed(packages):
        if package.actor != draft.actor or package.status is not draft.status or draft.status is not Status.COMMITTED:
            continue
        if package.amount is None or package.kind is not Kind.MILITARY_AID:
            continue
        pkg_unit = package.extra.get("unit")
        if pkg_unit == amount.unit and amount.value >= package.amount.value:
            return None
        opener = draft.sent.text.lower().lstrip()
        if pkg_unit == amount.unit or opener.startswith(COMPONENT_OPENERS) or "package" in opener:
            return index
    return None


def merge(drafts: list[Draft]) -> list[Draft]:
    """Rule 3: one record per (actor, kind, recipient, status); packages are kept apart by amount."""
    kept: list[Draft] = []
    seen: dict[tuple[object, ...], Draft] = {}
    for draft in drafts:
        money = draft.amount is not None and is_money(draft.amount)
        key: tuple[object, ...] = (draft.actor, draft.kind, draft.recipient, draft.status)
        if money:
            key = (*key, round(draft.amount.value), draft.amount.unit)  # type: ignore[union-attr]
        if key in seen:
            first = seen[key]
            if first.headline and not draft.headline:
                # The title repeated in the body: the body's sentence is the evidence.
                draft.amount = draft.amount or first.amount
                kept[kept.index(first)] = seen[key] = draft
            elif draft.amount is not None and first.amount is None:
                first.amount = draft.amount
            continue
        seen[key] = draft
        kept.append(draft)
    # An amount-less money record repeats a position a figured one already states.
    figured = {(d.actor, d.kind, d.recipient, d.status) for d in kept if d.amount is not None}
    kept = [
        d
        for d in kept
        if d.amount is not None or (d.actor, d.kind, d.recipient, d.status) not in figured or d.kind not in MONEY_KINDS
    ]
    # One offer described twice: conditional wins over considering, and over a bare "ready to" that
    # another sentence makes conditional.
    conditional = {(d.actor, d.kind, d.recipient) for d in kept if d.status is Status.CONDITIONAL}
    return [
        d
        for d in kept
        if not (
            (d.status is Status.CONSIDERING or (d.status is Status.COMMITTED and d.amount is None))
            and (d.actor, d.kind, d.recipient) in conditional
        )
    ]


def is_money(mention: AmountMention) -> bool:
    return mention.unit not in {"troops", "items", "percent_gdp", "multiplier", "percent", ""} or (
        mention.unit == "" and mention.value >= 1_000_000
    )
