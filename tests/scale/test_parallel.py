"""--jobs N and Dask run the same per-partition function and give the serial output, in order."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scale_helpers import as_rows

from pledgewatch import extract_many
from pledgewatch.model import Article
from pledgewatch.parquet import SCHEMA, RecordWriter
from pledgewatch.scale import extract_parallel, partitions, run_dask


@pytest.fixture(scope="module")
def serial(corpus: list[Article]) -> list:
    return as_rows(list(extract_many(corpus)))


def test_partitions_cover_the_stream_in_order() -> None:
    parts = list(partitions(iter(range(7)), size=3))  # type: ignore[arg-type]
    assert parts == [[0, 1, 2], [3, 4, 5], [6]]


def test_two_processes_give_the_serial_output(corpus: list[Article], serial: list) -> None:
    # Small partitions so both workers get several and finish out of order.
    assert as_rows(list(extract_parallel(corpus, jobs=2, size=3))) == serial


def test_one_job_is_the_plain_stream(corpus: list[Article], serial: list) -> None:
    assert as_rows(list(extract_parallel(corpus[:4], jobs=1))) == serial[:4]


def test_dask_local_cluster_writes_parquet(corpus: list[Article], serial: list, tmp_path: Path) -> None:
    out = tmp_path / "records.parquet"
    summary = run_dask(corpus, out, workers=2, processes=False, size=4)
    table = pq.read_table(out)
    expected = [(article, record) for article, records in serial for record in records]
    assert summary.articles == len(corpus) and summary.records == len(expected) == table.num_rows
    assert table.schema.names == SCHEMA.names
    assert table.column("article").to_pylist() == [a for a, _ in expected]
    assert table.column("evidence").to_pylist() == [r["evidence"] for _, r in expected]


def test_dask_writes_a_directory_of_parts(corpus: list[Article], tmp_path: Path) -> None:
    out = tmp_path / "parts"
    summary = run_dask(corpus[:5], out, workers=2, processes=False, size=2)
    assert summary.files == 1 and (out / "part-00000.parquet").is_file()
    assert pq.read_table(out).num_rows == summary.records


def test_an_empty_run_still_writes_a_readable_file(tmp_path: Path) -> None:
    with RecordWriter(tmp_path / "none.parquet"):
        pass
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_amounts_are_flat_columns(corpus: list[Article], tmp_path: Path) -> None:
    with RecordWriter(tmp_path / "r.parquet") as writer:
        for article, records in extract_many(corpus):
            writer.add(article, records)
    rows = pq.read_table(tmp_path / "r.parquet").to_pylist()
    money = [r for r in rows if r["amount_unit"] and len(r["amount_unit"]) == 3 and r["amount_unit"].isupper()]
    assert money and all(r["amount_value"] > 0 for r in money)
    assert any(r["amount_usd"] for r in money)
