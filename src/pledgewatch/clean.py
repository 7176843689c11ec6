"""Cleaning: drop boilerplate, then settle the article's outlet and publication date.

Evidence sentences are cut from the cleaned text and must be exact copies of the article (LEDGER.md
rule 6), so cleaning only ever removes whole lines or a provider tag at the start of a paragraph;
characters of kept sentences are never touched. What counts as boilerplate is data
(`lexicon/boilerplate.json`), so a new site's residue is a new pattern, not new code.

The publication date is what currency conversion and "by 2030"-style targets hang on, and scraped
pages often carry two dates that disagree (the scrape date in the page header, the real one in a
tracking id). Every date found is a candidate; the most trustworthy wins and a disagreement of
more than two days becomes a `date_conflict` check instead of being resolved silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from pledgewatch.model import Article, Check

# Which date source to believe, most trustworthy first. A tracking id is written when the wire
# publishes; a page header date is often the date the page was scraped.
DATE_PRIORITY = ("metadata", "tracking id", "dateline", "page header")
CONFLICT_DAYS = 2
# Where an outlet name comes from, most direct first: the wire's own tag, a dateline, a credit
# line ("Source: X", "Read it all at X"), an outlet a pattern implies (a MENAFN id).
_RANK_TAG, _RANK_DATELINE, _RANK_CREDIT, _RANK_IMPLIED = range(4)
HEADER_LINES = 8  # a standalone date this near the top is the page header's date
DATELINE_LINES = 5  # datelines open a story; later "City, date" phrases are not datelines

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")  # 14.03.2024 is day.month.year in Europe
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")")
_BULLETS = "-–—•|*·> \t"


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    date_source: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class _Lexicon:
    lines: tuple[_Rule, ...]
    blocks: tuple[_Rule, ...]
    prefixes: tuple[_Rule, ...]
    datelines: tuple[_Rule, ...]
    max_words: int
    max_words_non_latin: int
    max_words_outlet_line: int


@dataclass
class _Found:
    """What the line pass learns on the way: dates by source, and outlet names with their rank."""

    dates: list[tuple[str, str]] = field(default_factory=list)
    outlets: list[tuple[int, str]] = field(default_factory=list)

    def outlet(self, rank: int, name: str) -> None:
        self.outlets.append((rank, name.strip()))


@cache
def _lexicon() -> _Lexicon:
    """Loaded once per process; the file is part of the package, so a failure here is a packaging bug."""
    raw = json.loads(resources.files("pledgewatch.reading.lexicon").joinpath("boilerplate.json").read_text("utf-8"))
    nav = raw["navigation"]
    return _Lexicon(
        lines=_rules(raw["lines"]),
        blocks=_rules(raw["blocks"]),
        prefixes=_rules(raw["prefixes"]),
        datelines=_rules(raw["datelines"]),
        max_words=nav["max_words"],
        max_words_non_latin=nav["max_words_non_latin"],
        max_words_outlet_line=nav["max_words_outlet_line"],
    )


def _rules(entries: list[dict[str, Any]]) -> tuple[_Rule, ...]:
    return tuple(
        _Rule(
            name=entry["name"],
            pattern=re.compile(entry["pattern"], re.IGNORECASE if entry.get("ignore_case") else 0),
            date_source=entry.get("date_source"),
            outlet=entry.get("outlet"),
        )
        for entry in entries
    )


def clean_article(article: Article) -> Article:
    """The article with boilerplate removed, the title kept where it is content, outlet and date settled."""
    lex = _lexicon()
    found = _Found()
    lines = article.text.splitlines()
    kept = _keep_lines(lines, article, lex, found)
    _scan_datelines(kept, lex, found)
    body = _join(kept)
    text = _with_title(body, article.title)
    checks: list[Check] = []
    if not body.strip():
        checks.append(Check("empty_after_cleaning", "nothing but boilerplate was found in the text", article.id))
    if article.published:
        found.dates.insert(0, ("metadata", article.published))
    published, conflicts = _choose_date(found.dates, article.id)
    checks.extend(conflicts)
    outlet = article.outlet or _first_outlet(found.outlets)
    return replace(article, text=text, outlet=outlet, published=published, checks=(*article.checks, *checks))


# --- lines -----------------------------------------------------------------------------------


def _keep_lines(lines: list[str], article: Article, lex: _Lexicon, found: _Found) -> list[str]:
    """The lines that are content, provider tags cut from their starts; everything else dropped."""
    outlet_names = _outlet_names(article, lines, lex)
    seen: set[str] = set()
    kept: list[str] = []
    skip_paragraph = False
    nonblank = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        nonblank += 1
        if skip_paragraph:
            skip_paragraph = False
            continue
        if any(rule.pattern.fullmatch(stripped) for rule in lex.blocks):
            skip_paragraph = True
            continue
        rule, match = _line_rule(stripped, lex)
        if rule is not None and match is not None:
            _note(rule, match, found, in_header=nonblank <= HEADER_LINES)
            continue
        if _is_navigation(stripped, lex) or _is_outlet_line(stripped, outlet_names, lex):
            continue
        content = _strip_prefix(line, lex, found)
        key = _key(content)
        if not key:
            continue  # the line was only a wire tag
        if key in seen:
            continue  # a repeated headline or paragraph: the first occurrence is the evidence
        seen.add(key)
        kept.append(content)
    return kept


def _line_rule(stripped: str, lex: _Lexicon) -> tuple[_Rule | None, re.Match[str] | None]:
    for rule in lex.lines:
        match = rule.pattern.fullmatch(stripped)
        if match:
            return rule, match
    return None, None


def _note(rule: _Rule, match: re.Match[str], found: _Found, in_header: bool) -> None:
    """Keep what a removed line tells us: an outlet, and a date when the line is a date source."""
    groups = match.groupdict()
    if groups.get("outlet"):
        found.outlet(_RANK_CREDIT, groups["outlet"])
    if rule.outlet:
        found.outlet(_RANK_IMPLIED, rule.outlet)
    if rule.date_source is None or (rule.date_source == "page header" and not in_header):
        return
    if groups.get("year"):
        when = _make_date(groups["year"], groups["month"], groups["day"])
    else:
        when = parse_date(groups.get("date") or match.group(0))
    if when is not None:
        found.dates.append((rule.date_source, when.isoformat()))


def _strip_prefix(line: str, lex: _Lexicon, found: _Found) -> str:
    """Cut a wire tag such as '(MENAFN- The Rio Times) ' from a paragraph start; keep the rest exactly."""
    indent = len(line) - len(line.lstrip())
    for rule in lex.prefixes:
        match = rule.pattern.match(line, indent)
        if match:
            if match.groupdict().get("outlet"):
                found.outlet(_RANK_TAG, _wire_name(match["outlet"]))
            return line[:indent] + line[match.end() :]
    return line


def _wire_name(tag: str) -> str:
    """'MENAFN- The Rio Times' names the wire and its provider; say so as 'MENAFN / The Rio Times'."""
    return re.sub(r"\s*-\s+", " / ", tag.strip())


def _is_navigation(stripped: str, lex: _Lexicon) -> bool:
    """Menu labels and widget residue: a word or two, or a few words of non-Latin interface text.

    Lines with digits or closing punctuation are kept: "- 300 drones" or "He agreed." are content.
    """
    words = stripped.strip(_BULLETS).split()
    if len(words) <= lex.max_words_non_latin and _mostly_non_latin(stripped):
        return True
    if len(words) > lex.max_words or stripped.endswith(_SENTENCE_END):
        return False
    return not any(ch.isdigit() for ch in stripped)


def _mostly_non_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin < len(letters) / 2


def _outlet_names(article: Article, lines: list[str], lex: _Lexicon) -> set[str]:
    """Every spelling of the outlet we know of, so a line that is only the outlet's name can go."""
    names: list[str] = []
    if article.outlet:
        names.append(article.outlet)
        names.extend(re.split(r"\s*[/()|,]\s*|\s+-\s+", article.outlet))
    if article.url:
        names.append(urlsplit(article.url).hostname or "")
    for line in lines:
        for rule in lex.prefixes:
            match = rule.pattern.match(line.strip())
            if match and match.groupdict().get("outlet"):
                tag = match["outlet"]
                names.extend([tag, *re.split(r"\s*-\s+", tag)])
    return {_outlet_key(name) for name in names if name.strip()}


def _is_outlet_line(stripped: str, names: set[str], lex: _Lexicon) -> bool:
    if len(stripped.split()) > lex.max_words_outlet_line:
        return False
    return _outlet_key(stripped) in names


def _outlet_key(name: str) -> str:
    key = _key(name.strip(_BULLETS))
    return key.removeprefix("www.")


def _key(text: str) -> str:
    """Whitespace- and case-insensitive form used to compare headlines and repeated lines."""
    return " ".join(text.split()).casefold()


def _join(lines: list[str]) -> str:
    """Kept lines joined; runs of blank lines (many left by removed lines) become one blank line."""
    text = "\n".join(lines)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", text)
    return text.strip("\n")


def _with_title(body: str, title: str | None) -> str:
    """The title is content only where the body does not repeat it (LEDGER.md rule 7)."""
    if not title or not title.strip():
        return body
    if _key(title) in _key(body):
        return body
    return f"{title.strip()}\n\n{body}" if body else title.strip()


# --- outlet and date ---------------------------------------------------------------------------


def _scan_datelines(kept: list[str], lex: _Lexicon, found: _Found) -> None:
    """Dates and wire names in the datelines of the first paragraphs; nothing is removed."""
    opening = [line.strip() for line in kept if line.strip()][:DATELINE_LINES]
    for line in opening:
        for rule in lex.datelines:
            match = rule.pattern.match(line)
            if not match:
                continue
            groups = match.groupdict()
            if groups.get("outlet"):
                found.outlet(_RANK_DATELINE, groups["outlet"])
            when = parse_date(groups["date"]) if groups.get("date") else None
            if when is not None and rule.date_source:
                found.dates.append((rule.date_source, when.isoformat()))


def _first_outlet(candidates: list[tuple[int, str]]) -> str | None:
    """The best-ranked plausible name: a 'Source:' line can hold a headline, which is no outlet."""
    for _, name in sorted(candidates, key=lambda item: item[0]):
        cleaned = name.rstrip(".")
        if cleaned and len(cleaned.split()) <= 5:
            return cleaned
    return None


def _choose_date(candidates: list[tuple[str, str]], article_id: str) -> tuple[str | None, list[Check]]:
    """The best-sourced date, plus a check for every other source more than two days away from it."""
    first: dict[str, str] = {}
    for source, value in candidates:
        first.setdefault(source, value)
    ranked = sorted(first.items(), key=lambda item: DATE_PRIORITY.index(item[0]))
    if not ranked:
        return None, []
    best_source, best = ranked[0]
    checks = []
    for source, value in ranked[1:]:
        gap = _days_apart(best, value)
        if gap is None or gap <= CONFLICT_DAYS:
            continue
        checks.append(
            Check(
                code="date_conflict",
                message=f"publication date {best} ({best_source}) and {value} ({source}) are {gap} days apart",
                article=article_id,
                detail=(("candidates", ((best_source, best), (source, value))), ("chosen", best)),
            )
        )
    return best, checks


def _days_apart(a: str, b: str) -> int | None:
    """Days between two ISO dates; a month-only date is compared by month (31 days per month apart)."""
    if len(a) == 7 or len(b) == 7:
        return 0 if a[:7] == b[:7] else 31 * abs(_month_index(a) - _month_index(b))
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _month_index(iso: str) -> int:
    return int(iso[:4]) * 12 + int(iso[5:7])


def parse_date(text: str) -> date | None:
    """The first full date (day, month name or number, four-digit year) in `text`, else None.

    Strict on purpose: a date without a year ("September 4") or with an ambiguous order ("04/09/2024")
    is not guessed, because a wrong publication date silently shifts every conversion and deadline.
    """
    found: list[tuple[int, date]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        _add(found, match.start(), match[3], _MONTHS.get(match[2].lower()), match[1])
    for match in _MONTH_DAY_YEAR.finditer(text):
        _add(found, match.start(), match[3], _MONTHS.get(match[1].lower()), match[2])
    for match in _ISO_DATE.finditer(text):
        _add(found, match.start(), match[1], int(match[2]), match[3])
    for match in _DOTTED_DATE.finditer(text):
        _add(found, match.start(), match[3], int(match[2]), match[1])
    return min(found)[1] if found else None


def _add(found: list[tuple[int, date]], start: int, year: str, month: int | None, day: str) -> None:
    if month is None:
        return
    when = _make_date(year, str(month), day)
    if when is not None:
        found.append((start, when))


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return when if 1900 <= when.year <= 2100 else None


__all__ = ["clean_article", "parse_date"]
