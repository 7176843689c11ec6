"""The ingest progress bar knows how many articles are coming, so it can show how far along it is."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from pledgewatch.cli import main
from pledgewatch.sources import count_articles


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_ingest_bar_shows_a_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: object) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Poland has ruled out sending troops to Ukraine.")
    (folder / "b.txt").write_text("Canada will send 200 soldiers to Latvia.")
    lines = [{"id": f"j{i}", "text": f"Norway will send {10 + i} trainers to Ukraine."} for i in range(3)]
    (folder / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'l.db'}"])
    assert code == 0
    shown = re.findall(r"(\d+)/(\d+|\?)", terminal.getvalue())
    assert shown and {total for _, total in shown} == {"5"}
    assert ("5", "5") in shown


def test_the_count_is_unknown_when_an_input_cannot_tell(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "feed.rss").write_text("<rss/>")
    assert count_articles([tmp_path / "a.txt"]) == 1
    assert count_articles([tmp_path]) is None
    assert count_articles(["https://news.example/feed.xml"]) is None
    assert count_articles([tmp_path / "missing.txt", tmp_path / "a.txt"]) == 2  # the error counts in its place
