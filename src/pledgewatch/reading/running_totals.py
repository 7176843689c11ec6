"""Running totals (LEDGER.md rule 18): "has committed $62 billion since 2022" is no new package.

The reader flags such money records (`Record.running_total`) so that the ledger shows them beside
the sum of a donor's packages and never adds them in. The words are data
(`lexicon/running_totals.json`), matched as whole words on the lower-cased evidence sentence.
"""

from __future__ import annotations

import re
from functools import cache

from pledgewatch.reading.lexicon import load_json


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_json("running_totals.json")
    phrases = sorted(data["phrases"], key=len, reverse=True)
    verbs = "|".join(re.escape(v) for v in data["perfect_since_verbs"])
    words = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
    # "has provided ... since 2022", "have given Ukraine ... since the invasion": given over a period
    perfect = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+){0,2}(?:" + verbs + r")\b[^.;]*?\bsince\b")
    return words, perfect


def is_running_total(sentence: str) -> bool:
    """True when the sentence presents its sum as accumulated over time."""
    words, perfect = _patterns()
    lower = sentence.lower()
    return words.search(lower) is not None or perfect.search(lower) is not None


__all__ = ["is_running_total"]
