"""Names people use on the command line: codes, names and demonyms resolve; a name that is nothing is exit 2.

The ledger is built from records written for this test (no NLP model), then queried through
`pledgewatch.cli.main` as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ledger_builders import article, record, story_text

from pledgewatch.ledger import Ledger

if TYPE_CHECKING:
    from conftest import RunCli


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'names.db'}"
    items = {
        "can-aid": record("can-aid", value=5e8, evidence="Canada pledged 500 million dollars to Ukraine."),
        "nato-lva": record("nato-lva", "NATO", "troops", "delivered", "LVA", evidence="NATO troops are in Latvia."),
        "gbr-ukr": record("gbr-ukr", "GBR", "training", "delivered", "UKR", evidence="Britain trains Ukrainians."),
    }
    with Ledger(url) as ledger:
        for art, rec in items.items():
            ledger.store(article(art, f"{rec.evidence}\n\n{story_text(art)}"), [rec])
    return url


def keys(run_cli: RunCli, db: str, *args: str) -> list[str]:
    result = run_cli("commitments", "--format", "jsonl", "--db", db, *args)
    assert result.code == 0, result.err
    return [json.loads(line)["key"] for line in result.out.splitlines()]


@pytest.mark.parametrize("name", ["CAN", "can", "Canada", "canada", "Canadian"])
def test_actor_by_code_name_or_demonym(run_cli: RunCli, db: str, name: str) -> None:
    assert [k.split("|")[0] for k in keys(run_cli, db, "--actor", name)] == ["CAN"]


@pytest.mark.parametrize(("name", "actors"), [("Ukraine", {"CAN", "GBR"}), ("Latvia", {"NATO"}), ("lva", {"NATO"})])
def test_recipient_by_name(run_cli: RunCli, db: str, name: str, actors: set[str]) -> None:
    assert {k.split("|")[0] for k in keys(run_cli, db, "--recipient", name)} == actors


def test_history_takes_a_name_and_shows_names_beside_codes(run_cli: RunCli, db: str) -> None:
    result = run_cli("history", "United Kingdom", "--db", db)
    assert result.code == 0, result.err
    assert "United Kingdom (GBR) training -> Ukraine (UKR)" in result.out
    table = run_cli("commitments", "--db", db, "--actor", "NATO")
    assert "North Atlantic Treaty Organization (NATO)" in table.out and "Latvia (LVA)" in table.out


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("commitments", "--actor", "Narnia"), "unknown actor 'Narnia'"),
        (("commitments", "--recipient", "Ukrane"), "unknown recipient 'Ukrane'"),
        (("history", "Canadia"), "did you mean 'Canada (CAN)'"),
        (("checks", "--code", "sum_mismatch"), "check code 'sum_mismatch' does not exist"),
        (("commitments", "--since", "25/08/2025"), "not a date (YYYY-MM-DD)"),
        (("report", "--recipient", "Atlantis"), "unknown recipient 'Atlantis'"),
    ],
)
def test_a_name_or_value_that_is_nothing_is_exit_2_with_one_line(
    run_cli: RunCli, db: str, args: tuple[str, ...], problem: str
) -> None:
    result = run_cli(*args, "--db", db)
    assert result.code == 2
    assert problem in result.err and result.out == ""
    assert len([line for line in result.err.splitlines() if problem in line]) == 1
