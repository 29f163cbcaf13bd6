"""Editions on screen: labelled by year where names repeat, old links, fixed colours."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.dataset import read_dataset
from dashboard.exports import briefing_for
from dashboard.exports.content import colours_for
from dashboard.filters import Filters, apply_filters, filter_options, prepare, sanitise
from dashboard.summaries import timeline_frame
from dashboard.theme import OKABE_ITO
from dashboard.views import sidebar
from tests.ingest.test_editions import EDITION_2024, EDITION_2025, UNDATED_2025

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
BOTH = ("Global Chain 2024", "Global Chain 2025")


def cli_build(corpus: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_dir) -> Path:
    """The seeds plus a 2024 and a 2025 edition of one invented operation."""
    folder = tmp_path_factory.mktemp("editions") / "corpus"
    shutil.copytree(seed_dir, folder)
    extra = {"gc_2024.txt": EDITION_2024, "gc_2025.txt": EDITION_2025, "gc_c.txt": UNDATED_2025}
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    with (folder / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("gc_c.txt,,Invented Daily,2025-07-01,\n")
    return folder


@pytest.fixture(scope="module")
def editions_dataset(corpus, seed_dir, tmp_path_factory) -> Path:
    """The seed dataset, then rebuilt after the new articles were added to its corpus."""
    out = cli_build(seed_dir, tmp_path_factory.mktemp("editions-data") / "data")
    return cli_build(corpus, out)


@pytest.fixture(scope="module")
def prepared_editions(editions_dataset):
    return prepare(read_dataset(editions_dataset))


def test_each_edition_is_its_own_operation_labelled_with_its_year(prepared_editions):
    options = filter_options(prepared_editions)
    assert set(BOTH) <= set(options.operations)
    assert {"Libertad", "Liberterra II"} <= set(options.operations)
    assert "Global Chain" not in options.operations
    figures = prepared_editions.figures
    victims = figures[figures["metric"] == "victims_rescued"]
    by_label = victims.groupby("op_label")["value"].agg(lambda values: set(values.dropna()))
    assert by_label["Global Chain 2024"] == {120}
    assert by_label["Global Chain 2025"] == {200}


def test_an_operation_named_in_passing_gets_no_timeline_row(prepared_editions):
    options = filter_options(prepared_editions)
    assert "Coral" not in options.operations
    view = apply_filters(prepared_editions, Filters(), options)
    rows = timeline_frame(view)
    assert not rows["report"].str.contains("Coral").any(), rows
    assert {"Global Chain 2024", "Global Chain 2025"} <= set(rows["report"])


def test_an_old_link_to_a_bare_name_selects_every_edition_with_a_notice(prepared_editions):
    options = filter_options(prepared_editions)
    clean, problems = sanitise(Filters(operations=("Global Chain", "Libertad")), options)
    assert clean.operations == (*BOTH, "Libertad")
    assert len(problems) == 1 and "2 operations" in problems[0], problems


def test_the_app_opens_an_old_link_on_both_editions(editions_dataset, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(editions_dataset))
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["op"] = ["Global Chain"]
    at.run()
    assert not at.exception, at.exception
    assert tuple(at.multiselect(key=sidebar.KEY_OPERATIONS).value) == BOTH
    notices = [toast.value for toast in at.toast]
    assert any("2 operations" in notice for notice in notices), notices


def test_seed_colours_stay_when_new_operations_are_added(
    built_dataset, editions_dataset, prepared_editions, options
):
    seed_colours = {label: options.colours[label] for label in ("Libertad", "Liberterra II")}
    assert seed_colours == {"Libertad": OKABE_ITO[0], "Liberterra II": OKABE_ITO[1]}
    grown = filter_options(prepared_editions)
    assert {label: grown.colours[label] for label in seed_colours} == seed_colours
    assert len({grown.colours[label] for label in (*BOTH, *seed_colours)}) == 4
    exported = colours_for(briefing_for(["Liberterra II", *BOTH], folder=editions_dataset))
    assert exported["Liberterra II"] == OKABE_ITO[1]
    assert exported["Global Chain 2024"] == grown.colours["Global Chain 2024"]


def test_an_export_asked_for_a_bare_name_covers_every_edition(editions_dataset):
    briefing = briefing_for(["Global Chain"], folder=editions_dataset)
    figures = briefing.table("figures")
    assert set(figures["operation"].dropna()) == set(BOTH)
    with pytest.raises(ValueError, match="Unknown operation"):
        briefing_for(["Coral"], folder=editions_dataset)
