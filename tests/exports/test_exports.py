"""Every export for Libertad only, Liberterra II only, and both: checked as files, not as calls.

Expected values are the seed articles' own figures and outlets, read by a person from
seeds/*.txt (Libertad: 350 victims, 22 arrests, 500+ officers, Radio Habana Cuba;
Liberterra II: 3,222 victims, 2,517 arrests, 17,793 migrants, JURIST).
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.exports import citations, data_export, images, pdf
from dashboard.exports.content import country_marks, distinct_quotes
from dashboard.exports.mapping import frame_for
from dashboard.theme import MULTI_OPERATION, OKABE_ITO
from ingest.tables import ALL_TABLES

LIBERTAD_BLUE = OKABE_ITO[0]
EXPECTED_TEXT = {
    "libertad": ["Operation Libertad", "350", "22", "500+", "Radio Habana Cuba"],
    "liberterra": ["Operation Liberterra II", "3,222", "2,517", "17,793", "JURIST"],
    "both": [
        "Operations Libertad and Liberterra II",
        "350",
        "500+",
        "3,222",
        "17,793",
        "Radio Habana Cuba",
        "JURIST",
    ],
}
NOT_EXPECTED = {
    "libertad": ["3,222", "JURIST"],
    "liberterra": ["500+", "Radio Habana Cuba"],
    "both": [],
}


def flat(text: str) -> str:
    return " ".join(text.split())


def svg_text(data: bytes) -> str:
    """All text in the SVG's <text> elements (what a reader can select and search)."""
    root = ElementTree.fromstring(data)
    return flat(
        " ".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))
    )


def pixel(png: bytes, x: float, y: float, radius: int = 1) -> np.ndarray:
    """Median colour of the (2r+1)^2 pixels around (x, y)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    col, row = int(round(x)), int(round(y))
    window = image[row - radius : row + radius + 1, col - radius : col + radius + 1]
    return np.median(window.reshape(-1, 3), axis=0)


def close_to(colour: np.ndarray, expected, tolerance: float = 30.0) -> bool:
    return float(np.linalg.norm(colour - np.asarray(expected, dtype=float))) <= tolerance


@pytest.mark.parametrize("render", [images.map_png, images.timeline_png])
def test_png_is_a_1920x1080_slide(state, render):
    _, briefing = state
    with Image.open(io.BytesIO(render(briefing))) as image:
        assert image.size == (1920, 1080)


def test_png_at_2x_is_3840x2160(briefings):
    with Image.open(io.BytesIO(images.map_png(briefings["libertad"], scale=2))) as image:
        assert image.size == (3840, 2160)


def test_libertad_map_colours_the_caribbean_states(briefings):
    briefing = briefings["libertad"]
    png = images.map_png(briefing)
    where = images.map_marker_pixels(briefing)
    for code in ("BRB", "TTO", "JAM", "LCA", "VCT", "ATG", "ABW", "CUW"):
        assert code in where, f"{code} is not drawn on the Libertad map"
        colour = pixel(png, *where[code])
        assert close_to(colour, LIBERTAD_BLUE), f"{code} is {colour}, not Libertad's colour"


def test_libertad_map_at_2x_puts_the_markers_at_twice_the_coordinates(briefings):
    briefing = briefings["libertad"]
    png = images.map_png(briefing, scale=2)
    for code, (x, y) in images.map_marker_pixels(briefing, scale=2).items():
        if code in ("BRB", "TTO", "JAM"):
            assert close_to(pixel(png, x, y, radius=2), LIBERTAD_BLUE), code


def test_libertad_map_frames_the_caribbean_not_the_world(briefings):
    frame = frame_for(country_marks(briefings["libertad"]))
    min_lon, min_lat, max_lon, max_lat = frame.box
    assert not frame.world
    assert -100 < min_lon < -80 and -55 < max_lon < -30
    assert max_lat < 35 and min_lat > -30
    assert frame_for(country_marks(briefings["liberterra"])).world


def test_a_country_in_both_operations_has_the_multi_operation_colour(briefings):
    briefing = briefings["both"]
    argentina = next(mark for mark in country_marks(briefing) if mark.iso3 == "ARG")
    assert argentina.colour == MULTI_OPERATION
    png = images.map_png(briefing)
    x, y = images.map_marker_pixels(briefing)["ARG"]
    assert close_to(pixel(png, x, y + 14, radius=2), MULTI_OPERATION, tolerance=40)


@pytest.mark.parametrize("render", [images.map_svg, images.timeline_svg])
def test_svg_holds_title_figures_and_sources_as_text(state, render):
    name, briefing = state
    text = svg_text(render(briefing))
    for expected in EXPECTED_TEXT[name]:
        assert expected in text, f"{expected!r} missing from the {name} SVG"
    assert briefing.description in text
    assert "14 March 2025" in text


def test_map_svg_names_the_small_territories(briefings):
    text = svg_text(images.map_svg(briefings["libertad"]))
    for name in ("Barbados", "Saint Lucia", "Aruba", "Curaçao", "Antigua and Barbuda"):
        assert name in text


def test_timeline_svg_leaves_out_the_other_operation(state):
    name, briefing = state
    text = svg_text(images.timeline_svg(briefing))
    for unexpected in NOT_EXPECTED[name]:
        assert unexpected not in text


@pytest.mark.parametrize(("paper", "size_pt"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_pdf_is_one_page_of_real_text(state, paper, size_pt):
    name, briefing = state
    reader = PdfReader(io.BytesIO(pdf.briefing_pdf(briefing, paper)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size_pt
    text = flat(page.extract_text())
    for expected in EXPECTED_TEXT[name]:
        assert expected in text, f"{expected!r} missing from the {name} {paper} PDF"
    for unexpected in NOT_EXPECTED[name]:
        assert unexpected not in text
    quotes = text.count("“")
    assert 1 <= quotes <= 5
    assert "Sources" in text and "Key figures" in text


def test_pdf_quotes_three_to_five_people_when_there_are_enough(briefings):
    reader = PdfReader(io.BytesIO(pdf.briefing_pdf(briefings["libertad"])))
    text = flat(reader.pages[0].extract_text())
    assert 3 <= text.count("“") <= 5
    assert "Cem Kolcu" in text and "Tim Morris" in text


def test_pdf_rejects_an_unknown_paper_size(briefings):
    with pytest.raises(ValueError, match="A4, Letter"):
        pdf.briefing_pdf(briefings["libertad"], "A3")


def test_quotes_are_citation_ready(state):
    _, briefing = state
    quotes = briefing.tables["quotes"]
    text = citations.quotes_text(briefing).decode("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("“")]
    statements = [quote for quote in distinct_quotes(briefing) if not quote.reported]
    assert len(lines) == len(statements) <= quotes["quote_id"].nunique()
    for line in lines:
        assert re.match(r"^“[^”]+” — [^()]+ \(.+\)( \[in the same sentence: .+\])?$", line), line


def test_libertad_quotes_cite_speaker_title_outlet_and_link(briefings):
    text = citations.quotes_markdown(briefings["libertad"]).decode("utf-8")
    kolcu = [line for line in text.splitlines() if "Cem Kolcu" in line]
    assert kolcu and all(line.startswith("- “") for line in kolcu)
    assert any("Trafficking in Human Beings Unit" in line for line in kolcu)
    morris = [line for line in text.splitlines() if "Tim Morris" in line]
    assert any(
        "Radio Habana Cuba" in line and "<https://www.radiohc.cu/" in line for line in morris
    )


def test_csv_zip_holds_exactly_the_filtered_rows(state):
    _, briefing = state
    with zipfile.ZipFile(io.BytesIO(data_export.tables_zip(briefing))) as archive:
        names = set(archive.namelist())
        readme = archive.read("README.md").decode("utf-8")
        for table in ALL_TABLES:
            if table.name not in briefing.tables:
                continue
            assert f"{table.name}.csv" in names
            frame = pd.read_csv(archive.open(f"{table.name}.csv"), dtype="string")
            expected = briefing.tables[table.name]
            assert len(frame) == len(expected)
            assert sorted(frame["article_id"]) == sorted(expected["article_id"])
            assert list(frame.columns) == [c for c in table.column_names if c in expected.columns]
            for column in table.columns:
                if column.name in frame.columns:
                    assert column.description in readme
    assert briefing.description in readme


def test_geojson_holds_one_feature_per_country_in_view(state):
    name, briefing = state
    collection = json.loads(data_export.map_geojson(briefing))
    assert collection["type"] == "FeatureCollection"
    codes = [feature["id"] for feature in collection["features"]]
    assert sorted(codes) == sorted(set(briefing.tables["country_roles"]["iso3"]))
    assert set(collection["columns"]) == set(collection["features"][0]["properties"])
    assert all(feature["geometry"] for feature in collection["features"])
    by_code = {feature["id"]: feature["properties"] for feature in collection["features"]}
    if name == "libertad":
        assert by_code["BRB"]["role"] == "coordinator"
        assert by_code["BRB"]["is_small"] is True
        assert by_code["CAN"]["role"] == "funder"
    if name == "liberterra":
        assert "BRB" not in by_code and by_code["PHL"]["role"] == "participant"
