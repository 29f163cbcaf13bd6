"""Extraction with a time budget: a worker process reads the article, and is stopped when late.

One slow article must not hold a build, an ``add`` or the dashboard's server. Each
extraction therefore runs in a worker process that is killed when it takes longer than
the budget (``ATLAS_EXTRACT_BUDGET`` seconds, 10 by default); the caller gets
`OverBudget`, one line saying which article and what to do. Workers are reused, so a
build pays for starting one once, and the time a worker needs to start and load the
extractor's tables is never counted against an article. The worker times each job
itself, so a job that ran past the budget is late even when its caller, a thread of a
busy process, only came to look after the answer was already waiting.

A process with no other thread forks its workers from itself, already warm; one with
threads (the dashboard's server) starts fresh interpreters (``python -c``, talking over
two pipes), which is safe with threads and does not run the parent's ``__main__`` again
(Streamlit makes the app script ``__main__``, which multiprocessing's spawn would rerun).
A budget of 0 turns the worker off and extracts in this process, without a limit.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Any

from ingest.read import ArticleText, BadInput

BUDGET_VARIABLE = "ATLAS_EXTRACT_BUDGET"
DEFAULT_BUDGET_SECONDS = 10.0
WORKER_START_SECONDS = 300.0
"""How long a new worker may take to start and load its tables (a loaded machine is slow)."""
_WARM_UP_TEXT = "Police in Peru freed 12 people during Operation Warm, INTERPOL said on Monday."
_READY = "ready"


class OverBudget(BadInput):
    """An extraction that ran past its budget and was stopped."""


def budget_seconds(value: float | None = None) -> float:
    """The budget in seconds: ``value``, else ``$ATLAS_EXTRACT_BUDGET``, else the default.

    Raises:
        BadInput: the budget is not a number of seconds, or is negative.
    """
    if value is None:
        configured = os.environ.get(BUDGET_VARIABLE, "").strip()
        if not configured:
            return DEFAULT_BUDGET_SECONDS
        try:
            value = float(configured)
        except ValueError:
            raise BadInput(
                f"{BUDGET_VARIABLE}={configured!r} is not a number of seconds; give one such as 10"
            ) from None
    if not value >= 0:
        raise BadInput(
            f"the extraction budget {value} is not 0 or more seconds; give one such as 10"
        )
    return float(value)


def article_record(text: str, file: str, sha256: str, sidecar: Mapping[str, str] | None) -> dict:
    """What the extractor says of an article, as the record a dataset keeps (a worker's job)."""
    from ingest.extract import extract_text

    return extract_text(text, file, sha256, sidecar).to_record()


def _warm_up() -> None:
    from ingest.extract import extract_text

    extract_text(_WARM_UP_TEXT)


class Extractor:
    """Runs extraction jobs in worker processes, each stopped when it outlasts the budget.

    Safe to share between threads: a job takes an idle worker or starts one, so no caller
    waits for another's article. Use it as a context manager, or call `close`.
    """

    def __init__(
        self, budget: float | None = None, *, preload: Sequence[str] = (), keep: int = 2
    ) -> None:
        self.budget = budget_seconds(budget)
        self._preload = tuple(preload)
        self._keep = keep
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def facts(self, article: ArticleText, sidecar: Mapping[str, str] | None = None) -> dict:
        """The extractor's record of an article read from disk.

        Raises:
            OverBudget: the extraction took longer than the budget and was stopped.
        """
        return self.call(
            article.path.name,
            article_record,
            article.text,
            article.path.name,
            article.sha256,
            dict(sidecar or {}),
        )

    def call(self, name: str, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` within the budget; ``name`` says in messages what was read.

        ``function`` must be importable by name (a module's top-level function), as must
        its arguments and result be picklable.

        Raises:
            OverBudget: it took longer than the budget and its worker was stopped.
            BadInput: the worker died while working (out of memory, killed).
        """
        if not self.budget:
            return function(*args)
        worker = self._take()
        try:
            result = worker.run(function, args, self.budget)
        except BaseException:
            worker.stop()
            raise
        self._give_back(worker)
        return _unwrap(result, name, self.budget)

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
        return _Worker.start(self._preload)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if worker.alive() and len(self._idle) < self._keep:
                self._idle.append(worker)
                return
        worker.stop()


class _Late:
    """The job did not finish within the budget."""


class _Died:
    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode


def _unwrap(result: Any, name: str, budget: float) -> Any:
    if isinstance(result, _Late):
        raise OverBudget(
            f"{name}: extracting it took longer than {budget:g} s, so it was stopped; split"
            " it into paragraphs or give the article's text alone (to allow longer, use"
            f" --budget SECONDS or {BUDGET_VARIABLE})"
        )
    if isinstance(result, _Died):
        raise BadInput(
            f"{name}: the extractor stopped while reading it (exit status {result.exitcode});"
            " it may be too large for this machine's memory: give the article's text alone"
        )
    ok, value = result
    if ok:
        return value
    raise value


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, process: _Process, connection: _Pipes) -> None:
        self._process = process
        self._connection = connection

    @classmethod
    def start(cls, preload: Sequence[str]) -> _Worker:
        forking = (
            threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
        )
        worker = cls._fork(preload) if forking else cls._start_interpreter(preload)
        try:
            ready = worker._connection.poll(WORKER_START_SECONDS) and worker._connection.recv()
        except (EOFError, OSError):
            ready = False
        if ready != _READY:
            worker.stop()
            raise BadInput(
                f"the extraction worker did not start within {WORKER_START_SECONDS:g} s"
                " (see the server's log); the machine may be overloaded: try again"
            )
        return worker

    @classmethod
    def _fork(cls, preload: Sequence[str]) -> _Worker:
        for module in preload:
            importlib.import_module(module)
        _warm_up_once()
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, ours, ()), daemon=True)
        process.start()
        theirs.close()
        return cls(_Process(forked=process), _Pipes(ours, ours))

    @classmethod
    def _start_interpreter(cls, preload: Sequence[str]) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        replies_read, replies_write = os.pipe()
        command = "from ingest.budget import serve_pipes; serve_pipes()"
        started = subprocess.Popen(
            [sys.executable, "-c", command, str(jobs_read), str(replies_write), *preload],
            pass_fds=(jobs_read, replies_write),
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))},
        )
        os.close(jobs_read)
        os.close(replies_write)
        pipes = _Pipes(
            Connection(replies_read, writable=False), Connection(jobs_write, readable=False)
        )
        return cls(_Process(started=started), pipes)

    def run(self, function: Callable[..., Any], args: tuple, budget: float) -> Any:
        try:
            self._connection.send((function, args))
            if not self._connection.poll(budget):
                self.stop()
                return _Late()
            ok, value, seconds = self._connection.recv()
            return _Late() if seconds > budget else (ok, value)
        except (EOFError, OSError):
            self.stop()
            return _Died(self._process.exitcode)

    def alive(self) -> bool:
        return self._process.alive()

    def stop(self) -> None:
        self._process.kill()
        self._connection.close()


class _Process:
    """A worker process, forked by multiprocessing or started by subprocess."""

    def __init__(self, forked=None, started: subprocess.Popen | None = None) -> None:
        self._forked, self._started = forked, started

    @property
    def exitcode(self) -> int | None:
        return self._forked.exitcode if self._forked else self._started.poll()

    def alive(self) -> bool:
        return self._forked.is_alive() if self._forked else self._started.poll() is None

    def kill(self) -> None:
        if self.alive():
            (self._forked or self._started).kill()
        if self._forked:
            self._forked.join()
        else:
            self._started.wait()


class _Pipes:
    """The two ends the parent holds: one it reads replies from, one it writes jobs to."""

    def __init__(self, reader: Connection, writer: Connection) -> None:
        self._reader, self._writer = reader, writer

    def send(self, message: Any) -> None:
        self._writer.send(message)

    def poll(self, timeout: float) -> bool:
        return self._reader.poll(timeout)

    def recv(self) -> Any:
        return self._reader.recv()

    def close(self) -> None:
        self._reader.close()
        self._writer.close()


_warmed = False


def _warm_up_once() -> None:
    global _warmed
    if not _warmed:
        _warm_up()
        _warmed = True


def serve_pipes() -> None:
    """A started worker's entry point: ``python -c`` with the two pipes' descriptors."""
    jobs, replies, *preload = sys.argv[1:]
    pipes = _Pipes(Connection(int(jobs), writable=False), Connection(int(replies), readable=False))
    _serve(pipes, None, preload)


def _serve(connection, parents_end, preload: Sequence[str]) -> None:
    """The worker's loop: run each job sent, send back ``(ok, result or exception, seconds)``.

    A forked worker (``parents_end`` given) closes its copy of the parent's end of the
    pipe, so it sees the pipe close when the parent dies, and asks to be killed with its
    parent: it holds copies of the parent's files, the build lock among them. A started
    one imports ``preload`` and warms up itself.
    """
    if parents_end is not None:
        parents_end.close()
        _die_with_parent()
    else:
        for module in preload:
            importlib.import_module(module)
        _warm_up()
    connection.send(_READY)
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            reply = (True, function(*args), time.perf_counter() - started)
        except Exception as error:  # the caller re-raises it; the worker carries on
            reply = (False, _portable(error), time.perf_counter() - started)
        connection.send(reply)


def _die_with_parent() -> None:
    """Linux only: SIGKILL this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _portable(error: Exception) -> Exception:
    """The exception itself if it survives pickling, else a RuntimeError with its traceback."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError("".join(traceback.format_exception(error)))
    return error
