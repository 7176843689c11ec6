"""`extract`: articles in, records out. The Python API that `pledgewatch extract` mirrors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from pledgewatch.clean import clean_article
from pledgewatch.model import Article, Record

if TYPE_CHECKING:
    from pledgewatch.reading.triage import Verdict


def as_article(text_or_article: str | Article, article_id: str = "text") -> Article:
    if isinstance(text_or_article, Article):
        return text_or_article
    return Article(id=article_id, text=text_or_article, raw_text=text_or_article)


def extract(text_or_article: str | Article, fast: bool = True) -> list[Record]:
    """Records stated in one article (or a bare text), after cleaning it."""
    return next(extract_many([as_article(text_or_article)], fast=fast))[1]


def extract_many(
    articles: Iterable[Article], batch_size: int = 16, fast: bool = True
) -> Iterator[tuple[Article, list[Record]]]:
    """Clean and read articles as a stream, in order; the spaCy pipeline batches them for speed.

    With `fast` (the default) the triage (`pledgewatch.reading.triage`) runs first: an article that cannot
    hold a position is yielded with no records and never reaches the parser, and a relevant one is
    parsed with its irrelevant sentences blanked out. Blanking keeps the text's length, so evidence
    offsets point into the full cleaned text exactly as on the slow path (`fast=False`). The entity
    recogniser then runs only on the sentences where a person's name can be learned
    (`pledgewatch.reading.people`).
    """
    from pledgewatch.reading.people import NER, add_entities
    from pledgewatch.reading.pipeline import pipeline
    from pledgewatch.reading.rules.records import read_doc
    from pledgewatch.reading.triage import triage

    nlp = pipeline()
    cleaned = (clean_article(a) for a in articles)
    if not fast:
        for doc, article in nlp.pipe(((a.text, a) for a in cleaned), as_tuples=True, batch_size=batch_size):
            yield article, read_doc(doc, article)
        return
    judge = triage().judge
    for chunk in _chunks(((a, _parse_text(a, judge)) for a in cleaned), batch_size):
        docs = list(nlp.pipe((text for _, text in chunk if text is not None), batch_size=batch_size, disable=[NER]))
        add_entities(nlp, docs, batch_size=batch_size)
        parsed = iter(docs)
        for article, text in chunk:
            yield article, read_doc(next(parsed), article) if text is not None else []


def _chunks(items: Iterable[tuple[Article, str | None]], size: int) -> Iterator[list[tuple[Article, str | None]]]:
    """Runs of articles holding `size` texts to parse, so the model gets full batches even when the
    triage rejects nine in ten; a run is also cut at 64 x size articles to keep memory flat."""
    chunk: list[tuple[Article, str | None]] = []
    to_parse = 0
    for item in items:
        chunk.append(item)
        to_parse += item[1] is not None
        if to_parse >= size or len(chunk) >= 64 * size:
            yield chunk
            chunk, to_parse = [], 0
    if chunk:
        yield chunk


def _parse_text(article: Article, judge: Callable[[str], Verdict]) -> str | None:
    """The text the parser should see for this article, or None when nothing in it can be a record."""
    verdict = judge(article.text)
    if not verdict.relevant:
        return None
    return article.text if verdict.whole else verdict.reduced(article.text)


__all__ = ["as_article", "extract", "extract_many"]
