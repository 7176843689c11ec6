"""Progress on long runs: a rich bar on stderr for a person at a terminal, nothing for a pipe or a file.

A bar written into a log file or a CI transcript is noise (and rich's control codes make it
worse), so the bar only appears when the stream is a terminal. The caller gets a `tick(n)`
function either way and never has to ask.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

Tick = Callable[[int], None]


def _quiet(_n: int) -> None:
    """What `tick` is when nobody is watching."""


@contextlib.contextmanager
def progress(label: str, total: int | None = None, stream: TextIO | None = None) -> Iterator[Tick]:
    """`with progress("extracting") as tick: ... tick(1)`; the bar is transient and goes when the run ends."""
    stream = stream if stream is not None else sys.stderr
    if not _is_terminal(stream):
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or file-like stream without a terminal behind it
        return False


__all__ = ["Tick", "progress"]
