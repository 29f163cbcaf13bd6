"""operations.py on the seeds (checked by reading each seed) and on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Operation
from ingest.operations import find_operations
from ingest.read import read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt"))).text


def names(text: str) -> list[str]:
    return [operation.name for operation in find_operations(text)[0]]


def test_seed_001_parenthetical_translation_is_an_alias_not_a_second_operation():
    text = seed("001")
    operations, mentions = find_operations(text)
    assert operations == [Operation("Libertad", None, None)]  # "May 2" dateline is not a range
    assert [m.surface for m in mentions] == [
        "Operation Libertad",
        "Operation Freedom",
        "Operation Libertad",
    ]
    assert {m.name for m in mentions} == {"Libertad"}
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface


def test_seed_002_quoted_name_and_yearless_range_dated_by_the_date_marker():
    text = seed("002")
    operations, mentions = find_operations(text)
    assert operations == [Operation("Libertad", "2018-04-03", "2018-04-09")]
    assert [text[m.start : m.end] for m in mentions] == ["Operation Libertad"]


def test_seed_004_roman_numeral_and_cross_month_range():
    operations, mentions = find_operations(seed("004"))
    assert operations == [Operation("Liberterra II", "2024-09-29", "2024-10-04")]
    assert len(mentions) == 1


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_seeds_without_a_named_operation(prefix):
    # 003 has "this rescue operation" and a headline "Interpol Leads Major Rescue Operation".
    assert find_operations(seed(prefix)) == ([], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police freed 1,204 victims in Operation Global Chain last week.", ["Global Chain"]),
        ("The operation, codenamed Turquesa, led to 212 arrests.", ["Turquesa"]),
        ("An action dubbed “Operation Storm Makers” ended.", ["Storm Makers"]),
        ('Officers ran Operation "Blue Amber" in ports.', ["Blue Amber"]),
        ("OPERATION SENTINEL II targeted smugglers.", ["Sentinel II"]),
        (
            "Operation Liberterra III followed Operation Liberterra.",
            ["Liberterra III", "Liberterra"],
        ),
        ("Operation Pangea XVII and Operation Lionfish both ended.", ["Pangea XVII", "Lionfish"]),
        ("The joint operation was led by INTERPOL police.", []),
        ("The Joint Operation was a success and a Global Operation followed.", []),
        ("A man named Carlos said the operation was hard.", []),
        ("In Operation Libertad Interpol officers found victims.", ["Libertad"]),
    ],
)
def test_names_in_unseen_sentences(text, expected):
    assert names(text) == expected


def test_a_title_case_headline_alone_does_not_make_a_name():
    assert names("Interpol Operation Nets Hundreds Of Arrests\n\nThe raids ended.") == []


def test_a_headline_name_counts_when_the_body_repeats_it():
    text = "Operation Weka Frees 80\n\nOperation Weka ran in March 2021 across ports."
    assert names(text) == ["Weka"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Operation Weka ran from 5 to 9 June 2023.", "2023-06-05", "2023-06-09"),
        ("Operation Weka ran 29 September – 4 October 2024.", "2024-09-29", "2024-10-04"),
        ("Operation Weka ran 3-9 April 2018.", "2018-04-03", "2018-04-09"),
        (
            "Operation Weka ran from December 28, 2022 to January 3, 2023.",
            "2022-12-28",
            "2023-01-03",
        ),
        ("Operation Weka ran from December 28 to January 3, 2023.", "2022-12-28", "2023-01-03"),
        ("Operation Weka ran in April 2018.", None, None),
        ("Operation Weka ran from April 3 to 9.", None, None),
        ("Operation Weka ran from the 3rd to the 9th of May of 2025.", "2025-05-03", "2025-05-09"),
        ("On April 3 and 9 people were arrested in Operation Weka in 2018.", None, None),
    ],
)
def test_date_ranges(text, start, end):
    assert find_operations(text)[0] == [Operation("Weka", start, end)]


def test_a_yearless_range_takes_the_latest_year_not_after_publication():
    text = "date 2019-02-01 Operation Weka ran from December 28 to January 3."
    assert find_operations(text)[0] == [Operation("Weka", "2018-12-28", "2019-01-03")]


def test_range_in_the_next_sentence_about_the_operation():
    text = (
        "Police across the region joined Operation Weka. The operation took place between"
        " 5 and 9 June 2023 in ten ports."
    )
    assert find_operations(text)[0] == [Operation("Weka", "2023-06-05", "2023-06-09")]


def test_a_range_that_is_not_about_an_operation_is_not_attached():
    text = "Operation Weka freed 80 people. A conference ran on other topics."
    text += "\n\nThe summit was held from 5 to 9 June 2023 in Lyon."
    assert find_operations(text)[0] == [Operation("Weka", None, None)]


def test_ranges_go_to_the_operation_named_in_their_sentence():
    text = (
        "Operation Weka ran from 5 to 9 June 2023. Separately, Operation Kea ran from"
        " 1 to 4 July 2023."
    )
    assert find_operations(text)[0] == [
        Operation("Weka", "2023-06-05", "2023-06-09"),
        Operation("Kea", "2023-07-01", "2023-07-04"),
    ]


def test_a_word_longer_than_any_name_is_not_an_operation():
    operations, _ = find_operations("Operation " + "A" * 6000 + " freed 5 people in Chile.")
    assert operations == []


def test_an_earlier_phase_named_without_the_word_operation_is_its_own_operation():
    text = (
        "Police freed 900 people during Operation Sierra Wind III, which ran from "
        "4 to 11 May 2025.\n\n"
        "It comes a year after Sierra Wind II, which freed about 500 people. "
        "Sierra Wind III also led to 120 arrests. In Sierra Wind 12 countries took part.\n"
    )
    assert names(text) == ["Sierra Wind III", "Sierra Wind II"]
    mentions = find_operations(text)[1]
    assert [(m.name, m.surface) for m in mentions] == [
        ("Sierra Wind III", "Operation Sierra Wind III"),
        ("Sierra Wind II", "Sierra Wind II"),
        ("Sierra Wind III", "Sierra Wind III"),
    ]
