"""Safe under faults: SIGKILL in the middle of an ingest, then a rerun, equals one clean run.

The ingest runs as a real `pledgewatch ingest` process over ~30 generated articles, one article per
transaction (`--batch-size 1`). The test reads the ledger while the process writes (readers must
never wait or fail: SQLite WAL), kills it with SIGKILL once a randomly chosen number of articles is
stored, checks that what is stored is whole, reruns, and compares everything with an uninterrupted
run. The random point is printed on failure so it can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pledgewatch.cli import main
from pledgewatch.ledger import Ledger, LedgerError
from pledgewatch.ledger.store import counts

SRC = Path(__file__).resolve().parents[2] / "src"
DETAILS = ["air defence", "ammunition", "armoured vehicles", "drones", "spare parts", "training", "fuel", "radars"]
WHEN = ["within weeks", "before winter", "next month", "in the spring", "after a vote in parliament"]
VOCABULARY = [
    "budget",
    "parliament",
    "minister",
    "summit",
    "allies",
    "border",
    "winter",
    "energy",
    "talks",
    "vote",
    "coalition",
    "treaty",
]
GIVERS = ["Germany", "France", "Denmark", "the Netherlands", "Sweden", "Finland", "Poland", "Italy", "Spain", "Norway"]


def make_corpus(folder: Path, n: int = 30) -> Path:
    """Small invented articles; every fifth is a reprint of the one before (a syndicated copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    previous: dict[str, str] = {}
    for i in range(n):
        if i % 5 == 4:
            item = dict(previous, id=f"art-{i:02d}", outlet=f"Reprints {i}")
            item["text"] = previous["text"] + f"\n\nRepublished by Reprints {i}."
        else:
            giver = GIVERS[i % len(GIVERS)]
            millions = rng.choice([150, 300, 450, 600, 900])
            detail = rng.sample(DETAILS, 3)
            text = (
                f"{giver} announced a military aid package worth {millions} million euros for Ukraine on Monday. "
                f"The defence minister said the aid would include {detail[0]}, {detail[1]} and {detail[2]}, "
                f"and that deliveries would start {rng.choice(WHEN)}."
            )
            if i % 3 == 0:
                text += f" {giver} has ruled out sending troops to Ukraine."
            # Distinct background, as real articles have: without it the template alone makes them look syndicated.
            text += "\n\n" + " ".join(rng.choice(VOCABULARY) for _ in range(80)) + "."
            item = {
                "id": f"art-{i:02d}",
                "title": f"{giver} {rng.choice(['pledges', 'promises', 'sends'])} aid to Kyiv ({i})",
                "outlet": f"Outlet {i}",
                "published": f"2025-0{1 + i % 9}-{10 + i % 18:02d}",
                "text": text,
            }
        previous = item
        (folder / f"art-{i:02d}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder


def ingest_command(corpus: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "pledgewatch.cli", "ingest", str(corpus), "--db", url, "--batch-size", "1"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("faults") / "corpus")


def ingest_here(corpus: Path, url: str) -> int:
    """The same command in this process, where the model is already loaded: only the killed run needs its own."""
    return main(ingest_command(corpus, url)[3:])


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The ledger of one uninterrupted run (SQLite; equal ledgers look the same on every database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ref.db'}"
    assert ingest_here(corpus, url) == 0
    with Ledger(url) as led:
        return led.snapshot()


def test_sigkill_midway_then_rerun_gives_the_uninterrupted_ledger(
    db_url: str, corpus: Path, reference: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = random.SystemRandom().randrange(1_000_000)
    stop_at = random.Random(seed).randint(2, 20)
    where = f"(kill after {stop_at} articles, seed {seed})"
    proc = subprocess.Popen(
        ingest_command(corpus, db_url), env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    reads = 0
    reader: Ledger | None = None
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                reader = reader or Ledger(db_url, create=False)  # opened while ingest writes: never blocked
            except LedgerError:
                time.sleep(0.01)  # the ingest has not created the database yet
                continue
            stored = counts(reader.engine)["articles"]
            if stored >= stop_at:
                proc.send_signal(signal.SIGKILL)
                break
            reader.commitments()  # a reader's queries while ingest writes: never blocked either
            reader.checks()
            reads += 1
            time.sleep(0.005)
    finally:
        if reader is not None:
            reader.close()
        proc.wait(timeout=60)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"ingest finished before the kill {where}"
    assert reads > 0

    with Ledger(db_url) as led:
        partial = led.snapshot()
    assert 0 < len(partial["articles"]) < len(reference["articles"]), where
    assert len(partial["extractions"]) == len(partial["articles"]), f"an article without its extraction {where}"
    whole = set(reference["records"])
    assert set(partial["records"]) <= whole, f"a stored record differs from the clean run's {where}"

    capsys.readouterr()
    assert ingest_here(corpus, db_url) == 0
    assert f"duplicates {len(partial['articles'])}," in capsys.readouterr().out, where
    with Ledger(db_url) as led:
        assert led.snapshot() == reference, f"the rerun did not complete the job {where}"
