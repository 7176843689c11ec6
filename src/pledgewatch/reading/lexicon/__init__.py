"""Lexicons are data, not code: this module only loads the JSON files beside it, once.

The loaded lexicons are frozen (tuples, frozensets, read-only mappings) so no stage can change
them for the others: the global mutable dictionaries PETRARCH suffered from are not possible here.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

_HERE = Path(__file__).parent


def load_json(name: str) -> dict[str, Any]:
    with (_HERE / name).open(encoding="utf-8") as f:
        return json.load(f)


@dataclass(frozen=True)
class OfficeHolder:
    names: tuple[str, ...]
    actor: str
    start: date | None
    end: date | None

    def holds_office_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class ActorLexicon:
    """Every surface form that names an actor, by role, plus office holders and currencies."""

    names: MappingProxyType  # "Canada", "U.S.", "NATO", "Pentagon" -> id
    demonyms: MappingProxyType  # "Canadian" -> "CAN"
    capitals: MappingProxyType  # "Ottawa" -> "CAN"
    office_holders: tuple[OfficeHolder, ...]
    currencies: MappingProxyType  # "CAN" -> "CAD"
    state_names: MappingProxyType  # "CAN" -> "Canada"
    organisations: frozenset[str]
    places: tuple[str, ...]  # names that contain an actor word but are no actor

    def holders_named(self, name: str) -> tuple[OfficeHolder, ...]:
        return tuple(h for h in self.office_holders if name in h.names)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@functools.cache
def actors() -> ActorLexicon:
    states = load_json("states.json")["states"]
    extra = load_json("actors.json")
    skip = set(extra["not_actors"])
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    currencies: dict[str, str] = {}
    state_names: dict[str, str] = {}
    for state in states:
        iso = state["id"]
        state_names[iso] = state["name"]
        if state["currencies"]:
            currencies[iso] = state["currencies"][0]
        for name in state["names"]:
            if name not in skip:
                names.setdefault(name, iso)
        capital = state["capital"]
        if capital and capital not in skip:
            capitals.setdefault(capital, iso)
        if state["demonym"]:
            demonyms.setdefault(state["demonym"], iso)
    for iso, forms in extra["aliases"].items():
        for form in forms:
            names[form] = iso
    for iso, forms in extra["institutions"].items():
        for form in forms:
            names[form] = iso
    for iso, forms in extra["demonyms"].items():
        for form in forms:
            demonyms[form] = iso
    for org, forms in extra["organisations"].items():
        for form in forms:
            names[form] = org
    holders = tuple(
        OfficeHolder(tuple(h["names"]), h["actor"], _day(h["from"]), _day(h["to"])) for h in extra["office_holders"]
    )
    return ActorLexicon(
        names=MappingProxyType(names),
        demonyms=MappingProxyType(demonyms),
        capitals=MappingProxyType(capitals),
        office_holders=holders,
        currencies=MappingProxyType(currencies),
        state_names=MappingProxyType(state_names),
        organisations=frozenset(extra["organisations"]),
        places=tuple(extra.get("places", ())),
    )


@dataclass(frozen=True)
class KindLexicon:
    phrases: MappingProxyType  # kind -> tuple of lemma phrases
    weak: frozenset[str]
    not_after: MappingProxyType  # cue -> frozenset of words that, just before it, cancel it
    requires: MappingProxyType  # weak cue -> lemmas one of which must govern or modify it
    anaphoric_heads: frozenset[str]  # "the program" refers back to the last "... program" cue
    containers: frozenset[str]  # nouns a cue can modify and still be what is given
    money_only: frozenset[str]  # cues that only type a sum of money
    requested_only: frozenset[str]  # cues that are a position only when asked for


@functools.cache
def kinds() -> KindLexicon:
    data = load_json("kinds.json")
    return KindLexicon(
        phrases=MappingProxyType({k: tuple(v) for k, v in data["kinds"].items()}),
        weak=frozenset(data["weak"]),
        not_after=MappingProxyType({k: frozenset(v) for k, v in data["not_after"].items()}),
        requires=MappingProxyType({k: frozenset(v) for k, v in data.get("requires", {}).items()}),
        anaphoric_heads=frozenset(data.get("anaphoric_heads", ())),
        containers=frozenset(data.get("containers", ())),
        money_only=frozenset(data.get("money_only", ())),
        requested_only=frozenset(data.get("requested_only", ())),
    )


@dataclass(frozen=True)
class StatusLexicon:
    verbs: MappingProxyType  # lemma -> status
    delivery_verbs: frozenset[str]
    particle_verbs: MappingProxyType  # "rule out" -> status
    phrases: MappingProxyType  # status -> tuple of phrases
    modals: MappingProxyType
    condition_markers: tuple[str, ...]
    prep_verbs: MappingProxyType  # "call for" -> requested
    stop_verbs: frozenset[str]

    @functools.cached_property
    def particle_verbs_heads(self) -> frozenset[str]:
        return frozenset(p.split()[0] for p in self.particle_verbs)

    @functools.cached_property
    def stance_words(self) -> frozenset[str]:
        return frozenset(w for phrases in self.phrases.values() for w in phrases if " " not in w)

    @functools.cached_property
    def all_verbs(self) -> frozenset[str]:
        """Every verb that gives or settles something: delivery, status and particle verbs."""
        return self.delivery_verbs | frozenset(self.verbs) | self.particle_verbs_heads


@functools.cache
def statuses() -> StatusLexicon:
    data = load_json("statuses.json")
    verbs = {lemma: status for status, lemmas in data["verbs"].items() for lemma in lemmas}
    return StatusLexicon(
        verbs=MappingProxyType(verbs),
        delivery_verbs=frozenset(data["delivery_verbs"]),
        particle_verbs=MappingProxyType(dict(data["particle_verbs"])),
        phrases=MappingProxyType({k: tuple(v) for k, v in data["phrases"].items()}),
        modals=MappingProxyType(dict(data["modals"])),
        condition_markers=tuple(data["condition_markers"]),
        prep_verbs=MappingProxyType(dict(data.get("prep_verbs", {}))),
        stop_verbs=frozenset(data.get("stop_verbs", ())),
    )
