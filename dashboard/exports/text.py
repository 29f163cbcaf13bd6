"""Article text made safe to print: no invisible or direction-changing characters, no runaway words.

Exports put article text (quotes, headlines, outlet names) into images and PDFs where
nothing reflows. A 300-character "word", a right-to-left override or a zero-width
joiner would push text off the page or reorder it, so every string from an article
passes through `clean` before it is drawn, and long text through `wrap`.
"""

from __future__ import annotations

import textwrap
import unicodedata

ELLIPSIS = "…"
MAX_WORD_CHARS = 28
"""Longer runs of letters without a space are broken so a line can still wrap."""


def clean(text: object, limit: int | None = None) -> str:
    """One line of printable text: format/control characters dropped, whitespace collapsed.

    Unicode "format" characters (zero-width spaces and joiners, bidirectional overrides
    and isolates, the BOM) and control characters are removed; the text is NFC-normalised
    and cut at ``limit`` characters on a word boundary, ending in an ellipsis.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    try:
        raw = str(text)
    except Exception:  # pandas NA and friends refuse str() in odd ways
        return ""
    if raw == "<NA>":
        return ""
    normalised = unicodedata.normalize("NFC", raw)
    kept = "".join(
        " " if unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc") else char
        for char in normalised
        if unicodedata.category(char) not in ("Cf", "Co", "Cs", "Cn")
    )
    flat = " ".join(kept.split())
    return truncate(flat, limit) if limit else flat


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a space if one is near, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS


def break_long_words(text: str, max_chars: int = MAX_WORD_CHARS) -> str:
    """Insert spaces into words longer than ``max_chars`` so wrapping has somewhere to break."""
    words = []
    for word in text.split(" "):
        while len(word) > max_chars:
            words.append(word[:max_chars])
            word = word[max_chars:]
        words.append(word)
    return " ".join(words)


def wrap(text: object, width: int, max_lines: int | None = None) -> list[str]:
    """Clean ``text`` and wrap it to ``width`` characters, keeping at most ``max_lines`` lines.

    The last kept line ends in an ellipsis when text was dropped.
    """
    flat = break_long_words(clean(text), max(8, min(MAX_WORD_CHARS, width)))
    lines = textwrap.wrap(flat, width=width, break_long_words=True, break_on_hyphens=True)
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1][: max(1, width - 1)].rstrip(" ,;:.-–—" + ELLIPSIS)
        lines = [*lines[: max_lines - 1], last + ELLIPSIS]
    return lines
