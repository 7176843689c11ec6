"""The Python API: `extract` on clear-cut sentences, `extract_many` as a stream, `Record.to_json`.

The sentences are ones any reader of LEDGER.md would annotate the same way; borderline readings
belong in the evaluation set, not here, so a failure below is a bug and not a matter of taste.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterator

import pytest

import pledgewatch
from pledgewatch import Amount, Article, Kind, Record, Status

# sentence -> the (actor, kind, status) positions it states, and the amount of each where it has one
CLEAR_CUT: dict[str, dict[tuple[str, str, str], Amount | None]] = {
    "Poland has ruled out sending troops to Ukraine.": {("POL", "troops", "ruled_out"): None},
    "Germany has ruled out sending ground troops to Ukraine.": {("DEU", "troops", "ruled_out"): None},
    "Finland will not send troops to Ukraine.": {("FIN", "troops", "ruled_out"): None},
    "France is considering sending troops to Ukraine.": {("FRA", "troops", "considering"): None},
    "Canada could send troops to Ukraine once the war ends.": {("CAN", "troops", "conditional"): None},
    "Canada is ready to send troops to Ukraine if a ceasefire is agreed.": {("CAN", "troops", "conditional"): None},
    "Zelensky has pushed for binding security guarantees.": {("UKR", "guarantee", "requested"): None},
    "Canada announced a military aid package worth 500 million Canadian dollars for Ukraine.": {
        ("CAN", "military_aid", "committed"): Amount(500_000_000, "CAD"),
    },
    "Norway will provide 500 million kroner in military aid to Ukraine, Defence Minister Bjorn Arild Gram said.": {
        ("NOR", "military_aid", "committed"): Amount(500_000_000, "NOK"),
    },
    "Australia announced a military aid package worth $100 million for Ukraine.": {
        ("AUS", "military_aid", "committed"): Amount(100_000_000, "AUD"),  # a bare $ is the announcer's dollar
    },
    "Germany will deliver 30 Leopard tanks to Ukraine.": {("DEU", "military_aid", "committed"): Amount(30, "items")},
    "Sweden pledged 300 million kronor in humanitarian aid for Ukraine.": {
        ("SWE", "humanitarian_aid", "committed"): Amount(300_000_000, "SEK"),
    },
    "The European Union approved a loan of 50 billion euros for Ukraine's budget.": {
        ("EU", "financial_aid", "committed"): Amount(50_000_000_000, "EUR"),
    },
    "Ottawa will provide 200 million Canadian dollars for reconstruction in Ukraine.": {
        ("CAN", "reconstruction", "committed"): Amount(200_000_000, "CAD"),
    },
    "Japan now spends 1.6 percent of GDP on defence.": {
        ("JPN", "spending_target", "delivered"): Amount(1.6, "percent_gdp"),
    },
    "Estonia pledged to quadruple its defence spending by 2030.": {
        ("EST", "spending_target", "committed"): Amount(4, "multiplier"),
    },
    "Britain has trained more than 45,000 Ukrainian soldiers since 2022.": {
        ("GBR", "training", "delivered"): Amount(45_000, "troops", approx=True),
    },
    "Romania offered to host a logistics hub for Ukraine.": {("ROU", "logistics", "committed"): None},
    "The OSCE will send observers to monitor the ceasefire.": {("OSCE", "monitoring", "committed"): None},
}


def positions(records: list[Record]) -> dict[tuple[str, str, str], Amount | None]:
    return {(r.actor, str(r.kind), str(r.status)): r.amount for r in records}


@pytest.mark.parametrize("sentence", list(CLEAR_CUT))
def test_extract_clear_cut_sentence(sentence: str) -> None:
    records = pledgewatch.extract(sentence)
    assert positions(records) == CLEAR_CUT[sentence], [r.to_json() for r in records]
    for record in records:
        assert record.evidence == sentence
        assert sentence[record.evidence_start : record.evidence_end] == record.evidence


def test_extract_fills_years_recipient_and_condition() -> None:
    [target] = pledgewatch.extract("NATO allies agreed to spend 5 percent of GDP on defence by 2035.")
    assert (target.actor, target.kind, target.status) == ("NATO", Kind.SPENDING_TARGET, Status.COMMITTED)
    assert target.amount == Amount(5, "percent_gdp")
    assert target.target_year == 2035
    assert target.recipient is None  # LEDGER.md: a spending target has no recipient

    [training] = pledgewatch.extract("Canada has trained more than 40,000 Ukrainian soldiers since 2015.")
    assert training.since_year == 2015

    [offer] = pledgewatch.extract("Canada could send troops to Ukraine once the war ends.")
    assert offer.recipient == "UKR"
    assert offer.condition is not None and "once the war ends" in offer.condition


def test_extract_finds_nothing_in_text_without_positions() -> None:
    assert pledgewatch.extract("The football final ended two-one after extra time in Munich.") == []


def test_extract_accepts_an_article_and_keeps_its_id() -> None:
    article = Article(id="fin-001", text="Finland will not send troops to Ukraine.")
    [record] = pledgewatch.extract(article)
    assert record.article == "fin-001"
    assert (record.actor, record.kind, record.status) == ("FIN", Kind.TROOPS, Status.RULED_OUT)


def test_extract_many_is_a_lazy_stream() -> None:
    pulled: list[int] = []

    def endless() -> Iterator[Article]:
        """A feed that never ends: only a stream can give a first result from it."""
        for n in itertools.count():
            pulled.append(n)
            yield Article(id=f"a{n}", text="Poland has ruled out sending troops to Ukraine.")

    stream = pledgewatch.extract_many(endless())
    assert inspect.isgenerator(stream)
    assert pulled == []  # nothing is read before the caller asks for a result
    first_article, first_records = next(stream)
    assert first_article.id == "a0"
    assert [(r.actor, r.kind, r.status) for r in first_records] == [("POL", Kind.TROOPS, Status.RULED_OUT)]
    assert len(pulled) <= 256  # at most a batch or so was read ahead
    second_article, _ = next(stream)
    assert second_article.id == "a1"


def test_extract_many_yields_cleaned_articles_in_order() -> None:
    texts = [f"Finland will not send troops to Ukraine. Note {n}." for n in range(5)]
    results = list(pledgewatch.extract_many(Article(id=str(n), text=t) for n, t in enumerate(texts)))
    assert [a.id for a, _ in results] == ["0", "1", "2", "3", "4"]
    assert all(records for _, records in results)


def test_record_to_json_has_the_ledger_fields() -> None:
    [record] = pledgewatch.extract(
        "Canada announced a military aid package worth 500 million Canadian dollars for Ukraine."
    )
    data = record.to_json()
    assert list(data) == [
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
        "evidence_start",
        "evidence_end",
        "confidence",
        "running_total",
    ]
    assert data["kind"] == "military_aid" and type(data["kind"]) is str
    assert data["status"] == "committed" and type(data["status"]) is str
    assert data["amount"] == {"value": 500_000_000, "unit": "CAD", "approx": False}
    assert type(data["amount"]["value"]) is int  # whole numbers are written as people write them


def test_range_amount_json_adds_low_and_high() -> None:
    amount = Amount(1800, "troops", approx=True, low=1700, high=1900)
    assert amount.to_json() == {"value": 1800, "unit": "troops", "approx": True, "low": 1700, "high": 1900}
