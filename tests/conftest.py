"""Shared fixtures: the spaCy pipeline loaded once, and two ways to run the `pledgewatch` command.

The in-process runner is fast and lets a test see exceptions; the subprocess runner is what a user
gets (interpreter start-up, real stdout/stderr, exit status), so it is the one that can prove that
no traceback leaks out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


@dataclass(frozen=True)
class CliRun:
    """What one run of the command left behind: exit status and both output streams."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


RunCli = Callable[..., CliRun]


@pytest.fixture(scope="session")
def nlp() -> Language:
    """Loading the model takes about a second; every test that needs it shares one copy."""
    from pledgewatch.reading.pipeline import pipeline

    return pipeline()


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """`pledgewatch.cli.main(args)` in this process; argparse usage errors surface as exit status 2."""
    from pledgewatch.cli import main

    def run(*args: str | Path) -> CliRun:
        capsys.readouterr()  # drop whatever earlier steps of the test printed
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits instead of returning
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_cli_subprocess() -> RunCli:
    """`python -m pledgewatch.cli` in a fresh interpreter, finding the package in src/ even if not installed."""

    def run(*args: str | Path) -> CliRun:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
        env["PYTHONIOENCODING"] = "utf-8"
        proc = subprocess.run(
            [sys.executable, "-m", "pledgewatch.cli", *(str(a) for a in args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=ROOT,
            check=False,
            timeout=300,
        )
        return CliRun(proc.returncode, proc.stdout, proc.stderr)

    return run
