"""How firmly: reading status from the words that govern a contribution.

Walk up the dependency tree from the cue ("troops") to the sentence root. The first node that
settles a status wins: a modal ("could send" -> considering), a negation ("will not put" ->
ruled_out, "does not rule out" -> considering), a particle verb ("ruled out"), a status verb
("pledged", "is weighing", "urged"), a predicate adjective or noun ("ready", "openness",
"opposition"), or a delivery verb whose tense says it is done ("has trained", "commands").
A condition ("if allies agree", "once the war ends", "should a ceasefire be reached") on the way
turns committed or considering into conditional.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pledgewatch import lexicon
from pledgewatch.model import Status

NEGATIONS = frozenset({"not", "n't", "never", "no"})
FUTURE = frozenset({"will", "'ll", "shall", "wo"})
# Reporting verbs pass the position of their clause through without changing it.
REPORTING = frozenset(
    {"say", "tell", "state", "add", "note", "write", "stress", "emphasize", "emphasise", "insist", "claim",
     "report", "underscore", "indicate", "explain", "declare", "make", "believe", "think", "hope", "warn",
     "argue", "signal", "express", "highlight", "acknowledge", "admit", "show", "mean", "recall"}
)  # fmt: skip


@dataclass(frozen=True)
class Reading:
    status: Status
    node: Token  # the token that settled it
    condition: str | None = None


def _children_words(token: Token, deps: set[str]) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in deps}


def _negated(token: Token) -> bool:
    words = _children_words(token, {"neg", "advmod", "aux", "det"})
    return bool(words & NEGATIONS)


def _phrase_status(token: Token) -> Status | None:
    """Adjectives and nouns that carry a stance: ready, willing, open (to), openness, opposition."""
    lex = lexicon.statuses()
    lemma = token.lemma_.lower()
    for status, phrases in lex.phrases.items():
        if lemma in phrases or token.lower_ in phrases:
            if lemma == "open" or token.lower_ == "open":
                return Status.CONSIDERING
            return Status(status)
    if lemma == "open" and any(c.lower_ == "to" for c in token.children):
        return Status.CONSIDERING
    return None


def read_node(token: Token) -> Status | None:
    """The status this one node settles, or None when it leaves the question open."""
    lex = lexicon.statuses()
    lemma = token.lemma_.lower()
    children = list(token.children)
    particle = next((c.lower_ for c in children if c.dep_ == "prt"), None)
    negated = _negated(token)
    aux = _children_words(token, {"aux", "auxpass"})
    if token.pos_ in {"VERB", "AUX"}:
        if particle and f"{lemma} {particle}" in lex.particle_verbs:
            status = Status(lex.particle_verbs[f"{lemma} {particle}"])
            if status is Status.RULED_OUT and negated:
                return Status.CONSIDERING
            return _negate(status) if negated else status
        if lemma == "leave" and _has_phrase(token, ("possibility", "door open", "open")):
            return Status.CONSIDERING
        if lemma == "keep" and _has_phrase(token, ("open",)):
            return Status.CONSIDERING
        modal = next((lex.modals[a] for a in aux if a in lex.modals and a not in FUTURE), None)
        if negated and (aux & FUTURE or aux & {"would", "can", "could", "do", "does", "did"}):
            if lemma in {"rule", "exclude"}:
                return Status.CONSIDERING
            return Status.RULED_OUT
        if modal and lemma not in REPORTING:
            return Status(modal)
        if lemma in lex.verbs and lemma not in lex.delivery_verbs:
            status = Status(lex.verbs[lemma])
            return _negate(status) if negated else status
        if lemma in lex.delivery_verbs:
            if negated:
                return Status.RULED_OUT
            if aux & FUTURE or _is_going_to(token):
                return Status.COMMITTED
            if token.tag_ in {"VBD", "VBZ", "VBP"} or (token.tag_ in {"VBN", "VBG"} and aux - {"to"}):
                return Status.DELIVERED
            return None
        if lemma == "be":
            for child in children:
                if child.dep_ in {"acomp", "attr"}:
                    found = _phrase_status(child)
                    if found:
                        return found
        return None
    if token.pos_ in {"ADJ", "NOUN"}:
        if token.pos_ == "NOUN" and token.dep_ == "pobj":
            return None  # "as close as possible to NATO's Article 5 pledge": a pledge mentioned, not made
        found = _phrase_status(token)
        if found:
            return _negate(found) if negated and found is not Status.RULED_OUT else found
    return None


def _negate(status: Status) -> Status:
    if status in {Status.COMMITTED, Status.DELIVERED, Status.CONSIDERING}:
        return Status.RULED_OUT
    return status


def _has_phrase(token: Token, words: tuple[str, ...]) -> bool:
    text = " ".join(t.lower_ for t in token.subtree)
    return any(w in text for w in words)


def _is_going_to(token: Token) -> bool:
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def read_status(cue: Token, stop: Token | None = None) -> Reading | None:
    """Walk from the cue's head up to the root; the first node that settles a status wins."""
    node: Token | None = cue
    path: list[Token] = []
    while node is not None:
        path.append(node)
        status = read_node(node) if node.i != cue.i or node.pos_ in {"VERB", "AUX"} else None
        if status is not None:
            condition = find_condition(path)
            if condition and status in {Status.COMMITTED, Status.CONSIDERING}:
                return Reading(Status.CONDITIONAL, node, condition)
            return Reading(status, node)
        if node.head.i == node.i or (stop is not None and node.i == stop.i):
            break
        node = node.head
    return None


def find_condition(path: list[Token]) -> str | None:
    """A stated condition on any node of the path: 'once the war ends, if allies agree on ...'."""
    lex = lexicon.statuses()
    spans: list[tuple[int, int]] = []
    for node in path:
        for child in node.children:
            if child.dep_ not in {"advcl", "prep", "advmod", "npadvmod"} or child.i < path[0].sent.start:
                continue
            text = " ".join(t.text for t in child.subtree).lower()
            first = [t.lower_ for t in child.subtree][:1]
            marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
            if (child.dep_ == "advcl" and (
                marks & {"if", "once", "unless", "provided", "providing"}
                or first == ["should"]
                or any(c.dep_ == "aux" and c.lower_ == "should" and c.i < child.i for c in child.children)
            )) or (child.dep_ == "prep" and any(text.startswith(m) for m in lex.condition_markers if " " in m)) or (child.dep_ == "advmod" and text in {"if necessary", "if required", "if needed"}):
                spans.append((child.left_edge.i, child.right_edge.i + 1))
        if node.lemma_ == "depend":
            spans.append((node.i, node.right_edge.i + 1))
    if not spans:
        return None
    doc = path[0].doc
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return doc[start:end].text.strip(" ,.;")
