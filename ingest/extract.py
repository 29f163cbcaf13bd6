"""Compose the extractors: an article's text in, its facts out (pure, no I/O)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from geo import find_mentions
from ingest.countries import classify, is_national, without_people
from ingest.figures import find_figures
from ingest.model import ArticleFacts, Operation, OperationMention
from ingest.operations import find_operations
from ingest.quotes import find_quotes
from ingest.read import ArticleText
from ingest.source import extract_source
from ingest.text import Span, paragraphs, sentences


def extract_article(article: ArticleText, sidecar: Mapping[str, str] | None = None) -> ArticleFacts:
    """Facts of an article read from disk."""
    return extract_text(article.text, article.path.name, article.sha256, sidecar)


def extract_text(
    text: str,
    file: str = "<text>",
    sha256: str | None = None,
    sidecar: Mapping[str, str] | None = None,
) -> ArticleFacts:
    """Facts of an article's text; every fact keeps its span into ``text``."""
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    operations, operation_mentions = find_operations(text)
    operation_mentions = [replace(m, surface=text[m.start : m.end]) for m in operation_mentions]
    operation_for = operation_resolver(operations, operation_mentions, paragraphs(text))
    quotes = [replace(q, operation=operation_for(q.start)) for q in find_quotes(text)]
    places = without_people(text, find_mentions(text), (quote.speaker for quote in quotes))
    sentence_spans = sentences(text)
    countries, regions = classify(text, places, sentence_spans, operation_for)
    figures = [
        replace(f, operation=operation_for(f.start))
        for f in find_figures(text)
        if not is_national(f, text, sentence_spans, countries)
    ]
    return ArticleFacts(
        source=extract_source(text, file, digest, sidecar),
        operations=tuple(operations),
        mentions=tuple(countries),
        regions=tuple(regions),
        figures=tuple(figures),
        quotes=tuple(quotes),
        operation_mentions=tuple(operation_mentions),
    )


def operation_resolver(
    operations: Sequence[Operation],
    mentions: Sequence[OperationMention],
    paragraph_spans: Sequence[Span],
) -> Callable[[int], str | None]:
    """Which operation a fact at an offset belongs to.

    An article that names one operation talks about it throughout. Where it names several,
    a fact belongs to the operation last named before it in its paragraph; elsewhere to
    the article's main operation, the one named most often (the first named on a tie).
    A passing reference to another operation ("it follows Operation X, which ...") thus
    claims the rest of its paragraph, not the rest of the article.
    """
    names = [op.name for op in operations]
    if not names:
        return lambda offset: None
    if len(names) == 1:
        return lambda offset: names[0]
    counts = Counter(mention.name for mention in mentions)
    main = max(names, key=lambda name: (counts[name], -names.index(name)))

    def resolve(offset: int) -> str | None:
        paragraph = next((p for p in paragraph_spans if p.start <= offset < p.end), None)
        if paragraph is not None:
            in_paragraph = [m for m in mentions if paragraph.start <= m.start <= offset]
            if in_paragraph:
                return in_paragraph[-1].name
        return main

    return resolve
