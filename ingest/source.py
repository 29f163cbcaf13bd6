"""Where an article came from: title, publisher, publication date and URL.

Articles seldom say this in one place. The title is a heading or a headline-like first
line, the publisher a sign-off line, the date a marker, byline or dateline, the URL a link
left at the foot. A sidecar (what the person adding the article told us) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ingest.model import Source
from ingest.text import Span, content_lines, filled_lines

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
YEAR_PATTERN = r"(?:19|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_DATE_MARKER = re.compile(rf"^[ \t]*date:?\s+({YEAR_PATTERN}-\d\d-\d\d)\b", re.I | re.M)
_LABELLED_LINE = re.compile(
    r"^\s*(?:published|posted|updated|date|first published|last updated)\b[\s:]*", re.I
)
_ISO_DATE = re.compile(rf"(?<![\d-])({YEAR_PATTERN})-(\d\d)-(\d\d)(?![\d])")
_MONTH_DAY_YEAR = re.compile(rf"\b({MONTH_PATTERN})\s+({_DAY}),?\s+({YEAR_PATTERN})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b({_DAY})\s+({MONTH_PATTERN}),?\s+({YEAR_PATTERN})\b", re.I)
_DATELINE = re.compile(
    rf"^\s*[A-Z][\w .'-]{{1,40}},\s+({MONTH_PATTERN})\s+({_DAY})\b(?!,?\s*{YEAR_PATTERN})"
    r"[^\n]{0,20}?(?:\([A-Z][\w.-]{1,12}\))?\s*(?:--|—|–|-)",
)
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:[A-Z][\w .'-]{1,40},\s*|[A-Z][A-Z .'-]{1,40}\s*\([^()\n]{0,60}?[-–—,]\s*)?$"
)
"""What may stand before a dateline's date: "Nairobi, " or "MOSCOW (Harbour News - "."""
_NUMERIC_DATE = re.compile(
    rf"(?<![\d/.-])(\d{{1,2}})([/.])(\d{{1,2}})\2({YEAR_PATTERN})(?![\d/.-])"
)
"""A date in figures in a header ("03/14/2023 | Press release", "Date: 9/18/2022")."""
_MONTH_MARKER = re.compile(rf"^[ \t]*date:?\s+({YEAR_PATTERN})-(\d\d)\b(?!-\d)", re.I | re.M)
"""A crawler's date line that gives only the month ("date 2017-11")."""
_BARE_YEAR = re.compile(rf"(?<![\d/-])({YEAR_PATTERN})(?![\d/-])")
_URL = re.compile(r"https?://[^\s<>\"'\])]+", re.I)
_URL_DATE = re.compile(rf"/({YEAR_PATTERN})/(\d\d)/(\d\d)/")
_URL_YEAR = re.compile(rf"/({YEAR_PATTERN})/")
_OPENING_DATELINE = re.compile(
    rf"^[A-Z][\w .'-]{{1,40}},\s+{MONTH_PATTERN}\s+{_DAY}(?:,?\s+{YEAR_PATTERN})?"
    r"\s*(?:\([^()]{1,40}\))?\s*(?:--|—|–|-)?\s*"
)
_URL_MONTH = re.compile(rf"/({YEAR_PATTERN})/(0[1-9]|1[0-2])(?:/|$)")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,80})(?:\*\*|__)\s*$")
_SOURCE_LINE = re.compile(r"^\s*(?:source|publisher|published by)\s*:\s*(.{2,80}?)\s*$", re.I)
_NAME_BESIDE_DATE = re.compile(
    r"^\s*(?:by\s[^|·•—–\n]{1,60}?\s*[|·•—–]\s*)?(?:\*\*|__)?(?P<name>[A-Z][^*_|·•—–\n]{1,60}?)"
    r"(?:\*\*|__)?\s*(?:[|·•]|\s[—–]\s)\s*\S",
    re.IGNORECASE,
)
"""A masthead line: "**Global Health Wire** | 22 June 2026", "By A. Reporter | Harbour
Post | 4 May 2025", "Island Times — Regional News — 8 May 2025"."""
_DATELINE_AGENCY = re.compile(
    r"^\s*[A-Z][\w .'-]{1,40},\s+[^()\n]{0,30}?\((?P<agency>[A-Z][\w .&'-]{1,40})\)\s*(?:--|—|–|-)"
)
"""A wire dateline: "LYON, June 28 (Meridian Wire) --" (an abbreviation such as "(RHC)" is
only a short form of the publisher's name, so it is not taken)."""
_BYLINE_OUTLET = re.compile(
    r"^\s*by\s+[^,\n]{2,60},\s*(?P<outlet>(?:The\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,5})\s*$",
    re.IGNORECASE,
)
"""A byline naming the outlet after the writer: "By Dana Whitcomb, The Capitol Star-Ledger"."""
_BYLINE_ROLES = frozenset(
    "correspondent reporter writer editor staff contributor journalist columnist producer".split()
)
_MASTHEAD_MAX_WORDS = 6
_DATE_LINE_WORDS = frozenset(
    """published updated posted date on at monday tuesday wednesday thursday friday saturday
    sunday mon tue tues wed thu thur thurs fri sat sun""".split()
)
_DATE_LINE_MAX_CHARS = 48
_RELEASE_LABEL = re.compile(
    r"(?:for\s+immediate\s+release|(?:press|news|media)\s+release|press\s+statement)[.:]?", re.I
)
_BYLINE = re.compile(r"^\s*(?:by|author|written by)\b", re.I)
_HEADLINE_MAX_CHARS = 160
_HEADLINE_MAX_WORDS = 25
_HEADER_LINES = 4
_SECTION_SUFFIX_MAX_WORDS = 2
_SHORT_LINE = 80
_DATELINE_REACH = 240
"""A long header line is dated only by a date right after its dateline ("LIMA, Peru —"):
its dates further on are not looked for."""
_SIDECAR_KEYS = ("title", "publisher", "published", "url")
_SLUG_MIN_WORDS = 3
_SLUG_ID_DIGITS = 4
_OPENING_TITLE_WORDS = 12


def extract_source(
    text: str, file: str, sha256: str, sidecar: Mapping[str, str] | None = None
) -> Source:
    """What the article (and its sidecar, which wins) says about where it came from.

    What neither states is inferred where the evidence allows, and named in ``inferred``:
    a title from the address's slug or the opening sentence, an outlet from the address's
    host, a date from the address's path (or a dateline whose year only the address gives).
    A file name is never a title.
    """
    given = {key: (sidecar or {}).get(key, "").strip() or None for key in _SIDECAR_KEYS}
    url = _valid_url(given["url"]) or find_url(text)
    title = given["title"] or find_title(text)
    publisher = given["publisher"] or find_publisher(text)
    published = _valid_iso(given["published"]) or _stated_published(text)
    month = None
    inferred = []
    if not title:
        title = title_from_url(url) or title_from_opening(text)
        inferred += ["title"] if title else []
    if not publisher:
        publisher = outlet_from_url(url)
        inferred += ["publisher"] if publisher else []
    if not published:
        published = find_published(text) or _url_date(url or "")
        month = None if published else url_month(url)
        inferred += ["published"] if published or month else []
    return Source(
        file=file,
        sha256=sha256,
        title=title,
        publisher=publisher,
        published=published,
        url=url,
        published_month=month,
        inferred=tuple(inferred),
    )


def title_from_url(url: str | None) -> str | None:
    """A title from an address's last path segment ("…/161329-arrests-in-the-region").

    Only a slug of at least three words counts; a leading number (the site's id) and a
    file extension are dropped.
    """
    if not url:
        return None
    segments = [part for part in urlsplit(url).path.split("/") if part]
    if not segments:
        return None
    slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", unquote(segments[-1]), flags=re.I)
    words = [word for word in re.split(r"[-_+\s]+", slug) if word]
    while words and words[0].isdigit() and len(words[0]) >= _SLUG_ID_DIGITS:
        words.pop(0)
    if len(words) < _SLUG_MIN_WORDS or not all(re.fullmatch(r"[^\W_]+", w) for w in words):
        return None
    if sum(word.isdigit() for word in words) * 2 > len(words):
        return None
    title = " ".join(words)
    return title[0].upper() + title[1:]


def title_from_opening(text: str) -> str | None:
    """The opening sentence, cut to a headline's length, for an article with no headline.

    A date marker ("date 2018-05-01 …"), a dateline ("LIMA, May 3 (Wire) --") and
    metadata lines before it are skipped; a hard-wrapped paragraph is read as one line.
    """
    for paragraph in _opening_paragraphs(text):
        line = _strip_markup(_DATE_MARKER.sub("", paragraph, count=1))
        line = _OPENING_DATELINE.sub("", line, count=1)
        if not line or _is_metadata_line(line) or _is_date_line(line) or not line[0].isupper():
            continue
        sentence = re.split(r"(?<=[a-z0-9)”\"'’][.!?])\s+(?=[A-Z“\"])", line, maxsplit=1)[0]
        words = sentence.rstrip(".!?").split()
        if len(words) < _SLUG_MIN_WORDS:
            continue
        if len(words) <= _OPENING_TITLE_WORDS:
            return " ".join(words)
        return " ".join(words[:_OPENING_TITLE_WORDS]).rstrip(",;:") + "…"
    return None


def _opening_paragraphs(text: str) -> list[str]:
    """The first few paragraphs, each with its hard wraps joined."""
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    return [paragraph for paragraph in paragraphs if paragraph][: _HEADER_LINES + 2]


def outlet_from_url(url: str | None) -> str | None:
    """The address's host without "www." ("jurist.org"), as the outlet's name."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host if "." in host else None


def url_month(url: str | None) -> str | None:
    """``YYYY-MM`` from an address whose path gives a year and a month ("/2024/11/")."""
    dated = _URL_MONTH.search(urlsplit(url).path if url else "")
    return f"{dated.group(1)}-{dated.group(2)}" if dated else None


def _stated_published(text: str) -> str | None:
    """The publication date the text itself states: no year or day taken from an address."""
    published = find_published(text)
    if published and published == find_published(_URL.sub(" ", text)):
        return published
    return None


def find_title(text: str) -> str | None:
    """A markdown heading, else a headline-like first line, else None."""
    spans = content_lines(text)
    for span in spans:
        heading = _HEADING.match(span.of(text))
        if heading:
            return _strip_markup(heading.group(1)) or None
    masthead = _masthead(text)
    candidates = [_strip_markup(span.of(text)) for span in spans[: _HEADER_LINES + 2]]
    candidates = [
        line
        for line in candidates
        if line and not _is_metadata_line(line) and line != masthead and not _is_date_line(line)
    ]
    if not candidates or not _looks_like_headline(candidates[0]):
        return None
    return _clean_repeat(candidates[0], candidates[1:]) or candidates[0]


def find_publisher(text: str) -> str | None:
    """Who published the article, or None.

    In order: a sign-off (a trailing bold line), a "Source:" line, a masthead beside the
    date, a wire dateline's agency.
    """
    spans = content_lines(text)
    for span in reversed(spans[-3:]):
        bold = _BOLD_LINE.match(span.of(text))
        if bold and _looks_like_name(bold.group(1)):
            return bold.group(1).strip()
    for span in spans[:_HEADER_LINES] + spans[-3:]:
        labelled = _SOURCE_LINE.match(span.of(text))
        if labelled and _looks_like_name(labelled.group(1)):
            return _strip_markup(labelled.group(1))
    masthead = _masthead(text)
    if masthead:
        return masthead
    for span in spans[: _HEADER_LINES + 2]:
        line = span.of(text)
        named = _NAME_BESIDE_DATE.match(line)
        if (
            named
            and _dates_in(line)
            and _is_short_header(line)
            and _looks_like_name(named.group("name"))
        ):
            return named.group("name").strip()
        outlet = _BYLINE_OUTLET.match(line)
        if outlet and outlet.group("outlet").split()[-1].lower() not in _BYLINE_ROLES:
            return outlet.group("outlet").strip()
        agency = _DATELINE_AGENCY.match(line)
        if (
            agency
            and _looks_like_name(agency.group("agency"))
            and not agency.group("agency").isupper()
        ):
            return agency.group("agency").strip()
    return None


@lru_cache(maxsize=4)
def find_published(text: str) -> str | None:
    """The publication date (ISO) from a marker, a byline or dateline, or a dated URL.

    Remembered for the last few texts: the source and the operation dates both ask.
    """
    marker = _DATE_MARKER.search(text)
    if marker and _valid_iso(marker.group(1)):
        return marker.group(1)
    spans = content_lines(text)
    labelled = [s for s in spans if _LABELLED_LINE.match(s.of(text)) or _BYLINE.match(s.of(text))]
    for span in labelled:
        found = _published_dates_in(span.of(text))
        if found:
            return found[0][1]
    header = filled_lines(text)[:_HEADER_LINES]
    for span in header:
        line = span.of(text)
        dated = _published_dates_in(line if _is_short_header(line) else line[:_DATELINE_REACH])
        if dated and (_is_short_header(line) or _DATELINE_PREFIX.match(line[: dated[0][0]])):
            return dated[0][1]
    return _dateline_date(text, spans) or _url_date(text)


def find_date_line_month(text: str) -> tuple[int, int] | None:
    """(year, month) from a date line that gives no day ("date 2017-11").

    Not a publication date, but it bounds the year of a date written without one.
    """
    marker = _MONTH_MARKER.search(text)
    if marker and 1 <= int(marker.group(2)) <= 12:
        return int(marker.group(1)), int(marker.group(2))
    return None


def find_url(text: str) -> str | None:
    """The article's own address: the last http(s) URL on a line of its own, else the last."""
    urls = [(m.group(0).rstrip(".,;:>"), _alone_on_line(text, m.start(), m.end()))
            for m in _URL.finditer(text)]  # fmt: skip
    if not urls:
        return None
    alone = [url for url, is_alone in urls if is_alone]
    return (alone or [url for url, _ in urls])[-1]


def first_full_date(line: str) -> str | None:
    """The first complete date (ISO, "May 1, 2018" or "1 May 2018") in a line, as ISO."""
    dated = _dates_in(line)
    return dated[0][1] if dated else None


def _dates_in(line: str) -> list[tuple[int, str]]:
    found = []
    for match in _ISO_DATE.finditer(line):
        found.append((match.start(), _iso(match.group(1), match.group(2), match.group(3))))
    for match in _MONTH_DAY_YEAR.finditer(line):
        found.append((match.start(), _iso(match.group(3), match.group(1), match.group(2))))
    for match in _DAY_MONTH_YEAR.finditer(line):
        found.append((match.start(), _iso(match.group(3), match.group(2), match.group(1))))
    return sorted((start, iso) for start, iso in found if iso)


def _published_dates_in(line: str) -> list[tuple[int, str]]:
    """Dates in words or ISO, and dates in figures whose day and month cannot be confused.

    "03/14/2023" and "14/03/2023" are both 14 March; "03/04/2023" could be either and gives
    no date. With dots ("14.03.2023") the day comes first.
    """
    found = _dates_in(line)
    for match in _NUMERIC_DATE.finditer(line):
        first, separator, second, year = match.groups()
        if separator == "." or int(first) > 12:
            day, month = first, second
        elif int(second) > 12 or first == second:
            day, month = second, first
        else:
            continue
        iso = _iso(year, month, day)
        if iso:
            found.append((match.start(), iso))
    return sorted(found)


def month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation, else None."""
    return MONTHS.get(word.lower().rstrip("."))


def day_number(word: str) -> int:
    """The day of month in "3", "03" or "3rd"."""
    return int(re.match(r"\d+", word).group(0))


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not form one."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso(year: str, month: str, day: str) -> str | None:
    month_value = int(month) if month.isdigit() else month_number(month)
    if month_value is None:
        return None
    made = make_date(int(year), month_value, day_number(day))
    return made.isoformat() if made else None


def _dateline_date(text: str, spans: list[Span]) -> str | None:
    """A "City, May 2 (XYZ)--" dateline, dated only when the text states the year."""
    for span in spans[:_HEADER_LINES]:
        line = span.of(text)
        dateline = _DATELINE.match(line)
        if not dateline:
            continue
        years = {m.group(1) for m in _BARE_YEAR.finditer(line)}
        years |= {m.group(1) for m in _URL_YEAR.finditer(" ".join(_URL.findall(text)))}
        if len(years) == 1:
            return _iso(years.pop(), dateline.group(1), dateline.group(2))
    return None


def _is_short_header(line: str) -> bool:
    """A line short enough, and not a sentence, to be a byline or a date line."""
    return len(line) <= _SHORT_LINE and not line.rstrip().endswith(".")


def _url_date(text: str) -> str | None:
    for url in _URL.findall(text):
        dated = _URL_DATE.search(url)
        if dated:
            found = _iso(*dated.groups())
            if found:
                return found
    return None


def _valid_iso(value: str | None) -> str | None:
    if not value:
        return None
    match = re.fullmatch(rf"({YEAR_PATTERN})-(\d\d)-(\d\d)", value.strip())
    return _iso(*match.groups()) if match else None


def _valid_url(value: str | None) -> str | None:
    if value and re.match(r"https?://\S+$", value.strip(), re.I):
        return value.strip()
    return None


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return bool(re.fullmatch(r"\s*<?\s*https?://\S+?\s*>?\s*", line))


def _strip_markup(line: str) -> str:
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    line = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", line)
    return re.sub(r"\s+", " ", line.strip(" \t*_#")).strip()


def _masthead(text: str) -> str | None:
    """The outlet's name when it stands alone on the first line, over a date line.

    "Sahel Dispatch" then "Published 3 March 2025"; None when the article does not open
    that way.
    """
    spans = content_lines(text)
    if len(spans) < 2:
        return None
    first = _strip_markup(spans[0].of(text))
    words = first.split()
    if not 0 < len(words) <= _MASTHEAD_MAX_WORDS or first.endswith((".", ":", "?", "!")):
        return None
    if not _looks_like_name(first) or not _is_date_line(spans[1].of(text)):
        return None
    return first


def _is_date_line(line: str) -> bool:
    """A short line that is mostly a date ("Saturday, April 6, 2019", "Nairobi, 12 June 2025")."""
    stripped = _strip_markup(line)
    if len(stripped) > _DATE_LINE_MAX_CHARS or stripped.endswith(".") or not _dates_in(stripped):
        return False
    rest = _ISO_DATE.sub(" ", _DAY_MONTH_YEAR.sub(" ", _MONTH_DAY_YEAR.sub(" ", stripped)))
    others = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _DATE_LINE_WORDS]
    return len(others) <= 1


def _is_metadata_line(line: str) -> bool:
    return bool(
        _BYLINE.match(line)
        or _LABELLED_LINE.match(line)
        or _URL.fullmatch(line)
        or _RELEASE_LABEL.fullmatch(line.strip())
    )


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if not words or len(line) > _HEADLINE_MAX_CHARS or len(words) > _HEADLINE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) or _DATELINE.match(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def _clean_repeat(first: str, later: list[str]) -> str | None:
    """The later line that the first repeats plus a section word ("... News")."""
    for line in later:
        if line != first and first.startswith(line):
            extra = first[len(line) :].split()
            if 0 < len(extra) <= _SECTION_SUFFIX_MAX_WORDS and all(w[0].isupper() for w in extra):
                return line
    return None


def _looks_like_name(value: str) -> bool:
    words = value.split()
    return 0 < len(words) <= 8 and value.strip()[0].isupper() and not value.rstrip().endswith(".")
