"""The live map reads at any size: fitted to the narrowest map column, with a minimum
extent, a close-up where dots crowd each other, country names where they fit, and every
role in the key. Built from the seed dataset, no Streamlit."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from dashboard.filters import Filters, apply_filters
from dashboard.geometry import (
    MAP_WIDTH_PX,
    MIN_EXTENT_DEG,
    build_geometry,
    close_groups,
    fit_view,
    world_pixels,
)
from dashboard.names import country_names
from dashboard.summaries import country_summary
from dashboard.theme import ROLE_STYLES, hex_colour, operation_colours
from dashboard.views.map import (
    COUNTRY_LAYER,
    INSET_HEIGHT_PX,
    INSET_WIDTH_PX,
    LABEL_LAYER,
    build_deck,
    focus_countries,
    inset_svg,
    inset_view,
    legend_svg,
)


@pytest.fixture(scope="module")
def geometry():
    return build_geometry()


def summary_for(prepared, geometry, **filters):
    view = apply_filters(prepared, Filters(**filters))
    names = country_names(view.country_roles["iso3"].unique(), geometry)
    return country_summary(view, names, prepared.dataset.texts)


def visible_box(view, width_px, height_px):
    """The lon/lat box a Web Mercator camera shows on a canvas of the given size."""
    x, y = world_pixels(view.longitude, view.latitude, view.zoom)
    scale = 512 * 2**view.zoom
    return (
        (x - width_px / 2) / scale * 360 - 180,
        (x + width_px / 2) / scale * 360 - 180,
        y - height_px / 2,
        y + height_px / 2,
    )


def test_the_libertad_view_fits_a_narrow_map_column(prepared, geometry):
    summary = summary_for(prepared, geometry, operations=("Libertad",))
    view = fit_view(geometry, focus_countries(summary))
    west, east, top, bottom = visible_box(view, MAP_WIDTH_PX, 500)
    for code in ("ABW", "BRB", "TCA", "BLZ", "GUY"):
        lon, lat = geometry.countries[code].point
        x, y = world_pixels(lon, lat, view.zoom)
        assert west < lon < east, f"{code} is off the side of a {MAP_WIDTH_PX} px map"
        assert top + 20 < y < bottom - 20, f"{code} sits at the top or bottom edge"


def test_one_small_country_keeps_its_surroundings(geometry):
    view = fit_view(geometry, ["BRB"])
    west, east, _, _ = visible_box(view, MAP_WIDTH_PX, 500)
    assert east - west >= MIN_EXTENT_DEG[0] - 0.1, "Barbados alone fills the map"


def test_crowded_caribbean_dots_get_a_close_up(prepared, geometry):
    summary = summary_for(prepared, geometry)
    view = fit_view(geometry, focus_countries(summary))
    found = inset_view(summary, geometry, view)
    assert found is not None
    members, close = found
    assert {"BRB", "LCA", "VCT", "ABW", "CUW"} <= set(members)
    assert close.zoom > view.zoom + 2
    assert -75 < close.longitude < -55 and 8 < close.latitude < 22


def test_no_close_up_when_no_dots_touch(prepared, geometry):
    summary = summary_for(prepared, geometry, countries=("BRA",))
    assert inset_view(summary, geometry, fit_view(geometry, ["BRA"])) is None


def test_close_groups_join_chains_of_neighbours():
    pixels = {"A": (0, 0), "B": (8, 0), "C": (16, 0), "D": (100, 0), "E": (104, 0), "F": (300, 0)}
    assert close_groups(pixels, 10) == [["A", "B", "C"], ["D", "E"]]


def test_countries_are_named_only_where_the_name_fits(prepared, geometry):
    summary = summary_for(prepared, geometry, operations=("Libertad",))
    colours = operation_colours(["Libertad", "Liberterra II"])
    deck = json.loads(build_deck(summary, geometry, colours).to_json())
    layers = {layer["id"]: layer for layer in deck["layers"]}
    named = {item["text"] for item in layers[LABEL_LAYER]["data"]}
    assert {"Brazil", "Venezuela"} <= named
    assert not named & {"Barbados", "Saint Lucia", "Aruba"}, "a dot's name would cover its sea"
    assert "Saint Lucia" in svg_texts(inset_svg(summary, geometry, colours))


def svg_texts(svg: str) -> set[str]:
    """Each name in the picture, its lines joined again."""
    return {
        " ".join(element.itertext())
        for element in ElementTree.fromstring(svg).iter()
        if element.tag.endswith("}text")
    }


def test_the_close_up_is_a_picture_of_the_crowded_dots_named_and_coloured(prepared, geometry):
    summary = summary_for(prepared, geometry)
    colours = operation_colours(["Libertad", "Liberterra II"])
    svg = ElementTree.fromstring(inset_svg(summary, geometry, colours))
    assert (svg.get("width"), svg.get("height")) == (str(INSET_WIDTH_PX), str(INSET_HEIGHT_PX))
    members, _ = inset_view(summary, geometry, fit_view(geometry, focus_countries(summary)))
    names = dict(zip(summary["iso3"], summary["name"], strict=True))
    assert {names[code] for code in members} <= svg_texts(ElementTree.tostring(svg, "unicode"))
    dots = [e for e in svg.iter() if e.tag.endswith("circle") and e.get("fill") != "none"]
    assert len(dots) >= len(members), "every crowded territory has its dot"
    drawn = {e.get("fill") for e in svg.iter() if e.tag.endswith("path")}
    assert hex_colour(colours["Libertad"]) in drawn, "countries keep their operation colour"


def test_the_close_up_escapes_what_it_names(prepared, geometry):
    summary = summary_for(prepared, geometry)
    summary = summary.assign(name=summary["name"] + ' <script>alert("x")</script> &')
    svg = inset_svg(summary, geometry, operation_colours(["Libertad", "Liberterra II"]))
    assert "<script" not in svg
    assert any(text.endswith('<script>alert("x")</script> &') for text in svg_texts(svg))


def test_no_close_up_picture_without_crowded_dots(prepared, geometry):
    summary = summary_for(prepared, geometry, countries=("BRA",))
    assert inset_svg(summary, geometry, operation_colours(["Libertad"])) is None


def test_large_funders_are_lighter_than_their_role_elsewhere(prepared, geometry):
    summary = summary_for(prepared, geometry, operations=("Libertad",))
    deck = json.loads(
        build_deck(summary, geometry, operation_colours(["Libertad", "Liberterra II"])).to_json()
    )
    fills = {
        item["iso3"]: item["fill"][3]
        for layer in deck["layers"]
        if layer["id"] == COUNTRY_LAYER
        for item in layer["data"]
    }
    role = summary.set_index("iso3").loc["CAN", "role"]
    assert role not in ("participant", "coordinator")
    assert fills["CAN"] < ROLE_STYLES[role].fill_alpha


def test_the_live_key_has_a_row_for_every_role():
    svg = ElementTree.fromstring(legend_svg(["Libertad"], operation_colours(["Libertad"])))
    labels = " ".join(element.text or "" for element in svg.iter() if element.tag.endswith("text"))
    for word in ("Participant", "Coordinator", "Funder", "Origin", "Mentioned", "Small territory"):
        assert word in labels, f"no {word} row in the key"
