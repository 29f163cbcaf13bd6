"""Quotes ready to paste into a memo: “…words…” — Name, title (Outlet, “Headline”, date, link).

One line per distinct quotation; when several outlets carried the same words, each is
cited inside the parentheses, never by its file name; what the build inferred about an
article (its headline, outlet or date) is marked "(inferred)". Plain text keeps the words
exactly (cleaned of invisible characters); Markdown escapes what Markdown would read as
formatting, and links only http(s) addresses. A low-confidence quote starts with "?" and
says why, and the file then ends with the legend line ("? = low confidence; check the
source").
"""

from __future__ import annotations

from dashboard.exports import Briefing
from dashboard.exports.content import Quote, Source, distinct_quotes
from dashboard.exports.text import clean
from dashboard.review import LEGEND, MARK
from dashboard.safe import escape_markdown_file

MAX_QUOTE_CHARS = 1200


def quotes_text(briefing: Briefing) -> bytes:
    """Every distinct quote in view as plain text, one paragraph each (UTF-8)."""
    quotes = distinct_quotes(briefing)
    body = [_citation(quote, markdown=False) for quote in quotes] or ["No quotes in view."]
    legend = [LEGEND] if any(quote.low for quote in quotes) else []
    return ("\n\n".join([_header(briefing), *body, *legend]) + "\n").encode("utf-8")


def quotes_markdown(briefing: Briefing) -> bytes:
    """Every distinct quote in view as a Markdown list, with links to the articles (UTF-8)."""
    quotes = distinct_quotes(briefing)
    body = [f"- {_citation(quote, markdown=True)}" for quote in quotes] or ["_No quotes in view._"]
    legend = f"\n{_escape(LEGEND)}\n" if any(quote.low for quote in quotes) else ""
    text = f"# Quotes\n\n{_escape(_header(briefing))}\n\n" + "\n".join(body) + "\n" + legend
    return text.encode("utf-8")


def citation_line(quote: Quote) -> str:
    """One quote as plain text: “words” — Name, title (Outlet, 2 May 2018, https://...)."""
    return _citation(quote, markdown=False)


def _header(briefing: Briefing) -> str:
    return f"Quotes · {clean(briefing.description)} · made {briefing.generated:%-d %B %Y}"


def _citation(quote: Quote, markdown: bool) -> str:
    words = clean(quote.text, MAX_QUOTE_CHARS).strip(" \"'“”‘’")
    speaker = clean(quote.speaker, 120)
    title = clean(quote.speaker_title, 160)
    who = f"{speaker}, {title}" if title else speaker
    cited = "; ".join(_source(source, markdown) for source in quote.sources) or "source unknown"
    mark = f"{MARK} " if quote.low else ""
    doubt = clean(f" [{MARK} low confidence: {quote.doubt or 'check the source'}]", 300)
    doubt = f" {doubt}" if quote.low else ""
    if quote.reported:
        said = f"{who}, in reported speech: {clean(quote.text, MAX_QUOTE_CHARS)}"
        if markdown:
            return f"{_escape(mark)}{_escape(said)} ({cited}){_escape(doubt)}"
        return f"{mark}{said} ({cited}){doubt}"
    if quote.sentence:
        doubt = f" [in the same sentence: {clean(quote.sentence, MAX_QUOTE_CHARS)}]{doubt}"
    if markdown:
        return f"{_escape(mark)}“{_escape(words)}” — {_escape(who)} ({cited}){_escape(doubt)}"
    return f"{mark}“{words}” — {who} ({cited}){doubt}"


def _source(source: Source, markdown: bool) -> str:
    """``Outlet, “Title”, 2 May 2018`` with what was inferred marked, then the address."""
    title = f"“{source.title}”" + (" (inferred)" if "title" in source.inferred else "")
    if source.title and source.title.startswith(source.outlet.rstrip("…")):
        parts = [title]
    else:
        parts = [source.outlet + (" (inferred)" if "publisher" in source.inferred else "")]
        parts += [title] if source.title else []
    parts.append(source.date_text)
    if markdown:
        text = ", ".join(_escape(part) for part in parts)
        return f"{text}, <{source.url}>" if source.url else text
    return ", ".join(parts + ([source.url] if source.url else []))


def _escape(text: str) -> str:
    return escape_markdown_file(text)
