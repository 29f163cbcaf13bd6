"""Numbers an article claims for an operation: how many rescued, arrested, involved.

A figure is a number (digits, words, "1.5 million", "40+") or a vague amount
("hundreds of victims"), the noun phrase it counts, and a metric read from that noun or
from the verb that governs it in the same clause ("the arrest of 41 people", "41 people
were arrested", "police rescued 90 people"). Durations, dates, ages, legal article
numbers, money, phone numbers and page furniture are never figures.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.model import Figure
from ingest.source import MONTH_PATTERN
from ingest.text import Span, content_lines, is_boilerplate, lines, sentences

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL_WORD = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)})"
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}
_DIGITS = re.compile(
    r"(?<![\w.,/#$€£:+\-–—])"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|(?<!\d,\s)\d{2,3},\s\d{3}(?!\d|,\s?\d)|\d+)"
    r"(?P<fraction>\.\d+)?(?:\s+(?P<multiplier>million|billion|thousand))?"
    r"(?P<plus>\+|-plus\b)?(?![\w+]|[.,]\d)",
    re.IGNORECASE,
)
_WORDS = re.compile(
    rf"\b(?P<words>(?:a|{_SMALL_WORD})\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?"
    rf"{_SMALL_WORD})?|(?:a|{_SMALL_WORD})\s+dozen|{_SMALL_WORD})\b(?!-)",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(?P<vague>(?:tens|hundreds)\s+of\s+thousands|hundreds|thousands|dozens|scores|millions"
    r"|several\s+(?:hundred|thousand|dozen))(?:\s+of)?(?=[ \t]+[A-Za-z])",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(
    r"(?:more\s+than|well\s+over|over|at\s+least|in\s+excess\s+of|upwards?\s+of|no\s+fewer\s+than"
    r"|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|above)\s+$",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"(?:nearly|almost|some|about|around|an\s+estimated|estimated|approximately|roughly"
    r"|close\s+to|approx\.|circa|up\s+to|just\s+under|an\s+approximate)\s+$",
    re.IGNORECASE,
)
_OR_MORE = re.compile(r"\s+or\s+more\b", re.IGNORECASE)
_REFERENCE_WORD = re.compile(
    r"\b(?:article|art\.|section|sec\.|chapter|no\.|number|resolution|rule|paragraph|para\."
    r"|page|p\.|pp\.|vol\.|volume|annex|item|phase|level|step|part|law|decree|act|code|route"
    r"|highway|flight|room|box|edition|issue|version|grade|class|category|tier|stage|usd|eur"
    r"|us\$|aged|ages|age\s+of|as\s+young\s+as|as\s+old\s+as|covid"
    r"|aged\s+(?:between|from)(?:\s+\d+\s+(?:and|to))?)\s*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^(?:\s*-\s*[A-Za-z]|\s*(?:%|percent\b|per\s+cent\b|years?\b|months?\b|weeks?\b|days?\b"
    r"|hours?\b|minutes?\b|seconds?\b|decades?\b|centuries\b|times\b|am\b|pm\b|a\.m\.|p\.m\."
    r"|kg\b|km\b|miles?\b|tons?\b|tonnes?\b|kilo(?:gram)?s?\b|grams?\b|metres?\b|meters?\b"
    r"|dollars?\b|euros?\b|pounds?\b|usd\b|eur\b|-?year-old))",
    re.IGNORECASE,
)
_SUBSET_BEFORE = re.compile(
    r"\b(?:including|among\s+them|of\s+whom|of\s+which|among\s+whom)\s+$", re.IGNORECASE
)
_NOT_TAKING_PART = re.compile(
    r"\b(?:member|neighbou?ring|other|partner|origin|source|transit|destination)\b", re.IGNORECASE
)
"""INTERPOL's "196 member countries", "five neighbouring countries": not those that took part."""
_CUE_NOUNS = frozenset("arrests rescues detention apprehension liberation".split())
_GLOBAL_STATISTIC = re.compile(
    r"\b(?:worldwide|globally|around\s+the\s+world|in\s+the\s+world)\b", re.I
)
_ACTION_WORDS = re.compile(r"\b(?:operation|raids?|sweep|crackdown|action|result)\b", re.I)
"""Near "worldwide" after a number, these make it the operation's reach, not a statistic."""
_COUNTED_THEN_CHECKED = re.compile(
    r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:were\s+|had\s+been\s+)?(?P<verb>inspected|checked)\b"
)
_NOT_A_NOUN = frozenset(
    """more others other further additional alleged suspected potential possible presumed
    likely new young foreign local were was are is have has had been being""".split()
)
_OF_WHOM = re.compile(r"\s+of\s+(?:whom|them|which)\b", re.IGNORECASE)
_SUBSET_LEAD = re.compile(
    r"(?:^|[.!?]\s+|\n)\s*(?:of|among)\s+(?:the|these|those|them)\b[^.;:!?\n]*,[^.;:!?\n]*$",
    re.IGNORECASE,
)
"""A sentence opening "Of the 87 victims rescued, ..." or "Among those arrested, ...": the
numbers after it are parts (kept only when they count the charged)."""
_SUBSET_LEAD_REACH = 160
_CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor['’]?s\s+note)\s*:|\b(?:an\s+)?earlier\s+version"
    r"\s+of\s+this\s+(?:article|story|report)|\bmisstated\b",
    re.IGNORECASE,
)
"""A correction note quotes the wrong number it retracts; none of its numbers is a claim."""
_NOT_A_COUNTRY_COUNT_BEFORE = re.compile(
    r"\b(?:(?:came|come|comes|coming|were|was|are|hail(?:ed|s)?|originat\w*)(?:\s+\w+){0,2}"
    r"|victims|people|nationals|migrants|survivors|women|men|children|workers)\s+from\s+$"
    r"|\bbetween\s+(?:the\s+)?$",
    re.IGNORECASE,
)
""""came from 20 countries" counts origins; "between the two countries" refers back."""
_PAIR_BEFORE = re.compile(r"\b(?:the|these|those|both)\s+$", re.IGNORECASE)
""""the two countries" refers back to a pair; "authorities in the eight countries" to a list
of those that took part, which is their count."""
_AGE_LIMIT_BEFORE = re.compile(r"\b(?:under|below|over|above)\s+(?:the\s+age\s+of\s+)?$", re.I)
_AGE_LIMITS = range(10, 22)
_RANGE_AFTER = re.compile(r"^\s*[-–—/:]\s*\d")
_MONTH = rf"\b{MONTH_PATTERN}(?![A-Za-z])"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_SEPARATOR = r"\s*(?:-|–|—|to|and|until|through)\s*"
_MONTH_BEFORE = re.compile(rf"{_MONTH}\s*$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}")
_MASKS = (
    re.compile(
        rf"{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?(?:{_DAY_SEPARATOR}(?:{_MONTH}\s+)?{_DAY}\b)?"
        rf"(?:,?\s+\d{{4}})?"
    ),
    re.compile(rf"\b{_DAY}(?:{_DAY_SEPARATOR}{_DAY})?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"),
    re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", re.IGNORECASE),
    re.compile(r"(?<!\w)\+\d[\d\s().-]{6,}\d"),
    re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}-\d{4}\b"),
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_MAX_PHRASE_WORDS = 4
_VERB_REACH_WORDS = 6
_YEAR_RANGE = range(1900, 2100)
_YEAR_LIKE_COUNT_NOUNS = frozenset(
    "victims people persons migrants officers suspects arrests individuals".split()
)

VICTIMS, ARRESTS, COUNTRIES, OFFICERS = (
    "victims_rescued",
    "arrests",
    "countries_involved",
    "officers_involved",
)
MIGRANTS, CHARGED, INVESTIGATIONS = "migrants_identified", "charged", "investigations_opened"
FLIGHTS, CHECKS, GROUPS, INSPECTIONS = (
    "flights_monitored",
    "checks_conducted",
    "groups_dismantled",
    "inspections",
)
_PERSON, _SUSPECT = "person", "suspect"

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "curated" / "figure_cues.tsv"
_CUE_KINDS = ("noun", "verb", "modifier", "charge", "harm", "breakdown", "smuggled", "not_place")


@dataclass(frozen=True)
class _Cues:
    """The reviewed word lists of ``figure_cues.tsv``."""

    nouns: dict[str, str]
    verbs: dict[str, str]
    modifiers: re.Pattern[str]
    charges: re.Pattern[str]
    harms: re.Pattern[str]
    breakdowns: frozenset[str]
    smuggled: re.Pattern[str]
    not_places: frozenset[str]


def load_cues(path: Path = CUES_PATH) -> _Cues:
    """Read the cue table; a malformed row fails loudly with its line number."""
    words: dict[str, dict[str, str]] = {kind: {} for kind in _CUE_KINDS}
    phrases: dict[str, list[str]] = {kind: [] for kind in _CUE_KINDS}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in _CUE_KINDS or not fields[2].strip():
            raise ValueError(
                f"{path.name}:{number}: expected 'KIND<TAB>CLASS<TAB>WORDS' with KIND one"
                f" of {list(_CUE_KINDS)}, got {line!r}"
            )
        kind, value, listed = fields
        words[kind].update(dict.fromkeys(listed.lower().split(), value))
        phrases[kind].append(listed.strip().lower())

    def any_phrase(kind: str) -> str:
        ordered = sorted(phrases[kind], key=len, reverse=True)
        return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)

    return _Cues(
        nouns=words["noun"],
        verbs=words["verb"],
        modifiers=re.compile(rf"^\s+(?:{any_phrase('modifier')})\b", re.I),
        charges=re.compile(rf"\s(?:{any_phrase('charge')})\b(?!\s+or\s+other)", re.I),
        harms=re.compile(rf"\b(?:{'|'.join(words['harm'])})\s+of\s+$", re.I),
        breakdowns=frozenset(words["breakdown"]),
        smuggled=re.compile(rf"\s+of\s+(?:{any_phrase('smuggled')})\b", re.I),
        not_places=frozenset(words["not_place"]),
    )


_CUES = load_cues()
_HEAD_NOUNS = _CUES.nouns
_VERB_CUES = _CUES.verbs
_GOVERNOR = re.compile(
    r"\b(?:(?P<noun>arrests?|apprehension|detention|rescue|release|liberation|freeing)\s+of"
    r"|(?P<checks>checks?|screenings?)\s+(?:on|of))\s+"
    r"(?:(?:the|a\s+total\s+of|an?|about|some|nearly|almost|more\s+than|over|at\s+least"
    r"|approximately|around|roughly|an\s+estimated|up\s+to|close\s+to)\s+)*$",
    re.IGNORECASE,
)
_PREDICATE = re.compile(
    r"^(?:\s*,\s*(?=(?:who|that|which)\b)|\s*)(?:(?:of\s+(?:whom|them|which)|who|that|which|were"
    r"|was|are|is|have|has|had"
    r"|been|being|be|later|also"
    r"|subsequently|reportedly|all|since|then|now|allegedly|successfully|so\s+far)\s+)*"
    r"(?P<cue>[A-Za-z]+)",
    re.IGNORECASE,
)
_SINGULAR_VERB = re.compile(r"\b(?:has|was|is)\b", re.IGNORECASE)
_FINITE_VERB = re.compile(r"\b(?:have|has|had|were|was|are|is)\b", re.IGNORECASE)
_MODIFIER_REACH = 240
_STOP_WORDS = frozenset(
    """of in at on from to for with by who which that were was are is have has had been be and
    or but across including during after before as while since whose whom than into under over
    per so the a an its their this these those""".split()
)
_TABLE_ROW = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z’' &/()-]{1,60}?)\s*[:|–-]?\s+(?P<number>\d[\d,]*)"
    r"(?P<plus>\+)?\s*$"
)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TOTAL_LABEL = re.compile(
    r"^(?:total|totals|overall|grand\s+total|all\s+countries|in\s+all)$", re.I
)
_CELL_NUMBER = re.compile(r"(?P<number>\d[\d,]*)(?P<plus>\+)?")
_AND_CHARGED = re.compile(
    r"^[^.;:]*?\b(?:arrested|detained|apprehended)\s+and\s+(?:later\s+|subsequently\s+)?"
    r"(?:charged|indicted|prosecuted)\b",
    re.IGNORECASE,
)
_CHARGE_REACH = 60
_TAIL_END = re.compile(r"[,\d]")
"""An arrest's charge follows it in its own words, before a comma or another number."""
_UNNAMED_PEOPLE = re.compile(r"(?:[ \t]+[a-z][\w-]*){1,3}?(?=[ \t]+(?:have|had|were|are)\b)")
_LIST_ITEM = re.compile(
    r"(?:[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+)"
    r"(?P<item>(?!(?:and|or)\b)[a-z][\w-]*(?:[ \t]+(?!(?:and|or)\b)[a-z][\w-]*){0,2})"
)
_MAX_LIST_ITEMS = 4
_IN_PLACE = re.compile(
    r"\bin\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", re.UNICODE
)
_PLACE_REACH = 80
_JOINED = re.compile(r"\sand\s+$")
_BREAKDOWN_PAIR = re.compile(r"^\s+(?P<noun>[A-Za-z]+)(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
_CLAUSE_BREAK = re.compile(r"[;:()]|\s[–—]\s")


@dataclass(frozen=True)
class _Amount:
    """A number (or vague amount) found in the text, before its metric is known."""

    start: int
    end: int
    value: int | None
    qualifier: str
    subset: bool = False


def find_figures(text: str) -> list[Figure]:
    """Every figure in the article's reporting, in text order, with ``operation`` None."""
    figures: list[Figure] = []
    table_lines: list[Span] = []
    for line in content_lines(text):
        row = _table_row_figure(text, line)
        if row:
            figures.append(row)
            table_lines.append(line)
    for block in _pipe_tables(text):
        figures.extend(_pipe_table_totals(text, block))
        table_lines.extend(block)
    masked = _masked_spans(text)
    table = _Intervals([(line.start, line.end) for line in table_lines])
    for sentence in sentences(text):
        if table.overlaps(sentence.start, sentence.start + 1):
            continue
        if _CORRECTION.search(sentence.of(text)):
            continue
        figures.extend(_sentence_figures(text, sentence, masked))
    return sorted(figures, key=lambda figure: (figure.start, figure.end))


def _table_row_figure(text: str, line: Span) -> Figure | None:
    """A statistics-table row such as "Victims Rescued 40+"."""
    row = _TABLE_ROW.match(line.of(text))
    if not row:
        return None
    label = row.group("label")
    metric = _metric_of_label(label)
    value = _digits_value(row.group("number"))
    if metric is None or value is None:
        return None
    start = line.start + row.start("label")
    end = line.start + (row.end("plus") if row.group("plus") else row.end("number"))
    qualifier = "at_least" if row.group("plus") else "exact"
    return Figure(
        None, metric, value, qualifier, text[start:end], start, end, rule="figure.table-row"
    )


def _pipe_tables(text: str) -> list[list[Span]]:
    """Runs of consecutive lines written as a Markdown table ("| Country | Victims |")."""
    blocks: list[list[Span]] = []
    for line in lines(text):
        if _PIPE_ROW.match(line.of(text)):
            if blocks and text[blocks[-1][-1].end : line.start].count("\n") <= 1:
                blocks[-1].append(line)
            else:
                blocks.append([line])
    return [block for block in blocks if len(block) >= 2]


def _pipe_table_totals(text: str, block: list[Span]) -> list[Figure]:
    """The figures of a table's total row, one per column whose heading names a metric.

    The other rows are one country's (or one place's) share, never the operation's figure.
    """
    metrics = [_metric_of_label(cell.strip(" *_")) for cell, _ in _cells(text, block[0])]
    figures = []
    for row in block[1:]:
        cells = _cells(text, row)
        if not cells or not _TOTAL_LABEL.match(cells[0][0].strip(" *_")):
            continue
        for (cell, start), metric in zip(cells[1:], metrics[1:], strict=False):
            number = _CELL_NUMBER.search(cell)
            value = _digits_value(number.group("number")) if number else None
            if metric is None or value is None:
                continue
            begin, end = start + number.start("number"), start + number.end()
            qualifier = "at_least" if number.group("plus") else "exact"
            figures.append(
                Figure(
                    None, metric, value, qualifier, text[begin:end], begin, end,
                    rule="figure.table-total",
                )  # fmt: skip
            )
    return figures


def _cells(text: str, line: Span) -> list[tuple[str, int]]:
    """A table row's cells with the offset where each starts, pipes left out."""
    row = line.of(text)
    cells, cursor = [], row.index("|") + 1
    for piece in row[cursor:].split("|")[:-1]:
        cells.append((piece, line.start + cursor))
        cursor += len(piece) + 1
    return cells


def _metric_of_label(label: str) -> str | None:
    words = [word.lower() for word in _WORD.findall(label)]
    heads = [_HEAD_NOUNS[word] for word in words if word in _HEAD_NOUNS]
    cues = [_VERB_CUES[word] for word in words if word in _VERB_CUES]
    if not words or len(words) > _MAX_PHRASE_WORDS:
        return None
    head = heads[-1] if heads else None
    if head in (_PERSON, _SUSPECT, None):
        return cues[0] if cues else None
    return head


def _sentence_figures(text: str, sentence: Span, masked: _Intervals) -> list[Figure]:
    every = _amounts_in(text, sentence, masked)
    parts = _parts(text, every, sentence.end)
    claims = [amount for amount in every if not amount.subset]
    figures = []
    for amounts, subsets in ((claims, False), (every, True)):
        for index, amount in enumerate(amounts):
            if amount.start in parts or amount.subset != subsets:
                continue
            left_bound = amounts[index - 1].end if index else sentence.start
            right_bound = amounts[index + 1].start if index + 1 < len(amounts) else sentence.end
            found = _classify(text, amount, _clause_start(text, left_bound, amount.start),
                              _clause_end(text, amount.end, right_bound))  # fmt: skip
            figures.extend(f for f in found if not subsets or f.metric == CHARGED)
    return figures


def _parts(text: str, amounts: list[_Amount], sentence_end: int) -> set[int]:
    """Where the amounts that are parts of an unwritten total start.

    "128 women and two men rescued" splits people by sex or age; "seven suspects in Spain
    and four in Romania" and "38 arrested in Ethiopia, 15 in Uganda" split them by place
    (two places or more). A number heading its parts ("12 arrests, eight in France and
    four in Spain") is the total, and stays.
    """
    parts: set[int] = set()
    places: dict[int, str] = {}
    for index in reversed(range(len(amounts))):
        amount = amounts[index]
        following = amounts[index + 1] if index + 1 < len(amounts) else None
        segment = text[amount.end : following.start if following else sentence_end]
        place = _place_in(segment[:_PLACE_REACH])
        if place is None and following and following.start in places:
            place = places[following.start] if _JOINED.search(segment) else None
        if place:
            places[amount.start] = place
        if following and _is_breakdown_pair(text, amount, following, segment):
            parts.update((amount.start, following.start))
    if len(set(places.values())) >= 2:
        parts.update(places)
    return parts


def _place_in(segment: str) -> str | None:
    """The place an amount's own words put it in ("six arrests in Serbia")."""
    for found in _IN_PLACE.finditer(segment):
        if ";" in segment[: found.start()]:
            return None
        if found.group("place").split()[0].lower() not in _CUES.not_places:
            return found.group("place")
    return None


def _is_breakdown_pair(text: str, amount: _Amount, following: _Amount, segment: str) -> bool:
    first = _BREAKDOWN_PAIR.match(segment)
    second = _WORD.match(text, following.end + 1)
    return bool(
        first
        and first.group("noun").lower() in _CUES.breakdowns
        and second
        and text[following.end : second.start()].isspace()
        and second.group(0).lower() in _CUES.breakdowns
    )


def _clause_start(text: str, bound: int, position: int) -> int:
    breaks = list(_CLAUSE_BREAK.finditer(text, bound, position))
    return breaks[-1].end() if breaks else bound


def _clause_end(text: str, position: int, bound: int) -> int:
    found = _CLAUSE_BREAK.search(text, position, bound)
    return found.start() if found else bound


def _amounts_in(text: str, sentence: Span, masked: _Intervals) -> list[_Amount]:
    taken = _Intervals([])
    candidates = []
    for pattern in (_VAGUE, _DIGITS, _WORDS):
        for match in pattern.finditer(text, sentence.start, sentence.end):
            if masked.overlaps(match.start(), match.end()):
                continue
            if taken.overlaps(match.start(), match.end()):
                continue
            amount = _amount_from(text, match)
            if amount:
                candidates.append(amount)
                taken.add(match.start(), match.end())
    return sorted(candidates, key=lambda amount: amount.start)


def _amount_from(text: str, match: re.Match) -> _Amount | None:
    groups = match.groupdict()
    if groups.get("vague"):
        return _Amount(match.start(), match.end(), None, "approx")
    if _is_not_a_count(text, match):
        return None
    value = _words_value(groups["words"]) if groups.get("words") else _match_value(groups)
    if value is None:
        return None
    before = text[max(0, match.start() - 40) : match.start()]
    qualifier, start = "exact", match.start()
    for name, pattern in (("at_least", _AT_LEAST), ("approx", _APPROX)):
        found = pattern.search(before)
        if found:
            qualifier, start = name, match.start() - (len(before) - found.start())
            break
    end = match.end()
    or_more = _OR_MORE.match(text, end)
    if or_more:
        end = or_more.end()
    if groups.get("plus") or or_more:
        qualifier = "at_least"
    return _Amount(start, end, value, qualifier, _is_subset(text, match))


def _is_not_a_count(text: str, match: re.Match) -> bool:
    """Dates, durations, ages, money, references and ranges are not counts."""
    before = text[max(0, match.start() - 30) : match.start()]
    after = text[match.end() : match.end() + 30]
    if _REFERENCE_WORD.search(before) or _MONTH_BEFORE.search(before):
        return True
    if _AGE_LIMIT_BEFORE.search(before) and _match_int(match) in _AGE_LIMITS:
        return True
    if _UNIT_AFTER.match(after) or _RANGE_AFTER.match(after) or _MONTH_AFTER.match(after):
        return True
    if re.match(r"^\s+of\b", after, re.IGNORECASE) and not _OF_WHOM.match(after):
        return True
    digits = match.groupdict().get("digits")
    if digits and digits.isdigit() and len(digits) == 4 and int(digits) in _YEAR_RANGE:
        return _first_word(after) not in _YEAR_LIKE_COUNT_NOUNS
    return bool(match.groupdict().get("fraction") and not match.groupdict().get("multiplier"))


def _is_subset(text: str, match: re.Match) -> bool:
    """A part of a figure already given ("400 victims, including 85 children").

    It is not a second claim for the same metric, but a part that was charged ("850 of
    whom were charged") is the operation's only `charged` figure.
    """
    before = text[max(0, match.start() - 30) : match.start()]
    if _SUBSET_BEFORE.search(before) or _OF_WHOM.match(text, match.end()):
        return True
    return bool(
        _SUBSET_LEAD.search(text[max(0, match.start() - _SUBSET_LEAD_REACH) : match.start()])
    )


def _match_int(match: re.Match) -> int | None:
    digits = match.groupdict().get("digits")
    return int(digits) if digits and digits.isdigit() else None


def _first_word(after: str) -> str:
    found = _WORD.match(after.lstrip())
    return found.group(0).lower() if found else ""


def _match_value(groups: dict) -> int | None:
    number = float(re.sub(r"[,\s]", "", groups["digits"]) + (groups.get("fraction") or ""))
    multiplier = _MULTIPLIERS.get((groups.get("multiplier") or "").lower(), 1)
    value = number * multiplier
    return int(value) if value == int(value) else None


def _digits_value(digits: str) -> int | None:
    cleaned = re.sub(r"[,\s]", "", digits)
    return int(cleaned) if cleaned.isdigit() else None


def _words_value(words: str) -> int | None:
    """The value of a number written in words: "Twenty-two", "two hundred", "a dozen"."""
    total, current = 0, 0
    for word in re.split(r"[-\s]+", words.lower()):
        if word in _UNITS:
            current += _UNITS.index(word) + 1
        elif word in _TENS:
            current += (_TENS.index(word) + 2) * 10
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _MULTIPLIERS:
            total += (current or 1) * _MULTIPLIERS[word]
            current = 0
    return total + current or None


def _classify(text: str, amount: _Amount, clause_start: int, clause_end: int) -> list[Figure]:
    """The figures an amount makes (none when nothing says what it counts).

    People "arrested and charged" make two figures; arrests "on charges of smuggling"
    or "for human trafficking" are `charged`, and so is a bare "63 for smuggling".
    """
    head_class, phrase_end = _head_of_phrase(text, amount.end, clause_end)
    checked = _COUNTED_THEN_CHECKED.match(text, amount.end, clause_end)
    if head_class is None and checked and amount.value is not None:
        metric = INSPECTIONS if checked.group("verb") == "inspected" else CHECKS
        return [_figure(text, amount, metric, checked.end(), "figure.counted-then-checked")]
    if head_class is None and _is_bare_charge(text, amount, clause_end):
        return [_figure(text, amount, CHARGED, amount.end, "figure.bare-charge")]
    checks = _GOVERNOR.search(text[clause_start : amount.start])
    if head_class is None and checks and checks.group("checks") and amount.value is not None:
        counted = _WORD.match(text, amount.end + 1, clause_end)
        end = counted.end() if counted else amount.end
        return [_figure(text, amount, CHECKS, end, "figure.checks-on")]
    if head_class is None:
        head_class, phrase_end = _arrested_unknowns(text, amount, clause_end)
    if _is_not_a_claim(text, amount, head_class, phrase_end, clause_start, clause_end):
        return []
    metric, rule = _metric(text, amount, head_class, phrase_end, clause_start, clause_end)
    if metric is None:
        return []
    if head_class == VICTIMS and _CUES.smuggled.match(text, phrase_end, clause_end):
        metric, rule = MIGRANTS, "figure.victims-of-smuggling"
    end = phrase_end if head_class else amount.end
    if head_class is None:
        adjacent = re.match(r"\s+([A-Za-z]+)", text[amount.end : clause_end])
        if adjacent and adjacent.group(1).lower() in _VERB_CUES:
            end = amount.end + adjacent.end()
    if metric != ARRESTS:
        return [_figure(text, amount, metric, end, rule)]
    tail = _TAIL_END.split(text[phrase_end : min(clause_end, phrase_end + _CHARGE_REACH)])[0]
    if _AND_CHARGED.match(tail):
        rule = "figure.arrested-and-charged"
        return [_figure(text, amount, metric, end, rule) for metric in (ARRESTS, CHARGED)]
    if _CUES.charges.search(tail):
        return [_figure(text, amount, CHARGED, end, "figure.arrested-on-charges")]
    return [_figure(text, amount, ARRESTS, end, rule)]


def _arrested_unknowns(text: str, amount: _Amount, clause_end: int) -> tuple[str | None, int]:
    """People named by a noun not in the cue table, when their verb is an arrest.

    "15 suspected ringleaders have been arrested": things are never arrested or charged.
    """
    nouns = _UNNAMED_PEOPLE.match(text, amount.end, clause_end)
    if not nouns or amount.value is None:
        return None, amount.end
    if _predicate_metric(text[nouns.end() : clause_end], amount.value) in (ARRESTS, CHARGED):
        return _SUSPECT, nouns.end()
    return None, amount.end


def _is_bare_charge(text: str, amount: _Amount, clause_end: int) -> bool:
    """A number followed by its charge alone: "88 for trafficking and 63 for smuggling"."""
    if amount.value is None or _first_word(text[amount.end : clause_end]) in _VERB_CUES:
        return False
    return bool(_CUES.charges.match(text, amount.end, clause_end))


def _figure(text: str, amount: _Amount, metric: str, end: int, rule: str) -> Figure:
    return Figure(
        None,
        metric,
        amount.value,
        amount.qualifier,
        text[amount.start : end],
        amount.start,
        end,
        rule=rule,
    )


def _is_not_a_claim(
    text: str,
    amount: _Amount,
    head_class: str | None,
    phrase_end: int,
    clause_start: int,
    clause_end: int,
) -> bool:
    """True for a number that is no claim about the operation.

    It counts something else, is a world statistic, counts the victims of a harm ("the
    exploitation of 27 victims"), counts countries that did not take part ("196 member
    countries", "came from 20 countries", "the two countries"), or is a single person.
    """
    if (
        head_class is None
        and _counts_something_else(text, amount.end, clause_end)
        and _left_verb_metric(text[clause_start : amount.start]) != INSPECTIONS
    ):
        return True
    if _CUES.harms.search(text[clause_start : amount.start]):
        return True
    statistic = _GLOBAL_STATISTIC.search(text, phrase_end, min(clause_end, phrase_end + 30))
    if statistic and not _ACTION_WORDS.search(text, phrase_end, statistic.end() + 16):
        return True
    if head_class == COUNTRIES and (
        _NOT_TAKING_PART.search(text[amount.end : phrase_end])
        or _NOT_A_COUNTRY_COUNT_BEFORE.search(text[clause_start : amount.start])
        or (_PAIR_BEFORE.search(text[clause_start : amount.start]) and (amount.value or 0) < 3)
    ):
        return True
    return amount.value == 1


def _counts_something_else(text: str, position: int, limit: int) -> bool:
    """True for "rescued in two raids": the number counts a thing no metric is about.

    A capitalised word may be a demonym ("rescued 40 Bolivians"), so only a lower-case
    noun right after the number rules the number out.
    """
    word = _WORD.match(text, position + 1, limit) if text[position : position + 1] == " " else None
    if not word or not word.group(0).islower():
        return False
    lowered = word.group(0)
    return lowered not in _STOP_WORDS and lowered not in _VERB_CUES and lowered not in _NOT_A_NOUN


def _head_of_phrase(text: str, position: int, limit: int) -> tuple[str | None, int]:
    """The class of the noun the amount counts ("90 trafficking victims"), and its end."""
    head_class, head_end = None, position
    cursor = position
    for _ in range(_MAX_PHRASE_WORDS):
        gap = re.match(r"[ \t]+", text[cursor:limit])
        if not gap:
            break
        word = _WORD.match(text, cursor + gap.end(), limit)
        if not word or word.group(0).lower() in _STOP_WORDS:
            break
        if word.group(0).lower() in _HEAD_NOUNS:
            head_class, head_end = _HEAD_NOUNS[word.group(0).lower()], word.end()
        cursor = word.end()
    if head_class not in (None, _PERSON) and cursor == head_end:
        return _coordinated_head(text, head_class, head_end, limit)
    return head_class, head_end


def _coordinated_head(text: str, head_class: str, head_end: int, limit: int) -> tuple[str, int]:
    """The last head of a list of nouns of one kind that share one number.

    "1,000 human traffickers and migrant smugglers", "130,000 police, customs and border
    officers". Plain people ("350 men, women and children") keep their first noun as their head.
    """
    people = {_PERSON, _SUSPECT}
    cursor = head_end
    for _ in range(_MAX_LIST_ITEMS):
        item = _LIST_ITEM.match(text, cursor, limit)
        if not item:
            break
        words = list(_WORD.finditer(text, item.start("item"), item.end("item")))
        kept = list(itertools.takewhile(_may_be_in_a_noun_list, words))
        if not kept:
            break
        kind = _HEAD_NOUNS.get(kept[-1].group(0).lower())
        if kind is not None and not (kind == head_class or {kind, head_class} <= people):
            break
        cursor = kept[-1].end()
        if kind is not None:
            head_class = _SUSPECT if {kind, head_class} == people else kind
            head_end = cursor
        if len(kept) < len(words):
            break
    return head_class, head_end


def _may_be_in_a_noun_list(word: re.Match) -> bool:
    lowered = word.group(0).lower()
    return not (lowered in _STOP_WORDS or lowered in _VERB_CUES or lowered in _NOT_A_NOUN)


def _metric(
    text: str,
    amount: _Amount,
    head_class: str | None,
    phrase_end: int,
    clause_start: int,
    clause_end: int,
) -> tuple[str | None, str]:
    """The metric an amount counts and the id of the rule that says so."""
    if head_class not in (None, _PERSON, _SUSPECT):
        return head_class, "figure.counted-noun"
    governor = _GOVERNOR.search(text[clause_start : amount.start])
    found = [
        ("figure.governing-noun", _governing_noun_metric(governor) if governor else None),
        ("figure.predicate", lambda: _predicate_metric(text[phrase_end:clause_end], amount.value)),
        (
            "figure.modified-predicate",
            lambda: _modified_predicate_metric(text[phrase_end:clause_end], amount.value),
        ),
        ("figure.verb-before", lambda: _left_verb_metric(text[clause_start : amount.start])),
    ]
    verb, rule = None, ""
    for rule_id, metric in found:
        verb = metric() if callable(metric) else metric
        if verb:
            rule = rule_id
            break
    if head_class == _SUSPECT and verb == VICTIMS:
        return None, ""
    if head_class is None and amount.value is None:
        return None, ""
    return verb, rule


def _governing_noun_metric(governor: re.Match) -> str | None:
    if governor.group("checks"):
        return CHECKS
    noun = governor.group("noun").lower()
    if noun.startswith(("arrest", "apprehension", "detention")):
        return ARRESTS
    return VICTIMS


def _predicate_metric(after: str, value: int | None = None) -> str | None:
    """The metric of the verb the counted people are subject of ("... were arrested").

    A singular verb after a plural count has another subject: in "the exploitation of
    three minors has been arrested" it is the person the sentence began with.
    """
    predicate = _PREDICATE.match(after)
    if not predicate:
        return None
    if (value or 0) > 1 and _SINGULAR_VERB.search(predicate.group(0)):
        return None
    cue = predicate.group("cue").lower()
    if cue in ("victims", "victim", "survivors"):
        return VICTIMS
    if cue == "found" and re.match(r"\s*guilty", after[predicate.end() :], re.IGNORECASE):
        return None
    return _VERB_CUES.get(cue)


def _modified_predicate_metric(after: str, value: int | None) -> str | None:
    """The verb after a modifier of the counted people, which still governs them.

    "49 people suspected of human trafficking have been arrested", "270 people involved in
    smuggling were detained".
    """
    if not _CUES.modifiers.match(after):
        return None
    finite = _FINITE_VERB.search(after, 0, _MODIFIER_REACH)
    return _predicate_metric(after[finite.start() :], value) if finite else None


def _left_verb_metric(before: str) -> str | None:
    """The metric of the closest verb before the amount ("police rescued 90 people").

    Nouns such as "arrests" are not verbs here: in "900 arrests tell you nothing about
    the 27.6 million people" they say nothing of what the second number counts.
    """
    words = [word.lower() for word in _WORD.findall(before)][-_VERB_REACH_WORDS:]
    for word in reversed(words):
        if word in _VERB_CUES and word not in _CUE_NOUNS:
            return _VERB_CUES[word]
    return None


def _masked_spans(text: str) -> _Intervals:
    """Dates, URLs, phone numbers and page furniture: never searched for figures."""
    masked = [match.span() for pattern in _MASKS for match in pattern.finditer(text)]
    furniture = [(line.start, line.end) for line in lines(text) if is_boilerplate(line.of(text))]
    return _Intervals(masked + furniture)


class _Intervals:
    """Character ranges merged into disjoint sorted runs, for fast overlap tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def add(self, start: int, end: int) -> None:
        """Add a range that overlaps none already held."""
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a character with any range."""
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0 and self._ends[index] > start:
            return True
        following = index + 1
        return following < len(self._starts) and self._starts[following] < end
