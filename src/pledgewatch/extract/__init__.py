"""`extract`: articles in, records out. The Python API that `pledgewatch extract` mirrors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pledgewatch.clean import clean_article
from pledgewatch.model import Article, Record


def as_article(text_or_article: str | Article, article_id: str = "text") -> Article:
    if isinstance(text_or_article, Article):
        return text_or_article
    return Article(id=article_id, text=text_or_article, raw_text=text_or_article)


def extract(text_or_article: str | Article) -> list[Record]:
    """Records stated in one article (or a bare text), after cleaning it."""
    return next(extract_many([as_article(text_or_article)]))[1]


def extract_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Record]]]:
    """Clean and read articles as a stream; the spaCy pipeline batches them for speed."""
    from pledgewatch.extract.records import read_doc
    from pledgewatch.nlp import pipeline

    nlp = pipeline()
    cleaned = (clean_article(a) for a in articles)
    pairs = ((a.text, a) for a in cleaned)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, read_doc(doc, article)


__all__ = ["as_article", "extract", "extract_many"]
