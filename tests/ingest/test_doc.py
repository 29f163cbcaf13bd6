"""The document model every extractor reads: offsets, tokens, lines, sentences, clauses, masks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.doc import Doc
from ingest.read import read_article
from ingest.text import Span, initials_lookahead, load_abbreviations

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_token_of_a_seed_is_its_own_text_at_its_offsets():
    text = read_article(next(SEEDS.glob("004_*.txt"))).text
    doc = Doc.of(text)
    assert len(doc.text) == len(text)
    words = [text[t.start : t.end] for t in doc.tokens if t.kind == "word"]
    assert "Liberterra" in words
    numbers = [text[t.start : t.end] for t in doc.tokens if t.kind == "number"]
    assert "3,222" in numbers
    assert all(t.end > t.start for t in doc.tokens)
    assert [t.start for t in doc.tokens] == sorted(t.start for t in doc.tokens)


def test_normalising_keeps_offsets_and_reads_odd_spaces_as_spaces():
    raw = "Operation\u00a0Red Tide freed 2\u202f517 people."
    doc = Doc.of(raw)
    assert len(doc.text) == len(raw)
    assert doc.text == "Operation Red Tide freed 2,517 people."
    assert doc.raw == raw


def test_windows_are_counted_in_words_not_characters():
    doc = Doc.of("Police in the remote northern province of Kivu, Congo, freed 40 people.")
    start = doc.text.index("in")
    end = doc.text.index("Kivu")
    assert doc.words_between(start, end) == 6


def test_sentences_and_clauses():
    text = (
        "The operation ran in Peru and Chile, which led it; Bolivia sent observers.\n\n"
        "A second paragraph (with a bracket) ends here."
    )
    doc = Doc.of(text)
    assert [s.of(text) for s in doc.sentences] == [
        "The operation ran in Peru and Chile, which led it; Bolivia sent observers.",
        "A second paragraph (with a bracket) ends here.",
    ]
    clauses = [c.of(text) for c in doc.clauses]
    assert clauses[:3] == [
        "The operation ran in Peru and Chile",
        "which led it",
        "Bolivia sent observers.",
    ]
    assert doc.clause_at(text.index("Bolivia")).of(text) == "Bolivia sent observers."
    assert doc.paragraph_at(text.index("bracket")).of(text).startswith("A second")
    assert doc.sentence_at(len(text) + 5) is None


def test_masks_mark_addresses_quotations_dates_and_boilerplate():
    text = "Share\n\nOn 3 May 2030 police said “we found them” (see www.example.org/report).\n"
    doc = Doc.of(text)
    assert doc.is_masked("url", text.index("www"), text.index("www") + 3)
    assert doc.is_masked("quotation", text.index("found"), text.index("found") + 5)
    assert doc.is_masked("date", text.index("May"), text.index("May") + 3)
    assert doc.is_masked("boilerplate", 0, 5)
    assert not doc.is_masked("url", 0, 5)


def test_thousands_grouped_by_plain_spaces_read_as_one_number():
    doc = Doc.of("Over 27 000 officers checked 1 062 cars on 3 May 2030 12 000 times; up 4 000%.")
    assert (
        doc.text == "Over 27,000 officers checked 1,062 cars on 3 May 2030 12,000 times; up 4 000%."
    )


ABBREVIATIONS = list(load_abbreviations().values())


@pytest.mark.parametrize("row", ABBREVIATIONS, ids=[row.abbreviation for row in ABBREVIATIONS])
def test_every_reviewed_abbreviation_keeps_its_example_one_sentence(row):
    doc = Doc.of(row.example)
    assert [s.of(doc.text) for s in doc.sentences] == [row.example]
    if row.counterexample:
        assert len(Doc.of(row.counterexample).sentences) == 2


def test_sentences_do_not_end_at_titles_months_or_initials():
    text = (
        "Gen. Ana M. Ruiz said the raids in St. Lucia ended on Oct. 4 with 30 arrests. "
        "Case No. 7 went to the U.S. Department of Justice. The court sat in Oct. Police waited."
    )
    doc = Doc.of(text)
    assert [s.of(text) for s in doc.sentences] == [
        "Gen. Ana M. Ruiz said the raids in St. Lucia ended on Oct. 4 with 30 arrests.",
        "Case No. 7 went to the U.S. Department of Justice.",
        "The court sat in Oct.",
        "Police waited.",
    ]


def test_a_comment_policy_ends_a_short_line_not_a_whole_article_on_one_line():
    policy = "Comments should be relevant and polite."
    story = " ".join(["Police in Chile freed 40 workers from a farm."] * 20)
    doc = Doc.of(f"{policy}\n{story} {policy}")
    assert [line.of(doc.text)[:30] for line in doc.content_lines] == [story[:30]]


def test_blank_lines_have_no_spans_but_every_offset_has_its_line():
    text = "Police freed 40 workers.\n" + "\n" * 50_000 + "  \nOfficers arrested 3 men.\n"
    doc = Doc.of(text)
    assert [line.of(text) for line in doc.filled_lines] == [
        "Police freed 40 workers.",
        "Officers arrested 3 men.",
    ]
    assert doc.line_at(text.index("arrested")).of(text) == "Officers arrested 3 men."
    blank = text.index("\n") + 10
    assert doc.line_at(blank) == Span(blank, blank)
    assert doc.line_at(text.index("  \n") + 1).of(text) == "  "
    assert [s.of(text) for s in doc.sentences] == [
        "Police freed 40 workers.",
        "Officers arrested 3 men.",
    ]


def test_an_initials_lookahead_finds_what_the_pattern_alone_finds():
    words = ("four", "one", "two", "Eleven")
    alone = re.compile(r"\b(?:four|one|two|eleven)\b", re.IGNORECASE)
    guarded = re.compile(initials_lookahead(words) + alone.pattern, re.IGNORECASE)
    text = "Two boats, one raft and FOUR dinghies; eleven crew, someone else, none lost."
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in alone.finditer(text)]
    assert [m.group() for m in guarded.finditer(text)] == ["Two", "one", "FOUR", "eleven"]
    special = re.compile(initials_lookahead(["[x]", "-y"]) + r"\S+")
    assert special.findall("[x] -y z") == ["[x]", "-y"]
