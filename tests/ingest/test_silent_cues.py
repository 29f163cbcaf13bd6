"""``make eval`` lists the cue rows that fire on no article; the list must be honest.

A figure cue row is listed when reading no article noted it as fired; a speaker cue row
when no article contains its phrase. Both run here on the seed articles.
"""

from __future__ import annotations

import pytest

from ingest import evaluate
from ingest.doc import Doc
from ingest.figures import cues_from_rows, find_figures, load_cue_rows
from ingest.quotes import EXPECTS, find_quotes
from ingest.quotes import cues_from_rows as speaker_cues_from_rows
from ingest.quotes import load_cue_rows as load_speaker_cue_rows
from ingest.read import read_article

WORD_KINDS = ("title", "organisation", "not_name")
"""Speaker cue kinds looked up word by word, not compiled into the attribution grammar."""


@pytest.fixture(scope="module")
def seed_scores() -> list[evaluate.ArticleScore]:
    return evaluate.evaluate(evaluate.seed_articles())


def seed_docs() -> list[Doc]:
    return [Doc.of(read_article(article.path).text) for article in evaluate.seed_articles()]


def figures_of(doc: Doc, cues=None) -> list[tuple]:
    found = find_figures(doc, cues)
    return [(f.metric, f.value, f.qualifier, f.start, f.end, f.rule) for f in found]


def test_a_figure_row_listed_as_silent_changes_no_article_when_taken_out(seed_scores):
    docs = seed_docs()
    fired: set[str] = set()
    expected = [figures_of(doc) for doc in docs]
    for doc in docs:
        find_figures(doc, fired=fired)
    rows = load_cue_rows()
    silent = evaluate.silent_figure_cues(seed_scores)
    assert silent == [row.id for row in rows if row.id not in fired]
    assert "noun.victims" not in silent and silent
    for row_id in silent:
        without = cues_from_rows(tuple(row for row in rows if row.id != row_id))
        changed = [i for i, doc in enumerate(docs) if figures_of(doc, without) != expected[i]]
        assert not changed, f"{row_id} is listed as silent but decides seed article(s) {changed}"


def test_every_speaker_row_is_found_in_its_own_example():
    for row in load_speaker_cue_rows():
        sentence = row.example.rpartition(EXPECTS)[0].replace("\\n", "\n")
        named = evaluate.speaker_rows_named_in(Doc.of(sentence).text, [row])
        assert named == {row.id}, f"{row.id}: {row.phrase!r} not found in {sentence!r}"


def test_a_speaker_row_listed_as_silent_changes_no_article_when_taken_out(seed_scores):
    """Word rows only: each verb row taken out would compile the grammar anew (slow)."""
    docs = seed_docs()
    rows = load_speaker_cue_rows()
    silent = evaluate.silent_speaker_cues(seed_scores)
    assert "verb.said" not in silent and silent
    expected = [quotes_of(doc) for doc in docs]
    words = [row for row in rows if row.id in silent and row.kind in WORD_KINDS]
    assert words
    for row in words:
        without = speaker_cues_from_rows(tuple(other for other in rows if other is not row))
        changed = [i for i, doc in enumerate(docs) if quotes_of(doc, without) != expected[i]]
        assert not changed, f"{row.id} is listed as silent but decides seed article(s) {changed}"


def quotes_of(doc: Doc, cues=None) -> list[tuple]:
    return [(q.speaker, q.speaker_title, q.start, q.end) for q in find_quotes(doc, cues)]
