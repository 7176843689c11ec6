"""Donor totals that add up: packages once, components never beside them, running totals shown apart.

A test ledger of articles written for this test, on SQLite and (when configured) PostgreSQL; the
totals are what `pledgewatch report`, the HTML report and the web matrix show.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import pytest
from ledger_builders import article, record, story_text

from pledgewatch.ledger import Ledger
from pledgewatch.model import Amount
from pledgewatch.report.aid import aid_totals
from pledgewatch.report.data import money

PACKAGE = (
    "Canada will provide a military aid package worth two billion Canadian dollars to Ukraine. Of this, "
    "835 million will buy armoured vehicles and 680 million ammunition."
)
TALLY = "Canada has committed 4.5 billion Canadian dollars in military aid to Ukraine since 2022."


def store(ledger: Ledger, art: str, text: str, records: list, published: str | None = "2025-08-25") -> None:
    ledger.store(article(art, f"{text}\n\n{story_text(art)}", published=published), records)


def test_a_package_its_components_and_a_running_total_sum_only_the_package(ledger: Ledger) -> None:
    store(
        ledger,
        "package",
        PACKAGE,
        [
            record("package", value=2e9, evidence=PACKAGE),
            record("package", value=835e6, part_of=0, evidence=PACKAGE),
            record("package", value=680e6, part_of=0, evidence=PACKAGE),
            replace(record("package", value=4.5e9, evidence=TALLY), running_total=True),
        ],
    )
    (can,) = aid_totals(ledger.commitments())
    package_usd = next(c.amount_usd for c in ledger.commitments() if not c.running_total)
    assert package_usd is not None and 1.4e9 < package_usd < 1.5e9
    assert can.usd == package_usd and can.packages == 1  # not + components, not + the 4.5 billion tally
    assert can.of("military", "committed") == package_usd and can.delivered == 0
    (tally,) = can.reported
    assert tally.amount == Amount(4.5e9, "CAD") and tally.usd is not None and 3.2e9 < tally.usd < 3.4e9
    assert tally.usd == can.reported_usd


def test_the_running_total_is_a_commitment_of_its_own_never_a_package(ledger: Ledger) -> None:
    store(ledger, "tally", TALLY, [replace(record("tally", value=4.5e9, evidence=TALLY), running_total=True)])
    store(ledger, "pkg", PACKAGE, [record("pkg", value=4.5e9, evidence=PACKAGE)], published="2025-08-26")
    found = ledger.commitments(actor="CAN")
    assert sorted((c.running_total, c.key.endswith("|total")) for c in found) == [(False, False), (True, True)]
    (stored,) = [r for r in ledger.records() if r["article"] == "tally"]
    assert stored["amount_value"] == 4.5e9


def test_kiel_categories_and_statuses_split_the_money(ledger: Ledger) -> None:
    texts = {
        "mil": ("military_aid", "delivered", 100e6, "USD"),
        "fin": ("financial_aid", "committed", 200e6, "USD"),
        "hum": ("humanitarian_aid", "committed", 30e6, "USD"),
        "rec": ("reconstruction", "delivered", 20e6, "USD"),
        "cond": ("military_aid", "conditional", 900e6, "USD"),
        "maybe": ("military_aid", "considering", 800e6, "USD"),
    }
    for art, (kind, status, value, unit) in texts.items():
        sentence = f"Norway {status} {value:.0f} {unit} of {kind} for Ukraine ({art})."
        store(ledger, art, sentence, [record(art, "NOR", kind, status, value=value, unit=unit, evidence=sentence)])
    (nor,) = aid_totals(ledger.commitments())
    assert nor.of("military") == 100e6 and nor.of("military", "delivered") == 100e6
    assert nor.of("financial", "committed") == 200e6
    assert nor.of("humanitarian") == 50e6 and nor.of("humanitarian", "delivered") == 20e6
    assert nor.usd == 350e6 and nor.delivered == 120e6
    assert nor.not_given == 2  # conditional and considered money is counted apart, never as given


def test_an_undated_package_is_listed_as_unconverted_not_left_out(ledger: Ledger) -> None:
    sentence = "Denmark will give 500 million Danish kroner of military aid to Ukraine."
    store(ledger, "undated", sentence, [record("undated", "DNK", value=500e6, unit="DKK", evidence=sentence)], None)
    (dnk,) = aid_totals(ledger.commitments())
    assert dnk.usd == 0 and dnk.packages == 0
    assert [c.amount for c in dnk.unconverted] == [Amount(500e6, "DKK")]


def test_the_report_shows_the_reported_total_beside_the_packages_sum(
    ledger: Ledger, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pledgewatch.report import load_view, render_html, render_terminal

    test_a_package_its_components_and_a_running_total_sum_only_the_package(ledger)
    view = load_view(ledger)
    (can,) = view.aid
    html = render_html(view).split('id="aid"')[1].split("</table>")[0]
    row = html.split("Canada (CAN)")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    # military, financial, humanitarian, delivered, total USD, total EUR, reported total, packages, sources
    assert cells[0] == cells[4] == money(can.usd) and cells[6] == money(can.reported_usd) and cells[7] == "1"
    monkeypatch.setenv("COLUMNS", "100")
    render_terminal(view, sys.stdout)
    out = capsys.readouterr().out
    aid = out.split("Aid per donor")[1].split("Latest changes")[0]
    assert money(can.usd) in aid and money(can.reported_usd) in aid
    assert money(can.usd + (can.reported_usd or 0)) not in out  # never summed


def test_commitments_say_which_is_a_running_total_in_jsonl(ledger: Ledger, db_url: str, run_cli: object) -> None:
    test_the_running_total_is_a_commitment_of_its_own_never_a_package(ledger)
    result = run_cli("commitments", "--actor", "Canada", "--format", "jsonl", "--db", db_url)  # type: ignore[operator]
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert sorted((r["running_total"], r["key"].endswith("|total")) for r in rows) == [(False, False), (True, True)]
