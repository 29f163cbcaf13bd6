"""Every row of the figure cue table proves itself on its own invented sentences.

Each row of ``data/curated/figure_cues.tsv`` carries an example and a counterexample,
each a sentence then "=>" and what the extractor must make of it (the table's header
says how to write that). The example must come out so with the whole table and must
not once the row is taken out of it: the row is what makes the difference. The
counterexample must come out so with the whole table. Reading the example notes the row
as fired, as ``make eval`` counts it on real articles.
"""

from __future__ import annotations

import pytest

from ingest.figures import (
    CueRow,
    Expectation,
    cues_from_rows,
    find_figures,
    load_cue_rows,
    parse_expectation,
)

ROWS = load_cue_rows()


def unmet(expectation: Expectation, rows: tuple[CueRow, ...] = ROWS) -> list[str]:
    """The claims of ``expectation`` that its sentence does not bear out under ``rows``."""
    figures = find_figures(expectation.sentence, cues_from_rows(rows))
    found = {(f.metric, f.value, f.qualifier) for f in figures}
    return [claim.text for claim in expectation.claims if claim.holds(found) is False]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_the_example_comes_out_as_written(row):
    assert unmet(parse_expectation(row.example)) == [], row.example


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_without_its_row_the_example_does_not(row):
    others = tuple(other for other in ROWS if other.id != row.id)
    assert unmet(parse_expectation(row.example), others), (
        f"{row.id}: its example comes out the same without it; the row does nothing there"
    )


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_the_example_records_its_row_as_fired(row):
    fired: set[str] = set()
    find_figures(parse_expectation(row.example).sentence, fired=fired)
    assert row.id in fired, f"{row.id} decides its example but is not noted as fired: {fired}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_the_counterexample_comes_out_as_written(row):
    assert unmet(parse_expectation(row.counterexample)) == [], row.counterexample


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Police freed 40 victims.", "=>"),
        ("Police freed 40 victims. => ", "no claim"),
        ("Police freed 40 victims. => victims=40", "victims"),
        ("Police freed 40 victims. => victims_rescued=forty", "forty"),
        (" => none", "sentence"),
    ],
)
def test_a_malformed_expectation_says_what_is_wrong(cell, problem):
    with pytest.raises(ValueError, match=problem):
        parse_expectation(cell)


def test_a_row_without_examples_fails_to_load_with_its_line_number(tmp_path):
    table = tmp_path / "cues.tsv"
    table.write_text(
        "id\tkind\tclass\twords\texample\tcounterexample\n"
        "noun.victims\tnoun\tvictims_rescued\tvictims\tTODO\tTODO\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"cues\.tsv:2: .*example"):
        load_cue_rows(table)


def test_an_id_used_twice_fails_to_load(tmp_path):
    row = "noun.victims\tnoun\tvictims_rescued\tvictims\t{0}\t{0}\n".format(
        "Police freed 40 victims. => victims_rescued=40"
    )
    table = tmp_path / "cues.tsv"
    table.write_text("id\tkind\tclass\twords\texample\tcounterexample\n" + row + row, "utf-8")
    with pytest.raises(ValueError, match="noun.victims"):
        load_cue_rows(table)


def test_a_word_in_two_rows_of_one_kind_fails_to_load(tmp_path):
    example = "Police freed 40 victims. => victims_rescued=40"
    table = tmp_path / "cues.tsv"
    table.write_text(
        "id\tkind\tclass\twords\texample\tcounterexample\n"
        f"noun.victims\tnoun\tvictims_rescued\tvictims\t{example}\t{example}\n"
        f"noun.people\tnoun\tperson\tpeople victims\t{example}\t{example}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="'victims' is in two noun rows"):
        load_cue_rows(table)
