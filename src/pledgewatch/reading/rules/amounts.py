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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from pledgewatch.model import Amount
from pledgewatch.reading.rules.numbers import (
    _AMBIGUOUS_ABBREVIATIONS,
    _APPROX_RE,
    _APPROX_SUFFIX_RE,
    _BETWEEN_FROM_RE,
    _CLAUSE_BREAK_RE,
    _CODES,
    _CONNECTOR_RE,
    _CONVERSION_GAP_RE,
    _COUNT_RE,
    _CURRENCIES,
    _DETERMINER_BEFORE_RE,
    _EQUIPMENT_NAMES,
    _FOLD_WORDS,
    _MILITARY_CUES,
    _MODEL_BEFORE_RE,
    _MULT_ROOTS,
    _MULTIPLIER_EXCLUSIONS,
    _MULTIPLIER_RE,
    _NAMES,
    _NAMES_NEEDING_SCALE,
    _NEXT_WORD_RE,
    _NUMBER_OF_RE,
    _OF_GDP_RE,
    _OF_OTHER_RE,
    _PEOPLE,
    _PERCENT_RE,
    _PREFIX_RE,
    _ROUNDS_OF_RE,
    _SENTENCE_BREAK_RE,
    _SUFFIX_RE,
    _SYMBOLS,
    _TEMPORAL_BEFORE_RE,
    _WEAK_PEOPLE,
    _WEIGHT_RE,
    _norm,
    _Number,
    _numbers,
)

#: Units that are not money; every other unit of a mention is an ISO 4217 code or a placeholder.
NON_MONEY_UNITS: Final[frozenset[str]] = frozenset({"troops", "items", "percent_gdp", "percent", "multiplier", ""})
#: Money units the caller resolves from the announcing actor.
PLACEHOLDER_UNITS: Final[frozenset[str]] = frozenset(_CURRENCIES["placeholders"])


@dataclass(frozen=True)
class AmountMention:
    """One quantity as written, with its unit as far as the text alone can tell it.

    `unit` is an ISO 4217 code, "DOLLAR", "KRONER" or "RUPEE" (placeholders: see `to_amount`), "troops", "items",
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
    year_like: bool = False  # four digits from 1900 to 2100 with no scale: a year unless its words say otherwise

    @property
    def is_money(self) -> bool:
        """True for currency amounts, placeholders included: the caller picks the record's figure by this."""
        return self.unit not in NON_MONEY_UNITS


def to_amount(m: AmountMention, dollar: str = "USD", kroner: str | None = None, rupee: str = "INR") -> Amount:
    """The ledger's `Amount` for a mention, with the placeholders resolved by what the caller knows.

    `dollar` is the announcing state's dollar (rule 5: CAD for Canada, AUD for Australia, else USD);
    `kroner`, when given, is its krone (SEK, NOK, DKK). A krone left unresolved stays "KRONER".
    `rupee` is its rupee (PKR for Pakistan), else INR.
    """
    unit = m.unit
    if unit == "DOLLAR":
        unit = dollar
    elif unit == "KRONER" and kroner:
        unit = kroner
    elif unit == "RUPEE":
        unit = rupee
    return Amount(value=m.value, unit=unit, approx=m.approx, low=m.low, high=m.high)


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
            year_like=self.number.year_like,
        )


def _is_money_unit(unit: str) -> bool:
    """Placeholders ("DOLLAR", "KRONER", "RUPEE") are money too: only the caller can name their currency."""
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
    if currency and number.scale == 1 and _norm(currency.group("name") or "") in _NAMES_NEEDING_SCALE:
        currency = None  # "81 won": a verb, not a currency
    if prefix_unit or currency:
        unit = prefix_unit
        if currency:
            named = _NAMES[_norm(currency.group("name"))] if currency.group("name") else currency.group("code")
            if not unit or unit in PLACEHOLDER_UNITS:
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
    strong = _STRONG_RE.match(text, pos)
    if strong:  # "a 5,000-strong brigade": the size of a force
        part.unit, part.noun = "troops", strong.group("noun").lower()
        part.end, part.tail = strong.end(), None
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


_STRONG_RE: Final = re.compile(r"-strong\s+(?:[\w-]+\s+){0,2}?(?P<noun>\w+)")


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
    if p.unit in {"percent", "percent_gdp"} and q.number.scale > 1 and q.unit not in {"percent", "percent_gdp"}:
        return None  # "rise 8.2% to 66.3 trillion won": a share, then the sum it comes to
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
    if (
        p.number.scale == 1
        and scale > 1
        and p.number.value <= q.number.value / scale
        and p.unit
        not in (
            "percent",
            "percent_gdp",
        )
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
        p.number,
        start,
        q.end,
        (low + high) / 2,
        unit,
        p.approx or q.approx,
        q.tail,
        noun=q.noun or p.noun,
        low=low,
        high=high,
    )


def _share_pair(p: _Part, q: _Part) -> None:
    """'from 2% to 5% of GDP', 'from 4.1 percent of GDP to 4.7': both sides share the one unit written."""
    _share_scale(p, q)
    if (
        not p.unit
        or (p.unit == "DOLLAR" and _is_money_unit(q.unit))
        or (p.unit == "percent" and q.unit == "percent_gdp")
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


_MULTIPLIER_HINTS = (*_MULT_ROOTS, "fold")


def _multipliers(text: str) -> Iterator[_Part]:
    """'pledged to quadruple', 'doubling', 'tenfold': how many times something grows."""
    lower = text.lower()
    if not any(hint in lower for hint in _MULTIPLIER_HINTS):
        return  # the pattern tries every number word at every word; most texts hold none of these
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
    return [m for m in (p.freeze(text) for p in kept) if _plausible(text, m)]


def _plausible(text: str, mention: AmountMention) -> bool:
    """No commitment is negative ("-5 billion euros" is a typo or a loss, never +5 billion) or
    beyond floating point (a figure of 400 digits)."""
    values = [v for v in (mention.value, mention.low, mention.high) if v is not None]
    if not all(math.isfinite(v) for v in values):
        return False
    before = text[max(0, mention.start - 2) : mention.start]
    signed = before[-1:] in {"-", "\u2212"} and (len(before) < 2 or not before[0].isalnum())
    return not signed


__all__ = ["NON_MONEY_UNITS", "PLACEHOLDER_UNITS", "AmountMention", "find_amounts", "to_amount"]
