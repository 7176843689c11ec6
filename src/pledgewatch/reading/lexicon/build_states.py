"""Regenerate `states.json` from the `countryinfo` package.

The state table is generated, not typed, so that names, capitals, demonyms and currencies follow a
maintained source; our own judgement (extra aliases, ambiguous words to leave out) lives in
`actors.json`. Run `python -m pledgewatch.reading.lexicon.build_states` after upgrading countryinfo; a test
fails when the committed file and the package disagree.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

STATES_FILE = Path(__file__).with_name("states.json")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]+$")


def _names(info: dict[str, Any]) -> list[str]:
    """Names a news text may use: the short name and the Latin-script long forms, never codes."""
    found = [info["name"]]
    for alt in info.get("altSpellings") or []:
        if _LATIN_NAME.match(alt) and not alt.isupper() and alt not in found:
            found.append(alt)
    return found


def build() -> list[dict[str, Any]]:
    from countryinfo import all_countries  # imported here: only the generator needs the package

    states: dict[str, dict[str, Any]] = {}
    population: dict[str, int] = {}
    for country in all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha3")
        # Constituent parts (Wales, Scotland) share their state's code: keep the state itself.
        if not iso or population.get(iso, -1) >= (info.get("population") or 0):
            continue
        population[iso] = info.get("population") or 0
        capital = info.get("capital") or None
        if isinstance(capital, list):  # the package stores a few capitals as one-item lists
            capital = capital[0] if capital else None
        states[iso] = {
            "id": iso,
            "name": info["name"],
            "names": _names(info),
            "capital": capital,
            "demonym": info.get("demonym") or None,
            "currencies": list(info.get("currencies") or []),
        }
    return sorted(states.values(), key=lambda s: s["id"])


def render(states: list[dict[str, Any]]) -> str:
    return json.dumps({"source": "countryinfo", "states": states}, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    STATES_FILE.write_text(render(build()), encoding="utf-8")
    print(f"wrote {STATES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
