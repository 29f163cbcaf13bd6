"""Headline figures side by side, with qualifiers, source counts and every disagreement.

One chart per metric, stacked, as wide as the page's column; one bar per report (an
operation, or one unattributed report), on a scale shared by the reports within the
metric. A metric only one report states gets a labelled value and no bar: a lone bar
filling the width would mean nothing. An exact number is a solid bar, an approximate one
("≈350") a pale outlined bar, an at-least one ("500+") a bar with a dashed open end and an
arrow. Where two sources state different numbers, every number is a tick on the bar and
the source rows are listed below; one article wording its figure more than one way
("hundreds" in the headline, "350" in the body) is shown once as its own wording, never as
a disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.cite import plain
from dashboard.provenance import evidence, evidence_markdown
from dashboard.review import LEGEND, MARK, doubt_note
from dashboard.safe import escape_markdown, plain_frame
from dashboard.summaries import disagreements
from dashboard.theme import RGB, qualifier_note
from dashboard.timescale import text_width
from dashboard.views.charts import FIT_WIDTH, draw
from dashboard.views.timeline import colour_for_report

PLOT_WIDTH_PX = 520
LABEL_LIMIT_PX = 260
"""Report names are cut at this width; every metric's chart gives its names the same room,
so the bars of all metrics start at one line."""
BAR_HEIGHT_PX = 26
DOUBTFUL_OPACITY = 0.4
"""A bar whose every claim is low-confidence is drawn this much lighter (and labelled "?")."""
APPROX_FILL_OPACITY = 0.3
LABEL_ROOM = 1.9
"""Each metric's axis runs to this multiple of its largest value, leaving room for labels."""
OPEN_END_PX = 26
"""An at-least bar's dashed open end runs this far past its number (pixels, not a value)."""
KEY = (
    "Solid bar: the number as stated. Pale outlined bar: approximately (“≈350”, “about”, "
    "“nearly”). Bar with a dashed open end ▸: at least (“500+”, “more than”). No bar: a "
    "word such as “hundreds” (no number), or a figure only one report in view states."
)


def figures_chart(
    table: pd.DataFrame, claims: pd.DataFrame, colours: Mapping[str, RGB], order: Sequence[str]
) -> alt.VConcatChart:
    """Bars per metric and report, drawn by qualifier, labelled; ticks for differing claims."""
    reports = [report for report in order if report in set(table["report"])]
    label_room = min(
        LABEL_LIMIT_PX, max((text_width(r, 12) for r in table["report"]), default=0) + 8
    )
    numbered = table["bar_value"].notna()
    compared = numbered.groupby(table["metric"]).transform("sum") >= 2
    peak = table["bar_value"].astype("Float64").groupby(table["metric"]).transform("max")
    x = table["bar_value"].astype("Float64").fillna(0).astype(float)
    bars = table.assign(
        x=x,
        x_label=x.where(compared, 0.0),
        solid=compared & numbered & table["bar_kind"].isin(["exact", "at_least"]),
        pale=compared & numbered & table["bar_kind"].eq("approx"),
        open=compared & numbered & table["bar_kind"].eq("at_least"),
        room=(peak.where(compared).fillna(1).astype(float) * LABEL_ROOM),
        colour=[colour_for_report(op, colours) for op in _op_of(table["report"], claims)],
        opacity=[DOUBTFUL_OPACITY if doubtful else 1.0 for doubtful in table["doubtful"]],
    )
    numeric = claims[claims["value"].notna()]
    disputed = set(
        table.loc[~table["agree"] & compared, ["report", "metric"]].itertuples(
            index=False, name=None
        )
    )
    ticks = numeric[
        [(r, m) in disputed for r, m in zip(numeric["report"], numeric["metric"], strict=True)]
    ]
    ticks = ticks.assign(x=ticks["value"].astype(float), metric_label=ticks["metric_label"])
    data = pd.concat(
        [
            bars.assign(layer="bar")[
                [
                    "layer",
                    "report",
                    "metric_label",
                    "x",
                    "x_label",
                    "solid",
                    "pale",
                    "open",
                    "room",
                    "colour",
                    "opacity",
                    "bar_label",
                    "summary",
                    "wording",
                    "doubt",
                ]
            ],
            ticks.assign(
                layer="claim",
                bar_label=ticks["claim"].where(ticks["confidence"] != "low", ticks["claim"] + MARK),
                summary=ticks["source"],
                doubt=[
                    doubt_note(c, d)
                    for c, d in zip(ticks["confidence"], ticks["doubt"], strict=True)
                ],
            )[["layer", "report", "metric_label", "x", "bar_label", "summary", "doubt"]],
        ],
        ignore_index=True,
    )
    y = alt.Y(
        "report:N",
        sort=reports,
        title=None,
        axis=alt.Axis(
            labelLimit=LABEL_LIMIT_PX,
            labelFontSize=12,
            labelColor="#212529",
            domain=False,
            ticks=False,
            minExtent=label_room,
            maxExtent=label_room,
        ),
    )
    x_axis = alt.X(
        "x:Q",
        title=None,
        scale=alt.Scale(zero=True, nice=False),
        axis=alt.Axis(format="~s", grid=False, labels=False, ticks=False, domain=False),
    )
    colour = alt.Color("colour:N", scale=None)
    opacity = alt.Opacity("opacity:Q", scale=None)
    tooltip = [
        alt.Tooltip("report:N", title="Report"),
        alt.Tooltip("summary:N", title="Claims"),
        alt.Tooltip("wording:N", title="Worded in one article as"),
        alt.Tooltip("doubt:N", title="? In doubt"),
    ]
    is_bar = alt.datum.layer == "bar"
    base = alt.Chart()
    solid = (
        base.transform_filter(is_bar & alt.datum.solid)
        .mark_bar(height=18)
        .encode(x=x_axis, y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    pale = (
        base.transform_filter(is_bar & alt.datum.pale)
        .mark_bar(height=16, fillOpacity=APPROX_FILL_OPACITY, strokeWidth=1.5)
        .encode(
            x=x_axis,
            y=y,
            color=colour,
            stroke=alt.Stroke("colour:N", scale=None),
            opacity=opacity,
            tooltip=tooltip,
        )
    )
    open_line = (
        base.transform_filter(is_bar & alt.datum.open)
        .mark_rule(strokeDash=[4, 3], strokeWidth=2, x2Offset=OPEN_END_PX)
        .encode(x="x:Q", x2="x:Q", y=y, color=colour, opacity=opacity)
    )
    open_arrow = (
        base.transform_filter(is_bar & alt.datum.open)
        .mark_point(shape="triangle-right", filled=True, size=70, xOffset=OPEN_END_PX)
        .encode(x="x:Q", y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    label = alt.layer(
        *(
            base.transform_filter(is_bar & (alt.datum.open if at_least else ~alt.datum.open))
            .mark_text(
                align="left", dx=6 + (OPEN_END_PX + 6) * at_least, fontSize=12, color="#212529"
            )
            .encode(x="x_label:Q", y=y, text="bar_label:N", tooltip=tooltip)
            for at_least in (False, True)
        )
    )
    room = base.transform_filter(is_bar).mark_point(opacity=0).encode(x="room:Q", y=y)
    tick = (
        base.transform_filter(alt.datum.layer == "claim")
        .mark_tick(color="#212529", thickness=2, size=22)
        .encode(
            x="x:Q",
            y=y,
            tooltip=[
                alt.Tooltip("bar_label:N", title="Claim"),
                alt.Tooltip("summary:N", title="Source"),
                alt.Tooltip("doubt:N", title="? In doubt"),
            ],
        )
    )
    metrics = list(dict.fromkeys(table["metric_label"]))
    layered = alt.layer(room, solid, pale, open_line, open_arrow, tick, label)
    return (
        alt.vconcat(
            *(
                layered.transform_filter(
                    alt.FieldEqualPredicate(field="metric_label", equal=m)
                ).properties(
                    width=PLOT_WIDTH_PX,
                    height=alt.Step(BAR_HEIGHT_PX),
                    title=alt.TitleParams(
                        m, anchor="start", fontSize=13, fontWeight="bold", color="#212529"
                    ),
                )
                for m in metrics
            ),
            data=data,
            spacing=8,
        )
        .resolve_scale(x="independent", y="independent")
        .properties(autosize=FIT_WIDTH)
        .configure_view(stroke=None)
    )


def render(
    table: pd.DataFrame,
    claims: pd.DataFrame,
    colours: Mapping[str, RGB],
    order: Sequence[str],
    texts: Mapping[str, str],
    notes: Sequence[str] = (),
) -> None:
    """Draw the comparison chart, the disagreements and the claims with their sentences."""
    if table.empty:
        st.info("No figures are reported under these filters.")
        return
    draw(figures_chart, table, claims, dict(colours), list(order), width="stretch")
    st.caption(
        "Labels show each number as the articles state it: “500+” = more than 500, "
        "“≈” = approximately, a word such as “hundreds” = no number given. "
        f"{KEY} Bars compare the reports in view within each figure. Unattributed "
        "reports are shown on their own rows, never added to an operation."
        + (f" {LEGEND} (lighter bars; hover for why)." if table["doubt"].astype(bool).any() else "")
    )
    for note in notes:
        st.caption(f"Unattributed: {escape_markdown(note)} Shown apart all the same.")
    disputed = disagreements(claims, table)
    if not disputed.empty:
        st.markdown("**Where sources disagree** · two articles state different numbers")
        st.dataframe(
            plain_frame(
                pd.DataFrame(
                    {
                        "Report": disputed["report"],
                        "Figure": disputed["metric_label"],
                        "Source": disputed["source"],
                        "Claims": disputed["claims"],
                        "As written": disputed["surfaces"],
                        "Confidence": disputed["confidence"],
                    }
                )
            ),
            hide_index=True,
            width="stretch",
        )
    worded = table[table["wording"].astype(bool)]
    if not worded.empty:
        st.markdown(
            "**1 source, wording varies** · one article words a figure more than one way "
            "(a headline and its body, say); not a disagreement"
        )
        st.markdown(
            "\n".join(
                f"- {escape_markdown(row.report)} · {escape_markdown(row.metric_label)}: "
                f"{escape_markdown(row.wording)}"
                for row in worded.itertuples()
            )
        )
    st.markdown("**Every figure claimed** · select a row to read the sentence it comes from")
    event = st.dataframe(
        plain_frame(_claims_for_table(claims)),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="claims_table",
    )
    selected = _selected_row(event)
    if selected is not None and selected < len(claims):
        claim = claims.iloc[selected]
        found = evidence(texts.get(claim["article_id"], ""), claim["span_start"], claim["span_end"])
        if found is not None:
            st.markdown(f"> {evidence_markdown(found)}")
            rule = claim["rule_id"] if isinstance(claim["rule_id"], str) else "unknown"
            note = doubt_note(claim["confidence"], claim["doubt"])
            st.caption(
                escape_markdown(
                    f"{claim['source']} · rule {rule} · {claim['confidence']} confidence"
                )
                + (f"  \n{escape_markdown(note)}" if note else "")
            )
        st.caption("Cite")
        st.code(figure_cite(claim), language=None, wrap_lines=True)


def figure_cite(claim: Mapping) -> str:
    """A figure as plain text to paste: what is counted, the claim as written, its source."""
    cited = claim.get("cite") or claim["source"]
    return plain(f"{claim['report']}, {claim['metric_label'].lower()}: {claim['claim']} — {cited}")


def _claims_for_table(claims: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Report": claims["report"],
            "Figure": claims["metric_label"],
            "Claim": [
                claim + (MARK if confidence == "low" else "")
                for claim, confidence in zip(claims["claim"], claims["confidence"], strict=True)
            ],
            "Qualifier": [
                qualifier_note(q, None if pd.isna(v) else v)
                for q, v in zip(claims["qualifier"], claims["value"], strict=True)
            ],
            "Source": claims["source"],
            "Cite": claims["cite"] if "cite" in claims.columns else claims["source"],
            "As written": claims["surface"],
            "Confidence": claims["confidence"],
            "Why in doubt": claims["doubt"].fillna(""),
            "Rule": claims["rule_id"].fillna(""),
        }
    )


def _selected_row(event: object) -> int | None:
    try:
        rows = event.selection["rows"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    return int(rows[0]) if rows else None


def _op_of(reports: pd.Series, claims: pd.DataFrame) -> list[str]:
    op_by_report = dict(zip(claims["report"], claims["op_label"], strict=False))
    return [op_by_report.get(report, report) for report in reports]
