"""The learned decisions: which candidates state a position, on which kind, with which status.

Two linear models over the named features of `reading.features`:

- the *kind* model: for each of the 13 kinds, a logistic regression giving the probability that the
  candidate's sentence states the actor's position on that kind (one-vs-rest, so a sentence can state
  several: "sent troops and jets");
- the *status* model: a multinomial logistic regression over the six statuses, for a candidate and
  a kind.

Besides the named features both read dense columns: the meaning vectors of the candidate's sentence,
of the words around its actor, of those around the kind's cue and of the article (`reading.embedding`), standardised
with the training corpus's mean and spread and scaled down (`training.DENSE_WEIGHT`), so that under
the same penalty no single column outweighs a named feature. At reading time the scaling is folded
into the weights (`ReaderModel.dense_scores`).

A record's confidence is the kind probability times the status probability, mapped through an
isotonic calibration fitted on cross-validated predictions over the training corpus (one map where
the rule reader drafted the same position, one elsewhere), so that 0.8 means right about 8 times in
10 there. Weights are stored as plain arrays (`.npz`, read with
`allow_pickle=False`) and JSON: loading them runs no code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from pledgewatch.model import Kind, Status
from pledgewatch.reading.amount_choice import AmountChooser

WEIGHTS_PACKAGE = "pledgewatch.reading.weights"
WEIGHTS_NAME = "reader"
FORMAT = 3  # 2: dense meaning columns beside the named features; 3: the learned figure choice
KINDS: tuple[Kind, ...] = tuple(Kind)
STATUSES: tuple[Status, ...] = tuple(Status)


class ModelError(Exception):
    """The shipped or given weights cannot be read."""


@dataclass(frozen=True)
class Calibration:
    """Monotone maps from a raw score to the share of right records at that score (isotonic): one for
    positions the rule reader drafted too (with the same status), one for the others. The rule
    reader's agreement is evidence of its own: one map for both loses 0.006 F1 in cross-validation."""

    x: np.ndarray
    y: np.ndarray
    ruled_x: np.ndarray = field(default_factory=lambda: np.array([]))
    ruled_y: np.ndarray = field(default_factory=lambda: np.array([]))

    def __call__(self, raw: float, ruled: bool = False) -> float:
        x, y = (self.ruled_x, self.ruled_y) if ruled and len(self.ruled_x) else (self.x, self.y)
        if not len(x):
            return raw
        return float(np.interp(raw, x, y))

    def highest(self, raw: float) -> float:
        """The most either map makes of a score: what any record built on it can reach."""
        return max(self(raw), self(raw, ruled=True))

    def to_json(self) -> dict[str, list[float]]:
        return {
            "x": [float(v) for v in self.x],
            "y": [float(v) for v in self.y],
            "ruled_x": [float(v) for v in self.ruled_x],
            "ruled_y": [float(v) for v in self.ruled_y],
        }

    @classmethod
    def from_json(cls, data: dict[str, list[float]]) -> Calibration:
        return cls(
            np.array(data["x"]),
            np.array(data["y"]),
            np.array(data.get("ruled_x", [])),
            np.array(data.get("ruled_y", [])),
        )


@dataclass(frozen=True)
class DenseScaling:
    """How a candidate's meaning vectors become model inputs: (vector - shift) * scale, in four
    parts side by side: the sentence, the words around the actor, the words around the kind's cue,
    the article. A missing part (no actor token, no cue of that kind) is zeros: the training mean."""

    shift: np.ndarray  # (PARTS * dimensions,)
    scale: np.ndarray  # (PARTS * dimensions,)

    PARTS = 4

    @property
    def width(self) -> int:
        return len(self.shift)

    def _scaled(self, part: int, vector: np.ndarray) -> np.ndarray:
        size = self.width // self.PARTS
        window = slice(part * size, (part + 1) * size)
        return (vector - self.shift[window]) * self.scale[window]

    def row(
        self, sentence: np.ndarray, actor: np.ndarray | None, cue: np.ndarray | None, article: np.ndarray | None
    ) -> np.ndarray:
        """The input row of one candidate and kind."""
        size = self.width // self.PARTS
        out = np.zeros(self.width)
        for part, vector in enumerate((sentence, actor, cue, article)):
            if vector is not None:
                out[part * size : (part + 1) * size] = self._scaled(part, vector)
        return out


@dataclass(frozen=True)
class ReaderModel:
    vocabulary: dict[str, int]
    kind_coef: np.ndarray  # (kinds, features)
    kind_intercept: np.ndarray  # (kinds,)
    status_coef: np.ndarray  # (statuses, features)
    status_intercept: np.ndarray  # (statuses,)
    threshold: float  # the least calibrated confidence a record needs
    calibration: Calibration
    card: dict[str, Any]
    dense: DenseScaling
    kind_dense: np.ndarray  # (kinds, dense width)
    status_dense: np.ndarray  # (statuses, dense width)
    amounts: AmountChooser  # which figure of a sentence is a position's amount

    def indices(self, features: list[str]) -> np.ndarray:
        # One look-up a feature. The set is filled in the same order as ever, so it iterates in the
        # same order, and the scores that sum over it come out the same to the bit.
        get = self.vocabulary.get
        return np.fromiter({n for n in map(get, features) if n is not None}, dtype=np.int64)

    @cached_property
    def _projections(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each dense part, the kind and status weights with the scaling folded in, stacked
        (kinds + statuses, dimensions), and their constant term: a part's share of every score is
        one product with its raw vector."""
        size = self.dense.width // DenseScaling.PARTS
        out = []
        for part in range(DenseScaling.PARTS):
            window = slice(part * size, (part + 1) * size)
            weights = np.vstack([self.kind_dense[:, window], self.status_dense[:, window]]) * self.dense.scale[window]
            out.append((weights, -weights @ self.dense.shift[window]))
        return out

    def dense_scores(
        self,
        sentence: np.ndarray,
        actor: np.ndarray | None,
        cues: dict[Kind, np.ndarray],
        article: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """What the dense columns add to each kind's score (kinds,) and, for each kind's row, to each
        status's score (kinds, statuses): `kind_dense` and `status_dense` applied to each kind's `DenseScaling.row`."""
        return self.dense_combined(self.dense_context(sentence, article), actor, self.dense_cues(cues))

    # `dense_scores` in three steps, so that a reader can keep what candidates share: every candidate
    # of a sentence has the sentence's and the article's vectors, and many have the same cues.

    def dense_context(self, sentence: np.ndarray, article: np.ndarray | None) -> np.ndarray:
        """The sentence's and the article's share of every score (kinds + statuses,)."""
        (w_sentence, b_sentence), _actor, _cue, (w_article, b_article) = self._projections
        common = w_sentence @ sentence + b_sentence
        if article is not None:
            common = common + w_article @ article + b_article
        return common

    def dense_cues(self, cues: dict[Kind, np.ndarray]) -> tuple[list[int], np.ndarray] | None:
        """The rows of the cued kinds and each cue's share of every score (cues, kinds + statuses)."""
        if not cues:
            return None
        _sentence, _actor, (w_cue, b_cue), _article = self._projections
        return [KINDS.index(kind) for kind in cues], np.stack(list(cues.values())) @ w_cue.T + b_cue

    def dense_combined(
        self, context: np.ndarray, actor: np.ndarray | None, cues: tuple[list[int], np.ndarray] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """`dense_scores` from `dense_context`, the actor's vector and `dense_cues`."""
        kinds = len(KINDS)
        _sentence, (w_actor, b_actor), _cue, _article = self._projections
        common = context
        if actor is not None:
            common = common + w_actor @ actor + b_actor
        added = np.repeat(common[None, :], kinds, axis=0)
        if cues is not None:
            rows, scores = cues
            added[rows] += scores
        return np.diagonal(added[:, :kinds]).copy(), added[:, kinds:]

    def own_kind_score(self, row: int, indices: np.ndarray) -> float:
        """What a kind's own features (their indices) add to that kind's score, for
        `kind_probabilities`. A kind's feature list is shared by the candidates of a sentence, so the
        reader sums it once per list. The weights are added one by one from zero, in order, as
        np.bincount added them when it summed every kind's list for every candidate: same bits."""
        total = 0.0
        for weight in self.kind_coef[row, indices].tolist():
            total += weight
        return total

    def kind_probabilities(self, shared: np.ndarray, own: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """P(position on kind k) for each kind, from the shared feature indices, what each kind's
        own features add (`own_kind_score`, (kinds,)) and what the dense columns add (`dense_scores`)."""
        scores = self.kind_intercept + self.kind_coef[:, shared].sum(axis=1) + dense
        scores += own
        return 1.0 / (1.0 + np.exp(-scores))

    def status_probabilities(self, indices: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """P(status) for one candidate and kind: its feature indices and what the dense columns add
        for that kind (a row of `dense_scores`' second array)."""
        scores = self.status_intercept + self.status_coef[:, indices].sum(axis=1) + dense
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def to_files(self, directory: Path) -> None:
        """Writes `reader.npz` (arrays) and `reader.json` (vocabulary, thresholds, calibration, card)."""
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / f"{WEIGHTS_NAME}.npz",
            kind_coef=self.kind_coef.astype(np.float32),
            kind_intercept=self.kind_intercept.astype(np.float32),
            status_coef=self.status_coef.astype(np.float32),
            status_intercept=self.status_intercept.astype(np.float32),
            dense_shift=self.dense.shift.astype(np.float32),
            dense_scale=self.dense.scale.astype(np.float32),
            kind_dense=self.kind_dense.astype(np.float32),
            status_dense=self.status_dense.astype(np.float32),
        )
        vocabulary = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {
            "format": FORMAT,
            "kinds": [str(k) for k in KINDS],
            "statuses": [str(s) for s in STATUSES],
            "threshold": self.threshold,
            "calibration": self.calibration.to_json(),
            "card": self.card,
            "vocabulary": vocabulary,
            "amounts": self.amounts.to_json(),
        }
        (directory / f"{WEIGHTS_NAME}.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", "utf-8")


def load_model(directory: Path | None = None) -> ReaderModel:
    """The reader's weights from `directory`, or the ones shipped inside the package."""
    try:
        if directory is None:
            root = resources.files(WEIGHTS_PACKAGE)
            meta_text = root.joinpath(f"{WEIGHTS_NAME}.json").read_text("utf-8")
            with resources.as_file(root.joinpath(f"{WEIGHTS_NAME}.npz")) as npz_path:
                arrays = dict(np.load(npz_path, allow_pickle=False))
        else:
            meta_text = (directory / f"{WEIGHTS_NAME}.json").read_text("utf-8")
            arrays = dict(np.load(directory / f"{WEIGHTS_NAME}.npz", allow_pickle=False))
        meta = json.loads(meta_text)
    except (OSError, ValueError, KeyError) as error:
        where = directory or WEIGHTS_PACKAGE
        raise ModelError(f"{where}: the reader's weights cannot be read ({error}); run `make train`") from error
    if meta.get("format") != FORMAT:
        raise ModelError(f"the reader's weights are of format {meta.get('format')}, not {FORMAT}; run `make train`")
    try:
        amounts = AmountChooser.from_json(meta["amounts"])
    except (ValueError, KeyError, TypeError) as error:
        where = directory or WEIGHTS_PACKAGE
        raise ModelError(f"{where}: the figure model's weights cannot be read ({error}); run `make train`") from error
    if meta.get("kinds") != [str(k) for k in KINDS] or meta.get("statuses") != [str(s) for s in STATUSES]:
        raise ModelError("the reader's weights were trained for other kinds or statuses; run `make train`")
    vocabulary = {feature: n for n, feature in enumerate(meta["vocabulary"])}
    return ReaderModel(
        vocabulary=vocabulary,
        kind_coef=arrays["kind_coef"].astype(np.float64),
        kind_intercept=arrays["kind_intercept"].astype(np.float64),
        status_coef=arrays["status_coef"].astype(np.float64),
        status_intercept=arrays["status_intercept"].astype(np.float64),
        threshold=float(meta["threshold"]),
        calibration=Calibration.from_json(meta["calibration"]),
        card=meta.get("card", {}),
        dense=DenseScaling(arrays["dense_shift"].astype(np.float64), arrays["dense_scale"].astype(np.float64)),
        kind_dense=arrays["kind_dense"].astype(np.float64),
        status_dense=arrays["status_dense"].astype(np.float64),
        amounts=amounts,
    )


@cache
def shipped_model() -> ReaderModel:
    return load_model()


def status_features(shared: list[str], kind: Kind, own: list[str]) -> list[str]:
    """The status model's input: the candidate's features, its kind, and the kind's features tagged
    with it, so that a status word can weigh differently for troops than for money."""
    return [*shared, *own, f"kind={kind}", *tag(kind, own)]


def tag(kind: Kind, features: list[str]) -> list[str]:
    return [f"K{kind}|{f}" for f in features]


__all__ = [
    "KINDS", "STATUSES", "Calibration", "DenseScaling", "ModelError", "ReaderModel", "load_model", "shipped_model",
    "status_features", "tag",
]  # fmt: skip
