"""What the ledger admits, by one rule on SQLite and PostgreSQL alike.

PostgreSQL refuses NUL characters in text and ids longer than their column; SQLite stores both. A
ledger that depends on its database for this accepts on one what it refuses on the other, so the
rule is applied here, before either sees the data:

- a NUL character anywhere in an article or its records becomes U+FFFD (the replacement character):
  one character for one, so evidence offsets still point at the same text;
- an article id longer than the column holds is refused with one line naming it, since a shortened
  id could collide with another article's;
- a publication date after tomorrow is left out, with a `future_date` check (see `plausible`);
- a figure over the plausibility bound is left out of its record, with an `implausible_amount` check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace

from pledgewatch.ledger import schema as t
from pledgewatch.model import Article, Check, Record
from pledgewatch.plausible import future_date, without_implausible_amount

ID_LIMIT: int = t.articles.c.article_id.type.length  # type: ignore[attr-defined]
_NUL, _REPLACEMENT = "\x00", "\ufffd"


class Refused(ValueError):
    """An article the ledger will not store, and why, in one line."""


def admitted(article: Article) -> Article:
    """The article as the ledger stores it (NUL characters replaced), or Refused."""
    if len(article.id) > ID_LIMIT:
        raise Refused(f"article id is {len(article.id):,} characters long (limit {ID_LIMIT}); not stored")
    changes = {
        f.name: value.replace(_NUL, _REPLACEMENT)
        for f in fields(article)
        if isinstance(value := getattr(article, f.name), str) and _NUL in value
    }
    checks = tuple(replace(c, message=c.message.replace(_NUL, _REPLACEMENT)) for c in article.checks)
    return replace(article, **changes, checks=checks) if changes or checks != article.checks else article


def admitted_records(records: Sequence[Record]) -> list[Record]:
    out = []
    for r in records:
        evidence = r.evidence.replace(_NUL, _REPLACEMENT)
        condition = r.condition.replace(_NUL, _REPLACEMENT) if r.condition else r.condition
        out.append(
            r
            if (evidence, condition) == (r.evidence, r.condition)
            else replace(r, evidence=evidence, condition=condition)
        )
    return out


def dated(article: Article) -> tuple[Article, list[Check]]:
    """The article without a publication date that lies in the future, and the check that says so."""
    if not future_date(article.published):
        return article, []
    check = Check(
        code="future_date",
        message=f"published date {article.published} is in the future; ignored",
        article=article.id,
        detail=(("published", article.published),),
    )
    return replace(article, published=None, published_at=None), [check]


def plausible_amounts(
    article_id: str, records: Sequence[Record], usd: Sequence[float | None]
) -> tuple[list[Record], list[Check]]:
    """Records whose figures can be real; an `implausible_amount` check for each figure left out."""
    kept, checks = [], []
    for r, dollars in zip(records, usd, strict=True):
        _, reason = without_implausible_amount(replace(r, amount_usd=dollars))
        if reason is not None and r.amount is not None:
            checks.append(
                Check(
                    code="implausible_amount",
                    message=f"{r.actor} {r.kind}: {reason}",
                    article=article_id,
                    detail=(("value", repr(r.amount.value)), ("unit", r.amount.unit)),
                )
            )
            kept.append(replace(r, amount=None, amount_usd=None))
        else:
            kept.append(r)
    return kept, checks


__all__ = ["ID_LIMIT", "Refused", "admitted", "admitted_records", "dated", "plausible_amounts"]
