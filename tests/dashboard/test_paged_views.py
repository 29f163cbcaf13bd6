"""Long lists a page at a time, and a map whose size follows the countries, not the corpus.

The large datasets are built by the real CLI from corpora recombined from the seed
articles (`benchmarks/make_corpus.py`, seed text only), in a temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.make_corpus import write_corpus
from dashboard.dataset import read_dataset
from dashboard.filters import Filters, filter_options, prepare
from dashboard.geometry import build_geometry
from dashboard.names import country_names
from dashboard.page import page_data
from dashboard.summaries import quote_cards
from dashboard.views import map as map_view
from dashboard.views import quotes, sources
from dashboard.views.map import build_deck
from tests.dashboard.conftest import APP

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def build(folder: Path, count: int) -> Path:
    corpus, out = folder / f"corpus-{count}", folder / f"dataset-{count}"
    write_corpus(count, corpus, sources=[SEEDS], warn=lambda message: None)
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("paged")
    return {count: build(folder, count) for count in (40, 120)}


def view_of(folder: Path):
    prepared = prepare(read_dataset(folder))
    options = filter_options(prepared)
    geometry = build_geometry()
    names = country_names(options.countries, geometry)
    return prepared, options, geometry, page_data(prepared, options, Filters(), names)


def captions(at) -> str:
    return "\n".join(caption.value for caption in at.caption)


def run(test):
    test.run()
    assert not test.exception, test.exception
    return test


def test_a_large_dataset_shows_one_page_of_quotes_and_sources_with_the_count(datasets, monkeypatch):
    prepared, _, _, page = view_of(datasets[120])
    cards = quote_cards(page.view, "", prepared.dataset.texts)
    assert len(cards) > quotes.PAGE_SIZE and len(page.sources) > sources.PAGE_SIZE
    monkeypatch.setenv("ATLAS_DATA_DIR", str(datasets[120]))
    at = run(AppTest.from_file(str(APP), default_timeout=120))

    said = captions(at)
    assert f"Showing 1–{quotes.PAGE_SIZE} of {len(cards)} distinct quotes" in said, said
    assert f"Showing 1–{sources.PAGE_SIZE} of {len(page.sources)} articles" in said, said
    table = next(frame.value for frame in at.dataframe if "Title" in frame.value.columns)
    assert len(table) == sources.PAGE_SIZE
    widest = max(len(card["sources"]) for card in cards)
    assert widest > quotes.SOURCES_QUOTED
    byline = f"carried by {widest} outlets: "
    [card] = [md.value for md in at.markdown if byline in md.value]
    assert card.endswith(f"; and {widest - quotes.OUTLETS_NAMED} more]"), card
    assert f"… and {widest - quotes.SOURCES_QUOTED} more articles" in said

    at.button(key=f"{quotes.PAGER_KEY}-next").click()
    run(at)
    last = min(2 * quotes.PAGE_SIZE, len(cards))
    assert f"Showing {quotes.PAGE_SIZE + 1}–{last} of {len(cards)}" in captions(at)
    assert at.button(key=f"{quotes.PAGER_KEY}-previous").disabled is False


def test_a_search_comes_before_the_page_and_starts_it_again(datasets, monkeypatch):
    _, _, _, page = view_of(datasets[120])
    monkeypatch.setenv("ATLAS_DATA_DIR", str(datasets[120]))
    at = run(AppTest.from_file(str(APP), default_timeout=120))
    at.button(key=f"{sources.PAGER_KEY}-next").click()
    run(at)
    assert f"Showing {sources.PAGE_SIZE + 1}–" in captions(at)

    title = page.sources["title"].iloc[-1]
    word = max(title.split(), key=len)
    matching = page.sources["title"].str.contains(word, case=False, regex=False).sum()
    at.text_input(key=sources.SEARCH_KEY).set_value(word)
    run(at)
    table = next(frame.value for frame in at.dataframe if "Title" in frame.value.columns)
    assert len(table) == min(matching, sources.PAGE_SIZE)
    assert all(word.casefold() in title.casefold() for title in table["Title"])
    said = captions(at)
    assert f"Showing {sources.PAGE_SIZE + 1}–" not in said, "the search did not start at page 1"


def test_the_seed_dataset_fits_one_page_with_no_page_control(app):
    at = run(app())
    said = captions(at)
    assert "5 articles. A grey" in said
    assert " distinct quotes · the same words" in said and "Showing" not in said
    assert not [b for b in at.button if (b.key or "").startswith(("quotes-", "sources-"))]


def deck_bytes(page, geometry, colours, countries: set[str]) -> int:
    summary = page.summary[page.summary["iso3"].isin(countries)]
    return len(build_deck(summary, geometry, colours, "app/static/land.json").to_json().encode())


def test_the_map_message_follows_the_countries_not_the_number_of_articles(datasets):
    small, large = view_of(datasets[40]), view_of(datasets[120])
    common = set(small[3].summary["iso3"]) & set(large[3].summary["iso3"])
    colours = large[1].colours
    sizes = [deck_bytes(view[3], view[2], colours, common) for view in (small, large)]
    assert len(large[3].view.articles) == 3 * len(small[3].view.articles)
    assert sizes[1] < 1.1 * sizes[0], f"three times the articles, map {sizes} bytes"
    whole = build_deck(large[3].summary, large[2], colours, "app/static/land.json").to_json()
    deck = json.loads(whole)
    [countries] = [layer for layer in deck["layers"] if layer["id"] == "countries"]
    assert len(countries["data"]) == len({item["iso3"] for item in countries["data"]})


def test_the_sentences_naming_a_country_come_a_page_at_a_time(datasets, monkeypatch):
    _, _, _, page = view_of(datasets[120])
    counts = page.view.mentions["iso3"].value_counts()
    country, times = counts.index[0], int(counts.iloc[0])
    assert times > map_view.EVIDENCE_PAGE_SIZE
    monkeypatch.setenv("ATLAS_DATA_DIR", str(datasets[120]))
    at = run(AppTest.from_file(str(APP), default_timeout=120))
    at.selectbox(key="evidence_country").set_value(country)
    run(at)
    heading = next(md.value for md in at.markdown if " is named " in md.value)
    assert heading.endswith(f"is named {times} times (sentences 1–{map_view.EVIDENCE_PAGE_SIZE}):")
    at.button(key=f"{map_view.EVIDENCE_PAGER_KEY}-next").click()
    run(at)
    heading = next(md.value for md in at.markdown if " is named " in md.value)
    last = min(2 * map_view.EVIDENCE_PAGE_SIZE, times)
    assert f"(sentences {map_view.EVIDENCE_PAGE_SIZE + 1}–{last})" in heading
