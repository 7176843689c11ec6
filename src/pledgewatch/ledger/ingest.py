"""Ingest: read articles, skip what is stored, extract the rest, store each in its own transaction.

Fingerprints are taken before extraction so that the expensive NLP never runs on an article the
ledger already holds for this extractor version. Extraction runs in batches (spaCy is faster that
way); if a batch fails, its articles are retried one at a time so that one bad article is reported
and skipped instead of taking its neighbours with it. Commitments are rebuilt once, at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from pledgewatch.ledger.admit import Refused, admitted
from pledgewatch.ledger.currency import Rates
from pledgewatch.ledger.db import first_line
from pledgewatch.ledger.store import materialise, prepare, save, stored_versions, story_index
from pledgewatch.ledger.stories import StoryIndex, fingerprint
from pledgewatch.model import Article, Record

Extractor = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Record]]]]
Report = Callable[[str], None]


@dataclass
class Summary:
    """What one ingest run did, in the words of its closing line."""

    read: int = 0
    new: int = 0
    reextracted: int = 0
    duplicates: int = 0
    records: int = 0
    failures: int = 0
    failed: list[str] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # ids of the articles now in the ledger: stored or duplicate

    def line(self) -> str:
        again = f", re-extracted {self.reextracted}" if self.reextracted else ""
        return (
            f"read {self.read}, new {self.new}{again}, duplicates {self.duplicates}, "
            f"records {self.records}, failures {self.failures}"
        )


def default_extractor(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Record]]]:
    from pledgewatch.extract import extract_many

    return extract_many(articles)


def ingest_items(
    engine: Engine,
    items: Iterable[Article | Exception],
    *,
    extractor_version: str,
    extractor: Extractor = default_extractor,
    batch_size: int = 16,
    report: Report | None = None,
    progress: Callable[[int], None] | None = None,
    rates: Rates | None = None,
) -> Summary:
    """Store `items` (articles, or read errors to report) and rebuild the commitments.

    `report` gets one line per failure; `progress(n)` is called as articles are dealt with.
    """
    run = _Run(engine, extractor, extractor_version, report, progress, rates or Rates())
    try:
        batch: list[Article] = []
        for item in items:
            if isinstance(item, Exception):
                run.fail(str(item))
                run.tick(1)  # an input in the progress bar's count, dealt with
                continue
            run.summary.read += 1
            try:
                item = admitted(item)
            except Refused as err:
                run.fail(f"{_where(item)}: {err}")
                run.tick(1)
                continue
            if run.already_stored(item):
                run.tick(1)
                continue
            batch.append(item)
            if len(batch) >= max(1, batch_size):
                run.batch(batch)
                batch = []
        if batch:
            run.batch(batch)
    finally:
        # Whatever stopped the run (even an interrupt), the commitments match what was stored.
        try:
            materialise(engine)
        except SQLAlchemyError as err:
            run.fail(f"cannot rebuild the commitments: {first_line(err)}")
    return run.summary


class _Run:
    """The state of one ingest run: what it has counted, the rates and the story index it loaded once."""

    def __init__(
        self,
        engine: Engine,
        extractor: Extractor,
        version: str,
        report: Report | None,
        progress: Callable[[int], None] | None,
        rates: Rates,
    ) -> None:
        self.engine = engine
        self.extractor = extractor
        self.version = version
        self.summary = Summary()
        self.rates = rates
        self.index: StoryIndex = story_index(engine)
        self._report = report
        self._progress = progress

    def fail(self, message: str) -> None:
        self.summary.failures += 1
        self.summary.failed.append(message)
        if self._report:
            self._report(message)

    def tick(self, n: int) -> None:
        if self._progress:
            self._progress(n)

    def already_stored(self, article: Article) -> bool:
        """True when the article needs no extraction: stored for this version, or nothing to read."""
        from pledgewatch.clean import clean_article

        try:
            cleaned = clean_article(article)
        except Exception as err:  # a cleaning bug must cost one article, not the run
            self.fail(f"{_where(article)}: cannot clean: {type(err).__name__}: {err}")
            return True
        if not cleaned.text.strip():
            self.fail(f"{_where(article)}: no text left after cleaning; skipped")
            return True
        try:
            versions = stored_versions(self.engine, fingerprint(cleaned.text))
        except SQLAlchemyError as err:
            self.fail(f"{_where(article)}: cannot look it up: {first_line(err)}")
            return True
        if versions is not None and self.version in versions:
            self.summary.duplicates += 1
            self.summary.settled.append(article.id)
            return True
        return False

    def batch(self, articles: list[Article]) -> None:
        try:
            results = list(self.extractor(articles))
        except Exception as err:
            if len(articles) == 1:
                self.fail(f"{_where(articles[0])}: extraction failed: {type(err).__name__}: {err}")
                self.tick(1)
                return
            for article in articles:  # find the article that broke the batch; the others go on
                self.batch([article])
            return
        for article, records in results:
            self.store(article, records)
            self.tick(1)

    def store(self, article: Article, records: list[Record]) -> None:
        try:
            item = prepare(article, records, self.version, self.rates)
            outcome = save(self.engine, item, self.index)
        except SQLAlchemyError as err:
            self.fail(f"{_where(article)}: cannot store: {first_line(err)}")
            return
        except Exception as err:  # a bug in one article's checks must not lose the others
            self.fail(f"{_where(article)}: cannot store: {type(err).__name__}: {err}")
            return
        self.summary.settled.append(article.id)
        if outcome == "duplicate":
            self.summary.duplicates += 1
            return
        self.summary.new += outcome == "new"
        self.summary.reextracted += outcome == "re-extracted"
        self.summary.records += len(records)


def _where(article: Article) -> str:
    source = article.source or article.id
    return source if article.id in source else f"{source}: article {article.id}"


def progress_bar(
    stream: TextIO, total: Callable[[], int | None] = lambda: None
) -> contextlib.AbstractContextManager[Callable[[int], None]]:
    """A rich progress bar on a terminal; nothing at all when output goes to a file or a pipe.

    `total` counts what is to come; it is only called when there is a bar to show it.
    """
    if not stream.isatty():
        return contextlib.nullcontext(lambda _n: None)
    return _rich_progress(stream, total())


@contextlib.contextmanager
def _rich_progress(stream: TextIO, total: int | None) -> Iterator[Callable[[int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=total)
        yield lambda n: bar.advance(task, n)


__all__ = ["Summary", "ingest_items", "progress_bar"]
