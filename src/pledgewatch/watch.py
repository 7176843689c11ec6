"""`pledgewatch watch`: poll feeds, hand what is new to the ledger, sleep, repeat.

The polling is kept apart from storage so each can be tested alone: `Watcher.poll()` reads the
feeds and returns the entries not seen before; `Watcher.run()` passes them to an `ingest` function
and then marks seen only the entries the ledger now holds (stored, or already there): an entry
whose storage failed (a locked database, a full disk) is tried again on the next poll, and each
failure is reported and counted, so the exit status says so.

Seen entries are remembered in a small text file of article ids (stable hashes of each entry's id
or link, see `sources.feed`), one per line, appended as they are stored: a restart does not fetch
every linked page again. The ledger itself also recognises an article it holds by its content
fingerprint, so the seen file is an economy, never the only guard against duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pledgewatch.model import Article
from pledgewatch.sources import FetchSettings, SourceError, read_paths

Ingest = Callable[[list[Article], str | None], Any]
DEFAULT_SEEN = ".pledgewatch-seen"


class WatchError(RuntimeError):
    """The watcher cannot run at all (no ledger, unwritable seen file); one line for the user."""


class SeenSet:
    """Article ids already stored, kept in memory and appended to a file as they are added."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.ids: set[str] = set()
        if self.path is not None and self.path.exists():
            try:
                self.ids = {line.strip() for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()}
            except (OSError, UnicodeDecodeError) as exc:
                raise WatchError(f"{self.path}: cannot read the seen file: {exc}") from None

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_ids: Iterable[str]) -> None:
        new = [i for i in article_ids if i not in self.ids]
        self.ids.update(new)
        if self.path is not None and new:
            try:
                with self.path.open("a", encoding="utf-8") as out:
                    out.writelines(f"{i}\n" for i in new)
            except OSError as exc:
                raise WatchError(f"{self.path}: cannot write the seen file: {exc.strerror}") from None


@dataclass
class Poll:
    """What one round over the feeds found."""

    entries: int = 0
    new: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Watcher:
    feeds: Sequence[str]
    seen: SeenSet
    fetch: FetchSettings = field(default_factory=FetchSettings)
    fetch_pages: bool = False

    def poll(self) -> Poll:
        result = Poll()
        batch_ids: set[str] = set()
        for item in read_paths(self.feeds, self.fetch, self.fetch_pages):
            if isinstance(item, SourceError):
                result.errors.append(str(item))
                continue
            result.entries += 1
            if item.id in self.seen or item.id in batch_ids:
                continue
            batch_ids.add(item.id)
            result.new.append(item)
        return result

    def run(
        self,
        ingest: Ingest,
        db: str | None,
        interval: float,
        once: bool = False,
        say: Callable[[str], None] = print,
        warn: Callable[[str], None] = print,
        sleep: Callable[[float], None] = time.sleep,
        rounds: int | None = None,
    ) -> int:
        """Poll until interrupted (or once); returns how many errors were reported."""
        errors = 0
        done = 0
        while True:
            done += 1
            poll = self.poll()
            for problem in poll.errors:
                warn(problem)
            errors += len(poll.errors)
            stored = ""
            if poll.new:
                summary = ingest(poll.new, db)
                self.seen.add(a.id for a in poll.new if a.id in _settled(summary, poll.new))
                for problem in getattr(summary, "failed", ()):
                    warn(problem)
                errors += int(getattr(summary, "failures", 0))
                line = getattr(summary, "line", None)
                stored = f"; ledger: {line() if callable(line) else summary}"
            say(f"poll {done}: {poll.entries} entries, {len(poll.new)} new{stored}")
            if once or (rounds is not None and done >= rounds):
                return errors
            sleep(interval)


def _settled(summary: object, articles: list[Article]) -> set[str]:
    """Ids the ledger now holds. An ingest function that does not say (`settled`) is taken to hold all it
    returned from: it raises when it fails, as the ledger's own never does."""
    settled = getattr(summary, "settled", None)
    return set(settled) if settled is not None else {a.id for a in articles}


def ledger_ingest() -> Ingest:
    """The ledger's ingest function, whichever shape `pledgewatch.ledger` offers it in."""
    try:
        import pledgewatch.ledger as ledger
    except ImportError as exc:
        raise WatchError(f"the ledger is not available ({exc}); watch needs pledgewatch.ledger") from None
    function = getattr(ledger, "ingest_articles", None)
    if callable(function):
        return function  # type: ignore[no-any-return]
    ledger_class = getattr(ledger, "Ledger", None)
    if ledger_class is not None and hasattr(ledger_class, "ingest_articles"):

        def ingest(articles: list[Article], db: str | None) -> Any:
            with ledger_class(db) as store:
                return store.ingest_articles(articles)

        return ingest
    raise WatchError("pledgewatch.ledger has no ingest_articles; watch cannot store what it reads")


__all__ = ["DEFAULT_SEEN", "Poll", "SeenSet", "WatchError", "Watcher", "ledger_ingest"]
