"""Two `pledgewatch ingest` processes at once into one ledger give what one sequential ingest gives.

One folder holds wire stories, the other their reprints by other outlets (syndicated copies that
must join the wire's story) and a few articles both folders hold byte for byte (stored once). The
two processes start together, each storing one article per transaction, on SQLite and on
PostgreSQL; their ledger must export exactly what `ingest WIRE REPRINTS` in one run exports:
the same records with the same stories, the same commitments with the same story counts.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from ledger_builders import article, record, story_text
from test_ledger_faults import environment

from pledgewatch.cli import main
from pledgewatch.ledger import Ledger
from pledgewatch.ledger.store import counts

GIVERS = ["Germany", "France", "Denmark", "the Netherlands", "Sweden", "Finland", "Poland", "Italy", "Spain", "Norway"]
GOODS = ["air defence", "ammunition", "armoured vehicles", "drones", "spare parts", "radars", "fuel", "trucks"]
WORDS = ["budget", "parliament", "summit", "allies", "border", "winter", "energy", "talks", "vote", "treaty", "port"]


def wire_story(i: int, rng: random.Random) -> dict[str, str]:
    giver = GIVERS[i % len(GIVERS)]
    goods = rng.sample(GOODS, 3)
    text = (
        f"{giver} announced a military aid package worth {rng.choice([150, 300, 450, 600])} million euros "
        f"for Ukraine on Monday. The package includes {goods[0]}, {goods[1]} and {goods[2]}."
    )
    if i % 3 == 0:
        text += f" {giver} has ruled out sending troops to Ukraine."
    text += "\n\n" + " ".join(rng.choice(WORDS) for _ in range(80)) + "."  # a background of its own
    return {
        "id": f"wire-{i:02d}",
        "title": f"{giver} pledges aid to Kyiv ({i})",
        "outlet": "Wire Service",
        "published": f"2025-0{1 + i % 9}-{10 + i:02d}",
        "text": text,
    }


def make_folders(root: Path, stories: int = 10, shared: int = 3) -> tuple[Path, Path]:
    """WIRE: `stories` wire stories; REPRINTS: a copy of each under an id that sorts first; both: `shared` more."""
    wire, reprints = root / "wire", root / "reprints"
    wire.mkdir()
    reprints.mkdir()
    rng = random.Random(11)
    for i in range(stories + shared):
        story = wire_story(i, rng)
        if i >= stories:  # the same file in both folders: one process stores it, the other finds it stored
            story["id"] = f"shared-{i:02d}"
            for folder in (wire, reprints):
                (folder / f"{story['id']}.json").write_text(json.dumps(story), encoding="utf-8")
            continue
        (wire / f"{story['id']}.json").write_text(json.dumps(story), encoding="utf-8")
        copy = dict(story, id=f"copy-{i:02d}", outlet=f"Reprints {i}", published=story["published"])
        copy["text"] = f"REPRINTS {i} -- " + story["text"] + f"\n\nRepublished by Reprints {i}."
        (reprints / f"{copy['id']}.json").write_text(json.dumps(copy), encoding="utf-8")
    return wire, reprints


def exports(url: str, folder: Path) -> dict[str, str]:
    out = {}
    with Ledger(url, create=False) as led:
        for what in ("records", "commitments"):
            path = folder / f"{what}.jsonl"
            led.export("jsonl", path, what)
            out[what] = path.read_text(encoding="utf-8")
        out["counts"] = json.dumps({k: v for k, v in counts(led.engine).items() if k != "checks"})
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_folders(tmp_path_factory.mktemp("concurrent"))


@pytest.fixture(scope="module")
def sequential(folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    where = tmp_path_factory.mktemp("sequential")
    url = f"sqlite:///{where / 'one.db'}"
    assert main(["ingest", *map(str, folders), "--db", url, "--batch-size", "1"]) == 0
    return exports(url, where)


def test_two_ingests_at_once_equal_one_sequential_ingest(
    db_url: str, folders: tuple[Path, Path], sequential: dict[str, str], tmp_path: Path
) -> None:
    stories = json.loads(sequential["counts"])
    assert stories["articles"] == 23 and stories["stories"] == 13  # every reprint joined its wire story
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pledgewatch.cli", "ingest", str(folder), "--db", db_url, "--batch-size", "1"],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"an ingest failed: {out}{err}"
    assert exports(db_url, tmp_path) == sequential


def test_rebuilds_at_once_take_turns(db_url: str) -> None:
    """Commitments are rebuilt whole with ids 1..n: two rebuilds at once must wait for each other, not collide."""
    with Ledger(db_url) as led:
        for i in range(12):
            text = f"Sweden pledged {100 + i} million euros for Ukraine. " + story_text(f"s{i}")
            led.store(article(f"a{i}", text), [record(f"a{i}", actor="SWE", value=1e8 + i * 1e7, unit="EUR")])
        expected = led.snapshot()
    failures: list[str] = []
    start = threading.Barrier(4)

    def rebuild() -> None:
        with Ledger(db_url) as led:
            start.wait()
            for _ in range(5):
                try:
                    led.rebuild()
                except Exception as err:  # what the test looks for: any failure of a rebuild
                    failures.append(f"{type(err).__name__}: {err}".splitlines()[0])

    threads = [threading.Thread(target=rebuild) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    with Ledger(db_url) as led:
        assert led.snapshot() == expected


def test_a_new_ledger_opens_while_another_connection_holds_its_lock(tmp_path: Path) -> None:
    """Switching a file to WAL needs it to itself, and SQLite refuses that at once (no busy wait)
    while another connection holds a lock: two ingests opening one new ledger failed so about one
    time in eight. Opening now waits for the lock, as the busy timeout does everywhere else."""
    import sqlite3
    import threading

    from pledgewatch.ledger.db import connect

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE first_writer (x INTEGER)")  # a rollback-journal file, as a first opener leaves it
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: holder.execute("COMMIT")).start()
    engine = connect(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()
        holder.close()
