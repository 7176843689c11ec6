"""The progress bar appears on a terminal and nowhere else."""

from __future__ import annotations

import io

from pledgewatch.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with progress("extracting", stream=stream) as tick:
        tick(5)
    assert stream.getvalue() == ""


def test_a_bar_on_a_terminal() -> None:
    stream = Terminal()
    with progress("extracting", stream=stream) as tick:
        for _ in range(3):
            tick(1)
    assert "extracting" in stream.getvalue()
