"""Figures compare honestly and the timeline compares durations, on the seeds and on
invented articles built into a dataset by the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.dataset import read_dataset
from dashboard.filters import Filters, apply_filters, prepare
from dashboard.summaries import (
    disagreements,
    figure_claims,
    headline_table,
    report_order,
    sources_disagree,
    timeline_frame,
)
from dashboard.theme import operation_colours
from dashboard.timescale import PAD_DAYS, Row, clusters, lanes, shared_window
from dashboard.views.figures import figures_chart
from dashboard.views.timeline import timeline_chart
from tests.dashboard.test_app import chart_specs, run

OTHER_COUNT = """Police free 410 victims in Caribbean sweep

Published 6 May 2018

Police in thirteen countries rescued 410 victims of human trafficking during Operation \
Libertad, a week-long INTERPOL operation conducted between April 3 and 9, 2018, officials \
said on Sunday.

Officers arrested 22 people, the agency said.
"""
"""A second source for Libertad that counts the victims differently (invented)."""

WORDED_TWICE = """Hundreds of victims rescued as Operation Coral Reef spans 20 countries

Published 20 March 2025

Police rescued 300 victims of trafficking during Operation Coral Reef, which took place \
between March 2 and March 15, 2025, across about 20 countries, INTERPOL said.

Officers in 20 countries arrested more than 90 suspects.
"""
"""One article that words its figures two ways: "hundreds" and "300", "about 20" and "20"."""


@pytest.fixture(scope="module")
def invented(seed_dir, tmp_path_factory):
    """The seed corpus plus the two invented articles, built by ``python -m ingest build``."""
    corpus = tmp_path_factory.mktemp("corpus")
    for path in seed_dir.iterdir():
        shutil.copy(path, corpus / path.name)
    (corpus / "other_count.txt").write_text(OTHER_COUNT, encoding="utf-8")
    (corpus / "worded_twice.txt").write_text(WORDED_TWICE, encoding="utf-8")
    out = tmp_path_factory.mktemp("dataset") / "invented"
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet"],
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def invented_prepared(invented):
    return prepare(read_dataset(invented))


def table_for(prepared, **filters):
    view = apply_filters(prepared, Filters(**filters))
    claims = figure_claims(view)
    return view, claims, headline_table(claims, report_order(view))


def rows_of(table):
    return {(row.report, row.metric): row for row in table.itertuples()}


def test_one_article_wording_its_figure_two_ways_is_not_a_disagreement(prepared):
    _, claims, table = table_for(prepared)
    assert table["agree"].all(), table.loc[~table["agree"], "summary"].tolist()
    assert disagreements(claims, table).empty
    worded = table[table["wording"].astype(bool)]
    assert set(worded["metric"]) == {"victims_rescued"}
    assert all("1 source, wording varies" in summary for summary in worded["summary"])
    hope = worded[worded["report"].str.contains("Hope Restored")].iloc[0]
    assert "hundreds" in hope.wording and "250+" in hope.wording
    assert (hope.bar_value, hope.bar_kind) == (250, "at_least")


def test_two_articles_stating_different_numbers_disagree(invented_prepared):
    _, claims, table = table_for(invented_prepared, operations=("Libertad",))
    rows = rows_of(table)
    victims = rows[("Libertad", "victims_rescued")]
    assert not victims.agree and "sources differ" in victims.summary
    assert rows[("Libertad", "arrests")].agree, "every Libertad source says 22"
    disputed = disagreements(claims, table)
    assert set(disputed["metric_label"]) == {"Victims rescued"}
    assert sorted(disputed["claims"]) == ["350", "350", "410"]
    assert disputed["article_id"].is_unique
    assert set(disputed["confidence"]) == {"high"}, "a body sentence wins over its headline"


def test_a_vague_word_and_a_number_in_one_article_do_not_conflict(invented_prepared):
    _, claims, table = table_for(invented_prepared, operations=("Coral Reef",))
    rows = rows_of(table)
    victims = rows[("Coral Reef", "victims_rescued")]
    assert victims.agree and (victims.bar_value, victims.bar_kind) == (300, "exact")
    assert "hundreds" in victims.wording and "300" in victims.wording
    countries = rows[("Coral Reef", "countries_involved")]
    assert countries.agree and countries.bar_kind == "exact"
    assert countries.summary == "20 · 1 source, wording varies"
    assert rows[("Coral Reef", "arrests")].bar_kind == "at_least"
    assert disagreements(claims, table).empty


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({"a": {350}, "b": {350}}, False),
        ({"a": {350, 400}, "b": {350}}, False),
        ({"a": set(), "b": {350}}, False),
        ({"a": {250}, "b": {300}}, True),
        ({"a": {350}, "b": {350}, "c": {410}}, True),
        ({"a": {250, 300}}, False),
    ],
)
def test_sources_disagree_only_when_two_give_no_common_number(numbers, expected):
    assert sources_disagree(numbers) is expected


def chart_rows(chart) -> pd.DataFrame:
    spec = chart.to_dict(validate=True)
    [values] = [data for data in spec["datasets"].values()]
    return pd.DataFrame(values)


def test_one_operation_gets_labelled_values_without_bars(prepared, options):
    view, claims, table = table_for(prepared, operations=("Libertad",))
    colours = operation_colours(options.operations)
    data = chart_rows(figures_chart(table, claims, colours, report_order(view)))
    bars = data[data["layer"] == "bar"]
    assert not bars[["solid", "pale", "open"]].any().any()
    assert "500+ (1 source)" in set(bars["bar_label"])


def test_bars_compare_reports_and_show_how_each_number_is_qualified(prepared, options):
    view, claims, table = table_for(prepared)
    colours = operation_colours(options.operations)
    data = chart_rows(figures_chart(table, claims, colours, report_order(view)))
    bars = data[data["layer"] == "bar"].set_index(["report", "metric_label"])
    hope = next(r for r in bars.index.get_level_values(0) if "Hope Restored" in r)
    assert bars.loc[(hope, "Victims rescued"), ["solid", "open"]].all(), "250+ has an open end"
    assert bars.loc[("Libertad", "Victims rescued"), "solid"]
    assert not bars.loc[("Libertad", "Victims rescued"), "open"]
    assert not bars.loc[("Libertad", "Officers involved"), "solid"], "only Libertad states it"


def test_every_timeline_row_spans_the_same_days_from_its_operations_start(
    invented_prepared,
):
    view = apply_filters(invented_prepared, Filters())
    frame = timeline_frame(view)
    operations = frame[frame["kind"] == "operation"].set_index("report")
    assert operations.loc["Libertad", "days"] == 7
    assert operations.loc["Liberterra II", "days"] == 6
    assert operations.loc["Liberterra II", "label"].endswith("· 6 days")
    spec = timeline_chart(frame, {}, report_order(view)).to_dict(validate=True)
    overview, *rows = spec["vconcat"]
    assert overview["title"]["text"] == "Operations on one time axis"
    domains = {}
    for row in rows:
        [domain] = {
            tuple(layer["encoding"]["x"]["scale"]["domain"])
            for layer in row["layer"]
            if "scale" in layer["encoding"].get("x", {})
        }
        domains[row["title"]["text"]] = [pd.Timestamp(value) for value in domain]
    assert set(domains) == {"Libertad", "Liberterra II", "Coral Reef"}
    spans = {name: high - low for name, (low, high) in domains.items()}
    assert len(set(spans.values())) == 1, spans
    for name, (low, _) in domains.items():
        assert low == operations.loc[name, "start"] - pd.Timedelta(days=PAD_DAYS)


def test_one_operation_has_no_overview_and_one_label_per_crowded_date(invented_prepared):
    view = apply_filters(invented_prepared, Filters(operations=("Libertad",)))
    spec = timeline_chart(timeline_frame(view), {}, report_order(view)).to_dict(validate=True)
    [row] = spec["vconcat"]
    assert row["title"]["text"] == "Libertad"
    texts = [
        value["text"]
        for data in spec["datasets"].values()
        for value in data
        if value.get("text", "").startswith("Published")
    ]
    assert texts == ["Published 1–6 May 2018 (2 sources)"]


def test_labels_are_grouped_or_laned_so_none_overlap():
    assert clusters([0, 40, 300], [100, 100, 100], 10) == [[0, 1], [2]]
    assert lanes([100, 120, 400], [80, 80, 80], 10) == [0, 1, 0]


def test_a_date_far_from_the_operation_is_pinned_to_the_edge():
    start = pd.Timestamp("2024-09-29")
    late = pd.Timestamp("2026-01-10")
    row = Row(start, pd.Timestamp("2024-10-04"), (late,))
    window = shared_window([row])
    assert window.pinned(start, late) and window.offset(start, late) == window.after
    assert window.days < 90


def test_the_page_lists_disagreements_apart_from_one_articles_wording(app, invented, monkeypatch):
    at = run(app())
    text = "\n".join(element.value for element in at.markdown)
    assert "Where sources disagree" not in text
    assert "1 source, wording varies" in text
    monkeypatch.setenv("ATLAS_DATA_DIR", str(invented))
    at = run(app(op="Libertad"))
    text = "\n".join(element.value for element in at.markdown)
    assert "Where sources disagree" in text
    [table] = [frame.value for frame in at.dataframe if "Claims" in frame.value.columns]
    assert sorted(table["Claims"]) == ["350", "350", "410"]
    assert set(table["Report"]) == {"Libertad"}


def test_the_page_timeline_for_one_operation_is_its_own_row(app):
    for op, rows in (("Libertad", ["Libertad"]), (None, ["Libertad", "Liberterra II"])):
        at = run(app(op=op) if op else app())
        [timeline] = [
            spec
            for spec in chart_specs(at)
            if "Same scale on every row" in spec.get("title", {}).get("text", "")
        ]
        titles = [chart["title"]["text"] for chart in timeline["vconcat"]]
        assert titles == (["Operations on one time axis"] if len(rows) > 1 else []) + rows
