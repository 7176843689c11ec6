"""The ledger's vocabulary: articles in, records and checks out.

Every value here is immutable so that a record, once extracted, can be passed between stages,
processes and storage without anyone changing it behind the extractor's back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What is contributed (LEDGER.md, table "kind")."""

    TROOPS = "troops"
    AIR = "air"
    NAVAL = "naval"
    LOGISTICS = "logistics"
    BORDER = "border"
    TRAINING = "training"
    MONITORING = "monitoring"
    MILITARY_AID = "military_aid"
    FINANCIAL_AID = "financial_aid"
    HUMANITARIAN_AID = "humanitarian_aid"
    RECONSTRUCTION = "reconstruction"
    SPENDING_TARGET = "spending_target"
    GUARANTEE = "guarantee"


class Status(StrEnum):
    """How firmly (LEDGER.md, table "status")."""

    DELIVERED = "delivered"
    COMMITTED = "committed"
    CONDITIONAL = "conditional"
    CONSIDERING = "considering"
    REQUESTED = "requested"
    RULED_OUT = "ruled_out"


@dataclass(frozen=True)
class Amount:
    """A quantity as the ledger stores it: a currency code, or troops/items/percent_gdp/multiplier."""

    value: float
    unit: str
    approx: bool = False
    low: float | None = None
    high: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": _plain_number(self.value), "unit": self.unit, "approx": self.approx}
        if self.low is not None and self.high is not None:
            out["low"] = _plain_number(self.low)
            out["high"] = _plain_number(self.high)
        return out


@dataclass(frozen=True)
class Check:
    """Something a careful reader would want a second look at; never a reason to drop data."""

    code: str
    message: str
    article: str | None = None
    detail: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "article": self.article, "detail": dict(self.detail)}


@dataclass(frozen=True)
class Article:
    """One news article. `text` is the cleaned body once `clean.clean_article` has run."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD (or YYYY-MM when only the month is known)
    published_at: str | None = None  # the stated time in UTC, YYYY-MM-DDTHH:MM:SSZ, when the metadata gives one
    source: str | None = None  # the file (and line) it was read from
    raw_text: str | None = None  # the text as read, before cleaning
    checks: tuple[Check, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Record:
    """One stated position of one actor on one contribution (LEDGER.md), with its evidence offsets."""

    article: str
    actor: str
    kind: Kind
    status: Status
    evidence: str
    evidence_start: int
    evidence_end: int
    recipient: str | None = None
    amount: Amount | None = None
    amount_usd: float | None = None
    part_of: int | None = None
    condition: str | None = None
    target_year: int | None = None
    since_year: int | None = None
    # How sure the reader is that this position is stated (0-1, calibrated; None when not read by the model).
    confidence: float | None = None
    # "has committed $62 billion since 2022": a tally of earlier packages, never a package of its own
    # (LEDGER.md rule 18). The reader sets it; the ledger shows such totals apart and never sums them.
    running_total: bool = False

    def to_json(self) -> dict[str, Any]:
        """The record exactly as LEDGER.md writes it, every field present, plus evidence offsets."""
        return {
            "article": self.article,
            "actor": self.actor,
            "kind": str(self.kind),
            "status": str(self.status),
            "recipient": self.recipient,
            "amount": self.amount.to_json() if self.amount else None,
            "amount_usd": self.amount_usd,
            "part_of": self.part_of,
            "condition": self.condition,
            "target_year": self.target_year,
            "since_year": self.since_year,
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "confidence": self.confidence,
            "running_total": self.running_total,
        }


def _plain_number(x: float) -> int | float:
    """2000000000.0 -> 2000000000, so JSON shows whole numbers the way people write them."""
    return int(x) if float(x).is_integer() else x


__all__ = ["Amount", "Article", "Check", "Kind", "Record", "Status", "asdict"]
