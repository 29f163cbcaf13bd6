"""The exported map reads at the size it is printed: a close-up where the Caribbean dots
crowd, label halos thin enough not to band large countries, and a large, sharp PDF map."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from dashboard.exports import images, pdf
from dashboard.exports.content import country_marks
from dashboard.exports.mapping import HALO_SHARE, draw_map, frame_for
from tests.exports.test_exports import svg_text


def drawn(briefing, size=(12.0, 7.0)) -> Figure:
    marks = country_marks(briefing)
    figure = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.02, 0.02, 0.96, 0.96))
    draw_map(ax, marks, frame_for(marks))
    return figure


def test_the_world_map_gets_a_close_up_naming_the_crowded_islands(briefings):
    figure = drawn(briefings["both"])
    assert len(figure.axes) == 2, "no close-up beside the world map"
    close_up = figure.axes[1]
    named = {text.get_text() for text in close_up.texts}
    assert {"Barbados", "Saint Lucia", "Aruba", "Curaçao"} <= named
    main = figure.axes[0]
    assert not {"Saint Lucia", "Aruba"} & {text.get_text() for text in main.texts}


def test_the_slide_and_svg_name_the_islands_of_the_close_up(briefings):
    text = svg_text(images.map_svg(briefings["both"]))
    for name in ("Barbados", "Saint Lucia", "Aruba", "Curaçao"):
        assert name in text


def test_a_map_whose_dots_do_not_touch_has_no_close_up(briefings):
    assert len(drawn(briefings["libertad"], size=(40.0, 24.0)).axes) == 1


def test_label_halos_are_a_thin_share_of_the_label(briefings):
    figure = drawn(briefings["libertad"])
    halos = [
        (text.get_fontsize(), effect._gc["linewidth"])
        for ax in figure.axes
        for text in ax.texts
        for effect in text.get_path_effects()
    ]
    assert halos, "no label has a halo"
    for size, width in halos:
        assert width <= size * HALO_SHARE + 0.01, f"a {width} pt halo on a {size} pt label"


def test_the_pdf_map_is_large_and_sharp(briefings):
    reader = PdfReader(io.BytesIO(pdf.briefing_pdf(briefings["libertad"])))
    page = reader.pages[0]
    [largest] = sorted(page.images, key=lambda image: -len(image.data))[:1]
    image = Image.open(io.BytesIO(largest.data))
    page_width_in = float(page.mediabox.width) / 72
    assert image.width / 300 >= page_width_in * 0.55, "the map is under half the page wide"
    assert image.height / image.width >= 0.65, "the map is a strip"
    pixels = np.asarray(image.convert("RGB"))
    assert pixels.shape[1] >= 1300, f"the map panel is only {pixels.shape[1]} px wide"


def test_a_large_funder_is_lighter_than_a_small_one(briefings):
    from dashboard.exports.mapping import fill_alpha
    from dashboard.theme import ROLE_STYLES

    marks = {mark.iso3: mark for mark in country_marks(briefings["libertad"])}
    canada = marks["CAN"]
    style = ROLE_STYLES[canada.role]
    assert canada.role not in ("participant", "coordinator")
    assert fill_alpha(canada, style) < style.fill_alpha
    assert fill_alpha(marks["BRB"], ROLE_STYLES[marks["BRB"].role]) == (
        ROLE_STYLES[marks["BRB"].role].fill_alpha
    )


def test_one_small_country_is_framed_with_its_surroundings(briefings):
    from dashboard.geometry import MIN_EXTENT_DEG

    barbados = [mark for mark in country_marks(briefings["libertad"]) if mark.iso3 == "BRB"]
    west, south, east, north = frame_for(barbados).box
    assert east - west >= MIN_EXTENT_DEG[0] and north - south >= MIN_EXTENT_DEG[1]
