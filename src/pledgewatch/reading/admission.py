"""What any position must have around it, whoever drafted it: a rule of LEDGER.md that holds in the
gold without exception and that a statistical model cannot be trusted to keep.

A spending target is an actor's own *defence* spending: a share of GDP or a budget is one only where
a defence word stands in its sentence or the text just before it ("raises health spending to 7.2
percent of GDP" is no target). The words are data (`lexicon/admission.json`, which also says why a
second rule, aid needing a beneficiary abroad, was measured and left out).
"""

from __future__ import annotations

import re
from functools import cache

from pledgewatch.model import Kind, Record
from pledgewatch.reading.lexicon import load_json


@cache
def _rules() -> tuple[re.Pattern[str], int]:
    data = load_json("admission.json")
    words = sorted(data["defence_words"], key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    return pattern, int(data["context_chars"])


def admissible(record: Record, text: str) -> bool:
    """False for a record LEDGER.md does not allow in its context (`text` is the article's text)."""
    defence, reach = _rules()
    if record.kind is Kind.SPENDING_TARGET:
        context = text[max(0, record.evidence_start - reach) : record.evidence_end]
        return defence.search(context) is not None
    return True


__all__ = ["admissible"]
