"""Features of a candidate, as a linguist would name them, for the learned decisions.

A candidate (an actor in a sentence) becomes a bag of named string features in two parts. The
shared part describes the actor and its sentence: how the actor is present, where the sentence
stands, its words, the words around the actor, the actor's grammatical role and the verb that
governs it with its modals, negation and tense, and how the article treats the actor elsewhere (its
main actor, the one things are given to). The part of each kind describes that kind's cue in the
sentence if there is one: the words around it, the dependency path from the actor to it with the
words, negations and modals on it, the verb that governs the cue, the rule reader's status reading
from the cue and its verdict, and whether the sentences around cue the kind. Strings keep the model
explainable: every weight has a name (`python -m pledgewatch.reading.explain` prints them). Word
pairs and the words of the sentence before were tried and add nothing in cross-validation (0.4905
against 0.4923, within the folds' spread of 0.02): left out, the model is smaller and faster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Token

from pledgewatch.model import Kind
from pledgewatch.reading.candidates import Candidate
from pledgewatch.reading.rules.status import read_status

STOP_LEMMAS = frozenset({"the", "a", "an", "of", "and", "'s", "’s", "be"})
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "shall"})
NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "without"})
RECEIVING_PREPOSITIONS = frozenset({"to", "for", "in", "into", "with"})


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article says about its actors, for features no single sentence holds."""

    headline_end: int
    main_actor: str | None
    subject_counts: Counter[str]
    receiver_counts: Counter[str]
    mention_counts: Counter[str]
    kind_counts: Counter[Kind]


@dataclass(frozen=True)
class CandidateFeatures:
    shared: list[str]
    by_kind: dict[Kind, list[str]]

    def for_kind(self, kind: Kind) -> list[str]:
        return self.shared + self.by_kind[kind]


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def lemma(token: Token) -> str:
    return "#NUM" if token.like_num else token.lemma_.lower()


def path_to_root(token: Token, limit: int = 12) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < limit:
        path.append(path[-1].head)
    return path


def dependency_path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token | None]:
    """Tokens from `a` up to the lowest common ancestor (excluded), from `b` up to it, and the ancestor."""
    up_a = path_to_root(a)
    index_a = {t.i: n for n, t in enumerate(up_a)}
    up_b = path_to_root(b)
    for n, token in enumerate(up_b):
        if token.i in index_a:
            return up_a[: index_a[token.i]], up_b[:n], token
    return up_a, up_b, None


def governing_verb(token: Token) -> Token | None:
    for node in path_to_root(token):
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def verb_features(verb: Token, prefix: str) -> list[str]:
    """The verb's lemma, tense tag, negation, modals, perfect aspect, infinitive, subordinator."""
    feats = [f"{prefix}={verb.lemma_.lower()}", f"{prefix}.tag={verb.tag_}", f"{prefix}.dep={verb.dep_}"]
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg" or word in NEGATIONS:
            feats.append(f"{prefix}.neg")
        if child.tag_ == "MD" or word in MODALS:
            feats.append(f"{prefix}.modal={word}")
        if child.dep_ in {"aux", "auxpass"} and word in {"has", "have", "had"}:
            feats.append(f"{prefix}.perfect")
        if child.dep_ == "aux" and word == "to":
            feats.append(f"{prefix}.infinitive")
        if child.dep_ == "mark":
            feats.append(f"{prefix}.mark={word}")
        if child.dep_ == "advmod":
            feats.append(f"{prefix}.advmod={child.lemma_.lower()}")
    if verb.head.i != verb.i:
        feats.append(f"{prefix}.head={verb.head.lemma_.lower()}")
    return feats


def article_context(
    candidates: list[Candidate], headline_end: int, main_actor: str | None, kind_counts: Counter[Kind]
) -> ArticleContext:
    subjects: Counter[str] = Counter()
    receivers: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for cand in candidates:
        mentions[cand.actor] += 1
        for token in cand.actor_tokens:
            if token.dep_ in {"nsubj", "nsubjpass"}:
                subjects[cand.actor] += 1
            elif token.dep_ in {"pobj", "dative"} and token.head.lower_ in RECEIVING_PREPOSITIONS | {"to"}:
                receivers[cand.actor] += 1
    return ArticleContext(headline_end, main_actor, subjects, receivers, mentions, kind_counts)


def candidate_features(cand: Candidate, context: ArticleContext, actors_in_sentence: int) -> CandidateFeatures:
    """The named features of one candidate; see the module docstring."""
    sent = cand.sent
    actor = cand.actor
    shared = [
        "bias",
        f"source={cand.actor_source}",
        f"role={cand.actor_role}",
        f"organisation={not (len(actor) == 3 and actor.isupper()) or actor in {'NATO'}}",
        f"headline={sent.start_char < context.headline_end}",
        f"sent_index={bucket(cand.index)}",
        f"actors_here={bucket(actors_in_sentence, (1, 2, 3, 5))}",
        f"main_actor={actor == context.main_actor}",
        f"subject_times={bucket(context.subject_counts[actor], (0, 1, 3, 6))}",
        f"receiver_times={bucket(context.receiver_counts[actor], (0, 1, 3, 6))}",
        f"receiver_more={context.receiver_counts[actor] > context.subject_counts[actor]}",
        f"mentions={bucket(context.mention_counts[actor], (1, 2, 4, 8))}",
        f"rule_any={bool(cand.rule_statuses)}",
    ]
    lemmas = [lemma(t) for t in sent if not t.is_space and not t.is_punct]
    shared += [f"w={w}" for w in set(lemmas) - STOP_LEMMAS]
    if any(q in sent.text for q in ('"', "“", "”")):
        shared.append("quote")
    shared.extend(_actor_features(cand.actor_tokens))
    by_kind = {kind: _kind_features(cand, kind, context) for kind in Kind}
    return CandidateFeatures(shared, by_kind)


def _window(token: Token, prefix: str) -> list[str]:
    feats = []
    doc, sent = token.doc, token.sent
    for offset in (-3, -2, -1, 1, 2, 3):
        i = token.i + offset
        if sent.start <= i < sent.end:
            word = lemma(doc[i])
            feats.append(f"{prefix}{offset:+d}={word}")
            feats.append(f"{prefix}.near={word}")
    return feats


def _actor_features(tokens: list[Token]) -> list[str]:
    if not tokens:
        return ["a.none"]
    token = tokens[0]
    feats = [*_window(token, "a"), f"a.dep={token.dep_}"]
    reading = read_status(token.head) if token.head.i != token.i else None
    feats.append(f"a.read={reading.status if reading else 'none'}")
    if token.head.i != token.i:
        feats += [f"a.head={token.head.lemma_.lower()}", f"a.dep.head={token.dep_}|{token.head.lemma_.lower()}"]
    verb = governing_verb(token)
    if verb is not None:
        feats.extend(verb_features(verb, "a.verb"))
    return feats


def _kind_features(cand: Candidate, kind: Kind, context: ArticleContext) -> list[str]:
    feats = [
        f"k={kind}",
        f"k.before={kind in cand.before}",
        f"k.after={kind in cand.after}",
        f"k.article={bucket(context.kind_counts[kind], (0, 1, 2, 4, 8))}",
    ]
    statuses = cand.rule_statuses.get(kind)
    feats += [f"k.rule={s}" for s in statuses] if statuses else ["k.rule=none"]
    cues = cand.cues.get(kind)
    if not cues:
        return [*feats, "k.cue=none"]
    feats.append("k.cue")
    cue = cues[0]
    if cand.actor_tokens:
        actor = cand.actor_tokens[0]
        cue = min(cues, key=lambda t: abs(t.i - actor.i))
    reading = read_status(cue)
    feats.append(f"k.read={reading.status if reading else 'none'}")
    if reading is not None and reading.condition:
        feats.append("k.read.condition")
    feats += [f"k.cue.lemma={cue.lemma_.lower()}", f"k.cue.dep={cue.dep_}"]
    feats += [f"k.{f}" for f in _window(cue, "c")]
    if cue.head.i != cue.i:
        feats.append(f"k.cue.head={cue.head.lemma_.lower()}")
    verb = governing_verb(cue)
    if verb is not None:
        feats.extend(verb_features(verb, "k.cverb"))
    if cand.actor_tokens:
        feats.extend(_path_features(cand.actor_tokens[0], cue))
    return feats


def _path_features(actor: Token, cue: Token) -> list[str]:
    feats = [
        f"k.order={'actor_first' if actor.i < cue.i else 'cue_first'}",
        f"k.distance={bucket(abs(actor.i - cue.i))}",
    ]
    up_a, up_c, top = dependency_path(actor, cue)
    if top is None:
        return [*feats, "k.path=disconnected"]
    deps_a = "/".join(t.dep_ for t in up_a)
    deps_c = "/".join(t.dep_ for t in up_c)
    feats += [
        f"k.path={deps_a}^{top.pos_}^{deps_c}",
        f"k.path.actor={deps_a}",
        f"k.path.top={top.lemma_.lower()}",
        f"k.path.len={bucket(len(up_a) + len(up_c))}",
    ]
    for token in (*up_c[1:], top):
        if token.pos_ in {"VERB", "AUX", "NOUN", "ADJ"}:
            feats.append(f"k.path.word={token.lemma_.lower()}")
        for child in token.children:
            if child.dep_ == "neg":
                feats.append("k.path.neg")
            if child.tag_ == "MD":
                feats.append(f"k.path.modal={child.lower_}")
    return feats


__all__ = [
    "ArticleContext",
    "CandidateFeatures",
    "article_context",
    "candidate_features",
    "dependency_path",
]
