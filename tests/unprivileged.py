"""Running the command as an ordinary user, for the cases root cannot see (root reads any file).

The tests run as root in CI; a directory with mode 000 or a read-only file means nothing to root,
so these cases drop to `nobody` with setpriv, a real change of user, and skip (saying why) where
that is not possible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def shared_dir() -> Iterator[Path]:
    """A directory another user can enter: pytest's tmp_path is private to the user running the tests."""
    path = Path(tempfile.mkdtemp(prefix="pledgewatch-perm-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for sub in path.rglob("*"):
            if sub.is_dir() and not sub.is_symlink():
                sub.chmod(0o755)
        shutil.rmtree(path)


def run_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m pledgewatch.cli ARGS` as an ordinary user (as `nobody` when the tests run as root)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8", "HOME": str(cwd)}
    command = [sys.executable, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop to an ordinary user to build the case")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False)
