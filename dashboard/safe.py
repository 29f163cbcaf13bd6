"""Escaping of untrusted article text for the places it reaches: Markdown, HTML, links.

Article text is written by strangers. It reaches the page through Streamlit Markdown
(quote cards, provenance), through deck.gl tooltips (HTML templates) and through
links. Each route has its own escaper here; views never build those strings by hand.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")
_SAFE_SCHEMES = frozenset({"http", "https"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_markdown(text: object) -> str:
    """Make text render literally in Streamlit Markdown.

    Every character Markdown, Streamlit's directives (``:red[...]``, ``:material/..:``)
    or KaTeX (``$``) could read as syntax is backslash-escaped, and ``<``/``>``/``&``
    are backslash-escaped too so no HTML tag or entity survives. Newlines become spaces
    so an article line cannot start a heading or a list.
    """
    if text is None:
        return ""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def escape_html(text: object) -> str:
    """Escape text for an HTML context (tooltips): ``<``, ``>``, ``&`` and both quotes.

    Curly braces become entities as well, so a value cannot smuggle a ``{field}``
    placeholder into deck.gl's tooltip template.
    """
    if text is None:
        return ""
    escaped = html.escape(_CONTROL.sub(" ", str(text)), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: object) -> str | None:
    """Return the URL if it is a plain http(s) address with a host, else None.

    Rejects ``javascript:``, ``data:``, ``file:``, scheme-relative and malformed URLs,
    and URLs containing whitespace, quotes, angle brackets or control characters.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if (
        not candidate
        or any(char in candidate for char in " \t\r\n\"'<>`\\")
        or _CONTROL.search(candidate)
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
