"""extract --no-triage / --jobs / --dask and their errors, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from scale_helpers import CORPUS

FEW = [CORPUS / "01_germany-iris-t-deliveries.txt", CORPUS / "10_football-champions-league-final.txt",
       CORPUS / "03_lithuania-german-brigade.txt"]  # fmt: skip


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_no_triage_gives_the_same_records(run_cli) -> None:  # type: ignore[no-untyped-def]
    fast = run_cli("extract", *FEW)
    slow = run_cli("extract", "--no-triage", *FEW)
    assert fast.code == slow.code == 0
    assert lines(fast.out) == lines(slow.out) != []


def test_jobs_gives_the_same_records_in_order(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert lines(run_cli("extract", "--jobs", "2", *FEW).out) == lines(run_cli("extract", *FEW).out)


def test_dask_needs_an_output(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("extract", "--dask", *FEW)
    assert result.code == 2
    assert result.err_lines == ["pledgewatch: --dask writes Parquet: give --output FILE.parquet or --output DIRECTORY"]


def test_dask_writes_parquet_on_a_local_cluster(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.parquet"
    result = run_cli("extract", *FEW, "--dask", "--output", out)
    assert result.code == 0, result.err
    assert pq.read_table(out).num_rows == len(lines(run_cli("extract", *FEW).out))
    assert "Parquet file(s)" in result.err_lines[-1]


def test_an_unreachable_scheduler_is_one_line(run_cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("pledgewatch.scale.CONNECT_TIMEOUT", "1s")
    result = run_cli("extract", FEW[0], "--dask", "tcp://127.0.0.1:9", "-o", tmp_path / "x.parquet")
    assert result.code == 1
    assert len(result.err_lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.err


def test_bad_jobs_is_a_usage_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("extract", "--jobs", "0", *FEW)
    assert result.code == 2 and "must be at least 1" in result.err


def test_no_progress_bar_when_stderr_is_not_a_terminal(run_cli_subprocess) -> None:  # type: ignore[no-untyped-def]
    result = run_cli_subprocess("extract", *FEW)
    assert result.code == 0 and result.err == ""
