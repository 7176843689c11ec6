"""Candidates: every actor in every sentence that could state a position, proposed generously.

The learned model (`reading.model`) decides, for each candidate and each of the 13 kinds, whether
the sentence states that actor's position on that kind, and with which status. What is not proposed
here can never be found, so this step trades precision for recall: a candidate is an actor the
sentence names, refers to ("it", "the government", "the alliance") or, when the sentence names none
but cues a contribution, inherits from the sentence before or from the article's main actor. Every
kind is open for every candidate (the lexicon misses wordings such as "sent ten experts"); the cues
the sentence does hold (a kind phrase from `kinds.json`, a money figure for the money kinds, a share
of GDP for spending targets) are kept as evidence for the model. The rule reader's records are
candidates too, with their verdicts, so whatever it reads is never lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pledgewatch.model import Kind, Record, Status
from pledgewatch.reading import lexicon
from pledgewatch.reading.rules.actors import GOVERNMENT_NOUNS, PERSON_PRONOUNS, PRONOUNS, ActorResolver
from pledgewatch.reading.rules.amounts import AmountMention
from pledgewatch.reading.rules.drafts import is_money
from pledgewatch.reading.rules.records import note_subject

MONEY_CANDIDATE_KINDS = (Kind.MILITARY_AID, Kind.FINANCIAL_AID, Kind.HUMANITARIAN_AID, Kind.RECONSTRUCTION)
PLURAL_PRONOUNS = frozenset({"they", "we", "their", "our", "i"})
# Ways of naming an organisation already in play: "the alliance", "allies", "the bloc", "member states".
ORGANISATION_WORDS = frozenset({"alliance", "ally", "bloc", "member", "union"})
# The pronouns as the hashes of their lower-case forms (a token's LOWER), for `_actors_in`.
_REFERRING_PRONOUN_IDS = frozenset(get_string_id(w) for w in PRONOUNS | PERSON_PRONOUNS)
_PLURAL_PRONOUN_IDS = frozenset(get_string_id(w) for w in PLURAL_PRONOUNS)
_PRONOUN_IDS = _REFERRING_PRONOUN_IDS | _PLURAL_PRONOUN_IDS


@dataclass
class Candidate:
    """One actor in one sentence, with the tokens that tie it and each cued kind to the sentence."""

    actor: str
    sent: Span
    actor_tokens: list[Token] = field(default_factory=list)
    # how the actor came into the sentence: named, reference, context (sentence before), main, rules
    actor_source: str = "named"
    actor_role: str = ""
    cues: dict[Kind, list[Token]] = field(default_factory=dict)
    amounts: list[AmountMention] = field(default_factory=list)
    rule_statuses: dict[Kind, set[Status]] = field(default_factory=dict)
    rule_records: list[Record] = field(default_factory=list)
    index: int = 0  # the sentence's position in the article
    # the kinds cued in the sentences before and after: "The mission ... They are Belgium, ..."
    before: frozenset[Kind] = frozenset()
    after: frozenset[Kind] = frozenset()

    @property
    def worded_kinds(self) -> frozenset[Kind]:
        """The kinds a phrase of the sentence names (not only a money figure)."""
        figures = {token.i for tokens in self.cues.values() for token in tokens if token.like_num or token.is_currency}
        return frozenset(k for k, tokens in self.cues.items() if any(t.i not in figures for t in tokens))

    def nearest_cue(self, kind: Kind) -> Token | None:
        """The kind's cue the features and vectors read: the one nearest the actor, else the first."""
        cues = self.cues.get(kind)
        if not cues:
            return None
        actor = self.actor_tokens[0] if self.actor_tokens else None
        return cues[0] if actor is None else min(cues, key=lambda t: abs(t.i - actor.i))

    @property
    def key(self) -> tuple[str, int]:
        return self.actor, self.sent.start


def sentence_cues(cue_spans: list[Span], amounts: list[AmountMention], doc: Doc) -> dict[Kind, list[Token]]:
    """The kinds a sentence cues, each with the tokens that cue it."""
    kinds: dict[Kind, list[Token]] = {}
    for span in cue_spans:
        kinds.setdefault(Kind(span.label_), []).append(span.root)
    for mention in amounts:
        token = token_at(doc, mention.start)
        if token is None:
            continue
        if mention.unit in {"percent_gdp", "multiplier"}:
            kinds.setdefault(Kind.SPENDING_TARGET, []).append(token)
        elif is_money(mention) and not mention.is_conversion:
            for kind in MONEY_CANDIDATE_KINDS:
                kinds.setdefault(kind, []).append(token)
    return kinds


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


class CandidateFinder:
    """Walks one article's sentences in order, keeping who was last named for the references after."""

    def __init__(self, doc: Doc, resolver: ActorResolver, amounts: list[AmountMention]) -> None:
        self.doc = doc
        self.resolver = resolver
        self.amounts = sorted(amounts, key=lambda m: m.start)
        self.organisations = lexicon.actors().organisations
        self.cue_spans = sorted(doc.spans.get("kinds", []), key=lambda s: s.start)
        # Every token's lower-case form, part of speech and lemma as hashes, read once: most words of
        # a sentence are no reference, and that is told from the hashes without making a Token.
        self._rows = doc.to_array([LOWER, POS, LEMMA]).tolist()
        self._lemmas: dict[int, str] = {}  # lemma hash -> lower-cased lemma

    def find(self, rule_records: Iterable[Record] = ()) -> list[Candidate]:
        found: dict[tuple[str, int], Candidate] = {}
        previous: list[tuple[str, str]] = []
        sents = list(self.doc.sents)
        cued = [self._cues(sent) for sent in sents]
        self.article_cues = Counter(kind for cues in cued for kind, tokens in cues.items() for _ in tokens)
        for index, sent in enumerate(sents):
            cues = cued[index]
            amounts = [m for m in self.amounts if sent.start_char <= m.start < sent.end_char]
            before = frozenset(cued[index - 1]) if index else frozenset()
            after = frozenset(cued[index + 1]) if index + 1 < len(sents) else frozenset()
            actors = self._actors_in(sent)
            present = actors
            if not actors and cues:
                present = [(actor, [], "context", role) for actor, role in previous]
                main = self.resolver.main_actor
                if main and all(actor != main for actor, _role in previous):
                    present.append((main, [], "main", ""))
            for actor, tokens, source, role in present:
                cand = Candidate(actor, sent, list(tokens), source, role, cues, amounts, index=index)
                cand.before, cand.after = before, after
                found.setdefault(cand.key, cand)
            named = [(actor, role) for actor, _tokens, source, role in actors if source == "named"]
            if named:
                previous = list(dict.fromkeys(named))
            self._note_subject(sent)
        self._add_rule_records(found, rule_records)
        return list(found.values())

    def _cues(self, sent: Span) -> dict[Kind, list[Token]]:
        cue_spans = [s for s in self.cue_spans if sent.start <= s.start < sent.end]
        amounts = [m for m in self.amounts if sent.start_char <= m.start < sent.end_char]
        return sentence_cues(cue_spans, amounts, self.doc)

    def _actors_in(self, sent: Span) -> list[tuple[str, list[Token], str, str]]:
        """(actor, its tokens, how it is present, its role) for each actor the sentence names or refers to."""
        by_actor: dict[str, tuple[list[Token], str, str]] = {}
        for token, actor, role in self.resolver.mentions(sent):
            if actor in {"PERSON", "NONE"}:
                continue
            by_actor.setdefault(actor, ([], "named", role))[0].append(token)
        rows, named, doc = self._rows, self.resolver.tokens, self.doc
        for i in range(sent.start, sent.end):
            lower, pos, lemma_id = rows[i]
            if i in named or (lower not in _PRONOUN_IDS and pos != NOUN and pos != PROPN):
                continue  # a word that is neither a pronoun nor a noun refers to no actor
            actor = None
            if lower in _REFERRING_PRONOUN_IDS:
                actor = self.resolver.refer(doc[i])
            elif lower in _PLURAL_PRONOUN_IDS:
                actor = self.resolver.last_actor or self.resolver.main_actor
            elif pos == NOUN and self._lemma(lemma_id) in GOVERNMENT_NOUNS:
                actor = self.resolver.refer(doc[i])
            elif self._lemma(lemma_id) in ORGANISATION_WORDS:
                actor = self.resolver.main_organisation
            if actor and actor not in by_actor:
                by_actor[actor] = ([doc[i]], "reference", "")
        return [(actor, tokens, source, role) for actor, (tokens, source, role) in by_actor.items()]

    def _lemma(self, lemma_id: int) -> str:
        found = self._lemmas.get(lemma_id)
        if found is None:
            found = self._lemmas[lemma_id] = self.doc.vocab.strings[lemma_id].lower()
        return found

    def _note_subject(self, sent: Span) -> None:
        """Who the sentence is about, for the pronouns of the next ones (as the rule reader notes it)."""
        note_subject(self.resolver, sent)

    def _add_rule_records(self, found: dict[tuple[str, int], Candidate], records: Iterable[Record]) -> None:
        sents = {s.start: (n, s) for n, s in enumerate(self.doc.sents)}
        for record in records:
            span = self.doc.char_span(record.evidence_start, record.evidence_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            index, sent = sents[span[0].sent.start]
            cand = found.get((record.actor, sent.start))
            if cand is None:
                tokens = [t for t, actor, _role in self.resolver.mentions(sent) if actor == record.actor]
                amounts = [m for m in self.amounts if sent.start_char <= m.start < sent.end_char]
                cand = Candidate(record.actor, sent, tokens, "rules", "", {}, amounts, index=index)
                cand.cues = sentence_cues(
                    [s for s in self.cue_spans if sent.start <= s.start < sent.end], amounts, self.doc
                )
                found[cand.key] = cand
            cand.rule_statuses.setdefault(record.kind, set()).add(record.status)
            cand.rule_records.append(record)


__all__ = ["Candidate", "CandidateFinder", "sentence_cues", "token_at"]
