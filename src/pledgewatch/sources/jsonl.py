"""One article per line (.jsonl), as crawlers and exports write them.

A bad line is reported as `file:line` and the other lines are still read: one truncated record in a
large dump should not cost the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError, decode, read_bytes
from pledgewatch.sources.jsonfile import article_from_json


def read(path: Path) -> Iterator[Article | SourceError]:
    text, checks = decode(path, read_bytes(path))
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(where, f"malformed JSON at column {exc.colno}: {exc.msg}")
            continue
        try:
            yield article_from_json(obj, default_id=f"{path.stem}:{lineno}", source=where, checks=checks)
        except SourceError as exc:
            yield exc
