"""Readers that turn files into Articles, one module per format, chosen by extension.

`read_paths` yields errors as values instead of raising them: a batch over thousands of scraped
files must report the broken ones (one line each) and carry on with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pledgewatch.model import Article
from pledgewatch.sources import feed, html, jsonfile, jsonl, text, warc
from pledgewatch.sources.base import SourceError
from pledgewatch.sources.http import FetchSettings, is_url

Reader = Callable[[Path], Iterator[Article | SourceError]]

# The one place that says which extension is read by which module.
READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".json": jsonfile.read,
    ".jsonl": jsonl.read,
    ".html": html.read,
    ".htm": html.read,
    ".rss": feed.read,
    ".atom": feed.read,
    ".xml": feed.read,
    ".warc": warc.read,
    ".warc.gz": warc.read,
}


def _suffix(path: Path) -> str:
    """'.warc.gz' is one type; any other name's type is its last suffix."""
    name = path.name.lower()
    return next((s for s in READERS if "." in s[1:] and name.endswith(s)), path.suffix.lower())


def read_paths(
    paths: Iterable[str | Path], fetch: FetchSettings | None = None, fetch_pages: bool = False
) -> Iterator[Article | SourceError]:
    """Articles from files, directories (walked recursively, sorted) and feed URLs, with a SourceError per bad input.

    An http(s) URL is read as an RSS or Atom feed (`fetch` sets its time, size and retry limits;
    `fetch_pages` fetches the page behind entries that carry only a teaser).

    Inside directories, hidden entries and files of unknown type are skipped silently, since
    directories collect stray files; a file named explicitly with an unknown type is an error,
    since the user asked for it.
    """
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield from feed.read_url(raw, fetch, fetch_pages)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_dir(path)
        elif not path.exists():
            yield SourceError(path, "no such file or directory")
        else:
            yield from _read_file(path)


def _read_dir(directory: Path) -> Iterator[Article | SourceError]:
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield SourceError(directory, exc.strerror or "cannot list directory")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _read_dir(entry)
        elif entry.is_file() and _suffix(entry) in READERS:
            yield from _read_file(entry)


def _read_file(path: Path) -> Iterator[Article | SourceError]:
    if not path.is_file():
        yield SourceError(path, "not a regular file")
        return
    reader = READERS.get(_suffix(path))
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        yield SourceError(path, f"unsupported file type {kind}")
        return
    try:
        yield from reader(path)
    except SourceError as exc:
        yield exc


__all__ = ["READERS", "FetchSettings", "SourceError", "read_paths"]
