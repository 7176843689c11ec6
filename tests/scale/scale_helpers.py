"""Shared by the scaling tests: where the example corpus is, and records as comparable rows."""

from __future__ import annotations

from pathlib import Path

from pledgewatch.model import Article

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def as_rows(results: list[tuple[Article, list]]) -> list[tuple[str, list[dict]]]:
    return [(a.id, [r.to_json() for r in records]) for a, records in results]
