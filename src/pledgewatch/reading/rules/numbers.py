"""Numbers as news writes them, and the word tables amounts are read with: compiled once, at import.

Split from amounts.py: this half knows what a number is ("two billion", "1,700", "$2-billion",
"half a billion", a date or a year that is no quantity); amounts.py reads what unit its words give it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from pledgewatch.reading.lexicon import load_json
from pledgewatch.reading.regex_trie import trie_pattern

_NUMBERS: Final[dict[str, Any]] = load_json("numbers.json")
_CURRENCIES: Final[dict[str, Any]] = load_json("currencies.json")


# --------------------------------------------------------------------------------------------------------------
# Tables and patterns, built once.


def _alternation(words: Iterable[str], *, bounded: bool = False) -> str:
    """Longest first so that 'Canadian dollars' beats 'dollars' and 'US$' beats '$'; spaces match any run of them."""
    return trie_pattern(words, bounded=bounded)


def _norm(phrase: str) -> str:
    """One key per phrase however the article spaced or capitalised it ("Canadian  Dollars")."""
    return " ".join(phrase.lower().split())


_UNIT_WORDS: Final[dict[str, int]] = dict(_NUMBERS["units"])
_TEEN_WORDS: Final[dict[str, int]] = dict(_NUMBERS["teens"])
_TENS_WORDS: Final[dict[str, int]] = dict(_NUMBERS["tens"])
_SCALE_WORDS: Final[dict[str, int]] = dict(_NUMBERS["scales"])
_DOZEN: Final[int] = int(_NUMBERS["dozen"])
_ABBREVIATIONS: Final[dict[str, int]] = {k.lower(): v for k, v in _NUMBERS["scale_abbreviations"].items()}
_AMBIGUOUS_ABBREVIATIONS: Final[frozenset[str]] = frozenset(_NUMBERS["ambiguous_abbreviations"])
_MULTIPLIERS: Final[dict[str, int]] = dict(_NUMBERS["multipliers"])
_MULTIPLIER_EXCLUSIONS: Final[frozenset[str]] = frozenset(_NUMBERS["multiplier_exclusions"])
_PEOPLE: Final[frozenset[str]] = frozenset(_norm(w) for w in _NUMBERS["people_nouns"])
_WEAK_PEOPLE: Final[frozenset[str]] = frozenset(_norm(w) for w in _NUMBERS["weak_people_nouns"])
_MILITARY_CUES: Final[frozenset[str]] = frozenset(_NUMBERS["military_cues"])
_EQUIPMENT: Final[frozenset[str]] = frozenset(_norm(w) for w in _NUMBERS["equipment_nouns"])
_SYMBOLS: Final[dict[str, str]] = dict(_CURRENCIES["symbols"])
_CODES: Final[frozenset[str]] = frozenset(_CURRENCIES["codes"])
_NAMES: Final[dict[str, str]] = {_norm(k): v for k, v in _CURRENCIES["names"].items()}
_NAMES_NEEDING_SCALE: Final[frozenset[str]] = frozenset(_norm(n) for n in _CURRENCIES["names_needing_scale"])
_SMALL_WORDS: Final[dict[str, int]] = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS}

_MONTH: Final[str] = _alternation(_NUMBERS["months"], bounded=True)
_SCALE_ALT: Final[str] = _alternation(_SCALE_WORDS, bounded=True)

_GLUED_SYMBOLS: Final[tuple[str, ...]] = tuple(_CURRENCIES["glued_symbols"])
# Right after a letter symbol written against the figure ("R2.3 billion"), itself not inside a word.
_GLUED_ALT: Final[str] = "|".join(rf"(?<=(?<![A-Za-z]){re.escape(s)})" for s in _GLUED_SYMBOLS)

# A number in figures, with the scale written after it: "1,700", "4.7", "$2-billion", "1.4 trillion", "£450m";
# thousands grouped by commas or by spaces ("3 300 troops", as much of Africa and Europe writes them).
# Not inside a word or a model name ("G7", "F-16", "1A5", "25th", "2030s"), but after a glued currency
# letter symbol ("Rs2.1 trillion"; `_figure_numbers` keeps those only with a scale).
_FIGURE_RE: Final = re.compile(
    rf"""(?:(?<![\w.])(?<![A-Za-z]-)|{_GLUED_ALT})
    (?P<fig>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?!\w)(?![.,]\d)|\d+(?:\.\d+)?)
    (?:(?:\s+|\s*-\s*)(?P<scale>(?i:{_SCALE_ALT}))(?:\s+(?P<scale2>(?i:thousand|million|billion)\b))?
      |(?P<abbr>(?i:{_alternation(_ABBREVIATIONS)}))
      |\s(?P<abbr2>(?i:{_alternation(a for a in _ABBREVIATIONS if a not in _AMBIGUOUS_ABBREVIATIONS)}))
    )?
    (?![\w])""",
    re.X,
)

# Where a figure may start: everything `_FIGURE_RE` reads before its first digit is a lookbehind.
_DIGIT_RE: Final = re.compile(r"\d")


def _figure_matches(text: str) -> Iterator[re.Match[str]]:
    """`_FIGURE_RE.finditer(text)`, the same matches: every match starts at a digit, so the regex is
    tried at the digits only (its lookbehinds still see the text before them). Tried at every
    position of an article, most of them letters or the blanks of the triage, it took longer than
    the rest of the figure reading."""
    position = 0
    while (digit := _DIGIT_RE.search(text, position)) is not None:
        start = digit.start()
        match = _FIGURE_RE.match(text, start)
        if match is None:
            position = start + 1
        else:
            yield match
            position = match.end()


_CORE_ALT: Final[str] = _alternation([*_SMALL_WORDS, *_SCALE_WORDS, "dozen"], bounded=True)
_JOIN_ALT: Final[str] = r"(?:and|an|a|half)\b"
# A run of number words; `_parse_words` cuts it into numbers ("two and three" is two numbers).
_WORD_RUN_RE: Final = re.compile(
    rf"(?i)\b(?:{_JOIN_ALT}(?:\s+|-))*{_CORE_ALT}(?:(?:\s+|-)(?:{_CORE_ALT}|{_JOIN_ALT}))*"
)
_WORD_TOKEN_RE: Final = re.compile(r"[A-Za-z]+")
_ORDINAL_AFTER_RE: Final = re.compile(rf"(?i)-{_alternation(_NUMBERS['ordinals'])}s?\b|-?fold\b")

_SYMBOL_ALT: Final[str] = _alternation(_SYMBOLS)
_CODE_ALT: Final[str] = _alternation(_CODES, bounded=True)
_PREFIX_RE: Final = re.compile(rf"(?:(?<![A-Za-z]){_SYMBOL_ALT}|\b{_CODE_ALT})\s*$")
_NAME_ALT: Final[str] = _alternation(_NAMES, bounded=True)
_SUFFIX_RE: Final = re.compile(rf"\s*(?:(?P<name>(?i:{_NAME_ALT}))|(?P<code>{_CODE_ALT}))(?![\w-])")

_APPROX_RE: Final = re.compile(
    rf"(?i)(?:(?<![\w-]){_alternation(a for a in _NUMBERS['approximators'] if a != '~')}|~)\s*$"
)
_APPROX_SUFFIX_RE: Final = re.compile(
    rf"(?i){_alternation(s.strip() if s[0] == ' ' else s for s in _NUMBERS['approximate_suffixes'] if s[0] != ' ')}"
    rf"(?![\w\d])|\s+{_alternation(s.strip() for s in _NUMBERS['approximate_suffixes'] if s[0] == ' ')}\b"
)
_BETWEEN_FROM_RE: Final = re.compile(r"(?i)\b(?P<word>between|from)\s+$")
_PERCENT_RE: Final = re.compile(r"\s*(?:%|(?i:per\s?cent|pct|percentage\s+points?)\b)")
_GDP_WORDS: Final[str] = r"(?:GDP|(?i:gross\s+domestic\s+product|economic\s+output))\b"
_OF_GDP_RE: Final = re.compile(rf"\s+(?:of\s+(?:[\w'’.-]+\s+){{0,3}}?)?{_GDP_WORDS}")
_OF_OTHER_RE: Final = re.compile(r"\s+of\b")

_EQUIPMENT_MODEL: Final[str] = r"[A-Z][A-Za-z]{0,3}-?\d+[A-Za-z]*s\b"
_NOUN_ALT: Final[str] = _alternation(_PEOPLE | _WEAK_PEOPLE | _EQUIPMENT, bounded=True)
_MODIFIER_ALT: Final[str] = _alternation(_NUMBERS["count_modifiers"], bounded=True)
_EQUIPMENT_ALT: Final[str] = _alternation(_EQUIPMENT, bounded=True)
# The words allowed between a number and what it counts: listed adjectives, proper names with an optional
# model number ("Canadian", "CAF", "Leopard 1A5", "Patriot"), model codes, hyphenated compounds, other nouns.
_MODIFIER: Final[str] = (
    rf"(?:(?i:{_MODIFIER_ALT})(?!-)|(?i:{_EQUIPMENT_ALT})(?!-)"
    r"|(?:[A-Z]\.){2,}|[A-Z][\w'’]*(?:-\w+)*(?:\s+\d{1,3}[A-Za-z0-9]*(?:-\w+)?)?"
    r"|\d+[A-Za-z][\w-]*|[a-z]+(?:-[a-z]+)+)"
)
_COUNT_RE: Final = re.compile(
    rf"(?:\s+of\s+(?i:its|our|their|his|her|the|these|those)\b)?"
    rf"(?P<mods>(?:\s+{_MODIFIER}){{0,4}})\s+(?P<noun>(?i:{_NOUN_ALT})|{_EQUIPMENT_MODEL})(?![\w-])"
)

# "increase the number of boots on the ground to up to 400": the counted noun comes before the number.
_NUMBER_OF_RE: Final = re.compile(
    rf"(?i:\bnumbers?\s+of)(?:\s+[\w'’-]+){{0,3}}?\s+(?P<noun>(?i:{_NOUN_ALT})|{_EQUIPMENT_MODEL})"
    rf"[^.;:!?]{{0,40}}?\s(?i:to|at|of|reach(?:es|ed)?|is|was|will\s+be|stands\s+at|totals?|totalled|totaled)\s+$"
)
_ROUNDS_OF_RE: Final = re.compile(r"\s+of\s+(?!(?i:ammunition|artillery|shells|munitions|ammo)\b|\d)")
_WEIGHT_RE: Final = re.compile(r"\s*(?i:pounds?)\s+of\b")
_EQUIPMENT_NAMES: Final[frozenset[str]] = frozenset(w for w in _EQUIPMENT if w[:1].isalpha())
_MODEL_BEFORE_RE: Final = re.compile(r"(?<![.!?]\s)\b([A-Z][A-Za-z]+)\s+$")

_CONNECTOR_RE: Final = re.compile(r"\s*[-–—]\s*|\s+(?i:to|and|or)\s+")
_TIME_AFTER_RE: Final = re.compile(r":\d|\s*(?i:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b)")
_DATE_BEFORE_RE: Final = re.compile(rf"{_MONTH}\.?\s+$")
_DATE_AFTER_RE: Final = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}")
_TEMPORAL_BEFORE_RE: Final = re.compile(
    rf"(?:(?i:\b(?:in|since|by|until|till|through|from|to|of|and|between|during|before|after|for|early|late|mid|"
    rf"year|fiscal|summer|winter|spring|autumn|fall))\s*-?\s*|{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?|[-–/,]\s*)$"
)

_MULT_ROOTS: Final[dict[str, int]] = {w[:-1] if w.endswith("e") else w: v for w, v in _MULTIPLIERS.items()}
_FOLD_WORDS: Final[dict[str, int]] = {**_SMALL_WORDS, "hundred": 100, "thousand": 1000}
_MULTIPLIER_RE: Final = re.compile(
    rf"(?i)\b(?:(?P<root>{_alternation(_MULT_ROOTS)})(?P<ending>e|es|ed|ing)\b"
    rf"|(?P<fold>{_alternation(_FOLD_WORDS)}|\d+(?:\.\d+)?)[-\s]?fold\b)(?!-)"
)
_DETERMINER_BEFORE_RE: Final = re.compile(r"(?i)\b(?:a|an|the)\s+$")
_NEXT_WORD_RE: Final = re.compile(r"\s+([A-Za-z]+)")

_SENTENCE_BREAK_RE: Final = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z\"“‘(])|[;\n]")
_CLAUSE_BREAK_RE: Final = re.compile(
    r"(?i),\s*(?:while|whereas|but|although|though|which|who|as|because|when|where|and\s+(?:the|its|their|it))\b"
    r"|\s(?:while|whereas|but)\s"
)
_CONVERSION_GAP_RE: Final = re.compile(
    r"\s*(?:(?P<paren>[(\[])|,|[—–])?\s*(?:(?P<or>or)\s+)?"
    r"(?:(?P<cue>i\.e\.,?|equivalent\s+to|equal\s+to|which\s+is|roughly|approximately)\s+)?",
    re.I,
)


# --------------------------------------------------------------------------------------------------------------
# Numbers.


@dataclass
class _Number:
    """A number as written, before its unit is read: the scale is kept apart so a range can share it."""

    start: int
    end: int
    value: float
    scale: float = 1.0
    abbr: str = ""
    plain: bool = False  # a date or a time: never a quantity
    year_like: bool = False


def _parse_words(words: list[str], i: int) -> tuple[int, float] | None:
    """The longest number spelt out from words[i]: (index after it, value), or None.

    English joins number words by fixed rules ("one hundred and five", "two and a half million", "half a
    billion", "a dozen"), so a run such as "between two and three" is cut into two numbers, and a scale with
    no count before it ("billion" in "several billion") is vague and is no number.
    """
    n = len(words)
    total, current = 0.0, 0.0
    last = ""
    top = math.inf
    j = i
    if (
        words[j] == "half"
        and j + 2 < n
        and words[j + 1] in ("a", "an")
        and (words[j + 2] in _SCALE_WORDS or words[j + 2] == "dozen")
    ):
        current, last, j = 0.5, "count", j + 2
    elif words[j] in ("a", "an") and j + 1 < n and (words[j + 1] in _SCALE_WORDS or words[j + 1] == "dozen"):
        current, last, j = 1.0, "count", j + 1
    elif words[j] not in _SMALL_WORDS:
        return None
    best: tuple[int, float] | None = None
    while j < n:
        word = words[j]
        if word in _UNIT_WORDS:
            if last not in ("", "tens", "hundred", "scale", "and"):
                break
            current += _UNIT_WORDS[word]
            last = "unit"
        elif word in _TEEN_WORDS or word in _TENS_WORDS:
            if last not in ("", "hundred", "scale", "and"):
                break
            current += _SMALL_WORDS[word]
            last = "tens" if word in _TENS_WORDS else "teen"
        elif word == "hundred":
            if last not in ("unit", "teen", "count") or current >= 100:
                break
            current *= 100
            last = "hundred"
        elif word in _SCALE_WORDS:
            scale = _SCALE_WORDS[word]
            if last not in ("unit", "teen", "tens", "hundred", "count", "half") or scale >= top:
                break
            total += current * scale
            current, top, last = 0.0, scale, "scale"
        elif word == "dozen":
            if last not in ("unit", "count"):
                break
            current *= _DOZEN
            last = "dozen"
        elif word == "and":
            if last in ("hundred", "scale") and j + 1 < n and words[j + 1] in _SMALL_WORDS:
                last = "and"
                j += 1
                continue
            if last in ("unit", "teen", "tens") and words[j + 1 : j + 3] in (["a", "half"], ["an", "half"]):
                current += 0.5
                last = "half"
                j += 3
                best = (j, total + current)
                continue
            break
        else:
            break
        j += 1
        best = (j, total + current)
    return best


def _word_numbers(text: str) -> Iterator[_Number]:
    """Spelt-out numbers; the scale is kept so that "two to three billion" can share it."""
    for run in _WORD_RUN_RE.finditer(text):
        tokens = [
            (m.start() + run.start(), m.end() + run.start(), m.group().lower())
            for m in _WORD_TOKEN_RE.finditer(run.group())
        ]
        words = [t[2] for t in tokens]
        i = 0
        while i < len(words):
            parsed = _parse_words(words, i)
            if parsed is None:
                i += 1
                continue
            j, value = parsed
            start, end = tokens[i][0], tokens[j - 1][1]
            i = j
            if _ORDINAL_AFTER_RE.match(text, end):
                continue  # "thirty-sixth", "two-thirds", "ten-fold" (read as a multiplier)
            scale = 1.0
            if words[j - 1] in _SCALE_WORDS and words[j - 1] != "hundred":
                scale = float(_SCALE_WORDS[words[j - 1]])
            yield _Number(start, end, value, scale=scale)


def _figure_numbers(text: str) -> Iterator[_Number]:
    """Numbers in figures; years are flagged here because only the words around them can clear them."""
    for m in _figure_matches(text):
        figure = m.group("fig")
        value = float(re.sub(r"[,\s]", "", figure))
        scale, abbr = 1.0, ""
        if m.group("scale"):
            scale = float(_SCALE_WORDS[m.group("scale").lower()])
            if m.group("scale2"):
                if scale != 100:
                    continue  # "2 million billion" is no number anyone writes
                scale *= _SCALE_WORDS[m.group("scale2").lower()]
        elif m.group("abbr") or m.group("abbr2"):
            abbr = (m.group("abbr") or m.group("abbr2")).lower()
            scale = float(_ABBREVIATIONS[abbr])
        end = m.end()
        if re.match(r"-?fold\b", text[end : end + 6], re.I):
            continue
        if m.start() and text[m.start() - 1].isalpha() and scale == 1:
            continue  # "R2" alone is a name; "R2 billion" is money
        year_like = not scale > 1 and figure.isdigit() and 1900 <= value <= 2100
        number = _Number(m.start(), end, value * scale, scale=scale, abbr=abbr, year_like=year_like)
        number.plain = _is_date_or_time(text, number, figure)
        yield number


def _is_date_or_time(text: str, number: _Number, figure: str) -> bool:
    """'August 25', '25 August', '10:30', '5 p.m.': figures that count nothing."""
    if number.scale > 1:
        return False
    if (number.start and text[number.start - 1] == ":") or _TIME_AFTER_RE.match(text, number.end):
        return True
    if figure.isdigit() and 1 <= int(figure) <= 31:
        before = text[max(0, number.start - 12) : number.start]
        return bool(_DATE_BEFORE_RE.search(before) or _DATE_AFTER_RE.match(text, number.end))
    return False


def _numbers(text: str, blocked: list[tuple[int, int]]) -> list[_Number]:
    """All numbers in order; a figure's scale word ("1.5 billion") is not read again as a word number."""
    figures = list(_figure_numbers(text))
    taken = [(n.start, n.end) for n in figures] + blocked
    words = [n for n in _word_numbers(text) if not any(s < n.end and n.start < e for s, e in taken)]
    figures = [n for n in figures if not any(s < n.end and n.start < e for s, e in blocked)]
    return sorted(figures + words, key=lambda n: n.start)
