"""A one-page PDF briefing (A4 or Letter): key figures with sources, map, timeline, quotes.

fpdf2 writes the page; every word on it is real PDF text in DejaVu Sans (the font
matplotlib ships, so no system font is needed), which covers the curly quotes, "≈"
and accented names the articles use. The map and the timeline are embedded as
300 and 200 dpi PNG panels without their own titles, since the page prints those as text.
The page must stay one page: `briefing_pdf` lays it out with generous settings first
and retries with fewer and shorter quotes and smaller panels until it fits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF

from dashboard.exports import Briefing
from dashboard.exports import content as briefing_content
from dashboard.exports.charts import dated_reports, shown_figure
from dashboard.exports.content import KeyFigure
from dashboard.exports.images import (
    ADDRESS_CHARS,
    map_panel_png,
    slide_title,
    timeline_panel_png,
)
from dashboard.exports.text import clean
from dashboard.review import LEGEND, MARK
from dashboard.theme import INK, MULTI_OPERATION, MULTI_OPERATION_LABEL, UNATTRIBUTED_LABEL

PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGIN_MM = 12.0
PANEL_DPI = 200
MAP_DPI = 300
"""The map panel is finer than the timeline: its dots and small islands blur at 200 dpi."""
MM_PER_INCH = 25.4
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
GREY = (73, 80, 87)
SOURCES_DIFFER = "sources differ"


@dataclass(frozen=True)
class _Layout:
    """The knobs `briefing_pdf` turns until the page fits."""

    n_quotes: int
    quote_chars: int
    metrics_per_report: int


ATTEMPTS = (
    _Layout(5, 300, 6),
    _Layout(4, 240, 5),
    _Layout(3, 200, 5),
    _Layout(3, 140, 4),
    _Layout(3, 100, 3),
    _Layout(3, 80, 2),
)
"""The panels keep their size, so a retry only re-lays the text."""

MAP_SHARE = 0.64
MAP_ASPECT = 0.7
"""Height over width of the map panel: taller than a slide, so the map is not a strip."""
TIMELINE_ROW_MM = 17.0
TIMELINE_OVERVIEW_MM = 16.0


def briefing_pdf(briefing: Briefing, paper: str = "A4") -> bytes:
    """The one-page briefing as PDF bytes.

    Args:
        briefing: The filtered tables and their description.
        paper: "A4" or "Letter".

    Raises:
        ValueError: for an unknown paper size (the message names the known ones).
    """
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper size {paper!r}; use one of {', '.join(PAPERS)}.")
    panels: dict[str, bytes] = {}
    document = None
    for layout in ATTEMPTS:
        document, fits = _render(briefing, paper, layout, panels)
        if fits:
            break
    return bytes(document.output())


def _render(briefing: Briefing, paper: str, layout: _Layout, panels: dict) -> tuple[FPDF, bool]:
    page_w, page_h = PAPERS[paper]
    width = page_w - 2 * MARGIN_MM
    pdf = FPDF(orientation="P", unit="mm", format=(page_w, page_h))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    title = slide_title(briefing, "briefing")
    pdf.set_title(title)
    pdf.set_creator("Operations Atlas")
    pdf.add_page()

    _text(pdf, title, 16, "B", width, INK)
    _text(pdf, clean(briefing.description, 220), 9.5, "", width, GREY)
    n_articles = len(briefing_content.sources(briefing))
    _text(
        pdf,
        f"Made {briefing.generated:%-d %B %Y} with Operations Atlas from {n_articles} news "
        f"article{'s' if n_articles != 1 else ''}. Figures are given as each source states them "
        "(+ at least, ≈ approximately)."
        + (f" {LEGEND}." if briefing_content.has_doubt(briefing) else ""),
        7.5,
        "",
        width,
        GREY,
    )
    pdf.ln(2)

    references = {
        source.article_id: number
        for number, source in enumerate(briefing_content.sources(briefing), start=1)
    }
    top = pdf.get_y()
    map_w = width * MAP_SHARE
    map_h = map_w * MAP_ASPECT
    if "map" not in panels:
        panels["map"] = map_panel_png(briefing, map_w / MM_PER_INCH, map_h / MM_PER_INCH, MAP_DPI)
    pdf.image(io.BytesIO(panels["map"]), x=MARGIN_MM, y=top, w=map_w, h=map_h)
    pdf.set_draw_color(206, 212, 218)
    pdf.rect(MARGIN_MM, top, map_w, map_h)
    _figures_column(
        pdf,
        briefing,
        MARGIN_MM + map_w + 4,
        top,
        width - map_w - 4,
        references,
        layout.metrics_per_report,
    )
    column_bottom = pdf.get_y()
    pdf.set_y(top + map_h + 1)
    _map_key(pdf, briefing, map_w)
    pdf.set_y(max(pdf.get_y(), column_bottom) + 2)

    dated = dated_reports(briefing_content.reports(briefing))
    if dated:
        _heading(pdf, "When", width)
        height = len(dated) * TIMELINE_ROW_MM + (TIMELINE_OVERVIEW_MM if len(dated) > 1 else 0)
        if "timeline" not in panels:
            panels["timeline"] = timeline_panel_png(
                briefing,
                width / MM_PER_INCH,
                height / MM_PER_INCH,
                PANEL_DPI,
                overview_share=TIMELINE_OVERVIEW_MM / height,
            )
        y = pdf.get_y()
        pdf.image(io.BytesIO(panels["timeline"]), x=MARGIN_MM, y=y, w=width, h=height)
        pdf.set_y(y + height + 2)

    quotes = briefing_content.distinct_quotes(briefing, layout.n_quotes)
    if quotes:
        _heading(pdf, "What they said", width)
        for quote in quotes:
            words = clean(quote.text, layout.quote_chars).strip(" \"'“”")
            _text(pdf, f"{MARK} “{words}”" if quote.low else f"“{words}”", 8.5, "I", width, INK)
            who = clean(quote.speaker, 60) + (
                f", {clean(quote.speaker_title, 90)}" if quote.speaker_title else ""
            )
            cited = "; ".join(source.citation for source in quote.sources[:3])
            doubt = f" · {MARK} low confidence: {clean(quote.doubt, 120)}" if quote.low else ""
            _text(pdf, f"— {who} ({cited}){doubt}", 7.5, "", width, GREY)
            pdf.ln(1)

    _heading(pdf, "Sources", width)
    for number, source in enumerate(briefing_content.sources(briefing), start=1):
        title = clean(source.title, 110)
        outlet_from_title = bool(title) and title.startswith(source.outlet.rstrip("…"))
        parts = [
            "" if outlet_from_title else source.name,
            title + (" (inferred)" if title and "title" in source.inferred else ""),
            source.date_text,
            source.url or "",
        ]
        _text(pdf, f"{number}. " + " · ".join(part for part in parts if part), 7, "", width, GREY)
    if briefing.address:
        pdf.ln(1)
        _text(pdf, f"This view: {clean(briefing.address, ADDRESS_CHARS)}", 7, "", width, GREY)
    fits = pdf.page_no() == 1 and pdf.get_y() <= page_h - MARGIN_MM + 0.5
    return pdf, fits


def _figures_column(
    pdf: FPDF,
    briefing: Briefing,
    x: float,
    top: float,
    width: float,
    references: dict[str, int],
    per_report: int,
) -> None:
    """Key figures per report, each with its source numbers from the list below: 350 [1, 2]."""
    pdf.set_xy(x, top)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(width, 5.5, "Key figures", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x)
    pdf.set_font(FONT, "", 6.5)
    pdf.set_text_color(*GREY)
    pdf.cell(
        width,
        3.2,
        "[n] = source number in the list at the foot of the page",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    figures = briefing_content.key_figures(briefing)
    for report in briefing_content.reports(briefing):
        mine = [kf for kf in figures if kf.report.name == report.name][:per_report]
        if not mine:
            continue
        pdf.set_x(x)
        pdf.set_font(FONT, "B", 9)
        pdf.set_text_color(*report.colour)
        pdf.cell(width, 4.8, _fit(pdf, clean(report.name), width), new_x="LMARGIN", new_y="NEXT")
        for kf in mine:
            pdf.set_x(x)
            pdf.set_font(FONT, "", 8)
            pdf.set_text_color(*INK)
            pdf.cell(width * 0.45, 4.0, _fit(pdf, kf.label, width * 0.45))
            pdf.set_font(FONT, "B", 8)
            pdf.cell(
                width * 0.55,
                4.0,
                _fit(pdf, _with_references(kf, references), width * 0.55),
                align="R",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            if not shown_figure(kf).agree:
                pdf.set_x(x)
                pdf.set_font(FONT, "", 6.5)
                pdf.set_text_color(*GREY)
                pdf.cell(width, 3.2, SOURCES_DIFFER, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def _with_references(kf: KeyFigure, references: dict[str, int]) -> str:
    """The figure as the page shows it, with its source numbers: ``350 [1, 2]``.

    Sources that state different numbers show each (``250+ / 300 [2, 3]``, with a line
    "sources differ" under it); one article wording its figure two ways shows only its
    headline value.
    """
    shown = shown_figure(kf)
    numbers = sorted(
        {
            references[source.article_id]
            for claim in kf.claims
            for source in claim.sources
            if source.article_id in references
        }
    )
    cited = f" [{', '.join(map(str, numbers))}]" if numbers else ""
    return shown.text + cited


def _map_key(pdf: FPDF, briefing: Briefing, width: float) -> None:
    """Under the map: each operation's colour as a square, then what the styles mean."""
    marks = briefing_content.country_marks(briefing)
    colours = briefing_content.colours_for(briefing)
    shown = []
    for mark in marks:
        label = (
            mark.operations[0]
            if len(mark.operations) == 1
            else MULTI_OPERATION_LABEL
            if mark.operations
            else UNATTRIBUTED_LABEL
        )
        if label not in shown:
            shown.append(label)
    pdf.set_font(FONT, "", 7.5)
    y = pdf.get_y()
    x = MARGIN_MM
    for label in shown:
        colour = (
            MULTI_OPERATION
            if label == MULTI_OPERATION_LABEL
            else colours.get(label, (120, 120, 120))
        )
        name = "Unattributed reports" if label == UNATTRIBUTED_LABEL else clean(label, 40)
        needed = 3.6 + pdf.get_string_width(name) + 4
        if x + needed > MARGIN_MM + width and x > MARGIN_MM:
            x, y = MARGIN_MM, y + 4
        pdf.set_fill_color(*colour)
        pdf.rect(x, y + 0.6, 2.8, 2.8, style="F")
        pdf.set_text_color(*INK)
        pdf.set_xy(x + 3.6, y)
        pdf.cell(needed - 3.6, 4, name)
        x += needed
    pdf.set_xy(MARGIN_MM, y + 4)
    pdf.set_font(FONT, "", 6.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        3.2,
        "Solid: participant; ringed: coordinator; light fill with outline: funder or supporter; "
        "outline only: mentioned; dots mark small territories."
        + (
            " Paler, with ? after the name: low confidence."
            if any(m.doubtful for m in marks)
            else ""
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Cut ``text`` (in the current font) so it fits ``width`` mm, ending in an ellipsis."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _heading(pdf: FPDF, text: str, width: float) -> None:
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(width, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def _text(pdf: FPDF, text: str, size: float, style: str, width: float, colour) -> None:
    """Write left-aligned text that wraps in the column (fpdf2 splits words wider than it)."""
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(width, size * 0.46, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
