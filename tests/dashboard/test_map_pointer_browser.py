"""The live map under the pointer, in a real browser: a country's tooltip and its click.

Each country is one GeoJSON feature with its tooltip fields (`dashboard.views.map`);
this checks that the browser still finds them: hovering a country shows its name, roles
and sources, and clicking it opens the sentences that name it.
"""

from __future__ import annotations

import pytest

from tests.dashboard.test_browser import MAP, RENDER_TIMEOUT_MS, wait_for_dashboard

pytestmark = pytest.mark.browser

TOOLTIP = ".deck-tooltip"
GRID_PX = 24


@pytest.fixture(scope="module")
def server(built_dataset, start_dashboard):
    return start_dashboard(built_dataset)


def hover_until_tooltip(page, canvas: dict) -> tuple[float, float, str]:
    """Move the pointer over the map row by row until a tooltip shows; its point and text."""
    seen = 0
    for y in range(GRID_PX, int(canvas["height"]) - GRID_PX, GRID_PX):
        for x in range(GRID_PX, int(canvas["width"]) - GRID_PX, GRID_PX):
            point = (canvas["x"] + x, canvas["y"] + y)
            page.mouse.move(*point)
            seen += 1
            tooltip = page.locator(TOOLTIP)
            if tooltip.count() and tooltip.first.is_visible():
                text = tooltip.first.inner_text().strip()
                if text:
                    return (*point, text)
    raise AssertionError(f"no tooltip at any of {seen} points of the map")


def test_hovering_a_country_shows_its_tooltip_and_clicking_it_its_sentences(server, page):
    page.goto(server)
    wait_for_dashboard(page)
    canvas = page.locator(MAP).first.bounding_box()
    assert canvas is not None
    x, y, text = hover_until_tooltip(page, canvas)
    assert "source" in text and "{" not in text, text
    page.mouse.click(x, y)
    named = page.get_by_text("is named", exact=False).first
    named.wait_for(timeout=RENDER_TIMEOUT_MS)
    country = text.splitlines()[0].rstrip(" ?")
    assert country in named.inner_text(), (country, named.inner_text())
