"""The Content Security Policy as users get it: on every response, and blocking nothing we need.

``make run`` starts ``dashboard/serve.py``; so does this test, on the seed dataset. The
``page`` fixture (conftest.py) fails a test if the policy blocked anything; here the map,
charts, quote cards and the Add article page are exercised, Streamlit's hashed inline
script is shown to have run, and an unhashed inline script is shown to be blocked (so
the recorder is live). The hostile corpus runs under the same check in
test_hostile_browser.py.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest

from dashboard.content_policy import CONTENT_SECURITY_POLICY
from tests.dashboard.test_browser import (
    CHART,
    QUOTE_CARD,
    RENDER_TIMEOUT_MS,
    next_frames,
    rerun,
    wait_for_dashboard,
)

pytestmark = pytest.mark.browser

INJECT_UNHASHED_SCRIPT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.__unhashedRan = true';
  document.head.append(script);
}"""


@pytest.fixture(scope="module")
def server(built_dataset, start_dashboard):
    return start_dashboard(built_dataset)


def response_headers(url: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return dict(response.headers)
    except urllib.error.HTTPError as error:
        return dict(error.headers)


def test_every_kind_of_response_carries_the_policy(server):
    with urllib.request.urlopen(server, timeout=10) as response:
        shell = response.read().decode("utf-8")
    bundle = re.search(r'<script type="module"[^>]*src="\./([^"]+)"', shell).group(1)
    for path in ("/", f"/{bundle}", "/_stcore/health", "/_stcore/host-config", "/no/such/page"):
        headers = response_headers(f"{server}{path}")
        assert headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, path
        assert headers.get("x-content-type-options") == "nosniff", path


def hover_over(page, selector: str) -> None:
    for element in page.locator(selector).all():
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        for fraction in (0.25, 0.5, 0.75):
            page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)
            next_frames(page)


def test_the_dashboard_works_under_the_policy_and_nothing_is_blocked(server, page):
    page.goto(server)
    wait_for_dashboard(page)
    assert page.evaluate("() => window.prerenderReady") is True, "the hashed inline script ran"
    charts = page.locator(CHART)
    drawn = page.locator(f"{CHART}:has(svg), {CHART}:has(canvas)")
    assert charts.count() >= 2 and drawn.count() == charts.count(), "timeline and figures drawn"
    assert page.locator(QUOTE_CARD).count() > 0
    hover_over(page, '[data-testid="stDeckGlJsonChart"] canvas')
    hover_over(page, CHART)
    with rerun(page, showing="css=textarea[aria-label='Article text']"):
        page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').get_by_text(
            "Add article", exact=True
        ).click()
    assert page.policy_violations == []

    page.evaluate(INJECT_UNHASHED_SCRIPT)
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while not page.policy_violations and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the page's report
    assert page.evaluate("() => window.__unhashedRan") is None
    assert any("script-src" in violation for violation in page.policy_violations)
    page.policy_violations.clear()
