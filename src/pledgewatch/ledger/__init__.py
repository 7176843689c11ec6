"""The ledger: articles and their records stored, merged into commitments, converted, checked, exported.

`Ledger` is the Python API that the `ingest`, `commitments`, `history`, `checks` and `export`
subcommands mirror. The database is SQLite by default (`sqlite:///pledgewatch.db`, or
$PLEDGEWATCH_DB) or PostgreSQL by URL, with one schema migrated on open. See docs/ledger.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pledgewatch.ledger import export as _export
from pledgewatch.ledger import query as _query
from pledgewatch.ledger import review as _review
from pledgewatch.ledger import search as _search
from pledgewatch.ledger.currency import Rates
from pledgewatch.ledger.db import DEFAULT_URL, LedgerError, connect, display, resolve_url
from pledgewatch.ledger.export import ExportError
from pledgewatch.ledger.ingest import Extractor, Summary, default_extractor, ingest_items
from pledgewatch.ledger.merge import Commitment, Sighting, Source, StatusChange, merge_commitments
from pledgewatch.ledger.query import Filters
from pledgewatch.ledger.snapshot import snapshot
from pledgewatch.ledger.store import materialise
from pledgewatch.model import Article, Check, Record

if TYPE_CHECKING:
    from pledgewatch.sources.http import FetchSettings


def _current_version() -> str:
    from pledgewatch import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


class Ledger:
    """One ledger database, opened and migrated once. Close it (or use `with`) to release connections."""

    def __init__(self, url: str | None = None, *, create: bool = True, fetch: FetchSettings | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = connect(self.url, create=create)
        self._rates: Rates | None = None
        self.fetch = fetch  # how feed URLs given to `ingest` are fetched (public addresses only by default)

    @property
    def rates(self) -> Rates:
        """ECB rates, loaded on first use (a quarter second) and kept for the ledger's life."""
        if self._rates is None:
            self._rates = Rates()
        return self._rates

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Ledger({display(self.url)!r})"

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        batch_size: int = 16,
        report: Callable[[str], None] | None = None,
        progress: Callable[[int], None] | None = None,
        extractor: Extractor = default_extractor,
        extractor_version: str | None = None,
        fetch_pages: bool = False,
    ) -> Summary:
        """Read files, directories and feed URLs, extract and store what is not stored yet, rebuild the commitments."""
        from pledgewatch.sources import read_paths

        return self.ingest_articles(
            read_paths(paths, self.fetch, fetch_pages),
            batch_size=batch_size,
            report=report,
            progress=progress,
            extractor=extractor,
            extractor_version=extractor_version,
        )

    def ingest_articles(
        self,
        items: Iterable[Article | Exception],
        *,
        batch_size: int = 16,
        report: Callable[[str], None] | None = None,
        progress: Callable[[int], None] | None = None,
        extractor: Extractor = default_extractor,
        extractor_version: str | None = None,
    ) -> Summary:
        """`ingest` for articles already read (read errors among them are reported and counted)."""
        return ingest_items(
            self.engine,
            items,
            extractor_version=extractor_version or _current_version(),
            extractor=extractor,
            batch_size=batch_size,
            report=report,
            progress=progress,
            rates=self.rates,
        )

    def store(self, article: Article, records: Sequence[Record], *, extractor_version: str | None = None) -> Summary:
        """Store records extracted elsewhere (or written by hand) for an article, as ingest would."""
        from pledgewatch.clean import clean_article

        return self.ingest_articles(
            [article],
            extractor=lambda articles: ((clean_article(a), list(records)) for a in articles),
            extractor_version=extractor_version,
        )

    def rebuild(self) -> bool:
        """Recompute commitments and ledger checks now, even if nothing changed."""
        return materialise(self.engine, force=True)

    def commitments(
        self,
        *,
        actor: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        recipient: str | None = None,
        since: date | None = None,
    ) -> list[Commitment]:
        return _query.commitments(self.engine, Filters(actor, kind, status, recipient, since))

    def history(self, actor: str, kind: str | None = None) -> list[Commitment]:
        return _query.history(self.engine, actor, kind)

    def checks(self, *, code: str | None = None, article: str | None = None) -> list[Check]:
        return _query.checks(self.engine, code, article)

    def source_urls(self) -> dict[int, str]:
        """Record id -> the URL of its article: what fills a commitment's `urls`."""
        return _query.source_urls(self.engine)

    def check_codes(self) -> set[str]:
        """The codes of the checks stored in this ledger."""
        return _query.check_codes(self.engine)

    def records(self) -> list[dict[str, Any]]:
        """The newest extraction's records of every article, as the `records` export writes them."""
        return _export.rows(self.engine, "records")

    def export(self, fmt: str, output: str | Path, what: str = "records") -> int:
        return _export.export(self.engine, fmt, output, what)

    # --- review (ledger/review.py): reviewers' decisions laid over the reader's records ---

    def add_reviewer(self, name: str) -> str:
        """Register a reviewer; returns their token, which is stored only as a hash and never shown again."""
        return _review.add_reviewer(self.engine, name)

    def reviewer(self, token: str | None) -> str | None:
        """The reviewer holding `token`, or None (compared in constant time)."""
        return _review.reviewer_for(self.engine, token)

    def review(
        self,
        record_id: int,
        action: str,
        reviewer: str,
        reason: str | None = None,
        changes: dict[str, Any] | None = None,
    ) -> _review.RecordState:
        """Confirm, correct (with `changes`) or reject a record; audited, and shown everywhere at once."""
        money = bool(changes) and any(name.startswith("amount_") for name in changes or {})
        return _review.decide(self.engine, record_id, action, reviewer, reason, changes, self.rates if money else None)

    def add_record(
        self,
        article: int | str,
        fields: dict[str, Any],
        evidence: tuple[int, int] | str,
        reviewer: str,
        reason: str | None = None,
    ) -> _review.RecordState:
        """Add a record the reader missed, its evidence given as offsets or as the sentence's exact text."""
        return _review.add_record(self.engine, article, fields, evidence, reviewer, reason, self.rates)

    def undo(self, record_id: int, reviewer: str, reason: str | None = None) -> _review.RecordState:
        return _review.undo(self.engine, record_id, reviewer, reason)

    def record_state(self, record_id: int) -> _review.RecordState:
        """A record as the reader wrote it and as the views show it, with the decision between them."""
        return _review.record_state(self.engine, record_id)

    def review_log_rows(self, record_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Audit rows, newest first: who, when, before, after, why."""
        return _review.log(self.engine, record_id, limit)

    def review_queue(self, limit: int = 50) -> list[_review.QueueItem]:
        return _review.queue(self.engine, limit)

    def search(self, q: str, what: str = "articles", limit: int = 25, offset: int = 0) -> _search.Results:
        """Word search with English stemming and both spellings, ranked (ledger/search.py)."""
        return _search.search(self.engine, q, what, limit, offset)

    def snapshot(self) -> dict[str, Any]:
        """The ledger's content without ids or timestamps: equal for equal ledgers on any database."""
        return snapshot(self.engine)


__all__ = [
    "DEFAULT_URL",
    "Commitment",
    "ExportError",
    "Ledger",
    "LedgerError",
    "Sighting",
    "Source",
    "StatusChange",
    "Summary",
    "merge_commitments",
]
