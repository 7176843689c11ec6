"""The pipeline's own components: the actor and kind rulers and the line-break sentence splitter.

The actor ruler matches surface forms (ORTH), so it works on a blank tokenizer and is tested there,
fast. The kind ruler matches lemmas, which only the model's lemmatizer provides, and line breaks
act before the model's parser, so those tests use the shared `nlp` fixture.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pledgewatch.reading.pipeline import blank_pipeline


@pytest.fixture(scope="module")
def blank() -> Language:
    return blank_pipeline()


def spans(doc: Doc, key: str) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in doc.spans[key]]


def test_actor_ruler_labels_states_and_organisations(blank: Language) -> None:
    doc = blank("Canada, the U.K. and NATO agreed on new support for Kyiv.")
    assert spans(doc, "actors") == [("Canada", "CAN"), ("U.K.", "GBR"), ("NATO", "NATO"), ("Kyiv", "UKR")]


def test_actor_ruler_names_the_role_of_each_match(blank: Language) -> None:
    doc = blank("Ottawa said the Canadian Armed Forces would lead the mission with British help.")
    found = {span.text: (span.label_, span.id_) for span in doc.spans["actors"]}
    assert found["Ottawa"] == ("CAN", "capital")
    assert found["British"] == ("GBR", "demonym")
    # The longest match wins: the institution, not the bare demonym inside it.
    assert found["Canadian Armed Forces"][0] == "CAN"
    assert "Canadian" not in found


def test_actor_ruler_leaves_unknown_names_alone(blank: Language) -> None:
    assert spans(blank("Atlantis and the Hanseatic League agreed nothing."), "actors") == []


def test_actor_ruler_is_case_sensitive(blank: Language) -> None:
    """ORTH matching: 'us' the pronoun is not 'US' the state."""
    doc = blank("They told us that the US would help.")
    assert spans(doc, "actors") == [("US", "USA")]


def test_kind_ruler_finds_cues_by_lemma(nlp: Language) -> None:
    doc = nlp("Allies discussed security guarantees and air support for Ukraine.")
    found = spans(doc, "kinds")
    assert ("security guarantees", "guarantee") in found
    assert ("air support", "air") in found


def test_kind_ruler_prefers_the_longest_cue(nlp: Language) -> None:
    doc = nlp("The country announced a new military aid package.")
    assert spans(doc, "kinds") == [("military aid package", "military_aid")]


def test_kind_ruler_accepts_hyphenated_compounds(nlp: Language) -> None:
    doc = nlp("Berlin will send more air-defence systems.")
    assert ("air-defence", "military_aid") in spans(doc, "kinds")


def test_line_break_makes_a_headline_its_own_sentence(nlp: Language) -> None:
    headline = "Canada weighs troop role in Ukraine"
    doc = nlp(f"{headline}\nOttawa could send soldiers once the war ends. It has not decided yet.")
    sentences = [sent.text.strip() for sent in doc.sents]
    assert sentences[0] == headline
    assert sentences[1] == "Ottawa could send soldiers once the war ends."


def test_line_breaks_runs_before_the_parser(nlp: Language) -> None:
    """The parser respects sentence starts set before it, not after: the order is the mechanism."""
    names = nlp.pipe_names
    assert names.index("line_breaks") < names.index("parser")
