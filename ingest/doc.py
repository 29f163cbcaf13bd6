"""One document model of an article: normalised text, tokens, sentences, clauses, masks.

Every extractor reads the same ``Doc``: the same words, the same sentence and paragraph
boundaries (``ingest.text`` finds them), the same clause breaks, and the same masked
regions (web addresses, quotations, boilerplate lines, dates), so a window "five words
before the country" means the same thing in every module and is counted in tokens, not
characters. Normalising keeps the length: an offset into ``Doc.text`` is an offset into
the article as read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import NamedTuple

from ingest.source import MONTH_PATTERN
from ingest.text import (
    Span,
    content_lines,
    filled_lines,
    lines,
    paragraphs,
    sentences,
    unwrap_hard_wraps,
)

_SPACE_LIKE = re.compile(
    "[" + "".join(map(chr, [0x00A0, 0x2007, 0x2009, 0x202F, *range(0x2002, 0x2007), 0x200A])) + "]"
)
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u2007\u2009\u202f](?=\d{3}(?!\d))")
_SPACED_THOUSANDS = re.compile(
    r"(?=\d)(?<![\d.,:/+-])(\d{1,3})((?: \d{3})+)(?!\d|[.,:/-]\d|\s?%)"
)
"""A number whose thousands are grouped by plain spaces ("27 000 officers", "1 062").

The patterns here open with a look-ahead at their first character, which lets the regex
engine skip to the candidates instead of trying every position of a long text."""
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W_]+)*")
"""A word: letters, joined by an apostrophe or a hyphen ("Curaçao", "co-ordinated", "police's")."""
_TOKEN = re.compile(rf"(?P<number>\d+(?:[.,]\d+)*\+?)|(?P<word>{WORD.pattern})|(?P<mark>[^\w\s])")
"""A token is a number ("4,310", "90+"), a word ("café", "co-ordinated", "naïve"), or
one mark of punctuation."""
_CLAUSE_BREAK = re.compile(
    r"\s*[;:()]\s*|\s+[–—]\s+|,\s+(?=(?:which|who|whom|whose|where|while|whereas|but)\b)",
    re.IGNORECASE,
)
"""Where a sentence's clauses meet: a semicolon, colon, bracket, spaced dash, or a comma
before a relative or contrasting word ("..., which led the operation")."""
_URL = re.compile(r"(?=[hw])\b(?:https?://|www\.)[^\s<>\"'”’)\]]+", re.IGNORECASE)
_QUOTATION = re.compile(r"“[^“”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|«[^«»\n]{1,2000}»")
_DATE = re.compile(
    rf"(?=[\djfmasond])\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}(?:,?\s+\d{{4}})?"
    rf"|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b",
    re.IGNORECASE,
)
MASK_KINDS = ("url", "quotation", "boilerplate", "date")


class Token(NamedTuple):
    """One token: where it is and what kind it is (``word``, ``number`` or ``mark``).

    A named tuple, since an article of a few megabytes has a million of them.
    """

    start: int
    end: int
    kind: str


_new_token = partial(tuple.__new__, Token)
"""A token from its three fields, without the named tuple's slower Python ``__new__``."""


@dataclass(frozen=True)
class Doc:
    """An article's text, read once, and everything the extractors measure it by."""

    raw: str
    text: str = field(repr=False)

    @classmethod
    def of(cls, raw: str) -> Doc:
        """The document of a text (remembered for the last few texts)."""
        return _doc_of(raw)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """Every token in text order."""
        return tuple(
            [
                _new_token((match.start(), match.end(), match.lastgroup or "mark"))
                for match in _TOKEN.finditer(self.text)
            ]
        )

    @cached_property
    def _token_starts(self) -> list[int]:
        return [token.start for token in self.tokens]

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Every line, without its line break (blank ones too: prefer ``filled_lines``)."""
        return lines(self.text)

    @cached_property
    def filled_lines(self) -> tuple[Span, ...]:
        """Every line with more than white space on it."""
        return filled_lines(self.text)

    @cached_property
    def content_lines(self) -> tuple[Span, ...]:
        """Lines that carry reporting (boilerplate and blank lines left out)."""
        return content_lines(self.text)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Content lines, a line broken off mid-sentence joined to the next."""
        return paragraphs(self.text)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentences within paragraphs."""
        return sentences(self.text)

    @cached_property
    def clauses(self) -> tuple[Span, ...]:
        """Each sentence cut at its clause breaks."""
        found = []
        for sentence in self.sentences:
            start = sentence.start
            for cut in _CLAUSE_BREAK.finditer(self.text, sentence.start, sentence.end):
                if cut.start() > start:
                    found.append(Span(start, cut.start()))
                start = cut.end()
            if sentence.end > start:
                found.append(Span(start, sentence.end))
        return tuple(found)

    @cached_property
    def masks(self) -> dict[str, tuple[Span, ...]]:
        """Regions of each kind that no extractor should read as reporting."""
        content = set(self.content_lines)
        return {
            "url": _spans(_URL, self.text),
            "quotation": _spans(_QUOTATION, self.text),
            "boilerplate": tuple(line for line in self.filled_lines if line not in content),
            "date": _spans(_DATE, self.text),
        }

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence that holds ``offset``, if any."""
        return self._containing("sentences", offset)

    def sentence_index(self, offset: int) -> int | None:
        """The index in ``sentences`` of the sentence that holds ``offset``, if any."""
        return self._index("sentences", offset)

    def paragraph_at(self, offset: int) -> Span | None:
        """The paragraph that holds ``offset``, if any."""
        return self._containing("paragraphs", offset)

    def clause_at(self, offset: int) -> Span | None:
        """The clause that holds ``offset``, if any."""
        return self._containing("clauses", offset)

    def line_at(self, offset: int) -> Span:
        """The line that holds ``offset`` (for a line break, the line it ends).

        A line with words is looked up among ``filled_lines``; only a blank one is read
        from the text, and a blank line is short.
        """
        filled = self.filled_lines
        index = bisect.bisect_right(self._starts_of("filled_lines", filled), offset) - 1
        if index >= 0 and offset <= filled[index].end:
            return filled[index]
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return Span(start, len(self.text) if end < 0 else end)

    @cached_property
    def _starts(self) -> dict[str, list[int]]:
        return {}

    def _containing(self, kind: str, offset: int) -> Span | None:
        index = self._index(kind, offset)
        return None if index is None else getattr(self, kind)[index]

    def index_before(self, kind: str, offset: int) -> int:
        """The index of the last span of ``kind`` that starts at or before ``offset`` (-1: none)."""
        spans: tuple[Span, ...] = getattr(self, kind)
        return bisect.bisect_right(self._starts_of(kind, spans), offset) - 1

    def _index(self, kind: str, offset: int) -> int | None:
        index = self.index_before(kind, offset)
        if index >= 0 and offset < getattr(self, kind)[index].end:
            return index
        return None

    def _starts_of(self, kind: str, spans: Sequence[Span]) -> list[int]:
        starts = self._starts.get(kind)
        if starts is None:
            starts = self._starts[kind] = [span.start for span in spans]
        return starts

    def token_index(self, offset: int) -> int:
        """The index in ``tokens`` of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self._token_starts, offset)

    def tokens_between(self, start: int, end: int) -> Sequence[Token]:
        """The tokens that lie wholly inside ``[start, end)``."""
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        return [token for token in self.tokens[first:last] if token.end <= end]

    def words_between(self, start: int, end: int) -> int:
        """How many words and numbers stand inside ``[start, end)``: a window's length."""
        return sum(1 for token in self.tokens_between(start, end) if token.kind != "mark")

    def last_words(self, start: int, end: int, count: int) -> list[Token]:
        """The last ``count`` words inside ``[start, end)``, in text order (numbers skipped)."""
        index = bisect.bisect_left(self._token_starts, end)
        found: list[Token] = []
        while index > 0 and len(found) < count:
            index -= 1
            token = self.tokens[index]
            if token.start < start:
                break
            if token.kind == "word" and token.end <= end:
                found.append(token)
        return found[::-1]

    def end_after_words(self, start: int, count: int) -> int:
        """Where the ``count``-th word or number from ``start`` on ends: a window's far end."""
        index = bisect.bisect_left(self._token_starts, start)
        tokens = self.tokens
        while index < len(tokens):
            if tokens[index].kind != "mark":
                count -= 1
                if count <= 0:
                    return tokens[index].end
            index += 1
        return len(self.text)

    def start_before_words(self, end: int, count: int) -> int:
        """Where the ``count``-th word or number before ``end`` starts: a window's near end."""
        index = bisect.bisect_left(self._token_starts, end) - 1
        tokens = self.tokens
        while index >= 0:
            if tokens[index].kind != "mark" and tokens[index].end <= end:
                count -= 1
                if count <= 0:
                    return tokens[index].start
            index -= 1
        return 0

    def is_masked(self, kind: str, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a region of that kind.

        The regions of one kind are sorted and disjoint, so the last one that starts
        before ``end`` is the only one that can reach past ``start``.
        """
        spans = self.masks[kind]
        index = bisect.bisect_left(self._starts_of(f"mask:{kind}", spans), end) - 1
        return index >= 0 and start < spans[index].end


def normalise(raw: str) -> str:
    """``raw`` with the same length, every kind of space a plain one.

    A no-break or thin space (after "Operation", between a number and its noun) reads as
    a space, one between digit groups ("2 517" with a narrow space, or a plain space as in
    "27 000 officers") as a thousands comma, and the line breaks inside a hard-wrapped
    paragraph as spaces.
    """
    grouped = _SPACE_LIKE.sub(" ", _DIGIT_GROUP_SPACE.sub(",", raw))
    grouped = _SPACED_THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(" ", ","), grouped)
    return unwrap_hard_wraps(grouped)


@lru_cache(maxsize=8)
def _doc_of(raw: str) -> Doc:
    return Doc(raw, normalise(raw))


def _spans(pattern: re.Pattern[str], text: str) -> tuple[Span, ...]:
    return tuple(Span(match.start(), match.end()) for match in pattern.finditer(text))
