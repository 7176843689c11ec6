"""What both accuracy gates do: extract a set with the real command, score it with the shared scorer,
and compare against floors that only go up. Kept in one place so the two gates cannot drift apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def score_set(set_dir: Path, out: Path) -> dict:
    """Run `pledgewatch extract` over `set_dir/articles` into `out`, then score it against `set_dir`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "pledgewatch.cli", "extract", str(set_dir / "articles"), "-o", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), "--set", str(set_dir), "--pred", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(scored.stdout)


def below_floors(scores: dict, baseline: Path) -> list[str]:
    """Every figure under its floor, as readable lines (empty when the gate passes)."""
    floors = json.loads(baseline.read_text())
    failures = [
        f"{metric} F1 {scores[metric]['f1']} < {floors[metric]['f1']}"
        for metric in ("positions", "pairs", "amounts")
        if scores[metric]["f1"] < floors[metric]["f1"]
    ]
    if scores["positions"]["precision"] < floors["positions"]["precision"]:
        failures.append(f"positions precision {scores['positions']['precision']} < {floors['positions']['precision']}")
    return failures
