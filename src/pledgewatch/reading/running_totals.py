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
def _pattern() -> re.Pattern[str]:
    phrases = sorted(load_json("running_totals.json")["phrases"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def is_running_total(sentence: str) -> bool:
    """True when the sentence presents its sum as accumulated over time."""
    return _pattern().search(sentence.lower()) is not None


__all__ = ["is_running_total"]
