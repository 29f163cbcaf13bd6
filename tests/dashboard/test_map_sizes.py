"""The map read at three window sizes, in a real browser: 1440×900, 1280×720 and 800×900.

At each size the map's key stands beside the map, inside the first screen, or right
under it where the page has no room for both (800 px with the sidebar open); the map is
not squeezed for the key; the timeline and the figures chart are as wide as their column,
never wider, and never scroll sideways. At 800 px the sidebar starts collapsed.
Screenshots of the first screen are saved in tests/artifacts/ (ignored by git)
as ``map-size-<width>x<height>.png``.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dashboard.theme import LAND, OKABE_ITO
from dashboard.views.map import KEY_WIDTH_PX, MAP_MIN_WIDTH_PX
from tests.dashboard.test_browser import (
    ARTIFACTS,
    CHART,
    MAP,
    RENDER_TIMEOUT_MS,
    wait_for_dashboard,
)

pytestmark = pytest.mark.browser

SIZES = ((1440, 900), (1280, 720), (800, 900))
LEGEND = '[class*="st-key-map-legend"] img'
INSET = '[class*="st-key-map-inset"] img'
MAIN = '[data-testid="stMainBlockContainer"]'
COLUMN_BOX = (
    "e => { const r = e.parentElement.closest('[data-testid=\"stVerticalBlock\"]')"
    ".getBoundingClientRect(); return {x: r.x, width: r.width}; }"
)
CONTENT_RIGHT = (
    "s => { const e = document.querySelector(s); const r = e.getBoundingClientRect();"
    " return r.right - parseFloat(getComputedStyle(e).paddingRight); }"
)


@pytest.fixture(scope="module")
def server(built_dataset, start_dashboard):
    return start_dashboard(built_dataset)


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not on the page"
    return found


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_map_and_its_key_fit_the_window(server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server)
    wait_for_dashboard(page)
    page.wait_for_selector(LEGEND, timeout=RENDER_TIMEOUT_MS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-size-{width}x{height}.png"))

    canvas = box(page, MAP)
    legend = box(page, LEGEND)
    content_right = page.evaluate(CONTENT_RIGHT, MAIN)
    assert canvas["x"] + canvas["width"] <= content_right + 1, (canvas, content_right)
    room = content_right - canvas["x"]
    assert canvas["width"] >= min(room, MAP_MIN_WIDTH_PX) - 1, f"the map is squeezed: {canvas}"
    if room >= MAP_MIN_WIDTH_PX + KEY_WIDTH_PX:
        assert legend["y"] < canvas["y"] + canvas["height"], (
            f"the key is not beside the map: {legend}"
        )
        assert legend["y"] + legend["height"] <= height, f"the key ends below the fold: {legend}"
    else:
        gap = legend["y"] - (canvas["y"] + canvas["height"])
        assert 0 <= gap < 80, f"on a narrow page the key is not right under the map: {legend}"
    charts = page.locator(CHART).all()
    assert len(charts) >= 2, "the timeline and the figures chart are on the page"
    for chart in charts:
        frame = chart.bounding_box()
        drawn = chart.locator("canvas, svg").first.bounding_box()
        column = chart.evaluate(COLUMN_BOX)
        assert frame and drawn, "a chart was not drawn"
        assert frame["x"] + frame["width"] <= content_right + 1, f"a chart leaves the page: {frame}"
        assert drawn["x"] >= column["x"] - 1 and (
            drawn["x"] + drawn["width"] <= column["x"] + column["width"] + 1
        ), f"a {drawn['width']} px chart runs past its {column['width']} px column"
        assert drawn["width"] >= column["width"] - 2, f"a chart does not stretch: {drawn}"
        reach = chart.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert reach[0] <= reach[1], f"a chart scrolls sideways: {reach}"
    for index, chart in enumerate(page.locator(CHART).all()):
        chart.screenshot(path=str(ARTIFACTS / f"chart-{index}-{width}x{height}.png"))


def test_overlapping_caribbean_dots_get_a_close_up(server, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server)
    wait_for_dashboard(page)
    page.wait_for_selector(INSET, timeout=RENDER_TIMEOUT_MS)
    inset = box(page, INSET)
    assert inset["width"] > 150 and inset["height"] > 120, inset
    page.locator('[class*="st-key-map-inset"]').first.screenshot(
        path=str(ARTIFACTS / "map-inset-1440x900.png")
    )


def test_one_small_country_is_shown_among_its_neighbours(server, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server}/?country=BRB")
    wait_for_dashboard(page)
    shot = page.locator(MAP).first.screenshot()
    (ARTIFACTS / "map-barbados-1440x900.png").write_bytes(shot)
    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=float)
    blue = np.asarray(OKABE_ITO[0], dtype=float)
    share = float((np.linalg.norm(pixels - blue, axis=2) < 60).mean())
    assert share < 0.05, f"Barbados fills {share:.0%} of the map: no surroundings"
    land = np.asarray(LAND, dtype=float)
    assert float((np.linalg.norm(pixels - land, axis=2) < 12).mean()) > 0.02, "no land around it"


SIDEBAR = '[data-testid="stSidebar"]'
OPEN_SIDEBAR = '[data-testid="stExpandSidebarButton"]'


def sidebar_collapsed(page) -> str | None:
    return page.locator(SIDEBAR).first.get_attribute("data-collapsed")


def test_on_a_narrow_window_the_sidebar_starts_collapsed_and_opens_on_request(server, page):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(server)
    wait_for_dashboard(page)
    page.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}')?.getAttribute('data-collapsed') === 'true'",
        timeout=RENDER_TIMEOUT_MS,
    )
    collapsed_map = box(page, MAP)
    assert collapsed_map["x"] < 100, f"the map does not start at the page's left: {collapsed_map}"
    legend = box(page, LEGEND)
    assert legend["y"] < collapsed_map["y"] + collapsed_map["height"], "the key is beside the map"

    page.locator(OPEN_SIDEBAR).first.click()
    page.wait_for_function(
        f"() => document.querySelector('{MAP}').getBoundingClientRect().x > 250",
        timeout=RENDER_TIMEOUT_MS,
    )
    assert sidebar_collapsed(page) == "false"
    open_map = box(page, MAP)
    assert collapsed_map["width"] >= open_map["width"], (collapsed_map, open_map)
    assert box(page, LEGEND)["y"] > open_map["y"] + open_map["height"], "no room beside it now"

    page.reload()
    wait_for_dashboard(page)
    assert sidebar_collapsed(page) == "false", "the user's choice to open it is kept"


def test_on_a_wide_window_the_sidebar_starts_open(server, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server)
    wait_for_dashboard(page)
    assert sidebar_collapsed(page) == "false"
    assert page.locator(SIDEBAR).first.bounding_box()["width"] > 200
