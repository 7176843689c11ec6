"""One article per line (.jsonl), as crawlers and exports write them.

A line is what ends in a line feed (b"\n") and nothing else: JSON strings may hold U+2028, U+0085 or
a form feed, which `str.splitlines` would take for line ends, cutting records apart. Each line is
decoded on its own, so one line that is not UTF-8 is reported as `file:line` instead of turning the
whole file into Windows-1252 guesses, and the other lines are still read: one truncated record in a
large dump should not cost the whole file. The file is streamed, so its size does not matter.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from pledgewatch.model import Article
from pledgewatch.sources.base import JSONProblem, SourceError, load_json, looks_binary, os_problem
from pledgewatch.sources.jsonfile import article_from_json


def read(path: Path) -> Iterator[Article | SourceError]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise SourceError(path, os_problem(exc, "cannot be read")) from None
    with stream:
        head = stream.read(8192)
        stream.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise SourceError(path, "JSONL must be UTF-8, found a UTF-16 byte order mark")
        if head.strip() and looks_binary(head):
            raise SourceError(path, "binary file, not text")
        found = False
        for lineno, raw in enumerate(stream, start=1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            found = True
            yield _line(path, lineno, raw)
        if not found:
            raise SourceError(path, "empty file")


def _line(path: Path, lineno: int, raw: bytes) -> Article | SourceError:
    where = f"{path}:{lineno}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceError(where, f"not valid UTF-8 text (byte {exc.start})")
    try:
        obj = load_json(line, with_line=False)
    except JSONProblem as exc:
        return SourceError(where, str(exc))
    try:
        return article_from_json(obj, default_id=f"{path.stem}:{lineno}", source=where)
    except SourceError as exc:
        return exc
