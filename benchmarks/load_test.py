"""Load test: many concurrent dashboard sessions changing filters while an article is added.

Starts ``streamlit run dashboard/app.py`` (file watcher off, as in production: a source
edit during the run would make every session re-import the app at once) on a free
localhost port against a private copy
of the seed corpus and its dataset (built into a temporary folder, so nothing in the
repository changes), then opens N sessions as pages of one headless Chromium (one
browser context each). Every session, until the time is up:

- types a word into the quote search box and presses Enter (a widget rerun), timing
  from the key press to the end of the script run the page reports
  (``data-test-script-state`` back to ``notRunning``);
- every few actions, loads a shared link with an operation filter (``?op=...``) and
  checks the page shows that session's own filter and search (no session may see
  another's filters).

Halfway through, another session adds an article about "Operation Liberterra III"
with the CLI (``python -m ingest add``); afterwards a fresh page must offer the new
operation without a server restart.

Reports p50/p95 re-render time, error count (timeouts, page errors, Streamlit
exception boxes, isolation violations, requests to other hosts; target 0), and the
server's resident memory. Bounded: at most 50 sessions and 600 s; localhost only.

Usage: python benchmarks/load_test.py [--sessions 20] [--seconds 60] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS  # noqa: E402

MAX_SESSIONS, MAX_SECONDS = 50, 600
SEARCH_WORDS = ("coffins", "Kolcu", "smuggling", "victims", "gold", "INTERPOL", "zzz-none")
OPERATIONS = ("Libertad", "Liberterra II")
SEARCH_BOX = ".st-key-filter_quote_search input"
ACTION_TIMEOUT_MS = 120_000
OPENING_AT_ONCE = 4
LINK_EVERY = 4
NEW_ARTICLE = """Operation Liberterra III frees 412 victims across South America

Police in Peru, Chile and Bolivia rescued 412 victims of human trafficking and arrested 97
suspects during Operation Liberterra III, which ran from 2 to 8 June 2025, INTERPOL said.
"""
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
RUN_FINISHED = """t0 => {
  const runs = window.__runs || [];
  const start = runs.findIndex(([t, s]) => t >= t0 && s === 'running');
  if (start < 0) return null;
  const end = runs.slice(start + 1).find(([t, s]) => s === 'notRunning');
  return end ? end[0] - t0 : null;
}"""


@dataclass
class Results:
    """What the sessions measured; ``errors`` holds one line per error."""

    rerender_ms: list[float] = field(default_factory=list)
    link_load_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign_hosts: set[str] = field(default_factory=set)
    rss_mb: list[float] = field(default_factory=list)
    opened: int = 0
    add: dict = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (psutil if installed, else /proc)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def prepare_dataset(folder: Path) -> tuple[Path, Path]:
    """A private copy of the seed corpus and a dataset built from it."""
    corpus, dataset = folder / "corpus", folder / "data" / "seed"
    shutil.copytree(ROOT / "seeds", corpus)
    run_ingest("build", str(corpus), "--out", str(dataset), "--quiet",
               "--corrections", str(folder / "data" / "corrections.csv"))  # fmt: skip
    return corpus, dataset


def run_ingest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def start_server(dataset: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, ATLAS_DATA_DIR=str(dataset))
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise SystemExit(f"streamlit did not start in 90 s:\n{log.read_text()}")


async def new_page(browser, results: Results, label: str):
    """A page in its own context; non-local requests are refused and counted."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(RUN_WATCHER)

    async def only_local(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS:
            await route.continue_()
        else:
            results.foreign_hosts.add(host or "?")
            results.errors.append(f"{label}: request to {host}")
            await route.abort()

    await context.route("**/*", only_local)
    page = await context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    page.on("pageerror", lambda error: results.errors.append(f"{label}: page error {error}"))
    return context, page


async def wait_ready(page) -> None:
    await page.wait_for_selector(SEARCH_BOX, timeout=ACTION_TIMEOUT_MS)
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=ACTION_TIMEOUT_MS
    )


async def search(page, word: str) -> float:
    """Type a search and press Enter; the milliseconds until the script run ended."""
    box = page.locator(SEARCH_BOX)
    await box.fill(word)
    started = await page.evaluate("performance.now()")
    await box.press("Enter")
    handle = await page.wait_for_function(RUN_FINISHED, arg=started, timeout=ACTION_TIMEOUT_MS)
    return float(await handle.json_value())


async def load_link(page, base: str, operation: str, word: str) -> tuple[float, str | None]:
    """Load a shared link; the load time, and a problem if the page shows other filters."""
    started = time.perf_counter()
    await page.goto(f"{base}/?op={quote_plus(operation)}&q={quote_plus(word)}")
    await wait_ready(page)
    elapsed = (time.perf_counter() - started) * 1000
    chips = await page.locator(
        '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
    ).first.inner_text()
    shown_word = await page.locator(SEARCH_BOX).input_value()
    others = [name for name in OPERATIONS if name != operation and name in chips.split("\n")]
    if operation not in chips or others or shown_word != word:
        return elapsed, f"shows op {chips!r} and search {shown_word!r}, not {operation!r}/{word!r}"
    return elapsed, None


async def open_session(browser, base: str, index: int, results: Results, gate):
    """A session's page with the dashboard loaded (before the clock starts), or None."""
    async with gate:
        context, page = await new_page(browser, results, f"session {index}")
        try:
            await page.goto(base)
            await wait_ready(page)
        except Exception as error:  # noqa: BLE001 - counted as an error of this session
            results.errors.append(f"session {index}: opening: {type(error).__name__}: {error}")
            await context.close()
            return None
        return context, page


async def session(page, base: str, index: int, until: float, results: Results) -> None:
    """Change filters until the time is up, recording times and errors."""
    label = f"session {index}"
    generator = random.Random(index)
    actions = 0
    while time.monotonic() < until:
        actions += 1
        try:
            if actions % LINK_EVERY == 0:
                operation = generator.choice(OPERATIONS)
                word = generator.choice(SEARCH_WORDS)
                elapsed, problem = await load_link(page, base, operation, word)
                results.link_load_ms.append(elapsed)
                if problem:
                    results.errors.append(f"{label}: isolation: {problem}")
            else:
                current = await page.locator(SEARCH_BOX).input_value()
                word = generator.choice([w for w in SEARCH_WORDS if w != current])
                results.rerender_ms.append(await search(page, word))
            shown = page.locator('[data-testid="stException"]')
            if await shown.count():
                text = " ".join((await shown.first.inner_text()).split())[:300]
                results.errors.append(f"{label}: Streamlit shows an exception: {text}")
        except Exception as error:  # noqa: BLE001 - every failure is counted, not raised
            results.errors.append(f"{label}: {type(error).__name__}: {str(error)[:160]}")


async def add_article_midway(browser, base, corpus, dataset, folder, delay, results) -> None:
    """Add an article with the CLI, then check a fresh page offers its operation."""
    await asyncio.sleep(delay)
    source = folder / "liberterra-iii.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ingest", "add", str(source), "--corpus", str(corpus),
        "--out", str(dataset), "--corrections", str(folder / "data" / "corrections.csv"),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await process.communicate()
    results.add = {
        "exit_status": process.returncode,
        "seconds": round(time.perf_counter() - started, 2),
        "message": err.decode().strip().splitlines()[-1] if err else "",
    }
    context, page = await new_page(browser, results, "adder")
    try:
        await page.goto(f"{base}/?op={quote_plus('Liberterra III')}")
        await wait_ready(page)
        chips = await page.locator(
            '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
        ).first.inner_text()
        results.add["visible_without_restart"] = "Liberterra III" in chips
        if process.returncode != 0 or "Liberterra III" not in chips:
            results.errors.append(f"adder: article not added or not shown ({results.add})")
    finally:
        await context.close()


async def sample_memory(pid: int, until: float, results: Results) -> None:
    while time.monotonic() < until:
        results.rss_mb.append(rss_mb(pid))
        await asyncio.sleep(1)


async def run_load(base, pid, sessions, seconds, corpus, dataset, folder) -> Results:
    """Open every session, then run them all for ``seconds`` with an article added midway."""
    from playwright.async_api import async_playwright

    results = Results()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(OPENING_AT_ONCE)
        opening = [open_session(browser, base, index, results, gate) for index in range(sessions)]
        opened = [pair for pair in await asyncio.gather(*opening) if pair]
        results.opened = len(opened)
        until = time.monotonic() + seconds
        tasks = [
            session(page, base, index, until, results) for index, (_, page) in enumerate(opened)
        ]
        tasks.append(
            add_article_midway(browser, base, corpus, dataset, folder, seconds / 2, results)
        )
        tasks.append(sample_memory(pid, until, results))
        await asyncio.gather(*tasks)
        for context, _page in opened:
            await context.close()
        await browser.close()
    return results


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summary(results: Results, sessions: int, seconds: int) -> dict:
    return {
        "sessions": sessions,
        "sessions_opened": results.opened,
        "seconds": seconds,
        "rerenders": len(results.rerender_ms),
        "rerender_ms_p50": percentile(results.rerender_ms, 0.5),
        "rerender_ms_p95": percentile(results.rerender_ms, 0.95),
        "rerender_ms_max": round(max(results.rerender_ms), 1) if results.rerender_ms else None,
        "link_loads": len(results.link_load_ms),
        "link_load_ms_p50": percentile(results.link_load_ms, 0.5),
        "link_load_ms_p95": percentile(results.link_load_ms, 0.95),
        "errors": len(results.errors),
        "error_samples": results.errors[:10],
        "foreign_hosts": sorted(results.foreign_hosts),
        "server_rss_mb_start": round(results.rss_mb[0], 1) if results.rss_mb else None,
        "server_rss_mb_peak": round(max(results.rss_mb), 1) if results.rss_mb else None,
        "server_rss_mb_end": round(results.rss_mb[-1], 1) if results.rss_mb else None,
        "server_rss_mb_median": round(statistics.median(results.rss_mb), 1)
        if results.rss_mb
        else None,
        "add_article": results.add,
    }


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sessions", type=int, default=20, help="concurrent sessions (max 50)")
    options.add_argument("--seconds", type=int, default=60, help="duration (max 600)")
    options.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    args = options.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 5 <= args.seconds <= MAX_SECONDS:
        options.error(f"--sessions must be 1..{MAX_SESSIONS} and --seconds 5..{MAX_SECONDS}")
    with tempfile.TemporaryDirectory(prefix="atlas-load-") as temporary:
        folder = Path(temporary)
        corpus, dataset = prepare_dataset(folder)
        port = free_port()
        server = start_server(dataset, port, folder / "server.log")
        try:
            base = f"http://127.0.0.1:{port}"
            results = asyncio.run(
                run_load(base, server.pid, args.sessions, args.seconds, corpus, dataset, folder)
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    report = summary(results, args.sessions, args.seconds)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
