"""The names people use for actors: "Canada (CAN)" on every view, and "Canada", "Canadian" or "can" in filters.

Analysts think in names, the ledger stores codes. Every view shows both; every filter (`--actor`,
`history ACTOR`, `--recipient`, `/actors/{name}`, `?recipient=`) takes a code, a name or a
demonym, any case, read from the actor lexicon (`pledgewatch.reading.lexicon`, never changed here). A name
that resolves to nothing is an `UnknownName` error with the closest names as suggestions, never
a filter that quietly matches nothing.
"""

from __future__ import annotations

import difflib
import functools
from types import MappingProxyType

from pledgewatch.reading.lexicon import actors


class UnknownName(ValueError):
    """A name or code that is no actor; its message is one line a user can act on."""


@functools.cache
def _tables() -> tuple[MappingProxyType, MappingProxyType]:
    """(lower-cased form -> code, code -> display name), built once from the lexicon."""
    lex = actors()
    labels: dict[str, str] = dict(lex.state_names)
    for org in lex.organisations:
        forms = [n for n, code in lex.names.items() if code == org]
        full = next((f for f in forms if " " in f and not f.lower().startswith("the ")), None)
        labels[org] = full or org
    forms: dict[str, str] = {}
    # Later sources never override earlier ones: a code beats a name, a name a demonym.
    for table in ({code: code for code in labels}, {name: code for code, name in labels.items()}, lex.names):
        for form, code in table.items():
            forms.setdefault(form.lower(), code)
    for form, code in lex.demonyms.items():
        forms.setdefault(form.lower(), code)
    return MappingProxyType(forms), MappingProxyType(labels)


def resolve(text: str, *, what: str = "actor") -> str:
    """The ledger code for a code, name or demonym ("CAN", "Canada", "canadian" -> "CAN")."""
    forms, _ = _tables()
    key = " ".join(text.split()).lower()
    if key in forms:
        return str(forms[key])
    close = dict.fromkeys(forms[c] for c in difflib.get_close_matches(key, list(forms), n=5, cutoff=0.8))
    hint = f"; did you mean {' or '.join(repr(label(code)) for code in list(close)[:3])}?" if close else ""
    raise UnknownName(f"unknown {what} {text!r}: no country or organisation has that name, code or demonym{hint}")


def resolve_optional(text: str | None, *, what: str = "actor") -> str | None:
    """`resolve` for an optional filter: None and blank mean no filter."""
    if text is None or not text.strip():
        return None
    return resolve(text, what=what)


def name(code: str | None) -> str | None:
    """The plain name of a code ("CAN" -> "Canada"); None for a code the lexicon does not know."""
    return _tables()[1].get(code) if code else None


def label(code: str | None) -> str:
    """ "Canada (CAN)", "European Union (EU)"; a code the lexicon does not know as itself; "" for none."""
    if not code:
        return ""
    full = name(code)
    return f"{full} ({code})" if full and full != code else code


__all__ = ["UnknownName", "label", "name", "resolve", "resolve_optional"]
