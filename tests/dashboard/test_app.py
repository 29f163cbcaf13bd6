"""The real dashboard/app.py under Streamlit's AppTest, on the dataset built from the seeds."""

from __future__ import annotations

import base64
import json

import pyarrow

from dashboard.views import sidebar

LIBERTAD_ONLY = {"JAM", "GUY", "BRB", "VCT"}


def map_spec(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert 1 <= len(charts) <= 2, "the page draws one map (and the close-up of crowded dots)"
    return json.loads(charts[0].proto.json)


def map_countries(at) -> set[str]:
    layers = {layer["id"]: layer for layer in map_spec(at)["layers"]}
    return {item["iso3"] for item in layers["countries"]["data"]} | {
        item["iso3"] for item in layers["markers"]["data"]
    }


def map_pictures(at) -> list[str]:
    """The SVG images beside the map (its key, then the close-up), sent as data URLs."""
    pictures = []
    for image in at.get("image"):
        url = image.proto.imgs[0].url
        assert url.startswith("data:image/svg+xml;base64,")
        pictures.append(base64.b64decode(url.split(",", 1)[1]).decode())
    return pictures


def map_key(at) -> str:
    """The map's key as SVG text."""
    [key] = [picture for picture in map_pictures(at) if "Colour: operation" in picture]
    return key


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def chart_values(at) -> str:
    """Every data value in every Vega-Lite chart (sent as Arrow tables), as one string."""
    frames = [
        pyarrow.ipc.open_stream(dataset.data.data).read_pandas()
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]
    return "\n".join(frame.to_csv(index=False) for frame in frames)


def param(at, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def claims_table(at):
    return next(frame.value for frame in reversed(at.dataframe) if "Report" in frame.value.columns)


def markdown_text(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def widget(at, key):
    return at.multiselect(key=key)


def run(test):
    test.run()
    assert not test.exception, test.exception
    return test


def test_runs_on_the_seed_data_and_draws_every_view(app):
    at = run(app())
    assert [s.value for s in at.subheader] == [
        "Where: countries by operation and role",
        "When: operations and their reports",
        "How many: headline figures side by side",
        "Who said what: quotes",
        "Sources",
        "Take it to a briefing",
    ]
    assert metric(at, "Articles") == "5"
    assert metric(at, "Operations in view") == "2"
    assert LIBERTAD_ONLY | {"PHL", "ARG"} <= map_countries(at)
    assert len(chart_specs(at)) == 2  # timeline, figures
    assert ">Libertad<" in map_key(at) and ">Liberterra II<" in map_key(at)
    [close_up] = [picture for picture in map_pictures(at) if picture != map_key(at)]
    assert ">Saint Lucia<" in close_up and ">Aruba<" in close_up
    values = chart_values(at)
    assert "3,222 (1 source)" in values and "500+" in values
    assert "coffins" in markdown_text(at)
    spec = map_spec(at)
    assert "mapProvider" not in spec


def test_operation_filter_changes_map_figures_and_quotes(app):
    at = run(app())
    before_quotes = markdown_text(at)
    widget(at, sidebar.KEY_OPERATIONS).set_value(["Liberterra II"])
    run(at)
    countries = map_countries(at)
    assert {"ARG", "PHL"} <= countries
    assert not LIBERTAD_ONLY & countries
    text = markdown_text(at)
    assert "coffins" in before_quotes and "coffins" not in text
    assert "migrant smuggling" in text
    assert set(claims_table(at)["Report"]) == {"Liberterra II"}
    values = chart_values(at)
    assert "3,222" in values and "500+" not in values
    assert ">Liberterra II<" in map_key(at) and ">Libertad<" not in map_key(at)
    assert param(at, "op") == ["Liberterra II"]


def test_year_filter_changes_the_view(app):
    at = run(app())
    at.slider(key=sidebar.KEY_YEARS).set_value((2018, 2018))
    run(at)
    assert "PHL" not in map_countries(at)
    assert "JAM" in map_countries(at)
    assert param(at, "years") == ["2018-2018"]


def test_country_filter_changes_the_view(app):
    at = run(app())
    widget(at, sidebar.KEY_COUNTRIES).set_value(["JAM"])
    run(at)
    assert map_countries(at) == {"JAM"}
    assert metric(at, "Countries named") == "1"


def test_role_filter_changes_the_map(app):
    at = run(app())
    widget(at, sidebar.KEY_ROLES).set_value(["coordinator"])
    run(at)
    assert map_countries(at) == {"BRB"}


def test_source_filter_changes_the_sources_table(app):
    at = run(app())
    options = widget(at, sidebar.KEY_SOURCES).options
    jurist = next(option for option in options if option.startswith("JURIST"))
    widget(at, sidebar.KEY_SOURCES).select(jurist)
    run(at)
    assert metric(at, "Articles") == "1"
    sources = at.dataframe[-1].value
    assert list(sources["Publisher"]) == ["JURIST"]


def test_quote_search_filters_the_cards(app):
    at = run(app())
    at.text_input(key=sidebar.KEY_QUOTE_SEARCH).set_value("coffins")
    run(at)
    text = markdown_text(at)
    assert "coffins" in text
    assert "migrant smuggling" not in text
    assert param(at, "q") == ["coffins"]


def test_a_shared_link_restores_the_filters(app):
    at = run(app(op=["Liberterra II"], country=["PHL"], role=["participant"]))
    assert widget(at, sidebar.KEY_OPERATIONS).value == ["Liberterra II"]
    assert widget(at, sidebar.KEY_COUNTRIES).value == ["PHL"]
    assert widget(at, sidebar.KEY_ROLES).value == ["participant"]
    assert map_countries(at) == {"PHL"}
    assert param(at, "op") == ["Liberterra II"]
    assert param(at, "country") == ["PHL"]


def test_an_empty_selection_shows_a_message_not_an_error(app):
    at = run(app(op=["Libertad"], country=["PHL"]))
    assert any("Nothing matches these filters" in info.value for info in at.info)
    assert not at.get("deck_gl_json_chart")
    assert not at.error


def test_a_stale_link_is_reported_and_ignored(app):
    at = run(app(op=["No Such Operation"], years=["not a year"]))
    assert widget(at, sidebar.KEY_OPERATIONS).value == []
    assert len(at.toast) == 2
    assert metric(at, "Articles") == "5"


def test_reset_clears_every_filter(app):
    at = run(app(op=["Libertad"], role=["funder"]))
    at.button[0].click()
    run(at)
    assert widget(at, sidebar.KEY_OPERATIONS).value == []
    assert widget(at, sidebar.KEY_ROLES).value == []
    assert "op" not in at.query_params


def test_a_missing_dataset_says_how_to_build_it(app, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "nowhere"))
    at = app()
    at.run()
    assert not at.exception
    assert "ingest build" in at.error[0].value


def test_choosing_a_country_shows_the_sentences_that_name_it(app):
    at = run(app())
    at.selectbox(key="evidence_country").set_value("GUY")
    run(at)
    text = markdown_text(at)
    assert "is named" in text
    highlighted = [line for line in text.splitlines() if ":orange-background[**Guyana**]" in line]
    assert highlighted, "each mention is shown in its sentence with the name highlighted"
    assert all(len(line) > len(":orange-background[**Guyana**]") + 20 for line in highlighted)


def test_the_page_opens_with_its_title_and_no_stray_text(app):
    """Nothing above the title: no bare string in the script is ever written to the page."""
    at = run(app())
    first = at.main.children[0]
    assert first.type == "title" and first.value == "Operations Atlas", first
