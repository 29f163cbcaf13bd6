"""Fixtures for the dashboard tests: the seed dataset built by the real CLI, the app under
AppTest, and for the browser tests the served dashboard and a Chromium page."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS
from benchmarks.page_runs import PageRuns
from dashboard.dataset import read_dataset
from dashboard.filters import filter_options, prepare
from tests.dashboard.served import BROWSER_TIMEOUT_MS, record_policy_violations, serve_dashboard

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
"""AppTest runs this script itself; browser tests start ``dashboard/serve.py`` (served.py)."""


@pytest.fixture(scope="session")
def seed_dataset(built_dataset):
    """The seed corpus as the dashboard reads it."""
    return read_dataset(built_dataset)


@pytest.fixture(scope="session")
def prepared(seed_dataset):
    return prepare(seed_dataset)


@pytest.fixture(scope="session")
def options(prepared):
    return filter_options(prepared)


@pytest.fixture
def app(built_dataset, monkeypatch):
    """A fresh AppTest of the real entry file, reading the freshly built seed dataset."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))

    def make(**query_params) -> AppTest:
        test = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in query_params.items():
            test.query_params[key] = value
        return test

    return make


@pytest.fixture(scope="module")
def start_dashboard(tmp_path_factory):
    """Start the served dashboard on a dataset; every server stops when the module ends.

    Without a corpus folder the server gets one that does not exist, so the Add article
    page refuses to save and nothing can be written into the repository's ``seeds/``.
    """
    with ExitStack() as servers:

        def start(data_dir: Path, corpus_dir: Path | None = None) -> str:
            folder = tmp_path_factory.mktemp("server")
            corpus = corpus_dir or folder / "no-corpus"
            return servers.enter_context(serve_dashboard(data_dir, corpus, folder / "server.log"))

        yield start


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install Debian's chromium (make test does it as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; afterwards, nothing may have left localhost or been blocked by the policy."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.runs = PageRuns().watch(page)
    page.contacted_hosts = set()
    page.on("request", lambda request: page.contacted_hosts.add(urlsplit(request.url).hostname))
    page.policy_violations = record_policy_violations(page)
    yield page
    context.close()
    foreign = {host for host in page.contacted_hosts if host not in LOCAL_HOSTS}
    assert not foreign, f"the page contacted hosts other than localhost: {sorted(foreign)}"
    assert page.policy_violations == [], "the Content Security Policy blocked something"
