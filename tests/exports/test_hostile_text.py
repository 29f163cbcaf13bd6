"""Article text cannot break an export: invisible characters, reversed text, endless words, '$'."""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ElementTree
import zipfile
from types import MappingProxyType

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.exports import citations, data_export, images, pdf
from dashboard.exports.text import clean, truncate, wrap

RTL_OVERRIDE = "\u202e"
ZERO_WIDTH = "\u200b\u200d\ufeff"
ENDLESS = "A" * 600
HOSTILE_QUOTE = f"Price was $5 and $6{ZERO_WIDTH} {RTL_OVERRIDE}desrever{ENDLESS} end"


def test_clean_drops_invisible_and_direction_characters():
    assert clean(f"a{ZERO_WIDTH}b {RTL_OVERRIDE}c\x00d\n\te") == "ab c d e"


def test_clean_keeps_accents_and_curly_quotes():
    assert clean("Curac\u0327ao “quoted” ≈350") == "Curaçao “quoted” ≈350"


def test_truncate_cuts_on_a_word_with_an_ellipsis():
    assert truncate("three hundred and fifty victims", 20) == "three hundred and…"
    assert len(truncate(ENDLESS, 30)) == 30


def test_wrap_breaks_endless_words_and_caps_lines():
    lines = wrap(f"start {ENDLESS} stop", 40, max_lines=3)
    assert len(lines) == 3
    assert all(len(line) <= 40 for line in lines)
    assert lines[-1].endswith("…")


@pytest.fixture(scope="module")
def hostile(briefings):
    """The Libertad briefing with its first quote, speaker and outlet made hostile."""
    briefing = briefings["libertad"]
    quotes = briefing.tables["quotes"].copy()
    quotes.loc[quotes.index[0], "text"] = HOSTILE_QUOTE
    quotes.loc[quotes.index[0], "speaker"] = f"{RTL_OVERRIDE}Name{ZERO_WIDTH} {ENDLESS}"
    articles = briefing.tables["articles"].copy()
    articles["publisher"] = articles["publisher"].astype("object")
    articles.loc[articles.index[0], "publisher"] = f"Outlet{RTL_OVERRIDE}{ENDLESS}"
    tables = dict(briefing.tables, quotes=quotes, articles=articles)
    return dataclasses.replace(
        briefing,
        tables=MappingProxyType(tables),
        description=f"Operation Libertad · {ENDLESS}",
    )


def test_images_render_and_keep_their_size(hostile):
    for render in (images.map_png, images.timeline_png):
        with Image.open(io.BytesIO(render(hostile))) as image:
            assert image.size == (1920, 1080)


def test_svg_has_no_direction_override_and_no_mathtext(hostile):
    for render in (images.map_svg, images.timeline_svg):
        data = render(hostile)
        ElementTree.fromstring(data)
        assert RTL_OVERRIDE.encode() not in data


def test_pdf_stays_one_page_and_quotes_the_dollars_literally(hostile):
    reader = PdfReader(io.BytesIO(pdf.briefing_pdf(hostile)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert RTL_OVERRIDE not in text
    assert "$5 and $6" in text


def test_citations_are_clean_and_bounded(hostile):
    text = citations.quotes_text(hostile).decode("utf-8")
    assert RTL_OVERRIDE not in text and "\u200b" not in text
    line = next(line for line in text.splitlines() if "$5 and $6" in line)
    assert len(line) < citations.MAX_QUOTE_CHARS + 400
    markdown = citations.quotes_markdown(hostile).decode("utf-8")
    assert "$5 and $6" in markdown and RTL_OVERRIDE not in markdown


def test_data_export_keeps_the_text_with_its_hidden_characters_written_out(hostile):
    with zipfile.ZipFile(io.BytesIO(data_export.tables_zip(hostile))) as archive:
        quotes = pd.read_csv(archive.open("quotes.csv"), dtype="string")
    shown = HOSTILE_QUOTE.replace(RTL_OVERRIDE, "[U+202E]")
    assert shown in set(quotes["text"]), "every other character is kept as written"
