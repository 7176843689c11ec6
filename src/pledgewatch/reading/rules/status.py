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

from pledgewatch.model import Status
from pledgewatch.reading import lexicon

NEGATIONS = frozenset({"not", "n't", "never", "no"})
FUTURE = frozenset({"will", "'ll", "shall", "wo"})
# Reporting verbs pass the position of their clause through without changing it.
REPORTING = frozenset(
    {"say", "tell", "state", "add", "note", "write", "stress", "emphasize", "emphasise", "insist", "claim",
     "report", "underscore", "indicate", "explain", "declare", "make", "believe", "think", "hope", "warn",
     "argue", "signal", "express", "highlight", "acknowledge", "admit", "show", "mean", "recall"}
)  # fmt: skip


# Nouns that carry the actor's stance when they are the object of a verb of saying or showing.
STANCE_NOUNS = frozenset(
    {"openness", "willingness", "readiness", "opposition", "refusal", "proposal", "commitment", "intention",
     "pledge", "plan", "offer", "request", "call", "demand", "possibility", "stance", "position"}
)  # fmt: skip
# "is in talks about deploying": being in talks is weighing, wherever the noun stands.
TALKS = frozenset({"talk", "negotiation", "discussion", "consultation"})
PEOPLE = frozenset({"troop", "soldier", "personnel", "peacekeeper", "contingent", "brigade", "battalion", "force"})
CONTRIBUTION_VERBS = frozenset({"join", "contribute", "participate", "commit", "put", "lead", "take", "help", "back"})


class _Stop:
    """Returned by `read_node` when a node closes the question without a status ("did not specify")."""


STOP = _Stop()


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
    if token.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children):
        return Status.RULED_OUT  # "Rome's stance against sending", "a position against deploying"
    for status, phrases in lex.phrases.items():
        if lemma in phrases or token.lower_ in phrases:
            if lemma == "open" or token.lower_ == "open":
                return Status.CONSIDERING
            return Status(status)
    if lemma == "open" and any(c.lower_ == "to" for c in token.children):
        return Status.CONSIDERING
    return None


def read_node(token: Token, came_from: Token | None = None) -> Status | _Stop | None:
    """The status this one node settles, or None when it leaves the question open."""
    lex = lexicon.statuses()
    lemma = token.lemma_.lower()
    children = list(token.children)
    particle = next((c.lower_ for c in children if c.dep_ == "prt"), None)
    negated = _negated(token)
    aux = _children_words(token, {"aux", "auxpass"})
    if token.pos_ in {"VERB", "AUX"}:
        if (
            came_from is not None
            and came_from.dep_ == "prep"
            and came_from.lower_ == "against"
            and any(c.dep_ == "pcomp" for c in came_from.children)
            and lemma not in lex.stop_verbs  # "warned Seoul against arming Ukraine": Seoul's choice, not Moscow's
        ):
            return Status.RULED_OUT  # "reaffirmed her stance against sending", "voted against deploying"
        if _has_people(token, came_from) and not negated:
            return Status.DELIVERED  # "France has about 700 troops in the force"
        from_subject = came_from is not None and came_from.dep_ in {"nsubj", "csubj"}
        stance = None if from_subject else _stance_object(token)
        if stance is not None:
            return stance
        # "called for X", and "called for X to be based in ...", where "for" marks the clause
        markers = [c for c in children if c.dep_ == "prep"]
        clauses = [c for c in children if c.dep_ in {"advcl", "ccomp", "xcomp"}]
        markers += [m for c in clauses for m in c.children if m.dep_ == "mark"]
        preposition = next((f"{lemma} {m.lower_}" for m in markers if f"{lemma} {m.lower_}" in lex.prep_verbs), None)
        if lemma == "oppose" and came_from is not None and came_from.dep_ == "dobj" and came_from.pos_ == "NOUN":
            return STOP  # "China opposed the sale": someone else's contribution, not a refusal of one's own
        if lemma in lex.stop_verbs and preposition is None:
            return STOP  # "the mission will end", "calling a deployment complicated": no position
        if preposition and not negated:
            return Status(lex.prep_verbs[preposition])
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
        if negated:
            if lemma in {"rule", "exclude"}:
                return Status.CONSIDERING
            if aux & {"could", "might", "may"} or not _contributes(lemma):
                return STOP  # "could not lead" is inability, "did not specify" no position at all
            return Status.RULED_OUT
        if "to" in aux:
            return None  # "pledged to quadruple", "requests to pass on": the governing word decides
        if modal and lemma not in REPORTING:
            return Status(modal)
        if aux & FUTURE and lemma not in REPORTING and lemma not in {"be", "have"} and not negated:
            return Status.COMMITTED  # "will provide", "will cover", "will fund": announced for the future
        if lemma in lex.verbs and lemma not in lex.delivery_verbs:
            status = Status(lex.verbs[lemma])
            return _negate(status) if negated else status
        if lemma in lex.delivery_verbs:
            if negated:
                return Status.RULED_OUT
            if aux & FUTURE or _is_going_to(token) or _over_future_period(token):
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
        in_talks = token.lemma_.lower() in TALKS and token.head.lower_ == "in"  # "is in talks about"
        if token.pos_ == "NOUN" and token.dep_ == "pobj" and not in_talks:
            return None  # "as close as possible to NATO's Article 5 pledge": a pledge mentioned, not made
        found = _phrase_status(token) or _series_of_stances(token)
        rejected = token.dep_ == "dobj" and lex.verbs.get(token.head.lemma_.lower()) == "ruled_out"
        if found is Status.REQUESTED and rejected:
            return Status.RULED_OUT  # "dismissed calls to send troops": the call is rejected
        if found:
            return _negate(found) if negated and found is not Status.RULED_OUT else found
    return None


SERIES = frozenset({"series", "number", "set", "string", "round", "wave", "list"})


def _series_of_stances(token: Token) -> Status | None:
    """'a series of pledges from the UK, including a £1.6 billion deal': the pledges govern."""
    if token.lemma_.lower() not in SERIES:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in STANCE_NOUNS:
                    return _phrase_status(noun)
    return None


def _has_people(verb: Token, came_from: Token | None) -> bool:
    if verb.lemma_ != "have" or came_from is None or came_from.dep_ != "dobj":
        return False
    return came_from.lemma_.lower() in PEOPLE and verb.tag_ in {"VBZ", "VBP", "VBD"}


def _contributes(lemma: str) -> bool:
    lex = lexicon.statuses()
    return lemma in lex.delivery_verbs or lemma in lex.verbs or lemma in CONTRIBUTION_VERBS


def _stance_object(verb: Token) -> Status | None:
    """'signaled openness to', 'reaffirmed Rome's opposition to', 'expressed willingness to'; and
    'dismissed calls to send troops': rejecting a call rules the thing out."""
    lex = lexicon.statuses()
    for child in verb.children:
        if child.dep_ in {"dobj", "attr"} and child.pos_ == "NOUN":
            found = _phrase_status(child)
            if found is not None and child.lemma_.lower() in STANCE_NOUNS:
                rejecting = lex.verbs.get(verb.lemma_.lower()) == Status.RULED_OUT
                return Status.RULED_OUT if rejecting and found is Status.REQUESTED else found
    return None


def _stance_noun(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"dobj", "attr"} and c.lemma_.lower() in STANCE_NOUNS), None)


def _negate(status: Status) -> Status:
    if status in {Status.COMMITTED, Status.DELIVERED, Status.CONSIDERING}:
        return Status.RULED_OUT
    return status


def _has_phrase(token: Token, words: tuple[str, ...]) -> bool:
    text = " ".join(t.lower_ for t in token.subtree)
    return any(w in text for w in words)


def _over_future_period(verb: Token) -> bool:
    """'a programme that provides NOK 75 billion over five years': a present that runs into the future."""
    if verb.tag_ not in {"VBZ", "VBP"}:
        return False
    # The period may hang on the verb or on its object ("provides NOK 75 billion over five years").
    preps = [c for c in verb.children if c.dep_ == "prep"]
    preps += [p for c in verb.children for p in c.children if p.dep_ == "prep" and p.lower_ == "over"]
    return any(
        prep.lower_ in {"over", "until", "through", "between"}
        and any(t.lower_ in {"years", "months", "decade"} for t in prep.subtree)
        for prep in preps
    )


def _is_going_to(token: Token) -> bool:
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def read_status(cue: Token) -> Reading | None:
    """Walk from the cue up to the root; the first node that settles a status wins."""
    node = cue
    path: list[Token] = []
    while True:
        path.append(node)
        came_from = path[-2] if len(path) > 1 else None
        status = read_node(node, came_from) if node.i != cue.i or node.pos_ in {"VERB", "AUX"} else None
        if isinstance(status, _Stop):
            return None
        if status is not None:
            stance = _stance_noun(node)
            from_subject = came_from is not None and came_from.dep_ in {"nsubj", "csubj"}
            if stance is not None and not from_subject and _stance_object(node) is not None:
                node = stance
            condition = find_condition(path, node)
            if condition and status in {Status.COMMITTED, Status.CONSIDERING}:
                return Reading(Status.CONDITIONAL, node, condition)
            return Reading(status, node)
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.pos_ == "VERB" and node.lemma_.lower() in REPORTING and node.i != cue.i:
            return None  # "..., saying they had saved the lives of soldiers": what is said is no position here
        if node.head.i == node.i or (node.dep_ == "relcl" and not infinitive):
            return None  # a relative clause describes its noun; the noun's verb is another position
        node = node.head


_CONDITION_MARKS = frozenset({"if", "once", "unless", "provided", "providing"})
_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "parataxis"})
_PROVISO_DEPS = frozenset({"advcl", "prep", "mark", "conj"})


def find_condition(path: list[Token], settled: Token) -> str | None:
    """A stated condition on the position: 'once the war ends, if allies agree on ...', 'should a
    ceasefire be reached', 'as part of a peace deal', 'if necessary', 'depends on U.S. involvement'.

    Looked for in the clause of the node that settled the status (not inside clauses of their own,
    which state other positions), and on the path from the cue up to it.
    """
    lex = lexicon.statuses()
    phrases = tuple(m for m in lex.condition_markers if " " in m)
    spans: list[tuple[int, int]] = []
    for token in _clause_tokens(settled, path):
        if token.dep_ in {"mark", "advmod"} and token.lower_ in _CONDITION_MARKS and token.head.dep_ == "advcl":
            clause = token.head
            spans.append((clause.left_edge.i, clause.right_edge.i + 1))
        elif token.lower_ == "should" and token.dep_ == "aux" and _inverted(token):
            clause = token.head
            spans.append((token.i, clause.right_edge.i + 1))
        elif token.dep_ == "prep" and token.lower_ == "as":
            text = " ".join(t.lower_ for t in token.subtree)
            if text.startswith(phrases):
                spans.append((token.left_edge.i, token.right_edge.i + 1))
        elif token.lower_ in {"provided", "providing"} and token.i == token.left_edge.i and token.dep_ in _PROVISO_DEPS:
            spans.append((token.i, token.right_edge.i + 1))  # "provided Vilnius builds the barracks"
        elif token.lemma_ == "depend" and token.pos_ == "VERB":
            spans.append((token.i, token.right_edge.i + 1))
    for ancestor in list(settled.ancestors)[:3]:
        should = next((c for c in ancestor.children if c.lower_ == "should" and c.dep_ == "aux"), None)
        if should is not None and _inverted(should):
            # "Spain is prepared to send troops, should a peace deal be signed": the parser may make the
            # condition the main clause; the position is then a clause inside it.
            spans.append((should.i, ancestor.i + 1))
            continue
        # "pledged that Canada is prepared to ..., should a ceasefire be reached": the condition hangs
        # from the verb that introduces the position.
        # "said the UK was prepared to ..., but that a European force depends on U.S. involvement": a
        # clause joined to the reporting verb that makes the offer depend on something.
        for child in ancestor.children:
            if child.dep_ in {"advcl", "ccomp", "prep", "conj"} and child.i > settled.i and _conditional_clause(child):
                spans.append((child.left_edge.i, child.right_edge.i + 1))
    if not spans:
        return None
    doc = settled.doc
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return doc[start:end].text.strip(' ,.;“”"')


def _clause_tokens(settled: Token, path: list[Token]) -> list[Token]:
    seen: dict[int, Token] = {}
    stack = [settled, *path]
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen[token.i] = token
        for child in token.children:
            if child.dep_ not in _CLAUSE_DEPS or (token.i == settled.i and child.dep_ == "advcl"):
                stack.append(child)
    return list(seen.values())


def _conditional_clause(clause: Token) -> bool:
    if clause.lower_ in {"provided", "providing"} and clause.i == clause.left_edge.i:
        return True
    if clause.dep_ == "conj" and clause.lemma_ == "depend" and clause.pos_ == "VERB":
        return True
    for child in clause.children:
        if child.dep_ in {"mark", "advmod"} and child.lower_ in _CONDITION_MARKS:
            return True
        if child.lower_ == "should" and child.dep_ == "aux" and _inverted(child):
            return True
    return False


def _inverted(should: Token) -> bool:
    """'should a ceasefire be reached': the modal stands before its subject."""
    subjects = [c for c in should.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and should.i < subjects[0].i
