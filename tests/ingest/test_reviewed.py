"""Every reviewed table is read the same way: comments and blank lines skipped, header first."""

from __future__ import annotations

import pytest

from ingest.reviewed import reviewed_rows


def test_rows_after_the_header_come_with_their_line_numbers(tmp_path):
    table = tmp_path / "words.tsv"
    table.write_text("# what a row is\n\nword\texample\n# a note\nharfang\tOperation Harfang\n")
    assert list(reviewed_rows(table, ("word", "example"))) == [
        (5, "harfang\tOperation Harfang", ["harfang", "Operation Harfang"])
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("word\tsample\nharfang\tx\n", "words.tsv:1: expected the header row"),
        ("# only comments\n\n", "words.tsv: no header row"),
    ],
)
def test_a_table_without_its_header_fails_with_where(tmp_path, content, message):
    table = tmp_path / "words.tsv"
    table.write_text(content)
    with pytest.raises(ValueError, match=message):
        list(reviewed_rows(table, ("word", "example")))
