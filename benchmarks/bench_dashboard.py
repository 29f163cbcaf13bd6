"""Benchmark the dashboard against two bare Streamlit apps and ``make run``, in the same run.

The references, written by this script to a temporary folder:
- the bare app: one select box and one line of text;
- the bare map: the dashboard's own default map (the same deck JSON: countries, outlines,
  markers, labels and the land file, in the same view), prebuilt here and drawn with
  ``st.pydeck_chart`` and nothing else, so its server does no work but import pydeck;
- the bare page: that map and the dashboard's own two charts (the timeline's and the
  figures' Vega-Lite specs), prebuilt for the default view and for "Liberterra II" alone,
  behind a select box, so a choice redraws the same map and charts with no work on the
  server: what the dashboard's first screen and filter change cost the browser alone.

For each of several runs it starts a fresh server for each and measures, in headless
Chromium (a new browser context each time, so nothing is cached):
- start -> ready: from launching ``streamlit run`` to a page with its content drawn
  (the bare app: its line; the bare map: the map canvas; the dashboard: the map canvas
  and both Vega-Lite charts drawn), and for the dashboard also start -> map canvas and
  start -> whole page (quote cards and the sources table too);
- filter change -> re-rendered: from choosing an option to the page showing the result
  (the dashboard: operation "Liberterra II" on, then off; the bare app: a select box);
- quote search -> re-rendered: from pressing Enter in the search box to the cards
  changing (a fragment rerun: the map and charts are not rerun);
- bytes on the websocket: for the first page and for each filter change, and the
  largest single message (the map's); plus the deck JSON size of the map alone;
- ``make run`` -> map drawn: from launching ``make run`` (a built .venv and dataset) to
  the map canvas in a page opened as soon as the server answers.

Targets (issue 11): ready within 1.1x of the bare map; a filter change within 2x the
bare app's; ``make run`` to a drawn map under 10 s; map payload under 600 KB. The ratios
to the bare page are printed beside them.

Usage: python benchmarks/bench_dashboard.py [--runs 3] [--app dashboard/serve.py]
(ATLAS_DATA_DIR picks the dataset; ``--app`` the script served, by default what
``make run`` serves)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
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
from streamlit_server import free_port, run_streamlit  # noqa: E402

BARE_APP = 'import streamlit as st; st.write("You chose", st.selectbox("Choice", ["a", "b"]))\n'
BARE_MAP_APP = '''"""The dashboard's default map, prebuilt by the benchmark, and nothing else."""
import json
from pathlib import Path

import pydeck as pdk
import streamlit as st

HERE = Path(__file__).parent


class Prebuilt(pdk.Deck):
    def to_json(self):
        return (HERE / "deck-all.json").read_text()


tooltip = json.loads((HERE / "tooltip.json").read_text())
st.pydeck_chart(Prebuilt(map_provider=None, tooltip=tooltip), height=MAP_HEIGHT_PX)
'''
BARE_PAGE_APP = '''"""The dashboard's map and two charts, prebuilt by the benchmark."""
import json
from pathlib import Path

import pydeck as pdk
import streamlit as st

HERE = Path(__file__).parent


class Prebuilt(pdk.Deck):
    def to_json(self):
        return (HERE / f"deck-{choice}.json").read_text()


choice = st.selectbox("Choice", ["all", "one"])
tooltip = json.loads((HERE / "tooltip.json").read_text())
st.pydeck_chart(Prebuilt(map_provider=None, tooltip=tooltip), height=MAP_HEIGHT_PX)
for chart in ("timeline", "figures"):
    st.vega_lite_chart(json.loads((HERE / f"{chart}-{choice}.json").read_text()), width="stretch")
st.write("Showing", choice)
'''
BARE_PAGE_CHOICES = {"all": (), "one": ("Liberterra II",)}
"""The bare page's two views: no filter, and the operation the dashboard's filter change picks."""
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
    ".filter(chart => chart.querySelector('canvas, svg')).length >= 2"
)
"""The timeline and the figures chart, each drawn by Vega (its canvas or SVG in place)."""
WHOLE_PAGE = ['[class*="st-key-quote-card-"]', '[data-testid="stDataFrame"]']
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
        change = choose(page, "b", "You chose b")
        context.close()
        return {"ready": ready, "change": change}


def measure_dashboard(browser, data: Path, app: Path) -> dict:
    started = time.perf_counter()
    with served(app, data) as url:
        context, page = new_page(browser)
        frames = WebsocketBytes(page)
        page.goto(url)
        page.wait_for_selector(MAP_CANVAS, timeout=TIMEOUT_MS)
        map_drawn = time.perf_counter() - started
        page.wait_for_function(CHARTS_DRAWN, polling="raf", timeout=TIMEOUT_MS)
        ready = time.perf_counter() - started
        for selector in WHOLE_PAGE:
            page.wait_for_selector(selector, timeout=TIMEOUT_MS)
        whole_page = time.perf_counter() - started
        page.wait_for_timeout(1500)
        first_page_bytes, largest = frames.since(0)

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
            "map": map_drawn,
            "whole_page": whole_page,
            "search": statistics.median(searches),
            "change": statistics.median(changes),
            "change_max": max(changes),
            "first_page_bytes": first_page_bytes,
            "largest_message": largest,
            "change_bytes": statistics.median(total for total, _ in change_bytes),
        }


def default_map(data: Path):
    """The deck the dashboard draws first (no filters), and its summary, as the app builds it."""
    from dashboard.dataset import read_dataset
    from dashboard.filters import Filters, filter_options, prepare
    from dashboard.geometry import build_geometry
    from dashboard.names import country_names
    from dashboard.page import page_data

    prepared = prepare(read_dataset(data))
    options = filter_options(prepared)
    geometry = build_geometry()
    names = country_names(options.countries, geometry)
    page = page_data(prepared, options, Filters(years=options.years), names)
    return prepared, options, geometry, page


def write_references(folder: Path, data: Path) -> tuple[Path, Path]:
    """The bare map's and the bare page's scripts in ``folder``, with their decks and specs.

    Both share the land file, the tooltip and the default view's deck (``deck-all.json``).
    """
    from dashboard.filters import Filters
    from dashboard.geometry import publish_land
    from dashboard.names import country_names
    from dashboard.page import page_data
    from dashboard.views.charts import chart_spec_json
    from dashboard.views.figures import figures_chart
    from dashboard.views.map import MAP_HEIGHT_PX, TOOLTIP_HTML, TOOLTIP_STYLE, build_deck
    from dashboard.views.timeline import timeline_chart

    prepared, options, geometry, _ = default_map(data)
    names = country_names(options.countries, geometry)
    land = f"app/static/{publish_land(geometry, folder / 'static')}"
    colours = dict(options.colours)
    (folder / "tooltip.json").write_text(json.dumps({"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE}))
    for choice, operations in BARE_PAGE_CHOICES.items():
        filters = Filters(operations=operations, years=options.years)
        page = page_data(prepared, options, filters, names)
        order = list(page.report_order)
        deck = build_deck(page.summary, geometry, options.colours, land)
        (folder / f"deck-{choice}.json").write_text(deck.to_json())
        specs = {
            "timeline": chart_spec_json(timeline_chart, page.timeline, colours, order),
            "figures": chart_spec_json(figures_chart, page.headline, page.claims, colours, order),
        }
        for chart, spec in specs.items():
            (folder / f"{chart}-{choice}.json").write_text(spec)
    scripts = []
    for name, app in (("bare_map.py", BARE_MAP_APP), ("bare_page.py", BARE_PAGE_APP)):
        scripts.append(folder / name)
        scripts[-1].write_text(app.replace("MAP_HEIGHT_PX", str(MAP_HEIGHT_PX)))
    return scripts[0], scripts[1]


def choose(page, option: str, shown: str) -> float:
    """Seconds from choosing ``option`` in the page's select box to the page showing ``shown``."""
    page.locator('[data-testid="stSelectbox"]').click()
    page.wait_for_timeout(300)
    clicked = time.perf_counter()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(
        f"() => document.body.innerText.includes({json.dumps(shown)})",
        polling="raf",
        timeout=TIMEOUT_MS,
    )
    return time.perf_counter() - clicked


def measure_bare_page(browser, script: Path, data: Path) -> dict:
    """Start -> map and both charts drawn; a choice -> the page redrawn for it."""
    started = time.perf_counter()
    with served(script, data) as url:
        context, page = new_page(browser)
        page.goto(url)
        page.wait_for_selector(MAP_CANVAS, timeout=TIMEOUT_MS)
        page.wait_for_function(CHARTS_DRAWN, polling="raf", timeout=TIMEOUT_MS)
        ready = time.perf_counter() - started
        changes = []
        for choice in ("one", "all", "one", "all"):
            page.wait_for_timeout(1500)
            changes.append(choose(page, choice, f"Showing {choice}"))
        context.close()
        return {"ready": ready, "change": statistics.median(changes)}


def measure_bare_map(browser, script: Path, data: Path) -> dict:
    started = time.perf_counter()
    with served(script, data) as url:
        context, page = new_page(browser)
        page.goto(url)
        page.wait_for_selector(MAP_CANVAS, timeout=TIMEOUT_MS)
        ready = time.perf_counter() - started
        context.close()
        return {"ready": ready}


BUILT = (".venv/.installed", "data/seed/manifest.json")
"""What ``make run`` builds before serving; measured as built (``make -o``) when present."""


def make_run_command() -> list[str]:
    """``make run``, told not to rebuild a .venv and dataset that exist but look older.

    A fresh checkout's files can be newer than the built .venv and dataset, which would
    make ``make run`` reinstall and rebuild: that is set-up, not the start measured here.
    """
    command = ["make"]
    for target in BUILT:
        if (ROOT / target).exists():
            command += ["-o", target]
    return [*command, "run"]


def measure_make_run(browser, data: Path) -> float:
    """Seconds from launching ``make run`` to the map canvas in a page opened once it answers."""
    port = free_port()
    environment = {
        **os.environ,
        "ATLAS_DATA_DIR": str(data),
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
    }
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        make = subprocess.Popen(
            make_run_command(), cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            wait_until_answers(url, make, log)
            context, page = new_page(browser)
            page.goto(url)
            page.wait_for_selector(MAP_CANVAS, timeout=TIMEOUT_MS)
            drawn = time.perf_counter() - started
            context.close()
        finally:
            stop_group(make)
    return drawn


def wait_until_answers(url: str, process: subprocess.Popen, log) -> None:
    import urllib.request

    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"make run exited with {process.returncode}:\n{log.read().decode()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"make run did not answer at {url} in {TIMEOUT_MS / 1000:.0f} s")


def stop_group(process: subprocess.Popen) -> None:
    """Stop ``make`` and the server it started (its own process group, started above)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def deck_json_bytes(data: Path) -> dict[str, int]:
    """Size of the map's deck JSON alone, for all operations and for each one (land by URL)."""
    from dashboard.filters import Filters, apply_filters
    from dashboard.names import country_names
    from dashboard.summaries import country_summary
    from dashboard.views.map import build_deck

    prepared, options, geometry, _ = default_map(data)
    sizes = {}
    for label, operations in [("all", ())] + [(name, (name,)) for name in options.operations]:
        view = apply_filters(prepared, Filters(operations=operations), options)
        names = country_names(view.country_roles["iso3"].unique(), geometry)
        summary = country_summary(view, names, prepared.dataset.texts)
        deck = build_deck(summary, geometry, options.colours, LAND_URL_EXAMPLE)
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
    references = Path(tempfile.mkdtemp(prefix="bench-references-"))
    bare_script = references / "bare_app.py"
    bare_script.write_text(BARE_APP)
    bare_map_script, bare_page_script = write_references(references / "bare", data)
    print(f"make run as: {' '.join(make_run_command())}")

    bare, bare_map, bare_page, dashboard, make_run = [], [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(1, args.runs + 1):
            bare.append(measure_bare(browser, bare_script, data))
            bare_map.append(measure_bare_map(browser, bare_map_script, data))
            bare_page.append(measure_bare_page(browser, bare_page_script, data))
            dashboard.append(measure_dashboard(browser, data, args.app.resolve()))
            make_run.append(measure_make_run(browser, data))
            print(
                f"run {run}: ready bare {bare[-1]['ready']:.2f}s, "
                f"bare map {bare_map[-1]['ready']:.2f}s, bare page {bare_page[-1]['ready']:.2f}s, "
                f"dashboard {dashboard[-1]['ready']:.2f}s (map {dashboard[-1]['map']:.2f}s, "
                f"whole page {dashboard[-1]['whole_page']:.2f}s), "
                f"make run -> map {make_run[-1]:.2f}s; filter change "
                f"bare {bare[-1]['change'] * 1000:.0f} ms, "
                f"bare page {bare_page[-1]['change'] * 1000:.0f} ms, "
                f"dashboard {dashboard[-1]['change'] * 1000:.0f} ms "
                f"(max {dashboard[-1]['change_max'] * 1000:.0f} ms)"
            )
        browser.close()
    report(bare, bare_map, bare_page, dashboard, make_run, args.runs, deck_json_bytes(data))


def report(
    bare: list[dict],
    bare_map: list[dict],
    bare_page: list[dict],
    dashboard: list[dict],
    make_run: list[float],
    runs: int,
    deck_sizes: dict[str, int],
) -> None:
    """Print the medians side by side and the verdict on each target."""

    def median(rows, key):
        return statistics.median(row[key] for row in rows)

    def line(label: str, *values: str) -> None:
        print(f"{label:<36}" + "".join(f"{value:>12}" for value in values))

    ready_ratio = median(dashboard, "ready") / median(bare_map, "ready")
    change_ratio = median(dashboard, "change") / median(bare, "change")
    make_run_s = statistics.median(make_run)
    largest = median(dashboard, "largest_message")
    print()
    line(f"median over {runs} runs", "bare app", "bare map", "bare page", "dashboard")
    line(
        "start -> ready page (s)",
        f"{median(bare, 'ready'):.2f}",
        f"{median(bare_map, 'ready'):.2f}",
        f"{median(bare_page, 'ready'):.2f}",
        f"{median(dashboard, 'ready'):.2f}",
    )
    line(
        "start -> map canvas (s)",
        "",
        f"{median(bare_map, 'ready'):.2f}",
        "",
        f"{median(dashboard, 'map'):.2f}",
    )
    line("start -> whole page (s)", "", "", "", f"{median(dashboard, 'whole_page'):.2f}")
    line("make run -> map canvas (s)", "", "", "", f"{make_run_s:.2f}")
    line(
        "filter change -> re-render (ms)",
        f"{median(bare, 'change') * 1000:.0f}",
        "",
        f"{median(bare_page, 'change') * 1000:.0f}",
        f"{median(dashboard, 'change') * 1000:.0f}",
    )
    no_reference = ("", "", "")
    line(
        "quote search -> re-render (ms)", *no_reference, f"{median(dashboard, 'search') * 1000:.0f}"
    )
    line(
        "websocket bytes, first page",
        *no_reference,
        f"{median(dashboard, 'first_page_bytes'):,.0f}",
    )
    line("websocket bytes, largest message", *no_reference, f"{largest:,.0f}")
    line(
        "websocket bytes, one filter change",
        *no_reference,
        f"{median(dashboard, 'change_bytes'):,.0f}",
    )
    for label, size in deck_sizes.items():
        line(f"map deck JSON, {label}", *no_reference, f"{size:,}")
    print()
    verdicts = [
        (f"ready {ready_ratio:.2f}x the bare map (target <= 1.1x)", ready_ratio <= 1.1),
        (f"filter change {change_ratio:.2f}x the bare app (target <= 2x)", change_ratio <= 2),
        (f"make run -> map {make_run_s:.2f} s (target < 10 s)", make_run_s < 10),
        (f"map message {largest:,.0f} B (target < 600 KB)", largest < 600_000),
    ]
    for text, met in verdicts:
        print(f"{text}: {'OK' if met else 'MISSED'}")
    page_ready = median(dashboard, "ready") / median(bare_page, "ready")
    page_change = median(dashboard, "change") / median(bare_page, "change")
    map_ratio = median(dashboard, "map") / median(bare_map, "ready")
    print(f"beside the references that draw the same things: map canvas {map_ratio:.2f}x the")
    print(f"bare map; ready {page_ready:.2f}x and a filter change {page_change:.2f}x the bare page")


if __name__ == "__main__":
    main()
