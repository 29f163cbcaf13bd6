"""A session's year range survives a rebuild that moves the years the data covers.

Adding an article from a new year widens the year slider's bounds while other people
have the dashboard open. The real app runs under AppTest on a temporary copy of the seed
corpus and its dataset; an invented 2025 article is added and built into that copy (as
the "Add article" page does), and the session reruns.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.dataset import read_dataset
from dashboard.filters import prepare
from dashboard.views import sidebar
from ingest.add import add_article
from ingest.build import build

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
SEED_YEARS = (2018, 2024)
INVENTED_2025 = """Operation Lanternfish frees 31 victims on fishing boats off West Africa

Coast guards in Senegal and Gambia rescued 31 victims of forced labour and arrested 8
suspects during Operation Lanternfish, which ran from 3 to 9 February 2025, INTERPOL said.
"""


@pytest.fixture()
def place(tmp_path, seed_dir, built_dataset, monkeypatch) -> tuple[Path, Path]:
    """A copy of the seed corpus and of its dataset, which the app under test reads."""
    corpus, dataset = tmp_path / "corpus", tmp_path / "data" / "seed"
    shutil.copytree(seed_dir, corpus)
    shutil.copytree(built_dataset, dataset)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(dataset))
    return corpus, dataset


def add_a_2025_article(corpus: Path, dataset: Path) -> None:
    assert add_article(INVENTED_2025.encode(), corpus, name="invented").added
    assert build(corpus, dataset, warn=lambda _message: None).changed


def run(test: AppTest) -> AppTest:
    test.run()
    assert not test.exception, test.exception
    return test


def years_param(test: AppTest) -> list[str]:
    value = test.query_params.get("years", [])
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize(
    ("chosen", "kept", "link"),
    [
        ((2018, 2018), (2018, 2018), ["2018-2018"]),
        ((2020, 2024), (2020, 2024), ["2020-2024"]),
        (SEED_YEARS, (2018, 2025), []),
    ],
    ids=["narrowed", "up-to-the-old-last-year", "every-year"],
)
def test_the_chosen_years_survive_an_article_from_a_new_year(place, chosen, kept, link):
    """A range someone chose is kept as chosen (the link says so too); "every year" stays
    every year, now including 2025, as a link without years always meant."""
    at = run(AppTest.from_file(str(APP), default_timeout=90))
    assert at.slider(key=sidebar.KEY_YEARS).max == SEED_YEARS[1]
    at.slider(key=sidebar.KEY_YEARS).set_value(chosen)
    run(at)

    add_a_2025_article(*place)
    run(at)

    slider = at.slider(key=sidebar.KEY_YEARS)
    assert (slider.min, slider.max) == (2018, 2025)
    assert slider.value == kept
    assert years_param(at) == link
    run(at)
    assert at.slider(key=sidebar.KEY_YEARS).value == kept, "the range holds on later reruns"


def test_a_chosen_range_the_data_no_longer_fully_covers_is_cut_and_the_reader_told(place):
    """Articles leave the corpus (here, every report from the first year): the chosen
    range keeps the years the data still has, and a toast says so."""
    corpus, dataset = place
    add_a_2025_article(corpus, dataset)
    at = run(AppTest.from_file(str(APP), default_timeout=90))
    at.slider(key=sidebar.KEY_YEARS).set_value((2019, 2024))
    run(at)

    reports = prepare(read_dataset(dataset)).reports
    first_year = reports.loc[reports["year"] == reports["year"].min(), "article_id"]
    articles = read_dataset(dataset).articles.set_index("article_id")
    for file in articles.loc[sorted(set(first_year)), "file"]:
        (corpus / file).unlink()
    assert build(corpus, dataset, warn=lambda _message: None).changed
    run(at)

    slider = at.slider(key=sidebar.KEY_YEARS)
    assert (slider.min, slider.max, slider.value) == (2024, 2025, (2024, 2024))
    assert years_param(at) == ["2024-2024"]
    shown = [re.sub(r"\\(.)", r"\1", toast.value) for toast in at.toast]  # Markdown-escaped
    assert shown == ["The data now covers 2024–2025: the years you chose are now 2024–2024."]


@pytest.mark.parametrize(
    ("chosen", "before", "now", "expected", "told"),
    [
        ((2019, 2020), (2018, 2024), (2018, 2025), (2019, 2020), False),
        ((2018, 2024), (2018, 2024), (2018, 2025), (2018, 2025), False),
        ((2018, 2024), (2018, 2024), (2020, 2022), (2020, 2022), False),
        ((2018, 2020), (2018, 2024), (2019, 2024), (2019, 2020), True),
        ((2018, 2019), (2018, 2024), (2021, 2025), (2021, 2025), True),
        (None, None, (2018, 2025), (2018, 2025), False),
        ((2018, 2020), (2018, 2024), None, None, False),
    ],
    ids=["kept", "all-grows", "all-shrinks", "cut", "gone", "no-range-yet", "no-years"],
)
def test_carry_years(chosen, before, now, expected, told):
    years, messages = sidebar.carry_years(chosen, before, now)
    assert years == expected
    assert bool(messages) == told
