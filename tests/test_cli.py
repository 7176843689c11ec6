"""`pledgewatch extract`: the output contract of LEDGER.md, the other formats, and bad input.

A batch over scraped files always meets broken ones, so the contract for bad input matters as much
as the records: one stderr line per bad input naming it and the problem, never a traceback, the
good inputs still processed, and an exit status that tells a script something went wrong.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pledgewatch.clean import clean_article
from pledgewatch.model import Article, Kind, Status
from pledgewatch.sources import read_paths

if TYPE_CHECKING:  # fixtures come from conftest.py; only their types are imported, for checkers
    from conftest import CliRun, RunCli

FIXTURES = Path(__file__).parent / "fixtures" / "cli"

# LEDGER.md's table, in its order, plus the offsets that locate the evidence in the cleaned text.
LEDGER_FIELDS = (
    "article",
    "actor",
    "kind",
    "status",
    "recipient",
    "amount",
    "amount_usd",
    "part_of",
    "condition",
    "target_year",
    "since_year",
    "evidence",
)
FIELDS = {*LEDGER_FIELDS, "evidence_start", "evidence_end", "confidence", "running_total"}

# Each fixture and the article ids it holds (a JSON article's `id`, else the file name).
GOOD = {
    "norway-aid.txt": {"norway-aid"},
    "germany-ground-troops.json": {"deu-ground-troops"},
    "batch.jsonl": {"can-aid-package", "jpn-spending"},
    "poland-troops.html": {"poland-troops"},
}
ALL_GOOD_IDS = set().union(*GOOD.values())


def records_of(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def cleaned_texts(*paths: Path) -> dict[str, str]:
    """The cleaned text of every article in `paths`, recomputed the way extraction sees it."""
    texts = {}
    for item in read_paths(paths):
        assert isinstance(item, Article), item
        texts[item.id] = clean_article(item).text
    return texts


def assert_no_traceback(run: CliRun) -> None:
    assert "Traceback" not in run.err, run.err
    assert "Traceback" not in run.out


# --- good input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD))
def test_extract_writes_ledger_records_for_each_format(run_cli: RunCli, name: str) -> None:
    path = FIXTURES / name
    run = run_cli("extract", path)
    assert run.code == 0, run.err
    assert run.err == ""
    records = records_of(run.out)
    assert {r["article"] for r in records} == GOOD[name]
    texts = cleaned_texts(path)
    for record in records:
        assert set(record) == FIELDS, sorted(set(record) ^ FIELDS)
        assert record["kind"] in {k.value for k in Kind}
        assert record["status"] in {s.value for s in Status}
        assert isinstance(record["actor"], str) and record["actor"]
        if record["amount"] is not None:
            assert {"value", "unit", "approx"} <= set(record["amount"])
        start, end = record["evidence_start"], record["evidence_end"]
        assert 0 <= start < end <= len(texts[record["article"]])
        assert texts[record["article"]][start:end] == record["evidence"]


def test_extract_reads_a_directory_of_mixed_formats(run_cli: RunCli) -> None:
    run = run_cli("extract", FIXTURES)
    assert run.code == 0, run.err
    assert {r["article"] for r in records_of(run.out)} == ALL_GOOD_IDS


def test_jsonl_record_carries_amount_and_usd_conversion(run_cli: RunCli) -> None:
    records = records_of(run_cli("extract", FIXTURES / "batch.jsonl").out)
    [package] = [r for r in records if r["article"] == "can-aid-package" and r["kind"] == "military_aid"]
    assert package["amount"] == {"value": 500_000_000, "unit": "CAD", "approx": False}
    # A Canadian dollar has been worth between 0.6 and 1.1 US dollars for decades: a sanity band.
    assert 300_000_000 < package["amount_usd"] < 550_000_000


def test_table_format_prints_a_table_not_json(run_cli: RunCli) -> None:
    run = run_cli("extract", FIXTURES / "norway-aid.txt", "--format", "table")
    assert run.code == 0, run.err
    lines = [line for line in run.out.splitlines() if line.strip()]
    assert not any(line.lstrip().startswith("{") for line in lines)
    header = next(line for line in lines if "actor" in line)
    for column in ("article", "kind", "status", "amount", "evidence"):
        assert column in header
    assert any("NOR" in line and "military_aid" in line and "committed" in line for line in lines), run.out


def test_output_option_writes_the_file_instead_of_stdout(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ledger.jsonl"
    to_stdout = run_cli("extract", FIXTURES)
    to_file = run_cli("extract", FIXTURES, "--output", target)
    assert to_file.code == 0, to_file.err
    assert to_file.out == ""
    assert target.read_text(encoding="utf-8") == to_stdout.out
    assert records_of(target.read_text(encoding="utf-8"))


def test_output_option_with_table_format(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ledger.txt"
    run = run_cli("extract", FIXTURES / "batch.jsonl", "-o", target, "--format", "table")
    assert run.code == 0, run.err
    written = target.read_text(encoding="utf-8")
    assert "CAN" in written and "JPN" in written
    assert not written.lstrip().startswith("{")


def test_all_good_inputs_exit_zero_in_a_real_process(run_cli_subprocess: RunCli) -> None:
    run = run_cli_subprocess("extract", *(FIXTURES / name for name in sorted(GOOD)))
    assert run.code == 0, run.err
    assert run.err == ""
    assert {r["article"] for r in records_of(run.out)} == ALL_GOOD_IDS


# --- bad input -----------------------------------------------------------------------------------

# Each maker writes one bad input into a directory and returns its path plus words, one of which
# the error line must use to say what is wrong.
BadInput = Callable[[Path], tuple[Path, tuple[str, ...]]]


def _binary(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path, ("binary",)


def _empty(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "empty.txt"
    path.write_bytes(b"")
    return path, ("empty",)


def _blank(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "blank.json"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    return path, ("empty",)


def _malformed_json(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "truncated.json"
    path.write_text('{"id": "cut-off", "text": "Finland will send troops to Estonia."', encoding="utf-8")
    return path, ("malformed", "JSON")


def _utf16_without_bom(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "utf16.txt"
    path.write_bytes("Finland will send troops to Estonia.\n".encode("utf-16-le"))
    return path, ("binary", "UTF", "encoding")


def _random_bytes(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path, ("binary", "UTF", "encoding")


def _invalid_utf8(d: Path) -> tuple[Path, tuple[str, ...]]:
    # 0x81, 0x8D and 0x90 are undefined in cp1252 too, so no fallback decoding can accept this.
    path = d / "legacy.txt"
    path.write_bytes(b"Caf\xe9 \x81\x8d\x90 talks on troops for Ukraine. " * 20)
    return path, ("UTF", "encoding")


def _missing(d: Path) -> tuple[Path, tuple[str, ...]]:
    return d / "not-there.txt", ("no such file", "not found", "does not exist")


def _unsupported_extension(d: Path) -> tuple[Path, tuple[str, ...]]:
    path = d / "minutes.docx"
    path.write_text("Sweden will send troops to Latvia.\n", encoding="utf-8")
    return path, ("unsupported", ".docx")


BAD_INPUTS: dict[str, BadInput] = {
    "binary": _binary,
    "empty": _empty,
    "blank": _blank,
    "malformed_json": _malformed_json,
    "utf16_without_bom": _utf16_without_bom,
    "random_bytes": _random_bytes,
    "invalid_utf8": _invalid_utf8,
    "missing": _missing,
    "unsupported_extension": _unsupported_extension,
}


def assert_names_problem(line: str, path: Path, words: tuple[str, ...]) -> None:
    assert str(path) in line, line
    assert any(word.lower() in line.lower() for word in words), (line, words)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_the_good_file_still_counts(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    bad, words = BAD_INPUTS[case](tmp_path)
    good = FIXTURES / "norway-aid.txt"
    run = run_cli("extract", bad, good)
    assert run.code == 1
    assert len(run.err_lines) == 1, run.err
    assert_names_problem(run.err_lines[0], bad, words)
    assert_no_traceback(run)
    assert {r["article"] for r in records_of(run.out)} == {"norway-aid"}


def test_many_bad_inputs_in_a_real_process(run_cli_subprocess: RunCli, tmp_path: Path) -> None:
    bad = {name: make(tmp_path) for name, make in BAD_INPUTS.items()}
    bad_paths = [path for path, _ in bad.values()]
    good_paths = [FIXTURES / name for name in sorted(GOOD)]
    # Bad inputs before, between and after the good ones: none may stop the stream.
    half = len(bad_paths) // 2
    run = run_cli_subprocess("extract", *bad_paths[:half], good_paths[0], *bad_paths[half:], *good_paths[1:])
    assert run.code == 1
    assert_no_traceback(run)
    assert len(run.err_lines) == len(bad_paths), run.err
    for path, words in bad.values():
        [line] = [line for line in run.err_lines if f"{path}:" in line]
        assert_names_problem(line, path, words)
    assert {r["article"] for r in records_of(run.out)} == ALL_GOOD_IDS


def test_bad_line_in_jsonl_is_reported_and_the_other_lines_are_read(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "pol-no-troops", "text": "Poland has ruled out sending troops to Ukraine."}),
        '{"id": "broken", "text": "Estonia will',
        json.dumps({"id": "fin-no-troops", "text": "Finland will not send troops to Ukraine."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("extract", path)
    assert run.code == 1
    assert len(run.err_lines) == 1, run.err
    assert_names_problem(run.err_lines[0], path, ("malformed",))
    assert f"{path}:2" in run.err_lines[0]  # the line number, so the record can be found in a large dump
    assert {r["article"] for r in records_of(run.out)} == {"pol-no-troops", "fin-no-troops"}


@pytest.mark.parametrize("where", ["missing_directory", "is_a_directory"])
def test_unwritable_output_is_one_line_and_exit_one(run_cli: RunCli, tmp_path: Path, where: str) -> None:
    # Tests may run as root, where permission bits do not stop a write: use paths no one can open.
    target = tmp_path / "no-such-dir" / "ledger.jsonl" if where == "missing_directory" else tmp_path
    run = run_cli("extract", FIXTURES / "norway-aid.txt", "--output", target)
    assert run.code == 1
    assert len(run.err_lines) == 1, run.err
    assert str(target) in run.err_lines[0]
    assert_no_traceback(run)


def test_unwritable_output_in_a_real_process(run_cli_subprocess: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "ledger.jsonl"
    run = run_cli_subprocess("extract", FIXTURES / "norway-aid.txt", "-o", target)
    assert run.code == 1
    assert len(run.err_lines) == 1, run.err
    assert str(target) in run.err_lines[0]
    assert_no_traceback(run)
    assert not target.exists()


def test_the_demo_table_fits_120_columns_and_keeps_every_evidence_word(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    monkeypatch.delenv("COLUMNS", raising=False)
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".json"))[:4]
    table = run_cli("extract", *files, "--format", "table")
    assert table.code == 0, table.err
    assert max(cell_len(line) for line in table.out.splitlines()) <= 120
    words = " ".join(table.out.split())
    for record in records_of(run_cli("extract", *files).out):
        assert record["evidence"].split()[-1] in words  # folded onto more lines, never cut off
