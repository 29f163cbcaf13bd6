"""Sentences and boilerplate: the shared view of an article's text.

Articles arrive with navigation, share counters, calendars, ads and comment policies.
Extractors ask :func:`content_lines` for the lines worth reading and :func:`sentences`
for sentence spans, so every extractor skips the same boilerplate. A full stop after an
abbreviation ("Gen.", "Oct. 4", "U.S.": the reviewed list in
``data/curated/abbreviations.tsv``) ends no sentence. The splits are remembered for the
last few texts, since every extractor asks for them again. Every split is made in one
pass: a blank line costs nothing, and no line or sentence is read again per candidate.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from ingest.reviewed import reviewed_rows

ABBREVIATIONS_PATH = (
    Path(__file__).resolve().parent.parent / "data" / "curated" / "abbreviations.tsv"
)
ABBREVIATION_COLUMNS = ["abbreviation", "before", "example", "counterexample"]
INITIAL = "A."
"""The row that stands for any single capital letter and a full stop: an initial."""
_BEFORE_KINDS = ("any", "number")

_BOILERPLATE_LINE = re.compile(
    r"""^\s*(?:
        advertisement | next\ post | previous\ post | categories | archives | share | tweet
        | inline\ feedbacks | view\ all\ comments | related(?:\ posts|\ articles)?
        | read\ more | [MTWFS]\ [MTWFS](?:\ [MTWFS]){5}
        | \d[\d.,]*\s*[kKmM]?\s*(?:shares?|views?|comments?|likes?)
        | shares? | views? | comments? | likes?
        | (?:january|february|march|april|may|june|july|august|september|october|november
           |december)\ \d{4}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COMMENT_POLICY = re.compile(
    r"^\s*(?:subscribe|sign up)"
    r"|\b(?:comments? should be|we do not tolerate|comment policy|welcomes? relevant, informed"
    r" comments|screen submissions|chip in and help)\b",
    re.IGNORECASE,
)
"""A newsletter box or a comment policy: page furniture when the line is short."""
_MAX_FURNITURE_CHARS = 600
"""Page furniture is short: a longer line that asks to subscribe or mentions a comment
policy is reporting (a whole article on one line, say), not furniture."""
_NO_WORDS = re.compile(r"^(?:[^A-Za-z]*|\s*\d[\d.,]*\s*[kKmM]\s*)$")
_MIN_PROSE_LINE = 80
_WRAP_WIDTHS = (45, 100)
_MIN_WRAPPED_LINES = 6
_WRAPPED_SHARE = 0.5
_ENDS_MID_SENTENCE = re.compile(r"(?:\b[a-z][\w'’-]*|,)\s*$")
_LIST_ITEM = re.compile(r"\s*(?:[-*•–#>]|\d{1,2}[.)]\s|\*\*)")
_TEXTS_REMEMBERED = 4
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_NEXT_VISIBLE = re.compile(r"""\s+["'“‘(\[]?(\S)""")
_OPENING_MARKS = "\"'“‘(["
_FILLED_LINE = re.compile(r"^[^\S\n]*\S[^\n]*", re.MULTILINE)
"""A line with something on it besides white space."""


_PROMO_LINE = re.compile(
    r"^\W*(?:related(?:\s+(?:stories|story|articles?|news|posts?|content))?|also\s+read"
    r"|read\s+(?:more|also|next)|see\s+also|more\s+on\s+this|recommended|you\s+may\s+also\s+like)"
    r"\s*(?:[:|–—-]|(?<=[A-Z])\s)",
    re.IGNORECASE,
)
"""A line that links to another story ("Read also: ...", "RELATED Police free 40 ...")."""


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of the article's text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start : self.end]


def is_promo_line(line: str) -> bool:
    """True for a link to another story: its places and numbers are not this article's.

    A label then a colon, bar or dash ("Read also: ...", "RELATED | ..."), or a label in
    capitals followed by the linked headline ("RELATED Police free 40 ...").
    """
    found = _PROMO_LINE.match(line)
    if not found:
        return False
    label = found.group(0).strip(" :|–—-")
    return found.group(0).rstrip()[-1:] in ":|–—-" or label.isupper()


def is_boilerplate(line: str) -> bool:
    """True for a line that is page furniture rather than reporting."""
    stripped = line.strip()
    if not stripped:
        return True
    if _BOILERPLATE_LINE.match(stripped):
        return True
    if len(stripped) <= _MAX_FURNITURE_CHARS and _COMMENT_POLICY.search(stripped):
        return True
    return bool(_NO_WORDS.match(stripped))


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def lines(text: str) -> tuple[Span, ...]:
    """Every line of the text as a span, without its line break."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append(Span(start, match.start()))
        start = match.end()
    spans.append(Span(start, len(text)))
    return tuple(spans)


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def filled_lines(text: str) -> tuple[Span, ...]:
    """Every line that has more than white space on it, without its line break.

    Found in one scan, so a text of a million blank lines has no span for each of them.
    """
    return tuple(Span(*match.span()) for match in _FILLED_LINE.finditer(text))


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def unwrap_hard_wraps(text: str) -> str:
    """``text`` with the same length, hard-wrapped paragraphs joined into single lines.

    Text copied from a PDF or an e-mail breaks every line at about 70 characters, even
    mid-name ("Trinidad and" / "Tobago"). When most of an article's lines look like that,
    each such break inside a paragraph becomes a space; blank lines, bullets, headings
    and short lines keep their breaks. Articles written one paragraph per line are
    returned as they are.
    """
    filled = filled_lines(text)
    joinable = [
        line
        for line, after in zip(filled, filled[1:], strict=False)
        if after.start == line.end + 1 and not _LIST_ITEM.match(text, after.start, after.end)
    ]
    wrapped = [line for line in joinable if _is_wrap_width(text, line)]
    if len(wrapped) < _MIN_WRAPPED_LINES or len(wrapped) < len(filled) * _WRAPPED_SHARE:
        return text
    chosen = set(wrapped)
    wrapped += [
        line
        for line in joinable
        if line not in chosen and _ENDS_MID_SENTENCE.search(text, line.start, line.end)
    ]
    chars = list(text)
    for line in wrapped:
        chars[line.end] = " "
    return "".join(chars)


def _is_wrap_width(text: str, line: Span) -> bool:
    """True for a line as long as a hard-wrapped one (trailing space not counted)."""
    end = line.end
    while end > line.start and text[end - 1].isspace():
        end -= 1
    return _WRAP_WIDTHS[0] <= end - line.start <= _WRAP_WIDTHS[1]


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def content_lines(text: str) -> tuple[Span, ...]:
    """Lines that carry reporting: boilerplate and blank lines left out."""
    return tuple(span for span in filled_lines(text) if not is_boilerplate(span.of(text)))


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def paragraphs(text: str) -> tuple[Span, ...]:
    """Content lines, with a line broken off mid-sentence joined to the line after it.

    Copied web text sometimes splits a sentence with a blank line ("in France and" /
    "Argentina."); a long line that stops without closing punctuation continues.
    """
    joined: list[Span] = []
    filled = filled_lines(text)
    for line in content_lines(text):
        if joined and _breaks_mid_sentence(text, joined[-1]) and _only_blank_between(
            text, filled, joined[-1], line
        ):
            joined[-1] = Span(joined[-1].start, line.end)
        else:
            joined.append(line)
    return tuple(joined)


def _only_blank_between(text: str, filled: Sequence[Span], before: Span, after: Span) -> bool:
    """True when only blank lines stand between two lines (no furniture line)."""
    return bisect.bisect_left(filled, after.start, key=_start) == bisect.bisect_left(
        filled, before.end, key=_start
    )


def _start(span: Span) -> int:
    return span.start


def _breaks_mid_sentence(text: str, paragraph: Span) -> bool:
    """True when a long line stops on a lowercase word or a comma, not on a headline's end.

    Only the end of the paragraph is read: its last word, and its length.
    """
    end = paragraph.end
    while end > paragraph.start and text[end - 1].isspace():
        end -= 1
    if text[end - 1 : end] == ",":
        return True
    word_start = end
    while word_start > paragraph.start and _is_word_char(text[word_start - 1]):
        word_start -= 1
    ends_lowercase = word_start < end and text[word_start].islower()
    return end - paragraph.start >= _MIN_PROSE_LINE and ends_lowercase


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans within paragraphs, trimmed of surrounding white space."""
    result: list[Span] = []
    table = load_abbreviations()
    longest = max(map(len, table), default=0)
    for line in paragraphs(text):
        start = line.start
        for match in _SENTENCE_END.finditer(text, line.start, line.end):
            if _after_abbreviation(text, line.start, match, table, longest):
                continue
            _append_trimmed(text, start, match.end(), result)
            start = match.end()
        _append_trimmed(text, start, line.end, result)
    return tuple(result)


def _after_abbreviation(
    text: str, line_start: int, match: re.Match[str], table: dict[str, Abbreviation], longest: int
) -> bool:
    """True when the full stop that ``match`` found closes an abbreviation, not a sentence."""
    if match.group(0) != ".":
        return False
    stop = match.start()
    word_start = stop
    limit = max(line_start, stop - longest)
    while word_start > limit and not text[word_start - 1].isspace():
        word_start -= 1
    if word_start == limit and limit > line_start and not text[limit - 1].isspace():
        return False
    word = text[word_start : stop + 1].lstrip(_OPENING_MARKS)
    row = table.get(word)
    if row is None and len(word) == 2 and word[0].isalpha() and word[0].isupper():
        row = table.get(INITIAL)
    if row is None:
        return False
    following = _NEXT_VISIBLE.match(text, match.end())
    return row.before == "any" or bool(following and following.group(1).isdigit())


@dataclass(frozen=True)
class Abbreviation:
    """A row of ``abbreviations.tsv``; its header comment says what each column means."""

    abbreviation: str
    before: str
    example: str
    counterexample: str


@lru_cache(maxsize=1)
def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> dict[str, Abbreviation]:
    """The reviewed abbreviations by how they are written; a bad row fails with its line."""
    rows: dict[str, Abbreviation] = {}
    for number, line, fields in reviewed_rows(path, ABBREVIATION_COLUMNS):
        fields += [""] * (len(ABBREVIATION_COLUMNS) - len(fields))
        row = Abbreviation(*fields[: len(ABBREVIATION_COLUMNS)])
        if not row.abbreviation.endswith(".") or row.before not in _BEFORE_KINDS:
            raise ValueError(
                f"{path.name}:{number}: an abbreviation ends with a full stop and 'before' is"
                f" one of {_BEFORE_KINDS}, got {line!r}"
            )
        if not row.example:
            raise ValueError(f"{path.name}:{number}: every row needs an example, got {line!r}")
        rows[row.abbreviation] = row
    return rows


def sentence_at(sentence_spans: Sequence[Span], offset: int) -> Span | None:
    """The sentence containing ``offset``, if any (spans sorted by start)."""
    index = bisect.bisect_right([span.start for span in sentence_spans], offset) - 1
    if index >= 0 and offset < sentence_spans[index].end:
        return sentence_spans[index]
    return None


def initials_lookahead(words: Iterable[str]) -> str:
    """A regex lookahead for the first letters of ``words``, in either case.

    Put before a pattern that can only start with one of ``words``, it lets the regex
    engine pass over every position where none of them starts instead of trying each
    alternative there: "(?=[fot])" before "four|one|two".
    """
    initials = sorted({case(word[0]) for word in words if word for case in (str.lower, str.upper)})
    return f"(?=[{re.escape(''.join(initials))}])"


def occurrences(text: str, words: Iterable[str]) -> dict[str, list[int]]:
    """Where each of ``words`` starts in ``text`` (case as written, overlaps included).

    One pass over the text however many words are asked for, so looking for every name
    an article introduced costs no more than looking for one.
    """
    starts: dict[str, list[int]] = {word: [] for word in words if word}
    if not starts:
        return starts
    automaton = ahocorasick.Automaton()
    for word in starts:
        automaton.add_word(word, word)
    automaton.make_automaton()
    for last, word in automaton.iter(text):
        starts[word].append(last - len(word) + 1)
    return starts


def _append_trimmed(text: str, start: int, end: int, into: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        into.append(Span(start, end))
