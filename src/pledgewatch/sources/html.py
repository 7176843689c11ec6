"""HTML pages: trafilatura finds the main text and the metadata (title, site, date, canonical URL).

Menus, footers and comment threads are left out here; what boilerplate survives inside the main
text is `clean.py`'s job. `raw_text` is the extracted text, not the markup, because that is what
cleaning starts from. `article_from_markup` is shared with the WARC and feed readers, which meet
the same pages inside archives and behind feed links.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from pledgewatch.model import Article, Check
from pledgewatch.sources.base import SourceError, date_check, decode, for_article, iso_date, read_bytes


def read(path: Path) -> Iterator[Article | SourceError]:
    markup, checks = decode(path, read_bytes(path))
    yield article_from_markup(markup, article_id=path.stem, source=str(path), checks=checks)


def article_from_markup(
    markup: str, article_id: str, source: str, url: str | None = None, checks: tuple[Check, ...] = ()
) -> Article:
    """The article in a page's markup; SourceError (named by `source`) when there is none."""
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup; report, never crash
        raise SourceError(source, f"cannot parse HTML ({type(exc).__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise SourceError(source, "no article text found in HTML")
    try:
        published = iso_date(doc.date)
    except ValueError as exc:
        published = None
        checks = (*checks, date_check(article_id, doc.date, str(exc)))
    return Article(
        id=article_id,
        text=doc.text,
        title=doc.title or None,
        url=doc.url or url or None,
        outlet=doc.sitename or doc.hostname or None,
        published=published,
        source=source,
        raw_text=doc.text,
        checks=for_article(checks, article_id),
    )
