"""Load test: many concurrent dashboard sessions changing filters while an article is added.

Starts ``streamlit run dashboard/serve.py`` (as ``make run`` does; or ``--app``; file
watcher off) on a free localhost port against a private copy of the seed corpus and its
dataset (built into a temporary folder, so nothing in the repository changes). Then opens
N sessions that speak Streamlit's own websocket protocol (`st_protocol`), the messages a browser tab
exchanges with the server without a browser's rendering: on a small machine twenty
headless browsers would measure their own software rendering, not the server.

Each session opens a shared link carrying its own filters (``?op=...&q=...``), then,
until the time is up, changes the operation filter or the quote search and reruns,
timing from sending the rerun to the server's ``script_finished``. Every page the server
sends back is checked against what the dataset says that session's filters must show,
computed here by `dashboard.filters` and `dashboard.summaries` (plain pandas) from the
dataset read independently: the URL the app writes, the operations offered, the
"Articles" metric, and each quote card's words in order. A page showing another
session's filters, stale data, or data changed by another session (a shared cached
object mutated) fails that check.

Halfway through, the CLI adds an article about "Operation Liberterra III"
(``python -m ingest add``). Runs sent after it finished must show the new dataset
(the new operation offered to every open session; each session runs past the end, by
at most 120 s, until it has sent one such run), and a fresh session opened with
``?op=Liberterra III`` must show it selected, without a server restart.

Errors, each counted (target 0): timeouts, disconnects, a script run that does not
finish successfully, exception elements and error boxes on a page, failed checks.
Reports p50/p95 re-render time, the errors (with the end of the server's log, where
Streamlit writes the tracebacks it hides from pages), and the server's resident memory.
``--browser N`` adds N real Chromium tabs doing the same (`load_browser`), so the
page itself is exercised too. Bounded: at most 50 sessions, 10 tabs and 600 s;
localhost only.

Usage: python benchmarks/load_test.py [--sessions 20] [--seconds 60] [--browser 0] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]
from st_protocol import FINISHED_SUCCESSFULLY, ProtocolError, Session  # noqa: E402
from streamlit_server import run_streamlit  # noqa: E402

from dashboard.dataset import read_dataset  # noqa: E402
from dashboard.filters import Filters, apply_filters, filter_options, prepare  # noqa: E402
from dashboard.safe import escape_markdown  # noqa: E402
from dashboard.summaries import quote_cards  # noqa: E402

MAX_SESSIONS, MAX_TABS, MAX_SECONDS = 50, 10, 600
SEARCH_WORDS = ("coffins", "Kolcu", "smuggling", "victims", "gold", "INTERPOL", "zzz-none")
KEY_OPERATIONS = "filter_operations"
KEY_QUOTE_SEARCH = "filter_quote_search"
QUOTE_CARD_PREFIX = "quote-card-"
ARTICLES_METRIC = "Articles"
ACTION_TIMEOUT_S = 120
ADD_TIMEOUT_S = OVERTIME_S = 120
OPENING_AT_ONCE = 4
SERVER_OPTIONS = ("--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none")
NEW_OPERATION = "Liberterra III"
NEW_ARTICLE = f"""Operation {NEW_OPERATION} frees 412 victims across South America

Police in Peru, Chile and Bolivia rescued 412 victims of human trafficking and arrested 97
suspects during Operation {NEW_OPERATION}, which ran from 2 to 8 June 2025, INTERPOL said.
"""


@dataclass
class Results:
    """What the sessions measured; ``errors`` holds one ``(kind, message)`` per error."""

    search_words: tuple[str, ...] = SEARCH_WORDS
    rerender_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    pages_checked: int = 0
    sessions_checked_after_add: set[int] = field(default_factory=set)
    browser_rerender_ms: list[float] = field(default_factory=list)
    browser_link_load_ms: list[float] = field(default_factory=list)
    browser_searches: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    foreign_hosts: set[str] = field(default_factory=set)
    rss_mb: list[float] = field(default_factory=list)
    idle_rss_mb: float | None = None
    cpu_s: dict = field(default_factory=dict)
    opened: int = 0
    tabs_opened: int = 0
    add: dict = field(default_factory=dict)

    def error(self, kind: str, message: str) -> None:
        self.errors.append((kind, message))


@dataclass(frozen=True)
class Expected:
    """What a page must show for one session's filters in one version of the dataset."""

    operations_offered: tuple[str, ...]
    is_empty: bool
    articles: int
    quote_texts: tuple[str, ...]


class DatasetVersion:
    """The dataset as this script reads it, to compute what each page must show."""

    def __init__(self, folder: Path) -> None:
        dataset = read_dataset(folder)
        self.texts = dataset.texts
        self.prepared = prepare(dataset)
        self.options = filter_options(self.prepared)
        self._expected: dict[tuple, Expected] = {}

    def expected(self, operations: tuple[str, ...], years, search: str) -> Expected:
        key = (operations, years, search)
        if key not in self._expected:
            filters = Filters(operations=operations, years=years, quote_search=search)
            view = apply_filters(self.prepared, filters, self.options)
            self._expected[key] = Expected(
                operations_offered=self.options.operations,
                is_empty=view.is_empty,
                articles=len(view.articles),
                quote_texts=tuple(card["text"] for card in quote_cards(view, search, self.texts)),
            )
        return self._expected[key]

    def mismatch(self, page, operations: tuple[str, ...], search: str) -> str | None:
        """Why ``page`` is not what these filters show in this dataset, or None if it is.

        The year range is the one the app wrote into the link (the sessions never move
        the slider; its range grows with the dataset).
        """
        link = parse_qs(page.query_string)
        if link.get("op", []) != list(operations) or link.get("q", [""]) != [search.strip()]:
            return f"the app wrote the link {page.query_string!r}"
        years = _year_range(link.get("years", [""])[-1])
        want = self.expected(operations, years, search)
        widget = page.widget(KEY_OPERATIONS)
        offered = tuple(widget.options) if widget is not None else None
        if offered != want.operations_offered:
            return f"operations offered {offered}, the dataset has {want.operations_offered}"
        shown = page.metrics().get(ARTICLES_METRIC)
        if shown != (None if want.is_empty else str(want.articles)):
            return f"{ARTICLES_METRIC} metric {shown!r}, expected {want.articles}"
        cards = [page.markdown_under(path) for _key, path in page.keyed_blocks(QUOTE_CARD_PREFIX)]
        if len(cards) != len(want.quote_texts):
            return f"{len(cards)} quote cards, expected {len(want.quote_texts)}"
        for number, (card, text) in enumerate(zip(cards, want.quote_texts, strict=True)):
            if not card or escape_markdown(text) not in card[0]:
                return f"quote card {number} is not “{text[:60]}…”"
        return None


def _year_range(text: str) -> tuple[int, int] | None:
    low, _, high = text.partition("-")
    return (int(low), int(high)) if low.isdigit() and high.isdigit() else None


class Datasets:
    """The dataset before the article is added and, once the CLI has finished, after."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.before = DatasetVersion(folder)
        self.after: DatasetVersion | None = None
        self.added_at: float | None = None
        self.add_over = asyncio.Event()

    def added(self) -> None:
        """The CLI has finished: read the new dataset; later runs must show it."""
        self.after = DatasetVersion(self.folder)
        self.added_at = time.monotonic()
        self.add_over.set()

    async def check(self, page, sent_at: float, operations, search) -> str | None:
        """None if ``page`` is right for a run sent at ``sent_at``, else what is wrong.

        A run sent before the new dataset was complete may show either dataset, never a
        mix; a run sent after must show the new one.
        """
        problem = None
        if self.added_at is None or sent_at < self.added_at:
            problem = self.before.mismatch(page, operations, search)
            if problem is None:
                return None
            try:
                await asyncio.wait_for(self.add_over.wait(), ACTION_TIMEOUT_S)
            except TimeoutError:
                return f"{problem} (dataset: before the add)"
        if self.after is None:
            return f"{problem} (dataset: before the add; the add failed)"
        after = self.after.mismatch(page, operations, search)
        if after is None:
            return None
        return f"{problem or after} (dataset: {'either' if problem else 'after the add'})"


class SessionDriver:
    """One protocol session: its own filters, changed at random, every page checked."""

    def __init__(self, index: int, base: str, datasets: Datasets, results: Results) -> None:
        self.index = index
        self.label = f"session {index}"
        self.base = base
        self.datasets = datasets
        self.results = results
        self.random = random.Random(index)
        offered = datasets.before.options.operations
        self.operations: tuple[str, ...] = (offered[index % len(offered)],) if offered else ()
        self.search = SEARCH_WORDS[index % len(SEARCH_WORDS)]
        self.session: Session | None = None

    def link(self) -> str:
        return urlencode({"op": self.operations, "q": self.search}, doseq=True)

    async def open(self, gate: asyncio.Semaphore | None = None) -> bool:
        """Open the session with its link and check the first page; False on any error."""
        async with gate or contextlib.nullcontext():
            self.session = Session(self.base, self.label)
            sent_at = time.monotonic()
            try:
                run = await self.session.open(self.link(), ACTION_TIMEOUT_S)
            except (TimeoutError, ProtocolError, OSError) as error:
                self.results.error(_kind(error), f"{self.label}: opening: {error}")
                await self.close()
                return False
        self.results.open_ms.append(run.milliseconds)
        self.session.widget_values = {
            KEY_OPERATIONS: list(self.operations),
            KEY_QUOTE_SEARCH: self.search,
        }
        return await self.verify(run, sent_at)

    async def verify(self, run, sent_at: float) -> bool:
        """Count the run's errors; True if it had none."""
        if run.status != FINISHED_SUCCESSFULLY:
            self.results.error("script", f"{self.label}: script run ended {run.status}")
            return False
        for problem in run.problems:
            self.results.error("exception", f"{self.label}: {problem[:300]}")
        if run.problems:
            return False
        self.results.pages_checked += 1
        problem = await self.datasets.check(run.page, sent_at, self.operations, self.search)
        if problem:
            self.results.error(
                "isolation", f"{self.label} (op={self.operations}, q={self.search!r}): {problem}"
            )
            return False
        added_at = self.datasets.added_at
        if self.index >= 0 and added_at is not None and sent_at >= added_at:
            self.results.sessions_checked_after_add.add(self.index)
        return True

    def next_change(self) -> dict:
        """A new operation selection or a new search word, as a reader would change them."""
        if self.random.random() < 0.5:
            widget = self.session.page.widget(KEY_OPERATIONS) if self.session else None
            offered = list(widget.options) if widget is not None else []
            while True:
                size = self.random.choice((0, 1, 1, 1, 2)) if offered else 0
                chosen = tuple(self.random.sample(offered, min(size, len(offered))))
                if chosen != self.operations or not offered:
                    break
            self.operations = chosen
            return {KEY_OPERATIONS: list(chosen)}
        self.search = self.random.choice([w for w in SEARCH_WORDS if w != self.search])
        return {KEY_QUOTE_SEARCH: self.search}

    async def run_until(self, until: float) -> None:
        """Change filters until the time is up and one run was sent after the add.

        After a timeout or disconnect the session is reopened, as a reader would reload.
        """
        sent_at = 0.0
        while self.session is not None and self.keep_going(until, sent_at):
            change = self.next_change()
            sent_at = time.monotonic()
            try:
                run = await self.session.set_widgets(change, ACTION_TIMEOUT_S)
            except (TimeoutError, ProtocolError, OSError) as error:
                self.results.error(_kind(error), f"{self.label}: {type(error).__name__}: {error}")
                await self.close()
                if self.keep_going(until, sent_at):
                    await self.open()
                continue
            self.results.rerender_ms.append(run.milliseconds)
            await self.verify(run, sent_at)
        await self.close()

    def keep_going(self, until: float, last_sent_at: float) -> bool:
        now, added_at = time.monotonic(), self.datasets.added_at
        if now < until:
            return True
        waiting_for_add = not self.datasets.add_over.is_set()
        no_run_after_add = added_at is not None and last_sent_at < added_at
        return now < until + OVERTIME_S and (waiting_for_add or no_run_after_add)

    async def close(self) -> None:
        if self.session is not None:
            try:
                await self.session.close()
            except (ProtocolError, OSError):
                pass
            self.session = None


def _kind(error: BaseException) -> str:
    return "timeout" if isinstance(error, TimeoutError) else "connection"


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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


async def add_article_midway(base, corpus, datasets, folder, delay, results) -> None:
    """Add an article with the CLI, then check a fresh session offers and shows its operation."""
    await asyncio.sleep(delay)
    source = folder / "liberterra-iii.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ingest", "add", str(source), "--corpus", str(corpus),
        "--out", str(datasets.folder), "--corrections", str(folder / "data" / "corrections.csv"),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        _out, err = await asyncio.wait_for(process.communicate(), ADD_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        err = f"killed after {ADD_TIMEOUT_S} s".encode()
    results.add = {
        "exit_status": process.returncode,
        "seconds": round(time.perf_counter() - started, 2),
        "message": err.decode().strip().splitlines()[-1] if err else "",
    }
    try:
        datasets.added()
    except Exception as error:  # noqa: BLE001 - an unreadable dataset is this test's finding
        datasets.add_over.set()
        results.error("add", f"adder: the dataset after the add cannot be read: {error}")
        return
    if process.returncode != 0 or NEW_OPERATION not in datasets.after.options.operations:
        results.error("add", f"adder: the CLI did not add {NEW_OPERATION} ({results.add})")
        return
    newcomer = SessionDriver(-1, base, datasets, results)
    newcomer.label = "adder's new session"
    newcomer.operations, newcomer.search = (NEW_OPERATION,), ""
    if await newcomer.open():
        widget = newcomer.session.page.widget(KEY_OPERATIONS)
        results.add["visible_without_restart"] = list(widget.raw_values) == [NEW_OPERATION]
        if not results.add["visible_without_restart"]:
            results.error("add", f"adder: the link's {NEW_OPERATION} is not selected")
    else:
        results.add["visible_without_restart"] = False
    await newcomer.close()


async def sample_memory(pid: int, until: float, results: Results) -> None:
    while time.monotonic() < until:
        results.rss_mb.append(rss_mb(pid))
        await asyncio.sleep(1)


async def run_load(base, pid, args, corpus, dataset, folder) -> Results:
    """Open every session and tab, then run them for ``seconds`` with an article added midway."""
    results = Results(idle_rss_mb=rss_mb(pid))
    server_cpu_before, own_cpu_before = cpu_seconds(pid), time.process_time()
    datasets = Datasets(dataset)
    drivers = [SessionDriver(index, base, datasets, results) for index in range(args.sessions)]
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    await asyncio.gather(*(driver.open(gate) for driver in drivers))
    results.opened = sum(driver.session is not None for driver in drivers)
    async with _maybe_tabs(base, args.browser, results) as pages:
        results.tabs_opened = len(pages)
        until = time.monotonic() + args.seconds
        tasks = [driver.run_until(until) for driver in drivers]
        if pages:
            from load_browser import run_tab

            offered = datasets.before.options.operations
            for index, page in enumerate(pages):
                tasks.append(run_tab(page, base, index, until, results, offered))
        midway = args.seconds / 2
        tasks.append(add_article_midway(base, corpus, datasets, folder, midway, results))
        tasks.append(sample_memory(pid, until, results))
        await asyncio.gather(*tasks)
    results.rss_mb.append(rss_mb(pid))
    results.cpu_s = {
        "server": round(cpu_seconds(pid) - server_cpu_before, 1),
        "load_script": round(time.process_time() - own_cpu_before, 1),
    }
    return results


def _maybe_tabs(base: str, tabs: int, results: Results):
    if tabs:
        from load_browser import browser_tabs

        return browser_tabs(base, tabs, results)
    return contextlib.nullcontext([])


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summary(results: Results, args, load_before, load_after) -> dict:
    report = {
        "sessions": args.sessions,
        "sessions_opened": results.opened,
        "seconds": args.seconds,
        "rerenders": len(results.rerender_ms),
        "rerender_ms_p50": percentile(results.rerender_ms, 0.5),
        "rerender_ms_p95": percentile(results.rerender_ms, 0.95),
        "rerender_ms_max": round(max(results.rerender_ms), 1) if results.rerender_ms else None,
        "open_ms_p50": percentile(results.open_ms, 0.5),
        "pages_checked": results.pages_checked,
        "sessions_checked_after_add": len(results.sessions_checked_after_add),
        "errors": len(results.errors),
        "errors_by_kind": dict(Counter(kind for kind, _ in results.errors)),
        "error_samples": [message for _, message in results.errors[:10]],
        "server_rss_mb_idle": round(results.idle_rss_mb, 1) if results.idle_rss_mb else None,
        "server_rss_mb_start": round(results.rss_mb[0], 1) if results.rss_mb else None,
        "server_rss_mb_peak": round(max(results.rss_mb), 1) if results.rss_mb else None,
        "server_rss_mb_end": round(results.rss_mb[-1], 1) if results.rss_mb else None,
        "server_rss_mb_median": round(statistics.median(results.rss_mb), 1)
        if results.rss_mb
        else None,
        "cpu_seconds": results.cpu_s,
        "add_article": results.add,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }
    if args.browser:
        report |= {
            "browser_tabs": args.browser,
            "browser_tabs_opened": results.tabs_opened,
            "browser_rerenders": len(results.browser_rerender_ms),
            "browser_rerender_ms_p50": percentile(results.browser_rerender_ms, 0.5),
            "browser_rerender_ms_p95": percentile(results.browser_rerender_ms, 0.95),
            "browser_searches": results.browser_searches,
            "browser_link_loads": len(results.browser_link_load_ms),
            "browser_link_load_ms_p50": percentile(results.browser_link_load_ms, 0.5),
            "foreign_hosts": sorted(results.foreign_hosts),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sessions", type=int, default=20, help="protocol sessions (max 50)")
    options.add_argument("--seconds", type=int, default=60, help="duration (max 600)")
    options.add_argument("--browser", type=int, default=0, help="extra Chromium tabs (max 10)")
    options.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    options.add_argument(
        "--app",
        default="dashboard/serve.py",
        help="the file `streamlit run` serves (relative path)",
    )
    args = options.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 5 <= args.seconds <= MAX_SECONDS:
        options.error(f"--sessions must be 1..{MAX_SESSIONS} and --seconds 5..{MAX_SECONDS}")
    if not 0 <= args.browser <= MAX_TABS:
        options.error(f"--browser must be 0..{MAX_TABS}")
    if not (ROOT / args.app).is_file() or Path(args.app).is_absolute():
        options.error("--app must be a file of this repository, as a relative path")
    load_before = [round(value, 2) for value in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="atlas-load-") as temporary:
        folder = Path(temporary)
        corpus, dataset = prepare_dataset(folder)
        env = {"ATLAS_DATA_DIR": str(dataset), "ATLAS_CORPUS_DIR": str(corpus)}
        with run_streamlit(args.app, folder / "server.log", env, SERVER_OPTIONS) as server:
            pid = server.process.pid
            results = asyncio.run(run_load(server.url, pid, args, corpus, dataset, folder))
        log_tail = (folder / "server.log").read_text(errors="replace").splitlines()[-40:]
    report = summary(results, args, load_before, [round(v, 2) for v in os.getloadavg()])
    if report["errors"]:
        report["server_log_tail"] = log_tail
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
