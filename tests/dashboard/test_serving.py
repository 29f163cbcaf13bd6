"""What the server does so a page loads faster: the land layer as a file, and the warm-up."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from dashboard.geometry import build_geometry, publish_land
from dashboard.views import charts
from dashboard.warmup import warm_up
from tests.conftest import ROOT
from tests.dashboard.conftest import APP


@pytest.fixture(scope="module")
def geometry():
    return build_geometry()


def test_the_land_file_holds_the_land_layer_under_a_name_that_follows_its_content(
    geometry, tmp_path
):
    name = publish_land(geometry, tmp_path / "static")
    assert name is not None and name.startswith("land-") and name.endswith(".json")
    written = tmp_path / "static" / name
    assert json.loads(written.read_text()) == json.loads(json.dumps(dict(geometry.land)))
    before = written.stat().st_mtime_ns
    assert publish_land(geometry, tmp_path / "static") == name
    assert written.stat().st_mtime_ns == before, "an existing file is reused, not rewritten"
    assert [path.name for path in (tmp_path / "static").iterdir()] == [name]


def test_an_unwritable_static_path_means_the_land_travels_inside_the_map(geometry, tmp_path):
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    assert publish_land(geometry, blocker) is None


def test_the_warm_up_runs_the_whole_page_and_fills_the_chart_cache(
    built_dataset, monkeypatch, caplog
):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))
    charts.specs.clear()
    with caplog.at_level(logging.INFO, logger="dashboard.warmup"):
        took = warm_up(APP)
    assert took > 0
    assert len(charts.specs) == 2, "the timeline and the figures chart were built"
    problems = [
        record
        for record in caplog.records
        if record.name == "dashboard.warmup" and record.levelno >= logging.WARNING
    ]
    assert not problems, "the warm-up stopped before the end of the page"


def test_the_map_page_leaves_the_extractor_to_the_add_page_and_the_warm_up_imports_it_after(
    built_dataset,
):
    """In a fresh interpreter: the page's run does not import the extractor; the warm-up's
    second step does, and a module that cannot be imported is only logged."""
    probe = f"""
import logging, sys
from pathlib import Path
from dashboard.warmup import warm_up
app = Path({str(APP)!r})
warm_up(app)
print("after the page:", "ingest.extract" in sys.modules)
warm_up(app, then_import=("dashboard.views.add_article", "dashboard.no_such_module"))
print("after the warm-up:", "ingest.extract" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**os.environ, "ATLAS_DATA_DIR": str(built_dataset)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "after the page: False" in done.stdout
    assert "after the warm-up: True" in done.stdout
    assert "could not import dashboard.no_such_module" in done.stderr
