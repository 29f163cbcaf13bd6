"""Benchmark the dashboard against a bare one-line Streamlit app, in the same run.

For each of several runs it starts a fresh server and measures, in headless Chromium:
- start -> ready: from launching ``streamlit run`` to a page with its content drawn
  (the dashboard: map canvas, charts and quote cards; the bare app: its one line);
- filter change -> re-rendered: from choosing an option to the page showing the result
  (the dashboard: operation "Liberterra II" on, then off; the bare app: a select box);
- quote search -> re-rendered: from pressing Enter in the search box to the cards
  changing (a fragment rerun: the map and charts are not rerun);
- bytes on the websocket: for the first page and for each filter change, and the
  largest single message (the map's); plus the deck JSON size of the map alone.

Targets (issue 3): ready within 1.5x of the bare app; a filter change re-rendered in
under 300 ms; map payload under 600 KB.

Usage: python benchmarks/bench_dashboard.py [--runs 3] [--app dashboard/serve.py]
(ATLAS_DATA_DIR picks the dataset; ``--app`` the script served, by default what
``make run`` serves)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from streamlit_server import run_streamlit  # noqa: E402

BARE_APP = 'import streamlit as st; st.write("You chose", st.selectbox("Choice", ["a", "b"]))\n'
DASHBOARD_READY = [
    '[data-testid="stDeckGlJsonChart"] canvas',
    '[data-testid="stVegaLiteChart"]',
    '[class*="st-key-quote-card-"]',
]
TIMEOUT_MS = 90_000
LAND_URL_EXAMPLE = "app/static/land-0123456789abcdef.json"
"""The map as served: its land layer is a URL to the static file (`dashboard.load.land_url`)."""


def dataset_dir() -> Path:
    configured = os.environ.get("ATLAS_DATA_DIR")
    if configured:
        return Path(configured)
    seed = ROOT / "data" / "seed"
    if (seed / "manifest.json").is_file():
        return seed
    out = Path(tempfile.mkdtemp(prefix="atlas-bench-")) / "seed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "build",
            str(ROOT / "seeds"),
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
    )
    return out


@contextmanager
def served(script: Path, data: Path) -> Iterator[str]:
    """``script`` served on ``data``; enter it after the timer starts: ready counts the start."""
    with tempfile.TemporaryDirectory(prefix="bench-server-") as folder:
        log = Path(folder) / "server.log"
        with run_streamlit(script, log, {"ATLAS_DATA_DIR": str(data)}) as server:
            yield server.url


class WebsocketBytes:
    """Counts the bytes the page receives on Streamlit's websocket."""

    def __init__(self, page):
        self.sizes: list[int] = []
        page.on("websocket", lambda socket_: socket_.on("framereceived", self._received))

    def _received(self, payload) -> None:
        self.sizes.append(len(payload))

    def mark(self) -> int:
        return len(self.sizes)

    def since(self, mark: int) -> tuple[int, int]:
        """(total bytes, largest message) received since ``mark``."""
        frames = self.sizes[mark:]
        return sum(frames), max(frames, default=0)


def new_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    return context, context.new_page()


def measure_bare(browser, script: Path, data: Path) -> dict:
    started = time.perf_counter()
    with served(script, data) as url:
        context, page = new_page(browser)
        page.goto(url)
        page.wait_for_function(
            "() => document.body.innerText.includes('You chose a')",
            polling="raf",
            timeout=TIMEOUT_MS,
        )
        ready = time.perf_counter() - started
        page.wait_for_timeout(500)
        page.locator('[data-testid="stSelectbox"]').click()
        page.wait_for_timeout(200)
        clicked = time.perf_counter()
        page.get_by_role("option", name="b", exact=True).click()
        page.wait_for_function(
            "() => document.body.innerText.includes('You chose b')",
            polling="raf",
            timeout=TIMEOUT_MS,
        )
        change = time.perf_counter() - clicked
        context.close()
        return {"ready": ready, "change": change}


def measure_dashboard(browser, data: Path, app: Path) -> dict:
    started = time.perf_counter()
    with served(app, data) as url:
        context, page = new_page(browser)
        frames = WebsocketBytes(page)
        page.goto(url)
        for selector in DASHBOARD_READY:
            page.wait_for_selector(selector, timeout=TIMEOUT_MS)
        ready = time.perf_counter() - started
        first_page_bytes, largest = frames.since(0)
        page.wait_for_timeout(1500)

        operation = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        changes, change_bytes = [], []
        for _ in range(2):
            operation.click()
            page.wait_for_timeout(300)
            mark = frames.mark()
            clicked = time.perf_counter()
            page.get_by_role("option", name="Liberterra II", exact=True).click()
            page.wait_for_function(
                "() => !document.body.innerText.includes('coffins')",
                polling="raf",
                timeout=TIMEOUT_MS,
            )
            changes.append(time.perf_counter() - clicked)
            page.keyboard.press("Escape")
            page.wait_for_timeout(1500)
            change_bytes.append(frames.since(mark))

            mark = frames.mark()
            clicked = time.perf_counter()
            operation.locator('[aria-label*="Clear all"], [title*="Clear all"]').first.click()
            page.wait_for_function(
                "() => document.body.innerText.includes('coffins')",
                polling="raf",
                timeout=TIMEOUT_MS,
            )
            changes.append(time.perf_counter() - clicked)
            page.wait_for_timeout(1500)
            change_bytes.append(frames.since(mark))
        searches = []
        box = page.locator(".st-key-filter_quote_search input")
        for word, coffins_shown in (("smuggling", "false"), ("", "true")):
            box.fill(word)
            started_search = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(
                f"() => document.body.innerText.includes('coffins') === {coffins_shown}",
                polling="raf",
                timeout=TIMEOUT_MS,
            )
            searches.append(time.perf_counter() - started_search)
            page.wait_for_timeout(1500)
        context.close()
        return {
            "ready": ready,
            "search": statistics.median(searches),
            "change": statistics.median(changes),
            "change_max": max(changes),
            "first_page_bytes": first_page_bytes,
            "largest_message": largest,
            "change_bytes": statistics.median(total for total, _ in change_bytes),
        }


def deck_json_bytes(data: Path) -> dict[str, int]:
    """Size of the map's deck JSON alone, for all operations and for each one (land by URL)."""
    from dashboard.dataset import read_dataset
    from dashboard.filters import Filters, apply_filters, filter_options, prepare
    from dashboard.geometry import build_geometry
    from dashboard.names import country_names
    from dashboard.summaries import country_summary
    from dashboard.theme import operation_colours
    from dashboard.views.map import build_deck

    dataset = read_dataset(data)
    prepared = prepare(dataset)
    options = filter_options(prepared)
    geometry = build_geometry()
    colours = operation_colours(options.operations)
    sizes = {}
    for label, operations in [("all", ())] + [(name, (name,)) for name in options.operations]:
        view = apply_filters(prepared, Filters(operations=operations), options)
        names = country_names(view.country_roles["iso3"].unique(), geometry)
        summary = country_summary(view, names, dataset.texts)
        deck = build_deck(summary, geometry, colours, LAND_URL_EXAMPLE)
        sizes[label] = len(deck.to_json().encode())
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--app", type=Path, default=ROOT / "dashboard" / "serve.py", help="the script to serve"
    )
    args = parser.parse_args()
    data = dataset_dir()
    print(f"dataset: {data}")
    bare_script = Path(tempfile.mkdtemp(prefix="bare-app-")) / "bare_app.py"
    bare_script.write_text(BARE_APP)

    bare, dashboard = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(1, args.runs + 1):
            bare.append(measure_bare(browser, bare_script, data))
            dashboard.append(measure_dashboard(browser, data, args.app.resolve()))
            print(
                f"run {run}: ready bare {bare[-1]['ready']:.2f}s, "
                f"dashboard {dashboard[-1]['ready']:.2f}s; filter change "
                f"bare {bare[-1]['change'] * 1000:.0f} ms, "
                f"dashboard {dashboard[-1]['change'] * 1000:.0f} ms "
                f"(max {dashboard[-1]['change_max'] * 1000:.0f} ms)"
            )
        browser.close()
    report(bare, dashboard, args.runs, deck_json_bytes(data))


def report(bare: list[dict], dashboard: list[dict], runs: int, deck_sizes: dict[str, int]) -> None:
    """Print the medians side by side and the verdict on each target."""

    def median(rows, key):
        return statistics.median(row[key] for row in rows)

    def line(label: str, bare_value: str, dashboard_value: str) -> None:
        print(f"{label:<36}{bare_value:>12}{dashboard_value:>12}")

    ready_ratio = median(dashboard, "ready") / median(bare, "ready")
    change_ms = median(dashboard, "change") * 1000
    largest = median(dashboard, "largest_message")
    print()
    line(f"median over {runs} runs", "bare app", "dashboard")
    line(
        "start -> ready page (s)",
        f"{median(bare, 'ready'):.2f}",
        f"{median(dashboard, 'ready'):.2f}",
    )
    line(
        "filter change -> re-render (ms)",
        f"{median(bare, 'change') * 1000:.0f}",
        f"{change_ms:.0f}",
    )
    line("quote search -> re-render (ms)", "", f"{median(dashboard, 'search') * 1000:.0f}")
    line("websocket bytes, first page", "", f"{median(dashboard, 'first_page_bytes'):,.0f}")
    line("websocket bytes, largest message", "", f"{largest:,.0f}")
    line("websocket bytes, one filter change", "", f"{median(dashboard, 'change_bytes'):,.0f}")
    for label, size in deck_sizes.items():
        line(f"map deck JSON, {label}", "", f"{size:,}")
    print()
    verdicts = [
        (f"ready ratio {ready_ratio:.2f}x (target <= 1.5x)", ready_ratio <= 1.5),
        (f"filter change {change_ms:.0f} ms (target < 300 ms)", change_ms < 300),
        (f"map message {largest:,.0f} B (target < 600 KB)", largest < 600_000),
    ]
    for text, met in verdicts:
        print(f"{text}: {'OK' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
