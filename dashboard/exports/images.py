"""Slide images of the map and of the timeline/figure comparison, as PNG (1920x1080, or 2x) and SVG.

Why matplotlib (with geopandas/shapely geometry) rather than Altair + vl-convert: one
library gives PNG, SVG with real ``<text>`` and the raster panels the PDF embeds, in
one process with no browser or JavaScript engine; it draws the vendored 1:50m shapes
directly (no TopoJSON round trip), lets us frame the Caribbean in any projection, and
lets labels be placed around the small-territory markers by measuring their real
extent. A slide renders in well under a second once the boundary file is loaded (see
``benchmarks/bench_exports.py``).

Each image stands alone on a slide: title, the filters in one line, a key, the figures
with their qualifiers, and a footer naming the sources and the day it was made. The
figures are built with the object-oriented API (no pyplot state), so concurrent
Streamlit sessions cannot draw into each other's figures.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dashboard.exports import Briefing
from dashboard.exports import content as briefing_content
from dashboard.exports.charts import draw_figures, draw_timeline, shown_figure
from dashboard.exports.mapping import (
    MARKER_PT,
    RING_PT,
    MapFrame,
    draw_map,
    frame_for,
    marker_positions,
    outside_view,
    small_codes,
)
from dashboard.exports.text import clean, wrap
from dashboard.review import LEGEND
from dashboard.theme import (
    INK,
    LAND,
    MULTI_OPERATION,
    MULTI_OPERATION_LABEL,
    ROLE_STYLES,
    UNATTRIBUTED_LABEL,
    hex_colour,
    role_label,
)

SLIDE_INCHES = (19.2, 10.8)
BASE_DPI = 100
"""1920x1080 at scale 1; scale 2 gives 3840x2160 with the same layout."""

FONT = "DejaVu Sans"
RC = {
    "font.family": FONT,
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "operations-atlas",
    "axes.unicode_minus": False,
}
"""Article text never turns into mathtext ("$5" stays "$5"); SVG keeps text as text."""

MUTED = "#495057"
RULE = "#ced4da"
TOP_IN_PT = SLIDE_INCHES[1] * 72.0
CONTENT_BOTTOM = 0.125
CONTENT_TOP = 0.855
PANEL_LEFT = 0.715
PANEL_RIGHT = 0.975
MAX_FIGURE_ROWS = 22
ADDRESS_CHARS = 240
"""The view's address in a footer is cut here (a long quote search makes it long)."""


_RENDER_LOCK = threading.RLock()


def _one_at_a_time(render: Callable) -> Callable:
    """Serialise renders.

    Matplotlib's rc settings are process-wide, and Streamlit makes downloads on worker
    threads, so two renders must not interleave.
    """

    @functools.wraps(render)
    def locked(*args, **kwargs):
        with _RENDER_LOCK:
            return render(*args, **kwargs)

    return locked


@_one_at_a_time
def map_png(briefing: Briefing, scale: int = 1) -> bytes:
    """The map slide as PNG: 1920x1080 at ``scale`` 1, 3840x2160 at 2."""
    return _save(_map_slide(briefing), "png", scale)


@_one_at_a_time
def map_svg(briefing: Briefing) -> bytes:
    """The map slide as SVG (1920x1080 viewport; text stays text)."""
    return _save(_map_slide(briefing), "svg", 1)


@_one_at_a_time
def timeline_png(briefing: Briefing, scale: int = 1) -> bytes:
    """The timeline and figure comparison slide as PNG (1920x1080 x ``scale``)."""
    return _save(_timeline_slide(briefing), "png", scale)


@_one_at_a_time
def timeline_svg(briefing: Briefing) -> bytes:
    """The timeline and figure comparison slide as SVG."""
    return _save(_timeline_slide(briefing), "svg", 1)


@_one_at_a_time
def map_marker_pixels(briefing: Briefing, scale: int = 1) -> dict[str, tuple[float, float]]:
    """Where each country's point is drawn on the map slide, in pixels from the top-left.

    Tests sample the PNG there; the layout is the one `map_png` renders.
    """
    figure, ax, frame, marks = _map_slide_parts(briefing)
    return {
        code: (x * scale, y * scale) for code, (x, y) in marker_positions(ax, marks, frame).items()
    }


@_one_at_a_time
def map_panel_png(briefing: Briefing, width_in: float, height_in: float, dpi: int) -> bytes:
    """Just the map, no title or key, for the PDF page (which prints those as text)."""
    marks = briefing_content.country_marks(briefing)
    with matplotlib.rc_context(RC):
        figure = _figure((width_in, height_in))
        ax = figure.add_axes((0, 0, 1, 1))
        draw_map(ax, marks, frame_for(marks), label_pt=6.5, marker_scale=0.7)
        return _save(figure, "png", dpi / BASE_DPI)


@_one_at_a_time
def timeline_panel_png(
    briefing: Briefing, width_in: float, height_in: float, dpi: int, overview_share: float = 0.2
) -> bytes:
    """Just the timeline, for the PDF page (which lists the figures as text)."""
    reports = briefing_content.reports(briefing)
    with matplotlib.rc_context(RC):
        figure = _figure((width_in, height_in))
        draw_timeline(
            figure,
            (0.04, 0.02, 0.92, 0.94),
            reports,
            scale_pt=0.75,
            undated_note=False,
            overview_share=overview_share,
        )
        return _save(figure, "png", dpi / BASE_DPI)


def slide_title(briefing: Briefing, what: str) -> str:
    """``Operation Libertad: where it acted`` / ``Operations Libertad and Liberterra II: ...``."""
    named = [
        label for label in briefing_content.operation_order(briefing) if label != UNATTRIBUTED_LABEL
    ]
    has_unattributed = UNATTRIBUTED_LABEL in briefing_content.operation_order(briefing)
    if not named:
        subject = "Unattributed reports" if has_unattributed else "Operations Atlas"
    elif len(named) == 1:
        subject = f"Operation {named[0]}"
    else:
        subject = "Operations " + ", ".join(named[:-1]) + f" and {named[-1]}"
    if named and has_unattributed:
        subject += " (and unattributed reports)"
    return f"{clean(subject, 90)}: {what}"


def _map_slide(briefing: Briefing) -> Figure:
    return _map_slide_parts(briefing)[0]


def _map_slide_parts(briefing: Briefing):
    marks = briefing_content.country_marks(briefing)
    frame = frame_for(marks)
    with matplotlib.rc_context(RC):
        figure = _figure(SLIDE_INCHES)
        _header(figure, briefing, slide_title(briefing, "where it acted, by country and role"))
        ax = figure.add_axes((0.025, CONTENT_BOTTOM, 0.665, CONTENT_TOP - CONTENT_BOTTOM))
        if marks:
            draw_map(ax, marks, frame)
        else:
            draw_map(ax, [], frame)
            ax.text(
                0.5,
                0.5,
                "No country is named by the reports in view.",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=18,
                color=MUTED,
            )
        _map_panel(figure, briefing, marks, frame)
        _footer(figure, briefing)
    return figure, ax, frame, marks


def _timeline_slide(briefing: Briefing) -> Figure:
    reports = briefing_content.reports(briefing)
    with matplotlib.rc_context(RC):
        figure = _figure(SLIDE_INCHES)
        _header(figure, briefing, slide_title(briefing, "when, and how many"))
        _legend_row(figure, reports)
        heading_y = 0.775
        figure.text(
            0.025,
            heading_y,
            "When",
            fontsize=20,
            fontweight="bold",
            color=hex_colour(INK),
            va="top",
        )
        draw_timeline(
            figure, (0.03, CONTENT_BOTTOM + 0.01, 0.395, heading_y - CONTENT_BOTTOM - 0.07), reports
        )
        figure.text(
            0.47,
            heading_y,
            "How many, as the sources state it",
            fontsize=20,
            fontweight="bold",
            color=hex_colour(INK),
            va="top",
        )
        figure.text(
            0.47,
            heading_y - 0.04,
            "Bars compare reports within each figure · + at least · ≈ approximately · "
            "a word (hundreds) = no number given",
            fontsize=12,
            color=MUTED,
            va="top",
        )
        draw_figures(
            figure,
            (0.47, CONTENT_BOTTOM + 0.005, 0.51, heading_y - CONTENT_BOTTOM - 0.07),
            briefing_content.key_figures(briefing),
        )
        _footer(figure, briefing)
    return figure


def _figure(size: Sequence[float]) -> Figure:
    figure = Figure(figsize=tuple(size), dpi=BASE_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, fmt: str, scale: float) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        metadata = {"Software": "Operations Atlas"} if fmt == "png" else {"Date": None}
        figure.savefig(
            buffer, format=fmt, dpi=BASE_DPI * scale, facecolor="white", metadata=metadata
        )
    return buffer.getvalue()


def _header(figure: Figure, briefing: Briefing, title: str) -> None:
    _fitted(figure, (0.025, 0.955), title, 30, 0.95, fontweight="bold", color=hex_colour(INK))
    _fitted(figure, (0.025, 0.893), clean(briefing.description, 200), 17, 0.95, color=MUTED)


def _fitted(
    figure: Figure, xy: tuple[float, float], text: str, size_pt: float, width: float, **style
):
    """Draw one line of text, shrinking it (down to 60 %) and then cutting it to fit ``width``."""
    renderer = figure.canvas.get_renderer()
    limit = width * figure.bbox.width
    artist = figure.text(*xy, text, fontsize=size_pt, va="top", **style)
    size = size_pt
    while artist.get_window_extent(renderer).width > limit and size > size_pt * 0.6:
        size *= 0.93
        artist.set_fontsize(size)
    while artist.get_window_extent(renderer).width > limit and len(artist.get_text()) > 10:
        artist.set_text(artist.get_text()[:-4].rstrip() + "…")
    return artist


def _footer(figure: Figure, briefing: Briefing) -> None:
    figure.add_artist(Line2D([0.025, 0.975], [0.098, 0.098], color=RULE, lw=1))
    lines = wrap(briefing_content.sources_line(briefing), 230, max_lines=2)
    figure.text(
        0.025,
        0.085,
        "\n".join(lines),
        fontsize=11.5,
        color=hex_colour(INK),
        va="top",
        linespacing=1.35,
    )
    n_articles = len(briefing_content.sources(briefing))
    view = f"This view: {clean(briefing.address, ADDRESS_CHARS)}\n" if briefing.address else ""
    figure.text(
        0.025,
        0.012,
        f"{view}Made {briefing.generated:%-d %B %Y} with Operations Atlas from {n_articles} "
        f"news article{'s' if n_articles != 1 else ''} · every figure as its sources state it · "
        "boundaries: Natural Earth"
        + (f" · {LEGEND}" if briefing_content.has_doubt(briefing) else ""),
        fontsize=10.5,
        color=MUTED,
        va="bottom",
        linespacing=1.3,
    )


class _Column:
    """Lays out text lines top-down in a side panel, in points from the top of the figure."""

    def __init__(self, figure: Figure, left: float, right: float, top: float, bottom: float):
        self.figure, self.left, self.right = figure, left, right
        self.y_pt = (1 - top) * TOP_IN_PT
        self.bottom_pt = (1 - bottom) * TOP_IN_PT

    @property
    def y(self) -> float:
        return 1 - self.y_pt / TOP_IN_PT

    def room(self, size_pt: float, lines: int = 1) -> bool:
        return self.y_pt + size_pt * 1.5 * lines <= self.bottom_pt

    def text(self, text: str, size_pt: float, indent: float = 0.0, **style) -> None:
        self.figure.text(self.left + indent, self.y, text, fontsize=size_pt, va="top", **style)
        self.y_pt += size_pt * 1.5

    def gap(self, points: float) -> None:
        self.y_pt += points


def _map_panel(figure: Figure, briefing: Briefing, marks, frame: MapFrame) -> None:
    column = _Column(figure, PANEL_LEFT, PANEL_RIGHT, CONTENT_TOP, CONTENT_BOTTOM + 0.005)
    column.text("Key", 17, fontweight="bold", color=hex_colour(INK))
    colours = briefing_content.colours_for(briefing)
    shown = list(
        dict.fromkeys(
            mark.operations[0]
            if len(mark.operations) == 1
            else (MULTI_OPERATION_LABEL if mark.operations else UNATTRIBUTED_LABEL)
            for mark in marks
        )
    )
    order = [*briefing_content.operation_order(briefing), MULTI_OPERATION_LABEL]
    for label in sorted(shown, key=order.index):
        colour = MULTI_OPERATION if label == MULTI_OPERATION_LABEL else colours[label]
        name = "Unattributed reports" if label == UNATTRIBUTED_LABEL else label
        _swatch(figure, column, colour, 1.0, 0.0)
        column.text(name, 14, indent=0.022, color=hex_colour(INK))
    column.gap(6)
    roles = list(dict.fromkeys(mark.role for mark in marks))
    sample = colours[shown[0]] if shown and shown[0] in colours else (90, 90, 90)
    for role in sorted(
        roles, key=lambda role: ROLE_STYLES.get(role, ROLE_STYLES["mentioned"]).rank
    ):
        style = ROLE_STYLES.get(role, ROLE_STYLES["mentioned"])
        _swatch(figure, column, sample, style.fill_alpha / 255, style.outline_px, ring=style.ring)
        note = " (ringed)" if style.ring else ""
        column.text(role_label(role) + note, 13, indent=0.022, color=hex_colour(INK))
    if any(mark.iso3 in small_codes() for mark in marks):
        _dot(figure, column, sample)
        column.text("Small territory: dot at its location", 13, indent=0.022, color=hex_colour(INK))
    away = outside_view(marks, frame)
    if away:
        column.gap(4)
        text = "Beyond this view: " + "; ".join(
            f"{clean(mark.name, 30)} ({role_label(mark.role).lower()})" for mark in away
        )
        for line in wrap(text, 58, max_lines=3):
            column.text(line, 11.5, color=MUTED)
    column.gap(12)
    _figures_list(column, briefing)


def _figures_list(column: _Column, briefing: Briefing) -> None:
    column.text("Key figures", 17, fontweight="bold", color=hex_colour(INK))
    figures = briefing_content.key_figures(briefing)
    reports = briefing_content.reports(briefing)
    rows_left = MAX_FIGURE_ROWS
    for report in reports:
        mine = [kf for kf in figures if kf.report.name == report.name][:5]
        if not mine:
            continue
        if not column.room(14, 2):
            column.text("… more in the PDF and the data download", 11.5, color=MUTED)
            return
        column.gap(3)
        column.text(clean(report.name, 44), 14, fontweight="bold", color=hex_colour(report.colour))
        for kf in mine:
            if not column.room(13) or rows_left == 0:
                break
            column.figure.text(
                column.left, column.y, kf.label, fontsize=12.5, va="top", color=hex_colour(INK)
            )
            value = clean(shown_figure(kf).text, 26)
            count = f"  ({kf.n_sources} src)" if kf.n_sources != 1 else "  (1 src)"
            column.figure.text(
                column.right,
                column.y,
                value + count,
                fontsize=12.5,
                va="top",
                ha="right",
                color=hex_colour(INK),
                fontweight="bold",
            )
            column.gap(12.5 * 1.5)
            rows_left -= 1


def _legend_row(figure: Figure, reports) -> None:
    x = 0.025
    seen = set()
    for report in reports:
        name = "Unattributed reports" if report.op_label == UNATTRIBUTED_LABEL else report.op_label
        if name in seen:
            continue
        seen.add(name)
        figure.add_artist(
            Rectangle(
                (x, 0.818),
                0.012,
                0.022,
                transform=figure.transFigure,
                color=hex_colour(report.colour),
            )
        )
        figure.text(x + 0.017, 0.829, name, fontsize=14, va="center", color=hex_colour(INK))
        x += 0.04 + len(name) * 0.0058


def _swatch(
    figure: Figure, column: _Column, colour, alpha: float, outline: float, ring: bool = False
) -> None:
    size_w, size_h = 0.014, 0.022
    y = column.y - size_h + 0.002
    figure.add_artist(
        Rectangle(
            (column.left, y),
            size_w,
            size_h,
            transform=figure.transFigure,
            facecolor=hex_colour(LAND),
            edgecolor="none",
        )
    )
    figure.add_artist(
        Rectangle(
            (column.left, y),
            size_w,
            size_h,
            transform=figure.transFigure,
            facecolor=(*[c / 255 for c in colour], alpha),
            edgecolor=hex_colour(colour) if outline else "none",
            lw=outline * 1.2,
        )
    )
    if ring:
        figure.add_artist(
            Line2D(
                [column.left + size_w / 2],
                [y + size_h / 2],
                marker="o",
                markersize=RING_PT * 0.8,
                markerfacecolor="none",
                markeredgecolor=hex_colour(INK),
                markeredgewidth=2,
                transform=figure.transFigure,
            )
        )


def _dot(figure: Figure, column: _Column, colour) -> None:
    figure.add_artist(
        Line2D(
            [column.left + 0.007],
            [column.y - 0.009],
            marker="o",
            markersize=MARKER_PT,
            markerfacecolor=hex_colour(colour),
            markeredgecolor=hex_colour(INK),
            markeredgewidth=1.3,
            transform=figure.transFigure,
        )
    )
