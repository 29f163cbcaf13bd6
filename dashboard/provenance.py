"""Where a fact came from: the sentence around a span of an article, with the span marked.

Plain Python. A sentence here is the extractor's own (``ingest.doc.Doc``), so the page
shows the very sentence a rule read; a span outside every sentence (a headline, a
caption, a line of page furniture) shows its line. Cut to a readable length.
"""

from __future__ import annotations

import bisect
import functools
import numbers
from dataclasses import dataclass

from dashboard.safe import escape_markdown
from ingest.doc import Doc

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
    first = _sentence_or_line(text, start)
    last = _sentence_or_line(text, max(start, end - 1))
    return min(first[0], start), max(last[1], end)


def _sentence_or_line(text: str, offset: int) -> tuple[int, int]:
    spans = _sentences(text)
    index = bisect.bisect_right(spans.starts, offset) - 1
    if index >= 0 and offset < spans.ends[index]:
        return spans.starts[index], spans.ends[index]
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    return line_start, len(text) if line_end < 0 else line_end


@dataclass(frozen=True)
class _Sentences:
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@functools.lru_cache(maxsize=256)
def _sentences(text: str) -> _Sentences:
    """The article's sentences as the extractor reads them, computed once per text."""
    spans = Doc.of(text).sentences
    return _Sentences(tuple(s.start for s in spans), tuple(s.end for s in spans))


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
    return _sentence_or_line(text, first[0]) == _sentence_or_line(text, second[0])


def evidence_markdown(found: Evidence) -> str:
    """The excerpt as safe Streamlit Markdown, the span highlighted (all text escaped)."""
    return (
        f"{escape_markdown(found.before)} "
        f":orange-background[**{escape_markdown(found.match)}**] "
        f"{escape_markdown(found.after)}"
    ).strip()
