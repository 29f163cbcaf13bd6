"""The dashboard as users get it (``make run``), for the browser tests.

Every browser test starts ``streamlit run dashboard/serve.py``, the entry point with the
Content Security Policy, so the tests prove the policy lets the dashboard work, and
records what the policy blocks: ``securitypolicyviolation`` events, and the browser's
own console and page errors that name the policy (WebAssembly refusals raise no event).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVE = Path("dashboard") / "serve.py"
SERVER_START_TIMEOUT_S = 90
POLICY_WORDS = ("content security policy", "content-security-policy")
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__reportPolicyViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile || '?'}:${event.lineNumber} ${(event.sample || '').slice(0, 80)}`
  );
}, true);
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_dashboard(data_dir: Path, corpus_dir: Path, log_path: Path) -> Iterator[str]:
    """Run ``streamlit run dashboard/serve.py`` on a free localhost port; yield its URL.

    ``corpus_dir`` is where the Add article page saves, so a test never writes into the
    repository's ``seeds/``. The server log is shown if it fails to come up.
    """
    port = free_port()
    env = dict(os.environ, ATLAS_DATA_DIR=str(data_dir), ATLAS_CORPUS_DIR=str(corpus_dir))
    command = [
        sys.executable, "-m", "streamlit", "run", str(SERVE),
        "--server.port", str(port), "--server.headless", "true",
        "--server.address", "127.0.0.1",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(process, url, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_health(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"streamlit did not answer in {SERVER_START_TIMEOUT_S}s:\n{log_path.read_text()}")


def record_policy_violations(page) -> list[str]:
    """Start noting what the Content Security Policy blocks on this page; return the list.

    Call before the first ``goto``. The list fills as the page runs, across navigations.
    """
    blocked: list[str] = []
    page.expose_function("__reportPolicyViolation", lambda text: blocked.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: _note_if_policy(blocked, "console", message.text))
    page.on("pageerror", lambda error: _note_if_policy(blocked, "page error", str(error)))
    return blocked


def _note_if_policy(blocked: list[str], kind: str, text: str) -> None:
    if any(word in text.lower() for word in POLICY_WORDS):
        blocked.append(f"{kind}: {text}")
