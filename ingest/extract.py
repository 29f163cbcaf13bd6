"""Compose the extractors: an article's text in, its facts out (pure, no I/O)."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from geo import find_mentions
from ingest.confidence import assess_figures, assess_quotes
from ingest.countries import classify, is_national, without_people
from ingest.doc import Doc
from ingest.figures import find_figures
from ingest.model import ArticleFacts, Operation, OperationMention
from ingest.operations import find_operations
from ingest.quotes import find_quotes
from ingest.read import ArticleText
from ingest.source import extract_source
from ingest.text import Span, is_promo_line

_SEPARATE_MATTER = re.compile(
    r"^[ \t]*(?:separately|in\s+(?:a\s+separate|an\s+unrelated)\s+(?:case|development|inquiry))\b"
    r"|\b(?:(?:was|were|is|are)\s+not\s+(?:linked|connected|related)\s+to|unrelated\s+to"
    r"|(?:was|were|is|are)\s+not\s+part\s+of|had\s+nothing\s+to\s+do\s+with)\b",
    re.IGNORECASE | re.MULTILINE,
)
"""A paragraph about another matter: "Separately, ...", "... was not linked to the operation"."""


def extract_article(article: ArticleText, sidecar: Mapping[str, str] | None = None) -> ArticleFacts:
    """Facts of an article read from disk."""
    return extract_text(article.text, article.path.name, article.sha256, sidecar)


def extract_text(
    text: str,
    file: str = "<text>",
    sha256: str | None = None,
    sidecar: Mapping[str, str] | None = None,
) -> ArticleFacts:
    """Facts of an article's text; every fact keeps its span into ``text``.

    One country's share of an operation ("In Peru, police freed 12") is left out of the
    figures in an article about an operation: one that names it, or one that says how
    many countries took part. A number on a line that links to another story ("Read also:
    Police free 40 ...") is that story's, not this article's.
    """
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Doc.of(text)
    plain = doc.text
    operations, operation_mentions = find_operations(doc)
    operation_for = operation_resolver(operations, operation_mentions, doc.paragraphs, plain)
    quotes = [
        replace(q, operation=operation_for(q.start))
        for q in find_quotes(doc, operation_mentions=operation_mentions)
    ]
    places = without_people(plain, find_mentions(plain), (quote.speaker for quote in quotes))
    named_at = [mention.start for mention in operation_mentions]
    countries, regions = classify(doc, places, operation_for, names_operations=bool(operations))
    found = find_figures(doc)
    shares_apply = bool(operations) or any(
        f.metric == "countries_involved" and (f.value or 0) >= 2 for f in found
    )
    figures = [
        replace(f, operation=operation_for(f.start))
        for f in found
        if not (shares_apply and is_national(f, doc, countries, named_at))
        and not is_promo_line(doc.line_at(f.start).of(plain))
    ]
    figures = assess_figures(doc, figures, bool(operations))
    quotes = assess_quotes(doc, quotes, bool(operations))
    return ArticleFacts(
        source=extract_source(plain, file, digest, sidecar),
        operations=tuple(operations),
        mentions=tuple(replace(m, surface=text[m.start : m.end]) for m in countries),
        regions=tuple(replace(r, surface=text[r.start : r.end]) for r in regions),
        figures=tuple(replace(f, surface=text[f.start : f.end]) for f in figures),
        quotes=tuple(replace(q, text=text[q.start : q.end]) for q in quotes),
        operation_mentions=tuple(
            replace(m, surface=text[m.start : m.end]) for m in operation_mentions
        ),
    )


def plain_spaces(text: str) -> str:
    """``text`` as every extractor reads it (see ``ingest.doc.normalise``)."""
    return Doc.of(text).text


def operation_resolver(
    operations: Sequence[Operation],
    mentions: Sequence[OperationMention],
    paragraph_spans: Sequence[Span],
    text: str = "",
) -> Callable[[int], str | None]:
    """Which operation a fact at an offset belongs to.

    An article that names one operation talks about it throughout. Where it names several,
    a fact belongs to the operation last named before it in its paragraph; elsewhere to
    the article's main operation, the one named most often (the first named on a tie).
    A passing reference to another operation ("it follows Operation X, which ...") thus
    claims the rest of its paragraph, not the rest of the article. A paragraph that says
    it is about something else ("Separately, ...", "... was not linked to the operation")
    belongs to no operation, unless it names one itself.
    """
    names = [op.name for op in operations]
    if not names:
        return lambda offset: None
    counts = Counter(mention.name for mention in mentions)
    main = max(names, key=lambda name: counts[name])  # max keeps the first on a tie
    apart = {p for p in paragraph_spans if _SEPARATE_MATTER.search(text, p.start, p.end)}
    named = sorted(mentions, key=lambda mention: mention.start)
    named_at = [mention.start for mention in named]
    paragraph_starts = [paragraph.start for paragraph in paragraph_spans]

    def resolve(offset: int) -> str | None:
        index = bisect.bisect_right(paragraph_starts, offset) - 1
        if index >= 0 and offset < paragraph_spans[index].end:
            paragraph = paragraph_spans[index]
            last = bisect.bisect_right(named_at, offset) - 1
            if last >= 0 and named_at[last] >= paragraph.start:
                return named[last].name
            if paragraph in apart:
                return None
        return main

    return resolve
