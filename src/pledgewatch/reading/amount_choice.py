"""Which figure of a sentence is a position's amount: learned from the corpus rather than ruled.

A sentence often holds several figures: a package and its conversion, this year's budget and last
year's, two givers' troop numbers, a date. "The first figure of the kind's unit" takes the wrong
one where there are two, and finds none where the unit is left to the noun ("1,495 members of the
SANDF", "six Tornado fighter-bombers"). Here every figure of the candidate's sentence is described
by its unit, its own words and neighbours, its place against the actor, the other actors and the
kind's cue, and its clause; a logistic model learned from the gold sentences of the annotated
corpus scores each, and the best one above the model's threshold is the amount.

A figure's unit is what the text says where it says one; a bare count is people for the kinds
that count people and items for the others; troops, training and monitoring take people only, a
guarantee no figure (LEDGER.md rules 12 and 20). The model learns when such a figure is the amount
at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Token

from pledgewatch.model import Amount, Kind, Status
from pledgewatch.reading.candidates import Candidate, token_at
from pledgewatch.reading.features import bucket
from pledgewatch.reading.rules.amounts import AmountMention
from pledgewatch.reading.rules.records import clause_of, own_currency
from pledgewatch.reading.running_totals import is_running_total

PEOPLE_KINDS = frozenset({Kind.TROOPS, Kind.TRAINING, Kind.MONITORING})
GAPS = (2, 5, 10, 20)  # token distances told apart (`features.bucket`)
# Equal within this share, as the scorer counts a figure right (score.py: 1 %).
TOLERANCE = 0.01


def unit_for(mention: AmountMention, kind: Kind, actor: str) -> str | None:
    """The ledger unit the figure would carry as this kind's amount, or None where it can carry none:
    troop, training and monitoring records count people (LEDGER.md rules 12 and 20), a guarantee
    has no amount."""
    unit = mention.unit
    if kind is Kind.GUARANTEE:
        return None
    if kind in PEOPLE_KINDS:
        return "troops" if unit == "troops" or (unit == "" and not mention.year_like) else None
    if mention.is_money:
        return own_currency(actor, unit) or None
    if unit == "percent":
        return "percent_gdp" if kind is Kind.SPENDING_TARGET else None
    if unit in {"percent_gdp", "multiplier", "troops", "items"}:
        return unit
    if unit == "":
        return None if mention.year_like else "items"
    return None


def as_amount(mention: AmountMention, unit: str) -> Amount:
    return Amount(mention.value, unit, mention.approx, mention.low, mention.high)


def same_figure(a: Amount, b: Amount) -> bool:
    return a.unit.upper() == b.unit.upper() and abs(a.value - b.value) <= TOLERANCE * max(abs(b.value), 1e-9)


def _unit_class(mention: AmountMention, unit: str) -> str:
    if mention.is_money:
        return "money"
    return f"{unit}:{'bare' if mention.unit == '' else 'said'}"


def mention_features(
    cand: Candidate,
    kind: Kind,
    status: Status,
    mention: AmountMention,
    unit: str,
    rank: int,
    others: Sequence[Token],
    running_total: bool,
) -> list[str]:
    """The words and places that tell whether `mention` is the amount of `cand`'s position on `kind`.

    `rank` is the figure's place among the sentence's figures that could be this kind's amount;
    `others` are the tokens naming the sentence's other actors; `running_total`, whether the
    sentence is one (`described_options` reads it once for all its figures)."""
    doc = cand.sent.doc
    cls = _unit_class(mention, unit)
    k = str(kind)
    feats = [
        "bias",
        f"cls={cls}",
        f"cls={cls}|k={k}",
        f"cls={cls}|st={status}",
        f"rank={min(rank, 2)}",
        f"rank={min(rank, 2)}|cls={cls}",
        f"rank={min(rank, 2)}|k={k}",
    ]
    if mention.is_conversion:
        feats.append("conversion")
    if mention.approx:
        feats.append("approx")
    if mention.low is not None:
        feats.append("range")
    magnitude = int(math.log10(abs(mention.value))) if mention.value else 0
    feats.append(f"mag={min(magnitude, 12)}|cls={cls}")
    first = token_at(doc, mention.start)
    last = token_at(doc, max(mention.start, mention.end - 1))
    if first is None or last is None:
        return feats
    before = [doc[i] for i in range(max(cand.sent.start, first.i - 2), first.i)]
    after = [doc[i] for i in range(last.i + 1, min(cand.sent.end, last.i + 3))]
    for n, token in enumerate(reversed(before), 1):
        feats.append(f"w-{n}={token.lower_}")
    for n, token in enumerate(after, 1):
        feats.append(f"w+{n}={token.lower_}")
    if before and before[-1].text == "(":
        feats.append("in_brackets")
    noun = last if last.pos_ in {"NOUN", "PROPN"} else last.head
    feats.append(f"noun={noun.lemma_.lower()}|k={k}")
    feats.append(f"noun={noun.lemma_.lower()}")
    clause = clause_of(first)  # figures of another clause are another act
    feats.append(f"verb={doc[clause].lemma_.lower()}")
    if cand.actor_tokens:
        actor = min(cand.actor_tokens, key=lambda t: abs(t.i - first.i))
        gap = first.i - actor.i
        feats.append(f"actor_{'after' if gap > 0 else 'before'}={bucket(abs(gap), GAPS)}")
        feats.append("same_clause" if clause_of(actor) == clause else "other_clause")
        nearer = [t for t in others if abs(t.i - first.i) < abs(gap)]
        feats.append(f"nearer_actors={min(len(nearer), 2)}")
    else:
        feats.append("actor_unplaced")
    cue = cand.nearest_cue(kind)
    if cue is not None:
        feats.append(f"cue_gap={bucket(abs(cue.i - first.i), GAPS)}")
        if first.i <= cue.i <= last.i:
            feats.append("cue_is_figure")
    else:
        feats.append("no_cue")
    if running_total:
        feats.append(f"running_total|cls={cls}")
    return feats


def figure_options(cand: Candidate, kind: Kind) -> list[tuple[AmountMention, str, int]]:
    """The sentence's figures that could be the kind's amount, with their unit and rank."""
    out = []
    for mention in cand.amounts:
        unit = unit_for(mention, kind, cand.actor)
        if unit is not None:
            out.append((mention, unit, len(out)))
    return out


def described_options(
    cand: Candidate, kind: Kind, status: Status, others: Sequence[Token]
) -> list[tuple[Amount, list[str]]]:
    """Each figure that could be the kind's amount, as that amount and with its features; whether
    the sentence is a running total is read once for all of them."""
    options = figure_options(cand, kind)
    if not options:
        return []
    running = is_running_total(cand.sent.text)
    return [
        (as_amount(mention, unit), mention_features(cand, kind, status, mention, unit, rank, others, running))
        for mention, unit, rank in options
    ]


def other_actor_tokens(cand: Candidate, sentence_candidates: Iterable[Candidate]) -> list[Token]:
    return [t for c in sentence_candidates if c.actor != cand.actor for t in c.actor_tokens]


@dataclass
class AmountChooser:
    """A logistic model over named figure features; its weights are plain numbers (JSON)."""

    weights: dict[str, float]
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def ranked(
        self, cand: Candidate, kind: Kind, status: Status, others: Sequence[Token]
    ) -> list[tuple[float, Amount]]:
        """Every possible figure with its probability of being the amount, best first."""
        options = described_options(cand, kind, status, others)
        scored = [(self.probability(features), amount) for amount, features in options]
        return sorted(scored, key=lambda s: -s[0])

    def choose(self, cand: Candidate, kind: Kind, status: Status, others: Sequence[Token]) -> Amount | None:
        ranked = self.ranked(cand, kind, status, others)
        if ranked and ranked[0][0] >= self.threshold:
            return ranked[0][1]
        return None

    def to_json(self) -> dict[str, object]:
        return {"threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AmountChooser:
        weights = data["weights"]
        if not isinstance(weights, dict):
            raise ValueError("amount weights are not a mapping")
        return cls({str(k): float(v) for k, v in weights.items()}, float(data["threshold"]))  # type: ignore[arg-type]


@dataclass
class FigureRow:
    """One figure of a gold sentence, described, and whether the gold record's amount is it."""

    features: list[str]
    is_amount: bool
    group: str  # the (article, actor, kind, sentence) it belongs to: one choice is made per group


def figure_rows(
    cand: Candidate, kind: Kind, status: Status, gold: Sequence[Amount], others: Sequence[Token], group: str
) -> list[FigureRow]:
    return [
        FigureRow(features, any(same_figure(figure, g) for g in gold), group)
        for figure, features in described_options(cand, kind, status, others)
    ]


def fit_chooser(rows: Sequence[FigureRow], threshold: float = 0.5, c: float = 1.0) -> AmountChooser:
    """Fits the figure model (fixed solver, no randomness); the bias is a feature like any other."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(r.features, 1.0) for r in rows])
    y = np.array([r.is_amount for r in rows])
    if len(set(y.tolist())) < 2:
        return AmountChooser({}, 1.01)  # nothing to learn from: the chooser gives no figure
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False, solver="lbfgs")
    model.fit(x, y)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-6}
    return AmountChooser(weights, threshold)


__all__ = [
    "AmountChooser",
    "FigureRow",
    "as_amount",
    "described_options",
    "figure_options",
    "figure_rows",
    "fit_chooser",
    "mention_features",
    "other_actor_tokens",
    "same_figure",
    "unit_for",
]
