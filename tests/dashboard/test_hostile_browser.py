"""The hostile corpus in the real dashboard in Chromium: nothing runs, text is shown as text.

The hostile articles (tests/hostile/) are built by the real `ingest build`; the dashboard
is started on them with `streamlit run dashboard/serve.py` (as users get it, under the
Content Security Policy) on a free localhost port. Before any page script
runs, `window.alert`, `confirm`, `prompt`, `print` and `console.*` are replaced by
recorders. The test opens every expander, hovers the map, and asserts that no dialog,
recorder call or page error came from a payload, that the payloads are visible as text,
that no link has a scheme other than http(s), that no request left localhost, that the
policy blocked nothing, and that long words did not widen the page.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import pytest

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS
from benchmarks.page_runs import PageRuns
from tests.dashboard.served import record_policy_violations
from tests.dashboard.test_browser import (
    ARTIFACTS,
    RENDER_TIMEOUT_MS,
    next_frames,
    wait_for_dashboard,
    wait_until_idle,
)
from tests.hostile.hostile import build_hostile_dataset

pytestmark = pytest.mark.browser

RECORDERS = """
(() => {
  const fired = [];
  Object.defineProperty(window, '__fired', {value: fired});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { fired.push(`${name}(${args.join(' ')})`); return null; };
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      const text = args.map(String).join(' ');
      if (/alert|onerror|onload|xss/i.test(text)) fired.push(`console.${level}(${text})`);
      original(...args);
    };
  }
})();
"""
OVERFLOWING = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const right = main.getBoundingClientRect().right;
  return [...main.querySelectorAll('[data-testid="stElementContainer"]')]
    .filter(e => e.scrollWidth > e.clientWidth + 32 || e.getBoundingClientRect().right > right + 32)
    .map(e => `${e.className.split(' ').find(c => c.startsWith('st-key-')) || ''} `
            + `${(e.innerText || '').slice(0, 40)} (${e.scrollWidth}px in ${e.clientWidth}px)`);
}"""
VISIBLE_PAYLOADS = (
    "<img src=x onerror=alert('quote-img')>",
    "[the report](javascript:alert('quote-md'))",
    "<script>alert('outlet')</script> Daily",
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, start_dashboard):
    """The served dashboard (``dashboard/serve.py``) on the hostile dataset."""
    return start_dashboard(build_hostile_dataset(tmp_path_factory.mktemp("hostile")))


@pytest.fixture
def guarded_page():
    """A Chromium page with the recorders installed and every dialog, error and host noted.

    Afterwards, the Content Security Policy must have blocked nothing: escaping keeps the
    payloads inert, so a blocked inline handler or image would mean one reached the page
    as markup (or that the policy broke the page).
    """
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install Debian's chromium (make test does it as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.set_default_timeout(RENDER_TIMEOUT_MS)
        context.add_init_script(RECORDERS)
        page = context.new_page()
        page.runs = PageRuns().watch(page)
        page.events = {"dialogs": [], "errors": [], "hosts": set()}
        page.on(
            "dialog",
            lambda dialog: (page.events["dialogs"].append(dialog.message), dialog.dismiss()),
        )
        page.on("pageerror", lambda error: page.events["errors"].append(str(error)))
        page.on("request", lambda request: page.events["hosts"].add(urlsplit(request.url).hostname))
        blocked = record_policy_violations(page)
        yield page
        context.close()
        browser.close()
    assert blocked == [], "the Content Security Policy blocked something"


def open_every_expander(page) -> int:
    summaries = page.locator('[data-testid="stExpander"] summary')
    for index in range(summaries.count()):
        summaries.nth(index).scroll_into_view_if_needed()
        summaries.nth(index).click()
    wait_until_idle(page)
    return summaries.count()


def hover_the_map(page) -> None:
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for fx in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        for fy in (0.3, 0.5, 0.7):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            next_frames(page)


def test_hostile_text_runs_nothing_and_is_shown_as_text(hostile_server, guarded_page):
    page = guarded_page
    page.goto(hostile_server)
    wait_for_dashboard(page)
    assert open_every_expander(page) > 0
    hover_the_map(page)
    wait_until_idle(page)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-hostile.png"), full_page=True)
    fired = page.evaluate("() => window.__fired")
    assert fired == [] and page.events["dialogs"] == [], (fired, page.events["dialogs"])
    assert not [e for e in page.events["errors"] if "alert" in e or "onerror" in e]

    text = page.locator("body").inner_text().replace("\u2060", "")  # invisible word joiners
    assert [payload for payload in VISIBLE_PAYLOADS if payload not in text] == []
    injected = page.evaluate(
        """() => ({
          images: document.querySelectorAll('img[src="x"], img[onerror]').length,
          svgs: document.querySelectorAll('svg[onload]').length,
          iframes: [...document.querySelectorAll('iframe')]
            .filter(f => /javascript:/i.test(f.src)).length,
          scripts: [...document.querySelectorAll('script')]
            .filter(s => /alert\\(/.test(s.textContent)).length,
        })"""
    )
    assert injected == {"images": 0, "svgs": 0, "iframes": 0, "scripts": 0}

    schemes = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.protocol)")
    assert set(schemes) <= {"http:", "https:"}, schemes

    foreign = {host for host in page.events["hosts"] if host not in LOCAL_HOSTS}
    assert not foreign, f"the page contacted hosts other than localhost: {sorted(foreign)}"

    page.evaluate("() => alert('probe')")
    assert page.evaluate("() => window.__fired") == ["alert(probe)"], "the recorders are live"


def test_long_words_do_not_widen_any_element(hostile_server, guarded_page):
    page = guarded_page
    page.goto(hostile_server)
    wait_for_dashboard(page)
    overflowing = page.evaluate(OVERFLOWING)
    assert overflowing == [], f"elements wider than the page: {overflowing}"


def test_filtering_to_a_hostile_operation_runs_nothing(hostile_server, guarded_page):
    page = guarded_page
    page.goto(f"{hostile_server}/?op=Hostile+Two")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)
    open_every_expander(page)
    assert "quote-md" in page.locator("body").inner_text()
    assert page.evaluate("() => window.__fired") == [] and page.events["dialogs"] == []
    foreign = {host for host in page.events["hosts"] if host not in LOCAL_HOSTS}
    assert not foreign, sorted(foreign)


PHISHING = ":red-background[**Session expired**] [log in](https://evil.example/login)"
PIXEL = "![pixel](https://evil.example/pixel.png)"
TOAST = '[data-testid="stToast"]'
TOOLTIP = ".deck-tooltip"
HOVER_WAIT_MS = 1500
"""How long one hover waits for the tooltip before the pointer moves a pixel and tries again."""


def test_a_crafted_link_shows_its_values_as_plain_text(hostile_server, guarded_page):
    page = guarded_page
    page.goto(f"{hostile_server}/?{urlencode({'op': [PHISHING, PIXEL]}, doseq=True)}")
    toasts = page.wait_for_function(
        f"""() => {{
          const toasts = [...document.querySelectorAll('{TOAST}')];
          return toasts.length >= 2 && toasts.map(t => ({{
            text: t.innerText,
            links: t.querySelectorAll('a').length,
            images: t.querySelectorAll('img').length,
            styled: t.querySelectorAll('strong, [class*="background"]').length,
          }}));
        }}""",
        timeout=RENDER_TIMEOUT_MS,
    ).json_value()
    shown = " ".join(toast.pop("text") for toast in toasts).replace("\u2060", "")
    assert PHISHING in shown and PIXEL in shown, shown
    assert all(toast == {"links": 0, "images": 0, "styled": 0} for toast in toasts), toasts
    wait_for_dashboard(page)
    assert "evil.example" not in page.events["hosts"]


def test_article_text_links_nowhere_and_the_tooltip_is_escaped_once(hostile_server, guarded_page):
    page = guarded_page
    page.goto(hostile_server)
    wait_for_dashboard(page)
    open_every_expander(page)
    assert "www.evil.example/rooms" in page.locator("body").inner_text().replace("\u2060", "")
    linked = page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
        ".filter(href => /evil[.]example[/](rooms|track|login)/.test(href))"
    )
    assert linked == [], "an address in article text became a link"
    icons = page.locator('[data-testid="stMarkdownContainer"] [role="img"]')
    assert icons.count() == 0, "a :material/...: shortcode in article text became an icon"

    page.goto(f"{hostile_server}/?country=PER")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tooltip = page.locator(TOOLTIP)
    hovers = 0
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while not tooltip.is_visible() and time.monotonic() < deadline:
        page.mouse.move(centre[0] + hovers % 5, centre[1] + hovers % 3)  # picking may lag
        hovers += 1
        try:
            tooltip.wait_for(state="visible", timeout=HOVER_WAIT_MS)
        except PlaywrightTimeout:
            continue
    assert tooltip.is_visible(), f"no tooltip after {hovers} hovers over Peru, mid-map"
    text = tooltip.inner_text().replace("\u2060", "")
    assert "<svg onload=alert('op')> 'Libertad' {name}" in text, text
    assert "&lt;" not in text and "&#x27;" not in text, text
    assert tooltip.locator("svg").count() == 0
