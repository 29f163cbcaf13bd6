"""Exports a person can cite: no file names, inferred parts marked, the view's address in
the footers, one quote per statement, and a per-country table in the CSV zip.

On briefings of the seed corpus built by the real CLI; expected outlets and dates were
read from seeds/*.txt and seeds/sources.csv by a person.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfReader

from dashboard.exports import briefing_for, citations, data_export, images, pdf
from dashboard.exports.content import country_marks, distinct_quotes, sources_line

ADDRESS = "http://atlas.example/?op=Libertad&years=2018-2018"


@pytest.fixture(scope="module")
def everything(built_dataset):
    """Every report, the unattributed ones included."""
    return briefing_for((), built_dataset)


def seed_files(briefing) -> list[str]:
    return [name.removesuffix(".txt") for name in briefing.table("articles")["file"]]


def test_quote_files_cite_no_file_and_mark_what_was_inferred(briefings):
    both = briefings["both"]
    for made in (citations.quotes_text(both), citations.quotes_markdown(both)):
        text = made.decode("utf-8")
        assert not any(name in text for name in seed_files(both))
    plain = citations.quotes_text(both).decode("utf-8")
    assert "JURIST, “INTERPOL operation against human trafficking leads to arrests and " in plain
    assert "Nov 2024 (inferred)" in plain, "seed 004's address holds /2024/11/"
    assert "“A total of 350 human trafficking victims were rescued early last month…” " in plain
    assert "(inferred), 1 May 2018" in plain


def test_a_statement_split_in_halves_is_one_quote_in_the_files(everything):
    plain = citations.quotes_text(everything).decode("utf-8")
    paragraphs = [p for p in plain.split("\n\n") if "no bigger than coffins" in p]
    assert len(paragraphs) == 1, paragraphs
    assert "Freedom United" in paragraphs[0], "the outlet that split it is cited with the whole"


def test_the_footers_carry_the_views_address(briefings):
    briefing = replace(briefings["libertad"], address=ADDRESS)
    svg = images.map_svg(briefing).decode("utf-8")
    assert "This view: http://atlas.example/?op=Libertad&amp;years=2018-2018" in svg
    timeline = images.timeline_svg(briefing).decode("utf-8")
    assert "op=Libertad&amp;years=2018-2018" in timeline
    reader = PdfReader(io.BytesIO(pdf.briefing_pdf(briefing, "A4")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"This view: {ADDRESS}" in text.replace("\n", "")
    assert "This view" not in images.map_svg(briefings["libertad"]).decode("utf-8")


def test_the_sources_line_names_outlets_or_headlines_never_files(briefings):
    line = sources_line(briefings["both"])
    assert not any(name in line for name in seed_files(briefings["both"]))
    assert "JURIST, Nov 2024 (inferred)" in line
    assert "Radio Habana Cuba" in line
    assert "‘A total of 350 human trafficking…’ (inferred), 1 May 2018" in line


def test_the_csv_zip_has_a_table_per_country(briefings):
    briefing = briefings["libertad"]
    archive = zipfile.ZipFile(io.BytesIO(data_export.tables_zip(briefing)))
    rows = list(csv.DictReader(io.StringIO(archive.read("countries.csv").decode("utf-8"))))
    assert list(rows[0]) == ["name", "iso3", "operations", "role", "roles", "n_sources", "sources"]
    assert {row["iso3"] for row in rows} == {mark.iso3 for mark in country_marks(briefing)}
    by_code = {row["iso3"]: row for row in rows}
    assert by_code["BRB"]["name"] == "Barbados"
    assert by_code["BRB"]["role"] == "coordinator"
    assert by_code["CAN"]["roles"] == "Libertad: funder"
    assert "Radio Habana Cuba" in by_code["GUY"]["sources"]
    assert int(by_code["GUY"]["n_sources"]) == 2
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    assert not any(name in archive.read("countries.csv").decode() for name in seed_files(briefing))
    readme = archive.read("README.md").decode("utf-8")
    assert f"## countries.csv ({len(rows)} rows)" in readme


def test_a_quoted_fragment_goes_with_its_sentence_in_the_files(everything):
    plain = citations.quotes_text(everything).decode("utf-8").split("\n\n")
    assert not [p for p in plain if p.startswith(("“widespread crime", "“particularly horrific"))]
    reported = next(p for p in plain if "particularly horrific" in p)
    assert reported.startswith("Tim Morris, Interpol's Executive Director of Police Services,")
    assert 'in reported speech: He also told the BBC that conditions in Guayana were "part' in (
        reported
    )
    holder = next(p for p in plain if p.startswith("“don't acknowledge they are being exploited"))
    assert '[in the same sentence: Morris explained it is "widespread crime,"' in holder


def test_a_briefing_quotes_statements_not_reported_fragments(everything):
    chosen = distinct_quotes(everything, 5)
    assert chosen and not [quote for quote in chosen if quote.reported]
