"""The quantity lexicons load and say what the amount reader relies on."""

from __future__ import annotations

import re

from pledgewatch.reading.lexicon import load_json


def test_currency_codes_are_iso_shaped() -> None:
    data = load_json("currencies.json")
    placeholders = set(data["placeholders"])
    for code in data["codes"]:
        assert re.fullmatch(r"[A-Z]{3}", code), code
    for table in ("symbols", "names"):
        for surface, code in data[table].items():
            assert surface, table
            assert code in placeholders or (re.fullmatch(r"[A-Z]{3}", code) and code in data["codes"]), (surface, code)


def test_currency_names_are_lowercase_and_cover_the_common_ones() -> None:
    names = load_json("currencies.json")["names"]
    assert all(name == name.lower() for name in names)
    expected = {
        "canadian dollars": "CAD",
        "u.s. dollars": "USD",
        "us dollars": "USD",
        "pounds": "GBP",
        "sterling": "GBP",
        "yen": "JPY",
        "hryvnias": "UAH",
        "zloty": "PLN",
        "swiss francs": "CHF",
        "euros": "EUR",
        "dollars": "DOLLAR",
        "kroner": "KRONER",
        "danish kroner": "DKK",
    }
    assert {k: names[k] for k in expected} == expected


def test_number_words() -> None:
    data = load_json("numbers.json")
    words = {**data["units"], **data["teens"], **data["tens"]}
    assert words["one"] == 1 and words["nineteen"] == 19 and words["ninety"] == 90
    assert data["scales"] == {
        "hundred": 100,
        "thousand": 1000,
        "million": 1_000_000,
        "billion": 1_000_000_000,
        "trillion": 1_000_000_000_000,
    }
    assert data["dozen"] == 12
    assert set(data["ambiguous_abbreviations"]) <= set(data["scale_abbreviations"])
    assert data["multipliers"]["quadruple"] == 4


def test_word_lists_are_lowercase_and_unique() -> None:
    data = load_json("numbers.json")
    for key in ("people_nouns", "weak_people_nouns", "count_modifiers", "military_cues", "approximators"):
        words = data[key]
        assert len(words) == len(set(words)), key
        assert all(w == w.lower() for w in words), key
    assert set(data["weak_people_nouns"]) <= set(data["people_nouns"]) | {"members", "member"}
