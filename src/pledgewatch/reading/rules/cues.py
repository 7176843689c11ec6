"""What is contributed: which kind cues in a sentence count, and the kind of a figure.

A cue word alone proves little ("support" is also political, "border" is also a place, "tanks" may
be Russian): strong cues ("air support", "security guarantees") count wherever a status governs them;
weak ones only as what a contribution verb gives, and generic money words ("fund", "package") only
with a stated foreign beneficiary. Figures take the kind of the cue in their own phrase.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from pledgewatch.model import Kind
from pledgewatch.reading import lexicon
from pledgewatch.reading.rules.actors import ActorResolver

MONEY_KINDS = frozenset(
    {Kind.MILITARY_AID, Kind.FINANCIAL_AID, Kind.HUMANITARIAN_AID, Kind.RECONSTRUCTION, Kind.TRAINING}
)
VERB_CUES = frozenset(
    {"train", "deploy", "station", "monitor", "rebuild", "reconstruct", "patrol", "escort", "demine", "arm"}
)
# Words that name money without saying what it is for: a "fund of 500 billion euros for infrastructure".
GENERIC_MONEY_WORDS = frozenset({"fund", "funding", "allocation", "package", "assistance", "aid", "support", "grant"})
# Links a weak cue climbs through to reach the verb that gives it.
NOUN_PHRASE_LINKS = frozenset(
    {"conj", "appos", "pobj", "prep", "dobj", "attr", "nsubjpass", "dative", "nmod", "compound", "amod"}
)


# Verbs that give what they govern without settling a status of their own ("joining a force").
GIVING_ALSO = frozenset(
    {"leave", "keep", "call", "ask", "join", "take", "lead", "speed", "accelerate", "expedite", "hasten", "step"}
)
DEFENCE_WORDS = frozenset(
    {"defence", "defense", "military", "armed", "army", "nato", "alliance", "security", "rearmament", "weapon"}
)
OWN = frozenset({"its", "their", "our", "his", "her"})
CIVILIAN_KINDS = frozenset({Kind.HUMANITARIAN_AID, Kind.RECONSTRUCTION, Kind.FINANCIAL_AID})


class CueFinder:
    """The kind cues of one article's Doc that count, sentence by sentence."""

    def __init__(self, doc: Doc, actors: ActorResolver) -> None:
        self.doc = doc
        self.actors = actors
        self.kinds = lexicon.kinds()
        self.referents: dict[str, str] = {}  # "program" -> the kind of the last "... program" cue
        self.by_sentence: dict[int, list[Span]] = {}
        self.references: dict[int, list[Span]] = {}  # sentence start -> "the mission" read as its kind
        starts = [sent.start for sent in doc.sents] if doc.spans.get("kinds") else []
        ends = [*starts[1:], len(doc)]
        self.kind_bounds: list[tuple[int, int, str]] = []  # every kind span as (start, end, label)
        for span in doc.spans.get("kinds", []):
            self.kind_bounds.append((span.start, span.end, span.label_))
            k = bisect_right(starts, span.start) - 1
            # Span.sent walks the tokens again for every cue; a cue inside one sentence needs no walk.
            start = starts[k] if span.end <= ends[k] else span.sent.start
            self.by_sentence.setdefault(start, []).append(span)

    def in_sentence(self, sent: Span) -> list[Span]:
        """The kind spans of one sentence, indexed once: scanning all spans per sentence was quadratic."""
        return [s for s in self.by_sentence.get(sent.start, []) if s.end <= sent.end]

    def cues(self, sent: Span) -> list[Span]:
        """The cues of one sentence that count; call in reading order (it remembers referents)."""
        cues = []
        spans = self.in_sentence(sent)
        self.references[sent.start] = self._references(sent, spans)
        for span in [*spans, *self.references[sent.start]]:
            phrase = span.id_
            if phrase in self.kinds.money_only:
                continue
            before = span.doc[span.start - 1].lower_ if span.start > sent.start else ""
            if before in self.kinds.not_after.get(phrase, ()):
                continue
            if modifies_cue(span, self.doc, self.kind_bounds):
                continue  # "troop deployment": one cue, read at its head
            if self._describes_other_noun(span, spans) or _purpose_of_other_cue(span, spans):
                continue  # "a reconstruction conference", "the logistics hub for military aid": not given
            if not self.cue_ok(span) or self.actors.token_actor(span.root):
                continue  # "EU Military Assistance Mission" names an actor, it offers nothing by itself
            cues.append(span)
        return cues

    def _describes_other_noun(self, span: Span, spans: list[Span]) -> bool:
        root = span.root
        if root.dep_ not in {"compound", "amod", "nmod"} or root.head.i < root.i:
            return False
        head = root.head
        if any(other.start <= head.i < other.end for other in spans):
            return False
        return head.lemma_.lower() not in self.kinds.containers

    def _references(self, sent: Span, spans: list[Span]) -> list[Span]:
        """'the program' after 'a military training program': the kind of the phrase it refers back to."""
        covered = {i for span in spans for i in range(span.start, span.end)}
        found = []
        for token in sent if self.referents else ():
            head = token.lemma_.lower()
            if head not in self.referents or token.i in covered:
                continue
            if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
                found.append(Span(self.doc, token.i, token.i + 1, label=self.referents[head], span_id=head))
        for span in spans:
            head = span[-1].lemma_.lower()
            if len(span) > 1 and head in self.kinds.anaphoric_heads:
                self.referents[head] = span.label_
        return found

    def weak_cue_ok(self, span: Span) -> bool:
        """A weak cue ('support', 'tanks', 'force') counts only as what a contribution verb gives.

        From the cue, climb through the noun phrase, lists and prepositions to the first verb or
        predicate; it must be one that gives, sends, pledges or weighs something.
        """
        root = span.root
        if root.pos_ == "VERB":
            return root.lemma_.lower() in VERB_CUES
        while root.dep_ in {"compound", "amod"} and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i > root.i:
            root = root.head  # "air defence systems": the phrase is given as a whole
        if root.dep_ in {"nsubj", "poss", "compound", "amod", "npadvmod", "nmod"}:
            # "its military training will run through 2026"; but "Poland's support will continue" is vague
            owned = root.dep_ == "nsubj" and any(c.dep_ == "poss" for c in root.children)
            return owned and (span.id_ not in GENERIC_MONEY_WORDS or has_military_modifier(root))
        if span.id_ == "force" and any(c.dep_ == "poss" and c.lower_ in OWN for c in root.children):
            return False  # "builds up its forces": a state's own forces are no contribution
        if has_military_modifier(root) and span.id_ not in {"force", "presence"}:
            return True
        if span.id_ in GENERIC_MONEY_WORDS and not self.names_beneficiary(span.sent):
            return False  # "allocated additional funds to ensure its activities": funds, but for whom?
        needed = self.kinds.requires.get(span.id_)
        if needed and not any(t.lemma_.lower() in needed for t in [*root.ancestors][:4] + list(root.children)):
            return False  # "deployed alongside the border" is where, "protect the border" is what
        lex = lexicon.statuses()
        givers = lex.all_verbs | GIVING_ALSO
        node = root
        while node.dep_ in NOUN_PHRASE_LINKS and node.head.i != node.i:
            node = node.head
            if node.pos_ in {"VERB", "AUX"}:
                return node.lemma_.lower() in givers
            if node.pos_ in {"ADJ", "NOUN"} and node.lemma_.lower() in lex.stance_words:
                return True
        return False

    def cue_ok(self, span: Span) -> bool:
        root = span.root
        if root.pos_ == "VERB" and root.lemma_.lower() not in VERB_CUES and len(span) == 1:
            return False  # "support Ukraine's recovery", "help guarantee its security": verbs, not things given
        weak = span.id_ in self.kinds.weak or span.id_ in self.kinds.anaphoric_heads
        if weak and span.label_ == Kind.MILITARY_AID and self._civilian_aid_in(span.sent):
            return False  # "humanitarian aid ..., sending medical supplies, shelter equipment": civilian
        return not weak or self.weak_cue_ok(span)

    def _civilian_aid_in(self, sent: Span) -> bool:
        return any(
            s.label_ in CIVILIAN_KINDS and s.id_ not in self.kinds.weak and sent.start <= s.start < sent.end
            for s in self.in_sentence(sent)
        )

    def share_kind(self, token: Token, sent: Span) -> Kind | None:
        """'raise defence spending to 2 percent of GDP' is a target; 'give 0.25 percent of GDP in
        military aid' and 'double military aid' measure aid."""
        near = neighbourhood(token)
        kinds = {
            Kind(span.label_)
            for span in self.in_sentence(sent)
            if any(t.i in near for t in span) and span.id_ not in GENERIC_MONEY_WORDS
        }
        if Kind.SPENDING_TARGET in kinds or not kinds & MONEY_KINDS:
            return Kind.SPENDING_TARGET if self._about_defence(sent) else None
        return min(kinds & MONEY_KINDS)

    def _about_defence(self, sent: Span) -> bool:
        """'national debt ... 94% of GDP' is no spending target: a share needs defence in its sentence."""
        return any(t.lemma_.lower() in DEFENCE_WORDS for t in sent) or any(
            s.label_ == Kind.SPENDING_TARGET for s in self.in_sentence(sent)
        )

    def kind_near(self, token: Token, sent: Span) -> Kind | None:
        """The kind of a money figure: a cue in its own phrase first, then the closest in its clause."""
        near = neighbourhood(token)
        best: tuple[int, Kind] | None = None
        for span in [*self.in_sentence(sent), *self.references.get(sent.start, [])]:
            kind = Kind(span.label_)
            if kind not in MONEY_KINDS or self.actors.token_actor(span.root):
                continue
            distance = 0 if any(t.i in near for t in span) else abs(span.root.i - token.i)
            # "€2.5 billion in support for Ukraine" is aid; "a fund of 500 billion euros for
            # infrastructure" is not: a generic word needs its own phrase and a foreign beneficiary.
            generic = span.id_ in GENERIC_MONEY_WORDS and not has_military_modifier(span.root)
            if generic and (distance > 0 or not self.names_beneficiary(sent)):
                continue
            if best is None or distance < best[0]:
                best = (distance, kind)
        return best[1] if best and best[0] <= 40 else None

    def names_beneficiary(self, sent: Span) -> bool:
        return any(
            token.dep_ == "pobj" and token.head.lower_ in {"to", "for"} and role in {"name", "capital"}
            for token, _actor, role in self.actors.mentions(sent)
        )

    def default_money_kind(self, sent: Span) -> Kind | None:
        """A bare figure in an article about military aid ('Another 680 million will cover ...')."""
        text = sent.text.lower()
        if any(w in text for w in ("of this", "of which", "another", "a further", "remaining", "package")):
            return Kind.MILITARY_AID
        return None


def _purpose_of_other_cue(span: Span, spans: list[Span]) -> bool:
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "for":
        return False
    owner = root.head.head
    owner_tokens = {owner.i, *(c.i for c in owner.children if c.dep_ in {"compound", "amod"})}
    # "the logistics hub for military aid": the aid is what the hub is for, not what is given
    return any(
        any(other.start <= i < other.end for i in owner_tokens) and other.label_ != span.label_ for other in spans
    )


def modifies_cue(span: Span, doc: Doc, kind_bounds: list[tuple[int, int, str]] | None = None) -> bool:
    """'troop deployment' is one cue; 'monitoring or training initiatives' are two kinds. `kind_bounds`
    is the Doc's kind spans as (start, end, label), if the caller has them: reading `doc.spans`
    makes a Span of every kind span each time."""
    root = span.root
    if root.dep_ not in {"compound", "amod", "nmod"}:
        return False
    head = root.head.i
    if kind_bounds is None:
        kind_bounds = [(other.start, other.end, other.label_) for other in doc.spans.get("kinds", [])]
    label = span.label_
    return any(start <= head < end and other == label for start, end, other in kind_bounds)


AIRCRAFT = frozenset({"jet", "fighter", "aircraft", "helicopter", "f-16", "f-35", "gripen", "drone"})
GENERIC_PRESENCE = frozenset({"presence", "mission"})  # what they are for says what kind they are
MONITORING_VERBS = frozenset({"monitor", "observe", "document", "verify", "watch", "record", "investigate"})
STATIONING_VERBS = frozenset({"deploy", "station", "base", "fly", "rotate", "redeploy"})


def deployed_kind(cue: Span, kind: Kind) -> Kind:
    """Jets deployed to Lithuania are air policing, jets sent to Ukraine are aid; a presence sent
    "to document the war" or "to observe the vote" is a monitoring mission."""
    if kind is Kind.MILITARY_AID and cue.root.lemma_.lower() in AIRCRAFT:
        verb = cue.root.head
        if verb.lemma_.lower() in STATIONING_VERBS:
            return Kind.AIR
    if kind is Kind.TROOPS and cue.root.lemma_.lower() in GENERIC_PRESENCE and _purpose_is_monitoring(cue.root):
        return Kind.MONITORING
    return kind


def _purpose_is_monitoring(noun: Token) -> bool:
    """'a presence to remain on the ground to document the war': the noun's purpose clauses, also
    where the parser hangs them on the verb that asks for the noun ('called for a presence to ...')."""
    clauses = [c for c in noun.children if c.dep_ in {"acl", "relcl"}]
    if noun.dep_ == "pobj" and noun.head.lower_ == "for":
        clauses += [c for c in noun.head.head.children if c.dep_ == "xcomp" and c.i > noun.i]
    clauses += [g for c in clauses for g in c.children if g.dep_ in {"advcl", "xcomp"}]
    return any(
        clause.lemma_.lower() in MONITORING_VERBS and any(a.lower_ == "to" for a in clause.children)
        for clause in clauses
    )


def neighbourhood(token: Token) -> set[int]:
    """Token indices of a figure's own phrase: its head, its dependents and its head's dependents."""
    near = {token.i, token.head.i, *(c.i for c in token.children)}
    for child in list(token.children) + list(token.head.children):
        near.update(t.i for t in child.subtree if t.i - token.i < 8)
    return near


QUANTITY_NOUNS = frozenset({"equivalent", "number", "total", "size", "strength", "share"})


def trained(token: Token) -> bool:
    """People who are trained, or counted, are not a deployment: 'trained 63,000 soldiers',
    'training of Ukrainian soldiers', 'the number of soldiers trained', 'an equivalent of ten brigades'."""
    head = token.head
    if token.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() == "train":
        return True
    members_of = token.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in {"dobj", "nsubjpass"}
    if members_of and head.head.head.lemma_.lower() == "train":
        return True  # "trained 40,000 members of the Ukrainian security forces"
    if (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and (head.head.lemma_.lower() in {"training", "train"} or head.head.lemma_.lower() in QUANTITY_NOUNS)
    ):
        return True
    return any(c.dep_ == "acl" and c.lemma_.lower() == "train" for c in token.children)


def has_military_modifier(token: Token) -> bool:
    return any(c.lower_ in {"military", "defence", "defense", "security", "lethal"} for c in token.children)
