"""Named operations and the dates an article gives for them.

A name is what follows the word "Operation" (or another language's word for it,
``data/curated/operation_words.tsv``: "l'opération Harfang") when it looks like a proper
name ("Operation Sea Falcon II" -> "Sea Falcon II"), what stands between "The" and
"Operation" ("The Sea Falcon Operation"), or what follows "codenamed", or a naming verb
about an operation ("this action, called “Sea Falcon”"); a dash inside a name keeps it one
("Alpha – Sea Falcon III"). Words such as "the operation", "INTERPOL operation" or a
headline's "Major Rescue Operation" are not names, nor is an operation that only a link to
another story, a series' history or an edition to come names. A date range is attached to
the operation named in its sentence or the next one over; a range without a year takes
the year that fits the article's publication date (or date line), else a year the text
states.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from geo import resolve
from ingest.doc import Doc
from ingest.model import Operation, OperationMention
from ingest.reviewed import reviewed_rows
from ingest.source import (
    MONTH_PATTERN,
    MONTHS,
    YEAR_PATTERN,
    day_number,
    find_date_line_month,
    find_published,
    make_date,
    month_number,
)
from ingest.text import Span, occurrences

_NEVER_IN_NAME = frozenset(
    """a an the and or but nor of in on at to for from by with without into onto over under
    across against after before during between through than as is was are were be been has
    have had will would may might can could shall should led leads lead nets netted frees freed
    rescues rescued results resulted targets targeted yields uncovers dismantles saves arrests
    sees hits busts finds found ends ended launched launches begins began took takes was
    involving involved including included also last this that these those its their his her
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    news update report""".split()
)
_GENERIC_WORDS = frozenset(
    """rescue major joint police interpol europol global international worldwide regional
    national largest large successful new first second third operation operations
    coordinated special anti trafficking human crackdown""".split()
)
_ORGANISATION_WORDS = frozenset("interpol europol police unodc ameripol afripol".split())
_ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_MAX_NAME_WORD = 40
"""No real name has a word of more than 40 letters."""
_OPEN_QUOTE = "'\"‘“«"
_CLOSE_QUOTE = "'\"’”»"
OPERATION_WORDS_PATH = (
    Path(__file__).resolve().parent.parent / "data" / "curated" / "operation_words.tsv"
)
OPERATION_WORD_COLUMNS = [
    "word", "plural", "language", "lowercase_names", "example", "counterexample"
]  # fmt: skip
_INNER_SPACE = "[ \t\u00a0\u202f]*"
"""Spaces inside guillemets: "« Harfang »", often non-breaking."""
_NAMING_VERB = re.compile(
    r"\b(code-?named|dubbed|called|named|known as)\s+([" + _OPEN_QUOTE + r"]?)", re.I
)
_GAP = re.compile(_INNER_SPACE)
_MAX_NAME_TOKENS = 4
_PROSE_LINE = 80
_OPERATION_NOUN = re.compile(
    r"\b(?:operations?|actions?|exercises?|crackdowns?|sweeps?|missions?)\b", re.I
)
"""Nouns that a naming verb can name: "this action, called ..." (a film or a man is not)."""
_NOUN_AFTER_NAME = re.compile(
    r"[ \t]*,?[ \t]*(?:the|this|that|an?)?[ \t]*(?:[\w-]+[ \t]+){0,2}?"
    r"(?:operations?|exercises?|crackdowns?|sweeps?|missions?)\b",
    re.I,
)
"""'Called “Red Tide”, the operation ...': the noun follows the quoted name ("action" is
left out here, since "the action movie" is an adjective)."""
_CAPITAL_OPERATION_WORD = re.compile(r"\b(?:Operation|OPERATION)\b")
_MAX_WORDS_BEFORE = 3
"""'The Blackwrist Operation': up to three capitalised words between "The" and "Operation"."""
_SPACES_BEFORE = re.compile(r"[ \t]+$")
_OPERATION_AHEAD = re.compile(r"operation", re.I)
_AFTER_JOINED_NAME = re.compile(r"[ \t]*(?:[,.;:)\]'\"’”]|[a-z])")
_ALIAS_GAP = re.compile(r"\s*\(\s*[" + _OPEN_QUOTE + r"]?")
_MAX_HEADLINE_CHARS = 300
"""A headline is short: a longer line is prose, whatever its capitals."""
_NAME_JOINER = re.compile(r"[ \t]*[–—][ \t]*|[ \t]+-[ \t]+")
"""A dash between two parts of one name: "Alpha – Sea Lantern III"."""
_PROMO_LABEL = re.compile(
    r"^\s*(?:related(?:\s+(?:stories|story|articles?|news|posts?))?|also\s+read|read\s+(?:more|also)"
    r"|see\s+also|more\s+on\s+this)\b\s*[:|–—-]?\s*",
    re.I,
)
"""A line that links to another story: "RELATED Operation X: ..."."""
_HISTORY_CUE = re.compile(
    r"\b(?:since\s+(?:19|20)\d\d|every\s+year|each\s+year|annual(?:ly)?|editions?|series"
    r"|first\s+(?:launched|held|run|edition))\b",
    re.I,
)
"""A sentence about a series' past ("has run every year since 2017", "the first edition")."""
_FUTURE_BEFORE = re.compile(r"\b(?:next|future|upcoming|planned|possible)[ \t]+$", re.I)
_FUTURE_AFTER = re.compile(
    r"[ \t]*(?:might|may|could|would)[ \t]+(?:\w+[ \t]+)?"
    r"(?:take\s+place|be\s+held|be\s+launched|happen|follow|run|start|begin)\b",
    re.I,
)
"""A name used for an edition that has not happened: "when a Red Tide III might take place"."""
_MONTH = rf"\b{MONTH_PATTERN}(?![A-Za-z])"
_RANGE_SEPARATOR = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
_MDY_RANGE = re.compile(
    rf"(?P<lead>\b(?:between|from)\s+)?(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(?P<y1>{YEAR_PATTERN}))?(?P<sep>{_RANGE_SEPARATOR})"
    rf"(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[-–:/.]?\d)"
    rf"(?:,?\s+(?P<y2>{YEAR_PATTERN})\b)?",
    re.I,
)
_DMY_RANGE = re.compile(
    rf"(?P<lead>\b(?:between|from)\s+)?(?:the\s+)?(?<![\d,.])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+(?:of\s+)?(?P<m1>{_MONTH}))?(?:,?\s+(?:of\s+)?(?P<y1>{YEAR_PATTERN}))?"
    rf"(?P<sep>{_RANGE_SEPARATOR})(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<m2>{_MONTH})(?:,?\s+(?:of\s+)?(?P<y2>{YEAR_PATTERN})\b)?",
    re.I,
)
"""Day-first ranges: "3 to 9 May 2025", "from the 3rd to the 9th of May of 2025"."""
_YEAR = re.compile(rf"(?<![\d/-])({YEAR_PATTERN})(?![\d/-])")
_OPERATION_REFERENCE = re.compile(
    r"\b(?:operation|exercise|raids?|crackdown|action days?|took place|was conducted|"
    r"were conducted|ran|carried out)\b",
    re.I,
)
_MAX_RANGE_DAYS = 366
_RANGE_REACH = 100
"""How far a date range reaches from a month it names ("from the 3rd to the 9th of May")."""


@dataclass(frozen=True)
class _DateRange:
    start: date
    end: date
    span: Span
    rule: str = "dates.range-with-year"
    confidence: str = "high"
    doubt: str = ""


_CLOSE_TO_PUBLICATION_DAYS = 120
"""A range inferred from the publication year that ends this close before it is sure."""


@dataclass(frozen=True)
class OperationWord:
    """A row of ``operation_words.tsv``; its header comment says what each column means."""

    word: str
    plural: str
    language: str
    lowercase_names: bool
    example: str
    counterexample: str


@lru_cache(maxsize=1)
def operation_words(path: Path = OPERATION_WORDS_PATH) -> dict[str, OperationWord]:
    """The reviewed words, singular and plural, in lower case; a bad row fails with its line."""
    words: dict[str, OperationWord] = {}
    for number, line, fields in reviewed_rows(path, OPERATION_WORD_COLUMNS):
        if len(fields) != len(OPERATION_WORD_COLUMNS) or fields[3] not in ("yes", "no"):
            raise ValueError(
                f"{path.name}:{number}: six tab-separated cells, lowercase_names yes or no,"
                f" got {line!r}"
            )
        row = OperationWord(*fields[:3], fields[3] == "yes", *fields[4:])
        for form in (row.word, row.plural):
            if not form or form != form.lower():
                raise ValueError(f"{path.name}:{number}: write the word in lower case: {line!r}")
            words[form] = row
    return words


@lru_cache(maxsize=1)
def operation_word_pattern() -> re.Pattern:
    """Any reviewed word as written, capitalised or in capitals ("operation", "OPÉRATION")."""
    forms = sorted(operation_words(), key=len, reverse=True)
    written = [variant for form in forms for variant in (form, form.capitalize(), form.upper())]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, written)) + r")\b")


@lru_cache(maxsize=1)
def quoted_after_word_pattern() -> re.Pattern:
    """The word, then a name in quotes or guillemets: 'operation “Harfang”', '« Harfang »'."""
    return re.compile(
        operation_word_pattern().pattern
        + r"\s+["
        + _OPEN_QUOTE
        + "]"
        + _INNER_SPACE
        + r"([^\n'\"’”»]{2,40}?)"
        + _INNER_SPACE
        + "["
        + _CLOSE_QUOTE
        + "]"
    )


def find_operations(doc: Doc | str) -> tuple[list[Operation], list[OperationMention]]:
    """Operations in first-mention order, with dates, and every place each is named."""
    doc = doc if isinstance(doc, Doc) else Doc.of(doc)
    mentions = _find_mentions(doc)
    names = list(dict.fromkeys(mention.name for mention in mentions))
    ranges = _find_date_ranges(doc)
    dates = _attach_ranges(doc, names, mentions, ranges)
    operations = [
        Operation(
            name,
            dates[name].start.isoformat(),
            dates[name].end.isoformat(),
            rule=dates[name].rule,
            confidence=dates[name].confidence,
            doubt=dates[name].doubt,
        )
        if name in dates
        else Operation(name)
        for name in names
    ]
    return operations, mentions


def canonical_name(tokens: list[str]) -> str:
    """A name as written, but with shouted words ("FALCON") in title case."""
    return " ".join(
        token.title() if token.isupper() and len(token) > 3 and not _ROMAN.match(token) else token
        for token in tokens
    )


_Found = tuple[int, int, str]
"""(start, end, name) of one naming of an operation."""


def _find_mentions(doc: Doc) -> list[OperationMention]:
    """Every naming of an operation, a parenthetical translation mapped to its original."""
    text = doc.text
    found: list[_Found] = []
    body_started = False
    for line in doc.content_lines:
        in_line = _mentions_in_line(doc, line)
        if not _is_promo_line(text, line, in_line, body_started):
            found.extend(in_line)
        body_started = body_started or _is_prose(text, line)
    found.extend(_family_mentions(doc, found))
    found.sort()
    headline_only = _names_seen_only_in_headlines(doc, found)
    aliases: dict[str, str] = {}
    mentions: list[OperationMention] = []
    previous_end = -1
    previous_name = None
    for start, end, name in found:
        if name in headline_only:
            continue
        if previous_name and _is_parenthetical_alias(text, previous_end, start):
            aliases.setdefault(name, previous_name)
        canonical = aliases.get(name, name)
        mentions.append(OperationMention(canonical, start, end, doc.raw[start:end]))
        previous_end, previous_name = end, canonical
    not_of_this_article = _names_only_in_passing(doc, mentions)
    return [mention for mention in mentions if mention.name not in not_of_this_article]


def _names_only_in_passing(doc: Doc, mentions: list[OperationMention]) -> set[str]:
    """Names every mention of which is a series' history or an edition yet to come.

    "Operation Red Tide, which has run every year since 2017" beside "Red Tide III" is the
    series, not a second operation; "when a Red Tide IV might take place" is no operation.
    """
    text = doc.text
    names = {mention.name for mention in mentions}
    series = {_family_base(name) for name in names if _family_base(name) != name} & names
    about_history: dict[Span, bool] = {}
    in_passing: dict[str, bool] = {}
    for mention in mentions:
        before = text[max(0, mention.start - 20) : mention.start]
        future = bool(_FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(text, mention.end))
        history = False
        sentence = doc.sentence_at(mention.start) if mention.name in series else None
        if sentence is not None:
            if sentence not in about_history:
                cue = _HISTORY_CUE.search(text, sentence.start, sentence.end)
                about_history[sentence] = cue is not None
            history = about_history[sentence]
        in_passing[mention.name] = in_passing.get(mention.name, True) and (future or history)
    return {name for name, passing in in_passing.items() if passing}


def _is_promo_line(text: str, line: Span, in_line: list[_Found], body_started: bool) -> bool:
    """A line that links to another story, not part of this one.

    "RELATED Operation X: ...", or, once the article's body has begun, a headline of its
    own that opens with an operation and a colon ("Operation Desert: traffickers found
    guilty").
    """
    if not in_line:
        return False
    segment = line.of(text).rstrip()
    if segment.endswith((".", "!", "?")):
        return False
    label = _PROMO_LABEL.match(segment)
    if label and (label.group(0).strip()[-1:] in ":|–—-" or label.group(0).strip().isupper()):
        return True
    first_start, first_end = min(in_line)[:2]
    opens_line = not text[line.start : first_start].strip(" \t*_#" + _OPEN_QUOTE) or (
        label is not None and first_start - line.start <= label.end()
    )
    return body_started and opens_line and text[first_end : first_end + 1] == ":"


def _is_prose(text: str, line: Span) -> bool:
    return line.end - line.start >= _PROSE_LINE and line.of(text).rstrip().endswith(
        (".", '"', "”", "’")
    )


def _family_mentions(doc: Doc, found: list[_Found]) -> list[_Found]:
    """Names used without the word "Operation" once the article has introduced them.

    After "Operation Turquesa IV", "Turquesa III" is the earlier phase, "Turquesa IV" the
    same operation again and "the first Turquesa operation" the first one; a bare
    "Turquesa" stays unclaimed, since it could be the first phase, the series or the
    current one. After "Operation Sea Lantern", with no numbered Sea Lantern in the
    article, a bare "Sea Lantern" is that operation. Every base is looked for in one pass
    over the text, however many the article names.
    """
    names = {name for _, _, name in found}
    bases = sorted(filter(None, {_family_base(name) for name in names}))
    if not bases:
        return []
    numbered_bases = {_family_base(name) for name in names if _family_base(name) != name}
    text = doc.text
    taken = bytearray(len(text))
    for start, end, _ in found:
        taken[start:end] = b"\x01" * (end - start)
    content = set(doc.content_lines)
    extra = []
    for base, starts in occurrences(text, bases).items():
        pattern = re.compile(
            rf"(?<![\w'’-]){re.escape(base)}(?:[ \t]+(?P<number>[IVXLC]+))?\b"
            rf"(?P<operation_after>(?=[ \t]+(?:operation|exercise)\b))?"
        )
        searched_to = 0
        for start in starts:
            line = doc.line_at(start)
            if start < searched_to or line not in content:
                continue
            match = pattern.match(text, start, line.end)
            if not match:
                continue
            searched_to = match.end()
            number = match.group("number")
            if number and number != "I" and _ROMAN.match(number):
                name = f"{base} {number}"
            elif not number and (
                match.group("operation_after") is not None
                or (base in names and base not in numbered_bases)
            ):
                name = base
            else:
                continue
            if taken.find(1, start, match.end()) >= 0:
                continue
            extra.append((start, match.end(), name))
            taken[start : match.end()] = b"\x01" * (match.end() - start)
    return extra


def _family_base(name: str) -> str | None:
    """The name without its phase number ("Turquesa IV" -> "Turquesa"), if distinctive."""
    words = name.split()
    if len(words) >= 2 and (_ROMAN.match(words[-1]) or words[-1].isdigit()):
        words = words[:-1]
    base = " ".join(words)
    if all(word.lower() in _GENERIC_WORDS for word in words) or len(base) < 4:
        return None
    return base


def _mentions_in_line(doc: Doc, line: Span) -> list[_Found]:
    """(start, end, name) for each operation name in one line."""
    text = doc.text
    found = []
    words = operation_words()
    for match in operation_word_pattern().finditer(text, line.start, line.end):
        quoted = quoted_after_word_pattern().match(text, match.start(), line.end)
        if quoted:
            name = _name_from_tokens(_capitalised_words(doc, *quoted.span(1)), quoted=True)
            end = quoted.end()
        elif match.group(0)[0].isupper() or words[match.group(0).lower()].lowercase_names:
            name, end = _name_after(doc, match.end(), line.end)
        else:
            continue
        if name:
            found.append((match.start(), end, name))
    for match in _NAMING_VERB.finditer(text, line.start, line.end):
        if _OPERATION_AHEAD.match(text, match.end(), line.end):
            continue
        quoted = bool(match.group(2))
        name, end = _name_after(doc, match.end(), line.end, quoted=quoted)
        if not name or (quoted and text[end - 1] not in _CLOSE_QUOTE):
            continue
        is_codename = match.group(1).lower().startswith("code")
        names_an_operation = _mentions_operation_before(doc, line, match.start()) or (
            quoted and _NOUN_AFTER_NAME.match(text, end, line.end)
        )
        if is_codename or names_an_operation:
            found.append((match.end(), end, name))
    found.extend(_names_before_operation_word(doc, line))
    return found


def _names_before_operation_word(doc: Doc, line: Span) -> list[_Found]:
    """'Blackwrist' in "The Blackwrist Operation": capitalised words after "The"."""
    text = doc.text
    found = []
    for match in _CAPITAL_OPERATION_WORD.finditer(text, line.start, line.end):
        words: list[Span] = []
        longest = None
        cursor = match.start()
        while len(words) < _MAX_WORDS_BEFORE + 1:
            gap = _SPACES_BEFORE.search(text, max(line.start, cursor - 40), cursor)
            word = _word_ending_at(doc, gap.start()) if gap else None
            if word is None or word.start < line.start:
                break
            if text[word.start : word.end] in ("The", "the") and words:
                longest = list(words)
            if not ("A" <= text[word.start] <= "Z"):
                break
            words.insert(0, word)
            cursor = word.start
        if longest:
            name = _name_before_operation_word([w.of(text) for w in longest])
            if name:
                found.append((longest[0].start, match.end(), name))
    return found


def _name_before_operation_word(tokens: list[str]) -> str | None:
    """'Blackwrist' in "The Blackwrist Operation"; not "The Joint Police Operation"."""
    for token in tokens:
        word = token.lower().rstrip("'’-")
        if word in _GENERIC_WORDS or word in _ORGANISATION_WORDS or word in _NEVER_IN_NAME:
            return None
        if re.search(r"-[a-z]", token) or token.endswith(("'s", "’s")):
            return None  # "The Interpol-led Operation", "The Agency's Operation"
    if all(token.isupper() for token in tokens):
        return None  # "The UN Operation": an organisation's, not a name
    if resolve(" ".join(tokens)) is not None:
        return None  # "The Sahel Operation", "The Mali Operation": a place's operation
    return _name_from_tokens(tokens)


def _word_at(doc: Doc, offset: int, limit: int) -> Span | None:
    """The word that starts at ``offset``: adjacent word and number tokens ("Pangea17")."""
    tokens = doc.tokens
    index = doc.token_index(offset)
    if index >= len(tokens) or tokens[index].start != offset:
        return None
    end = offset
    while index < len(tokens) and tokens[index].start == end and tokens[index].end <= limit:
        if tokens[index].kind == "mark":
            break
        end = tokens[index].end
        index += 1
    return Span(offset, end) if end > offset else None


def _word_ending_at(doc: Doc, offset: int) -> Span | None:
    """The word that ends at ``offset`` (adjacent word and number tokens)."""
    tokens = doc.tokens
    index = doc.token_index(offset) - 1
    start = offset
    while index >= 0 and tokens[index].end == start and tokens[index].kind != "mark":
        start = tokens[index].start
        index -= 1
    return Span(start, offset) if start < offset else None


def _capitalised_words(doc: Doc, start: int, end: int) -> list[str]:
    """The words of ``[start, end)`` that open with a capital or a digit."""
    words, cursor = [], start
    for token in doc.tokens_between(start, end):
        if token.start < cursor or token.kind == "mark":
            continue
        word = _word_at(doc, token.start, end)
        if word is None:
            continue
        cursor = word.end
        first = doc.text[word.start]
        if (first.isupper() or first.isdigit()) and word.end - word.start <= _MAX_NAME_WORD:
            words.append(word.of(doc.text))
    return words


def _name_after(
    doc: Doc, position: int, limit: int, quoted: bool = False
) -> tuple[str | None, int]:
    """The proper name starting after ``position`` (skipping space), and where it ends."""
    text = doc.text
    tokens: list[str] = []
    cursor = position
    while len(tokens) < _MAX_NAME_TOKENS:
        found = _word_at(doc, _GAP.match(text, cursor, limit).end(), limit)
        first = text[found.start] if found else ""
        if not found or not (first.isupper() or first.isdigit()):
            break
        if found.end - found.start > _MAX_NAME_WORD:
            break
        word = found.of(text)
        if not _can_continue_name(word, tokens):
            break
        tokens.append(word)
        cursor = found.end
    name = _name_from_tokens(tokens, quoted)
    if name:
        name, cursor = _joined_name(doc, name, cursor, limit)
    if name and quoted and cursor < limit and text[cursor] in _CLOSE_QUOTE:
        cursor += 1
    return name, cursor


def _joined_name(doc: Doc, name: str, cursor: int, limit: int) -> tuple[str, int]:
    """A name that goes on after a dash, kept as written ("Intercops – Spartacus III").

    A dash at the end of a headline ("Operation Weka – Kenya Rescues 80", "... - BBC News")
    joins no name: the second part must end where the words stop being a name, and must
    not be a place ("Operation Weka – Nairobi, ...").
    """
    text = doc.text
    joiner = _NAME_JOINER.match(text, cursor, limit)
    if not joiner:
        return name, cursor
    second, end = _name_after(doc, joiner.end(), limit)
    if not second or second.endswith(("'s", "’s")) or resolve(second) is not None:
        return name, cursor
    if not _AFTER_JOINED_NAME.match(text, end, limit):
        return name, cursor
    return name + text[cursor : joiner.end()] + second, end


def _can_continue_name(token: str, tokens: list[str]) -> bool:
    word = token.lower().strip("'’-")
    if word in _NEVER_IN_NAME or not word:
        return False
    if tokens and word in _ORGANISATION_WORDS:
        return False
    return not (token[0].isdigit() and not tokens)


def _name_from_tokens(tokens: list[str], quoted: bool = False) -> str | None:
    tokens = [token.rstrip("'’-") for token in tokens if token.rstrip("'’-")]
    if not tokens:
        return None
    if not quoted and all(token.lower() in _GENERIC_WORDS for token in tokens):
        return None
    if not quoted and all(_ROMAN.match(token) for token in tokens):
        return None
    return canonical_name(tokens)


def _mentions_operation_before(doc: Doc, line: Span, position: int) -> bool:
    """An operation noun shortly before, in the same sentence ("this action, called X")."""
    sentence = doc.sentence_at(position)
    start = max(position - 40, sentence.start if sentence else line.start)
    return bool(_OPERATION_NOUN.search(doc.text, start, position))


def _is_parenthetical_alias(text: str, previous_end: int, start: int) -> bool:
    return start > previous_end and bool(_ALIAS_GAP.fullmatch(text, previous_end, start))


def _names_seen_only_in_headlines(doc: Doc, found: list[_Found]) -> set[str]:
    """Names whose every mention sits in a title-case headline ("Operation Nets ...")."""
    headline: dict[Span, bool] = {}
    in_prose = set()
    for start, _, name in found:
        line = doc.line_at(start)
        if line not in headline:
            headline[line] = _is_headline(doc, line)
        if not headline[line]:
            in_prose.add(name)
    return {name for _, _, name in found} - in_prose


def _is_headline(doc: Doc, line: Span) -> bool:
    """A short line, not closed like a sentence, whose longer words nearly all open in capitals."""
    if line.end - line.start > _MAX_HEADLINE_CHARS:
        return False
    text = doc.text
    if line.of(text).strip().endswith((".", "?", "!", '"', "”")):
        return False
    words = [
        text[token.start]
        for token in doc.tokens_between(line.start, line.end)
        if token.kind == "word" and token.end - token.start > 3
    ]
    if not words:
        return False
    capitalised = sum(1 for first in words if first.isupper())
    return capitalised / len(words) >= 0.8


def _find_date_ranges(doc: Doc) -> list[_DateRange]:
    """Every date range, month-first ones before day-first ones where the two overlap."""
    text = doc.text
    reference = _reference_date(text)
    years = _YearsNear(doc)
    ranges: list[_DateRange] = []
    month_first: list[Span] = []
    windows = _month_windows(text)
    for match in _matches_within(_MDY_RANGE, text, windows):
        found = _range_from_match(years, match, reference)
        if found:
            ranges.append(found)
            month_first.append(found.span)
    starts = [span.start for span in month_first]
    for match in _matches_within(_DMY_RANGE, text, windows):
        before = bisect.bisect_left(starts, match.end()) - 1
        if before >= 0 and month_first[before].end > match.start():
            continue
        found = _range_from_match(years, match, reference)
        if found:
            ranges.append(found)
    return sorted(ranges, key=lambda found: found.span.start)


def _month_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of text within ``_RANGE_REACH`` of a month name, merged.

    Every date range names a month, so the range patterns need only be tried there: the
    month names are found in one pass (written in lower case, capitalised or in
    capitals), and most of a long text is never looked at by the slower patterns.
    """
    windows: list[tuple[int, int]] = []
    for start, month in _month_names_in(text):
        end = start + len(month)
        if text[start - 1 : start].isalpha() or text[end : end + 1].isalpha():
            continue
        low, high = max(0, start - _RANGE_REACH), min(len(text), end + _RANGE_REACH)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


def _month_names_in(text: str) -> list[tuple[int, str]]:
    found = occurrences(text, _month_spellings())
    return sorted((start, month) for month, starts in found.items() for start in starts)


@lru_cache(maxsize=1)
def _month_spellings() -> tuple[str, ...]:
    return tuple(spelling for month in MONTHS for spelling in (month, month.title(), month.upper()))


def _matches_within(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def _reference_date(text: str) -> date | None:
    """The publication date, else the last day of a month-only date line."""
    published = find_published(text)
    if published:
        return date.fromisoformat(published)
    month = find_date_line_month(text)
    if not month:
        return None
    year, month_of_year = month
    return date(year + month_of_year // 12, month_of_year % 12 + 1, 1) - timedelta(days=1)


def _range_from_match(
    years: _YearsNear, match: re.Match, reference: date | None
) -> _DateRange | None:
    parts = match.groupdict()
    if parts["sep"].strip().lower() == "and" and not parts["lead"]:
        return None
    month_start = month_number(parts["m1"] or parts["m2"])
    month_end = month_number(parts["m2"] or parts["m1"])
    day_start, day_end = day_number(parts["d1"]), day_number(parts["d2"])
    year_end = int(parts["y2"] or parts["y1"] or 0) or None
    year_start = int(parts["y1"]) if parts["y1"] else None
    evidence: dict[str, str] = {}
    if year_end is None:
        inferred = _infer_year(years, match.start(), (month_end, day_end), reference)
        if inferred is None:
            return None
        year_end, evidence = inferred
    if year_start is None:
        year_start = year_end - 1 if month_start > month_end else year_end
    start = make_date(year_start, month_start, day_start)
    end = make_date(year_end, month_end, day_end)
    if not start or not end or not 0 <= (end - start).days <= _MAX_RANGE_DAYS:
        return None
    if (
        evidence.get("rule") == "dates.year-from-publication"
        and reference
        and ((reference - end).days > _CLOSE_TO_PUBLICATION_DAYS)
    ):
        evidence = {**evidence, "confidence": "medium", "doubt": _FAR_FROM_PUBLICATION}
    return _DateRange(start, end, Span(match.start(), match.end()), **evidence)


_FAR_FROM_PUBLICATION = (
    "the range has no year; it was taken from the publication date, months after the range"
)
_YEAR_NEARBY = "the range has no year; it was taken from a year written near it"
_ONLY_YEAR = "the range has no year; it was taken from the only year the article writes"


class _YearsNear:
    """The years an article writes near an offset, and in all, each counted once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._near: dict[int, set[int]] = {}
        self._everywhere: set[int] | None = None

    def near(self, index: int) -> set[int]:
        """Years written in sentence ``index`` or the sentence either side."""
        if index not in self._near:
            text, spans = self.doc.text, self.doc.sentences
            found = set()
            for span in spans[max(0, index - 1) : index + 2]:
                found.update(int(year) for year in _YEAR.findall(text, span.start, span.end))
            self._near[index] = found
        return self._near[index]

    def everywhere(self) -> set[int]:
        """Every year the article writes."""
        if self._everywhere is None:
            self._everywhere = {int(year) for year in _YEAR.findall(self.doc.text)}
        return self._everywhere


def _infer_year(
    years: _YearsNear, offset: int, month_day: tuple[int, int], reference: date | None
) -> tuple[int, dict[str, str]] | None:
    """The year of a date written without one, and the evidence for it.

    The latest year that puts the date on or before publication, else the single year
    stated in the same or adjacent sentences, else the only year the article states.
    """
    if reference:
        for year in (reference.year, reference.year - 1):
            candidate = make_date(year, *month_day)
            if candidate and candidate <= reference:
                return year, {"rule": "dates.year-from-publication"}
        return None
    index = years.doc.sentence_index(offset)
    if index is None:
        return None
    nearby = years.near(index)
    if len(nearby) == 1:
        medium = {"confidence": "medium", "doubt": _YEAR_NEARBY}
        return next(iter(nearby)), {"rule": "dates.year-nearby", **medium}
    if nearby:
        return None
    everywhere = years.everywhere()
    if len(everywhere) == 1:
        medium = {"confidence": "medium", "doubt": _ONLY_YEAR}
        return next(iter(everywhere)), {"rule": "dates.only-year-in-article", **medium}
    return None


def _attach_ranges(
    doc: Doc, names: list[str], mentions: list[OperationMention], ranges: list[_DateRange]
) -> dict[str, _DateRange]:
    """The first date range given for each operation."""
    starts = [mention.start for mention in mentions]
    about_operation: dict[int, bool] = {}
    attached: dict[str, _DateRange] = {}
    for found in ranges:
        index = doc.sentence_index(found.span.start)
        if index is None:
            continue
        name = _operation_for_range(doc, index, found, mentions, starts, names, about_operation)
        if name and name not in attached:
            attached[name] = found
    return attached


def _operation_for_range(
    doc: Doc,
    index: int,
    found: _DateRange,
    mentions: list[OperationMention],
    starts: list[int],
    names: list[str],
    about_operation: dict[int, bool],
) -> str | None:
    """The operation named in the range's sentence, else in a neighbour about one."""
    spans = doc.sentences
    here = spans[index]
    in_sentence = _mentions_within(mentions, starts, here)
    if in_sentence:
        before = [m for m in in_sentence if m.start < found.span.start]
        return (before[-1] if before else in_sentence[0]).name
    if index not in about_operation:
        cue = _OPERATION_REFERENCE.search(doc.text, here.start, here.end)
        about_operation[index] = cue is not None
    if not about_operation[index]:
        return None
    for neighbour in spans[max(0, index - 1) : index] + spans[index + 1 : index + 2]:
        near = _mentions_within(mentions, starts, neighbour)
        if len({m.name for m in near}) == 1:
            return near[0].name
    return names[0] if len(names) == 1 else None


def _mentions_within(
    mentions: Sequence[OperationMention], starts: list[int], span: Span
) -> Sequence[OperationMention]:
    """The mentions that start inside ``span`` (``starts`` is their sorted starts)."""
    return mentions[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]
