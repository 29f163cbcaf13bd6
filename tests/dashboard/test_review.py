"""Low-confidence facts: marked on every surface, listed by the "Needs review" filter, exported.

The dataset is built in tmp_path from an invented article about an invented operation
whose last paragraph is about another matter ("Separately, police in Peru ..."): the
extractor gives Peru's role, the 40 arrests and the spokesman's quote low confidence
there (outside every paragraph about an operation), and everything else high or medium.
The seed dataset has no low-confidence fact, which makes it the empty state.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.exports import Briefing, briefing_for
from dashboard.exports.citations import quotes_markdown, quotes_text
from dashboard.exports.content import has_doubt, key_figures
from dashboard.exports.data_export import map_geojson, tables_zip
from dashboard.filters import Filters
from dashboard.review import LEGEND
from dashboard.state import filters_from_params, params_from_filters
from dashboard.views import review, sidebar
from ingest.build import build
from tests.dashboard.conftest import APP
from tests.dashboard.test_app import claims_table, map_countries, map_spec, markdown_text, param

TIDEWATER = """Operation Tidewater frees 120 victims in the Andes

Police in Bolivia and Ecuador rescued 120 victims of human trafficking during Operation \
Tidewater, which ran from 3 to 9 March 2025, INTERPOL said.

"We followed the money across two borders," said Lena Marsh, head of the regional unit at \
INTERPOL.

Separately, police in Peru arrested 9 people. Officers arrested 40 suspects in a raid on a \
port warehouse. "This was a separate smuggling case," said Tomas Reyes, a police spokesman.
"""
PERU_RULE = "participant.subject.arrested"
PERU_RULE_MD = PERU_RULE.replace(".", "\\.")
"""The rule id as escaped Markdown shows it."""


@pytest.fixture(scope="module")
def review_place(tmp_path_factory):
    """A corpus of the invented article and the dataset built from it."""
    root = tmp_path_factory.mktemp("review")
    corpus, dataset = root / "corpus", root / "data" / "built"
    corpus.mkdir()
    (corpus / "tidewater.txt").write_text(TIDEWATER, encoding="utf-8")
    build(corpus, dataset, warn=lambda _: None)
    return corpus, dataset


@pytest.fixture
def review_app(review_place, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(review_place[1]))

    def make(**query_params) -> AppTest:
        test = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in query_params.items():
            test.query_params[key] = value
        return test

    return make


def run(test: AppTest) -> AppTest:
    test.run()
    assert not test.exception, test.exception
    return test


def review_entries(at) -> list[str]:
    return [element.value for element in at.markdown if element.value.startswith("**? ")]


def test_the_dataset_has_the_low_facts_the_tests_rely_on(review_place):
    roles = pd.read_csv(review_place[1] / "country_roles.csv", dtype=str, keep_default_na=False)
    low = roles[roles["confidence"] == "low"]
    assert list(low["iso3"]) == ["PER"] and list(low["rule_id"]) == [PERU_RULE]
    assert set(roles.loc[roles["confidence"] != "low", "iso3"]) == {"BOL", "ECU"}


def test_the_review_link_shows_the_list_with_its_count_and_restricts_the_page(review_app):
    at = run(review_app(review="1"))
    assert at.toggle(key=sidebar.KEY_REVIEW).value is True
    assert "Needs review" in [s.value for s in at.subheader]
    text = markdown_text(at)
    assert "**3 facts need review**" in text
    entries = review_entries(at)
    assert len(entries) == 3
    peru = next(entry for entry in entries if "Country role" in entry)
    assert ":orange-background[**Peru**]" in peru, "the evidence span is highlighted"
    assert PERU_RULE_MD in peru
    assert "outside every paragraph about an operation" in peru
    assert any("Figure" in entry and "40" in entry for entry in entries)
    assert any("Quote" in entry and "Tomas Reyes" in entry for entry in entries)
    assert map_countries(at) == {"PER"}, "the map shows only the facts that need review"
    assert set(claims_table(at)["Figure"]) == {"Arrests"}
    assert "separate smuggling case" in text and "followed the money" not in text
    assert any("only the low-confidence" in caption.value for caption in at.caption)
    assert param(at, "review") == ["1"]


def test_the_toggle_writes_the_link_and_turning_it_off_removes_it(review_app):
    at = run(review_app())
    assert "Needs review" not in [s.value for s in at.subheader]
    assert "review" not in at.query_params
    at.toggle(key=sidebar.KEY_REVIEW).set_value(True)
    run(at)
    assert param(at, "review") == ["1"]
    assert len(review_entries(at)) == 3
    at.toggle(key=sidebar.KEY_REVIEW).set_value(False)
    run(at)
    assert "review" not in at.query_params
    assert not review_entries(at)
    assert {"BOL", "ECU", "PER"} <= map_countries(at)


def test_with_nothing_to_review_the_list_says_so(app):
    at = run(app(review="1"))
    assert "Needs review" in [s.value for s in at.subheader]
    assert any("No fact in view needs review" in info.value for info in at.info)
    assert not review_entries(at)


def test_a_filter_that_leaves_no_low_fact_gives_the_empty_state(review_app):
    at = run(review_app(review="1", op="Tidewater"))
    assert any("No fact in view needs review" in info.value for info in at.info)


def test_low_facts_are_marked_on_the_map_the_figures_the_quotes_and_in_provenance(review_app):
    at = run(review_app())
    layers = {layer["id"]: layer for layer in map_spec(at)["layers"]}
    peru = next(item for item in layers["countries"]["data"] if item["iso3"] == "PER")
    bolivia = next(item for item in layers["countries"]["data"] if item["iso3"] == "BOL")
    assert peru["name"] == "Peru ?" and "outside every paragraph" in peru["doubt"]
    assert bolivia["doubt"] == "" and peru["fill"][3] < bolivia["fill"][3], "drawn lighter"
    claims = claims_table(at)
    assert "40?" in set(claims["Claim"]) and "low" in set(claims["Confidence"])
    cards = markdown_text(at)
    assert ":orange[**?**] **“This was a separate smuggling case”**" in cards
    at.selectbox(key="evidence_country").set_value("PER")
    run(at)
    said = markdown_text(at)
    assert f"rule {PERU_RULE_MD} · low confidence" in said
    assert "? low confidence\\: outside every paragraph" in said


def test_the_review_state_round_trips_through_the_link():
    filters, problems = filters_from_params({"review": ["1"], "op": ["Libertad"]})
    assert filters.needs_review and not problems
    assert params_from_filters(filters, None) == {"op": ["Libertad"], "review": "1"}
    assert "review" not in params_from_filters(Filters(), None)
    assert not filters_from_params({"review": ["0"]})[0].needs_review


def test_an_entry_escapes_the_doubt_and_the_article_words():
    item = {
        "kind": "Country role",
        "fact": "Georgia: participant",
        "report": "unattributed report",
        "article_id": "a",
        "source": "<b>Outlet</b>",
        "span_start": 0,
        "span_end": 7,
        "rule_id": "check.event-in",
        "doubt": "“Georgia” :red[can] <script>alert(1)</script> be a US state",
    }
    shown = review.entry_markdown(item, {"a": "Georgia sent [police](javascript:x)."})
    assert "<script>" not in shown and "<b>" not in shown and ":red[" not in shown
    assert "](javascript" not in shown


def test_exports_mark_low_facts_and_carry_confidence(review_place):
    briefing = briefing_for(folder=review_place[1])
    assert has_doubt(briefing)
    headlines = {kf.label: kf.headline for kf in key_figures(briefing)}
    assert headlines["Arrests"] == "40?"
    text = quotes_text(briefing).decode()
    assert "? “This was a separate smuggling case”" in text
    assert "low confidence: outside every paragraph" in text and LEGEND in text
    markdown = quotes_markdown(briefing).decode()
    assert "? “This was a separate smuggling case”" in markdown and "check the source" in markdown
    with zipfile.ZipFile(io.BytesIO(tables_zip(briefing))) as archive:
        for name in ("mentions", "country_roles", "figures", "quotes", "operations"):
            frame = pd.read_csv(archive.open(f"{name}.csv"), dtype=str, keep_default_na=False)
            assert {"rule_id", "confidence", "doubt"} <= set(frame.columns), name
        roles = pd.read_csv(archive.open("country_roles.csv"), dtype=str, keep_default_na=False)
        assert roles.set_index("iso3").loc["PER", "confidence"] == "low"
        assert "| confidence |" in archive.read("README.md").decode()
    features = json.loads(map_geojson(briefing))["features"]
    peru = next(feature for feature in features if feature["id"] == "PER")
    assert peru["properties"]["confidence"] == "low"


def test_slides_and_the_pdf_mark_low_facts_with_the_legend_line(review_place):
    from pypdf import PdfReader

    from dashboard.exports.images import map_svg, timeline_svg
    from dashboard.exports.pdf import briefing_pdf

    briefing = briefing_for(folder=review_place[1])
    page = PdfReader(io.BytesIO(briefing_pdf(briefing))).pages[0].extract_text()
    assert "Arrests 40? [1]" in page and LEGEND in page
    slide = map_svg(briefing).decode()
    assert "Peru ?" in slide and "check the source" in slide
    assert "40?" in timeline_svg(briefing).decode()


def test_a_briefing_without_low_facts_has_no_legend_line(built_dataset):
    briefing = briefing_for(folder=built_dataset)
    assert not has_doubt(briefing)
    assert LEGEND not in quotes_text(briefing).decode()
    assert isinstance(briefing, Briefing)


def add_page(corpus: str, dataset: str) -> None:
    from pathlib import Path

    from dashboard.views import add_article

    add_article.render(Path(corpus), Path(dataset))


def test_the_preview_shows_each_facts_rule_and_confidence(review_place):
    corpus, dataset = review_place
    at = AppTest.from_function(add_page, args=(str(corpus), str(dataset)), default_timeout=60)
    at.run()
    at.text_area(key="add-text").set_value(TIDEWATER)
    at.run()
    assert not at.exception
    tables = [element.value for element in at.dataframe]
    countries = next(frame for frame in tables if "ISO3" in frame.columns)
    peru = countries.set_index("ISO3").loc["PER"]
    assert peru["Rule"] == PERU_RULE and peru["Confidence"] == "low ?"
    assert "outside every paragraph" in peru["Why in doubt"]
    assert countries.set_index("ISO3").loc["BOL", "Confidence"] == "high"
    figures = next(frame for frame in tables if "Metric" in frame.columns)
    assert set(figures["Rule"]) >= {"figure.verb-before"}
    operations = next(frame for frame in tables if "Starts" in frame.columns)
    assert list(operations["Rule"]) == ["dates.range-with-year"]


def test_the_corrections_form_shows_the_rule_of_the_fact(review_place):
    corpus, dataset = review_place
    at = AppTest.from_function(add_page, args=(str(corpus), str(dataset)), default_timeout=60)
    at.run()
    roles = pd.read_csv(dataset / "country_roles.csv", dtype=str, keep_default_na=False)
    article_id = roles.set_index("iso3").loc["PER", "article_id"]
    at.selectbox(key="fix-article").set_value(article_id).run()
    fact = at.selectbox(key="fix-fact")
    peru = next(option for option in fact.options if "Peru" in option)
    assert "? low confidence" in peru
    fact.select(peru)
    at.run()
    assert not at.exception
    shown = "\n".join(caption.value for caption in at.caption).replace("\\", "")
    assert f"Read by rule **{PERU_RULE}** · low confidence" in shown


def test_the_page_shows_the_sentence_the_extractor_read():
    from dashboard.provenance import evidence
    from ingest.doc import Doc

    text = (
        "Raids In Three Countries\n\n"
        "Police in Peru freed 9 women. Officers in Chile arrested 3 men, said Dr. Ana Ruiz.\n"
    )
    start = text.index("Chile")
    found = evidence(text, start, start + len("Chile"))
    sentence = Doc.of(text).sentence_at(start)
    assert found.sentence == sentence.of(text)
    headline = evidence(text, 0, len("Raids"))
    assert headline.sentence == "Raids In Three Countries"
