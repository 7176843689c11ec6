"""Triage: a lexical first pass that says which articles, and which sentences of them, can hold a position.

A real news stream is mostly sport, markets and weather; parsing it all would spend nearly every
cycle on text that can yield no record. A record needs an actor and a contribution, so the triage
looks for both with one compiled regular expression built from the lexicons (actor names,
capitals, demonyms, office holders; kind cues with their inflections, since the cues are written as
lemmas), plus a pass for each kind of figure (shares of GDP, multipliers, money) when the article's
words allow one:

- a bag-of-words prefilter first drops articles that hold no security word, no share of GDP and
  no everyday cue word beside an actor's name: most of a stream, at a fraction of a microsecond
  a word;
- a *candidate* sentence holds a kind cue or a spending figure (or a sum next to "of this",
  "another", "a further"...; or, once a contribution has been named, a sum or a noun that refers
  back to it: "the programme", "this mission"), and an actor is named in it, in the sentence after
  it, or in one of the two before it (a pronoun or "the country" takes an actor named earlier);
- an article is relevant when a candidate holds a security word ("troops", "howitzers", "air
  policing") or a share of GDP, or an everyday cue ("support", "funding", `EVERYDAY`) with an
  actor and, in the same sentence, a word of the status lexicon ("pledged", "asked", "will"), a
  count before the cue or a "to/for" beneficiary; an article without a security word is checked
  for that alone, in the sentences that hold an everyday word, before anything else is matched;
- the sentences kept for parsing are the candidates, the sentence after each (which goes on with
  what the candidate opened: "It includes...", "The package also..."), the sentence that named the
  actor of a candidate (the antecedent of "it", "the country") and the article's first line (the
  headline, which often names the main actor). The sentence before a candidate is kept only when
  it names that actor: a package that "Of this, 835 million..." divides is itself a candidate.

`Verdict.reduced(text)` blanks every other sentence with spaces, so the parser sees only the kept
sentences while every character offset (evidence, amounts) still points into the full text. The
sentence splitter here errs on the side of not splitting ("U.S. President", "Gen. Smith"), and like
the pipeline's `line_breaks` it goes on past a line that ends in a colon or a comma, so a kept
sentence is never shorter than the one the parser would find.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pledgewatch.reading import lexicon
from pledgewatch.reading.regex_trie import trie_pattern

# Words that never inflect inside a cue phrase ("boots on the ground"): inflecting them only bloats the matcher.
_FUNCTION_WORDS = frozenset({"on", "the", "by", "to", "of", "for", "a", "an", "in", "and"})
# Lemmas whose inflections do not start with the lemma.
_IRREGULAR = {
    "be": ("is", "are", "was", "were", "been", "being"),
    "rebuild": ("rebuilt",),
    "servicemen": ("servicewomen",),
    "serviceman": ("servicewoman",),
}
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "st", "sen",
        "rep", "gov", "pres", "jr", "sr", "inc", "ltd", "corp", "co", "no", "vs", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u",
    }
)  # fmt: skip
# "Of this, 835 million...", "Another 680 million will...": a sum that continues a package.
_OPENERS = r"\bof\s+(?:this|which|that)\b|\banother\b|\ba\s+further\b|\bremain(?:ing|der)\b|\bthe\s+rest\b"
_MONEY = (
    r"(?:[$€£¥₴]|\b(?:US|C|A|NZ|CA)\$|\b(?:USD|EUR|GBP|CAD|AUD|NOK|SEK|DKK|PLN|CHF|JPY)\b)\s?\d"
    r"|\d(?:[\d,.]*\d)?\s*(?:million|billion|trillion|bn|mn|mln)\b"
)
_SHARES = (
    r"(?:%|\bper\s?cent\b|\bpercent\b)\s+of\s+(?:[\w'’.-]+\s+){0,3}?"
    r"(?:GDP|gross\s+domestic\s+product|economic\s+output)"
)
_MULTIPLIERS = r"\b(?:doubl|tripl|trebl|quadrupl|quintupl|sextupl)(?:e|es|ed|ing)\b"
# Cue words that ordinary news uses every day ("support for the team", "funding for the pool",
# "training session", "police force"). Alone they do not make an article relevant (see `judge`);
# equipment words ("tanks", "missiles", "howitzers") do, even though the reader treats them as weak.
EVERYDAY = frozenset(
    {
        "aid", "assistance", "support", "fund", "funding", "grant", "allocation", "package", "sale",
        "transport", "vehicle", "equipment", "border", "recovery", "rebuild", "spending", "train",
        "training", "force", "presence", "mission", "monitor", "deployment", "escort", "jet", "arm",
        "boots", "contingent", "procurement", "spare part", "aircraft", "aircraft part", "guarantee",
    }
)  # fmt: skip
_PRONOUN_CONTEXT = 2  # how many sentences back an actor may be named for a later "it" or "the country"


@dataclass(frozen=True)
class Verdict:
    """What the triage found in one text: whether to read it, and which character ranges to parse."""

    relevant: bool
    blocks: tuple[tuple[int, int], ...]  # kept runs of consecutive sentences, as [start, end) offsets
    sentences: int
    kept: int  # sentences kept

    def reduced(self, text: str) -> str:
        """The text with every sentence outside the blocks blanked; same length, same offsets.

        A blanked gap becomes spaces ending in one line break, so the parser cannot run a kept
        sentence on into the next kept block (the pipeline's `line_breaks` starts a sentence there),
        and costs one whitespace token instead of a sentence's worth.
        """
        if not self.blocks:
            return " " * len(text)
        parts: list[str] = []
        position = 0
        for start, end in self.blocks:
            if start > position:
                parts.append(_blank(start - position))
            parts.append(text[start:end])
            position = end
        if position < len(text):
            parts.append(" " * (len(text) - position))
        return "".join(parts)

    @property
    def whole(self) -> bool:
        return self.kept == self.sentences


def _blank(length: int) -> str:
    return " " * (length - 1) + "\n"


class Triage:
    """The compiled matcher and the sentence-window rules; build once (`triage()`), use on any number of texts."""

    def __init__(
        self,
        actor_forms: Iterable[str],
        cue_phrases: Iterable[str],
        everyday_phrases: Iterable[str] = (),
        status_words: Iterable[str] = (),
        modals: Iterable[str] = (),
        anaphors: Iterable[str] = (),
        before: int = 0,
        after: int = 1,
    ) -> None:
        self.before, self.after = before, after
        phrases = set(cue_phrases)
        everyday = phrases & set(everyday_phrases)
        strong = sorted(phrases - everyday)
        actor_forms = set(actor_forms)
        actors = _trie_pattern(sorted(actor_forms))
        cues = _trie_pattern(sorted({form for phrase in strong for form in _phrase_forms(phrase)}))
        everyday_cues = _trie_pattern(sorted({form for phrase in everyday for form in _phrase_forms(phrase)}))
        # One pass over the text finds every name and cue; each alternative is a trie, so the
        # engine tries a handful of branches per position, not a thousand names.
        self.matcher = re.compile(
            rf"(?<![\w$€£¥])(?:(?P<actor>{actors})|(?P<cue>(?i:{cues}))|(?P<everyday>(?i:{everyday_cues})))(?![\w])"
        )
        # Figures cost more to look for than words, so each has its own pass, run only when the
        # article's words say it can find something.
        self.figures = {
            "share": re.compile(_SHARES, re.I),
            "mult": re.compile(_MULTIPLIERS, re.I),
            "money": re.compile(_MONEY, re.I),
            "opener": re.compile(_OPENERS, re.I),
        }
        # "the program", "this mission": a noun that refers back to a contribution named before it.
        self.anaphor_words = frozenset(form for head in anaphors for form in (head, head + "s"))
        if self.anaphor_words:
            heads = _trie_pattern(sorted(self.anaphor_words))
            self.figures["anaphor"] = re.compile(
                rf"\b(?:the|this|that|these|those|its|their)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{heads})\b", re.I
            )
        # An article with no security word is read only for an everyday cue beside an actor: the
        # sentences that hold an everyday word settle that without the full matcher or a figure pass.
        self.actors = re.compile(rf"(?<![\w$€£¥])(?:{actors})(?![\w])")
        # Modals count in lower case only: "May" in a sentence is the month, "Will" a name.
        status_forms = sorted({form for word in status_words for form in _phrase_forms(word)})
        self.status = re.compile(
            rf"(?<![\w])(?:(?i:{_trie_pattern(status_forms)})|{_trie_pattern(sorted(set(modals)))})(?![\w])"
        )
        self.prefilter = _Prefilter(strong, everyday, actor_forms)

    def sentences(self, text: str) -> list[int]:
        """Start offsets of the sentences of `text` (the first is 0). A line break splits, except after
        a colon or a comma ("will allocate millions for:" goes on in the list below), as the
        pipeline's `line_breaks` splits."""
        starts = [0]
        for match in _BOUNDARY.finditer(text):
            start = match.end()
            if start >= len(text):
                break
            if match.group("stop") is not None and _abbreviation_before(text, match.start()):
                continue
            if match.group("stop") is None and _goes_on(text, match.start(), " \t"):
                continue
            if start > starts[-1]:
                starts.append(start)
        return starts

    def judge(self, text: str) -> Verdict:
        words, strong = self.prefilter.scan(text)
        if words is None or not (strong or self._everyday_position(text, words)):
            return Verdict(False, (), 0, 0)
        starts = self.sentences(text)
        n = len(starts)
        hit, cue_at = self._hits(text, words, starts)
        actor, cue, share, everyday = hit["actor"], hit["cue"], hit["share"], hit["everyday"]
        ends = [*starts[1:], len(text)]
        keep = [False] * n
        relevant = False
        introduced = False  # a contribution named so far, to which "the program" can refer
        for i in range(n):
            # After a contribution is named, "the program" and a bare sum ("So far, the US has
            # authorized about $113 billion") can take their kind from it.
            refers = introduced and (hit["anaphor"][i] or hit["money"][i])
            introduced = introduced or cue[i] or everyday[i]
            if not (
                cue[i] or share[i] or everyday[i] or hit["mult"][i] or (hit["money"][i] and hit["opener"][i]) or refers
            ):
                continue
            named = _nearest_actor(actor, i)
            if named is None:
                continue
            # Everyday cues ("support", "funding", "border") and multipliers fill sport and business
            # pages: they make an article relevant only with an actor in their own sentence and a
            # word that states a position or a gift ("Moldova asked the EU for help securing its
            # border", "5 million euros for Chad"); a security word (or a share of GDP) does with an
            # actor named nearby.
            relevant = (
                relevant
                or cue[i]
                or share[i]
                or (everyday[i] and actor[i] and (hit["given"][i] or self._states(text, starts[i], ends[i], cue_at[i])))
            )
            for j in (*range(max(0, i - self.before), min(n, i + 1 + self.after)), named):
                keep[j] = True
        if not relevant:
            return Verdict(False, (), n, 0)
        keep[0] = True  # the headline
        return Verdict(True, _blocks(keep, starts, len(text)), n, sum(keep))

    def _states(self, text: str, start: int, end: int, cues: Iterable[int]) -> bool:
        """Whether text[start:end] holds a word of the status lexicon ("pledged", "asked", "will") other
        than the everyday cues at `cues` themselves: "support" and "fund" are verbs of the lexicon too,
        but "Japan's support for the home side" states nothing."""
        skip = set(cues)
        return any(m.start() not in skip for m in self.status.finditer(text, start, end))

    def _everyday_position(self, text: str, words: set[str]) -> bool:
        """For an article without a security word: may a sentence hold an everyday cue, an actor and a
        status word (or a count before the cue, or "to/for" before the actor)? The judge's own rule,
        checked only in the sentences that hold an everyday word; it may say yes where the judge then
        says no, never the reverse."""
        lower = text.lower()
        if len(lower) != len(text):
            return True  # "İ" lower-cases to two characters: positions would drift, so the full rules decide
        cues = sorted(p for word in words & self.prefilter.everyday for p in _occurrences(lower, word))
        if not cues:
            return False
        seen: set[int] = set()
        for position in cues:
            # The sentence around the cue, split within its paragraph only: a line break ends a
            # sentence unless a colon or comma ends the line, so these are the sentences
            # `sentences(text)` finds there.
            first, last = _paragraph(text, position)
            starts = self.sentences(text[first:last])
            i = bisect_right(starts, position - first) - 1
            start = first + starts[i]
            if start in seen:
                continue
            seen.add(start)
            end = first + starts[i + 1] if i + 1 < len(starts) else last
            named = [m.start() for m in self.actors.finditer(text, start, end)]
            if not named:
                continue
            here = [p for p in cues if start <= p < end]
            counted = any(_COUNT_BEFORE.search(text, max(start, p - 40), p) for p in here)
            to_actor = any(_TO_BEFORE.search(text, max(start, p - 10), p) for p in named)
            if counted or to_actor or self._states(text, start, end, here):
                return True
        return False

    def _hits(self, text: str, words: set[str], starts: list[int]) -> tuple[dict[str, list[bool]], list[list[int]]]:
        """For each kind of hit, which sentences hold one; and where each sentence's everyday cues start."""
        n = len(starts)
        cue_at: list[list[int]] = [[] for _ in range(n)]
        names = ("actor", "cue", "everyday", "share", "mult", "money", "opener", "anaphor")
        hits = {name: [False] * n for name in names}
        given = hits["given"] = [False] * n  # an everyday cue after a count, or "to/for" before an actor
        for name, regex in self.figures.items():
            needed = self.anaphor_words if name == "anaphor" else _FIGURE_WORDS[name]
            if needed & words or (name == "money" and _SYMBOLS.search(text)):
                for match in regex.finditer(text):
                    hits[name][bisect_right(starts, match.start()) - 1] = True
        for match in self.matcher.finditer(text):
            i = bisect_right(starts, match.start()) - 1
            kind = match.lastgroup or ""
            hits[kind][i] = True
            start = match.start()
            if kind == "everyday":
                cue_at[i].append(start)
                given[i] |= bool(_COUNT_BEFORE.search(text, max(0, start - 40), start))
            elif kind == "actor":
                given[i] |= bool(_TO_BEFORE.search(text, max(0, start - 10), start))
        return hits, cue_at


def _paragraph(text: str, position: int) -> tuple[int, int]:
    """The run of lines around `position` that no line break splits: lines go on after a line that
    ends in a colon or a comma (blank lines between them included)."""
    first = text.rfind("\n", 0, position) + 1
    while first > 0 and _goes_on(text, first, " \t\r\n"):
        first = text.rfind("\n", 0, first - 1) + 1
    last = text.find("\n", position)
    while last >= 0 and _goes_on(text, last, " \t"):
        following = _LINE_GAP.match(text, last)
        last = text.find("\n", following.end()) if following else -1
    return first, len(text) if last < 0 else last


def _goes_on(text: str, end: int, blanks: str) -> bool:
    """Whether the text before `end`, past any of `blanks`, ends in a colon or a comma: the line
    goes on below. Reads back from `end` rather than copying all that comes before it."""
    while end > 0 and text[end - 1] in blanks:
        end -= 1
    return end > 0 and text[end - 1] in ":,"


_LINE_GAP = re.compile(r"\n\s*")


def _occurrences(lower: str, word: str) -> Iterator[int]:
    """Where `word` stands as a whole word in lower-cased text (str.find runs in C)."""
    position = lower.find(word)
    while position >= 0:
        after = position + len(word)
        if (position == 0 or not lower[position - 1].isalnum()) and (after == len(lower) or not lower[after].isalnum()):
            yield position
        position = lower.find(word, after)


def _blocks(keep: list[bool], starts: list[int], length: int) -> tuple[tuple[int, int], ...]:
    """Runs of kept sentences as character ranges."""
    ends = [*starts[1:], length]
    blocks: list[tuple[int, int]] = []
    for i, kept in enumerate(keep):
        if not kept:
            continue
        if blocks and blocks[-1][1] == starts[i]:
            blocks[-1] = (blocks[-1][0], ends[i])
        else:
            blocks.append((starts[i], ends[i]))
    return tuple(blocks)


def _nearest_actor(actor: list[bool], i: int) -> int | None:
    """The sentence whose actor a candidate at i can take: itself, one of the two before, or the next."""
    for j in (i, *range(i - 1, i - 1 - _PRONOUN_CONTEXT, -1), i + 1):
        if 0 <= j < len(actor) and actor[j]:
            return j
    return None


# A sentence ends at a line break, or at . ! ? (and any closing quotes or brackets) followed by
# space and something that can open a sentence.
_BOUNDARY = re.compile(r"\n\s*|(?P<stop>(?<=[.!?])[\"'”’)\]]*)[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])")


def _abbreviation_before(text: str, end: int) -> bool:
    """'U.S. President', 'Gen. Smith', 'J. Smith': a full stop that ends an abbreviation, not a sentence."""
    if end == 0 or text[end - 1] != ".":
        return False
    start = end - 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start : end - 1].strip("\"'“‘(").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 6)


class _Prefilter:
    """A bag-of-words test that rejects most of a news stream before any sentence is looked at.

    An article is read further only if it holds every word of some strong cue phrase (in any
    inflection), the word "GDP"/"domestic", or an everyday cue word together with a word of an
    actor's name. Set intersection runs in C, so this costs a fraction of a microsecond a word; it
    never rejects an article the full triage would keep.
    """

    def __init__(self, strong: Iterable[str], everyday: Iterable[str], actor_forms: Iterable[str]) -> None:
        self.first: dict[str, list[list[set[str]]]] = {}
        for phrase in strong:
            words = [w for w in phrase.lower().replace("-", " ").split() if w not in _FUNCTION_WORDS] or ["-"]
            forms = [_word_forms(w) for w in words]
            for form in forms[0]:
                self.first.setdefault(form, []).append(forms[1:])
        self.keys = frozenset(self.first) | {"gdp", "domestic", "economic"}
        self.everyday = frozenset(form for phrase in everyday for form in _word_forms(phrase.split()[-1]))
        self.actor_words = frozenset(w for form in actor_forms for w in _WORDS.findall(form.lower()))

    def words(self, text: str) -> set[str] | None:
        """The text's lower-case words when it may hold a position, else None."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[set[str] | None, bool]:
        """The text's lower-case words when it may hold a position (else None), and whether a security
        cue or a share of GDP may be among them (else only an everyday cue beside an actor can be)."""
        words = set(_WORDS.findall(text.lower()))
        if self.strong(words):
            return words, True
        return (words if words & self.everyday and words & self.actor_words else None), False

    def strong(self, words: set[str]) -> bool:
        """Whether the words allow a security cue phrase or a share of GDP (else only everyday cues can)."""
        hits = words & self.keys
        if hits & {"gdp", "domestic", "economic"}:
            return True
        return any(all(forms & words for forms in rest) for hit in hits for rest in self.first.get(hit, ()))

    def may_hold(self, text: str) -> bool:
        return self.words(text) is not None


_WORDS = re.compile(r"[a-z0-9]+")
# Words without which a figure pass cannot match (money also runs when a currency sign is there).
_FIGURE_WORDS = {
    "share": frozenset({"gdp", "domestic", "economic"}),
    "mult": frozenset(f"{stem}{end}" for stem in ("doubl", "tripl", "trebl", "quadrupl", "quintupl", "sextupl")
                      for end in ("e", "es", "ed", "ing")),
    "money": frozenset({"million", "billion", "trillion", "bn", "mn", "mln", "usd", "eur", "gbp", "cad", "aud"}),
    "opener": frozenset({"of", "another", "further", "remaining", "remainder", "rest"}),
}  # fmt: skip
_SYMBOLS = re.compile(r"[$€£¥₴]|\b(?:USD|EUR|GBP|CAD|AUD|NOK|SEK|DKK|PLN|CHF|JPY)\b")
# "2 more Mirage jets", "30 used vehicles": a count a few words before an everyday cue.
_COUNT_BEFORE = re.compile(
    r"(?i)(?:\b\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?))"
    r"(?:\s+[\w'’-]+){0,3}\s+$"
)
_TO_BEFORE = re.compile(r"(?i)\b(?:to|for)\s+(?:the\s+)?$")


def _phrase_forms(phrase: str) -> set[str]:
    """Surface forms a lemma phrase can take, words joined by one space (the matcher lets a space be a
    hyphen too). The last word takes every inflection; earlier ones only a plural ("boots on the
    ground", "peacekeeping troops" but not "deployed troops"), which keeps the pattern small."""
    words = phrase.lower().replace("-", " ").split()
    last = len(words) - 1
    forms = {""}
    for index, word in enumerate(words):
        if word in _FUNCTION_WORDS:
            choices = {word}
        elif index == last:
            choices = _word_forms(word)
        else:
            choices = {word, word + "s", *_IRREGULAR.get(word, ())}
        joiner = "" if index == 0 else " "
        forms = {f"{form}{joiner}{choice}" for form in forms for choice in choices}
    return forms


def _word_forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in "aeiouywx" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "ship" -> "shipped"
    forms |= set(_IRREGULAR.get(word, ()))
    return forms


def _trie_pattern(words: Iterable[str]) -> str:
    """The words as one fast pattern; a space in a phrase matches a space or a hyphen."""
    return trie_pattern(words, space=r"[\s-]")


@functools.cache
def triage() -> Triage:
    """The triage built from the packaged lexicons, once per process."""
    actors = lexicon.actors()
    forms = [*actors.names, *actors.capitals, *actors.demonyms]
    forms.extend(name for holder in actors.office_holders for name in holder.names)
    kinds = lexicon.kinds()
    cues = [phrase for phrases in kinds.phrases.values() for phrase in phrases]
    modals = set(lexicon.statuses().modals)
    return Triage(forms, cues, kinds.weak & EVERYDAY, status_words() - modals, modals, kinds.anaphoric_heads)


def status_words() -> set[str]:
    """Every word of the status lexicon that can state a position: its verbs, delivery verbs, the heads
    of its particle and prepositional verbs, its stance phrases and its modals."""
    lex = lexicon.statuses()
    words = {*lex.verbs, *lex.delivery_verbs, *lex.particle_verbs_heads, *lex.modals}
    words |= {phrase.split()[0] for phrase in lex.prep_verbs}
    words |= {phrase for phrases in lex.phrases.values() for phrase in phrases}
    return words


def judge(text: str) -> Verdict:
    """Convenience: `triage().judge(text)`."""
    return triage().judge(text)


__all__ = ["Triage", "Verdict", "judge", "triage"]
