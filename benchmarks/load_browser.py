"""Real browser tabs for the load test (``--browser N``), so the page itself is exercised.

Each tab is a page of one headless Chromium, in its own context, that may reach only
localhost. Until the time is up it types a word into the quote search box and presses
Enter, timing from the key press to the end of the script run the page reports
(``data-test-script-state`` back to ``notRunning``), and every few actions loads a
shared link with an operation filter and checks the page shows that tab's own filters.
A tab costs a core's worth of software rendering on a small machine: the load itself
comes from the protocol sessions (`st_protocol`).
"""

from __future__ import annotations

import asyncio
import random
import time
from contextlib import asynccontextmanager
from urllib.parse import quote_plus, urlsplit

from chromium import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS

SEARCH_BOX = ".st-key-filter_quote_search input"
OPERATION_CHIPS = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
ACTION_TIMEOUT_MS = 120_000
OPENING_AT_ONCE = 2
LINK_EVERY = 4
RUN_WATCHER = """
(() => {
  window.__runs = [];
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(watch, 50); return; }
    const state = 'data-test-script-state';
    const note = (records) => {
      const now = performance.now();
      for (const record of records) window.__runs.push([now, record.oldValue]);
      window.__runs.push([now, app.getAttribute(state)]);
    };
    note([]);
    new MutationObserver(note).observe(
      app, {attributes: true, attributeOldValue: true, attributeFilter: [state]});
  };
  watch();
})();
"""
RUN_STARTED = """t0 => (window.__runs || []).some(([t, s]) => t >= t0 && s === 'running')"""
NO_RUN_TIMEOUT_MS = 30_000
SEARCH_ATTEMPTS = 3
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUN_FINISHED = """t0 => {
  const runs = window.__runs || [];
  const start = runs.findIndex(([t, s]) => t >= t0 && s === 'running');
  if (start < 0) return null;
  const end = runs.slice(start + 1).find(([t, s]) => s === 'notRunning');
  return end ? end[0] - t0 : null;
}"""


@asynccontextmanager
async def browser_tabs(base: str, count: int, results):
    """``count`` pages with the dashboard loaded (failures counted), closed on exit."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(OPENING_AT_ONCE)
        try:
            opened = await asyncio.gather(
                *(_open_tab(browser, base, index, results, gate) for index in range(count))
            )
            yield [page for page in opened if page is not None]
        finally:
            await browser.close()


async def run_tab(page, base: str, index: int, until: float, results, operations) -> None:
    """Search and load links until the time is up, recording times and errors."""
    label = f"tab {index}"
    generator = random.Random(1000 + index)
    actions = 0
    while time.monotonic() < until:
        actions += 1
        try:
            if actions % LINK_EVERY == 0:
                operation = generator.choice(operations)
                word = generator.choice(results.search_words)
                elapsed, problem = await _load_link(page, base, operation, word, operations)
                results.browser_link_load_ms.append(elapsed)
                if problem:
                    results.error("isolation", f"{label}: {problem}")
            else:
                current = await page.locator(SEARCH_BOX).input_value()
                word = generator.choice([w for w in results.search_words if w != current])
                results.browser_rerender_ms.append(await _search(page, word, results))
            shown = page.locator('[data-testid="stException"]')
            if await shown.count():
                text = " ".join((await shown.first.inner_text()).split())[:300]
                results.error("exception", f"{label}: Streamlit shows an exception: {text}")
        except Exception as error:  # noqa: BLE001 - every failure is counted, not raised
            results.error("browser", f"{label}: {type(error).__name__}: {str(error)[:160]}")


async def _open_tab(browser, base: str, index: int, results, gate):
    label = f"tab {index}"
    async with gate:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(RUN_WATCHER)

        async def only_local(route):
            host = urlsplit(route.request.url).hostname
            if host in LOCAL_HOSTS:
                await route.continue_()
            else:
                results.foreign_hosts.add(host or "?")
                results.error("network", f"{label}: request to {host}")
                await route.abort()

        await context.route("**/*", only_local)
        page = await context.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        page.on("pageerror", lambda error: results.error("browser", f"{label}: page error {error}"))
        try:
            await page.goto(base)
            await _wait_ready(page)
        except Exception as error:  # noqa: BLE001 - counted as an error of this tab
            results.error("browser", f"{label}: opening: {type(error).__name__}: {error}")
            await context.close()
            return None
        return page


async def _wait_ready(page) -> None:
    await page.wait_for_selector(SEARCH_BOX, timeout=ACTION_TIMEOUT_MS)
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)


async def _search(page, word: str, results) -> float:
    """Type a search and press Enter; the milliseconds until the script run ended.

    Typing starts only when no run is under way: a run that ends after the typing would
    put the box back to its last value, and pressing Enter would then change nothing.
    If Enter still starts no run within ``NO_RUN_TIMEOUT_MS`` (the keystroke was lost),
    the search is typed again, up to ``SEARCH_ATTEMPTS`` times, each retry counted in
    ``search_retries``. A run that starts but does not finish is an error, and so is a
    search that never starts a run; the two are told apart in the message.
    """
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    for attempt in range(SEARCH_ATTEMPTS):
        if attempt:
            results.search_retries += 1
        started = await _type_search(page, word)
        try:
            return await _run_ms(page, started, NO_RUN_TIMEOUT_MS)
        except PlaywrightTimeout:
            if await page.evaluate(RUN_STARTED, started):
                try:
                    return await _run_ms(page, started, ACTION_TIMEOUT_MS)
                except PlaywrightTimeout as error:
                    raise RuntimeError(
                        f"a search run started but did not finish within {ACTION_TIMEOUT_MS} ms"
                    ) from error
    raise RuntimeError(f"Enter started no run in {SEARCH_ATTEMPTS} attempts of {word!r}")


async def _type_search(page, word: str) -> float:
    """Wait for no run, type ``word`` in the search box, press Enter; the time of Enter."""
    box = page.locator(SEARCH_BOX)
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)
    await box.fill(word)
    started = await page.evaluate("performance.now()")
    await box.press("Enter")
    return started


async def _run_ms(page, started: float, timeout_ms: int) -> float:
    """Milliseconds from ``started`` to the end of the run that began after it."""
    handle = await page.wait_for_function(RUN_FINISHED, arg=started, timeout=timeout_ms)
    return float(await handle.json_value())


async def _load_link(page, base, operation, word, operations) -> tuple[float, str | None]:
    """Load a shared link; the load time, and a problem if the page shows other filters."""
    started = time.perf_counter()
    await page.goto(f"{base}/?op={quote_plus(operation)}&q={quote_plus(word)}")
    await _wait_ready(page)
    elapsed = (time.perf_counter() - started) * 1000
    chips = (await page.locator(OPERATION_CHIPS).first.inner_text()).split("\n")
    shown_word = await page.locator(SEARCH_BOX).input_value()
    others = [name for name in operations if name != operation and name in chips]
    if operation not in chips or others or shown_word != word:
        return elapsed, f"shows op {chips!r} and search {shown_word!r}, not {operation!r}/{word!r}"
    return elapsed, None
