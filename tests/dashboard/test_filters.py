"""Filtering and shaping the seed dataset, without Streamlit: what each view will show."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.filters import Filters, apply_filters, op_label, sanitise, search_quotes
from dashboard.geometry import build_geometry, fit_view
from dashboard.names import country_names
from dashboard.state import filters_from_params, params_from_filters
from dashboard.summaries import (
    country_summary,
    figure_claims,
    headline_table,
    quote_cards,
    report_order,
    sources_table,
    timeline_frame,
)
from dashboard.theme import MULTI_OPERATION, UNATTRIBUTED_LABEL, operation_colours
from dashboard.views.map import build_deck, country_colour

LIBERTAD_COUNTRIES = {
    "ATG",
    "ABW",
    "BRB",
    "BLZ",
    "BRA",
    "CUW",
    "GUY",
    "JAM",
    "LCA",
    "VCT",
    "TTO",
    "TCA",
    "VEN",
}
MAP_PAYLOAD_LIMIT = 600_000


@pytest.fixture(scope="module")
def geometry():
    return build_geometry()


def summary_for(prepared, geometry, **filters):
    view = apply_filters(prepared, Filters(**filters))
    names = country_names(view.country_roles["iso3"].unique(), geometry)
    return view, country_summary(view, names, prepared.dataset.texts)


def test_operations_are_offered_by_start_date_with_unattributed_last(options):
    assert options.operations[:2] == ("Libertad", "Liberterra II")
    assert options.operations[-1] == UNATTRIBUTED_LABEL
    assert options.years == (2018, 2024)


def test_no_filter_keeps_every_report(prepared, options):
    view = apply_filters(prepared, Filters(), options)
    assert set(view.reports["op_label"]) == set(options.operations)
    assert len(view.articles) == len(prepared.articles) == 5


def test_operation_filter_keeps_only_that_operation(prepared, geometry):
    view, summary = summary_for(prepared, geometry, operations=("Liberterra II",))
    assert set(view.reports["op_label"]) == {"Liberterra II"}
    assert {"ARG", "PHL"} <= set(summary["iso3"])
    assert not LIBERTAD_COUNTRIES & set(summary["iso3"])
    assert set(view.figures["op_label"]) == {"Liberterra II"}


def test_libertad_map_has_its_thirteen_countries_and_roles(prepared, geometry):
    _, summary = summary_for(prepared, geometry, operations=("Libertad",))
    roles = dict(zip(summary["iso3"], summary["role"], strict=True))
    assert LIBERTAD_COUNTRIES <= set(roles)
    assert roles["BRB"] == "coordinator"
    assert roles["CAN"] == "funder"
    assert roles["FRA"] == "supporter" and roles["ARG"] == "supporter"


def test_unattributed_report_is_never_merged_into_an_operation(prepared):
    claims = figure_claims(apply_filters(prepared, Filters()))
    libertad = claims[claims["op_label"] == "Libertad"]
    assert "250+" not in set(libertad["claim"])
    unattributed = claims[claims["op_label"] == UNATTRIBUTED_LABEL]
    assert {"250+", "100+", "hundreds"} <= set(unattributed["claim"])
    assert all(report.startswith("Unattributed") for report in unattributed["report"])


def test_headline_table_shows_qualifiers_and_source_counts(prepared):
    view = apply_filters(prepared, Filters())
    table = headline_table(figure_claims(view), report_order(view))
    rows = {(row.report, row.metric): row for row in table.itertuples()}
    assert rows[("Libertad", "officers_involved")].summary.startswith("500+")
    assert rows[("Liberterra II", "victims_rescued")].bar_value == 3222
    assert rows[("Liberterra II", "migrants_identified")].bar_value == 17793
    libertad_victims = rows[("Libertad", "victims_rescued")]
    assert "350" in libertad_victims.summary
    assert libertad_victims.n_sources >= 2
    assert table["agree"].all(), "no two seed sources state different numbers"
    worded = table[table["wording"].astype(bool)]
    assert any("250+" in wording and "hundreds" in wording for wording in worded["wording"])


def test_year_filter_drops_the_other_operation(prepared):
    view = apply_filters(prepared, Filters(years=(2024, 2024)))
    assert set(view.reports["op_label"]) == {"Liberterra II"}
    view = apply_filters(prepared, Filters(years=(2018, 2018)))
    assert "Liberterra II" not in set(view.reports["op_label"])
    assert "Libertad" in set(view.reports["op_label"])


def test_country_filter_keeps_reports_naming_it(prepared):
    view = apply_filters(prepared, Filters(countries=("PHL",)))
    assert set(view.country_roles["iso3"]) == {"PHL"}
    assert set(view.reports["op_label"]) == {"Liberterra II"}
    assert set(view.quotes["op_label"]) <= {"Liberterra II"}


def test_role_filter_keeps_only_that_role(prepared):
    view = apply_filters(prepared, Filters(roles=("coordinator",)))
    assert set(view.country_roles["role"]) == {"coordinator"}
    assert "BRB" in set(view.country_roles["iso3"])


def test_source_filter_keeps_one_article(prepared):
    jurist = prepared.articles.loc[prepared.articles["publisher"] == "JURIST", "article_id"].iloc[0]
    view = apply_filters(prepared, Filters(sources=(jurist,)))
    assert list(view.articles["article_id"]) == [jurist]
    assert set(sources_table(view)["publisher"]) == {"JURIST"}


def test_contradictory_filters_give_an_empty_view(prepared):
    view = apply_filters(prepared, Filters(operations=("Libertad",), countries=("PHL",)))
    assert view.is_empty
    assert view.figures.empty and view.quotes.empty and view.country_roles.empty


def test_sanitise_drops_unknown_values_with_a_message(options):
    clean, problems = sanitise(
        Filters(operations=("Libertad", "Nope"), countries=("XXX",), years=(1990, 1991)), options
    )
    assert clean.operations == ("Libertad",)
    assert clean.countries == () and clean.years is None
    assert len(problems) == 3


def test_url_parameters_round_trip(options):
    filters = Filters(
        operations=("Liberterra II", UNATTRIBUTED_LABEL),
        years=(2019, 2024),
        countries=("ARG",),
        roles=("participant",),
        sources=("abc",),
        quote_search="smuggling",
    )
    params = params_from_filters(filters, options.years)
    as_lists = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    parsed, problems = filters_from_params(as_lists)
    assert parsed == filters and problems == []
    assert params_from_filters(Filters(years=options.years), options.years) == {}


def test_bad_url_parameters_are_reported_not_fatal():
    parsed, problems = filters_from_params({"years": ["last week"], "zoom": ["3"]})
    assert parsed.years is None
    assert len(problems) == 2


def test_quote_cards_group_the_same_words(prepared):
    view = apply_filters(prepared, Filters())
    cards = quote_cards(view)
    assert len(cards) < view.quotes["quote_id"].nunique(), "a split quote joins its whole"
    for card in cards:
        carrying = view.quotes.loc[view.quotes["quote_id"] == card["quote_id"], "article_id"]
        assert set(carrying) <= {source["article_id"] for source in card["sources"]}
        assert all(
            source["url"] is None or source["url"].startswith("http") for source in card["sources"]
        )


def test_quote_search_matches_words_and_speaker(prepared):
    quotes = apply_filters(prepared, Filters()).quotes
    found = search_quotes(quotes, "coffins")
    assert not found.empty and found["text"].str.contains("coffins").all()
    assert not search_quotes(quotes, "kolcu").empty
    assert search_quotes(quotes, "zzzz-no-such-word").empty


def test_timeline_has_both_operation_intervals(prepared):
    frame = timeline_frame(apply_filters(prepared, Filters()))
    intervals = frame[frame["kind"] == "operation"].set_index("report")
    assert str(intervals.loc["Libertad", "start"].date()) == "2018-04-03"
    assert str(intervals.loc["Libertad", "end"].date()) == "2018-04-09"
    assert str(intervals.loc["Liberterra II", "start"].date()) == "2024-09-29"
    assert str(intervals.loc["Liberterra II", "end"].date()) == "2024-10-04"


def test_map_payload_is_small_and_has_no_base_map(prepared, geometry, options):
    colours = operation_colours(options.operations)
    _, summary = summary_for(prepared, geometry)
    spec = build_deck(summary, geometry, colours).to_json()
    assert len(spec.encode()) < MAP_PAYLOAD_LIMIT
    deck = json.loads(spec)
    assert "mapProvider" not in deck or deck["mapProvider"] in (None, "")
    assert {layer["id"] for layer in deck["layers"]} >= {"land", "countries", "markers"}


def test_map_styles_small_territories_and_multi_operation_countries(prepared, geometry, options):
    colours = operation_colours(options.operations)
    _, summary = summary_for(prepared, geometry, operations=("Libertad", "Liberterra II"))
    deck = json.loads(build_deck(summary, geometry, colours).to_json())
    layers = {layer["id"]: layer for layer in deck["layers"]}
    marked = {item["iso3"] for item in layers["markers"]["data"]}
    assert {"ABW", "CUW", "BRB", "LCA", "VCT", "ATG", "TCA"} <= marked
    argentina = summary.set_index("iso3").loc["ARG"]
    assert country_colour(argentina["operations"], colours) == MULTI_OPERATION
    assert len(layers["coordinator-rings"]["data"]) >= 1


def test_tooltip_fields_are_text_that_streamlit_escapes_once(prepared, geometry, options):
    colours = operation_colours(options.operations)
    _, summary = summary_for(prepared, geometry)
    summary = summary.copy()
    summary.loc[summary.index[0], "roles_text"] = "<img src=x onerror=alert(1)> 'x' {name}"
    deck = json.loads(build_deck(summary, geometry, colours).to_json())
    roles = [
        item["roles"]
        for layer in deck["layers"]
        if layer["id"] == "countries"
        for item in layer["data"]
    ]
    assert "<img src=x onerror=alert(1)> 'x' {\u2060name}" in roles, "no field named, no entity"
    assert not any("&lt;" in text or "&#" in text for text in roles)


def test_view_fits_the_caribbean_for_libertad_and_the_world_for_liberterra(geometry):
    caribbean = fit_view(geometry, sorted(LIBERTAD_COUNTRIES))
    assert -80 < caribbean.longitude < -40 and -20 < caribbean.latitude < 25
    assert caribbean.zoom > 1.5
    world = fit_view(geometry, ["ARG", "PHL"])
    assert world.zoom < 1.5


def test_op_label_of_missing_operation_is_unattributed():
    assert op_label(None) == UNATTRIBUTED_LABEL
    assert op_label("") == UNATTRIBUTED_LABEL
    assert op_label("Libertad") == "Libertad"


def test_geometry_cache_is_reused_and_rebuilt_when_damaged(tmp_path):
    first = build_geometry(tmp_path)
    [cached] = list(tmp_path.glob("map-geometry-*.json"))
    assert build_geometry(tmp_path).countries["VCT"] == first.countries["VCT"]
    cached.write_text("{not json")
    rebuilt = build_geometry(tmp_path)
    assert rebuilt.display_names["VCT"] == "Saint Vincent and the Grenadines"
    assert rebuilt.countries["ABW"].is_small and not rebuilt.countries["BRA"].is_small


def test_chart_builders_give_valid_vega_lite(prepared, options):
    """The page skips schema validation for speed, so every chart is validated here."""
    from dashboard.views.figures import figures_chart
    from dashboard.views.timeline import timeline_chart

    colours = operation_colours(options.operations)
    for filters in (Filters(), Filters(operations=("Liberterra II",))):
        view = apply_filters(prepared, filters, options)
        order = report_order(view)
        claims = figure_claims(view)
        for chart in (
            timeline_chart(timeline_frame(view), colours, order),
            figures_chart(headline_table(claims, order), claims, colours, order),
        ):
            assert chart.to_dict(validate=True)


def test_the_map_key_is_well_formed_svg_with_every_label_escaped(options):
    from xml.etree import ElementTree

    from dashboard.theme import MULTI_OPERATION_LABEL
    from dashboard.views.map import legend_svg

    hostile = '"><svg onload=alert(1)><b>x</b>'
    operations = [*options.operations, hostile]
    svg = ElementTree.fromstring(legend_svg(operations, operation_colours(operations)))
    tags = {element.tag.rsplit("}", 1)[-1] for element in svg.iter()}
    assert tags == {"svg", "g", "rect", "circle", "text"}
    labels = {element.text for element in svg.iter() if element.tag.endswith("text")}
    named = [label for label in options.operations if label != UNATTRIBUTED_LABEL]
    assert set(named) <= labels
    assert "Only in unattributed reports" in labels
    assert MULTI_OPERATION_LABEL in labels
    assert hostile in labels


def test_a_mere_mention_does_not_make_a_country_multi_operation(prepared, geometry):
    _view, summary = summary_for(prepared, geometry)
    by_country = summary.set_index("iso3")
    assert by_country.loc["CAN", "operations"] == ["Libertad"]
    assert by_country.loc["ARG", "operations"] == ["Libertad", "Liberterra II"]


def test_the_libertad_map_is_fitted_to_where_it_acted_not_to_its_funders(prepared, geometry):
    from dashboard.views.map import focus_countries

    _view, summary = summary_for(prepared, geometry, operations=("Libertad",))
    focus = set(focus_countries(summary))
    assert focus == LIBERTAD_COUNTRIES
    everything = fit_view(geometry, summary["iso3"].tolist())
    assert fit_view(geometry, sorted(focus)).zoom > everything.zoom


def test_an_article_is_never_named_by_its_file(prepared):
    from dashboard.filters import source_label

    for row in prepared.articles.to_dict("records"):
        assert row["file"] not in row["source_label"]
        assert not row["source_label"].startswith("Untitled"), "the build infers a title"
    assert source_label({"file": "x.txt", "article_id": "ab12"}) == "Untitled article (ab12)"
    assert source_label({"file": "x.txt", "published_date": "2020-01-02", "article_id": "ab"}) == (
        "Untitled article of 2020-01-02 (ab)"
    )
    assert source_label({"publisher": "JURIST", "title": None}) == "JURIST"


def test_the_page_data_for_one_operation_holds_only_that_operation(prepared, options, geometry):
    from dashboard.page import page_data

    names = country_names(options.countries, geometry)
    page = page_data(prepared, options, Filters(operations=("Liberterra II",)), names)
    assert page.operations == ["Liberterra II"]
    assert page.report_order == ["Liberterra II"]
    assert {"ARG", "PHL"} <= set(page.summary["iso3"])
    assert set(page.claims["op_label"]) == {"Liberterra II"}
    assert set(page.timeline["report"]) == {"Liberterra II"}
    assert len(page.sources) == len(page.view.articles) >= 1


def test_a_map_seen_before_is_reused_and_is_the_map_the_build_makes(prepared, options, geometry):
    from dashboard.views.map import remembered_deck

    colours = operation_colours(options.operations)
    _view, libertad = summary_for(prepared, geometry, operations=("Libertad",))
    _view, liberterra = summary_for(prepared, geometry, operations=("Liberterra II",))
    first = remembered_deck(libertad, geometry, colours, "app/static/land.json")
    assert remembered_deck(libertad.copy(), geometry, colours, "app/static/land.json") is first
    assert (
        first.to_json() == build_deck(libertad, geometry, colours, "app/static/land.json").to_json()
    )
    assert remembered_deck(liberterra, geometry, colours, "app/static/land.json") is not first
    assert remembered_deck(libertad, geometry, colours, None) is not first


def test_remembered_results_are_made_once_and_the_oldest_forgotten_first():
    from dashboard.memo import Remembered, fingerprint

    made = []
    memo = Remembered(2)

    def make(value):
        made.append(value)
        return value * 10

    assert memo.get("a", lambda: make(1)) == 10
    assert memo.get("a", lambda: make(99)) == 10
    memo.get("b", lambda: make(2))
    memo.get("a", lambda: make(99))
    memo.get("c", lambda: make(3))
    assert memo.get("b", lambda: make(4)) == 40, "b was the least recently used"
    assert made == [1, 2, 3, 4] and len(memo) == 2
    frame = pd.DataFrame({"x": [1, 2]})
    assert fingerprint((frame, {"k": 1})) == fingerprint((frame.copy(), {"k": 1}))
    assert fingerprint((frame, {"k": 1})) != fingerprint((frame.assign(x=[1, 3]), {"k": 1}))


def test_the_sources_table_marks_what_was_inferred_and_leaves_unknowns_empty(prepared, options):
    """What an article does not say stays empty (shown as a grey None), never "Unknown"."""
    table = sources_table(apply_filters(prepared, Filters(), options))
    articles = prepared.articles.set_index("article_id")
    for row in table.to_dict("records"):
        article = articles.loc[row["article_id"]]
        inferred = (
            str(article["inferred_fields"]) if isinstance(article["inferred_fields"], str) else ""
        )
        if "title" in inferred:
            assert row["title"] == f"{article['title']} (inferred)"
        else:
            assert row["title"] == article["title"]
        if not isinstance(article["publisher"], str):
            assert pd.isna(row["publisher"])
        assert article["file"] not in row["title"] + row["cite"]
    assert "Unknown" not in set(table["publisher"].dropna())
    assert table["publisher"].isna().any(), "the seeds include articles with no outlet"
    published = dict(zip(table["publisher"].fillna(""), table["published"], strict=True))
    assert published["JURIST"] == "November 2024 (inferred)", "its address holds /2024/11/"


def test_a_quote_card_gives_each_outlet_its_date_once(prepared, options):
    from dashboard.safe import escape_markdown
    from dashboard.views.quotes import card_markdown

    view = apply_filters(prepared, Filters(operations=("Libertad",)), options)
    cards = quote_cards(view, "")
    assert any(not card["sources"][0]["publisher"] for card in cards), "a seed names no outlet"
    for card in cards:
        text = card_markdown(card)
        for source in card["sources"]:
            if source.get("date"):
                assert text.count(escape_markdown(source["date"])) == 1, text
