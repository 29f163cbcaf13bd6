"""The load script at CI size: 5 sessions for 15 s while an article is added, with no error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LOAD_TEST = ROOT / "benchmarks" / "load_test.py"


def test_five_sessions_change_filters_while_an_article_is_added_without_errors():
    result = subprocess.run(
        [sys.executable, str(LOAD_TEST), "--sessions", "5", "--seconds", "15", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.stdout.strip(), result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(json.dumps(report, indent=2))
    assert report["errors"] == 0, report["error_samples"]
    assert result.returncode == 0
    assert report["rerenders"] >= 5 and report["link_loads"] >= 1
    assert report["foreign_hosts"] == []
    assert report["add_article"]["exit_status"] == 0
    assert report["add_article"]["visible_without_restart"] is True
    assert report["server_rss_mb_peak"] > 0


def test_the_load_script_refuses_unbounded_runs():
    result = subprocess.run(
        [sys.executable, str(LOAD_TEST), "--sessions", "500"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--sessions must be 1..50" in result.stderr
