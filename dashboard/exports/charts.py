"""The timeline and the side-by-side figure comparison, drawn with matplotlib into a given area.

Every timeline row spans the same number of days (`dashboard.timescale`), aligned on its
operation's first day, so bar lengths compare across rows; with two or more rows an
overview on one shared axis sits above. The figures compare reports within each metric
(22 arrests and 17,793 migrants cannot share one scale); a metric only one report
states is printed without a bar, and every value is printed as the sources state it
("500+", "≈350", "hundreds") with how many sources state it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dashboard.exports.content import Claim, KeyFigure, Report
from dashboard.exports.text import clean
from dashboard.review import LOW
from dashboard.summaries import headline_table
from dashboard.theme import INK, hex_colour
from dashboard.timescale import (
    CHAR_EM,
    Row,
    Window,
    clusters,
    date_range,
    duration,
    lanes,
    published_label,
    shared_window,
    text_width,
)

MUTED = "#495057"
GRID = "#dee2e6"
MAX_METRICS = 6
MIN_ROWS = 12
"""Few bars keep their height at the top instead of swelling to fill the panel."""
MAX_ROW_INCHES = 2.4
"""One or two timeline rows keep this height on a slide instead of swelling to fill it."""
TICK_MARGIN = 0.06
"""No date tick this close to a row's ends (its label would be cut at the panel's edge)."""
BAR_ROOM = 0.56
"""The longest bar of a metric, as a share of the bars' width (the rest is for labels)."""
OPEN_END = 0.045
"""An at-least bar's dashed open end: a fixed length past its number, not a value."""
DOUBTFUL_ALPHA = 0.4
KEY_BAR = 0.05
KEY = (
    ("exact", "as stated"),
    ("approx", "approximately (≈)"),
    ("at_least", "at least (+)"),
)
LABEL_GAP_PT = 8


def dated_reports(reports: Sequence[Report]) -> list[Report]:
    """Reports with something to place in time (operation dates or a dated source)."""
    return [report for report in reports if report.start is not None or _pub_dates(report)]


def draw_timeline(
    figure: Figure,
    area: tuple[float, float, float, float],
    reports: Sequence[Report],
    scale_pt: float = 1.0,
    undated_note: bool = True,
    overview_share: float = 0.16,
) -> None:
    """Draw the overview (two or more rows) and one close-up per dated report in ``area``.

    Args:
        figure: The figure to draw in.
        area: (left, bottom, width, height) in figure coordinates.
        reports: Reports in display order.
        scale_pt: Multiplier for font sizes (the PDF strip uses smaller type).
        undated_note: Whether to name the reports that give no date under the rows.
        overview_share: Share of the height given to the overview.
    """
    left, bottom, width, height = area
    dated = dated_reports(reports)
    undated = [report for report in reports if report not in dated] if undated_note else []
    if not dated:
        figure.text(
            left,
            bottom + height - 0.02,
            "No report in view gives a date.",
            fontsize=13 * scale_pt,
            color=MUTED,
            va="top",
        )
        return
    rows = [timeline_row(report) for report in dated]
    window = shared_window(rows)
    note_height = 0.05 if undated else 0.0
    overview_height = overview_share * height if len(dated) > 1 else 0.0
    rows_height = height - overview_height - note_height
    row_height = min(rows_height / len(dated), MAX_ROW_INCHES / figure.get_figheight())
    top = bottom + height
    if overview_height:
        ax = figure.add_axes((left, top - overview_height * 0.62, width, overview_height * 0.2))
        _overview(ax, dated, rows, scale_pt)
    for index, (report, row) in enumerate(zip(dated, rows, strict=True)):
        row_top = top - overview_height - index * row_height
        ax = figure.add_axes((left, row_top - row_height * 0.62, width, row_height * 0.38))
        title = _close_up(ax, report, row, window, scale_pt)
        if index == 0 and len(dated) > 1:
            _scale_note(ax, title, window, scale_pt)
    if undated:
        names = "; ".join(clean(report.name, 60) for report in undated)
        figure.text(
            left,
            bottom + 0.01,
            f"No dates given by: {names}",
            fontsize=11 * scale_pt,
            color=MUTED,
            va="bottom",
            wrap=True,
        )


def timeline_row(report: Report) -> Row:
    """A report's `Row`: its operation's days and its sources' publication dates."""
    return Row(report.start, report.end, tuple(sorted(_pub_dates(report))))


def draw_figures(
    figure: Figure,
    area: tuple[float, float, float, float],
    key_figures: Sequence[KeyFigure],
    scale_pt: float = 1.0,
) -> None:
    """Bars per metric and report, on a scale shared within the metric, drawn by qualifier.

    A metric only one report states gets its value printed with no bar (a lone bar would
    fill the width and mean nothing). An exact number is a solid bar, an approximate one a
    pale hatched bar, an at-least one a bar with a dashed open end and an arrow; a key
    under the rows says so. Where sources state different numbers, each is a tick on the
    bar; one article wording its figure more than one way is "1 source, wording varies".

    Args:
        figure: The figure to draw in.
        area: (left, bottom, width, height) in figure coordinates; report names take the
            left quarter.
        key_figures: Output of `content.key_figures` (headline metrics first).
        scale_pt: Multiplier for font sizes.
    """
    left, bottom, width, height = area
    metrics = list(dict.fromkeys(figure_.metric for figure_ in key_figures))[:MAX_METRICS]
    if not metrics:
        figure.text(
            left,
            bottom + height - 0.02,
            "No figures stated by the sources in view.",
            fontsize=13 * scale_pt,
            color=MUTED,
            va="top",
        )
        return
    shown = {id(kf): shown_figure(kf) for kf in key_figures}
    rows: list[tuple[str, object]] = []
    for metric in metrics:
        group = [kf for kf in key_figures if kf.metric == metric]
        rows.append(("header", group[0].label))
        rows.extend(("bar", kf) for kf in group)
    names_width = width * 0.27
    ax = figure.add_axes((left + names_width, bottom, width - names_width, height))
    ax.set_xlim(0, 1.0)
    key_row = len(rows) + 0.3
    ax.set_ylim(max(key_row + 0.6, MIN_ROWS) - 0.4, -0.8)
    ax.axis("off")
    peak = {
        metric: max((shown[id(kf)].value or 0) for kf in key_figures if kf.metric == metric)
        for metric in metrics
    }
    compared = {
        metric: sum(shown[id(kf)].value is not None for kf in key_figures if kf.metric == metric)
        >= 2
        for metric in metrics
    }
    for y, (kind, item) in enumerate(rows):
        if kind == "header":
            ax.text(
                -names_width / (width - names_width),
                y + 0.15,
                str(item),
                transform=ax.transData,
                fontsize=14 * scale_pt,
                fontweight="bold",
                color=hex_colour(INK),
                va="center",
                ha="left",
                clip_on=False,
            )
            ax.axhline(y + 0.5, color=GRID, lw=0.8, xmin=0, xmax=1)
            continue
        kf: KeyFigure = item  # type: ignore[assignment]
        colour = hex_colour(kf.report.colour)
        ax.text(
            -0.015,
            y,
            clean(kf.report.name, 34),
            ha="right",
            va="center",
            fontsize=12.5 * scale_pt,
            color=colour,
            fontweight="bold",
            clip_on=False,
        )
        this = shown[id(kf)]
        end = 0.0
        if compared[kf.metric] and this.value is not None and peak[kf.metric]:
            length = max(BAR_ROOM * this.value / peak[kf.metric], 0.004)
            alpha = DOUBTFUL_ALPHA if all(claim.low for claim in kf.claims) else 1.0
            end = _bar(ax, 0.0, y, length, this.kind, colour, alpha)
            for value in this.ticks:
                x = BAR_ROOM * value / peak[kf.metric]
                ax.plot([x, x], [y - 0.42, y + 0.42], color=hex_colour(INK), lw=2, zorder=4)
        value = ax.text(
            end + 0.012,
            y,
            clean(this.text, 30),
            ha="left",
            va="center",
            fontsize=14 * scale_pt,
            fontweight="bold",
            color=hex_colour(INK),
        )
        ax.annotate(
            f"· {clean(this.detail, 60)}",
            xy=(1.0, 0.5),
            xycoords=value,
            xytext=(5, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=11.5 * scale_pt,
            color=MUTED,
        )
    _figures_key(ax, key_row, scale_pt)


@dataclass(frozen=True)
class ShownFigure:
    """How one report's figure for one metric is printed and drawn."""

    text: str
    """``350``; ``350 / 410`` when sources differ."""
    value: int | None
    """The number the bar runs to (None: words only, no bar)."""
    kind: str
    """One of `dashboard.summaries.BAR_KINDS`."""
    detail: str
    """``2 sources``, ``1 source, wording varies`` or ``3 sources differ``."""
    ticks: tuple[int, ...] = ()
    """Each number sources state differently, marked on the bar."""
    agree: bool = True
    """No two sources state different numbers (one article's wordings may still vary)."""


def shown_figure(kf: KeyFigure) -> ShownFigure:
    """A key figure as the page shows it: the page's own `headline_table` reads its claims.

    Sources differ when two of them state no number in common; one article's several
    wordings only vary.
    """
    rows = [
        {
            "report": kf.report.name,
            "metric": kf.metric,
            "value": claim.value,
            "qualifier": _QUALIFIER_OF_KIND.get(claim_kind_of(claim)),
            "claim": claim.text,
            "article_id": source.article_id,
            "source": source.outlet,
            "span_start": order,
            "surface": claim.text,
            "confidence": LOW if claim.low else "high",
            "doubt": claim.doubt,
        }
        for order, claim in enumerate(kf.claims)
        for source in claim.sources
    ]
    [row] = headline_table(pd.DataFrame(rows), [kf.report.name]).to_dict("records")
    value = None if pd.isna(row["bar_value"]) else int(row["bar_value"])
    if row["agree"]:
        detail = row["summary"].rsplit(" · ", 1)[-1]
        return ShownFigure(row["shown"], value, row["bar_kind"], detail, agree=True)
    stated = sorted({claim.value for claim in kf.claims if claim.value is not None})
    detail = f"{row['n_sources']} sources differ"
    return ShownFigure(row["shown"], value, row["bar_kind"], detail, tuple(stated), agree=False)


_QUALIFIER_OF_KIND = {"approx": "approx", "at_least": "at_least"}


def claim_kind_of(claim: Claim) -> str:
    """The claim's `BAR_KINDS` entry, read from how `format_claim` writes it ("500+", "≈350")."""
    if claim.value is None:
        return "words"
    if claim.text.startswith("≈"):
        return "approx"
    return "at_least" if claim.text.endswith("+") else "exact"


def _bar(ax, x0: float, y: float, length: float, kind: str, colour: str, alpha: float) -> float:
    """Draw one bar from ``x0`` in its kind's style; return where its label may start."""
    if kind == "approx":
        ax.add_patch(
            Rectangle(
                (x0, y - 0.3),
                length,
                0.6,
                facecolor=to_rgba(colour, 0.22 * alpha),
                edgecolor=to_rgba(colour, alpha),
                hatch="///",
                lw=1.3,
            )
        )
        return x0 + length
    ax.add_patch(Rectangle((x0, y - 0.32), length, 0.64, color=colour, lw=0, alpha=alpha))
    if kind != "at_least":
        return x0 + length
    end, tip = x0 + length, x0 + length + OPEN_END
    ax.plot([end, tip], [y, y], color=colour, lw=2, linestyle=(0, (3, 2)), alpha=alpha)
    ax.plot(tip, y, marker=">", markersize=8, color=colour, alpha=alpha, lw=0)
    return tip + 0.01


def _figures_key(ax, y: float, scale_pt: float) -> None:
    """One line under the rows: a sample of each bar style and what it means."""
    renderer = ax.figure.canvas.get_renderer()
    x = 0.0
    for kind, words in KEY:
        end = _bar(ax, x, y, KEY_BAR, kind, MUTED, 1.0)
        label = ax.text(
            end + 0.01, y, words, ha="left", va="center", fontsize=11 * scale_pt, color=MUTED
        )
        box = label.get_window_extent(renderer).transformed(ax.transData.inverted())
        x = box.x1 + 0.04


def _overview(ax, dated: Sequence[Report], rows: Sequence[Row], scale_pt: float) -> None:
    anchors = [row.anchor for row in rows]
    lasts = [max([*row.published, row.end or row.anchor]) for row in rows]
    span_days = (max(lasts) - min(anchors)).days
    pad = pd.Timedelta(days=max(45, span_days * 0.06))
    low, high = min(anchors) - pad, max(lasts) + pad
    ax.set_xlim(mdates.date2num(low), mdates.date2num(high))
    ax.set_ylim(-1, 1)
    ax.axhline(0, color=GRID, lw=2, zorder=0)
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    names = [clean(report.name, 34) for report in dated]
    font = 13 * scale_pt
    centres = [(anchor - low) / (high - low) * width_pt for anchor in anchors]
    lane_of = lanes(centres, [text_width(name, font) for name in names], LABEL_GAP_PT)
    for report, anchor, name, lane in zip(dated, anchors, names, lane_of, strict=True):
        x = mdates.date2num(anchor)
        ax.plot(
            x,
            0,
            marker="D",
            markersize=12 * scale_pt,
            color=hex_colour(report.colour),
            markeredgecolor="white",
            zorder=3,
        )
        ax.annotate(
            name,
            xy=(x, 0.9),
            xytext=(0, lane * font * 1.3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=font,
            fontweight="bold",
            color=hex_colour(INK),
            annotation_clip=False,
        )
    years = span_days > 2 * 365
    ax.xaxis.set_major_locator(mdates.YearLocator() if years else mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y" if years else "%b %Y"))
    ax.tick_params(axis="x", labelsize=11 * scale_pt, colors=MUTED, length=0)
    ax.set_yticks([])
    for name, spine in ax.spines.items():
        spine.set_visible(name == "bottom")
        spine.set_color(GRID)


def _close_up(ax, report: Report, row: Row, window: Window, scale_pt: float):
    anchor = row.anchor
    first, last = window.bounds(anchor)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    ax.set_ylim(-0.8, 1.9)
    colour = hex_colour(report.colour)
    title = clean(report.name, 40)
    if report.start is not None:
        end = report.end or report.start
        days = row.days or 1
        ax.barh(0, days, left=mdates.date2num(report.start), height=0.9, color=colour, zorder=2)
        title += f": {date_range(report.start, end)} · {duration(days)}"
    heading = ax.text(
        0,
        1.04,
        title,
        transform=ax.transAxes,
        fontsize=13.5 * scale_pt,
        fontweight="bold",
        color=hex_colour(INK),
        va="bottom",
        ha="left",
    )
    _publications(ax, report, anchor, window, scale_pt)
    low, high = ax.get_xlim()
    margin = TICK_MARGIN * (high - low)
    ticks = mdates.AutoDateLocator(minticks=3, maxticks=6).tick_values(
        mdates.num2date(low), mdates.num2date(high)
    )
    ax.set_xticks([tick for tick in ticks if low + margin <= tick <= high - margin])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b %Y"))
    ax.tick_params(axis="x", labelsize=10 * scale_pt, colors=MUTED, length=3, pad=2)
    ax.set_yticks([])
    ax.set_facecolor("#f8f9fa")
    for spine in ax.spines.values():
        spine.set_visible(False)
    return heading


def _scale_note(ax, title, window: Window, scale_pt: float) -> None:
    """Say the rows share one scale, right of the first row's title.

    When the title leaves no room, the note goes on a line of its own above it.
    """
    note = ax.text(
        1,
        1.04,
        f"Same scale on every row: {round(window.days)} days across",
        transform=ax.transAxes,
        fontsize=10.5 * scale_pt,
        color=MUTED,
        va="bottom",
        ha="right",
    )
    renderer = ax.figure.canvas.get_renderer()
    if note.get_window_extent(renderer).x0 < title.get_window_extent(renderer).x1 + LABEL_GAP_PT:
        note.set_y(1.04 + title.get_window_extent(renderer).height / ax.bbox.height * 1.15)


def _publications(ax, report: Report, anchor: pd.Timestamp, window: Window, scale_pt) -> None:
    """A diamond per publication date (a triangle at the edge when outside the window).

    Dates whose labels would touch share one label, on one line above the bar.
    """
    published = sorted(_pub_dates(report).items())
    if not published:
        return
    font = 10.5 * scale_pt
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    offsets = [window.offset(anchor, date) for date, _ in published]
    at_pt = [(offset - window.before) / window.days * width_pt for offset in offsets]
    texts = [_published_text([date], outlets) for date, outlets in published]
    for (date, _), offset in zip(published, offsets, strict=True):
        ax.plot(
            mdates.date2num(anchor + pd.Timedelta(days=offset)),
            0,
            marker=">" if window.pinned(anchor, date) else "D",
            markersize=10 * scale_pt,
            color=hex_colour(INK),
            markeredgecolor="white",
            zorder=3,
        )
    for group in clusters(at_pt, [text_width(t, font) for t in texts], LABEL_GAP_PT):
        dates = [published[index][0] for index in group]
        outlets = [outlet for index in group for outlet in published[index][1]]
        text = _published_text(dates, outlets)
        first, last = group[0], group[-1]
        right_room, left_room = width_pt - at_pt[first], at_pt[last]
        rightwards = text_width(text, font) <= right_room or right_room >= left_room
        room = right_room if rightwards else left_room
        text = clean(text, max(int(room / (font * CHAR_EM)), 12))
        x = mdates.date2num(anchor + pd.Timedelta(days=offsets[first if rightwards else last]))
        ax.text(
            x,
            0.6,
            text,
            ha="left" if rightwards else "right",
            va="bottom",
            fontsize=font,
            color=MUTED,
            clip_on=False,
        )


def _published_text(dates: Sequence[pd.Timestamp], outlets: Sequence[str]) -> str:
    """``Published 1 May 2018: JURIST``; a group names its count instead of its outlets."""
    if len(outlets) == 1:
        return f"{published_label(dates, 1)}: {clean(outlets[0], 36)}"
    return published_label(dates, len(outlets))


def _pub_dates(report: Report) -> dict[pd.Timestamp, list[str]]:
    result: dict[pd.Timestamp, list[str]] = {}
    for source in report.sources:
        if source.date is not None:
            result.setdefault(source.date, []).append(source.outlet)
    return result
