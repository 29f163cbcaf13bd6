"""Every reviewed speaker cue proves itself on its own invented sentences.

Each row of ``data/curated/speaker_cues.tsv`` carries an example, in which its phrase
decides who spoke, and a counterexample of a like shape in which it must not; each says
what the extractor must give (the notation is in the table's header). Both run through
the whole extractor. The example runs again with the row left out of the table: its
result must change, or the row decides nothing in its own example.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_text
from ingest.quotes import EXPECTS, CueRow, cues_from_rows, find_quotes, load_cue_rows

ROWS = load_cue_rows()
NOBODY = "nobody"
NO_TITLE = "no title"


def sentence_and_expected(cell: str) -> tuple[str, list[tuple[str, str | None]]]:
    """The sentence of a cell and its (speaker, title) per quote; title "" is not checked."""
    sentence, _, gives = cell.rpartition(EXPECTS)
    expected: list[tuple[str, str | None]] = []
    if gives.strip() != NOBODY:
        for item in gives.split(";"):
            speaker, _, title = item.strip().partition(", ")
            expected.append((speaker, None if title == NO_TITLE else title))
    return sentence.replace("\\n", "\n"), expected


def agrees(found: list[tuple[str, str | None]], expected: list[tuple[str, str | None]]) -> bool:
    return len(found) == len(expected) and all(
        speaker == want_speaker and (want_title == "" or title == want_title)
        for (speaker, title), (want_speaker, want_title) in zip(found, expected, strict=True)
    )


def extracted(sentence: str) -> list[tuple[str, str | None]]:
    return [(q.speaker, q.speaker_title) for q in extract_text(sentence).quotes]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_the_example_gives_what_it_says(row: CueRow):
    sentence, expected = sentence_and_expected(row.example)
    found = extracted(sentence)
    assert agrees(found, expected), f"{row.id}: {sentence!r} gave {found}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_the_counterexample_gives_what_it_says(row: CueRow):
    sentence, expected = sentence_and_expected(row.counterexample)
    found = extracted(sentence)
    assert agrees(found, expected), f"{row.id}: {sentence!r} gave {found}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_without_the_row_its_example_reads_otherwise(row: CueRow):
    sentence, expected = sentence_and_expected(row.example)
    without = cues_from_rows(tuple(other for other in ROWS if other is not row))
    found = [(q.speaker, q.speaker_title) for q in find_quotes(sentence, without)]
    assert not agrees(found, expected), f"{row.id} decides nothing in {sentence!r}: {found}"


def test_ids_and_phrases_are_unique_within_their_kind():
    assert len({row.id for row in ROWS}) == len(ROWS)
    pairs = [(row.kind, row.phrase.lower()) for row in ROWS]
    assert len(set(pairs)) == len(pairs)
