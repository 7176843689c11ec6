"""`pledgewatch serve` as a user starts it: a real process on a free loopback port, then stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "pledgewatch.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )


def _wait(url: str, proc: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve exited early: {proc.stderr.read() if proc.stderr else ''}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("serve did not answer within 30 s")


def test_serve_answers_and_takes_the_token_from_the_environment(ledger_url: str) -> None:
    port = _free_port()
    proc = _run("serve", "--db", ledger_url, "--port", str(port), env={"PLEDGEWATCH_TOKEN": "env-token"})
    try:
        base = f"http://127.0.0.1:{port}"
        assert "Coalition matrix" in _wait(base + "/", proc).text
        refused = httpx.post(base + "/api/ingest", files={"files": ("a.txt", b"x")}, timeout=5)
        assert refused.status_code == 401  # the route exists: the token came from $PLEDGEWATCH_TOKEN
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert "serving on" in err and "Traceback" not in err


def test_serve_on_a_missing_ledger_is_one_line(tmp_path: Path) -> None:
    proc = _run("serve", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--port", str(_free_port()))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and err.count("\n") == 1 and "no ledger there yet" in err


def test_serve_reads_the_token_from_a_file_and_keeps_it_out_of_the_process_list(
    ledger_url: str, tmp_path: Path
) -> None:
    secret = "file-token-7c1e"
    token_file = tmp_path / "token"
    token_file.write_text(secret + "\n")
    port = _free_port()
    proc = _run("serve", "--db", ledger_url, "--port", str(port), "--token-file", str(token_file))
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/", proc)
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode()
        assert secret not in cmdline
        assert httpx.post(base + "/api/ingest", data={}, timeout=5).status_code == 401
        wrong = httpx.post(base + "/api/ingest", data={}, headers={"Authorization": "Bearer nope"}, timeout=5)
        assert wrong.status_code == 401
        right = httpx.post(base + "/api/ingest", data={}, headers={"Authorization": f"Bearer {secret}"}, timeout=5)
        assert right.status_code == 422  # past the token check: there was nothing to ingest
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


def test_serve_with_an_unreadable_token_file_is_one_line(ledger_url: str, tmp_path: Path) -> None:
    proc = _run("serve", "--db", ledger_url, "--port", str(_free_port()), "--token-file", str(tmp_path / "none"))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err == f"pledgewatch: {tmp_path / 'none'}: cannot read the token: No such file or directory\n"
