"""Records as Parquet, written as they come: one row group per flush, never the whole run in memory.

The columns are LEDGER.md's record fields with the amount flattened (`amount_value`, `amount_unit`,
...) so that Spark, DuckDB or pandas read them without nested types, plus the article's url,
outlet and publication date, which an analysis nearly always joins back. The schema is fixed, so a
partition with no records still writes a valid file and every part of a directory reads as one
dataset.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pledgewatch.fx import with_usd
from pledgewatch.model import Article, Record

SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("actor", pa.string()),
        ("kind", pa.string()),
        ("status", pa.string()),
        ("recipient", pa.string()),
        ("amount_value", pa.float64()),
        ("amount_unit", pa.string()),
        ("amount_approx", pa.bool_()),
        ("amount_low", pa.float64()),
        ("amount_high", pa.float64()),
        ("amount_usd", pa.float64()),
        ("part_of", pa.int64()),
        ("condition", pa.string()),
        ("target_year", pa.int64()),
        ("since_year", pa.int64()),
        ("evidence", pa.string()),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
    ]
)
ROWS_PER_GROUP = 10_000


def row(article: Article, record: Record) -> dict[str, Any]:
    data = record.to_json()
    amount = data.pop("amount") or {}
    data.update(
        amount_value=amount.get("value"),
        amount_unit=amount.get("unit"),
        amount_approx=amount.get("approx"),
        amount_low=amount.get("low"),
        amount_high=amount.get("high"),
        url=article.url,
        outlet=article.outlet,
        published=article.published,
    )
    return data


class RecordWriter:
    """`with RecordWriter(path) as w: w.add(article, records)`: a .parquet file, or a directory of parts."""

    def __init__(self, output: str | Path, rows_per_file: int = 100_000) -> None:
        self.output = Path(output)
        self.single = self.output.suffix.lower() == ".parquet"
        self.rows_per_file = rows_per_file
        self.files = 0
        self._rows: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None
        self._in_file = 0
        if not self.single:
            self.output.mkdir(parents=True, exist_ok=True)
        elif self.output.parent != Path():
            self.output.parent.mkdir(parents=True, exist_ok=True)

    def add(self, article: Article, records: list[Record]) -> None:
        self._rows.extend(row(article, with_usd(r, article.published)) for r in records)
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._writer is None:
            self._open()
        assert self._writer is not None
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self._in_file += len(self._rows)
            self._rows = []
        if not self.single and self._in_file >= self.rows_per_file:
            self._writer.close()
            self._writer = None

    def _open(self) -> None:
        path = self.output if self.single else self.output / f"part-{self.files:05d}.parquet"
        self._writer = pq.ParquetWriter(path, SCHEMA)
        self.files += 1
        self._in_file = 0

    def close(self) -> None:
        if self._rows or self.files == 0:
            self._flush()  # an empty run still leaves one valid (empty) file
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


__all__ = ["SCHEMA", "RecordWriter", "row"]
