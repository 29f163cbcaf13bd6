"""Extract several articles at once, each within the budget, and give the results in order.

A build reads its corpus in order and hands each article that needs extracting to
`ExtractionPool.ahead`, which keeps a few articles per job in flight and yields them back
in the order they came. So the dataset is the same, byte for byte, whatever the number
of jobs, and a corpus of any size needs the memory of a handful of articles.

Each job has its own `ingest.budget.Extractor`, whose worker process stops an article
that outlasts the budget, as in a one-job build. The workers are started (forked, warm)
before the threads that wait on them, because a process with threads cannot fork
safely; a worker stopped for an article over budget is replaced by a fresh interpreter.
A budget of 0 extracts in this process, so one article at a time.
"""

from __future__ import annotations

import os
import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from ingest.budget import Extractor, OverBudget
from ingest.read import ArticleText, BadInput

IN_FLIGHT_PER_JOB = 4
"""Articles read ahead per job: enough to keep every worker busy, few enough to hold."""

Item = TypeVar("Item")
Job = tuple[ArticleText, Mapping[str, str]]


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def jobs_count(value: int | None) -> int:
    """``value`` checked, or every core for None.

    Raises:
        BadInput: not a whole number of 1 or more.
    """
    if value is None:
        return default_jobs()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadInput(f"--jobs {value!r} is not a number of 1 or more; give one such as 2")
    return value


class ExtractionPool:
    """``jobs`` extractors, the first one ``first``; use it as a context manager.

    The extractors made here are closed with the pool; ``first`` is its owner's.
    """

    def __init__(self, jobs: int, first: Extractor) -> None:
        self.jobs = jobs if first.budget else 1
        self._first = first
        self._made: list[Extractor] = []
        self._free: queue.Queue[Extractor] = queue.Queue()
        self._free.put(first)
        self._threads: ThreadPoolExecutor | None = None

    def facts(self, article: ArticleText, row: Mapping[str, str]) -> dict:
        """The record of one article, extracted now by a free extractor."""
        extractor = self._free.get()
        try:
            return extractor.facts(article, row)
        finally:
            self._free.put(extractor)

    def ahead(
        self, items: Iterable[Item], job_of: Callable[[Item], Job | None]
    ) -> Iterator[tuple[Item, Future | None]]:
        """Each item with the extraction of its job (None when ``job_of`` gives none), in order.

        With one job nothing is extracted ahead: each item comes with None, read when asked.
        """
        if self.jobs == 1:
            for item in items:
                yield item, None
            return
        in_flight: deque[tuple[Item, Future | None]] = deque()
        items = iter(items)
        while True:
            while len(in_flight) < self.jobs * IN_FLIGHT_PER_JOB:
                item = next(items, _END)
                if item is _END:
                    break
                job = job_of(item)
                in_flight.append((item, self._submit(job) if job else None))
            if not in_flight:
                return
            yield in_flight.popleft()

    def _submit(self, job: Job) -> Future:
        if self._threads is None:
            self._start_workers()
        return self._threads.submit(self.facts, *job)

    def _start_workers(self) -> None:
        """One worker per job, forked from this process while it has no other thread.

        A budget too short for a worker to answer at all leaves it to start in its thread.
        """
        self._made = [Extractor(self._first.budget, keep=1) for _ in range(self.jobs - 1)]
        for extractor in (self._first, *self._made):
            try:
                extractor.call("starting an extraction worker", os.getpid)
            except OverBudget:
                pass
        for extractor in self._made:
            self._free.put(extractor)
        self._threads = ThreadPoolExecutor(self.jobs, thread_name_prefix="extract")

    def close(self) -> None:
        """Wait for the articles being extracted, drop the rest, stop the workers made here."""
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)
        for extractor in self._made:
            extractor.close()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_END = object()
