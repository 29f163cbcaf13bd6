"""Country and region names in free text, to ISO 3166-1 alpha-3 codes.

The gazetteer joins pycountry's names (short, official and common) with reviewed tables
in ``data/gazetteer/``: ``aliases.tsv`` (aliases, demonyms, cities, typos, display names),
``regions.tsv`` (regions, continents, groups, and places that contain a country word)
and ``not_typos.txt`` (real words that the typo generator must not invent). Rules add
what no table should repeat: "St"/"St." for "Saint", plural demonyms, pycountry's
inverted names put in reading order, and one-edit typos of long one-word names.

Text is matched in one pass: an Aho-Corasick automaton runs over a same-length folded
copy of the text (lower case, accents stripped, punctuation other than "." and "," as
spaces), so an offset in the copy is an offset in the original. Every key starts with a
space, so it can only match at the start of a word; a hit also needs a word boundary
after it and the capitals of its table spelling ("US" never matches "us", "China"
never "china"). The leftmost-longest hits win, which is how "Papua New Guinea" hides
"Guinea" and "New Jersey" hides "Jersey".
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import pycountry

GAZETTEER_DIR = Path(__file__).parent.parent / "data" / "gazetteer"
ALIASES_PATH = GAZETTEER_DIR / "aliases.tsv"
REGIONS_PATH = GAZETTEER_DIR / "regions.tsv"
NOT_TYPOS_PATH = GAZETTEER_DIR / "not_typos.txt"

USER_ASSIGNED_CODES: dict[str, str] = {"XKX": "Kosovo"}
"""Codes outside ISO 3166-1 that we still treat as countries (Natural Earth maps Kosovo)."""

TYPO_MIN_LENGTH = 6
"""Only names of at least this many letters get one-edit typo variants ("Guyaan").

Shorter names sit one edit away from too many real words and from each other
(Iran/Iraq, Mali/Malta), and a typo variant must itself be this long.
"""

ALIAS_VIAS = frozenset({"name", "alias", "demonym", "city", "typo", "display"})
REGION_TYPES = frozenset({"continent", "region", "group", "sea", "place"})
GUARDS = frozenset({"", "name-part"})
NAME_PART_NEIGHBOURS_ALLOWED = frozenset(
    """in of from to and or the for at by on with across including both between like near
    via into than as visit visited where while said says""".split()
)
TITLES = frozenset("mr mrs ms dr prof gen col sen rep gov lt sgt capt insp supt det".split())
SHOUTING_REACH = 40
SHOUTING_MIN_LETTERS = 8

_PRIORITY_TABLE_REGION = 0
_PRIORITY_TABLE_ALIAS = 1
_PRIORITY_PYCOUNTRY = 2
_PRIORITY_DERIVED = 3
_PRIORITY_TYPO = 4

_NEXT_WORD = re.compile(r" ([A-Z][\w'’.]*)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][\w'’.]*) $")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SAINT = re.compile(r"\b(Saint|Sint) ")
_PLURAL_SKIP_ENDINGS = ("sh", "ch", "s", "ese", "ic", "sy", "x")


class GazetteerWarning(UserWarning):
    """A row of a gazetteer table that cannot be used as written."""


@dataclass(frozen=True, slots=True)
class Place:
    """What a name refers to: one country, or a region, continent or group."""

    kind: str
    iso3: str | None
    name: str


@dataclass(frozen=True, slots=True)
class GeoMention:
    """One country or region named in a text, with its exact span."""

    surface: str
    start: int
    end: int
    kind: str
    iso3: str | None
    name: str
    via: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """One spelling in the automaton; ``place`` is None for places that only block."""

    place: Place | None
    via: str
    capitals: tuple[int, ...]
    is_abbreviation: bool
    guard: str
    priority: int

    @property
    def mention_fields(self) -> tuple[str, str | None, str, str]:
        """``kind, iso3, name, via`` of a GeoMention of this entry."""
        return self.place.kind, self.place.iso3, self.place.name, self.via


@dataclass(frozen=True, slots=True)
class AliasRow:
    """A usable row of ``aliases.tsv``."""

    alias: str
    iso3: str
    via: str
    guard: str


@dataclass(frozen=True, slots=True)
class RegionRow:
    """A usable row of ``regions.tsv``."""

    surface: str
    name: str
    type: str


KEPT_PUNCTUATION = ".,"
"""The only characters besides letters and digits that the folded copy keeps ("U.S.",
"Atlanta, Georgia"); every other one becomes a space, so that a key can demand a space
before its first letter and never match inside a word."""


COMMON_NON_ASCII = (
    "\xa0«»·©°´"
    + "".join(chr(c) for c in range(0xC0, 0x100))
    + "‐‑‒–—―‘’‚‛“”„‟•…′″\u200b\u2009\u202fčćšžłńőűğşıİřěůąęșțŁŠŽČ"
)
"""Non-ASCII characters folded by a C codec table; any other one takes a slower path.

No-break space and a few Latin-1 signs, the Latin-1 letters, then dashes, curly quotes,
bullets, ellipses and the Latin Extended-A letters most common in place names.
"""


def _fold_character(character: str) -> str:
    """One ASCII character for a non-ASCII one: its base letter, ``x`` or a space.

    Letters without an ASCII base (Cyrillic, Greek ...) become ``x`` so that they still
    count as part of a word.
    """
    base = unicodedata.normalize("NFD", character)[0]
    if base.isascii() and base.isalpha():
        return base.lower()
    return "x" if character.isalnum() else " "


def _ascii_fold(character: str) -> str:
    if character.isalnum() or character in KEPT_PUNCTUATION:
        return character.lower()
    return " "


def _build_codec_tables() -> tuple[object, bytes]:
    """A charmap encoding ASCII and ``COMMON_NON_ASCII`` to one byte each, and a byte table.

    The byte table then lower-cases and folds every byte to ASCII, all in C.
    """
    decoding = "".join(chr(c) for c in range(128)) + COMMON_NON_ASCII
    decoding += "\ufffe" * (256 - len(decoding))
    folds = [_ascii_fold(chr(c)) for c in range(128)]
    folds += [_fold_character(c) for c in COMMON_NON_ASCII]
    folds += [" "] * (256 - len(folds))
    return codecs.charmap_build(decoding), "".join(folds).encode("ascii")


_ENCODING_MAP, _FOLD_BYTES = _build_codec_tables()
_FOLD_ERRORS = "geo-fold"


def _fold_rare_characters(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler for characters outside ``COMMON_NON_ASCII``, one for one."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_fold_character(c) for c in chunk), error.end


codecs.register_error(_FOLD_ERRORS, _fold_rare_characters)


def fold(text: str) -> str:
    """Lower-case ASCII copy of ``text`` with exactly the same length.

    Same length is what lets offsets found in the copy be used on the original. Accents
    are stripped, and punctuation other than ``KEPT_PUNCTUATION`` becomes a space
    (so "Côte d’Ivoire" and "Cote d'Ivoire" fold alike, and so do "Guinea-Bissau" and
    "Guinea Bissau"). Every character folds on its own, so "İ" stays one character.
    """
    encoded, _ = codecs.charmap_encode(text, _FOLD_ERRORS, _ENCODING_MAP)
    return encoded.translate(_FOLD_BYTES).decode("ascii")


def read_alias_rows(path: Path = ALIASES_PATH) -> list[AliasRow]:
    """Usable rows of the alias table; unusable ones are reported as warnings."""
    rows = []
    known = _known_codes()
    for number, fields in _table_lines(path):
        if len(fields) < 3:
            _warn(path, number, "expected 'alias<TAB>iso3<TAB>via[<TAB>guard<TAB>note]'")
            continue
        alias, iso3, via = (f.strip() for f in fields[:3])
        guard = fields[3].strip() if len(fields) > 3 else ""
        if iso3 not in known:
            _warn(path, number, f"unknown ISO 3166-1 alpha-3 code {iso3!r} for {alias!r}")
        elif via not in ALIAS_VIAS:
            _warn(path, number, f"via {via!r} is not one of {sorted(ALIAS_VIAS)}")
        elif guard not in GUARDS:
            _warn(path, number, f"guard {guard!r} is not one of {sorted(GUARDS)}")
        elif alias:
            rows.append(AliasRow(alias, iso3, via, guard))
    return rows


def read_region_rows(path: Path = REGIONS_PATH) -> list[RegionRow]:
    """Usable rows of the region table; unusable ones are reported as warnings."""
    rows = []
    for number, fields in _table_lines(path):
        if len(fields) < 3:
            _warn(path, number, "expected 'surface<TAB>name<TAB>type[<TAB>note]'")
            continue
        surface, name, kind = (f.strip() for f in fields[:3])
        if kind not in REGION_TYPES:
            _warn(path, number, f"type {kind!r} is not one of {sorted(REGION_TYPES)}")
        elif surface and name:
            rows.append(RegionRow(surface, name, kind))
    return rows


def read_not_typos(path: Path = NOT_TYPOS_PATH) -> frozenset[str]:
    """Words the typo generator must never produce, folded."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


def _table_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(
            csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1
        ):
            if not fields or not fields[0].strip() or fields[0].startswith("#"):
                continue
            if _is_header_line(fields):
                continue
            yield number, fields


def _is_header_line(fields: list[str]) -> bool:
    """True for the column-name line of a table."""
    return fields[0] in ("alias", "surface")


def _warn(path: Path, number: int, message: str) -> None:
    warnings.warn(
        f"{path.name} line {number}: {message}; row ignored", GazetteerWarning, stacklevel=3
    )


@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(USER_ASSIGNED_CODES)


class Gazetteer:
    """Every spelling we match, and the automaton that finds them in one pass."""

    def __init__(
        self,
        alias_rows: Iterable[AliasRow],
        region_rows: Iterable[RegionRow],
        not_typos: frozenset[str] = frozenset(),
    ) -> None:
        self.display = _display_names(alias_rows := list(alias_rows))
        self.entries: dict[str, _Entry] = {}
        self._ambiguous: set[str] = set()
        for surface, entry in _all_spellings(alias_rows, list(region_rows), self.display):
            self._add(surface, entry)
        for surface, entry in _typo_spellings(self.entries, not_typos):
            self._add(surface, entry)
        self.automaton = ahocorasick.Automaton()
        for key, entry in self.entries.items():
            plain = entry.capitals == (0,) and not entry.guard and not entry.is_abbreviation
            fields = None if entry.place is None else entry.mention_fields
            self.automaton.add_word(" " + key, (len(key), plain, entry, fields))
        self.automaton.make_automaton()

    def _add(self, surface: str, entry: _Entry) -> None:
        """Keep the highest-priority entry per spelling; equal priorities that disagree cancel."""
        key = fold(surface)
        if key in self._ambiguous and entry.priority >= _PRIORITY_DERIVED:
            return
        current = self.entries.get(key)
        if current is not None and max(current.priority, entry.priority) <= _PRIORITY_TABLE_ALIAS:
            if current.place != entry.place:
                warnings.warn(
                    f"{surface!r} is listed twice with different meanings; the first row wins",
                    GazetteerWarning,
                    stacklevel=2,
                )
        if current is None or entry.priority < current.priority:
            self.entries[key] = entry
        elif entry.priority == current.priority and entry.place != current.place:
            if entry.priority >= _PRIORITY_DERIVED:
                del self.entries[key]
                self._ambiguous.add(key)

    def find_mentions(self, text: str) -> list[GeoMention]:
        """Countries and regions named in ``text``, leftmost-longest, without overlaps.

        The automaton's own leftmost-longest scan does the work; only where its longest
        hit is rejected (a word goes on, capitals are missing) are the shorter hits inside
        that span looked at, and only then are overlaps sorted out here. A name glued to
        a dollar sign is a currency ("US$", "TT$", "NZ$"), not a mention of the country.
        """
        folded = fold(text)
        padded = " " + folded
        size = len(folded)
        hits: list[tuple[int, int, tuple | None]] = []
        needs_sorting = False
        for end, (length, plain, entry, fields) in self.automaton.iter_long(padded):
            start = end - length
            if (end == size or not folded[end].isalnum()) and (
                text[start].isupper() if plain else _accepts(text, start, end, entry)
            ):
                hits.append((start, end, fields))
                continue
            # A slice: the automaton copies the whole string it is given on every call.
            for inner_end, inner in self.automaton.iter(padded[start : end + 1]):
                inner_length, inner_plain, inner_entry, inner_fields = inner
                inner_end += start
                inner_start = inner_end - inner_length
                if (inner_end == size or not folded[inner_end].isalnum()) and (
                    text[inner_start].isupper()
                    if inner_plain
                    else _accepts(text, inner_start, inner_end, inner_entry)
                ):
                    hits.append((inner_start, inner_end, inner_fields))
                    needs_sorting = True
        if needs_sorting:
            hits = _leftmost_longest(hits)
        return [
            GeoMention(text[start:end], start, end, *fields)
            for start, end, fields in hits
            if fields is not None and not text.startswith("$", end)
        ]

    def resolve(self, name: str) -> Place | None:
        """The place one name means; abbreviations only in capitals ("US", not "us")."""
        cleaned = _LEADING_THE.sub("", " ".join(name.split()))
        entry = self.entries.get(fold(cleaned))
        if entry is None or entry.place is None:
            return None
        if entry.is_abbreviation and not _has_capitals(cleaned, 0, entry.capitals):
            return None
        return entry.place


def _leftmost_longest(
    hits: list[tuple[int, int, tuple | None]],
) -> list[tuple[int, int, tuple | None]]:
    """Non-overlapping hits: the earliest start first, the longest among equal starts."""
    chosen, reached = [], 0
    for start, end, fields in sorted(hits, key=lambda hit: (hit[0], -hit[1])):
        if start >= reached:
            chosen.append((start, end, fields))
            reached = end
    return chosen


def _accepts(text: str, start: int, end: int, entry: _Entry) -> bool:
    """Whether a boundary-clean hit is really this entry: capitals, shouting, guard."""
    if not _has_capitals(text, start, entry.capitals):
        return False
    if entry.is_abbreviation and _is_shouting_line(text, start, end):
        return False
    if entry.guard == "name-part" and _reads_as_name_part(text, start, end):
        return False
    return True


def _has_capitals(text: str, start: int, capitals: tuple[int, ...]) -> bool:
    for offset in capitals:
        if not text[start + offset].isupper():
            return False
    return True


def _is_shouting_line(text: str, start: int, end: int) -> bool:
    """True when the words around a hit, on its line, are all in capitals ("HELP US NOW").

    There "US" may be the word "us", so abbreviations are not trusted.
    """
    before = text[max(0, start - SHOUTING_REACH) : start].rpartition("\n")[2]
    after = text[end : end + SHOUTING_REACH].partition("\n")[0]
    context = before + after
    if context != context.upper():
        return False
    return sum(c.isalpha() for c in context) >= SHOUTING_MIN_LETTERS


def _reads_as_name_part(text: str, start: int, end: int) -> bool:
    """True when a capitalised word touches the hit: "Chad Smith", "Michael Jordan"."""
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1).lower().rstrip(".") not in NAME_PART_NEIGHBOURS_ALLOWED:
        return True
    previous = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if previous:
        word = previous.group(1)
        ends_sentence = word.endswith(".") and len(word) > 2 and word[:-1].lower() not in TITLES
        return (
            word[0].isupper()
            and not ends_sentence
            and word.lower() not in NAME_PART_NEIGHBOURS_ALLOWED
        )
    return False


def _display_names(alias_rows: list[AliasRow]) -> dict[str, str]:
    """ISO3 -> short display name: a reviewed display row, else pycountry's common or short name."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(USER_ASSIGNED_CODES)
    names.update({row.iso3: row.alias for row in alias_rows if row.via == "display"})
    return names


def _all_spellings(
    alias_rows: list[AliasRow], region_rows: list[RegionRow], display: dict[str, str]
) -> Iterator[tuple[str, _Entry]]:
    """Every spelling from the tables, pycountry and the derivation rules, with its entry."""
    for row in region_rows:
        place = None if row.type == "place" else Place("region", None, row.name)
        yield row.surface, _entry(row.surface, place, "region", "", _PRIORITY_TABLE_REGION)
    for row in alias_rows:
        place = Place("country", row.iso3, display[row.iso3])
        via = "name" if row.via == "display" else row.via
        yield row.alias, _entry(row.alias, place, via, row.guard, _PRIORITY_TABLE_ALIAS)
        for variant in _derived_alias_spellings(row.alias, row.via):
            yield variant, _entry(variant, place, via, row.guard, _PRIORITY_DERIVED)
    for country in pycountry.countries:
        place = Place("country", country.alpha_3, display[country.alpha_3])
        for name, priority in _pycountry_spellings(country):
            yield name, _entry(name, place, "name", "", priority)
            for variant in _saint_variants(name):
                yield variant, _entry(variant, place, "name", "", _PRIORITY_DERIVED)


def _pycountry_spellings(country) -> Iterator[tuple[str, int]]:
    """Pycountry's names, plus reading-order forms of its inverted ones."""
    for attribute in ("name", "common_name", "official_name"):
        value = getattr(country, attribute, None)
        if not value:
            continue
        value = _LEADING_THE.sub("", value)
        plain = re.sub(r"\s*\([^)]*\)", "", value).strip()
        yield plain, _PRIORITY_PYCOUNTRY
        if "," not in plain:
            continue
        head, tail = (part.strip() for part in plain.split(",", 1))
        yield head, _PRIORITY_DERIVED
        tail = _LEADING_THE.sub("", tail)
        if re.search(r"\bof(?: the)?$", tail, re.IGNORECASE) or " " not in tail:
            yield f"{tail} {head}", _PRIORITY_DERIVED


def _derived_alias_spellings(alias: str, via: str) -> Iterator[str]:
    yield from _saint_variants(alias)
    if via == "demonym" and not alias.lower().endswith(_PLURAL_SKIP_ENDINGS):
        yield alias + "s"
        yield from _saint_variants(alias + "s")


def _saint_variants(name: str) -> Iterator[str]:
    """Spell "Saint" and "Sint" as "St" and "St." too ("St Lucia", "St. Maarten")."""
    if _SAINT.search(name):
        yield _SAINT.sub("St ", name)
        yield _SAINT.sub("St. ", name)


def _entry(surface: str, place: Place | None, via: str, guard: str, priority: int) -> _Entry:
    capitals = tuple(i for i, c in enumerate(surface) if c.isupper())
    letters = [c for c in surface if c.isalpha()]
    is_abbreviation = bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)
    return _Entry(place, via, capitals, is_abbreviation, guard, priority)


def _typo_spellings(
    entries: dict[str, _Entry], not_typos: frozenset[str]
) -> Iterator[tuple[str, _Entry]]:
    """One-edit variants of long one-word country names that collide with nothing.

    The first letter is kept (misspellings rarely change it, and it keeps "France" from
    turning into "Trance"); the variant must be capitalised in the text; a variant that
    is a known spelling, a listed real word, or a variant of two countries is dropped.
    """
    owners: dict[str, set[Place]] = {}
    for key, entry in entries.items():
        if not _is_typo_base(key, entry):
            continue
        for variant in one_edit_variants(key):
            if (
                len(variant) >= TYPO_MIN_LENGTH
                and variant not in entries
                and variant not in not_typos
            ):
                owners.setdefault(variant, set()).add(entry.place)
    for variant, places in owners.items():
        if len(places) == 1:
            yield variant, _Entry(next(iter(places)), "typo", (0,), False, "", _PRIORITY_TYPO)


def _is_typo_base(key: str, entry: _Entry) -> bool:
    return (
        entry.place is not None
        and entry.place.kind == "country"
        and entry.via in ("name", "alias")
        and not entry.guard
        and not entry.is_abbreviation
        and len(key) >= TYPO_MIN_LENGTH
        and key.isalpha()
        and key.isascii()
    )


def one_edit_variants(word: str) -> set[str]:
    """Every string one deletion, insertion, substitution or adjacent swap from ``word``.

    The first letter is never edited.
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    variants = set()
    for i in range(1, len(word) + 1):
        head, tail = word[:i], word[i:]
        variants.update(head + c + tail for c in letters)
        if tail:
            variants.add(head + tail[1:])
            variants.update(head + c + tail[1:] for c in letters)
        if len(tail) > 1:
            variants.add(head + tail[1] + tail[0] + tail[2:])
    variants.discard(word)
    return variants


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer built from the repository's tables, once per process."""
    return Gazetteer(read_alias_rows(), read_region_rows(), read_not_typos())


def find_mentions(text: str) -> list[GeoMention]:
    """Countries and regions named in ``text``, sorted by start, leftmost-longest, no overlaps."""
    return gazetteer().find_mentions(text)


def resolve(name: str) -> Place | None:
    """The country or region one name, alias, demonym, city, typo or region name means."""
    return gazetteer().resolve(name)


def country_name(iso3: str) -> str:
    """Short display name for an ISO 3166-1 alpha-3 code (``XKX`` -> ``Kosovo``).

    Raises:
        KeyError: the code is neither in ISO 3166-1 nor one of ``USER_ASSIGNED_CODES``.
    """
    names = gazetteer().display
    code = iso3.strip().upper() if isinstance(iso3, str) else iso3
    if code not in names:
        raise KeyError(
            f"unknown country code {iso3!r}: expected an ISO 3166-1 alpha-3 code such as 'GUY'"
        )
    return names[code]
