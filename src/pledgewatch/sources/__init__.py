"""Readers that turn files into Articles, one module per format, chosen by extension.

`read_paths` yields errors as values instead of raising them: a batch over thousands of scraped
files must report the broken ones (one line each) and carry on with the rest. That holds for every
failure of one input, expected or not (a path the user may not stat, JSON nested past the
interpreter's limits, a reader bug): each becomes one `SourceError` naming the input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pledgewatch.model import Article
from pledgewatch.sources import feed, html, jsonfile, jsonl, text, warc
from pledgewatch.sources.base import MAX_TEXT_CHARS, SourceError, first_line, os_problem
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

    An http(s) URL is read as an RSS or Atom feed (`fetch` sets its time, size, retry and address
    limits; `fetch_pages` fetches the page behind entries that carry only a teaser).

    Inside directories, hidden entries and files of unknown type are skipped silently, since
    directories collect stray files; a file named explicitly with an unknown type is an error,
    since the user asked for it. A directory reached twice (a symlink loop, or two links to one
    directory) is read once, so no article is emitted twice.
    """
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield from _guarded(raw, lambda url=raw: feed.read_url(url, fetch, fetch_pages))
            continue
        path = Path(raw)
        try:
            info = _stat(path)
        except SourceError as exc:
            yield exc
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _read_dir(path, info, visited)
        else:
            yield from _read_file(path, info)


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """How many articles (or errors in their place) `read_paths` will yield, found without reading them;
    None when some input cannot tell (a feed URL or file, a WARC archive), so a progress bar shows a total
    only when it is right.

    A .jsonl file counts its non-blank lines (a byte scan, no decoding); any other file is one.
    """
    total = 0
    visited: set[tuple[int, int]] = set()
    stack: list[Path] = []
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            return None
        stack.append(Path(raw))
    while stack:
        path = stack.pop()
        try:
            info = _stat(path)
        except SourceError:
            total += 1
            continue
        if stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            try:
                entries = [e for e in path.iterdir() if not e.name.startswith(".")]
            except OSError:
                total += 1
                continue
            for entry in entries:
                if entry.is_dir() or _suffix(entry) in READERS:
                    stack.append(entry)
            continue
        suffix = _suffix(path)
        if suffix in _UNCOUNTED:
            return None
        total += _lines(path) if suffix == ".jsonl" else 1
    return total


_UNCOUNTED = frozenset({".rss", ".atom", ".xml", ".warc", ".warc.gz"})


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return max(1, sum(1 for line in stream if line.strip()))
    except OSError:
        return 1


def _stat(path: Path) -> os.stat_result:
    """The path's status, following links; why not, as a SourceError (a denied parent, a link loop)."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise SourceError(path, "no such file or directory") from None
    except OSError as exc:
        raise SourceError(path, os_problem(exc, "cannot be examined")) from None
    except ValueError as exc:  # an embedded NUL in the name
        raise SourceError(path, f"not a valid path ({exc})") from None


def _read_dir(directory: Path, info: os.stat_result, visited: set[tuple[int, int]]) -> Iterator[Article | SourceError]:
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return
    visited.add(key)
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield SourceError(directory, os_problem(exc, "cannot list directory"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            entry_info = _stat(entry)
        except SourceError as exc:
            if entry.is_symlink() and _suffix(entry) not in READERS:
                continue  # a dangling link among stray files, not something the user asked for
            yield exc
            continue
        if stat.S_ISDIR(entry_info.st_mode):
            yield from _read_dir(entry, entry_info, visited)
        elif stat.S_ISREG(entry_info.st_mode) and _suffix(entry) in READERS:
            yield from _read_file(entry, entry_info)


def _read_file(path: Path, info: os.stat_result) -> Iterator[Article | SourceError]:
    if not stat.S_ISREG(info.st_mode):
        yield SourceError(path, "not a regular file")
        return
    reader = READERS.get(_suffix(path))
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        yield SourceError(path, f"unsupported file type {kind}")
        return
    yield from _guarded(str(path), lambda: reader(path))


def _guarded(where: str, read: Callable[[], Iterator[Article | SourceError]]) -> Iterator[Article | SourceError]:
    """The reader's items, each article within the length limit; any failure ends this input as one error."""
    try:
        for item in read():
            yield _within_limit(item) if isinstance(item, Article) else item
    except SourceError as exc:
        yield exc
    except RecursionError:
        yield SourceError(where, "nested too deeply to read")
    except MemoryError:
        yield SourceError(where, "too large to read into memory")
    except Exception as exc:  # a reader's bug must cost this input, not the batch
        yield SourceError(where, f"cannot be read ({type(exc).__name__}: {first_line(exc)})")


def _within_limit(article: Article) -> Article | SourceError:
    """An article longer than the parser takes is refused by name here, not by a crash in the middle of a batch."""
    if len(article.text) <= MAX_TEXT_CHARS:
        return article
    return SourceError(
        article.source or article.id,
        f"article text is {len(article.text):,} characters long (limit {MAX_TEXT_CHARS:,})",
    )


__all__ = ["MAX_TEXT_CHARS", "READERS", "FetchSettings", "SourceError", "count_articles", "read_paths"]
