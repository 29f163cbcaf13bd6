"""The timeline: where the operations sit in time, then each one close up with its sources.

Operations years apart (Libertad in 2018, Liberterra II in 2024) cannot share one day-scale
axis, so the chart has an overview on a year axis and one row per operation on its own
time axis: the operation as an interval, each source's publication date as a diamond.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.review import doubt_note
from dashboard.safe import escape_markdown
from dashboard.theme import RGB, UNATTRIBUTED, hex_colour
from dashboard.views.charts import draw

PANEL_WIDTH_PX = 760
ROW_HEIGHT_PX = 46
PAD_DAYS = 6
CONFIDENCE_OPACITY = {"medium": 0.65, "low": 0.4}
"""Operation dates the articles leave in doubt are drawn lighter (and labelled "?")."""


def colour_for_report(report: str, colours: Mapping[str, RGB]) -> str:
    """An operation's colour; unattributed reports are grey."""
    return hex_colour(colours.get(report, UNATTRIBUTED))


def timeline_chart(
    frame: pd.DataFrame, colours: Mapping[str, RGB], order: Sequence[str]
) -> alt.VConcatChart:
    """Overview on a year axis above one close-up row per report (independent time axes)."""
    data = frame.assign(
        colour=[colour_for_report(report, colours) for report in frame["report"]],
        start_text=frame["start"].dt.strftime("%-d %b %Y"),
        end_text=frame["end"].dt.strftime("%-d %b %Y"),
        opacity=[CONFIDENCE_OPACITY.get(level, 1.0) for level in frame["confidence"]],
        doubt=[doubt_note(c, d) for c, d in zip(frame["confidence"], frame["doubt"], strict=True)],
    )
    reports = [report for report in order if report in set(data["report"])]
    reports += sorted(set(data["report"]) - set(reports))
    return (
        alt.vconcat(_overview(data, reports), _close_up(data, reports), spacing=18)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12)
    )


def _overview(data: pd.DataFrame, reports: list[str]) -> alt.LayerChart:
    operations = data[data["kind"] == "operation"]
    low = data["start"].min() - pd.DateOffset(months=6)
    high = data["end"].max() + pd.DateOffset(months=6)
    base = alt.Chart(operations).encode(
        x=alt.X(
            "start:T",
            title=None,
            scale=alt.Scale(domain=[low.isoformat(), high.isoformat()]),
            axis=alt.Axis(format="%Y", tickCount="year", grid=True, gridColor="#e9ecef"),
        ),
    )
    dots = base.mark_point(filled=True, size=260, shape="diamond").encode(
        color=alt.Color("colour:N", scale=None),
        opacity=alt.Opacity("opacity:Q", scale=None),
        tooltip=[
            alt.Tooltip("label:N", title="Operation"),
            alt.Tooltip("doubt:N", title="? Dates in doubt"),
        ],
    )
    labels = base.mark_text(dy=-16, fontSize=13, fontWeight="bold", color="#212529").encode(
        text="report:N"
    )
    return (dots + labels).properties(
        width=PANEL_WIDTH_PX, height=70, title="Operations on one time axis"
    )


def _close_up(data: pd.DataFrame, reports: list[str]) -> alt.FacetChart:
    padded = data.assign(
        pad_start=data.groupby("report")["start"].transform("min") - pd.Timedelta(days=PAD_DAYS),
        pad_end=data.groupby("report")["end"].transform("max") + pd.Timedelta(days=PAD_DAYS),
    )
    base = alt.Chart()
    interval = (
        base.transform_filter(alt.datum.kind == "operation")
        .mark_bar(height=18, cornerRadius=3)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%-d %b %Y", labelAngle=0)),
            x2="end:T",
            color=alt.Color("colour:N", scale=None),
            opacity=alt.Opacity("opacity:Q", scale=None),
            tooltip=[
                alt.Tooltip("label:N", title="Operation"),
                alt.Tooltip("source:N", title="Dates from"),
                alt.Tooltip("doubt:N", title="? Dates in doubt"),
            ],
        )
    )
    interval_text = (
        base.transform_filter(alt.datum.kind == "operation")
        .mark_text(align="left", dx=6, dy=-16, fontSize=12, color="#212529")
        .encode(x="start:T", text="label:N")
    )
    published = (
        base.transform_filter(alt.datum.kind == "source")
        .mark_point(shape="diamond", filled=True, size=150, color="#212529")
        .encode(
            x="start:T",
            tooltip=[
                alt.Tooltip("label:N", title="Date"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    published_text = (
        base.transform_filter(alt.datum.kind == "source")
        .mark_text(align="left", dx=8, dy=12, fontSize=11, color="#495057")
        .encode(x="start:T", text="label:N")
    )
    span = base.mark_point(opacity=0).encode(x="pad_start:T")
    span_end = base.mark_point(opacity=0).encode(x="pad_end:T")
    layered = alt.layer(
        span, span_end, interval, published, interval_text, published_text, data=padded
    )
    return (
        layered.properties(width=PANEL_WIDTH_PX, height=ROW_HEIGHT_PX)
        .facet(
            row=alt.Row(
                "report:N",
                sort=reports,
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelFontSize=13,
                    labelFontWeight="bold",
                    labelOrient="top",
                    labelPadding=2,
                ),
            ),
            spacing=10,
        )
        .resolve_scale(x="independent")
    )


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
        draw(timeline_chart, frame, dict(colours), list(order))
        doubtful = frame["kind"].eq("operation") & frame["confidence"].ne("high")
        st.caption(
            "Bars: the days each operation ran, as the articles state them. "
            "Diamonds: publication dates of the articles that give one."
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
