"""Amounts in news text: money, people, equipment, shares of GDP and multipliers, with exact offsets.

The ledger scores an amount by unit and value within 1 % (LEDGER.md, rules 5 and 12), so a figure is
only worth something together with the unit the sentence gives it, and that unit is often several words
away ("45,000 Ukrainian troops", "two billion Canadian dollars, about 1.4 billion U.S. dollars", "from 4.1
to 4.7 percent of GDP"). A tokenizer splits those phrases apart and general-purpose number parsers guess
currencies wrongly, so this module reads the surface text with regular expressions compiled once, at
import, from the word lists in `lexicon/numbers.json` and `lexicon/currencies.json`.

It leaves to the caller what only the caller knows: which dollar a bare "$" is (unit "DOLLAR") and which
krone a bare "kroner" is (unit "KRONER") depend on the announcing state; a figure without any unit
(unit "") may be a component inheriting its package's currency, or nothing at all.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from pledgewatch.lexicon import load_json
from pledgewatch.model import Amount

_NUMBERS: Final[dict[str, Any]] = load_json("numbers.json")
_CURRENCIES: Final[dict[str, Any]] = load_json("currencies.json")

#: Units that are not money; every other unit of a mention is an ISO 4217 code or a placeholder.
NON_MONEY_UNITS: Final[frozenset[str]] = frozenset({"troops", "items", "percent_gdp", "percent", "multiplier", ""})
#: Money units the caller resolves from the announcing actor.
PLACEHOLDER_UNITS: Final[frozenset[str]] = frozenset(_CURRENCIES["placeholders"])


@dataclass(frozen=True)
class AmountMention:
    """One quantity as written, with its unit as far as the text alone can tell it.

    `unit` is an ISO 4217 code, "DOLLAR" or "KRONER" (placeholders: see `to_amount`), "troops", "items",
    "percent_gdp", "percent", "multiplier", or "" for a bare number. `value` is the midpoint of a range.
    """

    start: int
    end: int
    value: float
    unit: str
    approx: bool
    low: float | None = None
    high: float | None = None
    text: str = ""
    noun: str | None = None
    is_conversion: bool = False

    @property
    def is_money(self) -> bool:
        """True for currency amounts, placeholders included: the caller picks the record's figure by this."""
        return self.unit not in NON_MONEY_UNITS


def to_amount(m: AmountMention, dollar: str = "USD", kroner: str | None = None) -> Amount:
    """The ledger's `Amount` for a mention, with the placeholders resolved by what the caller knows.

    `dollar` is the announcing state's dollar (rule 5: CAD for Canada, AUD for Australia, else USD);
    `kroner`, when given, is its krone (SEK, NOK, DKK). A krone left unresolved stays "KRONER".
    """
    unit = m.unit
    if unit == "DOLLAR":
        unit = dollar
    elif unit == "KRONER" and kroner:
        unit = kroner
    return Amount(value=m.value, unit=unit, approx=m.approx, low=m.low, high=m.high)


# --------------------------------------------------------------------------------------------------------------
# Tables and patterns, built once.


def _alternation(words: Iterable[str], *, bounded: bool = False) -> str:
    """Longest first so that 'Canadian dollars' beats 'dollars' and 'US$' beats '$'; spaces match any run of them."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        pattern = r"\s+".join(re.escape(piece) for piece in word.split())
        if bounded and word[-1].isalnum():
            pattern += r"\b"
        parts.append(pattern)
    return "(?:" + "|".join(parts) + ")"


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
_SMALL_WORDS: Final[dict[str, int]] = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS}

_MONTH: Final[str] = _alternation(_NUMBERS["months"], bounded=True)
_SCALE_ALT: Final[str] = _alternation(_SCALE_WORDS, bounded=True)

# A number in figures, with the scale written after it: "1,700", "4.7", "$2-billion", "1.4 trillion", "£450m".
# Not inside a word or a model name ("G7", "F-16", "1A5", "25th", "2030s").
_FIGURE_RE: Final = re.compile(
    rf"""(?<![\w.])(?<![A-Za-z]-)
    (?P<fig>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:(?:\s+|\s*-\s*)(?P<scale>(?i:{_SCALE_ALT}))(?:\s+(?P<scale2>(?i:thousand|million|billion)\b))?
      |(?P<abbr>(?i:{_alternation(_ABBREVIATIONS)}))
      |\s(?P<abbr2>(?i:{_alternation(a for a in _ABBREVIATIONS if a not in _AMBIGUOUS_ABBREVIATIONS)}))
    )?
    (?![\w])""",
    re.X,
)

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
    if words[j] == "half" and j + 2 < n and words[j + 1] in ("a", "an") and (
        words[j + 2] in _SCALE_WORDS or words[j + 2] == "dozen"
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
        tokens = [(m.start() + run.start(), m.end() + run.start(), m.group().lower())
                  for m in _WORD_TOKEN_RE.finditer(run.group())]
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
    for m in _FIGURE_RE.finditer(text):
        figure = m.group("fig")
        value = float(figure.replace(",", ""))
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
        year_like = not scale > 1 and "," not in figure and "." not in figure and 1900 <= value <= 2100
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


# --------------------------------------------------------------------------------------------------------------
# Reading one number's unit from the words around it.


@dataclass
class _Part:
    """A number with what its neighbourhood says about it; mutable while ranges and lists are resolved."""

    number: _Number
    start: int
    end: int
    value: float
    unit: str
    approx: bool
    tail: int | None  # where a range connector ("to", "-") may follow; None when it may not
    noun: str | None = None
    between: int | None = None  # offset of "between" before the number, for a range's text
    from_: bool = False
    of_other: bool = False  # a percent "of" something that is not GDP
    low: float | None = None
    high: float | None = None
    is_conversion: bool = False

    def freeze(self, text: str) -> AmountMention:
        return AmountMention(
            start=self.start,
            end=self.end,
            value=self.value,
            unit=self.unit,
            approx=self.approx,
            low=self.low,
            high=self.high,
            text=text[self.start : self.end],
            noun=self.noun,
            is_conversion=self.is_conversion,
        )


def _is_money_unit(unit: str) -> bool:
    """Placeholders ("DOLLAR", "KRONER") are money too: only the caller can name their currency."""
    return unit not in NON_MONEY_UNITS


def _read(text: str, number: _Number, floor: int) -> _Part | None:
    """Prefix (approximator, currency) and suffix (currency, percent, counted noun) of one number."""
    start = number.start
    prefix_unit = ""
    prefix = _PREFIX_RE.search(text, floor, start)
    if prefix:
        symbol = prefix.group().strip()
        prefix_unit = _SYMBOLS.get(symbol, symbol if symbol in _CODES else "")
        start = prefix.start()
    approx = False
    approx_match = _APPROX_RE.search(text, max(floor, start - 30), start)
    if approx_match:
        approx, start = True, approx_match.start()
    linker = _BETWEEN_FROM_RE.search(text, max(floor, start - 10), start)
    between = linker.start() if linker and linker.group("word").lower() == "between" else None
    from_ = bool(linker and linker.group("word").lower() == "from")

    pos = number.end
    suffix = _APPROX_SUFFIX_RE.match(text, pos)
    if suffix:
        approx, pos = True, suffix.end()
    part = _Part(number, start, pos, number.value, "", approx, pos, between=between, from_=from_)

    if number.year_like and not prefix_unit and _TEMPORAL_BEFORE_RE.search(text, max(0, number.start - 25), start):
        part.tail = None
        return part  # "in 2024 dollars", "since 2022 troops have ..."
    currency = _SUFFIX_RE.match(text, pos)
    if currency and number.scale == 1 and _WEIGHT_RE.match(text, pos):
        currency = None  # "2,000 pounds of explosives" weighs, it does not pay
    if prefix_unit or currency:
        unit = prefix_unit
        if currency:
            named = _NAMES[_norm(currency.group("name"))] if currency.group("name") else currency.group("code")
            if not unit or unit == "DOLLAR":
                unit = named
            part.end = currency.end()
        part.unit, part.tail = unit, part.end
        return part
    if number.abbr in _AMBIGUOUS_ABBREVIATIONS:
        return None  # "400m" without a currency: metres as likely as millions
    if number.plain:
        part.start, part.approx, part.between, part.from_ = number.start, False, None, False
        part.tail = None
        return part
    percent = _PERCENT_RE.match(text, pos)
    if percent:
        part.end = part.tail = percent.end()
        part.unit = "percent"
        gdp = _OF_GDP_RE.match(text, part.end)
        if gdp:
            part.unit, part.end, part.tail = "percent_gdp", gdp.end(), gdp.end()
        elif _OF_OTHER_RE.match(text, part.end):
            part.of_other = True
        return part
    count = _COUNT_RE.match(text, pos)
    if count and _counts(text, number, count) and not _is_model_number(text, number, count):
        part.unit, part.noun = _noun_unit(count.group("noun"))
        part.end, part.tail = count.end(), None
        return part
    if number.year_like:
        part.tail = None
    elif not prefix and not number.abbr:
        counted = _NUMBER_OF_RE.search(text, max(0, start - 120), start)
        if counted:
            part.unit, part.noun = _noun_unit(counted.group("noun"))
    return part


def _noun_unit(noun: str) -> tuple[str, str]:
    """("troops", "soldiers") or ("items", "F-16s"): common nouns lowercased, names and model codes as written."""
    key = _norm(noun)
    unit = "troops" if key in _PEOPLE or key in _WEAK_PEOPLE else "items"
    common = noun.replace(" ", "").isalpha() and (noun.islower() or noun.istitle())
    return unit, key if common else " ".join(noun.split())


def _is_model_number(text: str, number: _Number, count: re.Match[str]) -> bool:
    """'Challenger 2 tanks', 'Leopard 2 tanks': the figure belongs to the name, it counts nothing."""
    if number.scale > 1 or number.value >= 1000 or count.group("mods").strip():
        return False
    name = _MODEL_BEFORE_RE.search(text, max(0, number.start - 20), number.start)
    if name is None:
        return False
    word = name.group(1).lower()
    return word in _EQUIPMENT_NAMES or word + "s" in _EQUIPMENT_NAMES


def _counts(text: str, number: _Number, count: re.Match[str]) -> bool:
    """Weak nouns ('members', 'staff') count people only beside a military word: not '32 NATO members'.

    "Rounds" counts ammunition, not "two rounds of talks".
    """
    noun = _norm(count.group("noun"))
    if noun in ("rounds", "round"):
        return not _ROUNDS_OF_RE.match(text, count.end())
    if noun not in _WEAK_PEOPLE:
        return True
    context = text[max(0, number.start - 30) : number.start] + count.group("mods")
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’]+", context)}
    return bool(words & _MILITARY_CUES)


# --------------------------------------------------------------------------------------------------------------
# Ranges, lists, shares of GDP, conversions.


def _link(text: str, p: _Part, q: _Part | None) -> str | None:
    """'range' for "1,700 to 1,900" / "between 2 and 3", 'pair' for "from 4.1 to 4.7" / "2 or 3", else None."""
    if q is None or p.tail is None:
        return None
    if q.number.plain or (q.number.year_like and not _is_money_unit(q.unit)):
        return None
    connector = _CONNECTOR_RE.match(text, p.tail)
    if connector is None or connector.end() != q.start:
        return None
    if p.unit and q.unit and p.unit != q.unit:
        compatible = (p.unit == "percent" and q.unit == "percent_gdp") or (
            p.unit == "DOLLAR" and _is_money_unit(q.unit)
        )
        if not compatible:
            return None
    word = connector.group().strip().lower()
    if word in ("-", "–", "—") or (word == "to" and not p.from_) or (word == "and" and p.between is not None):
        return "range"
    return "pair"


def _share_scale(p: _Part, q: _Part) -> None:
    """'1.5 to 2 billion': the first figure takes the second's scale, unless it is larger on its own ('500 to 2m')."""
    scale = q.number.scale
    if p.number.scale == 1 and scale > 1 and p.number.value <= q.number.value / scale and p.unit not in (
        "percent",
        "percent_gdp",
    ):
        p.value = p.number.value * scale


def _merge_range(p: _Part, q: _Part) -> _Part:
    """One mention for "1,700 to 1,900 troops": the ledger stores a range as its midpoint with low and high."""
    _share_scale(p, q)
    low, high = sorted((p.value, q.value))
    unit = q.unit or p.unit
    if p.unit and p.unit != "DOLLAR" and _is_money_unit(p.unit) and q.unit == "DOLLAR":
        unit = p.unit
    start = p.between if p.between is not None else p.start
    return _Part(
        p.number, start, q.end, (low + high) / 2, unit, p.approx or q.approx, q.tail,
        noun=q.noun or p.noun, low=low, high=high,
    )


def _share_pair(p: _Part, q: _Part) -> None:
    """'from 2% to 5% of GDP', 'from 4.1 percent of GDP to 4.7': both sides share the one unit written."""
    _share_scale(p, q)
    if not p.unit or (p.unit == "DOLLAR" and _is_money_unit(q.unit)) or (
        p.unit == "percent" and q.unit == "percent_gdp"
    ):
        p.unit, p.noun = q.unit, q.noun or p.noun
    if not q.unit and (p.unit in ("percent", "percent_gdp") or _is_money_unit(p.unit)):
        q.unit = p.unit


def _gdp_lists(text: str, parts: list[_Part]) -> None:
    """'3.5% of GDP on defence and 1.5% on infrastructure': a percent in a list headed by a share of GDP is one.

    Only within the same clause: a sentence break, a semicolon, or a new clause ('while', 'but', ', which')
    ends the list, and a percent "of" something else ('83% of recruits') is never a share of GDP.
    """
    head: _Part | None = None
    for part in parts:
        if part.unit == "percent_gdp":
            head = part
        elif part.unit == "percent" and head is not None and not part.of_other:
            gap = text[head.end : part.start]
            if len(gap) <= 120 and not _SENTENCE_BREAK_RE.search(gap) and not _CLAUSE_BREAK_RE.search(gap):
                part.unit = "percent_gdp"
                head = part


def _conversions(text: str, parts: list[_Part]) -> None:
    """'€3 billion ($3.4 billion)', 'two billion Canadian dollars, about 1.4 billion U.S. dollars'.

    A money figure right after another one, in parentheses or after a comma, "or", or a dash, is the
    same sum converted when the currency changes, or when it is hedged ("about") or said to be equivalent.
    """
    for prev, part in itertools.pairwise(parts):
        if not (_is_money_unit(prev.unit) and _is_money_unit(part.unit)):
            continue
        gap = _CONVERSION_GAP_RE.fullmatch(text, prev.end, part.start)
        if gap is None or not gap.group():
            continue
        hedged = part.approx or bool(gap.group("cue"))
        other_currency = part.unit != prev.unit
        if hedged or (other_currency and (gap.group("paren") or gap.group("or"))):
            part.is_conversion = True


# --------------------------------------------------------------------------------------------------------------
# Multipliers.


def _multipliers(text: str) -> Iterator[_Part]:
    """'pledged to quadruple', 'doubling', 'tenfold': how many times something grows."""
    for m in _MULTIPLIER_RE.finditer(text):
        if m.group("root"):
            value = float(_MULT_ROOTS[m.group("root").lower()])
            if m.group("ending").lower() in ("e", "es"):
                if _DETERMINER_BEFORE_RE.search(text, max(0, m.start() - 5), m.start()):
                    continue  # "a double blow", "the triple alliance"
                following = _NEXT_WORD_RE.match(text, m.end())
                if following and following.group(1).lower() in _MULTIPLIER_EXCLUSIONS:
                    continue  # "double standards", "double down"
        else:
            fold = m.group("fold").lower()
            value = float(_FOLD_WORDS[fold]) if fold in _FOLD_WORDS else float(fold)
        number = _Number(m.start(), m.end(), value)
        yield _Part(number, m.start(), m.end(), value, "multiplier", False, None)


# --------------------------------------------------------------------------------------------------------------
# Public API.


def find_amounts(text: str) -> list[AmountMention]:
    """Every quantity in `text`, in order, with exact offsets (`text[m.start:m.end] == m.text`).

    Vague quantities ("billions", "tens of millions of dollars", "hundreds of thousands") are no amounts and
    are not returned; years, dates and times are returned as bare numbers (unit "") for the caller to ignore.
    """
    multipliers = list(_multipliers(text))
    numbers = _numbers(text, [(p.start, p.end) for p in multipliers])
    parts: list[_Part | None] = []
    floor = 0
    for number in numbers:
        parts.append(_read(text, number, floor))
        floor = number.end

    kept: list[_Part] = []
    last_end = 0
    i = 0
    while i < len(parts):
        part = parts[i]
        if part is None or part.start < last_end:
            i += 1
            continue
        following = parts[i + 1] if i + 1 < len(parts) else None
        link = _link(text, part, following)
        if link == "range" and following is not None:
            part = _merge_range(part, following)
            i += 1
        elif link == "pair" and following is not None:
            _share_pair(part, following)
        kept.append(part)
        last_end = part.end
        i += 1

    kept = sorted(kept + multipliers, key=lambda p: p.start)
    _gdp_lists(text, kept)
    _conversions(text, kept)
    return [p.freeze(text) for p in kept]


__all__ = ["NON_MONEY_UNITS", "PLACEHOLDER_UNITS", "AmountMention", "find_amounts", "to_amount"]
