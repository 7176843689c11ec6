"""Features of a candidate, as a linguist would name them, for the learned decisions.

A candidate (an actor in a sentence) becomes a bag of named string features in two parts. The
shared part describes the actor and its sentence: how the actor is present, where the sentence
stands, its words, the words around the actor, the actor's grammatical role and the verb that
governs it with its modals, negation and tense, and how the article treats the actor elsewhere (its
main actor, the one things are given to). The part of each kind describes that kind's cue in the
sentence if there is one: the words around it, the dependency path from the actor to it with the
words, negations and modals on it, the verb that governs the cue, the rule reader's verdict, and
whether the sentences around cue the kind. Strings keep the model
explainable: every weight has a name (`python -m pledgewatch.reading.explain` prints them). Word
pairs and the words of the sentence before (0.4905 against 0.4923), and the rule reader's status
reading from the actor's head and from each cue (0.4935 against 0.4913; where the rules read a
pair their status is used anyway) were tried and add nothing in cross-validation, within the folds'
spread of 0.02: left out, the model is smaller and faster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM
from spacy.tokens import Doc, Span, Token

from pledgewatch.model import Kind, Status
from pledgewatch.reading import lexicon
from pledgewatch.reading.candidates import Candidate

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
    text: str = ""  # the article's text, read once (Doc.text joins every token each time it is read)
    # Features of one sentence, token or (cue, actor) pair, computed once: candidates share them.
    cache: dict[tuple[object, ...], Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CandidateFeatures:
    shared: list[str]
    by_kind: dict[Kind, list[str]]
    # The pieces `shared` is made of; pieces and kind lists are shared between candidates where they
    # are equal (one sentence's words, one cue's path), so the model looks each up once.
    parts: tuple[list[str], ...] = ()

    def for_kind(self, kind: Kind) -> list[str]:
        return self.shared + self.by_kind[kind]


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def path_to_root(token: Token, limit: int = 12) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < limit:
        path.append(path[-1].head)
    return path


def _meeting(up_a: list[Token], up_b: list[Token]) -> tuple[list[Token], list[Token], Token | None]:
    """From two tokens' paths to the root (`_path`): the tokens of each up to their lowest common
    ancestor (excluded), and the ancestor."""
    index_a = {t.i: n for n, t in enumerate(up_a)}
    for n, token in enumerate(up_b):
        if token.i in index_a:
            return up_a[: index_a[token.i]], up_b[:n], token
    return up_a, up_b, None


def _first_verb(path: list[Token]) -> Token | None:
    for node in path:
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def _path(token: Token, context: ArticleContext) -> list[Token]:
    """`path_to_root`, once per token and article: a token's path serves its governing verb and
    every dependency path from or to it, and walking heads makes a Token at every step."""
    key = ("path", token.i)
    found = context.cache.get(key)
    if found is None:
        found = context.cache[key] = path_to_root(token)
    return found


def _verb_features(verb: Token, prefix: str, context: ArticleContext) -> list[str]:
    """`verb_features`, once per verb and prefix and article: one verb governs many actors and cues."""
    key = ("verb", verb.i, prefix)
    found = context.cache.get(key)
    if found is None:
        found = context.cache[key] = verb_features(verb, prefix)
    return found


def _lemmas(doc: Doc, context: ArticleContext) -> tuple[list[str], list[bool]]:
    """The lower-cased lemma of every token of the article ("#NUM" for a number), and whether it is a
    word (not space, not punctuation), read once from the Doc's columns: the sentences and windows
    of the candidates overlap, and a Token made for each read cost more than the reading."""
    key = ("lemmas",)
    found = context.cache.get(key)
    if found is None:
        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, LIKE_NUM, IS_SPACE, IS_PUNCT]).tolist()
        lemmas = ["#NUM" if number else strings[lemma_id].lower() for lemma_id, number, _s, _p in rows]
        words = [not (space or punct) for _l, _n, space, punct in rows]
        found = context.cache[key] = (lemmas, words)
    return found


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
    candidates: list[Candidate],
    headline_end: int,
    main_actor: str | None,
    kind_counts: Counter[Kind],
    text: str,
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
    return ArticleContext(headline_end, main_actor, subjects, receivers, mentions, kind_counts, text)


def candidate_features(cand: Candidate, context: ArticleContext, actors_in_sentence: int) -> CandidateFeatures:
    """The named features of one candidate; see the module docstring."""
    sent = cand.sent
    actor = cand.actor
    shared = [
        "bias",
        f"source={cand.actor_source}",
        f"role={cand.actor_role}",
        f"organisation={actor in lexicon.actors().organisations}",
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
    words = _sentence_features(sent, context)
    around = _actor_features(cand.actor_tokens, context, sent)
    by_kind = _kinds_features(cand, context)
    return CandidateFeatures([*shared, *words, *around], by_kind, (shared, words, around))


def _sentence_features(sent: Span, context: ArticleContext) -> list[str]:
    key = ("sentence", sent.start)
    if key not in context.cache:
        all_lemmas, is_word = _lemmas(sent.doc, context)
        lemmas = {all_lemmas[i] for i in range(sent.start, sent.end) if is_word[i]}
        feats = [f"w={w}" for w in sorted(lemmas - STOP_LEMMAS)]
        text = context.text[sent.start_char : sent.end_char]
        if any(q in text for q in ('"', "“", "”")):
            feats.append("quote")
        context.cache[key] = feats
    return context.cache[key]


def _window(token: Token, prefix: str, sent: Span, context: ArticleContext) -> list[str]:
    feats = []
    lemmas, _words = _lemmas(token.doc, context)  # the sentence is passed in: Token.sent scans the Doc
    for offset in (-3, -2, -1, 1, 2, 3):
        i = token.i + offset
        if sent.start <= i < sent.end:
            word = lemmas[i]
            feats.append(f"{prefix}{offset:+d}={word}")
            feats.append(f"{prefix}.near={word}")
    return feats


def _actor_features(tokens: list[Token], context: ArticleContext, sent: Span) -> list[str]:
    if not tokens:
        return ["a.none"]
    token = tokens[0]
    key = ("actor", token.i)
    if key in context.cache:
        return context.cache[key]
    feats = [*_window(token, "a", sent, context), f"a.dep={token.dep_}"]
    if token.head.i != token.i:
        feats += [f"a.head={token.head.lemma_.lower()}", f"a.dep.head={token.dep_}|{token.head.lemma_.lower()}"]
    verb = _first_verb(_path(token, context))
    if verb is not None:
        feats.extend(_verb_features(verb, "a.verb", context))
    context.cache[key] = feats
    return feats


def _kinds_features(cand: Candidate, context: ArticleContext) -> dict[Kind, list[str]]:
    """The features of every kind for one candidate. Most kinds have no cue in a sentence, so most
    lists are shared by many candidates: each is keyed by what it is made of and made once."""
    actor = cand.actor_tokens[0] if cand.actor_tokens else None
    actor_i = -1 if actor is None else actor.i
    rule_statuses, cues, before, after, cache = cand.rule_statuses, cand.cues, cand.before, cand.after, context.cache
    out = {}
    for kind in Kind:
        statuses = tuple(sorted(rule_statuses[kind])) if kind in rule_statuses else ()
        cue = cand.nearest_cue(kind) if cues.get(kind) else None
        key = (
            "kind", kind, kind in before, kind in after, statuses,
            -1 if cue is None else cue.i, -1 if cue is None else actor_i,
        )  # fmt: skip
        feats = cache.get(key)
        if feats is None:
            feats = cache[key] = _kind_features(cand, kind, statuses, actor, cue, context)
        out[kind] = feats
    return out


def _kind_features(
    cand: Candidate, kind: Kind, statuses: tuple[Status, ...], actor: Token | None, cue: Token | None,
    context: ArticleContext,
) -> list[str]:  # fmt: skip
    feats = [
        f"k={kind}",
        f"k.before={kind in cand.before}",
        f"k.after={kind in cand.after}",
        f"k.article={bucket(context.kind_counts[kind], (0, 1, 2, 4, 8))}",
    ]
    feats += [f"k.rule={s}" for s in statuses] if statuses else ["k.rule=none"]
    if cue is None:
        feats.append("k.cue=none")
    else:
        feats += ["k.cue", *_cue_features(cue, actor, context, cand.sent)]
    return feats


def _cue_features(cue: Token, actor: Token | None, context: ArticleContext, sent: Span) -> list[str]:
    """What a cue says and how the actor reaches it; the four money kinds share one figure's."""
    key = ("cue", cue.i, -1 if actor is None else actor.i)
    if key in context.cache:
        return context.cache[key]
    feats = [f"k.cue.lemma={cue.lemma_.lower()}", f"k.cue.dep={cue.dep_}"]
    feats += [f"k.{f}" for f in _window(cue, "c", sent, context)]
    if cue.head.i != cue.i:
        feats.append(f"k.cue.head={cue.head.lemma_.lower()}")
    verb = _first_verb(_path(cue, context))
    if verb is not None:
        feats.extend(_verb_features(verb, "k.cverb", context))
    if actor is not None:
        feats.extend(_path_features(actor, cue, context))
    context.cache[key] = feats
    return feats


def _path_features(actor: Token, cue: Token, context: ArticleContext) -> list[str]:
    feats = [
        f"k.order={'actor_first' if actor.i < cue.i else 'cue_first'}",
        f"k.distance={bucket(abs(actor.i - cue.i))}",
    ]
    up_a, up_c, top = _meeting(_path(actor, context), _path(cue, context))
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
]
