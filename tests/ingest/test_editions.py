"""Operations are editions: name plus numeral or year, each with a stable id and colour."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ingest.build import build
from ingest.colours import COLOURS_NAME, PALETTE
from ingest.linking import (
    EDITIONS_NAME,
    edition_of,
    operation_id,
    operation_labels,
    record_edition,
)
from ingest.read import BadInput

EDITION_2024 = """Police rescue 120 victims in Operation Global Chain

LYON, France - Police in 12 countries rescued 120 victims and arrested 40 suspects during \
Operation Global Chain, INTERPOL said on Tuesday. The operation ran from 3 to 9 June 2024.
"""
EDITION_2025 = """Police rescue 200 victims in Operation Global Chain

LYON, France - Police in 15 countries rescued 200 victims and arrested 55 suspects during \
Operation Global Chain, INTERPOL said on Tuesday. The operation ran from 2 to 8 June 2025.

Officers followed leads that came out of an earlier operation called Coral.
"""
UNDATED_2025 = """Traffickers arrested after Operation Global Chain

Police in Spain said Operation Global Chain had led to the arrest of 55 suspects across Europe.
"""
EARLIER_OPERATION = """Police rescue 90 victims in Operation Harbour Light

LYON, France - Police in 9 countries rescued 90 victims during Operation Harbour Light, \
INTERPOL said. The operation ran from 4 to 10 May 2016.
"""


def quiet(_message: str) -> None:
    return None


def write_corpus(folder: Path, articles: dict[str, str], published: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "publisher", "published", "url"])
        for name, date in published.items():
            writer.writerow([name, "", "Invented Daily", date, ""])
    return folder


def read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype="string", keep_default_na=False)


@pytest.fixture()
def two_editions(tmp_path) -> Path:
    return write_corpus(
        tmp_path / "corpus",
        {"a.txt": EDITION_2024, "b.txt": EDITION_2025, "c.txt": UNDATED_2025},
        {"c.txt": "2025-07-01"},
    )


def ids_by_file(dataset: Path) -> dict[str, set[str]]:
    articles = read(dataset, "articles")
    files = dict(zip(articles["article_id"], articles["file"], strict=True))
    operations = read(dataset, "operations")
    reported = operations[operations["in_passing"] == "False"]
    found: dict[str, set[str]] = {}
    for row in reported.itertuples():
        found.setdefault(files[row.article_id], set()).add(row.operation_id)
    return found


def test_edition_is_the_numeral_else_the_year_of_the_dates_else_of_the_article():
    assert edition_of("Liberterra II", "2024-09-29", "2024-10-10") == "II"
    assert edition_of("Global Chain 3", None, None) == "3"
    assert edition_of("Global Chain", "2024-06-03", "2025-01-02") == "2024"
    assert edition_of("Global Chain", None, "2025-01-02") == "2025"
    assert edition_of("Global Chain", None, None) == ""
    assert edition_of("Mix", None, None) == ""
    assert operation_id("Global Chain", "2024") == "global-chain-2024"
    assert operation_id("Liberterra II", "II") == "liberterra-ii"
    assert operation_id("Global Chain", "") == "global-chain"


def test_labels_carry_the_year_only_where_names_repeat():
    labels = operation_labels(
        {
            "global-chain-2024": ("Global Chain", "2024"),
            "global-chain-2025": ("Global Chain", "2025"),
            "libertad-2018": ("Libertad", "2018"),
            "liberterra-ii": ("Liberterra II", "II"),
        }
    )
    assert labels == {
        "global-chain-2024": "Global Chain 2024",
        "global-chain-2025": "Global Chain 2025",
        "libertad-2018": "Libertad",
        "liberterra-ii": "Liberterra II",
    }


def test_two_years_of_one_operation_are_two_operations(two_editions, tmp_path):
    out = tmp_path / "data"
    build(two_editions, out, warn=quiet)
    assert ids_by_file(out) == {
        "a.txt": {"global-chain-2024"},
        "b.txt": {"global-chain-2025"},
        "c.txt": {"global-chain-2025"},
    }
    figures = read(out, "figures")
    victims = figures[figures["metric"] == "victims_rescued"]
    assert set(zip(victims["operation_id"], victims["value"], strict=True)) == {
        ("global-chain-2024", "120"),
        ("global-chain-2025", "200"),
    }


def test_an_operation_named_in_passing_is_no_report(two_editions, tmp_path):
    out = tmp_path / "data"
    build(two_editions, out, warn=quiet)
    operations = read(out, "operations")
    coral = operations[operations["operation"] == "Coral"]
    assert list(coral["in_passing"]) == ["True"]
    articles = read(out, "articles")
    reporting = articles.loc[articles["file"] == "b.txt", "operation_ids"].item()
    assert reporting == "global-chain-2025"


def test_a_person_moves_an_article_to_another_edition(two_editions, tmp_path):
    out = tmp_path / "data"
    record_edition(two_editions, "c.txt", "Global Chain", "2024")
    warnings: list[str] = []
    report = build(two_editions, out, warn=warnings.append)
    assert ids_by_file(out)["c.txt"] == {"global-chain-2024"}
    assert EDITIONS_NAME not in report.skipped and warnings == []


def test_an_edition_that_is_not_a_year_or_numeral_is_refused(two_editions):
    with pytest.raises(BadInput, match="a year"):
        record_edition(two_editions, "c.txt", "Global Chain", "=HYPERLINK(1)")
    assert not (two_editions / EDITIONS_NAME).exists()


def test_a_bad_edition_row_is_reported_and_the_rest_built(two_editions, tmp_path):
    (two_editions / EDITIONS_NAME).write_text(
        "file,operation,edition\nc.txt,Global Chain,\n", encoding="utf-8"
    )
    warnings: list[str] = []
    build(two_editions, tmp_path / "data", warn=warnings.append)
    assert any(f"{EDITIONS_NAME} line 2" in warning for warning in warnings), warnings
    assert ids_by_file(tmp_path / "data")["c.txt"] == {"global-chain-2025"}


def colours(dataset: Path) -> list[tuple[str, str]]:
    table = read(dataset, "operation_colours")
    return list(zip(table["operation_id"], table["colour"], strict=True))


def test_colours_are_kept_when_an_earlier_operation_is_added(tmp_path, seed_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    out = tmp_path / "data"
    build(corpus, out, warn=quiet)
    before = colours(out)
    assert before == [("libertad-2018", PALETTE[0]), ("liberterra-ii", PALETTE[1])]
    (corpus / "earlier.txt").write_text(EARLIER_OPERATION, encoding="utf-8")
    build(corpus, out, warn=quiet)
    after = colours(out)
    assert after[: len(before)] == before
    assert after[len(before) :] == [("harbour-light-2016", PALETTE[2])]


def test_a_colour_changed_by_hand_is_kept_and_a_bad_row_reported(tmp_path, seed_dir):
    out = tmp_path / "data"
    build(seed_dir, out, warn=quiet)
    path = out / COLOURS_NAME
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(PALETTE[1], "#123456").replace(PALETTE[0], "blue"), encoding="utf-8"
    )
    warnings: list[str] = []
    build(seed_dir, out, warn=warnings.append)
    assert dict(colours(out)) == {"liberterra-ii": "#123456", "libertad-2018": PALETTE[0]}
    assert any(f"{COLOURS_NAME} line 2" in warning for warning in warnings), warnings


def test_the_cli_build_of_the_seeds_writes_ids_and_colours(built_dataset):
    operations = read(built_dataset, "operations")
    assert set(operations["operation_id"]) == {"libertad-2018", "liberterra-ii"}
    for table in ("mentions", "country_roles", "figures", "quotes"):
        frame = read(built_dataset, table)
        named = frame[frame["operation"] != ""]
        assert (named["operation_id"] != "").all(), table
    assert (built_dataset / COLOURS_NAME).is_file()
