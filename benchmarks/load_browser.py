"""Real browser tabs for the load test (``--browser N``), so the page itself is exercised.

Each tab is a page of one headless Chromium, in its own context, that may reach only
localhost. Until the time is up it types a word into the quote search box and presses
Enter, timing from the key press to the end of the script run it started, as the page's
websocket reports it (`page_runs`), and the page drawn; every few actions it loads a
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
from page_runs import IDLE, PageRuns

SEARCH_BOX = ".st-key-filter_quote_search input"
OPERATION_CHIPS = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
ACTION_TIMEOUT_MS = 120_000
OPENING_AT_ONCE = 2
LINK_EVERY = 4
SETTLE_POLL_S = 0.02
"""How often a tab looks at its websocket's count of runs while it waits for one."""


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
        page.runs = PageRuns().watch(page)
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        page.on("pageerror", lambda error: results.error("browser", f"{label}: page error {error}"))
        try:
            await page.goto(base)
            await _wait_ready(page, 0)
        except Exception as error:  # noqa: BLE001 - counted as an error of this tab
            results.error("browser", f"{label}: opening: {type(error).__name__}: {error}")
            await context.close()
            return None
        return page


async def _wait_ready(page, finished_before: int) -> None:
    """After a page load: its first run ended and the search box is there."""
    await _settled(page, finished_before)
    await page.wait_for_selector(SEARCH_BOX, timeout=ACTION_TIMEOUT_MS)


async def _search(page, word: str, results) -> float:
    """Type a search and press Enter; the milliseconds until its run ended and was drawn.

    Typing starts only when no run is under way: a run that ends after the typing would
    put the box back to its last value, and pressing Enter would then change nothing.
    Each search must start a run: one that does not is an error, told apart from a run
    that started but did not finish.

    The end of a run is read from the websocket, not from the page's script-state
    attribute. A page busy drawing (a tab is a core's worth of software rendering) takes
    the whole run's messages in one go, and the attribute never leaves ``notRunning``:
    watching it, a search that ran looked like an Enter that was lost.
    """
    results.browser_searches += 1
    box = page.locator(SEARCH_BOX)
    await _settled(page, page.runs.finished - 1)
    await box.fill(word)
    finished_before = page.runs.finished
    started = time.perf_counter()
    await box.press("Enter")
    await _settled(page, finished_before)
    return (time.perf_counter() - started) * 1000


async def _settled(page, finished_before: int) -> None:
    """Wait for a run to end after ``finished_before`` ended, none pending, and the page idle."""
    deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
    requests_before = page.runs.rerun_requested_at
    while not page.runs.ran_since(finished_before):
        if time.monotonic() > deadline:
            asked = page.runs.rerun_requested_at != requests_before
            raise RuntimeError(
                f"{'a run started but did not finish' if asked else 'no run started'} "
                f"within {ACTION_TIMEOUT_MS} ms: {page.runs.describe()}"
            )
        await asyncio.sleep(SETTLE_POLL_S)
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)


async def _load_link(page, base, operation, word, operations) -> tuple[float, str | None]:
    """Load a shared link; the load time, and a problem if the page shows other filters."""
    started, finished_before = time.perf_counter(), page.runs.finished
    await page.goto(f"{base}/?op={quote_plus(operation)}&q={quote_plus(word)}")
    await _wait_ready(page, finished_before)
    elapsed = (time.perf_counter() - started) * 1000
    chips = (await page.locator(OPERATION_CHIPS).first.inner_text()).split("\n")
    shown_word = await page.locator(SEARCH_BOX).input_value()
    others = [name for name in operations if name != operation and name in chips]
    if operation not in chips or others or shown_word != word:
        return elapsed, f"shows op {chips!r} and search {shown_word!r}, not {operation!r}/{word!r}"
    return elapsed, None
