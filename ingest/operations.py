"""Named operations and the dates an article gives for them.

A name is what follows the word "Operation" when it looks like a proper name
("Operation Sea Falcon II" -> "Sea Falcon II"), what stands between "The" and
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
from dataclasses import dataclass
from datetime import date, timedelta

from geo import resolve
from ingest.model import Operation, OperationMention
from ingest.source import (
    MONTH_PATTERN,
    YEAR_PATTERN,
    day_number,
    find_date_line_month,
    find_published,
    make_date,
    month_number,
)
from ingest.text import Span, content_lines, sentence_at, sentences

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
_NAME_BEFORE_WORD = re.compile(
    r"\b[Tt]he[ \t]+(?P<name>(?:[A-Z][\w'’-]*[ \t]+){1,3})(?:Operation|OPERATION)\b"
)
"""'The Blackwrist Operation': the name before a capitalised "Operation"."""
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


def _find_mentions(text: str) -> list[OperationMention]:
    """Every naming of an operation, a parenthetical translation mapped to its original."""
    found: list[tuple[int, int, str, int]] = []
    body_started = False
    for line in content_lines(text):
        in_line = _mentions_in_line(text, line)
        if not _is_promo_line(text, line, in_line, body_started):
            found.extend(in_line)
        body_started = body_started or _is_prose(line.of(text))
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
    not_of_this_article = _names_only_in_passing(text, mentions)
    return [mention for mention in mentions if mention.name not in not_of_this_article]


def _names_only_in_passing(text: str, mentions: list[OperationMention]) -> set[str]:
    """Names every mention of which is a series' history or an edition yet to come.

    "Operation Red Tide, which has run every year since 2017" beside "Red Tide III" is the
    series, not a second operation; "when a Red Tide IV might take place" is no operation.
    """
    names = {mention.name for mention in mentions}
    series = {_family_base(name) for name in names if _family_base(name) != name} & names
    spans = sentences(text)
    in_passing: dict[str, bool] = {}
    for mention in mentions:
        before = text[max(0, mention.start - 20) : mention.start]
        future = bool(_FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(text, mention.end))
        sentence = sentence_at(spans, mention.start)
        history = (
            mention.name in series
            and sentence is not None
            and bool(_HISTORY_CUE.search(sentence.of(text)))
        )
        in_passing[mention.name] = in_passing.get(mention.name, True) and (future or history)
    return {name for name, passing in in_passing.items() if passing}


def _is_promo_line(
    text: str, line: Span, in_line: list[tuple[int, int, str, int]], body_started: bool
) -> bool:
    """A line that links to another story, not part of this one.

    "RELATED Operation X: ...", or, once the article's body has begun, a headline of its
    own that opens with an operation and a colon ("Operation Desert: traffickers found
    guilty").
    """
    segment = line.of(text).rstrip()
    if not in_line or segment.endswith((".", "!", "?")):
        return False
    label = _PROMO_LABEL.match(segment)
    if label and (label.group(0).strip()[-1:] in ":|–—-" or label.group(0).strip().isupper()):
        return True
    first_start, first_end = min(in_line)[:2]
    opens_line = not text[line.start : first_start].strip(" \t*_#" + _OPEN_QUOTE) or (
        label is not None and first_start - line.start <= label.end()
    )
    return body_started and opens_line and text[first_end : first_end + 1] == ":"


def _is_prose(line: str) -> bool:
    return len(line) >= _PROSE_LINE and line.rstrip().endswith((".", '"', "”", "’"))


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
        quoted = bool(match.group(2))
        name, end = _name_after(segment, match.end(), quoted=quoted)
        if not name or (quoted and segment[end - 1] not in _CLOSE_QUOTE):
            continue
        is_codename = match.group(1).lower().startswith("code")
        names_an_operation = _mentions_operation_before(segment, match.start()) or (
            quoted and _NOUN_AFTER_NAME.match(segment, end)
        )
        if is_codename or names_an_operation:
            found.append((line.start + match.end(), line.start + end, name, line.start))
    for match in _NAME_BEFORE_WORD.finditer(segment):
        name = _name_before_operation_word(match.group("name").split())
        if name:
            start = line.start + match.start("name")
            found.append((start, line.start + match.end(), name, line.start))
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
    if name:
        name, cursor = _joined_name(segment, name, cursor)
    if name and quoted and cursor < len(segment) and segment[cursor] in _CLOSE_QUOTE:
        cursor += 1
    return name, cursor


def _joined_name(segment: str, name: str, cursor: int) -> tuple[str, int]:
    """A name that goes on after a dash, kept as written ("Intercops – Spartacus III").

    A dash at the end of a headline ("Operation Weka – Kenya Rescues 80", "... - BBC News")
    joins no name: the second part must end where the words stop being a name, and must
    not be a place ("Operation Weka – Nairobi, ...").
    """
    joiner = _NAME_JOINER.match(segment, cursor)
    if not joiner:
        return name, cursor
    second, end = _name_after(segment, joiner.end())
    if not second or second.endswith(("'s", "’s")) or resolve(second) is not None:
        return name, cursor
    if not re.match(r"[ \t]*(?:[,.;:)\]'\"’”]|[a-z])", segment[end:]):
        return name, cursor
    return name + segment[cursor : joiner.end()] + second, end


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
    """An operation noun shortly before, in the same sentence ("this action, called X")."""
    window = segment[max(0, position - 40) : position]
    return bool(_OPERATION_NOUN.search(re.split(r"[.!?]\s", window)[-1]))


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
    reference = _reference_date(text)
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
    evidence: dict[str, str] = {}
    if year_end is None:
        inferred = _infer_year(text, spans, match.start(), (month_end, day_end), reference)
        if inferred is None:
            return None
        year_end, evidence = inferred
    if year_start is None:
        year_start = year_end - 1 if month_start > month_end else year_end
    start = make_date(year_start, month_start, day_start)
    end = make_date(year_end, month_end, day_end)
    if not start or not end or not 0 <= (end - start).days <= _MAX_RANGE_DAYS:
        return None
    if evidence.get("rule") == "dates.year-from-publication" and reference and (
        (reference - end).days > _CLOSE_TO_PUBLICATION_DAYS
    ):
        evidence = {**evidence, "confidence": "medium", "doubt": _FAR_FROM_PUBLICATION}
    return _DateRange(start, end, Span(match.start(), match.end()), **evidence)


_FAR_FROM_PUBLICATION = (
    "the range has no year; it was taken from the publication date, months after the range"
)
_YEAR_NEARBY = "the range has no year; it was taken from a year written near it"
_ONLY_YEAR = "the range has no year; it was taken from the only year the article writes"


def _infer_year(
    text: str, spans: list[Span], offset: int, month_day: tuple[int, int], reference: date | None
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
    index = _sentence_index(spans, offset)
    if index is None:
        return None
    nearby = " ".join(span.of(text) for span in spans[max(0, index - 1) : index + 2])
    years = {int(year) for year in _YEAR.findall(nearby)}
    if len(years) == 1:
        medium = {"confidence": "medium", "doubt": _YEAR_NEARBY}
        return years.pop(), {"rule": "dates.year-nearby", **medium}
    if years:
        return None
    years = {int(year) for year in _YEAR.findall(text)}
    if len(years) == 1:
        medium = {"confidence": "medium", "doubt": _ONLY_YEAR}
        return years.pop(), {"rule": "dates.only-year-in-article", **medium}
    return None


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
