"""Builders for invented articles and records, so storage and merge tests need no NLP model."""

from __future__ import annotations

from pledgewatch.model import Amount, Article, Check, Kind, Record, Status


def article(
    article_id: str,
    text: str,
    *,
    published: str | None = "2025-08-25",
    outlet: str | None = "Test Wire",
    title: str | None = None,
    checks: tuple[Check, ...] = (),
) -> Article:
    return Article(
        id=article_id,
        text=text,
        raw_text=text,
        title=title,
        outlet=outlet,
        published=published,
        source=f"{article_id}.json",
        checks=checks,
    )


def record(
    article_id: str = "a",
    actor: str = "CAN",
    kind: str = "military_aid",
    status: str = "committed",
    recipient: str | None = "UKR",
    value: float | None = None,
    unit: str = "CAD",
    *,
    part_of: int | None = None,
    evidence: str = "Canada pledged aid to Ukraine.",
    approx: bool = False,
) -> Record:
    return Record(
        article=article_id,
        actor=actor,
        kind=Kind(kind),
        status=Status(status),
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        recipient=recipient,
        amount=Amount(value, unit, approx) if value is not None else None,
        part_of=part_of,
    )


def story_text(seed: str, words: int = 120) -> str:
    """An invented, distinct article body: repeated sentences varied by `seed`, long enough for shingles."""
    base = (
        f"Officials in the {seed} ministry said on Monday that the new plan covers training, equipment "
        f"and logistics for the coming year, and that parliament will vote on the {seed} budget soon. "
    )
    filler = " ".join(f"{seed}{i}" for i in range(words))
    return base + filler + "."
