"""Terminal views show the news literally and never obey it; the extract table streams.

Rich reads `[...]` as markup and a terminal obeys escape sequences, so a sentence holding "[/i]"
used to abort `extract --format table`, "[bold red]" vanished into a style, and an article could
clear the screen or retitle the window. Every terminal view (the extract table, `report`, the
`commitments`, `history` and `checks` tables) must print such text as it is, without the escapes.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pledgewatch import cli
from pledgewatch.ledger import Ledger
from pledgewatch.model import Amount, Article, Check, Kind, Record, Status
from pledgewatch.terminal_text import clean, safe

if TYPE_CHECKING:
    from conftest import RunCli

CLEAR, TITLE, RED = "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m"
ARTICLE = (
    "Norway pledged 500 million kroner in military aid to Ukraine, which [bold red] the minister called [/i] "
    f"a large package {CLEAR}for the army {TITLE}and its air defence.\n"
)


def assert_literal_and_inert(text: str, *literal: str) -> None:
    for piece in literal:
        assert piece in text, f"{piece!r} is not shown as it is"
    for byte in ("\x1b", "\x07", "\x9b"):
        assert byte not in text, f"{byte!r} reached the terminal"


def test_clean_drops_escapes_and_controls_and_safe_escapes_markup() -> None:
    assert clean(f"a{CLEAR}b{TITLE}c{RED}d\x00e\x7ff\u202eg\nh") == "abcdefg h"
    assert safe("[bold red]x[/i]") == "\\[bold red]x\\[/i]"


def test_extract_table_shows_markup_and_drops_escapes(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "n[bold red]x.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    run = run_cli("extract", source, "--format", "table")
    assert run.code == 0, run.err
    assert "NOR" in run.out and "1 records" in run.out
    assert_literal_and_inert(run.out, "[bold red]", "[/i]", "n[bold red]x")


@pytest.fixture
def hostile_ledger(tmp_path: Path) -> Iterator[str]:
    """A ledger whose actor, recipient, article id and check message carry markup and escapes."""
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    text = "Zedland pledged troops to Ukraine. " + " ".join(f"w{i}" for i in range(60))
    art = Article(
        id=f"a[/i]{CLEAR}",
        text=text,
        raw_text=text,
        outlet=f"[bold red]Wire{TITLE}",
        published="2025-08-25",
        source="hostile.json",
        checks=(Check("date_conflict", f"{RED}[bold red]dates[/i] disagree", f"a[/i]{CLEAR}"),),
    )
    rec = Record(
        article=art.id,
        actor="ZZ[/I]",
        kind=Kind.TROOPS,
        status=Status.COMMITTED,
        evidence="Zedland pledged troops to Ukraine.",
        evidence_start=0,
        evidence_end=34,
        recipient=f"[RED]{RED}",
        amount=Amount(300, "troops"),
    )
    by_a_known_actor = replace(rec, actor="CAN")  # `history` takes only actors it can name (pledgewatch.names)
    with Ledger(url) as led:
        assert led.store(art, [rec, by_a_known_actor]).new == 1
    yield url


@pytest.mark.parametrize(
    "command",
    [["commitments"], ["history", "CAN"], ["checks"], ["report"]],
    ids=["commitments", "history", "checks", "report"],
)
def test_ledger_views_show_markup_and_drop_escapes(run_cli: RunCli, hostile_ledger: str, command: list[str]) -> None:
    run = run_cli(*command, "--db", hostile_ledger)
    assert run.code == 0, run.err
    literal = {"checks": ("a[/i]", "[bold red]dates[/i] disagree"), "history": ("Canada (CAN)", "[RED]")}
    expected = literal.get(command[0], ("ZZ[/I]", "[RED]"))
    assert_literal_and_inert(run.out, *expected)


def fake_stream(n: int, out: io.StringIO, seen: list[int], alive: list[int]) -> Iterator[tuple[Article, list[Record]]]:
    """n articles of three records each, from a stand-in reader (the model is not what is measured here).

    Before each article it notes whether the previous one is printed already (`seen`) and how many
    records of articles before the previous one are still held by anybody (`alive`): a table that
    collects its rows keeps them all until the end.
    """
    refs: list[weakref.ref[Record]] = []
    for i in range(n):
        if i:
            seen.append(int(f"art-{i - 1:05d}" in out.getvalue()))
            alive.append(sum(ref() is not None for ref in refs[: 3 * (i - 1)]))
        evidence = f"Freedonia will send {i} troops to Ukraine, the defence minister told parliament on Monday."
        art = Article(id=f"art-{i:05d}", text=evidence, raw_text=evidence, source=f"art-{i:05d}.txt")
        recs = [
            Record(
                art.id, "FRD", Kind.TROOPS, Status.COMMITTED, evidence, 0, len(evidence), "UKR", Amount(200, "troops")
            )
            for _ in range(3)
        ]
        refs.extend(weakref.ref(r) for r in recs)
        yield art, recs


def test_extract_table_prints_each_article_before_reading_the_next_and_keeps_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, seen, alive = io.StringIO(), [], []  # type: ignore[var-annotated]
    monkeypatch.setattr(cli, "extract_stream", lambda _articles, *_args, **_kw: fake_stream(200, out, seen, alive))
    assert cli.run_extract([], "table", out) == 0
    assert seen == [1] * 199, "rows were held back instead of printed"
    assert set(alive) == {0}, f"up to {max(alive)} records of earlier articles still held"
    assert "600 records" in out.getvalue()
