"""The export schema is pinned: a column added, renamed, retyped or moved fails here first.

Changing a list below is allowed only together with SCHEMA_VERSION and the table in docs/ledger.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_builders import article, record, story_text

from pledgewatch.ledger import Ledger
from pledgewatch.ledger.export import COMMITMENT_COLUMNS, RECORD_COLUMNS, SCHEMA_VERSION, arrow_schema

PINNED_VERSION = 2
PINNED_RECORDS = [
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
]
PINNED_COMMITMENTS = [
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
]
PINNED = {"records": PINNED_RECORDS, "commitments": PINNED_COMMITMENTS}


def test_the_schema_is_the_pinned_one() -> None:
    assert SCHEMA_VERSION == PINNED_VERSION
    assert list(RECORD_COLUMNS) == PINNED_RECORDS
    assert list(COMMITMENT_COLUMNS) == PINNED_COMMITMENTS


def test_docs_list_every_column() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "ledger.md").read_text(encoding="utf-8")
    for name, kind in PINNED_RECORDS + PINNED_COMMITMENTS:
        assert f"| `{name}` | {kind} |" in docs, f"docs/ledger.md does not document column {name} ({kind})"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'x.db'}"
    with Ledger(url) as led:
        text = "Canada announced 2 billion Canadian dollars for Ukraine. " + story_text("exp")
        led.store(article("a", text), [record("a", value=2e9), record("a", value=5e8, part_of=0)])
        led.store(
            article("b", story_text("troops"), published=None), [record("b", kind="troops", status="considering")]
        )
        yield led


@pytest.mark.parametrize("what", ["records", "commitments"])
def test_csv_has_exactly_the_pinned_columns(filled: Ledger, tmp_path: Path, what: str) -> None:
    out = tmp_path / "x.csv"
    n = filled.export("csv", out, what)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [name for name, _ in PINNED[what]]
    assert len(rows) == n + 1 and n > 0
    assert all(row[0] == str(PINNED_VERSION) for row in rows[1:])


@pytest.mark.parametrize("what", ["records", "commitments"])
def test_jsonl_rows_have_exactly_the_pinned_keys_in_order(filled: Ledger, tmp_path: Path, what: str) -> None:
    out = tmp_path / "x.jsonl"
    filled.export("jsonl", out, what)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(list(row) == [name for name, _ in PINNED[what]] for row in rows)


@pytest.mark.parametrize("what", ["records", "commitments"])
def test_parquet_has_the_pinned_schema_and_says_its_version(filled: Ledger, tmp_path: Path, what: str) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "x.parquet"
    n = filled.export("parquet", out, what)
    table = pq.read_table(out)
    assert table.schema.names == [name for name, _ in PINNED[what]]
    assert table.schema.equals(arrow_schema(what), check_metadata=False)
    assert table.schema.metadata[b"pledgewatch.schema"] == f"{what}/{PINNED_VERSION}".encode()
    assert table.num_rows == n


def test_exported_records_carry_the_conversion(filled: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    filled.export("jsonl", out, "records")
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["amount_value"] == 2e9 and round(first["amount_usd"]) == 1_446_663_781
    assert first["fx_date"] == "2025-08-25" and first["index"] == 0


def test_an_unwritable_output_is_one_line(filled: Ledger, tmp_path: Path) -> None:
    from pledgewatch.ledger import ExportError

    with pytest.raises(ExportError, match=r"cannot write") as err:
        filled.export("csv", tmp_path / "no" / "such" / "dir.csv")
    assert "\n" not in str(err.value)
