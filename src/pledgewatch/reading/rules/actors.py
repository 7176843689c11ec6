"""Who takes a position: resolving names, capitals, demonyms, office holders and pronouns to actor ids.

A resolver lives for one article. It learns from the article itself which person speaks for which
state ("Canadian Prime Minister Mark Carney" teaches it that "Carney" is CAN), falls back on the
office-holder lexicon (terms checked against the article's date), and keeps the last actor named as
a subject so that "it", "the country" or "the government" can take it (rule 1 of LEDGER.md).
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from datetime import date

from spacy.attrs import ORTH, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from pledgewatch.reading import lexicon

PRONOUNS = frozenset({"it", "its", "itself", "this"})
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
# Nouns that stand for "the state we are talking about" when nothing else names it.
GOVERNMENT_NOUNS = frozenset(
    {
        "country", "nation", "government", "cabinet", "administration", "ministry", "state",
        "minister", "premier", "president", "chancellor", "leader", "office", "pm", "secretary",
        "side", "capital", "parliament", "mission", "operation", "programme", "program", "scheme",
    }
)  # fmt: skip
PERSON_NOUNS = frozenset({"minister", "premier", "president", "chancellor", "leader", "pm", "secretary"})
# Dependency labels under which a token is no longer part of the noun phrase that names the actor.
_NOT_IN_NP = frozenset({"prep", "relcl", "acl", "appos", "conj", "cc", "punct", "advcl"})


class ActorResolver:
    """Maps tokens of one article's Doc to actor ids; see the module docstring for the order of evidence."""

    def __init__(self, doc: Doc, published: date | None = None) -> None:
        self.lex = lexicon.actors()
        self.day = published
        self.tokens: dict[int, tuple[str, str]] = {}  # token index -> (actor, role)
        self._order: list[int] = []  # the keys of `tokens`, sorted, for `mentions`
        self.people: dict[str, str] = {}  # surname -> actor, learned from this article
        self.last_actor: str | None = None
        self.last_person_actor: str | None = None
        self.main_actor: str | None = None  # who the article is mostly about, for references before any name
        self.main_organisation: str | None = None  # whose "members" decide together (rule 9)
        for span in doc.spans.get("actors", []):
            if span.label_ == "NONE":
                continue  # "British Columbia": a place whose name holds a demonym
            if span.label_ == "PERSON":
                actor = self._office_holder(span.id_, _title_before(doc, span.start))
                if actor:
                    self._mark(span, actor, "person")
                    self.people.setdefault(span[-1].text, actor)
            else:
                self._mark(span, span.label_, span.id_)
        self._learn_people(doc)

    def copy(self) -> ActorResolver:
        """A resolver in this one's state with tables of its own. Before any sentence is read that is
        what a new resolver for the same Doc and date would be, without walking the Doc again: the
        reader's candidates take one while the rule reader goes on with the original."""
        twin = copy.copy(self)
        twin.tokens, twin._order, twin.people = dict(self.tokens), list(self._order), dict(self.people)
        return twin

    # -- set-up -------------------------------------------------------------------------------------

    def _mark(self, span: Span, actor: str, role: str) -> None:
        for token in span:
            self.tokens[token.i] = (actor, role)

    def _office_holder(self, name: str, title: str) -> str | None:
        """The actor a named office holder speaks for on the article's date, or as the title says.

        Without a date, a title decides between offices: "prime minister Mark Rutte" is the Dutch
        head of government, "Secretary-General Mark Rutte" speaks for NATO.
        """
        holders = list(self.lex.holders_named(name))
        if self.day is not None:
            serving = [h for h in holders if h.holds_office_on(self.day)]
            holders = serving or holders
        elif title and len({h.actor for h in holders}) > 1:
            organisation = "secretary" in title or "general" in title
            titled = [h for h in holders if (h.actor in self.lex.organisations) == organisation]
            holders = titled or holders
        elif len(holders) > 1:
            holders = [h for h in holders if h.end is None] or holders
        return holders[-1].actor if holders else None

    def _learn_people(self, doc: Doc) -> None:
        """'Dutch Defence Minister Ruben Brekelmans', 'Prime Minister Mark Carney of Canada'."""
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent[-1].i in self.tokens:
                continue
            actor = self._title_actor(doc, ent)
            if actor:
                self._mark(ent, actor, "person")
                self.people[ent[-1].text] = actor
        if not self.people:
            return  # most articles teach no name: no token to look at
        # Read as hashes for the whole document at once; a string is made only for a proper noun.
        strings = doc.vocab.strings
        for i, (pos, orth) in enumerate(doc.to_array([POS, ORTH]).tolist()):
            if pos == PROPN and i not in self.tokens:
                actor = self.people.get(strings[orth])
                if actor is not None:
                    self.tokens[i] = (actor, "person")

    def _title_actor(self, doc: Doc, ent: Span) -> str | None:
        start = ent.start
        for i in range(start - 1, max(start - 6, -1), -1):
            token = doc[i]
            if token.i in self.tokens and self.tokens[token.i][0] != "PERSON":
                return self.tokens[token.i][0]
            if token.text in {".", ";", "(", ")"} or token.pos_ == "VERB":
                break
        end = ent.end
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].i in self.tokens:
            return self.tokens[doc[end + 1].i][0]
        for token in ent.root.children:
            if token.dep_ == "appos":
                return self.np_actor(token)
        if ent.root.dep_ == "appos":
            return self.np_actor(ent.root.head, follow_appos=False)
        return None

    # -- queries ------------------------------------------------------------------------------------

    def token_actor(self, token: Token) -> tuple[str, str] | None:
        return self.tokens.get(token.i)

    def np_actor(self, head: Token, follow_appos: bool = True) -> str | None:
        """The actor a noun phrase names: itself, its possessor or modifiers, 'of X', or what it refers to."""
        own = self.tokens.get(head.i)
        if own and (own[1] != "demonym" or (head.pos_ in {"PROPN", "NOUN"} and head.tag_ in {"NNPS", "NNS"})):
            return own[0]
        for child in head.children:
            if child.dep_ == "poss":
                found = self.np_actor(child)
                if found:
                    return found
        for token in reversed(list(head.lefts)):
            if token.dep_ in _NOT_IN_NP:
                continue
            for sub in token.subtree:
                if sub.i in self.tokens:
                    return self.tokens[sub.i][0]
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in self.tokens:
                        return self.tokens[pobj.i][0]
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                # "leaders from all 32 member nations agreed": the members decide together (rule 9).
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and _names_members(pobj):
                        return self.main_organisation
            if follow_appos and child.dep_ == "appos":
                found = self.np_actor(child, follow_appos=False)
                if found:
                    return found
        return self.refer(head)

    def refer(self, head: Token) -> str | None:
        """Pronouns and 'the country' take the actor last named as a subject."""
        word = head.lower_
        if word in PRONOUNS:
            return self._earlier_subject(head, persons=False) or self.last_actor or self.main_actor
        if word in PERSON_PRONOUNS:
            earlier = self._earlier_subject(head, persons=True)
            return earlier or self.last_person_actor or self.last_actor or self.main_actor
        if _names_members(head):
            return self.main_organisation  # "members of the alliance agreed", "all 32 member nations agreed"
        if head.lemma_.lower() in GOVERNMENT_NOUNS and head.pos_ == "NOUN":
            dets = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
            if dets & {"his", "her"}:
                return self.last_person_actor or self.last_actor or self.main_actor
            if dets & {"the", "its", "this", "that"}:
                if head.lemma_.lower() in PERSON_NOUNS:
                    earlier = self._earlier_subject(head, persons=True)
                    return earlier or self.last_person_actor or self.last_actor or self.main_actor
                return self._earlier_subject(head, persons=False) or self.last_actor or self.main_actor
        return None

    def _earlier_subject(self, pronoun: Token, persons: bool) -> str | None:
        """'The United States says it will not ...', 'The Dutch government said it will not ...': a
        pronoun first takes a subject of its own sentence, read as a noun phrase."""
        sent = pronoun.sent  # Token.sent walks the Doc to the sentence's edges: once, not twice
        for token in reversed(sent[: pronoun.i - sent.start]):
            if token.dep_ not in {"nsubj", "nsubjpass"} or token.lower_ in PRONOUNS | PERSON_PRONOUNS:
                continue
            hit = self.tokens.get(token.i)
            is_person = (hit is not None and hit[1] == "person") or token.lemma_.lower() in PERSON_NOUNS
            if persons and not is_person:
                continue
            actor = hit[0] if hit and hit[1] != "demonym" else self._named_in(token)
            if actor:
                return actor
        return None

    def _named_in(self, head: Token) -> str | None:
        """The actor a noun phrase names by itself (no reference resolution, so no recursion)."""
        for token in head.subtree:
            if token.i > head.i and token.dep_ in _NOT_IN_NP:
                break
            hit = self.tokens.get(token.i)
            if hit and hit[0] != "PERSON" and head.left_edge.i <= token.i <= head.i:
                return hit[0]
        return None

    def noted_subject(self, actor: str, token: Token) -> None:
        """Remember who was last named as a subject, for pronouns in later sentences."""
        self.last_actor = actor
        if self.tokens.get(token.i, ("", ""))[1] == "person" or token.lower_ in PERSON_PRONOUNS:
            self.last_person_actor = actor

    def learn_main_actor(self, doc: Doc) -> None:
        """The actor most often named as a subject: 'the government' in a first sentence means it."""
        counts: dict[str, int] = {}
        for index, (actor, role) in self.tokens.items():
            token = doc[index]
            if role != "demonym" and actor != "PERSON" and token.dep_ in {"nsubj", "nsubjpass", "poss", "compound"}:
                counts[actor] = counts.get(actor, 0) + 1
        self.main_actor = max(counts, key=lambda a: counts[a]) if counts else None
        # one vote a name ("the European Union" is two tokens but one mention)
        organisations = [
            actor
            for index, (actor, _role) in sorted(self.tokens.items())
            if actor in self.lex.organisations and self.tokens.get(index - 1, ("", ""))[0] != actor
        ]
        # a tie goes to the organisation named first (a set's order would change from run to run)
        self.main_organisation = max(dict.fromkeys(organisations), key=organisations.count) if organisations else None

    def mentions(self, sent: Span) -> list[tuple[Token, str, str]]:
        """The actors named in a span, in order; looked up by position, not by walking every token."""
        if len(self._order) != len(self.tokens):  # all marks are made while the resolver is built
            self._order = sorted(self.tokens)
        doc = sent.doc
        lo, hi = bisect_left(self._order, sent.start), bisect_left(self._order, sent.end)
        return [(doc[i], *self.tokens[i]) for i in self._order[lo:hi]]


def _names_members(noun: Token) -> bool:
    """'member nations', 'the members', 'member states': the members of an organisation."""
    return noun.lemma_.lower() == "member" or any(
        c.dep_ == "compound" and c.lemma_.lower() == "member" for c in noun.children
    )


def _title_before(doc: Doc, start: int) -> str:
    """The few lower-cased words before a name: 'prime minister', 'nato secretary - general'."""
    return " ".join(t.lower_ for t in doc[max(start - 4, 0) : start])
