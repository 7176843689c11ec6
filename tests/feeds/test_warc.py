"""WARC archives written here with warcio's own writer: pages become articles, the rest is skipped."""

from __future__ import annotations

import tracemalloc
import uuid
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from feed_server import PAGE
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pledgewatch.sources import READERS, SourceError, read_paths


def write_warc(path: Path, gzip: bool) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "pledgewatch tests"}))
        response("https://news.example/oslo-aid", PAGE)
        response("https://news.example/logo.png", b"\x89PNG....", ctype="image/png")
        response("https://news.example/moved", b"", status="301 Moved Permanently")
        response("https://news.example/empty", b"<html><body></body></html>")
        request = writer.create_warc_record(
            "https://news.example/oslo-aid",
            "request",
            payload=BytesIO(b"GET /oslo-aid HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        )
        writer.write_record(request)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    write_warc(tmp_path / name, gzip=name.endswith(".gz"))
    items = list(read_paths([tmp_path / name]))
    articles = [i for i in items if not isinstance(i, SourceError)]
    errors = [i for i in items if isinstance(i, SourceError)]
    (article,) = articles
    assert article.url == "https://news.example/oslo-aid"
    assert "500 million kroner in humanitarian aid" in article.text
    assert "Contact us" not in article.text  # trafilatura kept the main text only
    assert article.id.startswith("warc-")
    # The page with no article text is reported by its URI; images, redirects and requests are not pages.
    assert len(errors) == 1 and "https://news.example/empty" in str(errors[0])


def test_warc_gz_is_one_type_and_directories_find_it(tmp_path: Path) -> None:
    assert ".warc.gz" in READERS and ".warc" in READERS
    write_warc(tmp_path / "a.warc.gz", gzip=True)
    (tmp_path / "other.gz").write_bytes(b"not ours")
    found = [i for i in read_paths([tmp_path]) if not isinstance(i, SourceError)]
    assert len(found) == 1


def test_a_file_that_is_not_a_warc_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_text("this is not an archive\n", encoding="utf-8")
    (error,) = list(read_paths([bad]))
    assert isinstance(error, SourceError)
    assert str(error).startswith(f"{bad}: ") and "WARC" in str(error)


# --- bounded memory: gzip bombs ------------------------------------------------------------------


def _gzip_member(parts: list[bytes], filler: int = 0) -> bytes:
    """One gzip member of `parts`, then `filler` spaces, compressed as they stream (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [packer.compress(p) for p in parts]
    block = b" " * (1 << 20)
    for _ in range(filler // len(block)):
        out.append(packer.compress(block))
    out.append(packer.flush())
    return b"".join(out)


def _response_head(uri: str, payload_length: int, extra_http: str = "") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra_http}\r\n".encode()
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "WARC-Date: 2025-03-04T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + payload_length}\r\n\r\n"
    ).encode()
    return warc + http


def _page_member(uri: str) -> bytes:
    return _gzip_member([_response_head(uri, len(PAGE)), PAGE, b"\r\n\r\n"])


def test_a_gzip_bomb_record_is_skipped_with_a_line_in_bounded_memory(tmp_path: Path) -> None:
    inflated = 200 * 1024 * 1024
    bomb = _gzip_member([_response_head("https://news.example/bomb", inflated)], filler=inflated)
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_page_member("https://news.example/a") + bomb + _page_member("https://news.example/b"))
    assert path.stat().st_size < 1024 * 1024  # a small file ...
    tracemalloc.start()
    try:
        items = list(read_paths([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.url for i in items if not isinstance(i, SourceError)] == [
        "https://news.example/a",
        "https://news.example/b",
    ]
    assert [str(i) for i in items if isinstance(i, SourceError)] == [
        f"{path}: gzip member 2 inflates to more than 20,971,520 bytes; skipped"
    ]
    assert peak < 64 * 1024 * 1024  # ... that held 200 MB whole before the limits


def test_a_content_encoded_bomb_inside_one_record_is_skipped(tmp_path: Path) -> None:
    """The member is small (its payload is gzip-encoded HTTP); the record's own bound catches it."""
    payload = _gzip_member([], filler=100 * 1024 * 1024)
    member = _gzip_member(
        [
            _response_head("https://news.example/zipped", len(payload), "Content-Encoding: gzip\r\n"),
            payload,
            b"\r\n\r\n",
        ]
    )
    path = tmp_path / "nested.warc.gz"
    path.write_bytes(member + _page_member("https://news.example/after"))
    items = list(read_paths([path]))
    assert [i.url for i in items if not isinstance(i, SourceError)] == ["https://news.example/after"]
    assert [str(i) for i in items if isinstance(i, SourceError)] == [
        f"{path}#https://news.example/zipped: record holds more than 16,777,216 bytes; skipped"
    ]


def test_a_truncated_archive_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    whole = _page_member("https://news.example/a") + _page_member("https://news.example/b")
    path.write_bytes(whole[: len(whole) - 40])
    items = list(read_paths([path]))
    assert [i.url for i in items if not isinstance(i, SourceError)] == ["https://news.example/a"]
    assert [str(i) for i in items if isinstance(i, SourceError)] == [
        f"{path}: damaged gzip data (the archive ends inside a member)"
    ]
