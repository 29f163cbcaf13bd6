"""Escaping of untrusted text for the places it reaches: Markdown, HTML, tooltips, CSV, links.

Article text and link parameters are written by strangers. They reach the page through
Streamlit Markdown (quote cards, provenance, messages), deck.gl tooltips, links, and
the files people download (CSV opened in spreadsheets, GeoJSON, Markdown). Each route
has its own escaper here; views and exports never build those strings by hand.

Two kinds of character never reach a reader as they are: C0 and C1 control characters
(tab and line breaks aside) and the characters that reorder text (bidirectional
embeddings, overrides and isolates, and the left-to-right and right-to-left marks), which
can make a headline display reversed. What is read on the page drops them; the data
files show each as ``[U+202E]``, so nothing is silently lost.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")
_MARKDOWN_FILE_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&])")
_WHITESPACE_RUN = re.compile(r"\s+")
_SAFE_SCHEMES = frozenset({"http", "https"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_REORDERING = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HIDDEN = re.compile(f"{_CONTROL.pattern}|{_REORDERING.pattern}")
WORD_JOINER = "\u2060"
"""Invisible; breaks what Markdown would read as a bare address, an icon or an emoji code."""
_BARE_LINK_STARTS = re.compile(
    r"(?i)(\bwww(?=\.)|\b(?:https?|ftp|mailto|xmpp)(?=:)|@(?=[\w-])|:(?=[a-z_+/-]))"
)
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets."""
MAX_SHOWN_VALUE_CHARS = 80
_PLACEHOLDER_OPEN = "{"


def without_hidden(text: object) -> str:
    """Text as a reader should see it: reordering characters removed, controls made spaces.

    Tab, line feed and carriage return are kept (the caller decides about line breaks).
    """
    if text is None:
        return ""
    return _CONTROL.sub(" ", _REORDERING.sub("", str(text)))


def plain_frame(frame):
    """A copy of a table for ``st.dataframe``: hidden characters dropped from its text cells.

    Table cells are drawn as text (never Markdown), but a right-to-left override would
    still display a headline reversed. Other columns keep their type.
    """
    result = frame.copy()
    for column in result.columns:
        if (
            getattr(result[column].dtype, "kind", "") == "O"
            or str(result[column].dtype) == "string"
        ):
            result[column] = result[column].map(
                lambda value: without_hidden(value) if isinstance(value, str) else value
            )
    return result


def with_hidden_shown(text: str) -> str:
    """Each control or reordering character written out as ``[U+202E]`` (tab and newlines kept)."""
    return _HIDDEN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def spreadsheet_cell(value: object) -> object:
    """A CSV text cell a spreadsheet shows as text: OWASP's rule for formula injection.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading single quote, so Excel, LibreOffice and Google Sheets do not evaluate it;
    hidden characters are written out (`with_hidden_shown`). Anything that is not a
    string (numbers, missing values) is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    shown = with_hidden_shown(value)
    return "'" + shown if shown.startswith(SPREADSHEET_TRIGGERS) else shown


def quoted(value: object, limit: int = MAX_SHOWN_VALUE_CHARS) -> str:
    r"""A value someone typed or linked, quoted for a message: ``'Libertad'``, cut if long.

    ``repr`` quoting writes newlines, escape sequences and reordering characters as
    ``\n``, ``\x1b``, ``\u202e``; the message is still escaped where it is shown.
    """
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def shown_as_text(message: object) -> str:
    """A message for ``st.warning``/``error``/``info``/``toast``/``caption``, inert as Markdown.

    Messages quote values from links and forms; Streamlit renders every message as
    Markdown, so the whole message is escaped (`escape_markdown`) and shows as written.
    """
    return escape_markdown(message)


def escape_markdown(text: object) -> str:
    """Make text render literally in Streamlit Markdown.

    Every character Markdown, Streamlit's directives (``:red[...]``, ``:material/..:``)
    or KaTeX (``$``) could read as syntax is backslash-escaped, and ``<``/``>``/``&``
    are backslash-escaped too so no HTML tag or entity survives. Newlines become spaces
    so an article line cannot start a heading or a list.
    """
    if text is None:
        return ""
    flat = " ".join(without_hidden(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _unlinked(flat))


def escape_markdown_file(text: object) -> str:
    """Text for one line of a Markdown file (README, quotes), shown literally by any viewer.

    CommonMark's backslash escapes for everything that could start markup, a link, a tag
    or an entity; hidden characters dropped; line breaks made spaces (a value cannot
    start a heading or a list); bare addresses not linked (GitHub and most editors link
    them too). Lighter than `escape_markdown`, which also guards Streamlit's own
    directives and KaTeX, so the file stays readable as plain text.
    """
    if text is None:
        return ""
    flat = _WHITESPACE_RUN.sub(" ", without_hidden(text))
    return _MARKDOWN_FILE_SPECIAL.sub(r"\\\1", _unlinked(flat))


def _unlinked(text: str) -> str:
    """Put a word joiner where a bare address or a shortcode starts, so neither is live.

    Streamlit's Markdown turns ``www.example.org`` and ``https://...`` in plain text into
    live links, and ``:material/warning:`` or ``:smile:`` into icons, even when every
    dot and colon is backslash-escaped; article text must never link anywhere but to its
    own source, nor draw anything.
    """
    return _BARE_LINK_STARTS.sub(lambda match: match.group() + WORD_JOINER, text)


def tooltip_text(text: object) -> str:
    """A value for a deck.gl HTML tooltip in Streamlit, which HTML-escapes values itself.

    Escaping here as well would show ``&lt;`` to the reader, so the value is left as
    text, with hidden characters dropped and a word joiner after each ``{`` so a value
    cannot name another field as a ``{placeholder}`` of the template.
    """
    flat = " ".join(without_hidden(text).split())
    return flat.replace(_PLACEHOLDER_OPEN, _PLACEHOLDER_OPEN + WORD_JOINER)


def escape_html(text: object) -> str:
    """Escape text for an HTML or SVG context we write: ``<``, ``>``, ``&`` and both quotes.

    Curly braces become entities as well, so a value never reads as a ``{field}``
    template placeholder.
    """
    if text is None:
        return ""
    escaped = html.escape(without_hidden(text), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: object) -> str | None:
    """Return the URL if it is a plain http(s) address with a host, else None.

    Rejects ``javascript:``, ``data:``, ``file:``, scheme-relative and malformed URLs,
    and URLs containing whitespace, quotes, angle brackets, control characters or
    characters that reorder text (a link that displays as ``…/gpj.exe``).
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if (
        not candidate
        or any(char in candidate for char in " \t\r\n\"'<>`\\")
        or _HIDDEN.search(candidate)
    ):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.hostname:
        return None
    return candidate


def markdown_link(label: object, url: object) -> str:
    """A Markdown link with an escaped label, or the escaped label alone for an unsafe URL."""
    text = escape_markdown(label)
    address = safe_url(url)
    if address is None:
        return text
    encoded = address.replace("(", "%28").replace(")", "%29")
    return f"[{text}]({encoded})"
