"""Training the reader's decisions from annotated articles (`make train`).

An annotated folder holds `articles/*.json` and `gold.jsonl` in the shape of LEDGER.md (the layout
of `../shared/corpus/train` and `../shared/eval/dev`). Every article is parsed exactly as
`pledgewatch extract` parses it, analysed (`reader.analyse`: rule records, candidates, features)
and each (candidate, kind) labelled from the gold records whose evidence lies in its sentence:

- a position where a gold record of that actor and kind has its evidence in the sentence (its
  statuses are the status model's examples; optional gold records count too);
- no position where the article holds no gold record of that actor and kind;
- left out where the article states that actor and kind in another sentence: such a sentence may
  restate the position, and the gold names only the first.

Hyper-parameters were chosen by cross-validation on the training corpus; 5-fold cross-validation
grouped by article (`GroupKFold`, no article on both sides) gives the figures in the model card,
the isotonic calibration of the confidence and the threshold (the one with the best cross-validated
F1 of positions). The figure model (`amount_choice`) learns from the same gold sentences which of
their figures is the record's amount, and is cross-validated over the same folds. The final models
are fitted on everything. Everything is deterministic: the folds
are fixed by article order, the solver (L-BFGS) has no randomness, and the seed is fixed anyway.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from pledgewatch.model import Amount, Article, Kind, Status
from pledgewatch.reading.amount_choice import AmountChooser, FigureRow, figure_rows, fit_chooser, other_actor_tokens
from pledgewatch.reading.embedding import DIMENSIONS, CandidateVectors
from pledgewatch.reading.model import KINDS, STATUSES, Calibration, DenseScaling, ReaderModel, status_features
from pledgewatch.reading.reader import KIND_FLOOR, Analysis, analyse

SEED = 20261205
KIND_C = (
    1.0  # inverse L2 strength of the kind models (chosen by cross-validation on train/: 0.3 -> 0.473, 1.0 -> 0.480)
)
STATUS_C = 1.0
# The dense meaning columns are standardised, then scaled by this, so that under the same L2 penalty
# they weigh like a fraction of a named feature. Cross-validated F1 of positions on train/ + dev with
# sentence, actor and cue: 0.1 -> 0.515, 0.15 -> 0.519, 0.2 -> 0.513, 0.3 -> 0.506 (sentence and cue
# only: 0.05 -> 0.503, 0.1 -> 0.511); the differences are within the folds' spread of 0.02.
DENSE_WEIGHT = 0.1
MIN_COUNT = 2  # a feature seen in fewer training candidates is dropped
# The least probability a figure needs to be a position's amount, and the figure model's inverse L2
# strength. Chosen on 203 training articles held out from a model fitted on the other 809 + dev:
# amounts F1 0.504 (first figure of the kind's unit) -> 0.512 (0.5), 0.518 (0.4), 0.518 (0.3); with
# the features before the clause fix C 3.0 / 1.0 / 0.3 -> 0.530 / 0.536 / 0.541, and on the gold
# sentences of those 809 + dev (5 folds) 713 / 729 / 738 right and 150 / 146 / 155 wrong for
# C 1.0 / 0.3 / 0.1.
AMOUNT_THRESHOLD = 0.4
AMOUNT_C = 0.3
FOLDS = 5

Triple = tuple[str, str, str]  # (actor, kind, status)
Scores = dict[Triple, tuple[float, bool]]  # a triple's best raw score, and whether the rule reader drafted it


class TrainingError(Exception):
    """The training data cannot be read; the message names the folder or file."""


@dataclass
class Example:
    """One analysed article with its labels."""

    article: str
    shared: list[list[str]]
    by_kind: list[dict[Kind, list[str]]]
    labels: list[dict[Kind, tuple[str, tuple[str, ...]]]]
    gold_required: set[Triple] = field(default_factory=set)
    gold_optional: set[Triple] = field(default_factory=set)
    actors: list[str] = field(default_factory=list)
    vectors: list[CandidateVectors] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)


def load_annotated(folder: Path) -> list[tuple[Article, list[dict[str, Any]]]]:
    """The articles of an annotated folder with their gold records."""
    from pledgewatch.sources import SourceError, read_paths

    if folder.suffix == ".jsonl" and folder.is_file():
        return load_corrections(folder)
    articles_dir, gold_file = folder / "articles", folder / "gold.jsonl"
    if not folder.is_dir():
        raise TrainingError(f"{folder}: no such folder (training needs ../shared beside the repository)")
    if not articles_dir.is_dir() or not gold_file.is_file():
        raise TrainingError(f"{folder}: an annotated folder holds articles/ and gold.jsonl")
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, line in enumerate(gold_file.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold[str(record["article"])].append(record)
        except (ValueError, KeyError, TypeError) as error:
            raise TrainingError(f"{gold_file}:{n}: not a gold record ({error})") from None
    out = []
    for item in read_paths([articles_dir]):
        if isinstance(item, SourceError):
            raise TrainingError(f"{item.path}: {item.problem}")
        out.append((item, gold.get(item.id, [])))
    return out


def load_corrections(path: Path) -> list[tuple[Article, list[dict[str, Any]]]]:
    """Reviewed records (`pledgewatch export --what corrections`) as training articles.

    The file holds records in the gold format of LEDGER.md, each with its evidence sentence but not
    its article: each article is rebuilt from the evidence sentences of its records, in order, so
    the reviewed sentences are learned from and nothing else of the article is claimed to be known.
    """
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            by_article[str(record["article"])].append(record)
            str(record["evidence"])
        except (ValueError, KeyError, TypeError) as error:
            raise TrainingError(f"{path}:{n}: not a corrected record in the gold format ({error})") from None
    out = []
    for article_id, records in sorted(by_article.items()):
        sentences = list(dict.fromkeys(" ".join(str(r["evidence"]).split()) for r in records))
        out.append((Article(id=f"correction:{article_id}", text="\n\n".join(sentences)), records))
    return out


def label(analysis: Analysis, gold: list[dict[str, Any]]) -> Example:
    doc = analysis.doc
    sentence_of = _evidence_sentences(doc, gold)
    required: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    optional: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    pairs = set()
    example = Example(analysis.article.id, [], [], [])
    for record, start in zip(gold, sentence_of, strict=True):
        key = (record["actor"], record["kind"], start)
        triple = (record["actor"], record["kind"], record["status"])
        if record.get("optional"):
            optional[key].add(record["status"])
            example.gold_optional.add(triple)
        else:
            required[key].add(record["status"])
            example.gold_required.add(triple)
        pairs.add((record["actor"], record["kind"]))
    example.gold_optional -= example.gold_required
    for cand, feats, vectors in zip(analysis.candidates, analysis.features, analysis.vectors, strict=True):
        labels: dict[Kind, tuple[str, tuple[str, ...]]] = {}
        for kind in KINDS:
            key = (cand.actor, str(kind), cand.sent.start)
            statuses = required.get(key, set()) | optional.get(key, set())
            if statuses:
                labels[kind] = ("pos", tuple(sorted(statuses)))
            elif (cand.actor, str(kind)) in pairs:
                labels[kind] = ("amb", ())
            else:
                labels[kind] = ("neg", ())
        example.shared.append(feats.shared)
        example.by_kind.append(feats.by_kind)
        example.labels.append(labels)
        example.actors.append(cand.actor)
        example.vectors.append(vectors)
    example.figures = _figure_examples(analysis, gold, sentence_of)
    return example


def _figure_examples(analysis: Analysis, gold: list[dict[str, Any]], sentence_of: list[int]) -> list[FigureRow]:
    """The figures of each gold record's sentence, described for the record's actor, kind and
    status, each marked by whether it is (one of) the gold amounts of that actor and kind there."""
    groups: dict[tuple[str, str, int], tuple[str, list[Amount]]] = {}
    for record, start in zip(gold, sentence_of, strict=True):
        key = (str(record["actor"]), str(record["kind"]), start)
        status, amounts = groups.setdefault(key, (str(record["status"]), []))
        amount = record.get("amount")
        if isinstance(amount, dict) and amount.get("value") is not None and amount.get("unit"):
            try:
                amounts.append(Amount(float(amount["value"]), str(amount["unit"])))
            except (TypeError, ValueError):
                continue
    in_sentence: dict[int, list[Any]] = defaultdict(list)
    for cand in analysis.candidates:
        in_sentence[cand.sent.start].append(cand)
    rows: list[FigureRow] = []
    for n, ((actor, kind, start), (status, amounts)) in enumerate(groups.items()):
        cand = next((c for c in in_sentence[start] if c.actor == actor), None)
        if cand is None or kind not in {str(k) for k in KINDS} or status not in {str(s) for s in STATUSES}:
            continue
        group = f"{analysis.article.id}#{n}"
        rows += figure_rows(
            cand, Kind(kind), Status(status), amounts, other_actor_tokens(cand, in_sentence[start]), group
        )
    return rows


def _evidence_sentences(doc: Any, gold: list[dict[str, Any]]) -> list[int]:
    """The start token of the sentence holding most of each gold record's evidence."""
    sents = list(doc.sents)
    text = doc.text
    starts = []
    for record in gold:
        evidence = " ".join(str(record.get("evidence") or "").split())
        at = text.find(str(record.get("evidence") or ""))
        if at >= 0 and evidence:
            end = at + len(str(record["evidence"]))
            best = max(sents, key=lambda s, a=at, e=end: min(s.end_char, e) - max(s.start_char, a))
        else:
            words = set(evidence.lower().split())
            best = max(sents, key=lambda s, w=words: len(w & set(s.text.lower().split())))
        starts.append(best.start)
    return starts


def analyse_folders(folders: Sequence[Path], progress: Callable[[str], None] | None = None) -> list[Example]:
    """Parse, analyse and label every article of the folders, as `extract` would read them."""
    from pledgewatch.extract import parsed

    examples = []
    for folder in folders:
        annotated = load_annotated(folder)
        gold_of = {article.id: gold for article, gold in annotated}
        for done, (article, doc) in enumerate(parsed(a for a, _ in annotated), 1):
            if doc is not None:
                examples.append(label(analyse(doc, article), gold_of[article.id]))
            else:
                examples.append(_unread(article.id, gold_of[article.id]))
            if progress and done % 100 == 0:
                progress(f"{folder}: {done}/{len(annotated)} articles read")
    return examples


def _unread(article_id: str, gold: list[dict[str, Any]]) -> Example:
    """An article the triage rejects: no candidates, but its gold still counts as missed."""
    example = Example(article_id, [], [], [])
    for record in gold:
        triple = (record["actor"], record["kind"], record["status"])
        (example.gold_optional if record.get("optional") else example.gold_required).add(triple)
    example.gold_optional -= example.gold_required
    return example


# -- fitting ------------------------------------------------------------------------------------------


class Fitted:
    """The two models as scikit-learn estimators, with the vocabulary and dense scaling they read."""

    def __init__(
        self, vocabulary: dict[str, int], dense: DenseScaling, kind_models: list[Any], status_model: Any
    ) -> None:
        self.vocabulary = vocabulary
        self.dense = dense
        self.kind_models = kind_models
        self.status_model = status_model

    def matrix(self, rows: Iterable[tuple[Iterable[str], CandidateVectors, Kind]]) -> sp.csr_matrix:
        """One row per (named features, the candidate's vectors, kind): the named features as 0/1
        columns, then the kind's dense row."""
        vocab = self.vocabulary
        indices: list[int] = []
        pointers = [0]
        dense = []
        for features, vectors, kind in rows:
            indices.extend(sorted({vocab[f] for f in features if f in vocab}))
            pointers.append(len(indices))
            dense.append(self.dense.row(vectors.sentence, vectors.actor, vectors.cues.get(kind), vectors.article))
        data = np.ones(len(indices))
        named = sp.csr_matrix((data, indices, pointers), shape=(len(pointers) - 1, len(vocab)))
        return sp.hstack([named, sp.csr_matrix(np.array(dense).reshape(len(dense), self.dense.width))]).tocsr()

    def kind_probabilities(self, examples: Sequence[Example]) -> list[np.ndarray]:
        """For each example, an array (candidates, kinds)."""
        out = []
        for ex in examples:
            probs = np.zeros((len(ex.shared), len(KINDS)))
            if ex.shared:
                for column, kind in enumerate(KINDS):
                    model = self.kind_models[column]
                    if model is None:
                        continue
                    x = self.matrix(
                        (s + b[kind], v, kind) for s, b, v in zip(ex.shared, ex.by_kind, ex.vectors, strict=True)
                    )
                    probs[:, column] = model.predict_proba(x)[:, 1]
            out.append(probs)
        return out

    def to_model(
        self,
        threshold: float,
        calibration: Calibration,
        card: dict[str, Any],
        offsets: np.ndarray,
        amounts: AmountChooser,
    ) -> ReaderModel:
        """The estimators as plain arrays; each kind's offset is folded into its intercept."""
        size, width = len(self.vocabulary), self.dense.width
        kind_coef = np.zeros((len(KINDS), size + width))
        kind_intercept = np.full(len(KINDS), -30.0)  # a kind never seen in training is never predicted
        for row, model in enumerate(self.kind_models):
            if model is not None:
                kind_coef[row] = model.coef_[0]
                kind_intercept[row] = model.intercept_[0] + offsets[row]
        classes = [str(c) for c in self.status_model.classes_]
        status_coef = np.zeros((len(STATUSES), size + width))
        status_intercept = np.full(len(STATUSES), -30.0)
        for row, status in enumerate(STATUSES):
            if str(status) in classes:
                status_coef[row] = self.status_model.coef_[classes.index(str(status))]
                status_intercept[row] = self.status_model.intercept_[classes.index(str(status))]
        return ReaderModel(
            self.vocabulary, kind_coef[:, :size], kind_intercept, status_coef[:, :size], status_intercept,
            threshold, calibration, card, self.dense, kind_coef[:, size:], status_coef[:, size:], amounts,
        )  # fmt: skip


def dense_scaling(examples: Sequence[Example]) -> DenseScaling:
    """The training candidates' mean and spread of each dense column, and `DENSE_WEIGHT`."""
    sentences = [v.sentence for ex in examples for v in ex.vectors]
    actors = [v.actor for ex in examples for v in ex.vectors if v.actor is not None]
    cues = [c for ex in examples for v in ex.vectors for c in v.cues.values()]
    articles = [v.article for ex in examples for v in ex.vectors if v.article is not None]
    shift, spread = [], []
    for part in (sentences, actors, cues, articles):
        values = np.array(part) if part else np.zeros((1, len(sentences[0])))
        shift.append(values.mean(axis=0))
        spread.append(values.std(axis=0))
    return DenseScaling(np.concatenate(shift), DENSE_WEIGHT / (np.concatenate(spread) + 1e-6))


def fit(examples: Sequence[Example]) -> Fitted:
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter()
    for ex in examples:
        for shared, by_kind in zip(ex.shared, ex.by_kind, strict=True):
            counts.update(set(shared).union(*by_kind.values()))
            counts.update(f"K{k}|{f}" for k, fs in by_kind.items() for f in set(fs))
    counts.update(f"kind={k}" for k in KINDS)
    vocabulary = {f: n for n, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    fitted = Fitted(vocabulary, dense_scaling(examples), [], None)
    rows = [(ex, i) for ex in examples for i in range(len(ex.shared))]
    for kind in KINDS:
        x = fitted.matrix((ex.shared[i] + ex.by_kind[i][kind], ex.vectors[i], kind) for ex, i in rows)
        tags = [ex.labels[i][kind][0] for ex, i in rows]
        y = np.array([tag == "pos" for tag in tags], dtype=int)
        weight = np.array([0.0 if tag == "amb" else 1.0 for tag in tags])
        if y.sum() == 0:
            fitted.kind_models.append(None)
            continue
        model = LogisticRegression(C=KIND_C, max_iter=3000, random_state=SEED)
        model.fit(x, y, sample_weight=weight)
        fitted.kind_models.append(model)
    status_rows = [
        (status_features(ex.shared[i], kind, ex.by_kind[i][kind]), ex.vectors[i], kind, status)
        for ex, i in rows
        for kind in KINDS
        if ex.labels[i][kind][0] == "pos"
        for status in ex.labels[i][kind][1]
    ]
    x = fitted.matrix((features, vectors, kind) for features, vectors, kind, _ in status_rows)
    status_model = LogisticRegression(C=STATUS_C, max_iter=3000, random_state=SEED)
    status_model.fit(x, [status for *_, status in status_rows])
    fitted.status_model = status_model
    return fitted


@dataclass
class Scored:
    """Out-of-fold predictions for one example: kind probabilities (candidates x kinds) and, for each
    (candidate, kind) worth reading, the status probabilities in `STATUSES` order."""

    kind: np.ndarray
    status: dict[tuple[int, int], np.ndarray]


SCORED_FLOOR = 0.01  # the least kind probability kept before the per-kind offsets move it


def score_examples(fitted: Fitted, examples: Sequence[Example]) -> list[Scored]:
    out = []
    classes = [str(c) for c in fitted.status_model.classes_]
    order = [classes.index(str(s)) if str(s) in classes else -1 for s in STATUSES]
    for ex, probs in zip(examples, fitted.kind_probabilities(examples), strict=True):
        pairs = [(int(i), int(c)) for i, c in zip(*np.nonzero(probs >= SCORED_FLOOR), strict=True)]
        status: dict[tuple[int, int], np.ndarray] = {}
        if pairs:
            x = fitted.matrix(
                (status_features(ex.shared[i], KINDS[c], ex.by_kind[i][KINDS[c]]), ex.vectors[i], KINDS[c])
                for i, c in pairs
            )
            for pair, row in zip(pairs, fitted.status_model.predict_proba(x), strict=True):
                status[pair] = np.array([row[j] if j >= 0 else 0.0 for j in order])
        out.append(Scored(probs, status))
    return out


def shifted(probs: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Kind probabilities with each kind's logit moved by its offset."""
    clipped = np.clip(probs, 1e-9, 1 - 1e-9)
    return 1.0 / (1.0 + np.exp(-(np.log(clipped / (1 - clipped)) + offsets)))


def kind_offsets(examples: Sequence[Example], scored: Sequence[Scored]) -> np.ndarray:
    """A logit offset per kind that puts each kind's best pair threshold (actor and kind right, by
    cross-validated F1) at 0.5: rare kinds ("air", "guarantee") get probabilities far below common
    ones, so one threshold for all would find them almost never. A kind with few examples is moved
    only half way."""
    offsets = np.zeros(len(KINDS))
    for column, kind in enumerate(KINDS):
        best: list[tuple[float, str]] = []
        gold_pairs = 0
        for ex, sc in zip(examples, scored, strict=True):
            required = {(a, k) for a, k, _s in ex.gold_required}
            optional = {(a, k) for a, k, _s in ex.gold_optional} - required
            gold_pairs += sum(1 for _a, k in required if k == str(kind))
            top: dict[str, float] = {}
            for i, actor in enumerate(ex.actors):
                top[actor] = max(top.get(actor, 0.0), float(sc.kind[i, column]))
            best += [
                (p, "tp" if (a, str(kind)) in required else "fp")
                for a, p in top.items()
                if (a, str(kind)) not in optional
            ]
        if gold_pairs == 0:
            continue
        scores = np.array([p for p, _ in best])
        right = np.array([tag == "tp" for _, tag in best])
        f1s = []
        grid = np.arange(0.05, 0.8, 0.025)
        for t in grid:
            chosen = scores >= t
            tp = int((chosen & right).sum())
            f1s.append(2 * tp / max(1, tp + int(chosen.sum()) + gold_pairs - tp))
        t = float(grid[int(np.argmax(f1s))])
        if gold_pairs < 30:
            t = (t + 0.5) / 2
        offsets[column] = -np.log(t / (1 - t))
    return offsets


def triple_scores(examples: Sequence[Example], scored: Sequence[Scored], offsets: np.ndarray) -> list[Scores]:
    """For each example, each (actor, kind, status) among the top two statuses of every candidate and
    kind the kind model does not rule out, with its best raw score (kind x status probability) and
    whether the rule reader drafted that position from that candidate."""
    out = []
    for ex, sc in zip(examples, scored, strict=True):
        probs = shifted(sc.kind, offsets) if len(sc.kind) else sc.kind
        scores: Scores = {}
        for (i, c), row in sc.status.items():
            p = float(probs[i, c])
            if p < KIND_FLOOR:
                continue
            ruled = {f[len("k.rule=") :] for f in ex.by_kind[i][KINDS[c]] if f.startswith("k.rule=")}
            for column in row.argsort()[::-1][:2]:
                status = str(STATUSES[column])
                triple = (ex.actors[i], str(KINDS[c]), status)
                value = p * float(row[column])
                if triple not in scores or value > scores[triple][0]:
                    scores[triple] = (value, status in ruled)
        out.append(scores)
    return out


def position_scores(examples: Sequence[Example], predicted: Sequence[Iterable[Triple]]) -> dict[str, float]:
    """Micro precision, recall and F1 of (actor, kind, status) per article, as `score.py` counts
    them: optional gold triples count neither when found nor when missed."""
    tp = fp = fn = 0
    for ex, triples in zip(examples, predicted, strict=True):
        found = set(triples) - ex.gold_optional
        tp += len(found & ex.gold_required)
        fp += len(found - ex.gold_required)
        fn += len(ex.gold_required - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def select(examples: Sequence[Example], scores: Sequence[Scores], calibration: Calibration) -> float:
    """The confidence threshold with the best F1 of positions on cross-validated scores."""
    best_f1, best_t = -1.0, 0.5
    for t in np.arange(0.10, 0.80, 0.02):
        predicted = kept(scores, calibration, t)
        f1 = position_scores(examples, predicted)["f1"]
        if f1 > best_f1 + 1e-9:
            best_f1, best_t = f1, float(round(t, 2))
    return best_t


def kept(scores: Sequence[Scores], calibration: Calibration, threshold: float) -> list[list[Triple]]:
    return [[k for k, (v, ruled) in s.items() if calibration(v, ruled) >= threshold] for s in scores]


def calibrate(examples: Sequence[Example], scores: Sequence[Scores]) -> Calibration:
    """Isotonic maps from a triple's raw score to the share of such triples that are gold: one for the
    triples the rule reader drafted too, one for the others."""
    from sklearn.isotonic import IsotonicRegression

    curves: dict[bool, tuple[np.ndarray, np.ndarray]] = {}
    for group in (False, True):
        raw, right = [], []
        for ex, s in zip(examples, scores, strict=True):
            for triple, (value, ruled) in s.items():
                if ruled is group and triple not in ex.gold_optional:
                    raw.append(value)
                    right.append(triple in ex.gold_required)
        if len(set(right)) < 2:
            curves[group] = (np.array([]), np.array([]))
            continue
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        iso.fit(raw, right)
        curves[group] = (np.asarray(iso.X_thresholds_, dtype=float), np.asarray(iso.y_thresholds_, dtype=float))
    return Calibration(*curves[False], *curves[True])


def reliability(
    examples: Sequence[Example], scores: Sequence[Scores], calibration: Calibration
) -> list[dict[str, float]]:
    """Predicted confidence against the share right, in bins of 0.1 (optional gold left out)."""
    bins: dict[int, list[bool]] = defaultdict(list)
    for ex, s in zip(examples, scores, strict=True):
        for triple, (value, ruled) in s.items():
            if triple in ex.gold_optional:
                continue
            confidence = calibration(value, ruled)
            bins[min(int(confidence * 10), 9)].append(triple in ex.gold_required)
    return [
        {"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": len(v), "right": round(sum(v) / len(v), 3)}
        for b, v in sorted(bins.items())
    ]


@dataclass
class Decision:
    """What cross-validation settles besides the weights: kind offsets, calibration, threshold."""

    offsets: np.ndarray
    calibration: Calibration
    threshold: float


def decide(examples: Sequence[Example], scored: Sequence[Scored]) -> tuple[Decision, list[Scores]]:
    offsets = kind_offsets(examples, scored)
    raw = triple_scores(examples, scored, offsets)
    calibration = calibrate(examples, raw)
    return Decision(offsets, calibration, select(examples, raw, calibration)), raw


def cross_validate(
    examples: Sequence[Example], progress: Callable[[str], None] | None = None
) -> tuple[list[Scored], list[dict[str, float]]]:
    """Out-of-fold predictions for every example, and each fold's scores with offsets, calibration
    and threshold chosen again on the other folds' predictions, as the shipped ones are."""
    from sklearn.model_selection import GroupKFold

    groups = [ex.article for ex in examples]
    oof: list[Scored] = [Scored(np.zeros((0, len(KINDS))), {}) for _ in examples]
    folds = list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(examples)), groups=groups))
    for n, (train_idx, test_idx) in enumerate(folds, 1):
        fitted = fit([examples[i] for i in train_idx])
        for i, s in zip(test_idx, score_examples(fitted, [examples[i] for i in test_idx]), strict=True):
            oof[i] = s
        if progress:
            progress(f"cross-validation: fold {n}/{FOLDS} done")
    fold_scores = []
    for _train_idx, test_idx in folds:
        held_out = set(test_idx)
        rest = [i for i in range(len(examples)) if i not in held_out]
        decision, _ = decide([examples[i] for i in rest], [oof[i] for i in rest])
        test = [examples[i] for i in test_idx]
        raw = triple_scores(test, [oof[i] for i in test_idx], decision.offsets)
        predicted = kept(raw, decision.calibration, decision.threshold)
        fold_scores.append(position_scores(test, predicted))
    return oof, fold_scores


def fit_amounts(examples: Sequence[Example]) -> AmountChooser:
    return fit_chooser([row for ex in examples for row in ex.figures], AMOUNT_THRESHOLD, AMOUNT_C)


def figure_choice_scores(chooser: AmountChooser, rows: Sequence[FigureRow]) -> dict[str, float]:
    """How often the chooser takes the gold figure of a gold sentence: a choice is right when it is
    the gold amount, wrong when it is another figure or a figure where the gold has none; a gold
    amount it does not take is missed."""
    by_group: dict[str, list[FigureRow]] = defaultdict(list)
    for row in rows:
        by_group[row.group].append(row)
    right = wrong = missed = 0
    for group in by_group.values():
        probabilities = [chooser.probability(row.features) for row in group]
        best = int(np.argmax(probabilities))
        if probabilities[best] >= chooser.threshold:
            right += group[best].is_amount
            wrong += not group[best].is_amount
        elif any(row.is_amount for row in group):
            missed += 1
    precision = right / (right + wrong) if right + wrong else 0.0
    recall = right / (right + wrong + missed) if right + wrong + missed else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "sentences": len(by_group)}


def cross_validate_amounts(examples: Sequence[Example]) -> list[dict[str, float]]:
    """The figure model's choice on each fold's gold sentences, fitted on the other folds."""
    from sklearn.model_selection import GroupKFold

    groups = [ex.article for ex in examples]
    scores = []
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(np.zeros(len(examples)), groups=groups):
        chooser = fit_amounts([examples[i] for i in train_idx])
        scores.append(figure_choice_scores(chooser, [row for i in test_idx for row in examples[i].figures]))
    return scores


def train(
    folders: Sequence[Path],
    out: Path,
    progress: Callable[[str], None] | None = None,
    folds: bool = True,
) -> ReaderModel:
    """Analyse the folders, cross-validate, calibrate, fit on everything and write the weights to `out`."""
    np.random.seed(SEED)
    started = time.monotonic()
    examples = analyse_folders(folders, progress)
    if not any(ex.shared for ex in examples):
        raise TrainingError("the training folders hold no candidate to learn from")
    card: dict[str, Any] = {
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "data": [str(f) for f in folders],
        "articles": len(examples),
        "gold_required": sum(len(ex.gold_required) for ex in examples),
        "candidates": sum(len(ex.shared) for ex in examples),
        "hyper_parameters": {
            "kind_C": KIND_C,
            "status_C": STATUS_C,
            "min_count": MIN_COUNT,
            "kind_floor": KIND_FLOOR,
            "dense_weight": DENSE_WEIGHT,
            "amount_threshold": AMOUNT_THRESHOLD,
            "amount_C": AMOUNT_C,
        },
        "meaning_vectors": f"wordllama l2_supercat, {DIMENSIONS} dimensions: sentence, actor, cue, article",
    }
    offsets = np.zeros(len(KINDS))
    if folds and len(examples) >= FOLDS:
        oof, fold_scores = cross_validate(examples, progress)
        decision, raw = decide(examples, oof)
        offsets, calibration, threshold = decision.offsets, decision.calibration, decision.threshold
        f1s = [s["f1"] for s in fold_scores]
        card["cross_validation"] = {
            "folds": FOLDS,
            "positions_f1_mean": round(float(np.mean(f1s)), 4),
            "positions_f1_std": round(float(np.std(f1s)), 4),
            "per_fold": [{k: round(v, 4) for k, v in s.items()} for s in fold_scores],
            "pooled_at_threshold": {
                k: round(v, 4) for k, v in position_scores(examples, kept(raw, calibration, threshold)).items()
            },
            "kind_thresholds": {
                str(k): round(float(1 / (1 + np.exp(o))), 3) for k, o in zip(KINDS, offsets, strict=True)
            },
            "reliability": reliability(examples, raw, calibration),
        }
        amount_folds = cross_validate_amounts(examples)
        card["cross_validation"]["figure_choice"] = {
            "per_fold": [{k: round(v, 4) for k, v in s.items()} for s in amount_folds],
            "f1_mean": round(float(np.mean([s["f1"] for s in amount_folds])), 4),
            "f1_std": round(float(np.std([s["f1"] for s in amount_folds])), 4),
        }
    else:
        calibration, threshold = Calibration(np.array([]), np.array([])), 0.5
    fitted = fit(examples)
    card["seconds"] = round(time.monotonic() - started, 1)
    model = fitted.to_model(threshold, calibration, card, offsets, fit_amounts(examples))
    model.to_files(out)
    if progress:
        progress(f"wrote {out} in {card['seconds']} s: threshold {threshold}")
    return model


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pledgewatch.reading.training", description=__doc__.split("\n")[0])
    parser.add_argument(
        "folders",
        nargs="+",
        type=Path,
        help="annotated folders (articles/ and gold.jsonl), or files of reviewed records (export --what corrections)",
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write reader.npz and reader.json")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (no calibration, no card figures)")
    args = parser.parse_args(argv)
    try:
        train(args.folders, args.out, progress=lambda m: print(m, file=sys.stderr, flush=True), folds=not args.no_cv)
    except TrainingError as error:
        print(f"pledgewatch train: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
