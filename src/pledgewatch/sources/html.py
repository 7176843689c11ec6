"""HTML pages: trafilatura finds the main text and the metadata (title, site, date, canonical URL).

Menus, footers and comment threads are left out here; what boilerplate survives inside the main
text is `clean.py`'s job. `raw_text` is the extracted text, not the markup, because that is what
cleaning starts from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError, date_check, decode, for_article, iso_date, read_bytes


def read(path: Path) -> Iterator[Article | SourceError]:
    markup, checks = decode(path, read_bytes(path))
    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=True)
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup; report, never crash
        raise SourceError(path, f"cannot parse HTML ({type(exc).__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise SourceError(path, "no article text found in HTML")
    article_id = path.stem
    try:
        published = iso_date(doc.date)
    except ValueError as exc:
        published = None
        checks = (*checks, date_check(article_id, doc.date, str(exc)))
    yield Article(
        id=article_id,
        text=doc.text,
        title=doc.title or None,
        url=doc.url or None,
        outlet=doc.sitename or doc.hostname or None,
        published=published,
        source=str(path),
        raw_text=doc.text,
        checks=for_article(checks, article_id),
    )
