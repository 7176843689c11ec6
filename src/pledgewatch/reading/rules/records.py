"""From an annotated Doc to ledger records: the reading of LEDGER.md, sentence by sentence.

For every kind cue and every money figure in a sentence, walk up the parse to the words that settle
the status (status.py), take the actor from the subject of that clause (or the one it inherits
from: "pledged to quadruple", "focusing instead on"), the recipient from "to/for/in X" or the
article's main beneficiary, and the amount from the figure in the cue's own phrase. Then apply the
article-level rules: one record per (actor, kind, recipient, status), conditional over considering,
components of a package pointing at it and inheriting its currency.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from spacy.tokens import Doc, Span, Token

from pledgewatch.model import Amount, Article, Kind, Record, Status
from pledgewatch.reading import lexicon
from pledgewatch.reading.rules.actors import ActorResolver
from pledgewatch.reading.rules.amounts import AmountMention, find_amounts
from pledgewatch.reading.rules.cues import (
    MONEY_KINDS,
    CueFinder,
    deployed_kind,
    trained,
)
from pledgewatch.reading.rules.drafts import COMPONENT_OPENERS, Draft, is_money, merge, package_for
from pledgewatch.reading.rules.headlines import headline_end
from pledgewatch.reading.rules.status import Reading, read_status
from pledgewatch.reading.rules.years import find_years

# Money given to someone else; with no recipient at all, a sum is a domestic budget.
FOREIGN_AID_KINDS = frozenset({Kind.MILITARY_AID, Kind.FINANCIAL_AID, Kind.HUMANITARIAN_AID, Kind.RECONSTRUCTION})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Verbs whose object is the one who benefits ("to support Ukraine", "help Kyiv").
BENEFITING_VERBS = frozenset({"support", "help", "assist", "aid", "arm", "strengthen", "bolster", "back", "equip"})
RECEIVING_VERBS = frozenset({"receive", "get", "obtain", "win", "secure"})
_NON_COUNT_UNITS = frozenset({"", "percent"})


class ArticleReader:
    """Reads one article's Doc; holds what the reading learns as it goes (actors, recipient, packages)."""

    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.article = article
        self.day = _parse_day(article.published)
        self.actors = ActorResolver(doc, self.day)
        self.actors.learn_main_actor(doc)
        self.cue_finder = CueFinder(doc, self.actors)
        self.text = doc.text  # Doc.text joins every token each time it is read: read it once
        self.amounts = find_amounts(self.text)
        self.years = find_years(self.text)
        self.drafts: list[Draft] = []
        self.default_recipient = self._main_recipient()
        self.headline_end = headline_end(self.text, article.title)

    # -- article-level context ----------------------------------------------------------------------

    def _main_recipient(self) -> str | None:
        """The state most often named as a beneficiary: after 'to' or 'for', as an indirect object,
        as what is supported or helped, or as the one that receives."""
        counts: Counter[str] = Counter()
        for token, actor, _role in self.actors.mentions(self.doc[:]):
            if actor in lexicon.actors().organisations:
                continue
            head = token.head
            if (
                token.dep_ == "dative"
                or (token.dep_ == "pobj" and head.lower_ in {"to", "for"})
                or (token.dep_ == "dobj" and head.lemma_.lower() in BENEFITING_VERBS)
                or (token.dep_ == "nsubj" and head.lemma_.lower() in RECEIVING_VERBS)
            ):
                counts[actor] += 1
        return counts.most_common(1)[0][0] if counts else None

    # -- the reading ------------------------------------------------------------------------------

    def read(self) -> list[Record]:
        for sent in self.doc.sents:
            self._read_sentence(sent)
        return self._finish()

    def _read_sentence(self, sent: Span) -> None:
        cues = self.cue_finder.cues(sent)  # first: it resolves "the mission" for the figures below
        first_draft = len(self.drafts)
        mentions = self._amounts_in(sent)
        money = [m for m in mentions if is_money(m) and not m.is_conversion]
        for mention in money:
            token = self._token_of(mention)
            if token is None:
                continue
            kind = (
                self.cue_finder.kind_near(token, sent)
                or self._package_kind(sent, mention)
                or self.cue_finder.default_money_kind(sent)
                or getattr(self._recent_money(sent, mention), "kind", None)
            )
            if kind is not None:
                self.drafts.extend(self._positions(token, kind, sent, amount=mention))
        # "from 4.1 to 4.7 percent of GDP": the level it starts from is not the target.
        shares = [
            m for m in mentions if m.unit in {"percent_gdp", "multiplier"} and not _after_from(self.text, sent, m)
        ]
        for mention in shares:
            token = self._token_of(mention)
            if token is not None:
                kind = self.cue_finder.share_kind(token, sent)
                if kind is not None:
                    self.drafts.extend(self._positions(token, kind, sent, amount=mention))
        share_tokens = [t for t in (self._token_of(m) for m in shares) if t is not None]
        money_kinds = {d.kind for d in self.drafts[first_draft:]}
        for cue in cues:
            kind = Kind(cue.label_)
            if kind in MONEY_KINDS and kind is not Kind.TRAINING and kind in money_kinds:
                continue  # the sentence's money record states it; a count never makes a record of its own
            if kind is Kind.SPENDING_TARGET and any(clause_of(cue.root) == clause_of(t) for t in share_tokens):
                continue  # the share in its clause states the target ("pledged to reach the target of 3.5 percent")
            if kind is Kind.TROOPS and trained(cue.root):
                continue  # "trained 45,000 troops": the people trained, not a deployment
            kind = self._mission_kind(cue.root, deployed_kind(cue, kind))
            amount = None
            if kind in {Kind.TROOPS, Kind.MILITARY_AID}:
                amount = self._count_for(cue.root, sent)
            elif kind is Kind.TRAINING:
                amount = self._trained_count(cue.root, sent)
            self.drafts.extend(self._positions(cue.root, kind, sent, amount=amount, cue_id=cue.id_))
            if kind is Kind.TROOPS:
                self.drafts.extend(self._owner_positions(cue.root, sent))
        self._note_subject(sent)

    def _mission_kind(self, cue: Token, kind: Kind) -> Kind:
        """Forces 'stationed under Operation Unifier' serve a training mission: the mission's kind."""
        if kind is not Kind.TROOPS:
            return kind
        node = cue
        for _ in range(4):
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in {"under", "within"}:
                    for span in self.cue_finder.in_sentence(cue.sent):
                        if prep.i < span.start <= prep.right_edge.i and span.label_ != Kind.TROOPS:
                            return Kind(span.label_)
            if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
                break
            node = node.head
        return kind

    def _owner_positions(self, cue: Token, sent: Span) -> list[Draft]:
        """'Canada commands NATO's brigade in Latvia': the brigade's owner is present there too."""
        owner = next((c for c in cue.children if c.dep_ == "poss"), None)
        hit = self.actors.token_actor(owner) if owner is not None else None
        reading = read_status(cue)
        if not hit or reading is None or reading.status is not Status.DELIVERED:
            return []
        recipient = self._recipient(cue, reading, Kind.TROOPS)
        return [Draft(hit[0], Kind.TROOPS, reading.status, sent, recipient)] if hit[0] != recipient else []

    def _positions(
        self, anchor: Token, kind: Kind, sent: Span, amount: AmountMention | None, cue_id: str = ""
    ) -> list[Draft]:
        reading = read_status(anchor)
        if reading is None and amount is not None and is_money(amount):
            # "Of this, A$100 million is military assistance": a component shares its package's status.
            package = self._open_package(sent, amount)
            reading = Reading(package.status, anchor) if package is not None else None
        if reading is None or _inside_condition(reading.node) or _condition_on_path(anchor, reading.node):
            return []  # "... if the United States provides air support": a condition, not a position
        if kind is Kind.SPENDING_TARGET and reading.status is Status.REQUESTED:
            return []  # a spending target is one's own: urging others to spend is not a target
        if cue_id in lexicon.kinds().requested_only and reading.status is not Status.REQUESTED:
            return []  # joining NATO oneself guarantees no one; asking to join is a request for a guarantee
        figure = amount is not None and is_money(amount) and getattr(self._token_of(amount), "i", -1) == anchor.i
        actors, recipient_from_subject = self._actors_for(
            reading.node, anchor, figure=figure, asking=reading.status is Status.REQUESTED
        )
        if not actors and amount is not None and is_money(amount):
            package = self._open_package(sent, amount) or self._recent_money(sent, amount)
            if package is not None:
                actors, recipient_from_subject = [package.actor], package.recipient
        if not actors:
            return []
        status = reading.status
        recipient = recipient_from_subject or self._recipient(anchor, reading, kind)
        if len(actors) > 1 and self.default_recipient in actors and kind in {Kind.GUARANTEE, Kind.TRAINING}:
            # "Ukraine and Norway signed a security agreement": the beneficiary is a party, not a giver
            actors = [a for a in actors if a != self.default_recipient]
            recipient = recipient or self.default_recipient
        drafts = []
        for actor in actors:
            to = recipient
            if to == actor:  # "in the country" resolved to the giver: the beneficiary is the article's
                to = self.default_recipient if self.default_recipient != actor else None
            to = None if kind is Kind.SPENDING_TARGET else to
            if to is None and _domestic(kind, status, amount):
                continue  # aid with no beneficiary abroad is a domestic budget ("for households")
            headline = sent.start_char < self.headline_end
            draft = Draft(actor, kind, status, sent, to, amount, reading.condition, headline=headline)
            self._years(draft, anchor, reading)
            drafts.append(draft)
        return drafts

    def _recent_money(self, sent: Span, amount: AmountMention) -> Draft | None:
        """The money position stated in the last few sentences: a sum in its currency that names
        neither its giver nor its purpose ("a sum of $220 million will be designated for ...")
        continues it; a sum in another currency is more likely a conversion of it."""
        for draft in reversed(self.drafts):
            if draft.amount is not None and is_money(draft.amount) and draft.status is Status.COMMITTED:
                same_currency = amount.unit in {"", draft.amount.unit}
                return draft if same_currency and sent.start - draft.sent.end <= 80 else None
        return None

    def _package_kind(self, sent: Span, amount: AmountMention) -> Kind | None:
        """'Of this, 1.5 billion francs will be spent ...': a component is of its package's kind."""
        package = self._open_package(sent, amount)
        return package.kind if package is not None else None

    def _open_package(self, sent: Span, amount: AmountMention) -> Draft | None:
        """A sum with no giver of its own ('Of this, 835 million will ...') belongs to the package before it."""
        opener = sent.text.lower().lstrip()
        before = self.text[max(sent.start_char, amount.start - 12) : amount.start].lower()
        after = self.text[amount.end : min(sent.end_char, amount.end + 12)].lower()
        if (
            amount.unit != ""
            and not opener.startswith(COMPONENT_OPENERS)
            and "package" not in opener
            and not before.rstrip().endswith(("of which", "of this", "of that"))
            and not after.lstrip().startswith(("of the ", "of this ", "of that "))  # "$1 billion of the new aid"
        ):
            return None
        for draft in reversed(self.drafts):
            if draft.amount is not None and is_money(draft.amount) and draft.status is Status.COMMITTED:
                return draft if sent.start - draft.sent.end < 400 else None
        return None

    # -- who ----------------------------------------------------------------------------------------

    def _actors_for(
        self, node: Token, anchor: Token, figure: bool = False, asking: bool = False
    ) -> tuple[list[str], str | None]:
        """The actors whose position this is, and a recipient when the subject is the receiver."""
        if node.pos_ == "NOUN":
            owner = next((c for c in node.children if c.dep_ == "poss"), None)
            actor = self.actors.np_actor(owner) if owner is not None else None
            if actor:
                return [actor], None  # "restates NATO's commitment to Article 5"
        giver = None if asking else self._giver_from(anchor, node)  # "asked for jets from Korea": Korea is asked
        if giver:
            return [giver], None
        current: Token | None = node
        while current is not None:
            # What is given is no giver: "a further €8 billion pledged", "$220 million will fund".
            subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS and not (figure and _contains(c, anchor))]
            agent = next((c for c in current.children if c.dep_ == "agent"), None)
            if agent is None and subjects and subjects[0].dep_ == "nsubjpass" and self._is_given(current, anchor):
                # "50,000 recruits have been trained": the subject received it; the giver is the one in focus
                patient = current.head if subjects[0].lower_ in {"who", "which", "that"} else subjects[0]
                receiver = self.actors.np_actor(patient)
                giver = self.actors.last_actor
                return ([giver] if giver and giver != receiver else []), receiver
            if current.dep_ == "xcomp" and not subjects:
                controller = next((c for c in current.head.children if c.dep_ == "dobj"), None)
                if controller is not None:
                    # "urged European allies to increase spending": the allies would act, not the speaker
                    actor = self.actors.np_actor(controller)
                    return ([actor] if actor else []), None
            if current.lemma_.lower() in RECEIVING_VERBS and subjects:
                receiver = self.actors.np_actor(subjects[0])
                return self._from_actors(current), receiver
            if subjects:
                found = []
                relative = False
                for subject in subjects:
                    if subject.lower_ in {"who", "which", "that"} and current.dep_ == "relcl":
                        subject, relative = current.head, True
                    for member in [subject, *_conjuncts(subject)]:
                        actor = self.actors.np_actor(member)
                        if actor:
                            found.append(actor)
                if found or not relative:
                    return _unique(found), None
                # "approved a budget that raises defence spending": the budget's approver decides
            if subjects and current.dep_ == "relcl" and current.head.dep_ in {"dobj", "attr", "nsubjpass"}:
                current = current.head
                continue
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                actor = self.actors.np_actor(pobj) if pobj is not None else None
                return ([actor] if actor else []), None
            partitive = current.left_edge.lower_ == "of"  # "..., of which 2 billion euros will be spent"
            # "an agreement to set up a naval group": the infinitive is the signers' plan, not the noun's act
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            if (
                current.dep_ in {"relcl", "acl"}
                and current.head.pos_ in {"NOUN", "PROPN"}
                and not current.head.like_num
                and not partitive
                and not infinitive
            ):
                actor = self.actors.np_actor(current.head)
                return ([actor] if actor else []), None
            if current.dep_ == "ROOT" or current.head.i == current.i:
                break
            current = current.head
        owner = self._possessor(anchor)
        return ([owner] if owner else []), None

    def _giver_from(self, anchor: Token, node: Token) -> str | None:
        """'a series of pledges from the UK, including a £1.6 billion deal': 'from X' names the giver."""
        current = anchor
        for _ in range(12):
            nouns = [current] if current.pos_ == "NOUN" else []
            for prep in current.children:  # "a series of pledges from the UK"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    nouns.extend(c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN")
            for noun in nouns:
                for child in noun.children:
                    if child.dep_ != "prep" or child.lower_ != "from":
                        continue
                    for pobj in child.children:
                        hit = self.actors.token_actor(pobj)
                        if pobj.dep_ == "pobj" and hit and hit[1] in {"name", "capital", "institution"}:
                            return hit[0]
            has_subject = any(c.dep_ in SUBJECT_DEPS for c in current.children)
            if current.head.i == current.i or (current.pos_ in {"VERB", "AUX"} and has_subject):
                break
            current = current.head
        return None

    def _is_given(self, verb: Token, anchor: Token) -> bool:
        """A passive delivery verb whose subject is what is given or who is served, not who gives.

        Not in a clause that describes a place ("Latvia, where 1,800 allied troops are stationed"):
        there the clause's subject is no relative pronoun and nothing says who sent them.
        """
        lex = lexicon.statuses()
        if verb.lemma_.lower() not in lex.delivery_verbs or verb.pos_ != "VERB":
            return False
        if verb.dep_ == "relcl":
            return any(c.dep_ == "nsubjpass" and c.lower_ in {"who", "which", "that"} for c in verb.children)
        return True

    def _possessor(self, anchor: Token) -> str | None:
        """'Canada's defense spending', 'UK troops': the cue's own modifier names the actor."""
        for child in anchor.children:
            if child.dep_ in {"poss", "compound", "amod"}:
                hit = self.actors.token_actor(child)
                if hit:
                    return hit[0]
        return None

    def _from_actors(self, verb: Token) -> list[str]:
        """'received F-16s from Denmark and the Netherlands': every giver after 'from'."""
        for prep in verb.subtree:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                for pobj in prep.children:
                    found = [self.actors.np_actor(t) for t in [pobj, *_conjuncts(pobj)]]
                    if any(found):
                        return _unique([a for a in found if a])
        return []

    # -- to whom ------------------------------------------------------------------------------------

    def _recipient(self, anchor: Token, reading: Reading, kind: Kind) -> str | None:
        if kind is Kind.SPENDING_TARGET:
            return None
        path = [anchor]
        for ancestor in anchor.ancestors:
            if path[-1].i == reading.node.i:
                break
            path.append(ancestor)
        for node in path:
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in {"to", "for", "in", "into", "with", "on"}:
                    if child.lower_ == "with" and kind is Kind.BORDER:
                        continue  # "its border with Belarus" names a neighbour, not a beneficiary
                    found = self._pobj_state(child)
                    if found:
                        return found
                if child.dep_ == "prep" and child.lower_ in {"in", "of", "as", "for"}:
                    # "give 0.25 percent of GDP in military aid to Ukraine", "for reconstruction in Ukraine"
                    for pobj in child.children:
                        for prep in pobj.children:
                            if prep.dep_ == "prep" and prep.lower_ in {"to", "for", "in"}:
                                found = self._pobj_state(prep)
                                if found:
                                    return found
                if child.dep_ in {"xcomp", "advcl"} and child.lemma_.lower() in BENEFITING_VERBS:
                    # "allocating 3.5 billion euros to support Ukraine"
                    for obj in child.children:
                        hit = self.actors.token_actor(obj)
                        if obj.dep_ == "dobj" and hit and hit[1] in {"name", "capital"}:
                            return hit[0]
                if child.dep_ in {"dative", "dobj"} and child.i != anchor.i:
                    hit = self.actors.token_actor(child)
                    if hit and hit[1] in {"name", "capital"}:
                        return hit[0]
                if child.dep_ == "poss" and node.i == anchor.i:
                    hit = self.actors.token_actor(child)
                    if hit and hit[0] == self.default_recipient:
                        return hit[0]
                if child.dep_ in {"dobj", "nsubjpass"} and kind is Kind.TRAINING:
                    # "has trained 45,000 Ukrainian soldiers": the trainees' demonym is the recipient
                    for modifier in child.children:
                        hit = self.actors.token_actor(modifier)
                        if modifier.dep_ in {"amod", "compound"} and hit and hit[1] == "demonym":
                            return hit[0]
        if kind in {Kind.GUARANTEE, Kind.BORDER}:
            return None  # guarantees and borders have a beneficiary only where the text names one
        return self.default_recipient

    def _pobj_state(self, prep: Token) -> str | None:
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                actor = self.actors.np_actor(pobj)
                if actor and actor not in lexicon.actors().organisations:
                    return actor
        return None

    # -- what, how much -----------------------------------------------------------------------------

    def _amounts_in(self, sent: Span) -> list[AmountMention]:
        return [m for m in self.amounts if sent.start_char <= m.start < sent.end_char]

    def _token_of(self, mention: AmountMention) -> Token | None:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _count_for(self, cue: Token, sent: Span) -> AmountMention | None:
        """'45,000 Ukrainian troops', '30 Patriot missiles': a count in the cue's own phrase."""
        for mention in self._amounts_in(sent):
            if mention.unit not in {"troops", "items"}:
                continue
            token = self._token_of(mention)
            if token is None:
                continue
            if token.i == cue.i or token.head.i == cue.i or cue.i in {t.i for t in token.subtree}:
                return mention
            if cue.lemma_ == "troop" and mention.unit == "troops" and abs(token.i - cue.i) <= 3:
                return mention
        return None

    def _trained_count(self, cue: Token, sent: Span) -> AmountMention | None:
        """'has trained more than 45,000 Ukrainian troops': the people trained, from the verb's object."""
        verb = cue if cue.pos_ == "VERB" else cue.head
        for child in verb.children:
            if child.dep_ in {"dobj", "nsubjpass"}:
                found = self._count_for(child, sent)
                if found is not None and found.unit == "troops":
                    return found
        return None

    def _years(self, draft: Draft, anchor: Token, reading: Reading) -> None:
        sent = draft.sent
        for start, _end, year, role in self.years:
            if not sent.start_char <= start < sent.end_char:
                continue
            if role == "target" and draft.target_year is None:
                draft.target_year = year
            elif role == "since" and draft.since_year is None and draft.status is Status.DELIVERED:
                draft.since_year = year
        future = draft.status in {Status.COMMITTED, Status.CONDITIONAL, Status.CONSIDERING}
        if draft.target_year is None and future and self.day is not None and "next year" in sent.text.lower():
            draft.target_year = self.day.year + 1  # "next year", said in an article of a known date
        if draft.target_year is None and draft.kind is Kind.SPENDING_TARGET and draft.status is not Status.DELIVERED:
            # "will spend 3.5 percent of its GDP on defence in 2026": a target's year may come with "in"
            for start, _end, year, role in self.years:
                in_sentence = sent.start_char <= start < sent.end_char
                if in_sentence and role == "other" and self.text[start - 3 : start] == "in ":
                    draft.target_year = year
                    break

    # -- article-level rules ----------------------------------------------------------------------

    def _note_subject(self, sent: Span) -> None:
        note_subject(self.actors, sent)

    def _finish(self) -> list[Record]:
        drafts = merge(self.drafts)
        records: list[Record] = []
        packages: list[tuple[int, Draft]] = []
        for draft in drafts:
            amount = self._resolve_amount(draft, packages)
            if amount is not None and draft.amount is not None and is_money(draft.amount):
                package = package_for(draft, amount, packages)
                if package is not None:
                    draft.part_of = package
                else:
                    packages.append((len(records), draft))
            records.append(self._freeze(draft, amount))
        return records

    def _resolve_amount(self, draft: Draft, packages: list[tuple[int, Draft]]) -> Amount | None:
        mention = draft.amount
        if mention is None:
            return None
        unit = own_currency(draft.actor, mention.unit)
        if unit == "" and packages:
            unit = packages[-1][1].extra.get("unit", "") or ""  # type: ignore[assignment]
        if unit in _NON_COUNT_UNITS:
            return None
        draft.extra["unit"] = unit
        return Amount(mention.value, unit, mention.approx, mention.low, mention.high)

    def _freeze(self, draft: Draft, amount: Amount | None) -> Record:
        start, text = evidence_of(self.text, draft.sent)
        condition = draft.condition
        return Record(
            article=self.article.id,
            actor=draft.actor,
            kind=draft.kind,
            status=draft.status,
            evidence=text,
            evidence_start=start,
            evidence_end=start + len(text),
            recipient=draft.recipient,
            amount=amount,
            part_of=draft.part_of,
            condition=condition,
            target_year=draft.target_year if draft.kind in _YEAR_KINDS or draft.amount else None,
            since_year=draft.since_year,
        )


DOLLARS = frozenset({"CAD", "AUD", "NZD", "SGD", "HKD", "TWD"})
KRONER = frozenset({"SEK", "NOK", "DKK", "ISK", "CZK"})  # "crowns" is also the Czech koruna
RUPEES = frozenset({"INR", "PKR", "LKR", "NPR"})


def own_currency(actor: str, unit: str) -> str:
    """A bare "$" is the announcing state's own dollar where it has one, else USD (LEDGER.md rule 5);
    "kroner" or "crowns" its own crown, else Danish; "Rs" its own rupee, else Indian; any other unit
    as it is."""
    own = lexicon.actors().currencies.get(actor, "")
    if unit == "DOLLAR":
        return own if own in DOLLARS else "USD"
    if unit == "KRONER":
        return own if own in KRONER else "DKK"
    if unit == "RUPEE":
        return own if own in RUPEES else "INR"
    return unit


def note_subject(actors: ActorResolver, sent: Span) -> None:
    """Remember who the sentence is about, for the pronouns of the sentences after it."""
    for child in sent.root.children:
        if child.dep_ in SUBJECT_DEPS:
            actor = actors.np_actor(child)
            if actor:
                actors.noted_subject(actor, child)
                return
    for token, actor, role in actors.mentions(sent):
        if role != "demonym" and token.dep_ in SUBJECT_DEPS:
            actors.noted_subject(actor, token)
            return


def evidence_of(text: str, sent: Span) -> tuple[int, str]:
    """The sentence as it stands in the article's text, without surrounding white space, and where it starts
    (sliced from the text: Span.text would join its tokens again)."""
    whole = text[sent.start_char : sent.end_char]
    start = sent.start_char + (len(whole) - len(whole.lstrip()))
    return start, text[start : start + len(whole.strip())]


def clause_of(token: Token) -> int:
    """The verb whose clause holds the token (or the sentence root): 'has ruled out reaching the 5
    percent target, and ... will spend 2.1 percent of GDP' holds two clauses, two positions."""
    node = token
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
        node = node.head
    return node.i


_YEAR_KINDS = frozenset({Kind.SPENDING_TARGET, Kind.TRAINING, Kind.TROOPS, Kind.MILITARY_AID, Kind.NAVAL})


def _condition_on_path(anchor: Token, settled: Token) -> bool:
    """'weighing how to expand that training once the peacekeepers leave': the cue sits in the condition."""
    node = anchor
    while node.i != settled.i and node.head.i != node.i:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            return True
        node = node.head
    return False


CONDITION_MARKS = frozenset({"if", "unless", "once", "provided"})


def _inside_condition(node: Token) -> bool:
    for token in [node, *node.ancestors]:
        if token.dep_ in {"advcl", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ in {"if", "unless", "once", "provided"} for c in token.children
        ):
            return True
        if token.dep_ in {"ROOT", "ccomp", "conj"} and token.dep_ != "advcl":
            return False
    return False


def _domestic(kind: Kind, status: Status, amount: AmountMention | None) -> bool:
    """Money or civilian aid committed or spent with no beneficiary named: a domestic budget. Weapons
    refused or weighed without a recipient ("declined to supply Taurus missiles") still count."""
    if kind not in FOREIGN_AID_KINDS or status not in {Status.COMMITTED, Status.DELIVERED}:
        return False
    return kind is not Kind.MILITARY_AID or (amount is not None and is_money(amount))


def _after_from(text: str, sent: Span, mention: AmountMention) -> bool:
    before = text[max(sent.start_char, mention.start - 6) : mention.start].lower()
    return before.rstrip().endswith("from")


def _contains(phrase: Token, token: Token) -> bool:
    return phrase.left_edge.i <= token.i <= phrase.right_edge.i


def _conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def read_doc(doc: Doc, article: Article) -> list[Record]:
    return ArticleReader(doc, article).read()


__all__ = ["ArticleReader", "clause_of", "evidence_of", "note_subject", "own_currency", "read_doc"]
