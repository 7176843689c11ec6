"""WARC archives written here with warcio's own writer: pages become articles, the rest is skipped."""

from __future__ import annotations

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
