"""WARC and WARC.gz archives, the format news crawls such as CC-NEWS ship: one Article per HTML page.

Only `response` records with a 2xx status and an HTML content type are pages; request, metadata
and revisit records, redirects, images and PDFs are skipped silently, since a crawl is full of
them. A page whose main text cannot be found is reported by its record's URI and the archive goes
on. Records are read one at a time, so a multi-gigabyte archive streams in constant memory.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError
from pledgewatch.sources.html import article_from_markup

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path) -> Iterator[Article | SourceError]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise SourceError(path, exc.strerror or "cannot be read") from exc
    with stream:
        head = stream.read(5)
        stream.seek(0)
        if not head.startswith((b"WARC/", b"\x1f\x8b")):  # a WARC record, or gzip holding them
            raise SourceError(path, "not a WARC archive (no WARC record at the start)")
        try:
            for index, record in enumerate(ArchiveIterator(stream), start=1):
                item = _page(record, path, index)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            yield SourceError(path, f"not a WARC archive or damaged ({_first_line(exc)})")
        except (OSError, EOFError, ValueError) as exc:
            yield SourceError(path, f"damaged WARC archive ({type(exc).__name__}: {_first_line(exc)})")


def _page(record: object, path: Path, index: int) -> Article | SourceError | None:
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
    body = record.content_stream().read()  # type: ignore[attr-defined]
    markup = body.decode(_charset(content_type), errors="replace")
    article_id = f"warc-{hashlib.sha1(uri.encode('utf-8')).hexdigest()[:12]}"
    try:
        return article_from_markup(markup, article_id=article_id, source=f"{path}#{uri}", url=uri)
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


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


__all__ = ["read"]
