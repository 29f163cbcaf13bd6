"""The timeline: where the operations sit in time, then each one close up with its sources.

Every close-up row spans the same number of days (`dashboard.timescale`), aligned on the
operation's first day, so a 6-day operation's bar is shorter than a 7-day one's, whatever
the years between them. Each row has its own date axis, the operation as a bar labelled
with its dates and duration, and its sources' publication dates as diamonds (dates too
far out are pinned to the edge as a triangle, their real date in the label). With two
or more rows, an overview on one shared axis shows where they sit relative to each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.review import doubt_note
from dashboard.safe import escape_markdown
from dashboard.theme import RGB, UNATTRIBUTED, hex_colour
from dashboard.timescale import (
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
from dashboard.views.charts import FIT_WIDTH, draw

PANEL_WIDTH_PX = 440
"""The width labels are laid out for: the narrowest the page gives the timeline. The chart
is drawn at the page's width (`draw(..., width="stretch")`), so on a wider page the
same labels only have more room."""
ROW_HEIGHT_PX = 46
LABEL_FONT_PX = 11
NAME_FONT_PX = 13
LANE_PX = 16
LABEL_GAP_PX = 10
OVERVIEW_PAD_DAYS = 45
CONFIDENCE_OPACITY = {"medium": 0.65, "low": 0.4}
"""Operation dates the articles leave in doubt are drawn lighter (and labelled "?")."""
INK, MUTED = "#212529", "#495057"


def colour_for_report(report: str, colours: Mapping[str, RGB]) -> str:
    """An operation's colour; unattributed reports are grey."""
    return hex_colour(colours.get(report, UNATTRIBUTED))


def timeline_chart(
    frame: pd.DataFrame, colours: Mapping[str, RGB], order: Sequence[str]
) -> alt.VConcatChart:
    """An overview (two or more rows) above one close-up per report, all on one day scale."""
    data = frame.assign(
        colour=[colour_for_report(report, colours) for report in frame["report"]],
        opacity=[CONFIDENCE_OPACITY.get(level, 1.0) for level in frame["confidence"]],
        doubt=[doubt_note(c, d) for c, d in zip(frame["confidence"], frame["doubt"], strict=True)],
    )
    reports = [report for report in order if report in set(data["report"])]
    reports += sorted(set(data["report"]) - set(reports))
    rows = {report: timeline_row(data[data["report"] == report]) for report in reports}
    window = shared_window(list(rows.values()))
    charts = [_overview(data, reports, rows)] if len(reports) > 1 else []
    charts += [
        _close_up(data[data["report"] == report], report, rows[report], window)
        for report in reports
    ]
    return (
        alt.vconcat(*charts, spacing=14)
        .properties(
            title=alt.TitleParams(
                f"Same scale on every row: {round(window.days)} days across, "
                "from each operation's first day",
                anchor="start",
                fontSize=12,
                fontWeight="normal",
                color=MUTED,
            ),
            autosize=FIT_WIDTH,
        )
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12)
    )


def timeline_row(rows: pd.DataFrame) -> Row:
    """One report's `Row`: its operation's days and its sources' publication dates."""
    operation = rows[rows["kind"] == "operation"]
    published = rows.loc[rows["kind"] == "source", "start"]
    return Row(
        start=operation["start"].min() if not operation.empty else None,
        end=operation["end"].max() if not operation.empty else None,
        published=tuple(sorted(set(published))),
    )


def _overview(data: pd.DataFrame, reports: list[str], rows: Mapping[str, Row]) -> alt.LayerChart:
    anchors = pd.DataFrame(
        {
            "report": reports,
            "at": [rows[report].anchor for report in reports],
            "last": [_last(rows[report]) for report in reports],
            "colour": [data.loc[data["report"] == r, "colour"].iloc[0] for r in reports],
        }
    )
    span_days = (anchors["last"].max() - anchors["at"].min()).days
    pad = pd.Timedelta(days=max(OVERVIEW_PAD_DAYS, span_days * 0.06))
    low, high = anchors["at"].min() - pad, anchors["last"].max() + pad
    share = (anchors["at"] - low) / (high - low)
    widths = [text_width(name, NAME_FONT_PX) for name in anchors["report"]]
    anchors["lane"] = lanes(list(share * PANEL_WIDTH_PX), widths, LABEL_GAP_PX)
    anchors["dy"] = -14 - anchors["lane"] * LANE_PX
    years = span_days > 2 * 365
    x = alt.X(
        "at:T",
        title=None,
        scale=alt.Scale(domain=[low.isoformat(), high.isoformat()], nice=False),
        axis=alt.Axis(
            format="%Y" if years else "%b %Y",
            tickCount="year" if years else "month",
            grid=True,
            gridColor="#e9ecef",
            labelOverlap=True,
        ),
    )
    base = alt.Chart(anchors)
    dots = base.mark_point(filled=True, size=200, shape="diamond", opacity=1).encode(
        x=x,
        color=alt.Color("colour:N", scale=None),
        tooltip=alt.Tooltip("report:N", title="Report"),
    )
    names = [
        base.transform_filter(alt.FieldEqualPredicate(field="lane", equal=lane))
        .mark_text(dy=-14 - lane * LANE_PX, fontSize=NAME_FONT_PX, fontWeight="bold", color=INK)
        .encode(x=x, text="report:N")
        for lane in sorted(set(anchors["lane"]))
    ]
    n_lanes = int(anchors["lane"].max()) + 1
    return alt.layer(dots, *names).properties(
        width=PANEL_WIDTH_PX,
        height=34 + n_lanes * LANE_PX,
        title=alt.TitleParams("Operations on one time axis", anchor="start", fontSize=13),
    )


def _close_up(rows: pd.DataFrame, report: str, row: Row, window: Window) -> alt.LayerChart:
    anchor = row.anchor
    first, last = window.bounds(anchor)
    x_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()], nice=False)
    axis = alt.Axis(format="%-d %b %Y", labelAngle=0, labelOverlap=True, tickCount=6)
    layers = []
    operation = rows[rows["kind"] == "operation"].head(1)
    if not operation.empty:
        op = operation.iloc[0]
        text = f"{date_range(op['start'], op['end'])} · {duration(int(op['days']))}"
        text += " ?" if op["confidence"] != "high" else ""
        bar = operation.assign(
            stop=operation["end"] + pd.Timedelta(days=1), text=text, doubt=op["doubt"]
        )
        start_px = _px(window.offset(anchor, op["start"]), window)
        right = start_px + text_width(text, LABEL_FONT_PX) > PANEL_WIDTH_PX
        chart = alt.Chart(bar)
        layers += [
            chart.mark_bar(height=18, cornerRadius=3).encode(
                x=alt.X("start:T", title=None, scale=x_scale, axis=axis),
                x2="stop:T",
                color=alt.Color("colour:N", scale=None),
                opacity=alt.Opacity("opacity:Q", scale=None),
                tooltip=[
                    alt.Tooltip("label:N", title="Operation"),
                    alt.Tooltip("source:N", title="Dates from"),
                    alt.Tooltip("doubt:N", title="? Dates in doubt"),
                ],
            ),
            chart.mark_text(
                align="right" if right else "left", dy=-17, fontSize=12, color=INK
            ).encode(x=alt.X("stop:T" if right else "start:T", scale=x_scale), text="text:N"),
        ]
    marks = _publication_marks(rows[rows["kind"] == "source"], anchor, window)
    if not marks.empty:
        chart = alt.Chart(marks)
        x = alt.X("at:T", title=None, scale=x_scale, axis=axis)
        tooltip = [
            alt.Tooltip("when:N", title="Published"),
            alt.Tooltip("source:N", title="Source"),
        ]
        layers += [
            chart.transform_filter(alt.FieldEqualPredicate(field="pinned", equal=pinned))
            .mark_point(
                shape="triangle-right" if pinned else "diamond",
                filled=True,
                size=150,
                color=INK,
                opacity=1,
            )
            .encode(x=x, tooltip=tooltip)
            for pinned in (False, True)
        ]
        layers += [
            chart.transform_filter(alt.FieldEqualPredicate(field="align", equal=align))
            .mark_text(
                align=align, dx=8 if align == "left" else -8, dy=13, fontSize=11, color=MUTED
            )
            .encode(x=alt.X("label_at:T", scale=x_scale), text="text:N")
            for align in ("left", "right")
        ]
    return alt.layer(*layers).properties(
        width=PANEL_WIDTH_PX,
        height=ROW_HEIGHT_PX,
        title=alt.TitleParams(report, anchor="start", fontSize=NAME_FONT_PX, color=INK),
    )


def _publication_marks(sources: pd.DataFrame, anchor: pd.Timestamp, window: Window) -> pd.DataFrame:
    """One mark per publication date, pinned to the edge when outside the window.

    Marks whose labels would touch share one label ("Published 1–6 May 2018 (2 sources)").
    """
    columns = ["at", "pinned", "when", "source", "label_at", "align", "text"]
    if sources.empty:
        return pd.DataFrame(columns=columns)
    by_date = sources.groupby("start", sort=True)["source"].agg(list)
    dates = list(by_date.index)
    offsets = [window.offset(anchor, date) for date in dates]
    texts = [published_label([date], len(by_date[date])) for date in dates]
    groups = clusters(
        [_px(offset, window) for offset in offsets],
        [text_width(text, LABEL_FONT_PX) + 8 for text in texts],
        LABEL_GAP_PX,
    )
    rows = []
    for group in groups:
        members = [dates[index] for index in group]
        n_sources = sum(len(by_date[date]) for date in members)
        text = published_label(members, n_sources)
        left_px = _px(offsets[group[0]], window)
        fits = left_px + 8 + text_width(text, LABEL_FONT_PX) <= PANEL_WIDTH_PX
        for position, index in enumerate(group):
            date = dates[index]
            at = anchor + pd.Timedelta(days=offsets[index])
            labelled = position == (0 if fits else len(group) - 1)
            rows.append(
                {
                    "at": at,
                    "pinned": window.pinned(anchor, date),
                    "when": f"{date:%-d %b %Y}",
                    "source": "; ".join(by_date[date]),
                    "label_at": at,
                    "align": ("left" if fits else "right") if labelled else "none",
                    "text": text if labelled else "",
                }
            )
    return pd.DataFrame(rows, columns=columns)


def _last(row: Row) -> pd.Timestamp:
    dates = [*row.published, *([row.end or row.start] if row.start is not None else [])]
    return max(dates)


def _px(offset: float, window: Window) -> float:
    return (offset - window.before) / window.days * PANEL_WIDTH_PX


def render(
    frame: pd.DataFrame,
    colours: Mapping[str, RGB],
    order: Sequence[str],
    undated: Sequence[str],
) -> None:
    """Draw the timeline, or say why there is nothing to draw."""
    if frame.empty:
        st.info(
            "None of the reports in view gives a date (operation dates or a publication "
            "date), so there is nothing to place on the timeline."
        )
    else:
        draw(timeline_chart, frame, dict(colours), list(order), width="stretch")
        doubtful = frame["kind"].eq("operation") & frame["confidence"].ne("high")
        st.caption(
            "Bars: the days each operation ran, as the articles state them, every row on "
            "the same scale and starting at the operation's first day. Diamonds: "
            "publication dates of the articles that give one (a triangle at the edge: a "
            "date beyond the row, named in its label)."
            + (
                " A lighter bar ending in “?”: dates the articles leave in doubt (the year "
                "inferred, say); hover for why."
                if doubtful.any()
                else ""
            )
        )
    if undated:
        listed = ", ".join(escape_markdown(name) for name in undated)
        st.caption(f"No date given in the articles for: {listed}.")
