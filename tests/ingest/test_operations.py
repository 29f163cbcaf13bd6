"""operations.py on the seeds (checked by reading each seed) and on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Operation
from ingest.operations import find_operations, operation_words
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Called “Red Tide II”, the operation took place in 12 countries.", ["Red Tide II"]),
        ("The aim of this action, called “Sea Lantern”, was to find victims.", ["Sea Lantern"]),
        ("The crackdown, dubbed 'Blue Amber', freed 40 people.", ["Blue Amber"]),
        ("A film called “Sound of Freedom” was shown before the operation.", []),
        ("A man called “Big Joe” was arrested.", []),
        ("Police took action. A man named Carlos was later arrested.", []),
    ],
)
def test_a_quoted_name_after_a_naming_verb_names_an_operation_noun(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Sea Lantern Operation, named after a ship, began in 2017.", ["Sea Lantern"]),
        ("Police praised the Red Tide Operation's results.", ["Red Tide"]),
        ("The Joint Police Operation ended.", []),
        ("The Interpol-led Operation freed 8 people.", []),
    ],
)
def test_a_name_written_before_the_word_operation(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Operation Alpha – Sea Lantern III, led by Chile, freed 50.", ["Alpha – Sea Lantern III"]),
        ("All were part of Operation Alpha - Sea Lantern.", ["Alpha - Sea Lantern"]),
        ("Operation Weka – Kenya Rescues 80\n\nOperation Weka freed 80 people.", ["Weka"]),
        ("Operation Weka - Harbour News\n\nOperation Weka freed 80 people.", ["Weka"]),
        ("Police ended Operation Weka — Kenya's part of it — in May.", ["Weka"]),
    ],
)
def test_names_joined_by_a_dash_are_one_name_kept_as_written(text, expected):
    assert names(text) == expected


BODY = "Police freed 80 people in Operation Weka, which ended in Kenya and Uganda after months.\n\n"


@pytest.mark.parametrize(
    "promo",
    [
        "RELATED Operation Storm: police arrest 12 in Ghana",
        "Related: Operation Storm frees 12 in Ghana",
        "Operation Storm: traffickers found guilty of bringing in migrants",
    ],
)
def test_an_operation_in_a_promo_line_is_not_the_articles(promo):
    assert names(BODY + promo + "\n\nThe raids ended.") == ["Weka"]


def test_an_opening_headline_with_a_colon_still_names_the_operation():
    text = "Operation Storm: traffickers found guilty\n\nThe operation freed 80 people in May."
    assert names(text) == ["Storm"]


@pytest.mark.parametrize(
    "later",
    [
        "Operation Red Tide has run every year since 2017.",
        "The first edition of Operation Red Tide was smaller.",
        "Officials did not say when a Red Tide IV might take place.",
        "The next Operation Red Tide IV is planned for 2026.",
    ],
)
def test_a_series_in_its_history_or_an_edition_to_come_is_not_an_operation(later):
    assert names("Operation Red Tide III freed 80 people. " + later) == ["Red Tide III"]


def test_an_operation_that_will_go_on_is_still_an_operation():
    assert names("Operation Weka will run until June and has freed 80 people.") == ["Weka"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Operation Weka ran June 17-23, 2019 in ports.", "2019-06-17", "2019-06-23"),
        (
            "Operation Weka ran over five days (November 28-December 2, 2022).",
            "2022-11-28",
            "2022-12-02",
        ),
        ("date 2017-11 Operation Weka ran from 6 to 10 November.", "2017-11-06", "2017-11-10"),
        (
            "03/14/2023 | Press release\n\nOperation Weka ran from March 1 to 9.",
            "2023-03-01",
            "2023-03-09",
        ),
        (
            "June 1, 2023, 10:29 AM\n\nOperation Weka ran between May 8 and 15.",
            "2023-05-08",
            "2023-05-15",
        ),
        (
            "Operation Weka was launched in 2019.\n\nMany were freed.\n\nNo one was hurt.\n\n"
            "The operation took place between May 8 and 15.",
            "2019-05-08",
            "2019-05-15",
        ),
        ("Operation Weka ran over five days (November 28-December 2).", None, None),
        (
            "Operation Weka began in 2019.\n\nIt followed a 2017 plan.\n\nNo one was hurt.\n\n"
            "The operation took place between May 8 and 15.",
            None,
            None,
        ),
    ],
)
def test_yearless_ranges_take_a_year_the_text_gives(text, start, end):
    assert find_operations(text)[0] == [Operation("Weka", start, end)]


def test_an_acronym_before_the_word_operation_is_an_organisation():
    assert names("The UN Operation freed 8 people.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Sahel Operation freed 12 people.", []),
        ("Operation Weka – Nairobi, the capital, hosted talks.", ["Weka"]),
    ],
    ids=["place-before-operation", "place-after-a-dash"],
)
def test_a_place_is_not_part_of_an_operations_name(text, expected):
    assert [op.name for op in find_operations(text)[0]] == expected


@pytest.mark.parametrize(
    ("text", "rule", "confidence"),
    [
        ("Operation Red Tide ran from 3 to 9 May 2030.", "dates.range-with-year", "high"),
        (
            "Published: 20 May 2030\n\nOperation Red Tide ran from 3 to 9 May.",
            "dates.year-from-publication",
            "high",
        ),
        (
            "Published: 20 December 2030\n\nOperation Red Tide ran from 3 to 9 May.",
            "dates.year-from-publication",
            "medium",
        ),
        (
            "Operation Red Tide, planned in 2030, ran from 3 to 9 May.",
            "dates.year-nearby",
            "medium",
        ),
    ],
    ids=["year-written", "close-to-publication", "months-before-publication", "year-nearby"],
)
def test_dates_say_where_their_year_came_from(text, rule, confidence):
    (operation,) = find_operations(text)[0]
    assert (operation.start, operation.rule, operation.confidence) == (
        "2030-05-03",
        rule,
        confidence,
    )
    assert bool(operation.doubt) == (confidence != "high")


OPERATION_WORD_ROWS = sorted(
    {row.word: row for row in operation_words().values()}.values(), key=lambda row: row.word
)


@pytest.mark.parametrize("row", OPERATION_WORD_ROWS, ids=lambda row: row.word)
def test_every_reviewed_operation_word_finds_its_example_name_and_no_other(row):
    name = row.example[row.example.index("[") + 1 : row.example.index("]")]
    operations, _ = find_operations(row.example.replace("[", "").replace("]", ""))
    assert [operation.name for operation in operations] == [name]
    operations, _ = find_operations(row.counterexample)
    assert operations == [], row.counterexample


def test_a_name_in_guillemets_with_non_breaking_spaces_is_found_without_them():
    text = "Au total, l’opération «\u00a0Harfang\u00a0» a permis de sauver 40 personnes."
    operations, _ = find_operations(text)
    assert [operation.name for operation in operations] == ["Harfang"]


def test_english_still_needs_the_capital_for_a_name_not_in_quotes():
    operations, _ = find_operations("The operation Police Scotland ran ended on Friday.")
    assert operations == []
