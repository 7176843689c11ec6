"""Reading one parsed article: rules propose, the learned model decides, rules fill in the details.

1. The rule reader (`rules/records.py`) reads the article as it always did; its records are
   candidates and its verdicts features.
2. `candidates.py` proposes every actor in every sentence that may state a position; `features.py`
   describes each; `model.py` gives, for each candidate and kind, the probability that it is a
   position and the probability of each status, and a calibrated confidence for their product.
3. Each (actor, kind, status) whose confidence reaches the model's threshold is a position. Its
   details (recipient, package and components, condition, years) are the rule reader's where it read
   the same actor and kind in the same sentence; otherwise they are read from the sentence with the
   same rules (the beneficiary after "to" or "for"). Its amount is the figure of its sentence that
   the learned figure model (`amount_choice`) picks, or none where it picks none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.tokens import Doc

from pledgewatch.model import Amount, Article, Kind, Record, Status
from pledgewatch.reading.admission import admissible
from pledgewatch.reading.amount_choice import AmountChooser, other_actor_tokens
from pledgewatch.reading.candidates import Candidate, CandidateFinder
from pledgewatch.reading.embedding import CandidateVectors, candidate_vectors
from pledgewatch.reading.features import CandidateFeatures, article_context, candidate_features
from pledgewatch.reading.model import KINDS, STATUSES, ReaderModel, shipped_model, status_features, tag
from pledgewatch.reading.rules.headlines import headline_end
from pledgewatch.reading.rules.records import BENEFITING_VERBS, ArticleReader, evidence_of
from pledgewatch.reading.running_totals import is_running_total

# Below this kind probability a candidate is not worth the status model's time.
KIND_FLOOR = 0.05
MONEY_KINDS = frozenset({Kind.MILITARY_AID, Kind.FINANCIAL_AID, Kind.HUMANITARIAN_AID, Kind.RECONSTRUCTION})


@dataclass
class Analysis:
    """What the reader knows of one article before the model decides: for training and reading alike."""

    article: Article
    doc: Doc
    rules: ArticleReader
    rule_records: list[Record]
    candidates: list[Candidate]
    features: list[CandidateFeatures]
    vectors: list[CandidateVectors]


@dataclass
class Position:
    actor: str
    kind: Kind
    status: Status
    confidence: float
    candidate: Candidate
    # The other sentences that state the same position well enough, with their confidence, in
    # document order: a second package or figure of the same actor and kind is a record of its own.
    restated: list[tuple[Candidate, float]] = field(default_factory=list)


def analyse(doc: Doc, article: Article) -> Analysis:
    rules = ArticleReader(doc, article)
    # The candidates need a resolver as it stands before the rule reader reads a sentence (reading
    # notes subjects for the pronouns after): a copy, taken now, rather than a second one built.
    resolver = rules.actors.copy()
    rule_records = rules.read()
    finder = CandidateFinder(doc, resolver, rules.amounts)
    candidates = finder.find(rule_records)
    text = rules.text
    context = article_context(
        candidates, headline_end(text, article.title), resolver.main_actor, finder.article_cues, text
    )
    per_sentence = Counter(c.sent.start for c in candidates)
    features = [candidate_features(c, context, per_sentence[c.sent.start]) for c in candidates]
    return Analysis(article, doc, rules, rule_records, candidates, features, candidate_vectors(doc, candidates))


def scored_positions(analysis: Analysis, model: ReaderModel, floor: float | None = None) -> list[Position]:
    """Every (actor, kind, status) the model gives a confidence of at least `floor` (default: its
    threshold), each with its most confident sentence and the other sentences that pass; one
    article's positions are unique."""
    floor = model.threshold if floor is None else floor
    every: dict[tuple[str, Kind, Status], list[tuple[Candidate, float]]] = defaultdict(list)
    looked_up: dict[int, np.ndarray] = {}  # by the id of a feature list that candidates share
    own_scores: dict[tuple[int, int], float] = {}  # by kind row and the id of the kind's feature list
    # The dense columns' shares that candidates share, by the ids of the vectors (`candidate_vectors`
    # gives the candidates of a sentence the same sentence, article and cue-window arrays).
    contexts: dict[tuple[int, int], np.ndarray] = {}
    cue_shares: dict[tuple[tuple[Kind, int], ...], tuple[list[int], np.ndarray] | None] = {}

    def indices(features: list[str]) -> np.ndarray:
        found = looked_up.get(id(features))
        if found is None:
            found = looked_up[id(features)] = model.indices(features)
        return found

    def tagged(kind: Kind, features: list[str]) -> np.ndarray:
        """The status model's own inputs for a kind: the kind, and its features tagged with it."""
        key = -id(features) - 1
        found = looked_up.get(key)
        if found is None:
            found = looked_up[key] = model.indices(status_features([], kind, []) + tag(kind, features))
        return found

    def own_score(row: int, features: list[str]) -> float:
        key = (row, id(features))
        found = own_scores.get(key)
        if found is None:
            found = own_scores[key] = model.own_kind_score(row, indices(features))
        return found

    for cand, feats, vectors in zip(analysis.candidates, analysis.features, analysis.vectors, strict=True):
        shared = np.concatenate([indices(part) for part in feats.parts])  # the parts name disjoint features
        by_kind = feats.by_kind
        own = np.array([own_score(row, by_kind[kind]) for row, kind in enumerate(KINDS)])
        context_key = (id(vectors.sentence), id(vectors.article))
        context = contexts.get(context_key)
        if context is None:
            context = contexts[context_key] = model.dense_context(vectors.sentence, vectors.article)
        cues_key = tuple((kind, id(v)) for kind, v in vectors.cues.items())
        if cues_key not in cue_shares:
            cue_shares[cues_key] = model.dense_cues(vectors.cues)
        kind_dense, status_dense = model.dense_combined(context, vectors.actor, cue_shares[cues_key])
        kind_p = model.kind_probabilities(shared, own, kind_dense).tolist()
        named_money: frozenset[Kind] | None = None  # read only where a money kind passes the floor
        for row, kind in enumerate(KINDS):
            if kind_p[row] < KIND_FLOOR or model.calibration.highest(kind_p[row]) < floor:
                continue  # the calibration rises with the score: no status can lift it over the floor
            if kind in MONEY_KINDS:
                if named_money is None:
                    named_money = cand.worded_kinds & MONEY_KINDS
                if named_money and kind not in named_money and kind not in cand.rule_statuses:
                    continue  # "200 million dollars for reconstruction": the sentence says what its sum is for
            status_p = model.status_probabilities(
                np.concatenate([shared, indices(by_kind[kind]), tagged(kind, by_kind[kind])]), status_dense[row]
            )
            order = status_p.argsort()[::-1]
            ruled = cand.rule_statuses.get(kind, set())
            for column in order[:2]:
                status = STATUSES[column]
                confidence = model.calibration(kind_p[row] * float(status_p[column]), ruled=status in ruled)
                if confidence < floor:
                    continue
                key = (cand.actor, kind, status)
                every[key].append((cand, confidence))
    positions = []
    for (actor, kind, status), found in every.items():
        cand, confidence = max(found, key=lambda f: f[1])
        restated = sorted((f for f in found if f[0] is not cand), key=lambda f: f[0].sent.start)
        positions.append(Position(actor, kind, status, confidence, cand, restated))
    return sorted(positions, key=lambda p: (p.candidate.sent.start, str(p.kind), p.actor))


def read_article(doc: Doc, article: Article, model: ReaderModel | None = None) -> list[Record]:
    """The records one parsed article states; see the module docstring."""
    model = model or shipped_model()
    analysis = analyse(doc, article)
    positions = scored_positions(analysis, model)
    return assemble(analysis, positions, model.amounts)


def assemble(analysis: Analysis, positions: list[Position], chooser: AmountChooser | None = None) -> list[Record]:
    """Records for the positions, with the rule reader's details; packages keep their components.
    Amounts are the figure model's choice (`chooser`, by default the shipped one)."""
    chooser = chooser or shipped_model().amounts
    rule_records = analysis.rule_records
    chosen: list[tuple[int | None, Record]] = []  # (index among the rule records, record)
    taken: set[int] = set()
    for position in positions:
        same = [
            n
            for n, r in enumerate(rule_records)
            if (r.actor, r.kind, r.status) == (position.actor, position.kind, position.status)
        ]
        if not same:
            sent = position.candidate.sent
            same_sentence = [
                n
                for n, r in enumerate(rule_records)
                if (r.actor, r.kind) == (position.actor, position.kind)
                and sent.start_char <= r.evidence_start < sent.end_char
            ]
            same = same_sentence[:1]
        if same:
            for n in same:
                if n in taken:
                    continue
                taken.add(n)
                record = rule_records[n]
                if record.status is not position.status:
                    record = replace(record, status=position.status, part_of=None)
                record = _rechosen(analysis, record, chooser)
                chosen.append((n, _finish(analysis, record, position.confidence)))
        else:
            record = _from_candidate(analysis, *_with_figure(analysis, position, chooser))
            chosen.append((None, _finish(analysis, record, position.confidence)))
        chosen += [(None, record) for record in _restated_figures(analysis, position, [r for _, r in chosen], chooser)]
    text = analysis.rules.text
    chosen = [(old, record) for old, record in chosen if admissible(record, text)]
    # Components point at their package by index: renumber within what was kept.
    new_index = {old: new for new, (old, _r) in enumerate(chosen) if old is not None}
    records = []
    for old, record in chosen:
        part_of = record.part_of
        if old is not None and part_of is not None:
            record = replace(record, part_of=new_index.get(part_of))
        records.append(record)
    return records


def _rechosen(analysis: Analysis, record: Record, chooser: AmountChooser) -> Record:
    """A rule record that is no component of a package takes the figure model's amount from its
    sentence: the rule reader's first figure of the right unit is often a conversion, last year's
    budget or another giver's share (held-out train articles, amounts F1: the learned figure only for
    records the rules did not draft 0.504-0.508, for these too 0.518)."""
    if record.part_of is not None:
        return record
    for cand in analysis.candidates:
        if cand.actor == record.actor and cand.sent.start_char <= record.evidence_start < cand.sent.end_char:
            return replace(record, amount=_amount_for(analysis, cand, record.kind, record.status, chooser))
    return record


def _restated_figures(
    analysis: Analysis, position: Position, records: list[Record], chooser: AmountChooser
) -> list[Record]:
    """Records of the position's other sentences that give it a figure no record of it has yet:
    "a first package of $200 million ... a second of $150 million" is two records (LEDGER rule 3:
    money packages are each a record; any other position is one record per article)."""
    if position.kind not in MONEY_KINDS:
        return []
    triple = (position.actor, position.kind, position.status)
    known = {_figure(r.amount) for r in records if (r.actor, r.kind, r.status) == triple and r.amount}
    out = []
    for cand, confidence in position.restated:
        other = replace(position, candidate=cand, confidence=confidence, restated=[])
        amount = _amount_for(analysis, cand, position.kind, position.status, chooser)
        if amount is None or _figure(amount) in known:
            continue
        known.add(_figure(amount))
        out.append(_finish(analysis, _from_candidate(analysis, other, amount), confidence))
    return out


def _with_figure(analysis: Analysis, position: Position, chooser: AmountChooser) -> tuple[Position, Amount | None]:
    """The position, read from the sentence that gives its amount, and that amount. A position that
    is one record (not money) and whose most confident sentence gives no figure is read from the
    first other sentence that gives one: "Canada will lead the battlegroup ... The contingent will
    grow to 2,200 soldiers" is one record, with 2,200 (held-out train articles: amounts F1 0.455 ->
    0.461, evidence 0.680 -> 0.684)."""

    def figure(cand: Candidate) -> Amount | None:
        return _amount_for(analysis, cand, position.kind, position.status, chooser)

    amount = figure(position.candidate)
    if position.kind in MONEY_KINDS or amount is not None:
        return position, amount
    for cand, _confidence in position.restated:
        amount = figure(cand)
        if amount is not None:
            return replace(position, candidate=cand), amount
    return position, None


def _figure(amount: Amount) -> tuple[float, str]:
    return round(amount.value, 6), amount.unit


def _finish(analysis: Analysis, record: Record, confidence: float) -> Record:
    running = record.amount is not None and is_money_unit(record.amount) and is_running_total(record.evidence)
    return replace(record, confidence=round(confidence, 3), running_total=running)


def is_money_unit(amount: Amount) -> bool:
    return len(amount.unit) == 3 and amount.unit.isupper()


def _from_candidate(analysis: Analysis, position: Position, amount: Amount | None) -> Record:
    """A record the rule reader did not draft: its evidence is the candidate's sentence, its amount
    the figure model's choice there (`amount`), its recipient the beneficiary the sentence names."""
    cand = position.candidate
    text = analysis.rules.text
    sent = cand.sent
    start, evidence = evidence_of(text, sent)
    recipient = None
    if position.kind is not Kind.SPENDING_TARGET and position.status is not Status.REQUESTED:
        recipient = _recipient_in(analysis, cand)
    return Record(
        article=analysis.article.id,
        actor=position.actor,
        kind=position.kind,
        status=position.status,
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        recipient=recipient,
        amount=amount,
    )


def _amount_for(
    analysis: Analysis, cand: Candidate, kind: Kind, status: Status, chooser: AmountChooser
) -> Amount | None:
    """The figure of the candidate's sentence the figure model takes for the position, if any."""
    in_sentence = [c for c in analysis.candidates if c.sent.start == cand.sent.start]
    return chooser.choose(cand, kind, status, other_actor_tokens(cand, in_sentence))


def _recipient_in(analysis: Analysis, cand: Candidate) -> str | None:
    """The state the sentence names as the beneficiary: after 'to', 'for', 'in' or 'into', as an
    indirect object, as what is supported or armed, or as the owner of the forces that receive
    ("Ukrainian troops"); else the article's main beneficiary."""
    resolver = analysis.rules.actors
    for token, actor, role in resolver.mentions(cand.sent):
        if actor in {cand.actor, "PERSON", "NONE"}:
            continue
        head = token.head
        if (
            (token.dep_ == "pobj" and head.lower_ in {"to", "for", "in", "into"})
            or token.dep_ == "dative"
            or (token.dep_ == "dobj" and head.lemma_.lower() in BENEFITING_VERBS)
            or (role == "demonym" and token.dep_ == "amod")
        ):
            return actor
    default = analysis.rules.default_recipient
    return default if default != cand.actor else None


__all__ = ["Analysis", "Position", "analyse", "assemble", "read_article", "scored_positions"]
