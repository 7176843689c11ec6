"""Accuracy gate: the shipped reader over the shared check set must not fall below the pinned floors.

`../shared/corpus/check` is never trained on (`make train` reads `corpus/train` and `eval/dev`), so
this is the reader's figure on text it has not seen; the dev set, trained on, would only show how
well the model remembers. In the spirit of trafilatura's eval gate the floors in
`eval_baseline.json` only go up: a retrained model that scores better raises them in the same
commit, one that scores worse fails here instead of landing silently. Skipped, with a message,
where ../shared is not beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gate_support import SCORER, below_floors, score_set

CHECK = SCORER.parents[1] / "corpus" / "check"
BASELINE = Path(__file__).with_name("eval_baseline.json")


@pytest.fixture(scope="module")
def check_scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (CHECK / "articles").is_dir() or not SCORER.is_file():
        pytest.skip(f"no evaluation set at {CHECK}: the accuracy gate needs ../shared beside the repository")
    return score_set(CHECK, tmp_path_factory.mktemp("gate") / "check.jsonl")


def test_check_scores_not_below_floors(check_scores: dict) -> None:
    assert below_floors(check_scores, BASELINE) == [], check_scores
