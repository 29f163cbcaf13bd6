"""The map: countries coloured by operation and styled by role, drawn with no base map.

Everything is a deck.gl layer built from the vendored Natural Earth shapes: water, land,
the countries in view, outlines for the outlined roles, markers for specks, rings for
coordinators. Outlines are straight segments (deck.gl's LineLayer) rather than polygon
strokes: with software WebGL (no GPU, as on a laptop in power-saving mode or a CI box)
the stroke's path shader took seconds on every load and every filter change. `build_deck` is pure
(tests measure its payload); `render` puts it on the page with the legend and the
"where is this country named" panel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard.close_up import close_up_svg
from dashboard.geometry import (
    MapGeometry,
    ViewState,
    at_least,
    crowded_points,
    fit_view,
    marker_point,
    padded,
    union_of_boxes,
    view_for_box,
    world_pixels,
)
from dashboard.memo import Remembered, fingerprint
from dashboard.provenance import evidence, evidence_markdown
from dashboard.review import LOW, MARK, confidence_of, doubt_note
from dashboard.safe import escape_html, escape_markdown, tooltip_text
from dashboard.theme import (
    INK,
    LAND,
    MULTI_OPERATION,
    RGB,
    ROLE_STYLES,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    WATER_HEX,
    hex_colour,
    legend_entries,
    lighten,
    plural,
    rgba,
    role_label,
)
from dashboard.views import pager

MAP_HEIGHT_PX = 500
INSET_WIDTH_PX = 260
INSET_HEIGHT_PX = 230
INSET_MIN_EXTENT_DEG = (6.0, 4.0)
INSET_REACH_DEG = 14.0
"""Crowded dots this close (degrees) to the largest cluster share its close-up: the
Leeward Antilles with the Windward Islands, both Caribbean."""
KEY_WIDTH_PX = 270
"""The key and close-up stand in a column this wide beside the map, inside the first screen;
where the page is too narrow for both, the column wraps under the map at full size."""
MAP_MIN_WIDTH_PX = 440
ROW_CSS = (
    "<style>[data-testid='stLayoutWrapper']:has(> .st-key-map-column) "
    f"{{ min-width: min({MAP_MIN_WIDTH_PX}px, 100%) !important; "
    f"flex: 1 1 {MAP_MIN_WIDTH_PX}px !important; }}</style>"
)
"""Streamlit has no minimum width for a container (the flex item is its layout wrapper):
without one the map, not the key, gives way on a narrow page."""
MARKER_RADIUS_PX = 5
RING_RADIUS_PX = 10
WATER_POLYGON = [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]
COUNTRY_LAYER = "countries"
OUTLINE_LAYER_PREFIX = "outlines-"
BORDER_WHITE: RGB = (255, 255, 255)
BORDER_PX = 0.8
MARKER_LAYER = "markers"
LABEL_LAYER = "labels"
LABEL_PX = 12
LABEL_CHAR_PX = 6.6
"""About how wide one character of a 12 px label is; a label goes only where it fits."""
LARGE_BACKGROUND_DEG2 = 400.0
"""A country whose main landmass box is larger than this (Canada, the United States,
France with its overseas parts) and that only funded, supported or was mentioned is
drawn at half its role's fill, so it does not outweigh the countries that acted."""
TOOLTIP_HTML = (
    "<b style='font-size:14px'>{name}</b><br/>{roles}<br/>"
    "<span style='color:#555'>{figures}</span><br/><i>{sources}</i><br/>"
    "<span style='color:#9a3412'>{doubt}</span>"
)
DOUBTFUL_LIGHTEN = 0.55
"""How much lighter a country is drawn when every role it holds in view is low-confidence."""
TOOLTIP_STYLE = {
    "backgroundColor": "#ffffff",
    "color": "#212529",
    "fontSize": "12px",
    "border": "1px solid #adb5bd",
    "borderRadius": "4px",
    "maxWidth": "340px",
    "whiteSpace": "normal",
}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (a third smaller on the websocket), made once."""

    def to_json(self) -> str:
        """Serialise like pydeck, but compactly; the deck is never changed once built."""
        if getattr(self, "_compact_json", None) is None:
            self._compact_json = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
        return self._compact_json


MAX_REMEMBERED_DECKS = 64
decks: Remembered[CompactDeck] = Remembered(MAX_REMEMBERED_DECKS)


def remembered_deck(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    land_url: str | None = None,
) -> CompactDeck:
    """`build_deck`, remembered per summary, colours and land URL (shared, never modified).

    Building and serialising the map is the largest part of a rerun; a view seen before
    (another session's, or the same filters again) reuses the finished deck.
    """

    def make() -> CompactDeck:
        deck = build_deck(summary, geometry, colours, land_url)
        deck.to_json()
        return deck

    return decks.get(fingerprint((summary, dict(colours), land_url)), make)


FOCUS_ROLES = frozenset({"participant", "coordinator"})
DETAILED_COUNTRIES = 40
TOOLTIP_ITEMS = 6
"""Operations (and figures) a country's tooltip lists before "… and 12 more operations"."""


def first_items(joined: str, noun: str, limit: int = TOOLTIP_ITEMS) -> str:
    """The first ``limit`` items of a "; "-joined list, and how many more there are."""
    items = joined.split("; ")
    if len(items) <= limit:
        return joined
    rest = len(items) - limit
    return "; ".join(items[:limit]) + f"; … and {plural(rest, f'more {noun}')}"


def country_colour(operations: Sequence[str], colours: Mapping[str, RGB]) -> RGB:
    """One operation: its colour; two or more: the multi-operation colour; none: grey."""
    if len(operations) >= 2:
        return MULTI_OPERATION
    if len(operations) == 1:
        return colours.get(operations[0], UNATTRIBUTED)
    return UNATTRIBUTED


def map_records(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    coarse: bool = False,
) -> tuple[list[dict], list[dict], list[dict]]:
    """Shapes, markers and coordinator rings for the countries in ``summary``.

    A country is one GeoJSON feature however many islands it has, so its tooltip travels
    once; the tooltip lists its first `TOOLTIP_ITEMS` operations and figures and counts
    the rest, so the map message does not grow with the corpus. Every string that came
    from an article passes through `tooltip_text`: Streamlit HTML-escapes each field as it
    fills the tooltip template, so it is escaped once. ``coarse`` draws each country as
    coarsely as the grey land (`is_crowded`).
    """
    polygons, markers, rings = [], [], []
    for row in summary.itertuples():
        colour = _drawn_colour(row, colours)
        style = ROLE_STYLES.get(row.role, ROLE_STYLES["mentioned"])
        country = geometry.countries.get(row.iso3)
        background = _is_large_background(row.role, country)
        alpha = style.fill_alpha // 2 if row.doubtful or background else style.fill_alpha
        fill = rgba(colour, max(alpha, 14))
        fields = {
            "iso3": row.iso3,
            "name": tooltip_text(f"{row.name} {MARK}" if row.doubtful else row.name),
            "roles": tooltip_text(first_items(row.roles_text, "operation")),
            "figures": tooltip_text(
                f"Figures in the same sentence: {first_items(row.figures_text, 'figure')}"
                if row.figures_text
                else ""
            ),
            "sources": tooltip_text(plural(int(row.n_sources), "source")),
            "doubt": tooltip_text(doubt_note(LOW, row.doubt_text) if row.doubt_text else ""),
        }
        shapes = (country.coarse if coarse else ()) or country.polygons if country else ()
        if shapes:
            polygons.append(
                {
                    **fields,
                    "type": "Feature",
                    "geometry": {"type": "MultiPolygon", "coordinates": list(shapes)},
                    "fill": fill,
                }
            )
        point = marker_point(geometry, row.iso3)
        if point is None:
            continue
        if country is None or country.is_small:
            marker_fill = colour if style.fill_alpha >= 200 else lighten(colour, 0.55)
            markers.append(
                {
                    **fields,
                    "position": list(point),
                    "fill": rgba(marker_fill, 255),
                    "line": rgba(colour if style.fill_alpha < 200 else INK, 255),
                }
            )
        if style.ring:
            rings.append({"position": list(point)})
    return polygons, markers, rings


def outline_segments(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    coarse: bool = False,
) -> dict[tuple[RGB, float], list[dict]]:
    """Segments of the outlines, grouped by (colour, width).

    Outlined roles get a line in their operation's colour; filled ones a thin white
    border, so neighbours in one colour (Guyana, Venezuela, Brazil) stay apart. Uses
    each country's outline rings (main parts only; `dashboard.geometry.outline_rings`),
    so a funder such as Canada costs a few hundred segments, not thousands. A ``coarse``
    map (`is_crowded`) spans continents, where the white border is thinner than the gaps
    between coarse shapes: it is left out.
    """
    groups: dict[tuple[RGB, float], list[dict]] = {}
    for row in summary.itertuples():
        style = ROLE_STYLES.get(row.role, ROLE_STYLES["mentioned"])
        country = geometry.countries.get(row.iso3)
        if country is None or (coarse and not style.outline_px):
            continue
        key = (
            (_drawn_colour(row, colours), style.outline_px)
            if style.outline_px
            else (BORDER_WHITE, BORDER_PX)
        )
        segments = groups.setdefault(key, [])
        for ring in country.outline:
            segments.extend(
                {"s": start, "t": end} for start, end in zip(ring, ring[1:], strict=False)
            )
    return groups


def _is_large_background(role: str, country) -> bool:
    if role in FOCUS_ROLES or country is None:
        return False
    box = country.box
    return (box[2] - box[0]) * (box[3] - box[1]) > LARGE_BACKGROUND_DEG2


def label_records(
    summary: pd.DataFrame, geometry: MapGeometry, zoom: float, name_dots: bool = False
) -> list[dict]:
    """A name for each country whose main landmass is wide enough for it at ``zoom``.

    With ``name_dots`` (the close-up) every dot is named beside it too; on the main map a
    dot is named by its tooltip. The browser drops any label that would overlap a more
    important one when the map is zoomed out (deck.gl's collision filter).
    """
    records = []
    for row in summary.itertuples():
        country = geometry.countries.get(row.iso3)
        priority = 10 - ROLE_STYLES.get(row.role, ROLE_STYLES["mentioned"]).rank
        if name_dots and (country is None or country.is_small):
            point = marker_point(geometry, row.iso3)
            if point is not None:
                records.append(
                    {
                        "position": list(point),
                        "text": row.name,
                        "priority": priority + 10,
                        "anchor": "start",
                        "offset": [MARKER_RADIUS_PX + 4, 0],
                    }
                )
            continue
        if country is None:
            continue
        west, south, east, north = country.box
        width_px = world_pixels(east, 0.0, zoom)[0] - world_pixels(west, 0.0, zoom)[0]
        height_px = world_pixels(0.0, south, zoom)[1] - world_pixels(0.0, north, zoom)[1]
        if width_px < len(row.name) * LABEL_CHAR_PX or height_px < LABEL_PX * 1.5:
            continue
        records.append(
            {
                "position": list(country.point),
                "text": row.name,
                "priority": priority,
                "anchor": "middle",
                "offset": [0, 0],
            }
        )
    return records


def inset_view(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    view: ViewState,
    width_px: int = INSET_WIDTH_PX,
    height_px: int = INSET_HEIGHT_PX,
) -> tuple[list[str], ViewState] | None:
    """The countries and view of a close-up, when dots crowd each other on the main map.

    At the zoom that fits the whole selection, small territories whose dots overlap
    (Aruba, Curaçao, Bonaire; the Windward Islands) form clusters; the close-up frames
    the largest and the crowded dots near it. None when no two dots overlap.
    """
    points = {
        code: point
        for code in summary["iso3"]
        if (country := geometry.countries.get(code)) is None or country.is_small
        if (point := marker_point(geometry, code)) is not None
    }
    groups = crowded_points(points, view.zoom, 2 * MARKER_RADIUS_PX + 3)
    if not groups:
        return None
    centre = points[groups[0][0]]
    members = [
        code
        for group in groups
        for code in group
        if abs(points[code][0] - centre[0]) <= INSET_REACH_DEG
        and abs(points[code][1] - centre[1]) <= INSET_REACH_DEG
    ]
    boxes = [(points[c][0], points[c][1], points[c][0], points[c][1]) for c in members]
    box = at_least(padded(union_of_boxes(boxes), 0.15), INSET_MIN_EXTENT_DEG)
    return members, view_for_box(box, width_px, height_px)


def _drawn_colour(row, colours: Mapping[str, RGB]) -> RGB:
    """The operation colour, made lighter for a country whose roles in view are all low."""
    colour = country_colour(row.operations, colours)
    return lighten(colour, DOUBTFUL_LIGHTEN) if row.doubtful else colour


def is_crowded(summary: pd.DataFrame) -> bool:
    """Whether the map holds so many countries that each is drawn as coarsely as the land.

    Past `DETAILED_COUNTRIES` the view spans continents, where the coarse shapes look the
    same; drawn coarsely, a map naming every country sent about 570 KB instead of 850 KB.
    """
    return len(summary) > DETAILED_COUNTRIES


def focus_countries(summary: pd.DataFrame) -> list[str]:
    """The countries the view is fitted to: where the operations acted, when any did.

    Funders, supporters and mere mentions far away (Canada, France for a Caribbean
    operation) stay on the map but do not pull the view out to the whole world.
    """
    acting = summary[summary["role"].isin(FOCUS_ROLES)]
    return (acting if not acting.empty else summary)["iso3"].tolist()


def build_deck(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    land_url: str | None = None,
    view: ViewState | None = None,
) -> CompactDeck:
    """The whole map for the countries in ``summary``, fitted to them, with no base map.

    ``land_url``, when given, is where the browser fetches the grey land layer (served by
    this server, see `dashboard.load.land_url`); otherwise the land travels in the map.
    ``view`` replaces the fitted view.
    """
    view = view or fit_view(geometry, focus_countries(summary))
    coarse = is_crowded(summary)
    polygons, markers, rings = map_records(summary, geometry, colours, coarse)
    outlines = [
        pdk.Layer(
            "LineLayer",
            id=f"{OUTLINE_LAYER_PREFIX}{index}",
            data=segments,
            get_source_position="s",
            get_target_position="t",
            get_color=rgba(colour, 255),
            get_width=width,
            width_units="'pixels'",
            pickable=False,
        )
        for index, ((colour, width), segments) in enumerate(
            outline_segments(summary, geometry, colours, coarse).items()
        )
    ]
    layers = [
        pdk.Layer(
            "PolygonLayer",
            id="water",
            data=[{"polygon": WATER_POLYGON}],
            get_polygon="polygon",
            get_fill_color=rgba(_hex_to_rgb(WATER_HEX)),
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="land",
            data=land_url or dict(geometry.land),
            get_fill_color=rgba(LAND),
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id=COUNTRY_LAYER,
            data=polygons,
            get_fill_color="fill",
            stroked=False,
            pickable=True,
            auto_highlight=True,
            highlight_color=[0, 0, 0, 40],
        ),
        *outlines,
        pdk.Layer(
            "ScatterplotLayer",
            id="coordinator-rings",
            data=rings,
            get_position="position",
            get_radius=RING_RADIUS_PX,
            radius_units="'pixels'",
            filled=False,
            stroked=True,
            get_line_color=rgba(INK),
            line_width_min_pixels=2.5,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id=MARKER_LAYER,
            data=markers,
            get_position="position",
            get_radius=MARKER_RADIUS_PX,
            radius_units="'pixels'",
            get_fill_color="fill",
            get_line_color="line",
            stroked=True,
            line_width_min_pixels=1.2,
            pickable=True,
        ),
        pdk.Layer(
            "TextLayer",
            id=LABEL_LAYER,
            data=label_records(summary, geometry, view.zoom),
            get_position="position",
            get_text="text",
            get_size=LABEL_PX,
            size_units="'pixels'",
            get_color=rgba(INK),
            font_family="'Helvetica, Arial, sans-serif'",
            font_settings={"sdf": True},
            outline_width=2,
            outline_color=[255, 255, 255, 200],
            get_text_anchor="anchor",
            get_pixel_offset="offset",
            get_alignment_baseline="'center'",
            character_set="'auto'",
            extensions=[{"@@type": "CollisionFilterExtension"}],
            get_collision_priority="priority",
            pickable=False,
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(
            longitude=view.longitude,
            latitude=view.latitude,
            zoom=view.zoom,
            min_zoom=0.0,
            max_zoom=9,
        ),
        views=[pdk.View(type="MapView", controller=True)],
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )


LEGEND_WIDTH_PX = 260
LEGEND_ROW_PX = 22
LEGEND_TITLE_PX = 26
LEGEND_LABEL_CHARS = 34


def legend_svg(
    operations: Sequence[str], colours: Mapping[str, RGB], doubtful: bool = False
) -> str:
    """The map's key as a narrow SVG to stand beside the map: operation colours, then role styles.

    An image rather than a chart: the browser draws it as an ``<img>``, which costs almost
    nothing on a filter change and runs no script whatever the labels say (they are
    escaped all the same).
    """
    colour_rows = [
        (
            "Only in unattributed reports" if label == UNATTRIBUTED_LABEL else label,
            _swatch_square(hex_colour(colour), hex_colour(colour)),
        )
        for label, colour in legend_entries(operations, colours)
    ]
    ink, light = hex_colour(INK), hex_colour(lighten(INK, 0.7))
    role_rows = [
        ("Participant: filled", _swatch_square(ink, ink)),
        (
            "Coordinator: ring around it",
            f'<circle cx="9" cy="0" r="8" fill="none" stroke="{ink}" stroke-width="2.5"/>',
        ),
        ("Funder or supporter: light fill", _swatch_square(light, ink)),
        ("Origin: faint fill, outline", _swatch_square(hex_colour(lighten(INK, 0.85)), ink)),
        (f"{role_label('mentioned')}: outline only", _swatch_square("none", ink)),
        (
            "Small territory: dot",
            f'<circle cx="9" cy="0" r="5" fill="{ink}" stroke="#ffffff" stroke-width="1.2"/>',
        ),
    ]
    if doubtful:
        pale = hex_colour(lighten(INK, 0.8))
        role_rows.append(("? Low confidence: lighter, reason on hover", _swatch_square(pale, pale)))
    roles_top = LEGEND_TITLE_PX + len(colour_rows) * LEGEND_ROW_PX + 10
    height = roles_top + LEGEND_TITLE_PX + len(role_rows) * LEGEND_ROW_PX + 4
    width = LEGEND_WIDTH_PX
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        _legend_column(0, "Colour: operation", colour_rows),
        _legend_column(roles_top, "Style: role", role_rows),
        "</svg>",
    ]
    return "".join(parts)


def _swatch_square(fill: str, stroke: str) -> str:
    return (
        f'<rect x="2" y="-7" width="14" height="14" fill="{fill}" stroke="{stroke}" '
        'stroke-width="1.6"/>'
    )


def _legend_column(top: int, title: str, rows: list[tuple[str, str]]) -> str:
    parts = [
        f'<text x="0" y="{top + 16}" font-size="13" font-weight="bold" fill="#495057">'
        f"{escape_html(title)}</text>"
    ]
    for index, (label, swatch) in enumerate(rows):
        middle = top + LEGEND_TITLE_PX + index * LEGEND_ROW_PX + LEGEND_ROW_PX // 2
        shown = label if len(label) <= LEGEND_LABEL_CHARS else label[: LEGEND_LABEL_CHARS - 1] + "…"
        parts.append(
            f'<g transform="translate(0,{middle})">{swatch}'
            f'<text x="26" y="4.5" font-size="13" fill="#212529">{escape_html(shown)}</text></g>'
        )
    return "".join(parts)


def render(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    operations: Sequence[str],
    mentions: pd.DataFrame,
    texts: Mapping[str, str],
    source_labels: Mapping[str, str],
    land_url: str | None = None,
) -> None:
    """Draw the map, its key and the provenance panel for a chosen country."""
    if summary.empty:
        st.info(
            "No country is named under these filters. Widen the operation, year, country "
            "or role selection in the sidebar to see countries on the map."
        )
        return
    deck = remembered_deck(summary, geometry, colours, land_url)
    st.html(ROW_CSS)
    beside = st.container(horizontal=True, wrap=True, gap="small", key="map-row")
    map_column = beside.container(width="stretch", key="map-column")
    key_column = beside.container(width=KEY_WIDTH_PX, key="map-key-column")
    with map_column:
        event = st.pydeck_chart(
            deck,
            height=MAP_HEIGHT_PX,
            on_select="rerun",
            selection_mode="single-object",
            key="map",
        )
    with key_column:
        with st.container(key="map-legend"):
            st.image(legend_svg(list(operations), dict(colours), bool(summary["doubtful"].any())))
        close_up = remembered_inset(summary, geometry, colours)
        if close_up is not None:
            with st.container(key="map-inset"):
                st.caption("Close-up where dots crowd each other")
                st.image(close_up, width=INSET_WIDTH_PX)
    clicked = _clicked_country(event)
    st.caption(
        f"{plural(len(summary), 'country', 'countries')} on the map · hover for details, "
        "click a country to see where the articles name it · boundaries: Natural Earth 1:50m"
    )
    _country_evidence(summary, mentions, texts, source_labels, clicked)


insets: Remembered[str | None] = Remembered(MAX_REMEMBERED_DECKS)
NEARBY_DEG = 3 * INSET_REACH_DEG
INSET_LABEL_PX = 11
CROWDED_FIRST = 100
"""Added to the label priority of the dots that crowd each other on the main map."""


def remembered_inset(
    summary: pd.DataFrame, geometry: MapGeometry, colours: Mapping[str, RGB]
) -> str | None:
    """`inset_svg`, remembered like the map."""
    return insets.get(
        fingerprint((summary, dict(colours))), lambda: inset_svg(summary, geometry, colours)
    )


def inset_svg(
    summary: pd.DataFrame, geometry: MapGeometry, colours: Mapping[str, RGB]
) -> str | None:
    """The close-up of the crowded cluster (`inset_view`) as a picture; None when no dots crowd.

    Drawn from the same records as the map's layers; each dot is named beside it where
    the name fits, the crowded ones first, since they are why the close-up is there.
    """
    found = inset_view(summary, geometry, fit_view(geometry, focus_countries(summary)))
    if found is None:
        return None
    crowded, view = found
    nearby = summary[[_near(geometry, code, view) for code in summary["iso3"]]]
    crowded_names = set(nearby.loc[nearby["iso3"].isin(crowded), "name"])
    labels = [
        {**label, "priority": label["priority"] + CROWDED_FIRST}
        if label["text"] in crowded_names
        else label
        for label in label_records(nearby, geometry, view.zoom, name_dots=True)
    ]
    return close_up_svg(
        geometry.land,
        *map_records(nearby, geometry, colours),
        labels,
        view,
        (INSET_WIDTH_PX, INSET_HEIGHT_PX),
        marker_px=MARKER_RADIUS_PX,
        ring_px=RING_RADIUS_PX,
        label_px=INSET_LABEL_PX,
    )


def _near(geometry: MapGeometry, code: str, view: ViewState) -> bool:
    """Whether a country reaches within `NEARBY_DEG` of the close-up's centre.

    The close-up draws only these, in full detail, however many the main map holds.
    """
    country = geometry.countries.get(code)
    if country is not None:
        west, south, east, north = country.box
    elif (point := marker_point(geometry, code)) is not None:
        west, south, east, north = (*point, *point)
    else:
        return False
    return (
        west - NEARBY_DEG <= view.longitude <= east + NEARBY_DEG
        and south - NEARBY_DEG <= view.latitude <= north + NEARBY_DEG
    )


def _clicked_country(event: object) -> str | None:
    try:
        objects = event.selection["objects"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    for layer in (COUNTRY_LAYER, MARKER_LAYER):
        for item in objects.get(layer, []) or []:
            if isinstance(item, dict) and item.get("iso3"):
                return str(item["iso3"])
    return None


EVIDENCE_PAGE_SIZE = 25
"""Sentences naming the chosen country shown at once; a country named thousands of times
is read a page at a time."""
EVIDENCE_PAGER_KEY = "country-sentences"


def _country_evidence(
    summary: pd.DataFrame,
    mentions: pd.DataFrame,
    texts: Mapping[str, str],
    source_labels: Mapping[str, str],
    clicked: str | None,
) -> None:
    names = dict(zip(summary["iso3"], summary["name"], strict=True))
    codes = list(names)
    if clicked in names and st.session_state.get("map_clicked") != clicked:
        st.session_state["map_clicked"] = clicked
        st.session_state["evidence_country"] = clicked
    if st.session_state.get("evidence_country") not in codes:
        st.session_state.pop("evidence_country", None)
    chosen = st.selectbox(
        "Where is a country named? Pick one (or click it on the map) to read the sentences.",
        codes,
        index=None,
        format_func=lambda code: names.get(code, code),
        placeholder="Choose a country",
        key="evidence_country",
    )
    if chosen is None:
        return
    rows = mentions[mentions["iso3"] == chosen]
    page = pager.current_page(rows, EVIDENCE_PAGER_KEY, EVIDENCE_PAGE_SIZE, chosen)
    shown = "" if page.count == 1 else f" (sentences {page.start + 1:,}–{page.end:,})"
    st.markdown(
        f"**{escape_markdown(names[chosen])}** is named {plural(len(rows), 'time')}{shown}:"
    )
    for row in page.rows.itertuples():
        found = evidence(texts.get(row.article_id, ""), row.span_start, row.span_end)
        if found is None:
            continue
        where = source_labels.get(row.article_id, row.article_id)
        report = "unattributed report" if row.op_label == UNATTRIBUTED_LABEL else row.op_label
        confidence = confidence_of(row.confidence)
        rule = escape_markdown(row.rule_id) if isinstance(row.rule_id, str) else "unknown"
        note = doubt_note(confidence, row.doubt)
        st.markdown(
            f"- {evidence_markdown(found)}  \n  "
            f":gray[{escape_markdown(where)} · {escape_markdown(report)} · "
            f"{escape_markdown(role_label(row.role).lower())} · rule {rule} · "
            f"{confidence} confidence]"
            + (f"  \n  :orange[{escape_markdown(note)}]" if note else "")
        )
    pager.controls(page, EVIDENCE_PAGER_KEY, "sentence")


def _hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
