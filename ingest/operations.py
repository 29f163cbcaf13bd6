"""Named operations and the dates an article gives for them.

A name is what follows the word "Operation" when it looks like a proper name
("Operation Sea Falcon II" -> "Sea Falcon II"), or what follows "codenamed". Words such
as "the operation", "INTERPOL operation" or a headline's "Major Rescue Operation" are not
names. A date range is attached to the operation named in its sentence or the next one
over; a range without a year takes the year that fits the article's publication date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ingest.model import Operation, OperationMention
from ingest.source import (
    MONTH_PATTERN,
    YEAR_PATTERN,
    day_number,
    find_published,
    make_date,
    month_number,
)
from ingest.text import Span, content_lines, sentences

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
_TOKEN = re.compile(r"[A-Z0-9À-Þ][\wÀ-ÿ'’-]{0,39}(?![\wÀ-ÿ'’-])")
"""A word of an operation's name; no real name has a word of more than 40 letters."""
_OPEN_QUOTE = "'\"‘“"
_CLOSE_QUOTE = "'\"’”"
_OPERATION_WORD = re.compile(r"\b(?:[Oo]perations?|OPERATIONS?)\b")
_QUOTED_AFTER_WORD = re.compile(
    r"\b(?:[Oo]peration|OPERATION)\s+[" + _OPEN_QUOTE + r"]([^\n'\"’”]{2,40})[" + _CLOSE_QUOTE + "]"
)
_NAMING_VERB = re.compile(
    r"\b(code-?named|dubbed|called|named|known as)\s+([" + _OPEN_QUOTE + r"]?)", re.I
)
_GAP = re.compile(r"[ \t]*")
_MAX_NAME_TOKENS = 4
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


@dataclass(frozen=True)
class _DateRange:
    start: date
    end: date
    span: Span


def find_operations(text: str) -> tuple[list[Operation], list[OperationMention]]:
    """Operations in first-mention order, with dates, and every place each is named."""
    mentions = _find_mentions(text)
    names = list(dict.fromkeys(mention.name for mention in mentions))
    sentence_spans = sentences(text)
    ranges = _find_date_ranges(text, sentence_spans)
    dates = _attach_ranges(text, sentence_spans, names, mentions, ranges)
    operations = [
        Operation(
            name,
            dates[name].start.isoformat() if name in dates else None,
            dates[name].end.isoformat() if name in dates else None,
        )
        for name in names
    ]
    return operations, mentions


def canonical_name(tokens: list[str]) -> str:
    """A name as written, but with shouted words ("FALCON") in title case."""
    return " ".join(
        token.title() if token.isupper() and len(token) > 3 and not _ROMAN.match(token) else token
        for token in tokens
    )


def _find_mentions(text: str) -> list[OperationMention]:
    """Every naming of an operation, a parenthetical translation mapped to its original."""
    found: list[tuple[int, int, str, int]] = []
    for line in content_lines(text):
        found.extend(_mentions_in_line(text, line))
    found.extend(_family_mentions(text, found))
    found.sort()
    headline_only = _names_seen_only_in_headlines(text, found)
    aliases: dict[str, str] = {}
    mentions: list[OperationMention] = []
    previous_end = -1
    previous_name = None
    for start, end, name, _ in found:
        if name in headline_only:
            continue
        if previous_name and _is_parenthetical_alias(text, previous_end, start):
            aliases.setdefault(name, previous_name)
        canonical = aliases.get(name, name)
        mentions.append(OperationMention(canonical, start, end, text[start:end]))
        previous_end, previous_name = end, canonical
    return mentions


def _family_mentions(
    text: str, found: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """Names used without the word "Operation" once the article has introduced them.

    After "Operation Turquesa IV", "Turquesa III" is the earlier phase, "Turquesa IV" the
    same operation again and "the first Turquesa operation" the first one; a bare
    "Turquesa" stays unclaimed, since it could be the first phase, the series or the
    current one. After "Operation Sea Lantern", with no numbered Sea Lantern in the
    article, a bare "Sea Lantern" is that operation.
    """
    names = {name for _, _, name, _ in found}
    bases = {_family_base(name) for name in names}
    numbered_bases = {_family_base(name) for name in names if _family_base(name) != name}
    taken = [(start, end) for start, end, _, _ in found]
    extra = []
    for base in sorted(filter(None, bases)):
        pattern = re.compile(
            rf"(?<![\w'’-]){re.escape(base)}(?:[ \t]+(?P<number>[IVXLC]+))?\b"
            rf"(?P<operation_after>(?=[ \t]+(?:operation|exercise)\b))?"
        )
        for line in content_lines(text):
            for match in pattern.finditer(text, line.start, line.end):
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
                end = match.end()
                if any(start < end and match.start() < stop for start, stop in taken):
                    continue
                extra.append((match.start(), end, name, line.start))
                taken.append((match.start(), end))
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


def _mentions_in_line(text: str, line: Span) -> list[tuple[int, int, str, int]]:
    """(start, end, name, line start) for each operation name in one line."""
    segment = line.of(text)
    found = []
    for match in _OPERATION_WORD.finditer(segment):
        after = match.end()
        quoted = _QUOTED_AFTER_WORD.match(segment, match.start())
        if quoted:
            name = _name_from_tokens(_TOKEN.findall(quoted.group(1)), quoted=True)
            end = quoted.end()
        elif match.group(0)[0].isupper():
            name, end = _name_after(segment, after)
        else:
            continue
        if name:
            found.append((line.start + match.start(), line.start + end, name, line.start))
    for match in _NAMING_VERB.finditer(segment):
        if segment[match.end() :].lower().startswith("operation"):
            continue
        is_codename = match.group(1).lower().startswith("code")
        if not is_codename and not _mentions_operation_before(segment, match.start()):
            continue
        name, end = _name_after(segment, match.end(), quoted=bool(match.group(2)))
        if name:
            found.append((line.start + match.end(), line.start + end, name, line.start))
    return found


def _name_after(segment: str, position: int, quoted: bool = False) -> tuple[str | None, int]:
    """The proper name starting after ``position`` (skipping space), and where it ends."""
    tokens: list[str] = []
    cursor = position
    while len(tokens) < _MAX_NAME_TOKENS:
        token = _TOKEN.match(segment, _GAP.match(segment, cursor).end())
        word = token.group(0).rstrip("'’-") if token else ""
        if not word or not _can_continue_name(word, tokens):
            break
        tokens.append(word)
        cursor = token.start() + len(word)
    name = _name_from_tokens(tokens, quoted)
    if name and quoted and cursor < len(segment) and segment[cursor] in _CLOSE_QUOTE:
        cursor += 1
    return name, cursor


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


def _mentions_operation_before(segment: str, position: int) -> bool:
    return bool(re.search(r"\boperation\b", segment[max(0, position - 40) : position], re.I))


def _is_parenthetical_alias(text: str, previous_end: int, start: int) -> bool:
    between = text[previous_end:start]
    return bool(re.fullmatch(r"\s*\(\s*[" + _OPEN_QUOTE + r"]?", between))


def _names_seen_only_in_headlines(text: str, found: list[tuple[int, int, str, int]]) -> set[str]:
    """Names whose every mention sits in a title-case headline ("Operation Nets ...")."""
    in_prose = {name for _, _, name, line_start in found if not _is_headline(text, line_start)}
    return {name for _, _, name, _ in found} - in_prose


def _is_headline(text: str, line_start: int) -> bool:
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    words = [word for word in re.findall(r"[A-Za-z][\w'’-]*", line) if len(word) > 3]
    if not words or line.endswith((".", "?", "!", '"', "”")):
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.8


def _find_date_ranges(text: str, spans: list[Span]) -> list[_DateRange]:
    published = find_published(text)
    reference = date.fromisoformat(published) if published else None
    ranges: list[_DateRange] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_MDY_RANGE, _DMY_RANGE):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            found = _range_from_match(text, spans, match, reference)
            if found:
                ranges.append(found)
                taken.append((match.start(), match.end()))
    return sorted(ranges, key=lambda found: found.span.start)


def _range_from_match(
    text: str, spans: list[Span], match: re.Match, reference: date | None
) -> _DateRange | None:
    parts = match.groupdict()
    if parts["sep"].strip().lower() == "and" and not parts["lead"]:
        return None
    month_start = month_number(parts["m1"] or parts["m2"])
    month_end = month_number(parts["m2"] or parts["m1"])
    day_start, day_end = day_number(parts["d1"]), day_number(parts["d2"])
    year_end = int(parts["y2"] or parts["y1"] or 0) or None
    year_start = int(parts["y1"]) if parts["y1"] else None
    if year_end is None:
        year_end = _infer_year(text, spans, match.start(), (month_end, day_end), reference)
        if year_end is None:
            return None
    if year_start is None:
        year_start = year_end - 1 if month_start > month_end else year_end
    start = make_date(year_start, month_start, day_start)
    end = make_date(year_end, month_end, day_end)
    if not start or not end or not 0 <= (end - start).days <= _MAX_RANGE_DAYS:
        return None
    return _DateRange(start, end, Span(match.start(), match.end()))


def _infer_year(
    text: str, spans: list[Span], offset: int, month_day: tuple[int, int], reference: date | None
) -> int | None:
    """The year of a date written without one.

    The latest year that puts the date on or before publication, else the single year
    stated in the same or adjacent sentences.
    """
    if reference:
        for year in (reference.year, reference.year - 1):
            candidate = make_date(year, *month_day)
            if candidate and candidate <= reference:
                return year
        return None
    index = _sentence_index(spans, offset)
    if index is None:
        return None
    nearby = " ".join(span.of(text) for span in spans[max(0, index - 1) : index + 2])
    years = {int(year) for year in _YEAR.findall(nearby)}
    return years.pop() if len(years) == 1 else None


def _attach_ranges(
    text: str,
    spans: list[Span],
    names: list[str],
    mentions: list[OperationMention],
    ranges: list[_DateRange],
) -> dict[str, _DateRange]:
    """The first date range given for each operation."""
    attached: dict[str, _DateRange] = {}
    for found in ranges:
        index = _sentence_index(spans, found.span.start)
        if index is None:
            continue
        name = _operation_for_range(text, spans, index, found, mentions, names)
        if name and name not in attached:
            attached[name] = found
    return attached


def _operation_for_range(
    text: str,
    spans: list[Span],
    index: int,
    found: _DateRange,
    mentions: list[OperationMention],
    names: list[str],
) -> str | None:
    """The operation named in the range's sentence, else in a neighbour about one."""
    here = spans[index]
    in_sentence = _mentions_within(mentions, here)
    if in_sentence:
        before = [m for m in in_sentence if m.start < found.span.start]
        return (before[-1] if before else in_sentence[0]).name
    if not _OPERATION_REFERENCE.search(here.of(text)):
        return None
    for neighbour in spans[max(0, index - 1) : index] + spans[index + 1 : index + 2]:
        near = _mentions_within(mentions, neighbour)
        if len({m.name for m in near}) == 1:
            return near[0].name
    return names[0] if len(names) == 1 else None


def _mentions_within(mentions: list[OperationMention], span: Span) -> list[OperationMention]:
    return [m for m in mentions if span.start <= m.start < span.end]


def _sentence_index(spans: list[Span], offset: int) -> int | None:
    """Index of the sentence containing ``offset`` (sentences are sorted and disjoint)."""
    index = bisect.bisect_right([span.start for span in spans], offset) - 1
    return index if index >= 0 and offset < spans[index].end else None
