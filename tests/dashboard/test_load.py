"""The load script at CI size, and the page check it relies on.

The run: 5 protocol sessions and 1 Chromium tab change filters for 15 s while the CLI
adds an article; no error of any kind, every page checked against the dataset, and the
new operation shown to a fresh session and to every open one. Timeouts are generous
(120 s a run), so a slow shared machine makes the run slower, not red.

The check: a page built the way the server draws it passes for the filters it was
drawn for and fails for another session's filters (so the check can fail).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import load_test
from benchmarks.st_protocol import Page, message_class

ROOT = Path(__file__).resolve().parents[2]
LOAD_TEST = ROOT / "benchmarks" / "load_test.py"


@pytest.mark.browser
def test_five_sessions_change_filters_while_an_article_is_added_without_errors():
    command = [sys.executable, str(LOAD_TEST), "--sessions", "5", "--browser", "1"]
    result = subprocess.run(
        [*command, "--seconds", "15", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.stdout.strip(), result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(json.dumps(report, indent=2))
    assert report["errors"] == 0, report["error_samples"]
    assert report["browser_searches"] == report["browser_rerenders"], "a search did not run"
    assert result.returncode == 0
    assert report["sessions_opened"] == 5 and report["browser_tabs_opened"] == 1
    assert report["rerenders"] >= 5 and report["browser_rerenders"] >= 1
    assert report["pages_checked"] >= report["rerenders"] + report["sessions_opened"]
    assert report["add_article"]["exit_status"] == 0
    assert report["add_article"]["visible_without_restart"] is True
    assert report["sessions_checked_after_add"] == 5
    assert report["foreign_hosts"] == []
    assert report["server_rss_mb_peak"] > 0


def test_the_load_script_refuses_unbounded_runs():
    for arguments, message in (
        (["--sessions", "500"], "--sessions must be 1..50"),
        (["--seconds", "3600"], "--seconds 5..600"),
        (["--browser", "40"], "--browser must be 0..10"),
        (["--app", "../elsewhere.py"], "--app must be a file of this repository"),
    ):
        result = subprocess.run(
            [sys.executable, str(LOAD_TEST), *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2 and message in result.stderr


def drawn_page(version: load_test.DatasetVersion, operations, search: str) -> Page:
    """The parts of a page the check reads, filled in as the app draws them."""
    want = version.expected(operations, None, search)
    element, block = message_class("Element"), message_class("Block")
    page = Page(query_string=load_test.urlencode({"op": operations, "q": search}, doseq=True))
    chooser = element()
    chooser.multiselect.id = f"$$ID-0a1b-{load_test.KEY_OPERATIONS}"
    chooser.multiselect.options.extend(want.operations_offered)
    page.elements[(1, 2)] = chooser
    metric = element()
    metric.metric.label, metric.metric.body = load_test.ARTICLES_METRIC, str(want.articles)
    page.elements[(0, 2, 2, 0)] = metric
    for number, text in enumerate(want.quote_texts):
        card = block()
        card.id = f"$$ID-9f{number}-{load_test.QUOTE_CARD_PREFIX}{number}"
        page.blocks[(0, 19, number % 2, number // 2)] = card
        body = element()
        body.markdown.body = f"**“{load_test.escape_markdown(text)}”**\n\n— **someone**"
        page.elements[(0, 19, number % 2, number // 2, 0)] = body
    return page


def test_the_page_check_passes_the_right_page_and_fails_another_sessions(built_dataset):
    version = load_test.DatasetVersion(built_dataset)
    first, second = version.options.operations[:2]
    mine = drawn_page(version, (first,), "victims")
    assert version.expected((first,), None, "victims").quote_texts, "no card to compare"
    assert version.mismatch(mine, (first,), "victims") is None
    assert "link" in version.mismatch(mine, (second,), "victims")
    assert "link" in version.mismatch(mine, (first,), "Kolcu")

    theirs = drawn_page(version, (second,), "victims")
    theirs.query_string = mine.query_string
    assert version.mismatch(theirs, (first,), "victims") is not None

    stale = drawn_page(version, (first,), "victims")
    stale.elements[(1, 2)].multiselect.options.append("Operation Nowhere")
    assert "operations offered" in version.mismatch(stale, (first,), "victims")
