"""The Add-article page says which operation and edition an article joins, and lets it move.

Runs the page under AppTest on a copy of the seeds plus an invented 2024 edition of an
annual operation, so saving writes and rebuilds real files in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views.add_article import KEY_EDITION, KEY_NEW_EDITION, NEW_EDITION
from ingest.build import build
from ingest.linking import EDITIONS_NAME
from tests.ingest.test_editions import EDITION_2024, EDITION_2025, UNDATED_2025


def page(corpus: str, dataset: str) -> None:
    """The page alone (AppTest runs this function's source, so it imports what it needs)."""
    from pathlib import Path

    from dashboard.views import add_article

    add_article.render(Path(corpus), Path(dataset))


@pytest.fixture()
def place(tmp_path, seed_dir):
    corpus, dataset = tmp_path / "corpus", tmp_path / "data" / "seed"
    shutil.copytree(seed_dir, corpus)
    (corpus / "gc_2024.txt").write_text(EDITION_2024, encoding="utf-8")
    build(corpus, dataset, warn=lambda _: None)
    return corpus, dataset


@pytest.fixture()
def at(place) -> AppTest:
    corpus, dataset = place
    test = AppTest.from_function(page, args=(str(corpus), str(dataset)), default_timeout=60)
    return test.run()


def shown(elements) -> str:
    return "\n".join(element.value for element in elements).replace("\\", "")


def paste(at, text: str, published: dt.date | None = None) -> AppTest:
    at.text_area(key="add-text").input(text)
    if published:
        at.date_input(key="add-date").set_value(published)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_report_of_the_same_year_joins_and_its_other_figure_is_flagged(at):
    paste(at, UNDATED_2025, dt.date(2024, 7, 1))
    text = shown(at.markdown)
    assert "Joins **Global Chain**, already reported by 1 article." in text, text
    warnings = shown(at.warning)
    assert "Arrests: this article says 55" in warnings and "40" in warnings, warnings


def test_splitting_an_article_off_saves_it_as_its_own_edition(at, place):
    corpus, dataset = place
    paste(at, UNDATED_2025)
    assert "Joins **Global Chain**" in shown(at.markdown)
    at.selectbox(key=f"{KEY_EDITION}-0").set_value(NEW_EDITION).run()
    at.text_input(key=f"{KEY_NEW_EDITION}-0").input("2025").run()
    assert "Becomes a new operation: **Global Chain 2025**." in shown(at.markdown)
    disagreements = [w.value for w in at.warning if "does not state its outlet" not in w.value]
    assert not disagreements, "an undated article's only warning asks for its outlet and date"

    at.button(key="add-save").click().run()
    assert not at.exception, at.exception
    assert "added to the corpus" in shown(at.success)
    assert "Global Chain,2025" in (corpus / EDITIONS_NAME).read_text(encoding="utf-8")
    operations = pd.read_csv(dataset / "operations.csv", dtype=str, keep_default_na=False)
    gc = operations[operations["operation"] == "Global Chain"]
    assert sorted(gc["operation_id"]) == ["global-chain-2024", "global-chain-2025"]


def test_picking_an_edition_already_in_the_data_joins_it(at, place):
    _, dataset = place
    paste(at, EDITION_2025)
    assert "Becomes a new operation: **Global Chain 2025**." in shown(at.markdown)
    boxes = [box for box in at.selectbox if box.key.startswith(KEY_EDITION)]
    assert len(boxes) == 1, "the operation named in passing offers no choice"
    boxes[0].set_value("2024").run()
    joined = shown(at.markdown)
    assert "Joins **Global Chain**, already reported by 1 article." in joined, joined
    assert "Victims rescued: this article says 200" in shown(at.warning)


def test_a_typed_edition_that_is_no_year_or_numeral_is_refused(at, place):
    corpus, _ = place
    paste(at, UNDATED_2025)
    at.selectbox(key=f"{KEY_EDITION}-0").set_value(NEW_EDITION).run()
    at.text_input(key=f"{KEY_NEW_EDITION}-0").input("=1+1").run()
    assert "An edition is a year" in shown(at.error)
    at.button(key="add-save").click().run()
    assert not at.exception, at.exception
    assert not (corpus / EDITIONS_NAME).exists()
