"""Reviewers' corrections laid over the reader's records, wherever records are read.

The reader's records are never changed: a correction is stored beside them and applied on the way
out (merge, totals, matrix, exports, API), so undoing it restores the reader's value exactly.

A correction is keyed on what survives a re-ingest and a new reader version: the article's
fingerprint (the hash of its cleaned text, the ledger's identity of an article) and the reader's own
reading of the record, `actor|kind|recipient|status|evidence_start-evidence_end`. Within one
article that reading is unique (LEDGER.md: one record per actor, kind, recipient and status), and
the evidence offsets pin the sentence. Record ids and positions are not used: a new extraction gets
new ones. A new reader that reads the same sentence the same way meets the same correction; one
that reads it differently has produced a different record, which the review queue lists afresh,
and the old correction shows as unmatched (`review log`) instead of being applied to the wrong thing.

Records a reviewer adds are stored like a reader's records, in one extraction per article whose
version is `review` (never the "newest" reader version), keyed `added|INDEX`; they show only while
their correction says `added`, so undoing the addition removes them from every view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from pledgewatch.ledger import schema as t

#: The extractor version of records reviewers added. It holds no digits, so it never ranks as a reader version.
REVIEW_VERSION = "review"
#: Added records are numbered from here, apart from any reader's positions in the same article.
ADDED_BASE = 10_000
#: What a reviewer may correct: the record's reading, not its evidence (added records pick their own).
FIELDS = (
    "actor",
    "kind",
    "status",
    "recipient",
    "amount_value",
    "amount_unit",
    "amount_approx",
    "amount_low",
    "amount_high",
    "condition",
    "target_year",
    "since_year",
    "running_total",
)
#: Conversions that follow a corrected amount; computed when the correction is made and stored with it.
DERIVED = ("amount_usd", "amount_eur", "fx_rate_usd", "fx_rate_eur", "fx_date")


def target_of(row: Mapping[str, Any]) -> str:
    """The stable key of a record within its article (see the module's docstring)."""
    if row.get("extractor_version") == REVIEW_VERSION:
        return f"added|{row['idx']}"
    return (
        f"{row['actor']}|{row['kind']}|{row['recipient'] or '-'}|{row['status']}|"
        f"{row['evidence_start']}-{row['evidence_end']}"
    )


def reading(row: Mapping[str, Any]) -> dict[str, Any]:
    """The correctable fields of a record as views show it, JSON-ready (for audit rows and forms)."""
    out = {name: row.get(name) for name in (*FIELDS, *DERIVED)}
    out["running_total"] = bool(out["running_total"]) if out["running_total"] is not None else None
    if isinstance(out["fx_date"], date):
        out["fx_date"] = out["fx_date"].isoformat()
    return out


class Overlay:
    """The corrections of one ledger, loaded once, ready to apply to record rows."""

    def __init__(self, conn: Connection) -> None:
        c = t.corrections.c
        self.decisions: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {
            (r.fingerprint, r.target): (r.action, dict(r.changes or {}))
            for r in conn.execute(select(c.fingerprint, c.target, c.action, c.changes))
        }
        # Additions show only with their decision: with no decisions at all there is nothing to look up.
        self.review_extractions: set[int] = set()
        if self.decisions:
            self.review_extractions = set(
                conn.execute(
                    select(t.extractions.c.id).where(t.extractions.c.extractor_version == REVIEW_VERSION)
                ).scalars()
            )

    def decision(self, row: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
        return self.decisions.get((row["fingerprint"], target_of(row)))

    def apply(self, row: Mapping[str, Any]) -> dict[str, Any] | None:
        """The row as views should show it, with `review` set to the decision; None when it is not shown."""
        out = dict(row)
        found = self.decision(out)
        added = out.get("extractor_version") == REVIEW_VERSION
        if found is None:
            if added:
                return None  # an addition that was undone
            out["review"] = None
            return out
        action, changes = found
        if action == "rejected":
            return None
        for name, value in changes.items():
            out[name] = date.fromisoformat(value) if name == "fx_date" and isinstance(value, str) else value
        out["review"] = action
        return out


def reviewed_rows(conn: Connection, rows: Iterable[Any], keep: set[int]) -> Iterator[dict[str, Any]]:
    """Rows of `records_query()` from the extractions in `keep` and the reviewers' additions, corrected."""
    overlay = Overlay(conn)
    for row in rows:
        mapping = row._mapping if hasattr(row, "_mapping") else row
        if mapping["extraction_id"] not in keep and mapping["extraction_id"] not in overlay.review_extractions:
            continue
        shown = overlay.apply(mapping)
        if shown is not None:
            yield shown


def review_version(conn: Connection) -> int:
    """Changes with every review action: part of the digest that decides when commitments are rebuilt."""
    from sqlalchemy import func

    return int(conn.execute(select(func.coalesce(func.max(t.review_log.c.id), 0))).scalar_one())


__all__ = [
    "ADDED_BASE",
    "FIELDS",
    "REVIEW_VERSION",
    "Overlay",
    "reading",
    "review_version",
    "reviewed_rows",
    "target_of",
]
