"""Numbers an article claims for an operation: how many rescued, arrested, involved.

A figure is a number (digits, words, "1.5 million", "40+") or a vague amount
("hundreds of victims"), the noun phrase it counts, and a metric read from that noun or
from the verb that governs it in the same clause ("the arrest of 41 people", "41 people
were arrested", "police rescued 90 people"). Durations, dates, ages, legal article
numbers, money, phone numbers and page furniture are never figures.

Which words do what is reviewed data, ``data/curated/figure_cues.tsv``; this module holds
the grammar around them: number formats, dates, clauses, and the function words ("and",
"of", the auxiliaries) that join them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.doc import WORD, Doc
from ingest.model import METRICS, Figure
from ingest.reviewed import reviewed_rows
from ingest.source import MONTH_PATTERN
from ingest.text import Span, initials_lookahead

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
    rf"\b{initials_lookahead(('a', *_UNITS, *_TENS))}"
    rf"(?P<words>(?:a|{_SMALL_WORD})\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?"
    rf"{_SMALL_WORD})?|(?:a|{_SMALL_WORD})\s+dozen|{_SMALL_WORD})\b(?!-)",
    re.IGNORECASE,
)
_SUBSET_LEAD_WORDS = 26
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
    re.compile(r"\S+@\S+\.\w+"),
    re.compile(r"(?<!\w)\+\d[\d\s().-]{6,}\d"),
    re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}-\d{4}\b"),
)
_MAX_PHRASE_WORDS = 4
_VERB_REACH_WORDS = 6
_STATISTIC_REACH_WORDS = 5
_YEAR_RANGE = range(1900, 2100)
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
_LETTERS = r"[^\W\d_]+"
"""A word of letters, accented ones too ("arrêtées", "rescató")."""

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "curated" / "figure_cues.tsv"
_PHRASE_KINDS = (
    "governor_gap", "predicate_gap", "modifier", "charge", "smuggled", "vague", "at_least",
    "approx", "at_least_after", "reference", "age_range", "unit", "subset", "statistic",
    "correction_label", "correction", "total", "verdict", "subset_after", "subset_lead",
)  # fmt: skip
"""Kinds whose rows hold phrases, one or more separated by " | ", each matched whole."""
_WORD_KINDS = (
    "noun", "verb", "verb_as_noun", "governor", "checked_after", "harm", "breakdown",
    "not_place", "stop", "not_noun", "age_limit", "year_count", "action", "not_taking_part",
    "pair", "origin_verb", "origin_noun", "relation", "arrested_and", "charge_gap",
)  # fmt: skip
"""Kinds whose rows list single words, separated by spaces, any of which is a cue."""
_CUE_KINDS = _WORD_KINDS + _PHRASE_KINDS
_CLASSES = {
    "noun": (*METRICS, _PERSON, _SUSPECT),
    "verb": METRICS,
    "governor": METRICS,
    "checked_after": METRICS,
}
"""The kinds whose rows give a metric (or a kind of people); every other kind's class is "-"."""
_PHRASE_SEPARATOR = "|"
CUE_COLUMNS = ["id", "kind", "class", "words", "example", "counterexample"]


@dataclass(frozen=True)
class CueRow:
    """A row of ``figure_cues.tsv``; its header comment says what each column means."""

    id: str
    kind: str
    cls: str
    words: str
    example: str
    counterexample: str

    @property
    def entries(self) -> tuple[str, ...]:
        """The row's words (word kinds) or phrases (phrase kinds), lower case, spaced once."""
        if self.kind in _WORD_KINDS:
            return tuple(self.words.lower().split())
        phrases = self.words.lower().split(_PHRASE_SEPARATOR)
        return tuple(filter(None, (" ".join(phrase.split()) for phrase in phrases)))


@dataclass(frozen=True)
class Cues:
    """The reviewed word lists of ``figure_cues.tsv``, and the patterns built from them."""

    words: dict[str, dict[str, str]]
    """Kind to word to class, for the word kinds."""
    row_of: dict[tuple[str, str], str]
    """(kind, word or phrase) to the id of the row that lists it."""
    governor: re.Pattern[str]
    predicate: re.Pattern[str]
    modifiers: re.Pattern[str]
    charges: re.Pattern[str]
    harms: re.Pattern[str]
    smuggled: re.Pattern[str]
    checked: re.Pattern[str]
    vague: re.Pattern[str]
    at_least: re.Pattern[str]
    approx: re.Pattern[str]
    or_more: re.Pattern[str]
    reference: re.Pattern[str]
    units: re.Pattern[str]
    age_limit: re.Pattern[str]
    subset: re.Pattern[str]
    statistic: re.Pattern[str]
    actions: re.Pattern[str]
    not_taking_part: re.Pattern[str]
    pair: re.Pattern[str]
    subset_after: re.Pattern[str]
    subset_lead: re.Pattern[str]
    from_countries: re.Pattern[str]
    correction: re.Pattern[str]
    total: re.Pattern[str]
    verdict: re.Pattern[str]
    and_charged: re.Pattern[str]
    entries: dict[str, re.Pattern[str]]
    """Kind to a pattern finding each of its phrases, to tell which rows a run of them used."""

    @property
    def nouns(self) -> dict[str, str]:
        """Noun to its class: a metric, "person" or "suspect"."""
        return self.words["noun"]

    @property
    def verbs(self) -> dict[str, str]:
        """Verb to the metric it gives the people it governs."""
        return self.words["verb"]


def load_cue_rows(path: Path = CUES_PATH) -> tuple[CueRow, ...]:
    """The rows of the cue table; a malformed row fails loudly with its line number."""
    rows: list[CueRow] = []
    for number, line, fields in reviewed_rows(path, CUE_COLUMNS):
        if len(fields) != len(CUE_COLUMNS):
            raise ValueError(
                f"{path.name}:{number}: expected {len(CUE_COLUMNS)} tab-separated columns"
                f" {CUE_COLUMNS}, got {line!r}"
            )
        row = CueRow(*(field.strip() for field in fields))
        problem = _row_problem(row)
        if problem:
            raise ValueError(f"{path.name}:{number}: {problem}, got {line!r}")
        rows.append(row)
    ids = [row.id for row in rows]
    repeated = sorted({row_id for row_id in ids if ids.count(row_id) > 1})
    if repeated:
        raise ValueError(f"{path.name}: cue ids used twice: {', '.join(repeated)}")
    listed: dict[tuple[str, str], str] = {}
    for row in rows:
        for entry in row.entries:
            if (row.kind, entry) in listed:
                raise ValueError(
                    f"{path.name}: {entry!r} is in two {row.kind} rows,"
                    f" {listed[row.kind, entry]} and {row.id}; keep it in one"
                )
            listed[row.kind, entry] = row.id
    return tuple(rows)


def _row_problem(row: CueRow) -> str | None:
    if not _ROW_ID.fullmatch(row.id):
        return f"the id must be KIND.NAME in lower case, with KIND one of {list(_CUE_KINDS)}"
    if row.kind not in _CUE_KINDS:
        return f"kind must be one of {list(_CUE_KINDS)}"
    if row.id.split(".")[0] != row.kind:
        return f"the id must start with its kind, {row.kind!r}"
    if not row.entries:
        return "words is empty"
    classes = _CLASSES.get(row.kind, ("-",))
    if row.cls not in classes:
        return f"class of a {row.kind} row must be one of {list(classes)}"
    for column in ("example", "counterexample"):
        try:
            parse_expectation(getattr(row, column))
        except ValueError as problem:
            return f"{column}: {problem}"
    return None


_ROW_ID = re.compile(r"[a-z_]+\.[a-z0-9]+(?:[-_][a-z0-9]+)*")
_CLAIM = re.compile(
    r"(?P<no>no\s+)?(?P<metric>[a-z_]+)=(?P<value>\d+|\?)(?:\s+(?P<qualifier>[a-z_]+))?"
)
QUALIFIERS = ("exact", "approx", "at_least")


@dataclass(frozen=True)
class Claim:
    """What an example sentence must give: ``metric=value``, ``no metric=value`` or ``none``.

    A qualifier after the value (``victims_rescued=40 approx``) must be the figure's too.
    """

    text: str
    metric: str | None
    value: int | None = None
    present: bool = True
    qualifier: str | None = None

    def holds(self, found: set[tuple[str, int | None, str]]) -> bool:
        """True when the figures ``found`` (metric, value, qualifier) bear the claim out."""
        if self.metric is None:
            return not found
        seen = any(
            (metric, value) == (self.metric, self.value) and self.qualifier in (None, qualifier)
            for metric, value, qualifier in found
        )
        return seen == self.present


@dataclass(frozen=True)
class Expectation:
    """An example cell of the cue table: a sentence and what the extractor must make of it."""

    sentence: str
    claims: tuple[Claim, ...]


def parse_expectation(cell: str) -> Expectation:
    """Read "SENTENCE => CLAIM; CLAIM" (the table's header explains the claims)."""
    sentence, arrow, said = cell.partition("=>")
    if not arrow:
        raise ValueError(f"write 'SENTENCE => CLAIM; ...', with '=>' (got {cell!r})")
    if not sentence.strip():
        raise ValueError(f"no sentence before '=>' in {cell!r}")
    claims = []
    for text in filter(None, (part.strip() for part in said.split(";"))):
        if text == "none":
            claims.append(Claim(text, None))
            continue
        found = _CLAIM.fullmatch(text)
        if not found:
            raise ValueError(
                f"cannot read {text!r}: write METRIC=NUMBER, METRIC=NUMBER QUALIFIER,"
                " no METRIC=NUMBER or none"
            )
        if found.group("metric") not in METRICS:
            raise ValueError(f"{found.group('metric')!r} is not a metric; one of {list(METRICS)}")
        qualifier = found.group("qualifier")
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise ValueError(f"{qualifier!r} is not a qualifier; one of {list(QUALIFIERS)}")
        value = None if found.group("value") == "?" else int(found.group("value"))
        claims.append(Claim(text, found.group("metric"), value, not found.group("no"), qualifier))
    if not claims:
        raise ValueError(f"no claim after '=>' in {cell!r}")
    return Expectation(sentence.strip().replace("\\n", "\n"), tuple(claims))


def load_cues(path: Path = CUES_PATH) -> Cues:
    """Read the cue table; a malformed row fails loudly with its line number."""
    return cues_from_rows(load_cue_rows(path))


def cues_from_rows(rows: tuple[CueRow, ...]) -> Cues:
    """The word lists and patterns the extractor reads, built from the table's rows."""
    words: dict[str, dict[str, str]] = {kind: {} for kind in _WORD_KINDS}
    phrases: dict[str, list[str]] = {kind: [] for kind in _CUE_KINDS}
    row_of: dict[tuple[str, str], str] = {}
    for row in rows:
        for entry in row.entries:
            row_of[row.kind, entry] = row.id
            phrases[row.kind].append(entry)
            if row.kind in _WORD_KINDS:
                words[row.kind][entry] = row.cls

    def any_of(kind: str, entries: Iterable[str] | None = None, bounded: bool = False) -> str:
        ordered = sorted(phrases[kind] if entries is None else entries, key=len, reverse=True)
        return _one_of(
            r"\s+".join(map(re.escape, phrase.split())) + (r"\b" if bounded else "")
            for phrase in ordered
        )

    def compiled(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile(pattern, flags)

    def cue(kind: str, before: str = "", after: str = "", bounded: bool = False) -> re.Pattern[str]:
        """A kind's phrases as the group ``cue``, between the context ``before`` and ``after``."""
        return compiled(rf"{before}(?P<cue>{any_of(kind, bounded=bounded)}){after}")

    governors = words["governor"]
    takes_on = [word for word, metric in governors.items() if metric == CHECKS]
    takes_of = [word for word, metric in governors.items() if metric != CHECKS]
    gap = any_of("governor_gap")
    charge_verbs = [word for word, metric in words["verb"].items() if metric == CHARGED]
    units = any_of("unit", (p for p in phrases["unit"] if not p[-1].isalnum()))
    worded_units = any_of("unit", (p for p in phrases["unit"] if p[-1].isalnum()), bounded=True)
    return Cues(
        words=words,
        row_of=row_of,
        governor=compiled(
            rf"\b(?:(?P<noun>{any_of('governor', takes_of)})\s+of"
            rf"|(?P<checks>{any_of('governor', takes_on)})\s+(?:on|of))\s+"
            rf"(?P<gap>(?:(?:{gap})\s+)*)$"
        ),
        predicate=compiled(
            r"^(?:\s*,\s*(?=(?:who|that|which)\b)|\s*)"
            rf"(?P<gap>(?:(?:{any_of('predicate_gap')})\s+)*)(?P<cue>{_LETTERS})"
        ),
        modifiers=cue("modifier", r"^\s+", r"\b"),
        charges=cue("charge", r"\s", r"\b(?!\s+or\s+other)"),
        harms=cue("harm", r"\b", r"\s+of\s+$"),
        smuggled=cue("smuggled", r"\s+of\s+", r"\b"),
        checked=compiled(
            r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:were\s+|had\s+been\s+)?"
            rf"(?P<cue>{any_of('checked_after')})\b",
            0,
        ),
        vague=compiled(rf"\b(?P<vague>{any_of('vague')})(?:\s+of)?(?=[ \t]+[A-Za-z])"),
        at_least=cue("at_least", after=r"\s+$"),
        approx=cue("approx", after=r"\s+$"),
        or_more=cue("at_least_after", r"\s+", r"\b"),
        reference=compiled(
            rf"\b(?:(?P<cue>{any_of('reference')})"
            rf"|(?P<range>{any_of('age_range')})(?:\s+\d+\s+(?:and|to))?)\s*$"
        ),
        units=compiled(rf"^(?:\s*-\s*[A-Za-z]|\s*(?P<cue>{worded_units}|{units}))"),
        age_limit=cue("age_limit", r"\b", r"\s+(?:the\s+age\s+of\s+)?$"),
        subset=cue("subset", r"\b", r"\s+$"),
        statistic=cue("statistic", r"\b", r"\b"),
        actions=cue("action", r"\b", r"\b"),
        not_taking_part=cue("not_taking_part", r"\b", r"\b"),
        pair=cue("pair", r"\b", r"\s+$"),
        subset_after=cue("subset_after", r"\s+", bounded=True),
        subset_lead=cue(
            "subset_lead", r"(?:^|[.!?]\s+|\n)\s*", r"[^.;:!?\n]*,[^.;:!?\n]*$", bounded=True
        ),
        from_countries=compiled(
            rf"\b(?:(?P<verb>{any_of('origin_verb')})(?:\s+\w+){{0,2}}"
            rf"|(?P<noun>{any_of('origin_noun')}))\s+from\s+$"
            rf"|\b(?P<relation>{any_of('relation')})\s+(?:the\s+)?$"
        ),
        correction=compiled(
            rf"^\W*(?P<label>{any_of('correction_label')})\s*:"
            rf"|\b(?P<cue>{any_of('correction', bounded=True)})"
        ),
        total=cue("total", "^", "$"),
        verdict=cue("verdict", after=r"\b"),
        and_charged=compiled(
            rf"^[^.;:]*?\b(?P<cue>{any_of('arrested_and')})\s+and\s+"
            rf"(?:(?P<gap>{any_of('charge_gap')})\s+)?"
            rf"(?P<charge>{any_of('verb', charge_verbs)})\b"
        ),
        entries={
            kind: compiled(rf"(?<!\w)(?:{any_of(kind)})(?!\w)")
            for kind in ("governor_gap", "predicate_gap")
        },
    )


def _one_of(alternatives: Iterable[str]) -> str:
    """A regex alternation of ``alternatives``; with none, one that matches nothing."""
    return "|".join(alternatives) or "(?!)"


_CUES = load_cues()
_SINGULAR_VERB = re.compile(r"\b(?:has|was|is)\b", re.IGNORECASE)
_FINITE_VERB = re.compile(r"\b(?:have|has|had|were|was|are|is)\b", re.IGNORECASE)
_MODIFIER_REACH_WORDS = 40
_TABLE_ROW = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z’' &/()-]{1,60}?)\s*[:|–-]?\s+(?P<number>\d[\d,]*)"
    r"(?P<plus>\+)?\s*$"
)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_CELL_NUMBER = re.compile(r"(?P<number>\d[\d,]*)(?P<plus>\+)?")
_CHARGE_REACH_WORDS = 10
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
_PLACE_REACH_WORDS = 12
_JOINED = re.compile(r"\sand\s+$")
_BREAKDOWN_PAIR = re.compile(rf"^\s+(?P<noun>{_LETTERS})(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
_CLAUSE_BREAK = re.compile(r"[;:()]|\s[–—]\s")
_GAP = re.compile(r"[ \t]+")
_ADJACENT_WORD = re.compile(rf"\s+({_LETTERS})")
_FIRST_WORD = re.compile(rf"\s*({WORD.pattern})")


@dataclass(frozen=True)
class _Amount:
    """A number (or vague amount) found in the text, before its metric is known."""

    start: int
    end: int
    value: int | None
    qualifier: str
    subset: bool = False


def find_figures(
    article: Doc | str, cues: Cues | None = None, fired: set[str] | None = None
) -> list[Figure]:
    """Every figure in the article's reporting, in text order, with ``operation`` None.

    ``article`` is the article's ``Doc`` (or its text); each figure's surface is its span
    of the text as given. ``cues`` stands in for the reviewed table (``cues_from_rows``),
    so that a test can show what one row of it does. ``fired``, when given, receives the
    id of every cue row whose word or phrase the reading matched, whether the number
    became a figure or was ruled out by it.
    """
    doc = article if isinstance(article, Doc) else Doc.of(article)
    reader = _Reader(doc, cues or _CUES)
    figures = reader.figures()
    if fired is not None:
        fired.update(reader.fired)
    return figures


class _Reader:
    """One article read for figures, with the cue table in force."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        self.fired: set[str] = set()

    def _word(self, kind: str, word: str) -> str | None:
        """The class of ``word`` when a row of ``kind`` lists it ("-" for classless kinds)."""
        found = self.cues.words[kind].get(word)
        if found is not None:
            self.fired.add(self.cues.row_of[kind, word])
        return found

    def _noun(self, word: str) -> str | None:
        return self._word("noun", word.lower())

    def _verb(self, word: str) -> str | None:
        return self._word("verb", word.lower())

    def _seen(self, kind: str, match: re.Match[str] | None, group: str | int = "cue") -> bool:
        """True when ``match`` matched; its cue row, if it names one, is noted as fired."""
        if match is None:
            return False
        phrase = match.group(group)
        if phrase:
            row = self.cues.row_of.get((kind, " ".join(phrase.lower().split())))
            if row:
                self.fired.add(row)
        return True

    def _seen_each(self, kind: str, run: str) -> None:
        """Note the rows of every phrase of ``kind`` in ``run`` (a run of them) as fired."""
        for found in self.cues.entries[kind].finditer(run):
            self._seen(kind, found, 0)

    def figures(self) -> list[Figure]:
        text = self.text
        figures: list[Figure] = []
        table_lines: list[Span] = []
        for line in self.doc.content_lines:
            row = self._table_row_figure(line)
            if row:
                figures.append(row)
                table_lines.append(line)
        for block in self._pipe_tables():
            figures.extend(self._pipe_table_totals(block))
            table_lines.extend(block)
        masked = self._masked_spans()
        table = _Intervals([(line.start, line.end) for line in table_lines])
        for sentence in self.doc.sentences:
            if table.overlaps(sentence.start, sentence.start + 1):
                continue
            if self._is_correction(sentence.of(text)):
                continue
            figures.extend(self._sentence_figures(sentence, masked))
        raw = self.doc.raw
        return sorted(
            (replace(figure, surface=raw[figure.start : figure.end]) for figure in figures),
            key=lambda figure: (figure.start, figure.end),
        )

    def _table_row_figure(self, line: Span) -> Figure | None:
        """A statistics-table row such as "Victims Rescued 40+"."""
        text = self.text
        row = _TABLE_ROW.match(line.of(text))
        if not row:
            return None
        label = row.group("label")
        metric = self._metric_of_label(label)
        value = _digits_value(row.group("number"))
        if metric is None or value is None:
            return None
        start = line.start + row.start("label")
        end = line.start + (row.end("plus") if row.group("plus") else row.end("number"))
        qualifier = "at_least" if row.group("plus") else "exact"
        return Figure(
            None, metric, value, qualifier, text[start:end], start, end, rule="figure.table-row"
        )

    def _pipe_tables(self) -> list[list[Span]]:
        """Runs of consecutive lines written as a Markdown table ("| Country | Victims |")."""
        text = self.text
        blocks: list[list[Span]] = []
        for line in self.doc.filled_lines:
            if _PIPE_ROW.match(line.of(text)):
                if blocks and text[blocks[-1][-1].end : line.start].count("\n") <= 1:
                    blocks[-1].append(line)
                else:
                    blocks.append([line])
        return [block for block in blocks if len(block) >= 2]

    def _pipe_table_totals(self, block: list[Span]) -> list[Figure]:
        """The figures of a table's total row, one per column whose heading names a metric.

        The other rows are one country's (or one place's) share, never the operation's figure.
        """
        text = self.text
        metrics = [self._metric_of_label(cell.strip(" *_")) for cell, _ in _cells(text, block[0])]
        figures = []
        for row in block[1:]:
            cells = _cells(text, row)
            if not cells or not self._seen(
                "total", self.cues.total.match(cells[0][0].strip(" *_"))
            ):
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
                        None,
                        metric,
                        value,
                        qualifier,
                        text[begin:end],
                        begin,
                        end,
                        rule="figure.table-total",
                    )
                )
        return figures

    def _metric_of_label(self, label: str) -> str | None:
        words = [word.lower() for word in WORD.findall(label)]
        heads = [head for head in map(self._noun, words) if head is not None]
        cues = [verb for verb in map(self._verb, words) if verb is not None]
        if not words or len(words) > _MAX_PHRASE_WORDS:
            return None
        head = heads[-1] if heads else None
        if head in (_PERSON, _SUSPECT, None):
            return cues[0] if cues else None
        return head

    def _sentence_figures(self, sentence: Span, masked: _Intervals) -> list[Figure]:
        text = self.text
        every = self._amounts_in(sentence, masked)
        parts = self._parts(every, sentence.end)
        claims = [amount for amount in every if not amount.subset]
        figures = []
        for amounts, subsets in ((claims, False), (every, True)):
            for index, amount in enumerate(amounts):
                if amount.start in parts or amount.subset != subsets:
                    continue
                left_bound = amounts[index - 1].end if index else sentence.start
                right_bound = amounts[index + 1].start if index + 1 < len(amounts) else sentence.end
                found = self._classify(
                    amount,
                    _clause_start(text, left_bound, amount.start),
                    _clause_end(text, amount.end, right_bound),
                )
                figures.extend(f for f in found if not subsets or f.metric == CHARGED)
        return figures

    def _parts(self, amounts: list[_Amount], sentence_end: int) -> set[int]:
        """Where the amounts that are parts of an unwritten total start.

        "128 women and two men rescued" splits people by sex or age; "seven suspects in Spain
        and four in Romania" and "38 arrested in Ethiopia, 15 in Uganda" split them by place
        (two places or more). A number heading its parts ("12 arrests, eight in France and
        four in Spain") is the total, and stays.
        """
        text = self.text
        parts: set[int] = set()
        places: dict[int, str] = {}
        for index in reversed(range(len(amounts))):
            amount = amounts[index]
            following = amounts[index + 1] if index + 1 < len(amounts) else None
            segment = text[amount.end : following.start if following else sentence_end]
            reach = self.doc.end_after_words(amount.end, _PLACE_REACH_WORDS) - amount.end
            place = self._place_in(segment[:reach])
            if place is None and following and following.start in places:
                place = places[following.start] if _JOINED.search(segment) else None
            if place:
                places[amount.start] = place
            if following and self._is_breakdown_pair(amount, following, segment):
                parts.update((amount.start, following.start))
        if len(set(places.values())) >= 2:
            parts.update(places)
        return parts

    def _place_in(self, segment: str) -> str | None:
        """The place an amount's own words put it in ("six arrests in Serbia")."""
        for found in _IN_PLACE.finditer(segment):
            if ";" in segment[: found.start()]:
                return None
            if self._word("not_place", found.group("place").split()[0].lower()) is None:
                return found.group("place")
        return None

    def _is_breakdown_pair(self, amount: _Amount, following: _Amount, segment: str) -> bool:
        text = self.text
        first = _BREAKDOWN_PAIR.match(segment)
        second = WORD.match(text, following.end + 1)
        return bool(
            first
            and second
            and text[following.end : second.start()].isspace()
            and self._word("breakdown", first.group("noun").lower())
            and self._word("breakdown", second.group(0).lower())
        )

    def _amounts_in(self, sentence: Span, masked: _Intervals) -> list[_Amount]:
        taken = _Intervals([])
        candidates = []
        for pattern in (self.cues.vague, _DIGITS, _WORDS):
            for match in pattern.finditer(self.text, sentence.start, sentence.end):
                if masked.overlaps(match.start(), match.end()):
                    continue
                if taken.overlaps(match.start(), match.end()):
                    continue
                amount = self._amount_from(match)
                if amount:
                    candidates.append(amount)
                    taken.add(match.start(), match.end())
        return sorted(candidates, key=lambda amount: amount.start)

    def _amount_from(self, match: re.Match) -> _Amount | None:
        text = self.text
        groups = match.groupdict()
        if groups.get("vague"):
            self._seen("vague", match, "vague")
            return _Amount(match.start(), match.end(), None, "approx")
        if self._is_not_a_count(match):
            return None
        value = _words_value(groups["words"]) if groups.get("words") else _match_value(groups)
        if value is None:
            return None
        before = text[max(0, match.start() - 40) : match.start()]
        qualifier, start = "exact", match.start()
        for name in ("at_least", "approx"):
            found = getattr(self.cues, name).search(before)
            if self._seen(name, found):
                qualifier, start = name, match.start() - (len(before) - found.start())
                break
        end = match.end()
        or_more = self.cues.or_more.match(text, end)
        if self._seen("at_least_after", or_more):
            end = or_more.end()
        if groups.get("plus") or or_more:
            qualifier = "at_least"
        return _Amount(start, end, value, qualifier, self._is_subset(match))

    def _is_subset(self, match: re.Match) -> bool:
        """A part of a figure already given ("400 victims, including 85 children").

        It is not a second claim for the same metric, but a part that was charged ("850 of
        whom were charged") is the operation's only `charged` figure.
        """
        text = self.text
        before = text[max(0, match.start() - 30) : match.start()]
        if self._seen("subset", self.cues.subset.search(before)):
            return True
        if self._seen("subset_after", self.cues.subset_after.match(text, match.end())):
            return True
        lead = self.doc.start_before_words(match.start(), _SUBSET_LEAD_WORDS)
        return self._seen("subset_lead", self.cues.subset_lead.search(text[lead : match.start()]))

    def _classify(self, amount: _Amount, clause_start: int, clause_end: int) -> list[Figure]:
        """The figures an amount makes (none when nothing says what it counts).

        People "arrested and charged" make two figures; arrests "on charges of smuggling"
        or "for human trafficking" are `charged`, and so is a bare "63 for smuggling".
        """
        text = self.text
        head_class, phrase_end = self._head_of_phrase(amount.end, clause_end)
        checked = self.cues.checked.match(text, amount.end, clause_end)
        if head_class is None and checked and amount.value is not None:
            metric = self._word("checked_after", checked.group("cue")) or CHECKS
            return [self._figure(amount, metric, checked.end(), "figure.counted-then-checked")]
        if head_class is None and self._is_bare_charge(amount, clause_end):
            return [self._figure(amount, CHARGED, amount.end, "figure.bare-charge")]
        checks = self.cues.governor.search(text[clause_start : amount.start])
        if head_class is None and checks and checks.group("checks") and amount.value is not None:
            self._governed_by(checks)
            counted = WORD.match(text, amount.end + 1, clause_end)
            end = counted.end() if counted else amount.end
            return [self._figure(amount, CHECKS, end, "figure.checks-on")]
        if head_class is None:
            head_class, phrase_end = self._arrested_unknowns(amount, clause_end)
        if self._is_not_a_claim(amount, head_class, phrase_end, clause_start, clause_end):
            return []
        metric, rule = self._metric(amount, head_class, phrase_end, clause_start, clause_end)
        if metric is None:
            return []
        smuggled = self.cues.smuggled.match(text, phrase_end, clause_end)
        if head_class == VICTIMS and self._seen("smuggled", smuggled):
            metric, rule = MIGRANTS, "figure.victims-of-smuggling"
        end = phrase_end if head_class else amount.end
        if head_class is None:
            adjacent = _ADJACENT_WORD.match(text, amount.end, clause_end)
            if adjacent and self._verb(adjacent.group(1)):
                end = adjacent.end()
        if metric != ARRESTS:
            return [self._figure(amount, metric, end, rule)]
        reach = min(clause_end, self.doc.end_after_words(phrase_end, _CHARGE_REACH_WORDS))
        tail = _TAIL_END.split(text[phrase_end:reach])[0]
        and_charged = self.cues.and_charged.match(tail)
        if self._seen("arrested_and", and_charged):
            self._seen("charge_gap", and_charged, "gap")
            self._seen("verb", and_charged, "charge")
            rule = "figure.arrested-and-charged"
            return [self._figure(amount, metric, end, rule) for metric in (ARRESTS, CHARGED)]
        if self._seen("charge", self.cues.charges.search(tail)):
            return [self._figure(amount, CHARGED, end, "figure.arrested-on-charges")]
        return [self._figure(amount, ARRESTS, end, rule)]

    def _arrested_unknowns(self, amount: _Amount, clause_end: int) -> tuple[str | None, int]:
        """People named by a noun not in the cue table, when their verb is an arrest.

        "15 suspected ringleaders have been arrested": things are never arrested or charged.
        """
        text = self.text
        nouns = _UNNAMED_PEOPLE.match(text, amount.end, clause_end)
        if not nouns or amount.value is None:
            return None, amount.end
        if self._predicate_metric(text[nouns.end() : clause_end], amount.value) in (
            ARRESTS,
            CHARGED,
        ):
            return _SUSPECT, nouns.end()
        return None, amount.end

    def _is_bare_charge(self, amount: _Amount, clause_end: int) -> bool:
        """A number followed by its charge alone: "88 for trafficking and 63 for smuggling"."""
        text = self.text
        first = _FIRST_WORD.match(text, amount.end, clause_end)
        if amount.value is None or (first and self._verb(first.group(1))):
            return False
        return self._seen("charge", self.cues.charges.match(text, amount.end, clause_end))

    def _figure(self, amount: _Amount, metric: str, end: int, rule: str) -> Figure:
        return Figure(
            None,
            metric,
            amount.value,
            amount.qualifier,
            self.text[amount.start : end],
            amount.start,
            end,
            rule=rule,
        )

    def _is_not_a_claim(
        self,
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
        text = self.text
        if (
            head_class is None
            and self._counts_something_else(amount.end, clause_end)
            and self._left_verb_metric(clause_start, amount.start) != INSPECTIONS
        ):
            return True
        if self._seen("harm", self.cues.harms.search(text[clause_start : amount.start])):
            return True
        reach = min(clause_end, self.doc.end_after_words(phrase_end, _STATISTIC_REACH_WORDS))
        statistic = self.cues.statistic.search(text, phrase_end, reach)
        if statistic and self._seen("statistic", statistic):
            action_reach = self.doc.end_after_words(statistic.end(), 2)
            action = self.cues.actions.search(text, phrase_end, action_reach)
            if not self._seen("action", action):
                return True
        before = text[clause_start : amount.start]
        not_taking_part = self.cues.not_taking_part.search(text[amount.end : phrase_end])
        if head_class == COUNTRIES and (
            self._seen("not_taking_part", not_taking_part)
            or self._came_from(before)
            or ((amount.value or 0) < 3 and self._seen("pair", self.cues.pair.search(before)))
        ):
            return True
        return amount.value == 1

    def _came_from(self, before: str) -> bool:
        """True for "came from 20 countries" (origins), "between the two countries"."""
        found = self.cues.from_countries.search(before)
        if found is None:
            return False
        for kind, group in (
            ("origin_verb", "verb"),
            ("origin_noun", "noun"),
            ("relation", "relation"),
        ):
            self._seen(kind, found, group)
        return True

    def _is_correction(self, sentence: str) -> bool:
        """A correction note quotes the wrong number it retracts; none of its numbers is a claim."""
        found = self.cues.correction.search(sentence)
        if found is None:
            return False
        self._seen("correction", found)
        self._seen("correction_label", found, "label")
        return True

    def _counts_something_else(self, position: int, limit: int) -> bool:
        """True for "rescued in two raids": the number counts a thing no metric is about.

        A capitalised word may be a demonym ("rescued 40 Bolivians"), so only a lower-case
        noun right after the number rules the number out.
        """
        text = self.text
        spaced = text[position : position + 1] == " "
        word = WORD.match(text, position + 1, limit) if spaced else None
        if not word or not word.group(0).islower():
            return False
        return self._may_be_in_a_noun_list(word)

    def _head_of_phrase(self, position: int, limit: int) -> tuple[str | None, int]:
        """The class of the noun the amount counts ("90 trafficking victims"), and its end."""
        text = self.text
        head_class, head_end = None, position
        cursor = position
        for _ in range(_MAX_PHRASE_WORDS):
            gap = _GAP.match(text, cursor, limit)
            if not gap:
                break
            word = WORD.match(text, gap.end(), limit)
            if not word or self._word("stop", word.group(0).lower()):
                break
            noun = self._noun(word.group(0))
            if noun is not None:
                head_class, head_end = noun, word.end()
            cursor = word.end()
        if head_class not in (None, _PERSON) and cursor == head_end:
            return self._coordinated_head(head_class, head_end, limit)
        return head_class, head_end

    def _coordinated_head(self, head_class: str, head_end: int, limit: int) -> tuple[str, int]:
        """The last head of a list of nouns of one kind that share one number.

        "1,000 human traffickers and migrant smugglers", "130,000 police, customs and border
        officers". Plain people ("350 men, women and children") keep their first noun as
        their head.
        """
        text = self.text
        people = {_PERSON, _SUSPECT}
        cursor = head_end
        for _ in range(_MAX_LIST_ITEMS):
            item = _LIST_ITEM.match(text, cursor, limit)
            if not item:
                break
            words = list(WORD.finditer(text, item.start("item"), item.end("item")))
            kept = list(itertools.takewhile(self._may_be_in_a_noun_list, words))
            if not kept:
                break
            kind = self._noun(kept[-1].group(0))
            if kind is not None and not (kind == head_class or {kind, head_class} <= people):
                break
            cursor = kept[-1].end()
            if kind is not None:
                head_class = _SUSPECT if {kind, head_class} == people else kind
                head_end = cursor
            if len(kept) < len(words):
                break
        return head_class, head_end

    def _may_be_in_a_noun_list(self, word: re.Match) -> bool:
        lowered = word.group(0).lower()
        return not (
            self._word("stop", lowered) or self._verb(lowered) or self._word("not_noun", lowered)
        )

    def _metric(
        self,
        amount: _Amount,
        head_class: str | None,
        phrase_end: int,
        clause_start: int,
        clause_end: int,
    ) -> tuple[str | None, str]:
        """The metric an amount counts and the id of the rule that says so."""
        text = self.text
        if head_class not in (None, _PERSON, _SUSPECT):
            return head_class, "figure.counted-noun"
        governor = self.cues.governor.search(text[clause_start : amount.start])
        after = text[phrase_end:clause_end]
        found = [
            ("figure.governing-noun", self._governed_by(governor) if governor else None),
            ("figure.predicate", lambda: self._predicate_metric(after, amount.value)),
            (
                "figure.modified-predicate",
                lambda: self._modified_predicate_metric(phrase_end, clause_end, amount.value),
            ),
            (
                "figure.verb-before",
                lambda: self._left_verb_metric(clause_start, amount.start),
            ),
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

    def _predicate_metric(self, after: str, value: int | None = None) -> str | None:
        """The metric of the verb the counted people are subject of ("... were arrested").

        A singular verb after a plural count has another subject: in "the exploitation of
        three minors has been arrested" it is the person the sentence began with.
        """
        predicate = self.cues.predicate.match(after)
        if not predicate:
            return None
        self._seen_each("predicate_gap", predicate.group("gap"))
        if (value or 0) > 1 and _SINGULAR_VERB.search(predicate.group(0)):
            return None
        cue = predicate.group("cue").lower()
        if self._noun(cue) == VICTIMS:
            return VICTIMS
        if self._seen("verdict", self.cues.verdict.match(after, predicate.start("cue"))):
            return None
        return self._verb(cue)

    def _modified_predicate_metric(self, start: int, end: int, value: int | None) -> str | None:
        """The verb after a modifier of the counted people, which still governs them.

        "49 people suspected of human trafficking have been arrested", "270 people involved
        in smuggling were detained".
        """
        after = self.text[start:end]
        if not self._seen("modifier", self.cues.modifiers.match(after)):
            return None
        reach = self.doc.end_after_words(start, _MODIFIER_REACH_WORDS) - start
        finite = _FINITE_VERB.search(after, 0, reach)
        return self._predicate_metric(after[finite.start() :], value) if finite else None

    def _left_verb_metric(self, start: int, end: int) -> str | None:
        """The metric of the closest verb before the amount ("police rescued 90 people").

        Nouns such as "arrests" are not verbs here: in "900 arrests tell you nothing about
        the 27.6 million people" they say nothing of what the second number counts.
        """
        words = self.doc.last_words(start, end, _VERB_REACH_WORDS)
        for word in reversed([self.text[token.start : token.end].lower() for token in words]):
            verb = self._verb(word)
            if verb is not None and not self._word("verb_as_noun", word):
                return verb
        return None

    def _governed_by(self, governor: re.Match[str]) -> str:
        """The metric of a governing noun ("the arrest of 41 people"); its rows fire."""
        self._seen_each("governor_gap", governor.group("gap"))
        noun = (governor.group("noun") or governor.group("checks")).lower()
        return self._word("governor", noun) or CHECKS

    def _is_not_a_count(self, match: re.Match) -> bool:
        """Dates, durations, ages, money, references and ranges are not counts."""
        text, cues = self.text, self.cues
        before = text[max(0, match.start() - 30) : match.start()]
        after = text[match.end() : match.end() + 30]
        reference = cues.reference.search(before)
        if reference:
            self._seen("reference", reference)
            self._seen("age_range", reference, "range")
            return True
        if _MONTH_BEFORE.search(before):
            return True
        age_limit = cues.age_limit.search(before)
        if _match_int(match) in _AGE_LIMITS and self._seen("age_limit", age_limit):
            return True
        if self._seen("unit", cues.units.match(after)):
            return True
        if _RANGE_AFTER.match(after) or _MONTH_AFTER.match(after):
            return True
        if re.match(r"^\s+of\b", after, re.IGNORECASE) and not self._seen(
            "subset_after", cues.subset_after.match(after)
        ):
            return True
        digits = match.groupdict().get("digits")
        if digits and digits.isdigit() and len(digits) == 4 and int(digits) in _YEAR_RANGE:
            return not self._word("year_count", _first_word(after))
        return bool(match.groupdict().get("fraction") and not match.groupdict().get("multiplier"))

    def _masked_spans(self) -> _Intervals:
        """Dates, URLs, phone numbers and page furniture: never searched for figures."""
        text = self.text
        masked = [match.span() for pattern in _MASKS for match in pattern.finditer(text)]
        masks = self.doc.masks
        found = [(span.start, span.end) for kind in ("url", "boilerplate") for span in masks[kind]]
        return _Intervals(masked + found)


def _cells(text: str, line: Span) -> list[tuple[str, int]]:
    """A table row's cells with the offset where each starts, pipes left out."""
    row = line.of(text)
    cells, cursor = [], row.index("|") + 1
    for piece in row[cursor:].split("|")[:-1]:
        cells.append((piece, line.start + cursor))
        cursor += len(piece) + 1
    return cells


def _clause_start(text: str, bound: int, position: int) -> int:
    breaks = list(_CLAUSE_BREAK.finditer(text, bound, position))
    return breaks[-1].end() if breaks else bound


def _clause_end(text: str, position: int, bound: int) -> int:
    found = _CLAUSE_BREAK.search(text, position, bound)
    return found.start() if found else bound


def _match_int(match: re.Match) -> int | None:
    digits = match.groupdict().get("digits")
    return int(digits) if digits and digits.isdigit() else None


def _first_word(after: str) -> str:
    found = WORD.match(after.lstrip())
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
