"""The close-up picture names crowded dots so that no name reads as its neighbour's.

Invented dots in a tight row, drawn with `close_up_svg` directly; no Streamlit.
"""

from __future__ import annotations

import math
from xml.etree import ElementTree

from dashboard.close_up import close_up_svg
from dashboard.geometry import ViewState, world_pixels

VIEW = ViewState(longitude=-61.0, latitude=14.0, zoom=6.0)
SIZE = (260, 230)
NAMES = ("Isla Primera", "Isla Segunda del Norte", "Isla Tercera", "Cayo Cuarto")


def dot(name: str, longitude: float, latitude: float) -> dict:
    return {"position": [longitude, latitude], "fill": [0, 114, 178, 255], "line": [0, 0, 0, 255]}


def label(name: str, longitude: float, latitude: float) -> dict:
    return {
        "position": [longitude, latitude],
        "text": name,
        "priority": 10,
        "anchor": "start",
        "offset": [9, 0],
    }


def pixel(longitude: float, latitude: float) -> tuple[float, float]:
    centre = world_pixels(VIEW.longitude, VIEW.latitude, VIEW.zoom)
    x, y = world_pixels(longitude, latitude, VIEW.zoom)
    return x - centre[0] + SIZE[0] / 2, y - centre[1] + SIZE[1] / 2


def drawn(places):
    svg = close_up_svg(
        {"geometry": {"type": "MultiPolygon", "coordinates": []}},
        [],
        [dot(*place) for place in places],
        [],
        [label(*place) for place in places],
        VIEW,
        SIZE,
        marker_px=5,
        ring_px=10,
        label_px=11,
    )
    return ElementTree.fromstring(svg)


def test_every_crowded_dot_is_named_nearer_its_own_dot_or_joined_to_it():
    places = [(name, -61.0 + 0.12 * index, 14.0 - 0.1 * index) for index, name in enumerate(NAMES)]
    svg = drawn(places)
    texts = {
        " ".join(element.itertext()): (float(element.get("x")), float(element.get("y")))
        for element in svg.iter()
        if element.tag.endswith("}text")
    }
    assert set(texts) == set(NAMES), "a crowded dot lost its name"
    leaders = [
        (float(line.get("x1")), float(line.get("y1")), float(line.get("x2")), float(line.get("y2")))
        for line in svg.iter()
        if line.tag.endswith("}line")
    ]
    for name, longitude, latitude in places:
        own = pixel(longitude, latitude)
        joined = [leader for leader in leaders if math.dist(leader[:2], own) < 0.5]
        if joined:
            continue
        anchor = texts[name]
        others = [pixel(lon, lat) for other, lon, lat in places if other != name]
        assert all(math.dist(anchor, own) < math.dist(anchor, other) for other in others), name


def test_a_dot_outside_the_picture_gets_no_name_in_it():
    svg = drawn([("Isla Lejana", -40.0, 14.0), ("Isla Primera", -61.0, 14.0)])
    texts = {" ".join(e.itertext()) for e in svg.iter() if e.tag.endswith("}text")}
    assert texts == {"Isla Primera"}
