"""Where a fact came from: the sentence around a span of an article, with the span marked.

Plain Python: a sentence here is the text between sentence-ending punctuation (or a line
break) on either side of the span, cut to a readable length.
"""

from __future__ import annotations

import bisect
import functools
import numbers
import re
from dataclasses import dataclass

from dashboard.safe import escape_markdown

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")
MAX_CONTEXT_CHARS = 320


@dataclass(frozen=True)
class Evidence:
    """A span of an article with the rest of its sentence on either side."""

    before: str
    match: str
    after: str

    @property
    def sentence(self) -> str:
        """The whole excerpt as plain text."""
        return f"{self.before}{self.match}{self.after}"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or sentences) that contain ``text[start:end]``."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = match.end()
    following = _SENTENCE_END.search(text, end)
    sentence_end = following.start() + 1 if following else len(text)
    if following and text[following.start()] == "\n":
        sentence_end = following.start()
    return sentence_start, max(sentence_end, end)


def evidence(text: str, start: object, end: object) -> Evidence | None:
    """The sentence around a span, trimmed to `MAX_CONTEXT_CHARS` either side; None if no span."""
    if not text or not isinstance(start, numbers.Real) or not isinstance(end, numbers.Real):
        return None
    start, end = int(start), int(end)
    if start < 0 or end <= start or end > len(text):
        return None
    first, last = sentence_bounds(text, start, end)
    before = text[max(first, start - MAX_CONTEXT_CHARS) : start]
    after = text[end : min(last, end + MAX_CONTEXT_CHARS)]
    if first < start - MAX_CONTEXT_CHARS:
        before = "…" + before.lstrip()
    if last > end + MAX_CONTEXT_CHARS:
        after = after.rstrip() + "…"
    return Evidence(before=before.lstrip(), match=text[start:end], after=after.rstrip())


def same_sentence(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two spans of ``text`` start in the same sentence."""
    starts = _sentence_starts(text)
    return bisect.bisect_right(starts, first[0]) == bisect.bisect_right(starts, second[0])


@functools.lru_cache(maxsize=256)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Offsets where sentences start, computed once per article text."""
    return tuple(match.end() for match in _SENTENCE_END.finditer(text))


def evidence_markdown(found: Evidence) -> str:
    """The excerpt as safe Streamlit Markdown, the span highlighted (all text escaped)."""
    return (
        f"{escape_markdown(found.before)} "
        f":orange-background[**{escape_markdown(found.match)}**] "
        f"{escape_markdown(found.after)}"
    ).strip()
