"""``streamlit run`` on a free localhost port, for the browser tests and the benchmarks.

Streamlit runs in its own process (``python -m streamlit``), so nothing here imports it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90
HEALTH_POLL_S = 0.05
"""Short, so a benchmark's start -> ready time is not rounded up to the next poll."""
STOP_TIMEOUT_S = 10


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer its health check in time; the message has its log."""


@dataclass(frozen=True)
class RunningServer:
    """A healthy server: its base URL, and its process (whose pid the load test samples)."""

    url: str
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def run_streamlit(
    entry: str | Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
) -> Iterator[RunningServer]:
    """Serve ``entry`` (relative to the repository root) until healthy; stop it on exit.

    ``env`` is added to this process's environment, ``options`` to the command line; the
    server's output goes to ``log_path``.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(entry),
        "--server.port", str(port), "--server.headless", "true",
        "--server.address", "127.0.0.1", *options,
    ]  # fmt: skip
    environment = {**os.environ, **(env or {})}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_healthy(server, log_path)
        yield server
    finally:
        _stop(process)


def _wait_until_healthy(server: RunningServer, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerDidNotStart(
                f"streamlit exited with {server.process.returncode}:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(HEALTH_POLL_S)
    raise ServerDidNotStart(
        f"streamlit did not answer in {START_TIMEOUT_S} s:\n{log_path.read_text()}"
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
