"""Accuracy gate: extraction over the shared dev set must not fall below the pinned floors.

In the spirit of trafilatura's eval gate: the floors in `eval_baseline.json` only go up. When a
change improves the scores, raise the floors in the same commit; a change that lowers them fails
here instead of landing silently. Skipped, with a message, where ../shared is not beside the repo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gate_support import SCORER, below_floors, score_set

DEV = SCORER.parent / "dev"
BASELINE = Path(__file__).with_name("eval_baseline.json")


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (DEV / "articles").is_dir() or not SCORER.is_file():
        pytest.skip(f"no evaluation set at {DEV}: the accuracy gate needs ../shared beside the repository")
    return score_set(DEV, tmp_path_factory.mktemp("gate") / "dev.jsonl")


def test_dev_scores_not_below_floors(dev_scores: dict) -> None:
    assert below_floors(dev_scores, BASELINE) == [], dev_scores
