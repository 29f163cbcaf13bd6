"""Extract on a Dask cluster: batches of articles as tasks, results taken in corpus order.

`ClusterPool` stands in for `ingest.pool.ExtractionPool` in a build: the same ``ahead``
and ``facts``, so the build's loop, and therefore the dataset, are the same byte for
byte. Articles are read by the build as usual and sent to the cluster in batches, one
task each, sized from the time the last batches took so that a task lasts about
`TASK_SECONDS`; only a few batches per worker are in flight at once, so memory stays
bounded whatever the corpus size.

On a worker each article goes through an `ingest.budget.Extractor`, the function a
one-machine build uses, so an article over budget is stopped and skipped with the same
line. A worker whose extractor code differs from this build's is refused: its facts
would not be the dataset this code writes.

This module imports Dask; a build imports it only when asked for a scheduler.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import dask.config
from distributed import Client, LocalCluster
from distributed.comm import parse_address
from distributed.comm.addressing import parse_host_port

from ingest.budget import Extractor, OverBudget
from ingest.pool import Job
from ingest.read import ArticleText, BadInput

LOCAL = "local"
TASK_SECONDS = 1.0
"""How long one task should take: long enough to hide the cost of a task, short to balance."""
FIRST_BATCH = 4
MAX_BATCH = 500
BATCHES_PER_WORKER = 3
"""Batches in flight per worker thread: one running, the next ones already there."""
WINDOW_CHECK_EVERY = 20
"""Batches sent between two looks at how many workers the cluster has (it may grow)."""

Item = TypeVar("Item")


def batch_size_count(value: int | None) -> int | None:
    """``value`` checked (None: chosen from the time tasks take).

    Raises:
        BadInput: not a whole number of 1 or more.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadInput(f"--batch-size {value!r} is not a number of 1 or more; give one such as 50")
    return value


def connect(scheduler: str, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``workers``.

    Raises:
        BadInput: the address is not one, or no scheduler answers there in time.
    """
    if scheduler == LOCAL:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster, set_as_default=False), cluster
    try:
        parse_host_port(parse_address(scheduler)[1])
    except (ValueError, TypeError) as error:
        raise BadInput(
            f"--scheduler {scheduler!r} is not a scheduler address ({error}); give one such as"
            " tcp://HOST:8786, or local"
        ) from None
    timeout = dask.config.get("distributed.comm.timeouts.connect")
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False), None
    except (OSError, TimeoutError):
        raise BadInput(
            f"--scheduler {scheduler}: no Dask scheduler answered within {timeout}; start one"
            " with `dask scheduler` and give its address (tcp://HOST:8786), or use"
            " --scheduler local"
        ) from None


@dataclass
class _Batch:
    """Jobs sent as one task, and the task once sent."""

    jobs: list[Job] = field(default_factory=list)
    task: Any = None
    outcomes: list | None = None
    waiting: int = 0
    """Items of this batch not yet handed to the build."""


class _Extraction:
    """One article's share of a batch, with the ``result`` of a future."""

    def __init__(self, pool: ClusterPool, batch: _Batch, index: int) -> None:
        self._pool, self._batch, self._index = pool, batch, index

    def result(self) -> dict:
        """The article's record; raises what extracting it raised (`OverBudget` among them)."""
        ok, value = self._pool._outcomes(self._batch)[self._index]
        if ok:
            return value
        raise value


class ClusterPool:
    """Extraction on a Dask scheduler (``local``: a cluster started here of ``jobs`` workers).

    Use it as a context manager: leaving it cancels what is in flight, closes the client
    and stops a local cluster.
    """

    def __init__(
        self,
        scheduler: str,
        jobs: int,
        budget: float,
        batch_size: int | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self._fixed_batch = batch_size_count(batch_size)
        self._client, self._cluster = connect(scheduler, jobs)
        self._budget = budget
        self._fingerprint = fingerprint
        self._seconds_per_article: float | None = None
        self._sent = 0
        self._window = self._count_window()

    def facts(self, article: ArticleText, row: Mapping[str, str]) -> dict:
        """The record of one article, extracted now on the cluster."""
        batch = _Batch([(article, row)])
        self._send(batch)
        return _Extraction(self, batch, 0).result()

    def ahead(
        self, items: Iterable[Item], job_of: Callable[[Item], Job | None]
    ) -> Iterator[tuple[Item, _Extraction | None]]:
        """Each item with the extraction of its job (None when ``job_of`` gives none), in order.

        Jobs are gathered into batches; a batch is sent when full, or as soon as the build
        waits for one of its items.
        """
        queued: deque[tuple[Item, _Extraction | None]] = deque()
        filling = _Batch()
        in_flight = 0
        items = iter(items)
        while True:
            window = self._window
            while in_flight < window and len(queued) < window * self._batch_size():
                item = next(items, _END)
                if item is _END:
                    break
                job = job_of(item)
                extraction = None
                if job:
                    extraction = _Extraction(self, filling, len(filling.jobs))
                    filling.jobs.append(job)
                    if len(filling.jobs) >= self._batch_size():
                        self._send(filling)
                        in_flight += 1
                        filling = _Batch()
                queued.append((item, extraction))
            if not queued:
                return
            item, extraction = queued.popleft()
            if extraction is not None:
                batch = extraction._batch
                if batch is filling:
                    self._send(filling)
                    in_flight += 1
                    filling = _Batch()
                batch.waiting -= 1
                if batch.waiting == 0:
                    in_flight -= 1
            yield item, extraction

    def _count_window(self) -> int:
        """Batches in flight: a few per worker thread the cluster has now."""
        threads = sum(self._client.nthreads().values())
        return BATCHES_PER_WORKER * max(threads, 1)

    def _batch_size(self) -> int:
        if self._fixed_batch:
            return self._fixed_batch
        if self._seconds_per_article is None:
            return FIRST_BATCH
        return max(1, min(MAX_BATCH, round(TASK_SECONDS / self._seconds_per_article)))

    def _send(self, batch: _Batch) -> None:
        batch.waiting = len(batch.jobs)
        batch.task = self._client.submit(extract_batch, batch.jobs, self._budget, pure=False)
        batch.jobs = []
        self._sent += 1
        if self._sent % WINDOW_CHECK_EVERY == 0:
            self._window = self._count_window()

    def _outcomes(self, batch: _Batch) -> list:
        if batch.outcomes is None:
            try:
                fingerprint, seconds, outcomes = batch.task.result()
            except BadInput:
                raise
            except Exception as error:
                raise BadInput(
                    f"the Dask cluster could not extract a batch of articles"
                    f" ({type(error).__name__}: {error}); check its workers and try again"
                ) from None
            batch.task = None
            if self._fingerprint and fingerprint != self._fingerprint:
                raise BadInput(
                    f"a Dask worker runs another version of the extractor ({fingerprint}, here"
                    f" {self._fingerprint}); give every worker this checkout's code and tables"
                )
            self._learn(seconds, len(outcomes))
            batch.outcomes = outcomes
        return batch.outcomes

    def _learn(self, seconds: float, articles: int) -> None:
        """Follow the time an article takes, mostly the latest batches'."""
        if not articles:
            return
        latest = seconds / articles
        previous = self._seconds_per_article
        self._seconds_per_article = latest if previous is None else 0.5 * (previous + latest)

    def close(self) -> None:
        """Close the client, and stop the local cluster if this pool started one."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_END = object()

_worker_extractors: dict[float, Extractor] = {}
_worker_fingerprint: list[str] = []


def extract_batch(jobs: list[Job], budget: float) -> tuple[str, float, list]:
    """A worker's task: each job's ``(True, record)`` or ``(False, what it raised)``.

    Also the worker's extractor fingerprint and the seconds spent extracting (not
    starting the extractor), which the client sizes its next batches by.
    """
    from ingest.build import extractor_fingerprint

    if not _worker_fingerprint:
        _worker_fingerprint.append(extractor_fingerprint())
    extractor = _worker_extractors.get(budget)
    if extractor is None:
        extractor = _worker_extractors[budget] = Extractor(budget, keep=1)
    try:
        extractor.call("starting an extraction worker", os.getpid)
    except OverBudget:
        pass
    outcomes, seconds = [], 0.0
    for article, row in jobs:
        started = time.perf_counter()
        try:
            outcomes.append((True, extractor.facts(article, row)))
        except BadInput as problem:
            outcomes.append((False, problem))
        seconds += time.perf_counter() - started
    return _worker_fingerprint[0], seconds, outcomes
