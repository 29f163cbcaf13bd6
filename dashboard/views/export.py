"""Briefing exports on the page: a download button per file, and presentation mode (?present=1).

The files are made by `dashboard.exports` only when a button is clicked (Streamlit runs
the callable on a worker thread), so the page stays as fast as without them; the
renderers (matplotlib, fpdf, geopandas: about a second to import) are imported at that
moment too, not when the page first loads. Presentation
mode hides the sidebar and Streamlit's chrome and shows the map and the timeline as the
same 16:9 slides the PNG export makes, in large type, so a live screenshot is clean too.
The CSS below is constant text; no article text reaches HTML here.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from dashboard.exports import Briefing, filter_description
from dashboard.filters import Filters, Options, View, search_quotes
from dashboard.state import PARAM_PRESENT as PRESENT_PARAM
from dashboard.theme import RGB, UNATTRIBUTED_LABEL

PRESENT_VALUES = frozenset({"1", "true", "yes", "on"})
FILE_STEM = "atlas"
MAX_NAMED_IN_FILE = 3
"""More operations or countries than this are counted in a file name, not listed."""
MAX_SLUG_CHARS = 40

HIDE_CHROME_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], footer, #MainMenu {
  display: none !important;
}
[data-testid="stMainBlockContainer"], .block-container {
  padding: 1.2rem 2rem 1rem 2rem !important; max-width: 100% !important;
}
h1 { font-size: 2.6rem !important; }
</style>
"""


MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "txt": "text/plain",
    "zip": "application/zip",
    "geojson": "application/geo+json",
}

DOWNLOADS = (
    (
        "Slides (16:9)",
        (
            ("Map · PNG 1920×1080", "images.map_png", "map.png"),
            ("Map · PNG 3840×2160 (2x)", "images.map_png", "map-2x.png", 2),
            ("Map · SVG", "images.map_svg", "map.svg"),
            ("Timeline and figures · PNG", "images.timeline_png", "timeline.png"),
            ("Timeline and figures · PNG (2x)", "images.timeline_png", "timeline-2x.png", 2),
            ("Timeline and figures · SVG", "images.timeline_svg", "timeline.svg"),
        ),
    ),
    (
        "One-page briefing and quotes",
        (
            ("Briefing · PDF (A4)", "pdf.briefing_pdf", "briefing-a4.pdf", "A4"),
            ("Briefing · PDF (US Letter)", "pdf.briefing_pdf", "briefing-letter.pdf", "Letter"),
            ("Quotes · Markdown", "citations.quotes_markdown", "quotes.md"),
            ("Quotes · plain text", "citations.quotes_text", "quotes.txt"),
        ),
    ),
    (
        "Data",
        (
            ("Tables · CSV (zip, with README)", "data_export.tables_zip", "tables.zip"),
            ("Map layer · GeoJSON", "data_export.map_geojson", "map-layer.geojson"),
        ),
    ),
)
"""The export buttons by column: label, ``dashboard.exports`` module and function, the
file's kind and extension (``atlas-<view>-<kind>-<date>.<extension>``; the button's key is
``export-<kind>-<extension>``), then the renderer's arguments after the briefing. A file
is made only when its button is clicked."""


def is_presentation() -> bool:
    """Whether the URL asks for presentation mode (``?present=1``)."""
    return str(st.query_params.get(PRESENT_PARAM, "")).strip().lower() in PRESENT_VALUES


def briefing_from_view(
    view: View,
    filters: Filters,
    options: Options,
    country_names: Mapping[str, str],
    colours: Mapping[str, RGB],
    texts: Mapping[str, str] | None = None,
) -> Briefing:
    """The exports' bundle for what the page shows: the filtered tables and the filters in words.

    Quotes follow the quote search too, so the quotes file holds what the cards show (with
    the articles' ``texts``, a quoted fragment goes with its sentence, as on the cards).
    """
    operations = filters.operations or tuple(
        label for label in options.operations if label in set(view.reports["op_label"])
    )
    years = sorted(int(year) for year in view.reports["year"].dropna().unique())
    description = filter_description(
        operations,
        years,
        [country_names.get(code, code) for code in filters.countries],
        filters.roles,
        len(filters.sources),
    )
    if filters.quote_search.strip():
        description += f" · quotes matching “{filters.quote_search.strip()[:40]}”"
    if filters.needs_review:
        description += " · only the facts that need review"
    slug = view_slug(operations if filters.operations else (), years, filters.countries)
    briefing = Briefing.from_view(
        view, description, colours, address=view_address(), slug=slug, texts=texts
    )
    if filters.quote_search.strip():
        tables = dict(briefing.tables, quotes=search_quotes(view.quotes, filters.quote_search))
        briefing = replace(briefing, tables=tables)
    return briefing


def view_slug(
    operations: Sequence[str], years: Sequence[int], countries: Sequence[str] = ()
) -> str:
    """The view in a file name: "libertad-2018", "all-2018-2024", "liberterra-ii-2024-arg".

    Operations chosen (all when none), the years in view, the countries chosen; only
    lower-case ASCII letters, digits and hyphens, whatever the labels hold.
    """
    if not operations:
        parts = ["all"]
    elif len(operations) <= MAX_NAMED_IN_FILE:
        parts = [_slug("unattributed" if o == UNATTRIBUTED_LABEL else o) for o in operations]
    else:
        parts = [f"{len(operations)}-operations"]
    if years:
        low, high = min(years), max(years)
        parts.append(str(low) if low == high else f"{low}-{high}")
    if countries:
        many = len(countries) > MAX_NAMED_IN_FILE
        parts += [f"{len(countries)}-countries"] if many else [_slug(c) for c in countries]
    return "-".join(part for part in parts if part) or "all"


def download_name(briefing: Briefing, kind: str, extension: str) -> str:
    """``atlas-libertad-2018-map-2026-12-01.png``: the view, what the file is, the day made."""
    return f"{FILE_STEM}-{briefing.slug}-{kind}-{briefing.generated:%Y-%m-%d}.{extension}"


def view_address() -> str:
    """The page's address with its filters, as a colleague would open it (no presentation)."""
    try:
        url = urlsplit(st.context.url or "")
    except (AttributeError, RuntimeError, ValueError):
        url = urlsplit("")
    base = urlunsplit((url.scheme, url.netloc, url.path or "/", "", "")) if url.netloc else ""
    params = {key: value for key, value in _current_params().items() if key != PRESENT_PARAM}
    query = urlencode(params, doseq=True)
    return f"{base}?{query}" if query else base


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG_CHARS]


def render(briefing: Briefing) -> None:
    """The "take it to a briefing" section: slides, the one-page PDF, quotes and data."""
    st.caption(
        "Everything below is made from the view as filtered now, on this server, with no "
        "browser or network involved. Each file names its filters, sources and date."
    )
    for column, (heading, downloads) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True):
        with column:
            st.markdown(f"**{heading}**")
            for download in downloads:
                _button(*download, briefing=briefing)
    link = "?" + urlencode(_current_params() | {PRESENT_PARAM: "1"}, doseq=True)
    with column:
        st.markdown(f"**Presentation mode:** [open this view as slides]({link})")
        st.caption("Hides the sidebar and menus; map and timeline at 16:9 in large type.")


def hide_chrome() -> None:
    """Hide the sidebar, header, toolbar and footer (presentation mode)."""
    st.html(HIDE_CHROME_CSS)


def render_presentation(briefing: Briefing, cache_key: str) -> None:
    """The view as two slides, map then timeline, each at 16:9 across the full width.

    Args:
        briefing: The filtered view.
        cache_key: Changes whenever the filters or the dataset change (e.g. the dataset
            stamp and the filters' repr), so slides are drawn once per view.
    """
    hide_chrome()
    st.image(_slide("map", cache_key, briefing), width="stretch")
    st.image(_slide("timeline", cache_key, briefing), width="stretch")
    link = "?" + urlencode(
        {key: value for key, value in _current_params().items() if key != PRESENT_PARAM},
        doseq=True,
    )
    st.markdown(f"[Leave presentation mode]({link})")


@st.cache_data(show_spinner="Drawing the slide…", max_entries=24)
def _slide(kind: str, cache_key: str, _briefing: Briefing) -> bytes:
    """A slide PNG at 2x (sharp on large screens), cached per view."""
    del cache_key
    return _export("images", "map_png" if kind == "map" else "timeline_png", _briefing, 2)


def _export(module: str, function: str, *args):
    """Call ``dashboard.exports.<module>.<function>(*args)``, importing the module only now."""
    renderer = getattr(importlib.import_module(f"dashboard.exports.{module}"), function)
    return renderer(*args)


def _button(label: str, renderer: str, file: str, *arguments, briefing: Briefing) -> None:
    module, function = renderer.split(".")
    kind, extension = file.split(".")
    st.download_button(
        label,
        data=functools.partial(_export, module, function, briefing, *arguments),
        file_name=download_name(briefing, kind, extension),
        mime=MIME_TYPES[extension],
        key=f"export-{kind}-{extension}",
        on_click="ignore",
        width="stretch",
    )


def _current_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}
