"""The rule of LEDGER.md every record must keep, whoever drafted it, and the running-total flag."""

from __future__ import annotations

import pytest

from pledgewatch.model import Kind, Record, Status
from pledgewatch.reading.admission import admissible
from pledgewatch.reading.running_totals import is_running_total


def record(text: str, sentence: str, kind: Kind, status: Status = Status.COMMITTED, **extra: object) -> Record:
    start = text.index(sentence)
    return Record(
        article="t", actor="ESP", kind=kind, status=status, evidence=sentence,
        evidence_start=start, evidence_end=start + len(sentence), **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_share_of_gdp_is_a_spending_target_only_about_defence() -> None:
    health = "Spain will raise health spending to 7 percent of GDP next year."
    assert not admissible(record(health, health, Kind.SPENDING_TARGET), health)
    defence = "Spain will raise defence spending to 2.1 percent of GDP."
    assert admissible(record(defence, defence, Kind.SPENDING_TARGET), defence)


def test_the_defence_word_may_stand_in_the_sentences_before() -> None:
    text = "NATO leaders met in The Hague to discuss the alliance's budgets. Spain said it would reach 2.1 percent."
    sentence = "Spain said it would reach 2.1 percent."
    assert admissible(record(text, sentence, Kind.SPENDING_TARGET), text)


def test_other_kinds_are_left_to_the_model() -> None:
    text = "Spain announced a 400 million euro aid package."
    assert admissible(record(text, text, Kind.HUMANITARIAN_AID), text)
    assert admissible(record(text, text, Kind.GUARANTEE), text)


@pytest.mark.parametrize(
    ("sentence", "running"),
    [
        ("Germany has provided 12 billion euros in military aid since 2022.", True),
        ("Norway's aid to date amounts to 50 billion kroner.", True),
        ("In total, Canada has committed 4.5 billion dollars.", True),
        ("This brings the total of Danish aid to 60 billion kroner.", True),
        ("Germany will provide a new 2 billion euro package.", False),
        ("It is Canada's largest single package since the war began.", False),
        ("Japan has also given Ukraine 4 billion dollars since the invasion.", True),
        ("The package includes tanks and ammunition worth 500 million dollars.", False),
    ],
)
def test_running_totals_are_told_from_new_packages(sentence: str, running: bool) -> None:
    assert is_running_total(sentence) is running
