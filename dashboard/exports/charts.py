"""The timeline and the side-by-side figure comparison, drawn with matplotlib into a given area.

Operations years apart cannot share a day-scale axis, so each dated report gets its own
close-up row (the operation as a bar, each source's publication date as a diamond),
under an overview on a year axis when there are several. The figures compare reports
within each metric (each metric has its own scale: 22 arrests and 17,793 migrants
cannot share one), and every value is printed as the sources state it ("500+",
"≈350", "hundreds") with how many sources state it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dashboard.exports.content import KeyFigure, Report
from dashboard.exports.text import clean
from dashboard.theme import INK, hex_colour

MUTED = "#495057"
GRID = "#dee2e6"
PAD_DAYS = 4
MAX_METRICS = 6
MIN_ROWS = 12
"""Few bars keep their height at the top instead of swelling to fill the panel."""
MAX_ROW_SHARE = 0.42


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
    """Draw the overview and one close-up per dated report inside ``area`` (figure fraction).

    Args:
        figure: The figure to draw in.
        area: (left, bottom, width, height) in figure coordinates.
        reports: Reports in display order.
        scale_pt: Multiplier for font sizes (the PDF strip uses smaller type).
        undated_note: Whether to name the reports that give no date under the rows.
        overview_share: Share of the height given to the year-axis overview.
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
    note_height = 0.05 if undated else 0.0
    overview_height = overview_share * height if len(dated) > 1 else 0.0
    rows_height = height - overview_height - note_height
    row_height = min(rows_height / len(dated), MAX_ROW_SHARE * height)
    top = bottom + height
    if overview_height:
        ax = figure.add_axes((left, top - overview_height * 0.5, width, overview_height * 0.22))
        _overview(ax, dated, scale_pt)
    for index, report in enumerate(dated):
        row_top = top - overview_height - index * row_height
        ax = figure.add_axes((left, row_top - row_height * 0.62, width, row_height * 0.38))
        _close_up(ax, report, scale_pt)
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


def draw_figures(
    figure: Figure,
    area: tuple[float, float, float, float],
    key_figures: Sequence[KeyFigure],
    scale_pt: float = 1.0,
) -> None:
    """Bars per metric and report, each metric on its own scale, labelled as the sources say.

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
    rows: list[tuple[str, object]] = []
    for metric in metrics:
        group = [kf for kf in key_figures if kf.metric == metric]
        rows.append(("header", group[0].label))
        rows.extend(("bar", kf) for kf in group)
    names_width = width * 0.27
    ax = figure.add_axes((left + names_width, bottom, width - names_width, height))
    ax.set_xlim(0, 1.0)
    ax.set_ylim(max(len(rows), MIN_ROWS) - 0.4, -0.8)
    ax.axis("off")
    peak = {
        metric: max((kf.top_value or 0) for kf in key_figures if kf.metric == metric)
        for metric in metrics
    }
    bar_room = 0.56
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
        length = bar_room * (kf.top_value or 0) / peak[kf.metric] if peak[kf.metric] else 0.0
        if kf.top_value is not None:
            ax.add_patch(Rectangle((0, y - 0.32), max(length, 0.004), 0.64, color=colour, lw=0))
        else:
            ax.add_patch(
                Rectangle(
                    (0, y - 0.32),
                    0.03,
                    0.64,
                    facecolor="none",
                    edgecolor=colour,
                    lw=1.2,
                    linestyle=(0, (2, 2)),
                )
            )
            length = 0.03
        detail = (
            kf.sources_text
            if len(kf.claims) == 1
            else ("sources differ" if kf.n_sources > 1 else "1 source, wording varies")
        )
        value = ax.text(
            length + 0.012,
            y,
            clean(kf.headline, 30),
            ha="left",
            va="center",
            fontsize=14 * scale_pt,
            fontweight="bold",
            color=hex_colour(INK),
        )
        ax.annotate(
            f"· {detail}",
            xy=(1.0, 0.5),
            xycoords=value,
            xytext=(5, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=11.5 * scale_pt,
            color=MUTED,
        )


def _overview(ax, dated: Sequence[Report], scale_pt: float) -> None:
    starts = [report.start or min(_pub_dates(report)) for report in dated]
    low = min(starts) - pd.DateOffset(months=8)
    high = max(starts) + pd.DateOffset(months=8)
    ax.set_xlim(mdates.date2num(low), mdates.date2num(high))
    ax.set_ylim(-1, 1)
    ax.axhline(0, color=GRID, lw=2, zorder=0)
    for report, start in zip(dated, starts, strict=True):
        x = mdates.date2num(start)
        ax.plot(
            x,
            0,
            marker="D",
            markersize=12 * scale_pt,
            color=hex_colour(report.colour),
            markeredgecolor="white",
            zorder=3,
        )
        ax.text(
            x,
            0.9,
            clean(report.name, 34),
            ha="center",
            va="bottom",
            fontsize=13 * scale_pt,
            fontweight="bold",
            color=hex_colour(INK),
            clip_on=False,
        )
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=11 * scale_pt, colors=MUTED, length=0)
    ax.set_yticks([])
    for name, spine in ax.spines.items():
        spine.set_visible(name == "bottom")
        spine.set_color(GRID)


def _close_up(ax, report: Report, scale_pt: float) -> None:
    published = _pub_dates(report)
    points = [date for date in (report.start, report.end, *published) if date is not None]
    low = min(points) - pd.Timedelta(days=PAD_DAYS)
    high = max(points) + pd.Timedelta(days=PAD_DAYS + 1)
    ax.set_xlim(mdates.date2num(low), mdates.date2num(high))
    ax.set_ylim(-0.8, 1.9)
    colour = hex_colour(report.colour)
    title = clean(report.name, 40)
    if report.start is not None:
        end = report.end or report.start
        days = (end - report.start).days + 1
        ax.barh(0, days, left=mdates.date2num(report.start), height=0.9, color=colour, zorder=2)
        title += f": {_date_range(report.start, end)} ({days} day{'s' if days != 1 else ''})"
    ax.text(
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
    for index, (date, outlets) in enumerate(sorted(published.items())):
        x = mdates.date2num(date)
        ax.plot(
            x,
            0,
            marker="D",
            markersize=10 * scale_pt,
            color=hex_colour(INK),
            markeredgecolor="white",
            zorder=3,
        )
        label = f"published {date:%-d %b}: {clean(', '.join(outlets), 36)}"
        share = (x - ax.get_xlim()[0]) / (ax.get_xlim()[1] - ax.get_xlim()[0])
        align = "right" if share > 0.7 else "left" if share < 0.3 else "center"
        ax.text(
            x,
            0.55 + 0.6 * (index % 2),
            label,
            ha=align,
            va="bottom",
            fontsize=10.5 * scale_pt,
            color=MUTED,
            clip_on=False,
        )
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b %Y"))
    ax.tick_params(axis="x", labelsize=10 * scale_pt, colors=MUTED, length=3, pad=2)
    ax.set_yticks([])
    ax.set_facecolor("#f8f9fa")
    for spine in ax.spines.values():
        spine.set_visible(False)


def _pub_dates(report: Report) -> dict[pd.Timestamp, list[str]]:
    result: dict[pd.Timestamp, list[str]] = {}
    for source in report.sources:
        if source.date is not None:
            result.setdefault(source.date, []).append(source.outlet)
    return result


def _date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start == end:
        return f"{start:%-d %b %Y}"
    if start.year != end.year:
        return f"{start:%-d %b %Y} – {end:%-d %b %Y}"
    if start.month != end.month:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d}–{end:%-d %b %Y}"
