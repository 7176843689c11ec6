"""The lexicon files: they load, every id they use is one the ledger allows, and states.json is current.

The lexicons are data edited by hand (actors.json, kinds.json, statuses.json) or generated
(states.json); a typo there does not fail loudly anywhere else, it just makes a rule never fire or
emit an actor the ledger does not know.
"""

from __future__ import annotations

import importlib.util

import pytest

from pledgewatch.model import Kind, Status
from pledgewatch.reading import lexicon
from pledgewatch.reading.lexicon import build_states

ORGANISATIONS = {"NATO", "EU", "UN", "OSCE", "G7", "AU", "ASEAN"}  # LEDGER.md's list


def state_ids() -> set[str]:
    return {state["id"] for state in lexicon.load_json("states.json")["states"]}


def test_lexicons_load() -> None:
    actors, kinds, statuses = lexicon.actors(), lexicon.kinds(), lexicon.statuses()
    assert actors.names and actors.capitals and actors.demonyms and actors.office_holders
    assert kinds.phrases
    assert statuses.verbs and statuses.modals and statuses.condition_markers


def test_state_ids_are_iso_alpha3() -> None:
    ids = state_ids()
    assert len(ids) > 190  # every UN member at least
    assert all(len(i) == 3 and i.isascii() and i.isupper() for i in ids), sorted(i for i in ids if len(i) != 3)
    assert {"CAN", "UKR", "USA", "GBR", "DEU", "FRA", "POL", "RUS", "JPN"} <= ids


def test_every_actor_id_is_a_state_or_a_ledger_organisation() -> None:
    actors = lexicon.actors()
    allowed = state_ids() | ORGANISATIONS
    used = {
        *actors.names.values(),
        *actors.capitals.values(),
        *actors.demonyms.values(),
        *(holder.actor for holder in actors.office_holders),
        *actors.currencies,
        *actors.state_names,
    }
    assert used - allowed == set()
    assert actors.organisations == ORGANISATIONS


def test_every_kind_in_kinds_json_is_a_kind() -> None:
    kinds = lexicon.load_json("kinds.json")["kinds"]
    assert set(kinds) <= {k.value for k in Kind}


def test_every_kind_has_cue_phrases() -> None:
    """A kind without cues could never be extracted."""
    phrases = lexicon.kinds().phrases
    assert {k.value for k in Kind} <= set(phrases)
    assert all(phrases[k] for k in phrases)


def test_every_status_in_statuses_json_is_a_status() -> None:
    data = lexicon.load_json("statuses.json")
    named = {*data["verbs"], *data["phrases"], *data["particle_verbs"].values(), *data["modals"].values()}
    assert named <= {s.value for s in Status}, named - {s.value for s in Status}
    assert set(lexicon.statuses().verbs.values()) <= {s.value for s in Status}


@pytest.mark.parametrize(
    ("capital", "actor"), [("Ottawa", "CAN"), ("Kyiv", "UKR"), ("Washington", "USA"), ("Moscow", "RUS")]
)
def test_capitals_stand_for_their_states(capital: str, actor: str) -> None:
    """LEDGER.md rule 1. A capital may come from states.json or, where countryinfo spells it
    differently ("Washington D.C."), from an alias in actors.json; either way it must resolve."""
    actors = lexicon.actors()
    assert actors.capitals.get(capital, actors.names.get(capital)) == actor


@pytest.mark.parametrize(("demonym", "actor"), [("Canadian", "CAN"), ("British", "GBR"), ("Ukrainian", "UKR")])
def test_demonyms_stand_for_their_states(demonym: str, actor: str) -> None:
    assert lexicon.actors().demonyms[demonym] == actor


def test_office_holders_have_ordered_terms() -> None:
    for holder in lexicon.actors().office_holders:
        assert holder.names, holder
        if holder.start and holder.end:
            assert holder.start < holder.end, holder


def test_lexicons_are_read_only() -> None:
    """Frozen on purpose (lexicon/__init__.py): no stage may change the lexicon for the others."""
    with pytest.raises(TypeError):
        lexicon.actors().names["Atlantis"] = "ATL"  # type: ignore[index]


def test_states_json_is_what_build_states_generates() -> None:
    if importlib.util.find_spec("countryinfo") is None:
        pytest.skip("countryinfo is not installed (pip install 'pledgewatch[test]'): cannot regenerate states.json")
    committed = (build_states.STATES_FILE).read_text(encoding="utf-8")
    assert build_states.render(build_states.build()) == committed, (
        "states.json differs from countryinfo: run `python -m pledgewatch.reading.lexicon.build_states`"
    )
