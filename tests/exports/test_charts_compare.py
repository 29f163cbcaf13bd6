"""The exported charts compare: bars only where reports can be compared, qualifiers drawn
apart, disagreement only between sources, and every timeline row on one day scale."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import shutil
import subprocess
import sys

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from dashboard.dataset import read_dataset
from dashboard.exports import briefing_for, content, images, pdf
from dashboard.exports.charts import BAR_ROOM, draw_figures, draw_timeline, shown_figure
from dashboard.filters import Filters, apply_filters, prepare
from dashboard.summaries import figure_claims, headline_table, report_order
from dashboard.theme import hex_colour
from tests.dashboard.test_figures_and_timeline import OTHER_COUNT, WORDED_TWICE

MADE_ON = dt.date(2025, 3, 14)


@pytest.fixture(scope="module")
def invented(seed_dir, tmp_path_factory):
    """The seeds plus a second Libertad count and an article wording its figures twice."""
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


def figures_of(briefing):
    return {(kf.report.name, kf.metric): kf for kf in content.key_figures(briefing)}


def canvas() -> Figure:
    figure = Figure(figsize=(19.2, 10.8), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def test_only_two_sources_stating_different_numbers_differ(invented):
    figures = figures_of(briefing_for(("Libertad", "Coral Reef"), invented, generated=MADE_ON))
    victims = shown_figure(figures[("Libertad", "victims_rescued")])
    assert (victims.text, victims.detail, victims.ticks) == (
        "350 / 410",
        "3 sources differ",
        (350, 410),
    )
    assert shown_figure(figures[("Libertad", "arrests")]).detail == "3 sources"
    countries = shown_figure(figures[("Coral Reef", "countries_involved")])
    assert (countries.text, countries.kind) == ("20", "exact")
    assert countries.detail == "1 source, wording varies"
    rescued = shown_figure(figures[("Coral Reef", "victims_rescued")])
    assert (rescued.text, rescued.value, rescued.detail) == ("300", 300, "1 source, wording varies")
    assert shown_figure(figures[("Coral Reef", "arrests")]).kind == "at_least"


def test_one_operation_prints_values_without_bars(briefings):
    briefing = briefings["libertad"]
    figure = canvas()
    draw_figures(figure, (0.47, 0.13, 0.51, 0.6), content.key_figures(briefing))
    [ax] = figure.axes
    libertad = hex_colour(content.reports(briefing)[0].colour)
    coloured = [patch for patch in ax.patches if hex_colour_of(patch.get_facecolor()) == libertad]
    assert coloured == [], "a lone operation's bars would all fill the width"
    texts = {text.get_text() for text in ax.texts}
    assert {"350", "22", "13", "500+"} <= texts


def test_bars_share_a_scale_within_each_metric_and_at_least_has_an_open_end(briefings):
    briefing = briefings["both"]
    figure = canvas()
    draw_figures(figure, (0.47, 0.13, 0.51, 0.6), content.key_figures(briefing))
    [ax] = figure.axes
    colours = {hex_colour(report.colour): report.name for report in content.reports(briefing)}
    widths: dict[str, list[float]] = {}
    for patch in ax.patches:
        name = colours.get(hex_colour_of(patch.get_facecolor()))
        if name:
            widths.setdefault(name, []).append(patch.get_width())
    assert max(widths["Liberterra II"]) == pytest.approx(BAR_ROOM)
    assert min(widths["Libertad"]) == pytest.approx(BAR_ROOM * 22 / 2517, abs=0.005)
    assert len(widths["Libertad"]) == 3, "victims, arrests, countries; not the lone 500+"
    arrows = [line for line in ax.lines if line.get_marker() == ">"]
    assert len(arrows) == 1, "only the key's at-least sample: no at-least bar in these rows"


def test_every_timeline_row_has_the_same_days_per_width(invented):
    briefing = briefing_for((), invented, generated=MADE_ON)
    figure = canvas()
    draw_timeline(figure, (0.03, 0.14, 0.395, 0.64), content.reports(briefing))
    overview, *rows = figure.axes
    spans = {round(ax.get_xlim()[1] - ax.get_xlim()[0], 6) for ax in rows}
    assert len(rows) == 3 and len(spans) == 1, spans
    bars = {}
    for ax in rows:
        [title] = [text.get_text() for text in ax.texts if ":" in text.get_text()][:1]
        [bar] = ax.patches
        bars[title.split(":")[0]] = bar.get_width()
        assert bar.get_x() - ax.get_xlim()[0] == pytest.approx(
            rows[0].patches[0].get_x() - rows[0].get_xlim()[0]
        )
    assert bars == {"Libertad": 7, "Liberterra II": 6, "Coral Reef": 14}
    titles = " ".join(text.get_text() for ax in rows for text in ax.texts)
    assert "3–9 Apr 2018 · 7 days" in titles and "· 6 days" in titles
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for ax in [overview, *rows]:
        boxes = [text.get_window_extent(renderer) for text in ax.texts if text.get_text()]
        for first, second in itertools.combinations(boxes, 2):
            assert not first.overlaps(second), (first, second)


def test_one_operation_is_a_row_not_a_lone_diamond(briefings):
    figure = canvas()
    draw_timeline(figure, (0.03, 0.14, 0.395, 0.64), content.reports(briefings["libertad"]))
    [row] = figure.axes
    low, high = (mdates.num2date(value) for value in row.get_xlim())
    assert (high - low).days < 60 and len(row.patches) == 1


def test_the_slides_and_the_pdf_render_the_invented_operations(invented):
    briefing = briefing_for((), invented, generated=MADE_ON)
    png = images.timeline_png(briefing)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    svg = images.timeline_svg(briefing).decode()
    assert "sources differ" in svg and "wording varies" in svg and "7 days" in svg
    document = PdfReader(io.BytesIO(pdf.briefing_pdf(briefing)))
    assert len(document.pages) == 1


def hex_colour_of(rgba) -> str:
    return hex_colour(tuple(round(channel * 255) for channel in rgba[:3]))


def pdf_text(briefing) -> str:
    document = PdfReader(io.BytesIO(pdf.briefing_pdf(briefing)))
    return " ".join(document.pages[0].extract_text().split())


def page_figures(dataset_dir, operations=()):
    """The page's own figure table for a view: `headline_table` on `figure_claims`.

    The page and the exports shorten a long unattributed report's name at different
    lengths, so reports are matched by the shorter name's start.
    """
    prepared = prepare(read_dataset(dataset_dir))
    view = apply_filters(prepared, Filters(operations=tuple(operations)))
    return headline_table(figure_claims(view), report_order(view))


def test_the_pdf_prints_each_seed_figure_once_as_the_page_shows_it(built_dataset):
    briefing = briefing_for((), built_dataset, generated=MADE_ON)
    text = pdf_text(briefing)
    table = page_figures(built_dataset)
    worded = table[table["wording"].astype(bool)]
    assert not worded.empty, "a seed article words one of its figures two ways"
    for kf in content.key_figures(briefing):
        same_report = [
            kf.report.name.startswith(name.rstrip("…")) or name.startswith(kf.report.name)
            for name in table["report"]
        ]
        matches = pd.Series(same_report, index=table.index) & (table["metric"] == kf.metric)
        [row] = table[matches].to_dict("records")
        assert shown_figure(kf).text == row["shown"], (kf.report.name, kf.metric)
    for row in worded.to_dict("records"):
        assert f"{row['shown']} [" in text, f"{row['shown']} is not printed with its sources"
        assert " / " not in row["shown"]
    assert "sources differ" not in text, "no two seed sources state different numbers"


def test_the_pdf_says_sources_differ_only_where_two_sources_do(invented):
    briefing = briefing_for(("Libertad", "Coral Reef"), invented, generated=MADE_ON)
    text = pdf_text(briefing)
    table = page_figures(invented, ("Libertad", "Coral Reef"))
    differ = table[~table["agree"]]
    assert list(differ["shown"]) == ["350 / 410"], differ
    assert text.count("sources differ") == 1 and "350 / 410 [" in text
    coral = table[(table["report"] == "Coral Reef") & table["wording"].astype(bool)]
    assert not coral.empty and all(f"{shown} [" in text for shown in coral["shown"])
