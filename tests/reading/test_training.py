"""Training end to end on a tiny annotated folder of our own (a subset of the example corpus).

The model learned from eight articles is no good reader; what is tested is the machinery: the folder
is read, candidates are labelled, cross-validation and calibration run, the weights are written as
arrays and JSON that load without running code, training twice gives the same weights, and the
written model reads the articles it was trained on back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pledgewatch.extract import extract_many
from pledgewatch.model import Article
from pledgewatch.reading import training
from pledgewatch.reading.embedding import DIMENSIONS
from pledgewatch.reading.model import ModelError, load_model
from pledgewatch.reading.reader import read_article

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "example_eval"
SUBSET = 10


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny") / "set"
    (folder / "articles").mkdir(parents=True)
    chosen = sorted((EXAMPLES / "articles").glob("*.json"))[:SUBSET]
    for path in chosen:
        shutil.copy(path, folder / "articles" / path.name)
    ids = {p.stem for p in chosen}
    gold = [line for line in (EXAMPLES / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    kept = [line for line in gold if json.loads(line)["article"] in ids]
    (folder / "gold.jsonl").write_text("\n".join(kept) + "\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def trained(tiny_set: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("weights")
    training.train([tiny_set], out)
    return out


def test_training_writes_weights_that_load_without_code(trained: Path) -> None:
    assert sorted(p.name for p in trained.iterdir()) == ["reader.json", "reader.npz"]
    with np.load(trained / "reader.npz", allow_pickle=False) as arrays:
        assert set(arrays.files) == {
            "kind_coef", "kind_intercept", "status_coef", "status_intercept",
            "dense_shift", "dense_scale", "kind_dense", "status_dense",
        }  # fmt: skip
    model = load_model(trained)
    assert model.kind_coef.shape == (13, len(model.vocabulary))
    assert model.status_coef.shape == (6, len(model.vocabulary))
    width = 4 * DIMENSIONS  # the meaning vectors of the sentence, the actor's words, the cue's words, the article
    assert model.kind_dense.shape == (13, width) and model.status_dense.shape == (6, width)
    assert model.dense.shift.shape == model.dense.scale.shape == (width,)
    assert np.abs(model.kind_dense).sum() > 0, "the dense columns were not learned from"
    card = model.card
    assert card["articles"] == SUBSET
    assert card["cross_validation"]["folds"] == 5
    assert 0.0 <= card["cross_validation"]["positions_f1_mean"] <= 1.0
    assert 0.1 <= model.threshold <= 0.8
    assert model.amounts.weights, "the figure model was not learned from the gold sentences"
    assert model.amounts.threshold == training.AMOUNT_THRESHOLD
    assert 0.0 <= card["cross_validation"]["figure_choice"]["f1_mean"] <= 1.0


def test_training_is_reproducible(tiny_set: Path, trained: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    training.train([tiny_set], again, folds=False)
    first, second = load_model(trained), load_model(again)
    assert first.vocabulary == second.vocabulary
    np.testing.assert_array_equal(first.kind_coef, second.kind_coef)
    np.testing.assert_array_equal(first.status_coef, second.status_coef)
    np.testing.assert_array_equal(first.kind_dense, second.kind_dense)
    np.testing.assert_array_equal(first.dense.scale, second.dense.scale)
    assert first.amounts == second.amounts


def test_the_trained_model_reads_its_training_articles_back(tiny_set: Path, trained: Path) -> None:
    from pledgewatch.extract import parsed

    model = load_model(trained)
    gold = [json.loads(line) for line in (tiny_set / "gold.jsonl").read_text("utf-8").splitlines()]
    wanted = {(g["article"], g["actor"], g["kind"], g["status"]) for g in gold if not g.get("optional")}
    articles = [
        Article(id=p.stem, text=json.loads(p.read_text("utf-8"))["text"]) for p in (tiny_set / "articles").iterdir()
    ]
    found = set()
    for article, doc in parsed(articles):
        if doc is not None:
            found |= {(r.article, r.actor, str(r.kind), str(r.status)) for r in read_article(doc, article, model)}
    # A linear model fitted on ten articles reproduces most of what it was shown.
    assert len(found & wanted) >= 0.6 * len(wanted), sorted(wanted - found)


def test_every_record_carries_a_confidence_and_the_floor_filters(tiny_set: Path) -> None:
    path = sorted((tiny_set / "articles").glob("*.json"))[0]
    article = Article(id=path.stem, text=json.loads(path.read_text("utf-8"))["text"])
    ((_, records),) = extract_many([article])
    assert records, "the shipped model reads nothing in an article full of positions"
    assert all(r.confidence is not None and 0.0 <= r.confidence <= 1.0 for r in records)
    ((_, confident),) = extract_many([article], min_confidence=0.99)
    assert all(r.confidence >= 0.99 for r in confident)
    assert len(confident) <= len(records)
    for record in confident:
        assert record.part_of is None or record.part_of < len(confident)


def test_a_missing_training_folder_is_one_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "corpus" / "train"
    with pytest.raises(training.TrainingError, match=r"corpus/train: no such folder"):
        training.load_annotated(missing)
    assert training.main([str(missing), "--out", str(tmp_path / "w")]) == 2


def test_weights_of_an_older_format_ask_for_training(trained: Path, tmp_path: Path) -> None:
    meta = json.loads((trained / "reader.json").read_text("utf-8"))
    meta["format"] = 1
    (tmp_path / "reader.json").write_text(json.dumps(meta), "utf-8")
    shutil.copy(trained / "reader.npz", tmp_path / "reader.npz")
    with pytest.raises(ModelError, match=r"format 1, not 3; run `make train`"):
        load_model(tmp_path)


def test_broken_weights_are_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "reader.json").write_text("{not json", "utf-8")
    np.savez(tmp_path / "reader.npz", kind_coef=np.zeros(1))
    with pytest.raises(ModelError, match="cannot be read"):
        load_model(tmp_path)


def test_explain_prints_the_heaviest_features_of_a_kind(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pledgewatch.reading import explain

    assert explain.main(["--weights", str(trained), "--kind", "military_aid", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "== kind military_aid"
    weights = [float(line.split()[0]) for line in lines[1:7]]
    assert weights[:3] == sorted(weights[:3], reverse=True) and weights[0] > 0 > weights[-1]
    assert lines[7].startswith("  meaning columns: 1024, weight norm ") and len(lines) == 8


def test_reviewed_corrections_are_training_data(tiny_set: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.jsonl"
    rows = [
        {"article": "n1", "actor": "NOR", "kind": "naval", "status": "committed", "recipient": None,
         "evidence": "Norway will send two frigates to the Red Sea mission."},
        {"article": "n1", "actor": "DNK", "kind": "naval", "status": "ruled_out", "recipient": None,
         "evidence": "Denmark said it would not send a ship."},
        {"article": "n2", "actor": "FIN", "kind": "training", "status": "delivered", "recipient": "UKR",
         "evidence": "Finland has trained 3,000 Ukrainian soldiers."},
    ]  # fmt: skip
    corrections.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    loaded = training.load_corrections(corrections)
    assert [a.id for a, _ in loaded] == ["correction:n1", "correction:n2"]
    assert loaded[0][0].text == rows[0]["evidence"] + "\n\n" + rows[1]["evidence"]
    assert len(loaded[0][1]) == 2
    model = training.train([tiny_set, corrections], tmp_path / "w", folds=False)
    assert model.card["articles"] == SUBSET + 2


def test_a_broken_corrections_file_names_its_line(tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text('{"article": "a", "evidence": "x"}\nnot json\n', "utf-8")
    with pytest.raises(training.TrainingError, match=r"corrections.jsonl:2: not a corrected record"):
        training.load_corrections(corrections)
