"""`watch`: polling and the seen set tested with a fake ledger; one run against the real ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from feed_server import Server, rss

from pledgewatch.model import Article
from pledgewatch.sources import FetchSettings
from pledgewatch.watch import SeenSet, Watcher, WatchError, ledger_ingest

FAST = FetchSettings(timeout=1.0, retries=0, allow_private=True)


def items(server: Server, n: int) -> list[tuple[str, str, str, str]]:
    return [
        (f"g{i}", f"Story {i}", server.url(f"/story/{i}"), f"Canada will send {100 + i} soldiers to Latvia.")
        for i in range(n)
    ]


def set_feed(server: Server, n: int) -> None:
    server.routes["/watch.rss"] = (200, "application/rss+xml", rss(items(server, n)))


class FakeLedger:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    def __call__(self, articles: list[Article], db: str | None) -> str:
        if self.fail:
            raise RuntimeError("database is locked")
        self.batches.append([a.title or "" for a in articles])
        return f"stored {len(articles)}"


def test_only_new_entries_are_ingested_across_polls(server: Server, tmp_path: Path) -> None:
    set_feed(server, 2)
    seen_file = tmp_path / "seen"
    ledger = FakeLedger()
    lines: list[str] = []
    watcher = Watcher([server.url("/watch.rss")], SeenSet(seen_file), FAST)

    def grow(_seconds: float) -> None:  # between polls, the feed gains an entry
        set_feed(server, 3)

    errors = watcher.run(ledger, None, interval=60, say=lines.append, sleep=grow, rounds=3)
    assert errors == 0
    assert ledger.batches == [["Story 0", "Story 1"], ["Story 2"]]
    assert lines[0] == "poll 1: 2 entries, 2 new; ledger: stored 2"
    assert lines[2] == "poll 3: 3 entries, 0 new"
    # A restarted watcher remembers what it stored.
    again = Watcher([server.url("/watch.rss")], SeenSet(seen_file), FAST)
    assert again.poll().new == []
    assert len(seen_file.read_text(encoding="utf-8").split()) == 3


def test_entries_are_marked_seen_only_once_stored(server: Server, tmp_path: Path) -> None:
    set_feed(server, 1)
    watcher = Watcher([server.url("/watch.rss")], SeenSet(tmp_path / "seen"), FAST)
    with pytest.raises(RuntimeError):
        watcher.run(FakeLedger(fail=True), None, interval=1, once=True, say=lambda _l: None)
    assert len(watcher.poll().new) == 1


def test_feed_errors_are_reported_and_counted(server: Server, tmp_path: Path) -> None:
    problems: list[str] = []
    watcher = Watcher([server.url("/no-such-feed")], SeenSet(None), FAST)
    errors = watcher.run(FakeLedger(), None, interval=1, once=True, say=lambda _l: None, warn=problems.append)
    assert errors == 1 and "HTTP 404" in problems[0]


def test_an_unreadable_seen_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "seen"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(WatchError, match="cannot read the seen file"):
        SeenSet(bad)


def test_the_ledger_offers_an_ingest_function() -> None:
    assert callable(ledger_ingest())


def test_watch_once_stores_into_the_ledger(server: Server, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    set_feed(server, 2)
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    seen = tmp_path / "seen"
    first = run_cli(
        "watch", server.url("/watch.rss"), "--once", "--db", db, "--seen", seen, "--timeout", "2", "--allow-private"
    )
    assert first.code == 0, first.err
    assert first.out.startswith("poll 1: 2 entries, 2 new; ledger:")
    second = run_cli("watch", server.url("/watch.rss"), "--once", "--db", db, "--seen", seen, "--allow-private")
    assert second.out.strip() == "poll 1: 2 entries, 0 new"
    records = run_cli("commitments", "--db", db, "--format", "jsonl")
    assert "CAN" in records.out


def test_a_locked_ledger_marks_nothing_seen_and_fails(
    server: Server,
    tmp_path: Path,
    run_cli,
    nlp,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Another process holds the write lock: the entries are not stored, so they are not seen, and watch exits 1."""
    import sqlite3

    from pledgewatch.ledger import Ledger
    from pledgewatch.ledger import db as ledger_db

    monkeypatch.setattr(ledger_db, "BUSY_TIMEOUT_MS", 300)  # give up on the lock in 0.3 s, not 30
    set_feed(server, 2)
    path = tmp_path / "ledger.db"
    db, seen = f"sqlite:///{path}", tmp_path / "seen"
    Ledger(db).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        locked = run_cli("watch", server.url("/watch.rss"), "--once", "--db", db, "--seen", seen, "--allow-private")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert locked.code == 1
    assert "database is locked" in locked.err
    assert not seen.exists() or seen.read_text(encoding="utf-8").strip() == ""
    again = run_cli("watch", server.url("/watch.rss"), "--once", "--db", db, "--seen", seen, "--allow-private")
    assert again.code == 0, again.err
    assert again.out.startswith("poll 1: 2 entries, 2 new; ledger: read 2, new 2")
    assert len(seen.read_text(encoding="utf-8").split()) == 2
