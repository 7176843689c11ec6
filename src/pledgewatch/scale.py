"""Scaling extraction out: N processes on one machine, or partitions on a Dask cluster.

Both run the same per-partition function, `extract_partition`, over lists of articles: the spaCy
pipeline batches within a partition, and the pipeline is loaded once per worker process (a worker
keeps it in `pledgewatch.reading.pipeline.pipeline`'s cache between partitions). Both keep only a bounded number
of partitions in flight and yield results in input order, so memory stays flat however long the
stream is and the output does not depend on which worker finished first.

- `extract_parallel(articles, jobs)`: a process pool on this machine (`pledgewatch extract --jobs N`).
- `run_dask(articles, output, address)`: a Dask distributed client (a LocalCluster when no address
  is given), writing the records as Parquet (`pledgewatch extract --dask [ADDRESS] -o PATH`). The
  client writes the files, so workers need no access to the output path: pointing it at a real
  cluster is `--dask tcp://scheduler:8786` with pledgewatch and the model installed on the workers.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgewatch.model import Article, Record

Result = tuple[Article, list[Record]]
CONNECT_TIMEOUT = "10s"  # to reach a scheduler: long enough for a busy one, short enough to report a wrong address
PARTITION = 32  # articles per partition: enough for spaCy's batching, small enough to spread the work

# Threaded Dask workers (processes=False) share one pipeline; spaCy does not promise that concurrent
# calls into one pipeline are safe, so threads take turns. Process workers each have their own lock.
_PIPELINE_LOCK = threading.Lock()


class ScaleError(RuntimeError):
    """The cluster or the output cannot be used; one line for the user."""


def extract_partition(articles: list[Article], fast: bool = True) -> list[Result]:
    """The per-partition function every runner uses: `extract_many` over one list of articles."""
    from pledgewatch.extract import extract_many

    with _PIPELINE_LOCK:
        return list(extract_many(articles, fast=fast))


def partitions(articles: Iterable[Article], size: int = PARTITION) -> Iterator[list[Article]]:
    part: list[Article] = []
    for article in articles:
        part.append(article)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _warm_worker() -> None:
    """Load the model when the worker starts, not inside the first partition's timing."""
    from pledgewatch.reading.pipeline import pipeline

    pipeline()


class ProcessRunner:
    """A pool of `jobs` worker processes, each with the model loaded, reusable across streams."""

    def __init__(self, jobs: int, fast: bool = True, size: int = PARTITION) -> None:
        self.jobs, self.fast, self.size = jobs, fast, size
        context = multiprocessing.get_context("spawn")  # no inherited threads or locks from the parent
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_worker)

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Results in input order, with at most 2 x jobs partitions in flight."""
        submit = lambda part: self.pool.submit(extract_partition, part, self.fast)  # noqa: E731
        yield from _ordered(submit, articles, 2 * self.jobs, self.size)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def extract_parallel(
    articles: Iterable[Article], jobs: int, fast: bool = True, size: int = PARTITION
) -> Iterator[Result]:
    """`extract_many` on `jobs` processes (in this process when jobs is 1), in input order."""
    if jobs <= 1:
        from pledgewatch.extract import extract_many

        yield from extract_many(articles, fast=fast)
        return
    with ProcessRunner(jobs, fast, size) as runner:
        yield from runner.run(articles)


def _ordered(
    submit: Callable[[list[Article]], Any], articles: Iterable[Article], window: int, size: int
) -> Iterator[Result]:
    """Submit partitions with a bounded window; yield each one's results as soon as it is the oldest."""
    pending: deque[Future[list[Result]]] = deque()
    for part in partitions(articles, size):
        pending.append(submit(part))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


# --- Dask --------------------------------------------------------------------------------------


@dataclass
class DaskSummary:
    articles: int = 0
    records: int = 0
    files: int = 0


def run_dask(
    articles: Iterable[Article],
    output: str | Path,
    address: str | None = None,
    fast: bool = True,
    workers: int | None = None,
    processes: bool = True,
    size: int = PARTITION,
    tick: Callable[[int], None] | None = None,
) -> DaskSummary:
    """Extract on Dask and write Parquet: one file when `output` ends in .parquet, else a directory of parts."""
    from pledgewatch.parquet import RecordWriter

    client, cluster = _client(address, workers, processes)
    summary = DaskSummary()
    try:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        writer = RecordWriter(output)
        with writer:
            submit = _dask_submit(client, fast)
            for article, records in _ordered(submit, articles, window, size):
                writer.add(article, records)
                summary.articles += 1
                summary.records += len(records)
                if tick is not None:
                    tick(1)
        summary.files = writer.files
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return summary


def _dask_submit(client: Any, fast: bool) -> Callable[[list[Article]], Any]:
    def submit(part: list[Article]) -> Any:
        # pure=False: two equal partitions are still two pieces of work, never deduplicated.
        return client.submit(extract_partition, part, fast, pure=False)

    return submit


def _client(address: str | None, workers: int | None, processes: bool) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise ScaleError("Dask is not installed: pip install 'dask[distributed]'") from exc
    if address:
        try:
            return Client(address, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    cluster = LocalCluster(
        n_workers=workers or max(1, multiprocessing.cpu_count()),
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
    )
    return Client(cluster), cluster


__all__ = [
    "DaskSummary",
    "ProcessRunner",
    "ScaleError",
    "extract_parallel",
    "extract_partition",
    "partitions",
    "run_dask",
]
