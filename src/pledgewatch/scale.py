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


@dataclass(frozen=True)
class ExtractFailure:
    """An article the reader could not get through; the stream goes on without it.

    A value, not an exception, because it must travel back from worker processes in its place in
    the stream, and because one article that trips the parser must not cost its neighbours.
    """

    article: Article
    problem: str

    def __str__(self) -> str:
        source = self.article.source or self.article.id
        where = source if self.article.id in source else f"{source}: article {self.article.id}"
        return f"{where}: cannot extract: {self.problem}"


Outcome = Result | ExtractFailure


def extract_partition(articles: list[Article], fast: bool = True) -> list[Outcome]:
    """The per-partition function every runner uses: `extract_many` over one list of articles."""
    with _PIPELINE_LOCK:
        return list(resilient(articles, fast))


def resilient(articles: Iterable[Article], fast: bool = True) -> Iterator[Outcome]:
    """`extract_many` as a stream in which an article that fails is an `ExtractFailure`, not the end.

    The stream runs batched as usual; when the reader raises, the articles it had taken but not yet
    given back are read again one at a time, so only the article at fault is lost, and the stream
    resumes, batched, after them.
    """
    from pledgewatch.extract import extract_many

    source = iter(articles)
    while True:
        pending: deque[Article] = deque()
        try:
            for result in extract_many(_taking(source, pending), fast=fast):
                pending.popleft()
                yield result
            return
        except _InputFailed as failed:
            raise failed.error from None
        except Exception:
            for article in pending:
                yield _alone(article, fast)


class _InputFailed(Exception):
    """The article stream itself raised: that is the caller's error to see, not one article's."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _taking(source: Iterator[Article], pending: deque[Article]) -> Iterator[Article]:
    while True:
        try:
            article = next(source)
        except StopIteration:
            return
        except Exception as exc:
            raise _InputFailed(exc) from exc
        pending.append(article)
        yield article


def _alone(article: Article, fast: bool) -> Outcome:
    from pledgewatch.extract import extract_many

    try:
        return next(extract_many([article], fast=fast))
    except RecursionError:
        return ExtractFailure(article, "nested too deeply to read")
    except Exception as exc:
        return ExtractFailure(article, f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}")


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

    def run(self, articles: Iterable[Article]) -> Iterator[Outcome]:
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
) -> Iterator[Outcome]:
    """`extract_many` on `jobs` processes (in this process when jobs is 1), in input order.

    An article the reader fails on comes back as an `ExtractFailure` in its place.
    """
    if jobs <= 1:
        yield from resilient(articles, fast)
        return
    with ProcessRunner(jobs, fast, size) as runner:
        yield from runner.run(articles)


def _ordered(
    submit: Callable[[list[Article]], Any], articles: Iterable[Article], window: int, size: int
) -> Iterator[Outcome]:
    """Submit partitions with a bounded window; yield each one's results as soon as it is the oldest."""
    pending: deque[Future[list[Outcome]]] = deque()
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
    failures: int = 0


def run_dask(
    articles: Iterable[Article],
    output: str | Path,
    address: str | None = None,
    fast: bool = True,
    workers: int | None = None,
    processes: bool = True,
    size: int = PARTITION,
    tick: Callable[[int], None] | None = None,
    report: Callable[[str], None] | None = None,
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
            for outcome in _ordered(submit, articles, window, size):
                if isinstance(outcome, ExtractFailure):
                    summary.failures += 1
                    if report is not None:
                        report(str(outcome))
                    continue
                article, records = outcome
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
    "ExtractFailure",
    "ProcessRunner",
    "ScaleError",
    "extract_parallel",
    "extract_partition",
    "partitions",
    "resilient",
    "run_dask",
]
