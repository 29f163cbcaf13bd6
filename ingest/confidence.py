"""How sure a figure or a quote is, from the evidence around it in the article.

The extractors decide what a fact is; this module says how much a reader should trust
it, with the reason in words, so the dashboard can show doubt and a person can review it.
Country roles get theirs from their rule (``ingest.countries``). The rules here:

- a figure or quote outside every paragraph about an operation, in an article that names
  one, is ``low``: it may belong to another matter;
- a figure on a line that is no sentence (a headline, a caption) is ``medium``: nothing
  around it says what it counts (a labelled table row, "Victims rescued 250+", is fine);
- a quote whose speaker comes from a neighbouring sentence (unless that sentence ends with
  a colon that introduces the quote) or a previous quote, or is not
  named in its own paragraph (an earlier paragraph, or only "he"/"she" here), is
  ``medium``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from ingest.doc import Doc
from ingest.model import Figure, Quote
from ingest.text import Span

OUTSIDE_OPERATION = "outside every paragraph about an operation"
NOT_A_SENTENCE = (
    "on a line that is not a sentence (a headline or caption): nothing says what it counts"
)
SPEAKER_ELSEWHERE = "the speaker is not named in the quote's paragraph"
SPEAKER_FROM_NEIGHBOUR = (
    "no attribution stands beside the quote; the speaker comes from a neighbouring sentence"
)
LEAD_IN_CHARS = 40
NEAR_CHARS = 3000
"""How far from a quote its speaker's name still counts as in its paragraph: a paragraph
of a real article is shorter; a text with no line breaks is one paragraph."""
OPENING_MARKS = " \t\n\"“‘'«`"
INDIRECT_RULES = frozenset({"quote.neighbouring-sentence", "quote.continues-previous"})
SENTENCE_END = (".", "!", "?", "”", '"', "’", "'", ":", ";")
MAX_HEADLINE_WORDS = 24
_WORD_RUN = re.compile(r"\S+")
TABLE_ROW = re.compile(r"^\W*[A-Za-z][\w ()/-]*?[ \t|:]+[\d.,  ]+\+?\W*$")
"""A labelled row of a statistics table ("Victims Rescued 250+"): its label names the count."""


def assess_figures(doc: Doc, figures: Iterable[Figure], names_operations: bool) -> list[Figure]:
    """Each figure with its confidence and the reason when it is below high."""
    headline: dict[Span, bool] = {}
    assessed = []
    for figure in figures:
        line = doc.line_at(figure.start)
        if line not in headline:
            headline[line] = _is_headline(doc.text, line)
        if names_operations and figure.operation is None:
            assessed.append(replace(figure, confidence="low", doubt=OUTSIDE_OPERATION))
        elif headline[line]:
            assessed.append(replace(figure, confidence="medium", doubt=NOT_A_SENTENCE))
        else:
            assessed.append(replace(figure, confidence="high", doubt=""))
    return assessed


def assess_quotes(doc: Doc, quotes: Iterable[Quote], names_operations: bool) -> list[Quote]:
    """Each quote with its confidence and the reason when it is below high."""
    assessed = []
    for quote in quotes:
        if names_operations and quote.operation is None:
            assessed.append(replace(quote, confidence="low", doubt=OUTSIDE_OPERATION))
        elif _introduced_by_colon(doc.text, quote):
            assessed.append(replace(quote, confidence="high", doubt=""))
        elif quote.rule in INDIRECT_RULES:
            assessed.append(replace(quote, confidence="medium", doubt=SPEAKER_FROM_NEIGHBOUR))
        elif not _speaker_named_near(doc, quote):
            assessed.append(replace(quote, confidence="medium", doubt=SPEAKER_ELSEWHERE))
        else:
            assessed.append(replace(quote, confidence="high", doubt=""))
    return assessed


def _introduced_by_colon(text: str, quote: Quote) -> bool:
    """True when the words before the quote end with a colon ("Ana Ruiz said:" then a quote)."""
    before = text[max(0, quote.start - LEAD_IN_CHARS) : quote.start]
    return before.rstrip(OPENING_MARKS).endswith(":")


def _is_headline(text: str, line: Span) -> bool:
    """A line of few words that does not end like a sentence and is no table row.

    The words are counted first, and only up to one past the limit, so a long line is
    turned down without being read through.
    """
    words = _WORD_RUN.finditer(text, line.start, line.end)
    if sum(1 for _ in itertools.islice(words, MAX_HEADLINE_WORDS + 1)) > MAX_HEADLINE_WORDS:
        return False
    stripped = line.of(text).strip()
    return not (stripped.endswith(SENTENCE_END) or TABLE_ROW.match(stripped))


def _speaker_named_near(doc: Doc, quote: Quote) -> bool:
    """True when the speaker's last name stands near the quote in its paragraph, outside it."""
    words = quote.speaker.split()
    if not words:
        return False
    surname = words[-1]
    paragraph = doc.paragraph_at(quote.start) or Span(quote.start, quote.end)
    before = max(paragraph.start, quote.start - NEAR_CHARS)
    after = min(paragraph.end, quote.end + NEAR_CHARS)
    written = re.compile(re.escape(surname), re.IGNORECASE)
    return bool(
        written.search(doc.text, before, quote.start) or written.search(doc.text, quote.end, after)
    )
