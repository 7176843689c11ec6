"""Accuracy gate: extraction over the shared dev set must not fall below the pinned floors.

In the spirit of trafilatura's eval gate: the floors in `eval_baseline.json` only go up. When a
change improves the scores, raise the floors in the same commit; a change that lowers them fails
here instead of landing silently. Skipped, with a message, where ../shared is not beside the repo.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
SCORER = SHARED / "eval" / "score.py"
BASELINE = Path(__file__).with_name("eval_baseline.json")


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (DEV / "articles").is_dir() or not SCORER.is_file():
        pytest.skip(f"no evaluation set at {DEV}: the accuracy gate needs ../shared beside the repository")
    out = tmp_path_factory.mktemp("gate") / "dev.jsonl"
    command = [sys.executable, "-m", "pledgewatch.cli", "extract", str(DEV / "articles"), "-o", str(out)]
    run = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), "--set", str(DEV), "--pred", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(scored.stdout)


@pytest.mark.parametrize("metric", ["positions", "pairs", "amounts"])
def test_f1_not_below_floor(dev_scores: dict, metric: str) -> None:
    floors = json.loads(BASELINE.read_text())
    assert dev_scores[metric]["f1"] >= floors[metric]["f1"], (metric, dev_scores[metric])


def test_positions_precision_not_below_floor(dev_scores: dict) -> None:
    floors = json.loads(BASELINE.read_text())
    assert dev_scores["positions"]["precision"] >= floors["positions"]["precision"], dev_scores["positions"]
