"""The dashboard as users get it (``make run``), for the browser tests.

Every browser test starts ``streamlit run dashboard/serve.py``, the entry point with the
Content Security Policy, so the tests prove the policy lets the dashboard work, and
records what the policy blocks: ``securitypolicyviolation`` events, and the browser's
own console and page errors that name the policy (WebAssembly refusals raise no event).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.streamlit_server import ServerDidNotStart, run_streamlit

SERVE = Path("dashboard") / "serve.py"
BROWSER_TIMEOUT_MS = 240_000
"""How long a browser test waits for anything: a page drawn in about 15 s on a quiet
2-core machine took over 60 s with two copies of the suite sharing it. Generous, because a
wait only ends early when its condition holds; a timeout reports what the page showed."""
POLICY_WORDS = ("content security policy", "content-security-policy")
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__reportPolicyViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile || '?'}:${event.lineNumber} ${(event.sample || '').slice(0, 80)}`
  );
}, true);
"""


@contextmanager
def serve_dashboard(data_dir: Path, corpus_dir: Path, log_path: Path) -> Iterator[str]:
    """Run ``streamlit run dashboard/serve.py`` on a free localhost port; yield its URL.

    ``corpus_dir`` is where the Add article page saves, so a test never writes into the
    repository's ``seeds/``. The test fails with the server log if it does not come up.
    """
    env = {"ATLAS_DATA_DIR": str(data_dir), "ATLAS_CORPUS_DIR": str(corpus_dir)}
    try:
        with run_streamlit(SERVE, log_path, env) as server:
            yield server.url
    except ServerDidNotStart as error:
        pytest.fail(str(error))


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
