"""Exports with a versioned schema: the columns below are a promise to whoever reads the files.

Hand-kept trackers are known for columns that shift between releases; here the column lists are
data, pinned by `tests/ledger/test_ledger_export.py`, and changing them means bumping SCHEMA_VERSION and
saying so in docs/ledger.md. Every file carries the version: a `schema_version` column in every
format, and `pledgewatch.schema` in the Parquet metadata. Lists are native in JSONL and Parquet and
joined text in CSV, which has no lists; CSV text cells are guarded against formulas (`spreadsheet`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from pledgewatch.ledger import query, spreadsheet
from pledgewatch.ledger.merge import Commitment

SCHEMA_VERSION = 2  # 2: records carry `url`, commitments `urls`; CSV joins lists as text
FORMATS = ("csv", "jsonl", "parquet")
WHAT = ("records", "commitments", "corrections")

#: (column, type) in file order. Types: string, int, float, bool, date (ISO string), list<string>, json.
RECORD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema_version", "int"),
    ("article", "string"),
    ("fingerprint", "string"),
    ("story", "string"),
    ("outlet", "string"),
    ("url", "string"),
    ("published", "string"),
    ("extractor_version", "string"),
    ("index", "int"),
    ("actor", "string"),
    ("kind", "string"),
    ("status", "string"),
    ("recipient", "string"),
    ("amount_value", "float"),
    ("amount_unit", "string"),
    ("amount_approx", "bool"),
    ("amount_low", "float"),
    ("amount_high", "float"),
    ("amount_usd", "float"),
    ("amount_eur", "float"),
    ("fx_rate_usd", "float"),
    ("fx_rate_eur", "float"),
    ("fx_date", "date"),
    ("part_of", "int"),
    ("condition", "string"),
    ("target_year", "int"),
    ("since_year", "int"),
    ("evidence", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
)

COMMITMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema_version", "int"),
    ("key", "string"),
    ("actor", "string"),
    ("kind", "string"),
    ("recipient", "string"),
    ("amount_value", "float"),
    ("amount_unit", "string"),
    ("amount_approx", "bool"),
    ("amount_usd", "float"),
    ("amount_eur", "float"),
    ("status", "string"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("article_count", "int"),
    ("story_count", "int"),
    ("outlets", "list<string>"),
    ("articles", "list<string>"),
    ("urls", "list<string>"),
    ("history", "json"),
)


class ExportError(Exception):
    """The export cannot be written; the message is one line naming the file."""


def columns(what: str) -> tuple[tuple[str, str], ...]:
    return RECORD_COLUMNS if what == "records" else COMMITMENT_COLUMNS


#: Record columns whose database column has another name; the rest are stored under their own.
_RECORD_SOURCES = {"article": "article_id", "index": "idx"}


def record_row(row: dict[str, Any]) -> dict[str, Any]:
    out = {name: row[_RECORD_SOURCES.get(name, name)] for name, _ in RECORD_COLUMNS[1:]}
    if out["fx_date"] is not None:
        out["fx_date"] = out["fx_date"].isoformat()
    return {"schema_version": SCHEMA_VERSION, **out}


def commitment_row(c: Commitment, urls: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The commitment's export columns; `urls` (record id -> its article's URL, `query.source_urls`) fills `urls`."""
    found = urls or {}
    links = [found[s.record_id] for s in c.sources if s.record_id is not None and s.record_id in found]
    return {
        "schema_version": SCHEMA_VERSION,
        **c.summary_row(),
        "articles": list(c.articles),
        "urls": list(dict.fromkeys(links)),
        "history": [h.to_json() for h in c.history],
    }


def pinned(what: str, out: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows cut to exactly the pinned columns, in file order."""
    names = [name for name, _ in columns(what)]
    return [{name: r[name] for name in names} for r in out]


def commitment_rows(engine: Engine, found: Iterable[Commitment]) -> list[dict[str, Any]]:
    urls = query.source_urls(engine)
    return pinned("commitments", (commitment_row(c, urls) for c in found))


def rows(engine: Engine, what: str) -> list[dict[str, Any]]:
    if what == "records":
        return pinned("records", (record_row(r) for r in query.record_rows(engine)))
    return commitment_rows(engine, query.commitments(engine))


def export(engine: Engine, fmt: str, output: str | Path, what: str = "records") -> int:
    """Write the newest records or the commitments to `output`; returns the number of rows."""
    if fmt not in FORMATS or what not in WHAT:
        raise ExportError(f"cannot export {what!r} as {fmt!r}: formats are {', '.join(FORMATS)}")
    if what == "corrections":
        return _corrections(engine, fmt, Path(output))
    data = rows(engine, what)
    path = Path(output)
    try:
        if fmt == "csv":
            _csv(path, what, data)
        elif fmt == "jsonl":
            _jsonl(path, data)
        else:
            _parquet(path, what, data)
    except OSError as err:
        raise ExportError(f"{path}: cannot write: {err.strerror or err}") from None
    return len(data)


def _corrections(engine: Engine, fmt: str, path: Path) -> int:
    """Reviewed records in the gold format of LEDGER.md, to retrain the reader on: JSON lines only."""
    from pledgewatch.ledger.review import gold_records

    if fmt != "jsonl":
        raise ExportError(f"{path}: corrections are written as jsonl only (the gold format of LEDGER.md), not {fmt}")
    data = gold_records(engine)
    try:
        _jsonl(path, data)
    except OSError as err:
        raise ExportError(f"{path}: cannot write: {err.strerror or err}") from None
    return len(data)


def write_csv(out: TextIO, what: str, data: Iterable[dict[str, Any]]) -> None:
    """The rows as CSV: lists joined as text, every text cell guarded against formulas."""
    kinds = dict(columns(what))
    spreadsheet.write(out, list(kinds), ([row[name] for name in kinds] for row in data), list(kinds.values()))


def _csv(path: Path, what: str, data: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(out, what, data)


def _jsonl(path: Path, data: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in data:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def arrow_schema(what: str) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.string(),
        "list<string>": pa.list_(pa.string()),
        "json": pa.string(),
    }
    fields = [pa.field(name, types[kind]) for name, kind in columns(what)]
    return pa.schema(fields, metadata={"pledgewatch.schema": f"{what}/{SCHEMA_VERSION}"})


def _parquet(path: Path, what: str, data: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(what)
    kinds = dict(columns(what))
    prepared = [
        {name: json.dumps(v, ensure_ascii=False) if kinds[name] == "json" else v for name, v in row.items()}
        for row in data
    ]
    table = pa.Table.from_pylist(prepared, schema=schema)
    pq.write_table(table, path)


__all__ = [
    "COMMITMENT_COLUMNS",
    "FORMATS",
    "RECORD_COLUMNS",
    "SCHEMA_VERSION",
    "WHAT",
    "ExportError",
    "commitment_rows",
    "export",
    "pinned",
    "write_csv",
]
