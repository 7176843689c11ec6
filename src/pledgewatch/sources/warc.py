"""WARC and WARC.gz archives, the format news crawls such as CC-NEWS ship: one Article per HTML page.

Only `response` records with a 2xx status and an HTML content type are pages; request, metadata
and revisit records, redirects, images and PDFs are skipped silently, since a crawl is full of
them. A page whose main text cannot be found is reported by its record's URI and the archive goes
on. Records are read one at a time, so a multi-gigabyte archive streams in constant memory.

Memory is bounded whatever the archive claims: a .warc.gz is a series of gzip members (one record
each, as the WARC standard and warcio expect), and this module inflates each member itself, up to
`WarcLimits.member` bytes; a record's payload (after any HTTP content encoding) is read up to
`WarcLimits.record` bytes. Anything over a limit is skipped with one line, and reading goes on:
a 2 MB "gzip bomb" that inflates to gigabytes costs seconds of CPU, not gigabytes of memory.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError, first_line, os_problem
from pledgewatch.sources.html import article_from_markup

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20  # compressed bytes read, and decompressed bytes produced, at a time


@dataclass(frozen=True)
class WarcLimits:
    """Bytes one record may hold, and one gzip member may inflate to. News pages are far below both."""

    record: int = 16 * 1024 * 1024
    member: int = 20 * 1024 * 1024


def read(path: Path, limits: WarcLimits | None = None) -> Iterator[Article | SourceError]:
    limits = limits or WarcLimits()
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise SourceError(path, os_problem(exc, "cannot be read")) from exc
    with stream:
        head = stream.read(5)
        stream.seek(0)
        if head.startswith(_GZIP_MAGIC):
            yield from _read_members(stream, path, limits)
        elif head.startswith(b"WARC/"):
            yield from _records(stream, path, limits, _Counter())
        else:
            raise SourceError(path, "not a WARC archive (no WARC record at the start)")


class _Counter:
    """Record numbers across gzip members, for naming a record that has no URI."""

    def __init__(self) -> None:
        self.n = 0


def _read_members(stream: BinaryIO, path: Path, limits: WarcLimits) -> Iterator[Article | SourceError]:
    counter = _Counter()
    try:
        for number, member in enumerate(_members(stream, limits.member), start=1):
            if member is None:
                problem = f"gzip member {number} inflates to more than {limits.member:,} bytes; skipped"
                yield SourceError(path, problem)
                continue
            yield from _records(io.BytesIO(member), path, limits, counter)
    except zlib.error as exc:
        yield SourceError(path, f"damaged gzip data ({first_line(exc)})")
    except EOFError:
        yield SourceError(path, "damaged gzip data (the archive ends inside a member)")


def _members(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Each gzip member's inflated bytes, or None for one over `limit` (inflated to its end and dropped)."""
    pending = b""
    while True:
        pending = pending.lstrip(b"\x00")  # zero padding some writers leave between or after members
        if not pending:
            pending = stream.read(_CHUNK)
            if not pending:
                return
            continue
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        kept: bytearray | None = bytearray()
        size = 0
        while not inflater.eof:
            if not pending:
                pending = stream.read(_CHUNK)
                if not pending:
                    raise EOFError
            piece = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            size += len(piece)
            if kept is not None:
                if size > limit:
                    kept = None  # release what was kept; inflate the rest only to find the member's end
                else:
                    kept += piece
        pending = inflater.unused_data
        yield bytes(kept) if kept is not None else None


def _records(stream: BinaryIO, path: Path, limits: WarcLimits, counter: _Counter) -> Iterator[Article | SourceError]:
    try:
        for record in ArchiveIterator(stream):
            counter.n += 1
            item = _page(record, path, counter.n, limits)
            if item is not None:
                yield item
    except ArchiveLoadFailed as exc:
        yield SourceError(path, f"not a WARC archive or damaged ({first_line(exc)})")
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        yield SourceError(path, f"damaged WARC archive ({type(exc).__name__}: {first_line(exc)})")


def _page(record: object, path: Path, index: int, limits: WarcLimits) -> Article | SourceError | None:
    if getattr(record, "rec_type", None) != "response":
        return None
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        return None
    status = http.get_statuscode() or ""
    content_type = (http.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not content_type.startswith(_HTML_TYPES):
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI") or f"{path}#{index}"
    source = f"{path}#{uri}"
    body = record.content_stream().read(limits.record + 1)  # type: ignore[attr-defined]
    if len(body) > limits.record:
        return SourceError(source, f"record holds more than {limits.record:,} bytes; skipped")
    markup = body.decode(_charset(content_type), errors="replace")
    article_id = f"warc-{hashlib.sha1(uri.encode('utf-8')).hexdigest()[:12]}"
    try:
        return article_from_markup(markup, article_id=article_id, source=source, url=uri)
    except SourceError as exc:
        return exc


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            try:
                return codecs.lookup(value.strip('"')).name
            except LookupError:
                break
    return "utf-8"


__all__ = ["WarcLimits", "read"]
