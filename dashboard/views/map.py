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

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard.geometry import MapGeometry, fit_view, marker_point
from dashboard.provenance import evidence, evidence_markdown
from dashboard.safe import escape_html, escape_markdown
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
from dashboard.views.charts import draw

MAP_HEIGHT_PX = 560
MARKER_RADIUS_PX = 5
RING_RADIUS_PX = 10
WATER_POLYGON = [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]
COUNTRY_LAYER = "countries"
OUTLINE_LAYER_PREFIX = "outlines-"
BORDER_WHITE: RGB = (255, 255, 255)
BORDER_PX = 0.8
MARKER_LAYER = "markers"
TOOLTIP_HTML = (
    "<b style='font-size:14px'>{name}</b><br/>{roles}<br/>"
    "<span style='color:#555'>{figures}</span><br/><i>{sources}</i>"
)
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
    """A Deck whose JSON has no indentation: a third smaller on the websocket."""

    def to_json(self) -> str:
        """Serialise like pydeck, but compactly."""
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


FOCUS_ROLES = frozenset({"participant", "coordinator"})


def country_colour(operations: Sequence[str], colours: Mapping[str, RGB]) -> RGB:
    """One operation: its colour; two or more: the multi-operation colour; none: grey."""
    if len(operations) >= 2:
        return MULTI_OPERATION
    if len(operations) == 1:
        return colours.get(operations[0], UNATTRIBUTED)
    return UNATTRIBUTED


def map_records(
    summary: pd.DataFrame, geometry: MapGeometry, colours: Mapping[str, RGB]
) -> tuple[list[dict], list[dict], list[dict]]:
    """Polygons, markers and coordinator rings for the countries in ``summary``.

    Every string that came from an article is HTML-escaped here, because the tooltip
    template inserts the fields as HTML.
    """
    polygons, markers, rings = [], [], []
    for row in summary.itertuples():
        colour = country_colour(row.operations, colours)
        style = ROLE_STYLES.get(row.role, ROLE_STYLES["mentioned"])
        fill = rgba(colour, max(style.fill_alpha, 14))
        fields = {
            "iso3": row.iso3,
            "name": escape_html(row.name),
            "roles": escape_html(row.roles_text),
            "figures": escape_html(
                f"Figures in the same sentence: {row.figures_text}" if row.figures_text else ""
            ),
            "sources": escape_html(plural(int(row.n_sources), "source")),
        }
        country = geometry.countries.get(row.iso3)
        for polygon in country.polygons if country else ():
            polygons.append(
                {
                    **fields,
                    "polygon": polygon,
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
    summary: pd.DataFrame, geometry: MapGeometry, colours: Mapping[str, RGB]
) -> dict[tuple[RGB, float], list[dict]]:
    """Segments of the outlines, grouped by (colour, width).

    Outlined roles get a line in their operation's colour; filled ones a thin white
    border, so neighbours in one colour (Guyana, Venezuela, Brazil) stay apart. Uses
    each country's outline rings (main parts only; `dashboard.geometry.outline_rings`),
    so a funder such as Canada costs a few hundred segments, not thousands.
    """
    groups: dict[tuple[RGB, float], list[dict]] = {}
    for row in summary.itertuples():
        style = ROLE_STYLES.get(row.role, ROLE_STYLES["mentioned"])
        country = geometry.countries.get(row.iso3)
        if country is None:
            continue
        key = (
            (country_colour(row.operations, colours), style.outline_px)
            if style.outline_px
            else (BORDER_WHITE, BORDER_PX)
        )
        segments = groups.setdefault(key, [])
        for ring in country.outline:
            segments.extend(
                {"s": start, "t": end} for start, end in zip(ring, ring[1:], strict=False)
            )
    return groups


def focus_countries(summary: pd.DataFrame) -> list[str]:
    """The countries the view is fitted to: where the operations acted, when any did.

    Funders, supporters and mere mentions far away (Canada, France for a Caribbean
    operation) stay on the map but do not pull the view out to the whole world.
    """
    acting = summary[summary["role"].isin(FOCUS_ROLES)]
    return (acting if not acting.empty else summary)["iso3"].tolist()


def build_deck(
    summary: pd.DataFrame, geometry: MapGeometry, colours: Mapping[str, RGB]
) -> CompactDeck:
    """The whole map for the countries in ``summary``, fitted to them, with no base map."""
    polygons, markers, rings = map_records(summary, geometry, colours)
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
            outline_segments(summary, geometry, colours).items()
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
            data=dict(geometry.land),
            get_fill_color=rgba(LAND),
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "PolygonLayer",
            id=COUNTRY_LAYER,
            data=polygons,
            get_polygon="polygon",
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
    ]
    view = fit_view(geometry, focus_countries(summary))
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(
            longitude=view.longitude,
            latitude=view.latitude,
            zoom=view.zoom,
            min_zoom=0.3,
            max_zoom=9,
        ),
        views=[pdk.View(type="MapView", controller=True)],
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )


def legend_chart(operations: Sequence[str], colours: Mapping[str, RGB]) -> alt.HConcatChart:
    """The map's key as a small Vega-Lite chart: operation colours beside role styles."""
    colour_rows = [
        (
            "Only in unattributed reports" if label == UNATTRIBUTED_LABEL else label,
            "square",
            hex_colour(colour),
            hex_colour(colour),
            170,
        )
        for label, colour in legend_entries(operations, colours)
    ]
    ink, light = hex_colour(INK), hex_colour(lighten(INK, 0.7))
    role_rows = [
        ("Participant: filled", "square", ink, ink, 170),
        ("Coordinator: ring around it", "circle", "transparent", ink, 260),
        ("Funder or supporter: light fill, outline", "square", light, ink, 170),
        (f"{role_label('mentioned')}: outline only", "square", "transparent", ink, 170),
        ("Small territory: dot at its location", "circle", ink, "#ffffff", 90),
    ]
    blank = ("", "square", "transparent", "transparent", 0)
    length = max(len(colour_rows), len(role_rows))
    colour_rows += [blank] * (length - len(colour_rows))
    role_rows += [blank] * (length - len(role_rows))
    return (
        alt.hconcat(
            _legend_column("Colour: operation", colour_rows),
            _legend_column("Style: role", role_rows),
            spacing=40,
        )
        .configure_view(stroke=None)
        .configure_title(fontSize=13, anchor="start", color="#495057", fontWeight="bold")
    )


def _legend_column(title: str, rows: list[tuple[str, str, str, str, int]]) -> alt.LayerChart:
    frame = pd.DataFrame(rows, columns=["label", "shape", "fill", "stroke", "size"])
    frame["row"] = range(len(frame))
    base = alt.Chart(frame).encode(
        x=alt.value(8), y=alt.Y("row:O", axis=None, scale=alt.Scale(paddingOuter=0.3))
    )
    marks = base.mark_point(filled=True, strokeWidth=1.6).encode(
        shape=alt.Shape("shape:N", scale=None),
        fill=alt.Fill("fill:N", scale=None),
        stroke=alt.Stroke("stroke:N", scale=None),
        size=alt.Size("size:Q", scale=None),
    )
    labels = base.mark_text(align="left", dx=12, fontSize=13, color="#212529").encode(
        text="label:N"
    )
    return (marks + labels).properties(width=300, height=alt.Step(24), title=title)


def render(
    summary: pd.DataFrame,
    geometry: MapGeometry,
    colours: Mapping[str, RGB],
    operations: Sequence[str],
    mentions: pd.DataFrame,
    texts: Mapping[str, str],
    source_labels: Mapping[str, str],
) -> None:
    """Draw the map, its key and the provenance panel for a chosen country."""
    if summary.empty:
        st.info(
            "No country is named under these filters. Widen the operation, year, country "
            "or role selection in the sidebar to see countries on the map."
        )
        return
    deck = build_deck(summary, geometry, colours)
    event = st.pydeck_chart(
        deck,
        height=MAP_HEIGHT_PX,
        on_select="rerun",
        selection_mode="single-object",
        key="map",
    )
    clicked = _clicked_country(event)
    st.caption(
        f"{plural(len(summary), 'country', 'countries')} on the map · hover for details, "
        "click a country to see where the articles name it · boundaries: Natural Earth 1:50m"
    )
    draw(legend_chart, list(operations), dict(colours))
    _country_evidence(summary, mentions, texts, source_labels, clicked)


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
    st.markdown(f"**{escape_markdown(names[chosen])}** is named {plural(len(rows), 'time')}:")
    for row in rows.itertuples():
        found = evidence(texts.get(row.article_id, ""), row.span_start, row.span_end)
        if found is None:
            continue
        where = source_labels.get(row.article_id, row.article_id)
        report = "unattributed report" if row.op_label == UNATTRIBUTED_LABEL else row.op_label
        st.markdown(
            f"- {evidence_markdown(found)}  \n  "
            f":gray[{escape_markdown(where)} · {escape_markdown(report)} · "
            f"{escape_markdown(role_label(row.role).lower())}]"
        )


def _hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
