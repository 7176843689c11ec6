"""RSS and Atom feeds, from files or URLs: one Article per entry.

News arrives as feeds. An entry carries a title, a link, a date and either the full story (Atom
`content`, RSS `content:encoded`) or only a teaser; for a teaser, `fetch_pages=True` fetches the
linked page and takes its main text with the HTML reader's trafilatura logic, keeping the feed's
title and date where the page has none. A page that cannot be fetched is reported and the teaser is
kept, so the entry is not lost.

Article ids are stable across polls (a hash of the entry's id or link), so a watcher and the
ledger recognise an entry they have seen.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError, read_bytes
from pledgewatch.sources.html import article_from_markup
from pledgewatch.sources.http import FetchSettings, fetch, is_url, new_client

_BLOCKS = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote)\s*>")
_TAGS = re.compile(r"<[^>]+>")


def read(path: Path) -> Iterator[Article | SourceError]:
    """Entries of a feed file (.rss, .atom, .xml)."""
    yield from parse_feed(read_bytes(path), str(path))


def read_url(
    url: str, settings: FetchSettings | None = None, fetch_pages: bool = False
) -> Iterator[Article | SourceError]:
    """Entries of the feed at `url`; fetch failures come back as one SourceError each."""
    settings = settings or FetchSettings()
    with new_client(settings) as client:
        try:
            data = fetch(url, settings, client)
        except SourceError as exc:
            yield exc
            return
        for item in parse_feed(data, url):
            if fetch_pages and isinstance(item, Article) and item.checks == () and _teaser_only(item):
                yield from _with_page(item, settings, client)
            else:
                yield item


def parse_feed(data: bytes, source: str) -> Iterator[Article | SourceError]:
    """Articles from a feed document's bytes; a SourceError when the bytes are no feed at all."""
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = "not an RSS or Atom feed"
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            problem += f" ({_first_line(parsed.bozo_exception)})"
        yield SourceError(source, problem)
        return
    outlet = (parsed.feed.get("title") or "").strip() or _host(parsed.feed.get("link") or source)
    for index, entry in enumerate(parsed.entries):
        where = f"{source}#{index + 1}"
        article = _entry_article(entry, outlet, where)
        if article is None:
            yield SourceError(where, "feed entry has no title, summary or content")
        else:
            yield article


def _entry_article(entry: Any, outlet: str | None, where: str) -> Article | None:
    title = _text(entry.get("title") or "")
    link = entry.get("link") or None
    content = entry.get("content") or []
    body = "\n\n".join(_text(part.get("value", "")) for part in content if part.get("value"))
    teaser = not body
    if teaser:
        body = _text(entry.get("summary") or "")
    if not body and not title:
        return None
    key = entry.get("id") or link or f"{title}|{body[:200]}"
    article_id = f"{_host(link or '') or 'feed'}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"
    return Article(
        id=article_id,
        text=body or title,
        title=title or None,
        url=link,
        outlet=outlet,
        published=_published(entry),
        published_at=_published_at(entry),
        source=where + ("#teaser" if teaser else ""),
        raw_text=body or title,
    )


def _teaser_only(article: Article) -> bool:
    return bool(article.source and article.source.endswith("#teaser") and article.url and is_url(article.url))


def _with_page(teaser: Article, settings: FetchSettings, client: Any) -> Iterator[Article | SourceError]:
    """The linked page's main text under the entry's id; the teaser itself when the page fails."""
    url = teaser.url or ""
    try:
        markup = fetch(url, settings, client).decode("utf-8", errors="replace")
        page = article_from_markup(markup, article_id=teaser.id, source=url, url=url)
    except SourceError as exc:
        yield exc
        yield teaser
        return
    yield Article(
        id=teaser.id,
        text=page.text,
        title=teaser.title or page.title,
        url=url,
        outlet=teaser.outlet or page.outlet,
        published=teaser.published or page.published,
        published_at=teaser.published_at,
        source=url,
        raw_text=page.raw_text,
        checks=page.checks,
    )


def _published(entry: Any) -> str | None:
    """The entry's date; feedparser has already read RFC 822 and ISO 8601 into a struct_time."""
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not when:
        return None
    try:
        return date(when.tm_year, when.tm_mon, when.tm_mday).isoformat()
    except ValueError:
        return None


def _published_at(entry: Any) -> str | None:
    """The entry's time in UTC (feedparser normalises to UTC), which orders one day's reports."""
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not when:
        return None
    day = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}"
    return f"{day}T{when.tm_hour:02d}:{when.tm_min:02d}:{when.tm_sec:02d}Z"


def _text(markup: str) -> str:
    """Feed HTML fragments as plain text, block ends as paragraph breaks, entities decoded."""
    import html

    text = _TAGS.sub("", _BLOCKS.sub("\n\n", markup))
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname if is_url(url) else None
    return host.removeprefix("www.") if host else None


def _first_line(exc: object) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


__all__ = ["parse_feed", "read", "read_url"]
