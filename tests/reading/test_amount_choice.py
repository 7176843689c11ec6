"""Which figure of a sentence is a position's amount (`reading.amount_choice`).

The units a figure can carry are rules (LEDGER.md rules 5, 12 and 20); which figure is the amount
is learned. The shipped model is asked about sentences of our own that hold more than one figure.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from pledgewatch.extract import parsed
from pledgewatch.model import Amount, Article, Kind, Status
from pledgewatch.reading.amount_choice import (
    AmountChooser,
    FigureRow,
    fit_chooser,
    other_actor_tokens,
    same_figure,
    unit_for,
)
from pledgewatch.reading.model import ModelError, load_model, shipped_model
from pledgewatch.reading.reader import analyse
from pledgewatch.reading.rules.amounts import find_amounts
from pledgewatch.reading.training import figure_choice_scores


def mention(text: str, n: int = 0):
    return find_amounts(text)[n]


def test_a_bare_count_is_people_for_forces_and_items_for_equipment() -> None:
    count = mention("They will deploy 1,495 members of the defence force.")
    assert count.unit == ""
    assert unit_for(count, Kind.TROOPS, "ZAF") == "troops"
    assert unit_for(count, Kind.TRAINING, "ZAF") == "troops"
    assert unit_for(count, Kind.MILITARY_AID, "ZAF") == "items"
    assert unit_for(count, Kind.GUARANTEE, "ZAF") is None


def test_troops_training_and_monitoring_count_people_only() -> None:
    cost = mention("The deployment will cost 2 billion rand over a year.")
    assert cost.is_money
    assert unit_for(cost, Kind.TROOPS, "ZAF") is None
    assert unit_for(cost, Kind.TRAINING, "ZAF") is None
    assert unit_for(cost, Kind.BORDER, "ZAF") == "ZAR"
    planes = mention("Britain offered two C-17 transport planes.")
    assert planes.unit == "items" and unit_for(planes, Kind.TROOPS, "GBR") is None


def test_a_year_a_bare_percent_and_a_bare_dollar_take_the_units_the_ledger_gives_them() -> None:
    assert unit_for(mention("The mission runs until 2027."), Kind.TROOPS, "FRA") is None
    share = mention("Spain will spend 2 percent on defence.")
    assert unit_for(share, Kind.SPENDING_TARGET, "ESP") == "percent_gdp"
    assert unit_for(share, Kind.MILITARY_AID, "ESP") is None
    dollars = mention("Ottawa will give $500 million.")
    assert unit_for(dollars, Kind.MILITARY_AID, "CAN") == "CAD"
    assert unit_for(dollars, Kind.MILITARY_AID, "DEU") == "USD"


def test_figures_are_equal_within_the_scorers_tolerance() -> None:
    assert same_figure(Amount(1_000_000, "troops"), Amount(1_005_000, "TROOPS"))
    assert not same_figure(Amount(1_000_000, "EUR"), Amount(1_020_000, "EUR"))
    assert not same_figure(Amount(1_000_000, "EUR"), Amount(1_000_000, "USD"))


def choice(text: str, actor: str, kind: Kind, status: Status = Status.COMMITTED) -> Amount | None:
    ((article, doc),) = parsed([Article(id="t", text=text)], fast=False)
    analysis = analyse(doc, article)
    cand = next(c for c in analysis.candidates if c.actor == actor)
    others = other_actor_tokens(cand, [c for c in analysis.candidates if c.sent.start == cand.sent.start])
    return shipped_model().amounts.choose(cand, kind, status, others)


def test_the_package_not_its_conversion() -> None:
    amount = choice(
        "Sweden will give Ukraine 16 billion kronor (1.5 billion euros) in new military aid.", "SWE", Kind.MILITARY_AID
    )
    assert amount is not None and (amount.value, amount.unit) == (16e9, "SEK")


def test_each_giver_takes_the_figure_beside_its_own_name() -> None:
    text = "Ethiopia has 6,662 peacekeepers in the mission, while Rwanda has 6,322 peacekeepers there."
    rwanda = choice(text, "RWA", Kind.TROOPS, Status.DELIVERED)
    ethiopia = choice(text, "ETH", Kind.TROOPS, Status.DELIVERED)
    assert rwanda is not None and (rwanda.value, rwanda.unit) == (6322, "troops")
    assert ethiopia is not None and (ethiopia.value, ethiopia.unit) == (6662, "troops")


def test_a_date_is_no_amount() -> None:
    assert choice("On 12 March 2024 Norway said it would send frigates to the Red Sea.", "NOR", Kind.NAVAL) is None


def rows(*groups: list[tuple[list[str], bool]]) -> list[FigureRow]:
    return [FigureRow(features, is_amount, str(n)) for n, group in enumerate(groups) for features, is_amount in group]


def test_the_chooser_learns_which_words_mark_the_amount_and_scores_its_choices() -> None:
    training = rows(
        *[[(["bias", "w-1=worth"], True), (["bias", "in_brackets"], False)] for _ in range(20)],
        *[[(["bias", "w-1=since"], False)] for _ in range(20)],
    )
    chooser = fit_chooser(training, threshold=0.5)
    assert chooser.probability(["bias", "w-1=worth"]) > 0.5 > chooser.probability(["bias", "in_brackets"])
    assert chooser.probability(["bias", "w-1=since"]) < 0.5
    assert AmountChooser.from_json(chooser.to_json()) == chooser
    scores = figure_choice_scores(chooser, training)
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0 and scores["sentences"] == 40
    wrong = figure_choice_scores(AmountChooser({"in_brackets": 5.0}, 0.5), training)
    assert wrong["precision"] == 0.0 and wrong["recall"] == 0.0


def test_with_nothing_to_learn_the_chooser_gives_no_figure() -> None:
    chooser = fit_chooser(rows([(["bias"], False)], [(["bias"], False)]))
    assert chooser.probability(["bias"]) < chooser.threshold


@pytest.mark.parametrize("broken", [{"threshold": 0.5}, {"threshold": 0.5, "weights": [1, 2]}])
def test_broken_figure_weights_are_refused(broken: dict[str, object]) -> None:
    with pytest.raises((KeyError, ValueError)):
        AmountChooser.from_json(broken)


def test_weights_with_a_broken_figure_model_are_one_clear_error(tmp_path: Path) -> None:
    root = resources.files("pledgewatch.reading.weights")
    for name in ("reader.json", "reader.npz"):
        with resources.as_file(root.joinpath(name)) as path:
            shutil.copy(path, tmp_path / name)
    meta = json.loads((tmp_path / "reader.json").read_text("utf-8"))
    meta["amounts"] = {"threshold": "high", "weights": {}}
    (tmp_path / "reader.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match=r"figure model's weights cannot be read .*run `make train`"):
        load_model(tmp_path)
