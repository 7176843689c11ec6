"""`extract`: articles in, records out. The Python API that `pledgewatch extract` mirrors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from pledgewatch.clean import clean_article
from pledgewatch.model import Article, Record

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from pledgewatch.reading.triage import Verdict


def as_article(text_or_article: str | Article, article_id: str = "text") -> Article:
    if isinstance(text_or_article, Article):
        return text_or_article
    return Article(id=article_id, text=text_or_article, raw_text=text_or_article)


def extract(text_or_article: str | Article, fast: bool = True, min_confidence: float | None = None) -> list[Record]:
    """Records stated in one article (or a bare text), after cleaning it."""
    return next(extract_many([as_article(text_or_article)], fast=fast, min_confidence=min_confidence))[1]


def extract_many(
    articles: Iterable[Article], batch_size: int = 16, fast: bool = True, min_confidence: float | None = None
) -> Iterator[tuple[Article, list[Record]]]:
    """Clean and read articles as a stream, in order; the spaCy pipeline batches them for speed.

    Reading is `pledgewatch.reading.reader`: the rule reader and the candidates it proposes, the
    learned model deciding. `min_confidence` drops records the model is less sure of than that
    (default: the model's own threshold, chosen for the best F1 by cross-validation).
    """
    from pledgewatch.reading.model import shipped_model
    from pledgewatch.reading.reader import read_article

    model = shipped_model()
    for article, doc in parsed(articles, batch_size=batch_size, fast=fast):
        if doc is None:
            yield article, []
            continue
        records = read_article(doc, article, model)
        if min_confidence is not None:
            records = confident_records(records, min_confidence)
        yield article, records


def confident_extractor(
    min_confidence: float | None,
) -> Callable[[Iterable[Article]], Iterator[tuple[Article, list[Record]]]]:
    """`extract_many` with a confidence floor, in the shape the ledger's ingest takes."""

    def extractor(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Record]]]:
        return extract_many(articles, min_confidence=min_confidence)

    return extractor


def confident_records(records: list[Record], floor: float) -> list[Record]:
    """The records of at least `floor` confidence, components re-pointed at their kept packages."""
    kept = [n for n, r in enumerate(records) if r.confidence is None or r.confidence >= floor]
    new_index = {old: new for new, old in enumerate(kept)}
    out = []
    for n in kept:
        record = records[n]
        if record.part_of is not None:
            record = replace(record, part_of=new_index.get(record.part_of))
        out.append(record)
    return out


def parsed(
    articles: Iterable[Article], batch_size: int = 16, fast: bool = True
) -> Iterator[tuple[Article, Doc | None]]:
    """Cleaned articles with their parse, in order; None where nothing in the article can be a record.

    With `fast` (the default) the triage (`pledgewatch.reading.triage`) runs first: an article that
    cannot hold a position never reaches the parser, and a relevant one is parsed with its
    irrelevant sentences blanked out. Blanking keeps the text's length, so evidence offsets point
    into the full cleaned text exactly as on the slow path (`fast=False`). The entity recogniser
    then runs only on the sentences where a person's name can be learned (`pledgewatch.reading.people`).
    Training (`pledgewatch.reading.training`) parses through here too, so the model learns from
    what extraction sees.
    """
    from pledgewatch.reading.people import NER, add_entities
    from pledgewatch.reading.pipeline import pipeline
    from pledgewatch.reading.triage import triage

    nlp = pipeline()
    cleaned = (clean_article(a) for a in articles)
    if not fast:
        for doc, article in nlp.pipe(((a.text, a) for a in cleaned), as_tuples=True, batch_size=batch_size):
            yield article, doc
        return
    judge = triage().judge
    for chunk in _chunks(((a, _parse_text(a, judge)) for a in cleaned), batch_size):
        docs = list(nlp.pipe((text for _, text in chunk if text is not None), batch_size=batch_size, disable=[NER]))
        add_entities(nlp, docs, batch_size=batch_size)
        parsed_docs = iter(docs)
        for article, text in chunk:
            yield article, next(parsed_docs) if text is not None else None


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


__all__ = ["as_article", "confident_extractor", "confident_records", "extract", "extract_many", "parsed"]
