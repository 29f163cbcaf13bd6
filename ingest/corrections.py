"""Human corrections of extracted facts: a reviewable CSV that every build applies.

A person who finds a wrong fact (a country's role, a figure's value, a quote's speaker)
records a correction instead of editing the dataset, so the correction survives every
rebuild and stays reviewable in one file (``data/corrections.csv`` by default). Each row
names the fact by its table, its article and the rest of the table's primary key, the
field, the value the extractor gave and the value the person says is right.

The build applies corrections in file order to the tidy rows (``apply_corrections``, a
pure function) and flags every row it changed (``corrected``, ``correction_note``), so
the dashboard can show it as a human correction. A correction is applied only while the
fact still holds ``extracted_value``: if the extractor changes its mind, the correction
is reported instead of silently overriding something nobody reviewed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from ingest.atomic import replace_file
from ingest.model import METRICS, QUALIFIERS, ROLES
from ingest.read import BadInput
from ingest.tables import ARTICLES, COUNTRY_ROLES, FIGURES, OPERATIONS, QUOTES, Table

CORRECTIONS_NAME = "corrections.csv"
DEFAULT_CORRECTIONS = Path("data") / CORRECTIONS_NAME
COLUMNS = (
    "article_id",
    "table",
    "key",
    "field",
    "extracted_value",
    "corrected_value",
    "note",
    "corrected_on",
)
DELETE_FIELD = "row"
DELETED = "deleted"
FLAG = "corrected"
NOTE = "correction_note"

CORRECTABLE: dict[str, tuple[str, ...]] = {
    ARTICLES.name: ("title", "publisher", "published_date", "url"),
    OPERATIONS.name: ("operation", "start_date", "end_date"),
    COUNTRY_ROLES.name: ("iso3", "role", "operation"),
    FIGURES.name: ("operation", "metric", "value", "qualifier"),
    QUOTES.name: ("speaker", "speaker_title", "text", "operation"),
}
"""Table name to the fields a person may correct (or delete the row with field ``row``)."""

TABLES_BY_NAME: dict[str, Table] = {
    table.name: table for table in (ARTICLES, OPERATIONS, COUNTRY_ROLES, FIGURES, QUOTES)
}
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_MAX_TEXT = 2000


@dataclass(frozen=True)
class Correction:
    """One person's correction of one field of one fact (or the deletion of the fact)."""

    article_id: str
    table: str
    key: tuple[tuple[str, str], ...]
    field: str
    extracted_value: str
    corrected_value: str
    note: str = ""
    corrected_on: str = ""
    line: int = 0

    @property
    def is_deletion(self) -> bool:
        """True when the fact is wrong as a whole and is to be removed."""
        return self.field == DELETE_FIELD

    def describe(self) -> str:
        """One line naming the fact and the change, for messages and notes."""
        where = f"{self.table} {self.article_id} {format_key(self.key)}"
        if self.is_deletion:
            return f"{where}: deleted"
        return f"{where}: {self.field} {self.extracted_value!r} -> {self.corrected_value!r}"

    def as_row(self) -> dict[str, str]:
        """The CSV row of this correction."""
        return {
            "article_id": self.article_id,
            "table": self.table,
            "key": format_key(self.key),
            "field": self.field,
            "extracted_value": self.extracted_value,
            "corrected_value": self.corrected_value,
            "note": self.note,
            "corrected_on": self.corrected_on,
        }


@dataclass
class Applied:
    """What applying the corrections did: rows changed, and corrections left unapplied."""

    rows: dict[str, list[dict]]
    applied: list[Correction] = field(default_factory=list)
    not_applied: list[tuple[Correction, str]] = field(default_factory=list)


def format_key(key: Iterable[tuple[str, str]]) -> str:
    """``iso3=CAN;role=mentioned;operation=Libertad``: a fact's key as written in the file."""
    return ";".join(f"{name}={value}" for name, value in key)


def parse_key(text: str) -> tuple[tuple[str, str], ...]:
    """Inverse of :func:`format_key`; raises ValueError on a part without ``=``."""
    if not text.strip():
        return ()
    pairs = []
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"key part {part!r} is not NAME=VALUE")
        pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


def key_of(table: Table, row: Mapping) -> tuple[tuple[str, str], ...]:
    """The key that names ``row``: its table's primary key without ``article_id``."""
    return tuple((name, cell_text(row.get(name))) for name in table.primary_key[1:])


def cell_text(value: object) -> str:
    """A cell as the CSV writes it: empty for None, ``True``/``False``, numbers as digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def make_correction(
    article_id: str,
    table: str,
    key: Sequence[tuple[str, str]] | str,
    field_name: str,
    extracted_value: str,
    corrected_value: str,
    note: str = "",
    corrected_on: str | None = None,
    line: int = 0,
) -> Correction:
    """A validated correction, or BadInput saying which part is wrong and what to give."""
    article_id, table, field_name = article_id.strip(), table.strip(), field_name.strip()
    corrected_value, note = corrected_value.strip(), " ".join(note.split())
    if not _ARTICLE_ID.match(article_id):
        raise BadInput(f"article id {article_id!r} is not 16 hex digits; copy it from articles.csv")
    if table not in CORRECTABLE:
        raise BadInput(f"table {table!r} cannot be corrected; use one of {', '.join(CORRECTABLE)}")
    target = TABLES_BY_NAME[table]
    try:
        pairs = parse_key(key) if isinstance(key, str) else tuple(key)
    except ValueError as problem:
        raise BadInput(f"key {key!r}: {problem}") from None
    expected = list(target.primary_key[1:])
    if [name for name, _ in pairs] != expected:
        raise BadInput(
            f"key {format_key(pairs)!r} does not name a {table} row; give "
            + (";".join(f"{name}=..." for name in expected) or "an empty key")
        )
    if field_name != DELETE_FIELD and field_name not in CORRECTABLE[table]:
        raise BadInput(
            f"field {field_name!r} of {table} cannot be corrected; use one of "
            f"{', '.join(CORRECTABLE[table])} (or {DELETE_FIELD!r} to delete the fact)"
        )
    if field_name == DELETE_FIELD:
        corrected_value = DELETED
    else:
        _check_value(field_name, corrected_value)
    if corrected_value == extracted_value and field_name != DELETE_FIELD:
        raise BadInput(
            f"the corrected value {corrected_value!r} is what was extracted; nothing to correct"
        )
    if len(note) > _MAX_TEXT:
        raise BadInput(f"the note is longer than {_MAX_TEXT} characters; shorten it")
    day = corrected_on if corrected_on is not None else dt.date.today().isoformat()
    if day:
        _check_date("corrected_on", day)
    return Correction(article_id, table, tuple(pairs), field_name, extracted_value,
                      corrected_value, note, day, line)  # fmt: skip


def _check_value(field_name: str, value: str) -> None:
    if len(value) > _MAX_TEXT:
        raise BadInput(f"the corrected {field_name} is longer than {_MAX_TEXT} characters")
    if any(char in value for char in "\n\r\x00"):
        raise BadInput(f"the corrected {field_name} must be one line of text")
    rules = {
        "role": (lambda v: v in ROLES, f"one of {', '.join(ROLES)}"),
        "metric": (lambda v: v in METRICS, f"one of {', '.join(METRICS)}"),
        "qualifier": (lambda v: v in QUALIFIERS, f"one of {', '.join(QUALIFIERS)}"),
        "iso3": (lambda v: bool(_ISO3.match(v)), "an ISO 3166-1 alpha-3 code such as CAN"),
        "value": (lambda v: v == "" or v.isdigit(), "a whole number (or empty for a vague amount)"),
        "url": (
            lambda v: v == "" or v.lower().startswith(("http://", "https://")),
            "an address starting with http:// or https://",
        ),
        "speaker": (lambda v: bool(v), "the speaker's name"),
        "text": (lambda v: bool(v), "the quoted words"),
        "operation": (lambda v: ";" not in v, "an operation name without ';'"),
    }
    if field_name in ("published_date", "start_date", "end_date") and value:
        _check_date(field_name, value)
    check, wanted = rules.get(field_name, (lambda v: True, ""))
    if not check(value):
        raise BadInput(f"{value!r} is not a valid {field_name}; give {wanted}")


def _check_date(field_name: str, value: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{field_name} {value!r} is not a date; give it as YYYY-MM-DD") from None


def read_corrections(path: Path | None) -> list[Correction]:
    """The corrections in ``path`` (none if it is None or missing), in file order.

    Raises:
        BadInput: naming the file, and the line and problem of every bad row.
    """
    if path is None or not Path(path).exists():
        return []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(
            f"{path}: cannot be read as UTF-8 text ({error}); fix or remove it"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise BadInput(
            f"{path}: lacks the column(s) {', '.join(missing)};"
            f" its header must be {','.join(COLUMNS)}"
        )
    corrections, problems = [], []
    for row in reader:
        line = reader.line_num
        try:
            corrections.append(
                make_correction(
                    *(row.get(name) or "" for name in COLUMNS[:4]),
                    extracted_value=(row.get("extracted_value") or "").strip(),
                    corrected_value=row.get("corrected_value") or "",
                    note=row.get("note") or "",
                    corrected_on=(row.get("corrected_on") or "").strip(),
                    line=line,
                )
            )
        except BadInput as problem:
            problems.append(f"line {line}: {problem}")
    if problems:
        raise BadInput(
            f"{path}: {len(problems)} bad correction(s); fix them: " + " | ".join(problems)
        )
    return corrections


def apply_corrections(
    rows: Mapping[str, Sequence[Mapping]], corrections: Sequence[Correction]
) -> Applied:
    """The tables with every applicable correction applied and flagged (pure: copies rows).

    Corrections apply in order, so a later one may refine an earlier one. A correction of
    an article the tables do not hold is ignored (it belongs to another corpus); one whose
    fact is gone, or whose field no longer holds ``extracted_value``, is reported. A
    country's role, code or operation corrected in ``country_roles`` is carried to the
    ``mentions`` that support it, so filters by role agree with the map.
    """
    tables = {name: [_unflagged(row) for row in table] for name, table in rows.items()}
    result = Applied(rows=tables)
    known = {row["article_id"] for row in tables.get(ARTICLES.name, [])}
    for correction in corrections:
        if correction.article_id not in known:
            continue
        problem = _apply_one(tables, correction)
        if problem:
            result.not_applied.append((correction, problem))
        else:
            result.applied.append(correction)
    return result


def _unflagged(row: Mapping) -> dict:
    return {**row, FLAG: row.get(FLAG) in (True, "True"), NOTE: row.get(NOTE) or None}


def _apply_one(tables: dict[str, list[dict]], correction: Correction) -> str | None:
    table = TABLES_BY_NAME[correction.table]
    rows = tables.get(table.name, [])
    index = next(
        (
            position
            for position, row in enumerate(rows)
            if row["article_id"] == correction.article_id and key_of(table, row) == correction.key
        ),
        None,
    )
    if index is None:
        return "the article no longer has this fact (the extractor changed); review the correction"
    row = rows[index]
    if correction.is_deletion:
        del rows[index]
        if table is COUNTRY_ROLES:
            tables["mentions"] = [m for m in tables.get("mentions", []) if not _supports(m, row)]
        return None
    current = cell_text(row.get(correction.field))
    if current != correction.extracted_value:
        return (
            f"{correction.field} is now {current!r}, not {correction.extracted_value!r}"
            " (the extractor changed); review the correction"
        )
    changed = {**row, correction.field: _typed(correction.field, correction.corrected_value)}
    new_key = key_of(table, changed)
    if new_key != correction.key and any(
        other["article_id"] == correction.article_id and key_of(table, other) == new_key
        for other in rows
    ):
        return f"the article already has the fact {format_key(new_key)}; delete this one instead"
    rows[index] = _flag(changed, correction)
    if table is COUNTRY_ROLES:
        tables["mentions"] = [
            _flag({**m, correction.field: changed[correction.field]}, correction)
            if _supports(m, row)
            else m
            for m in tables.get("mentions", [])
        ]
    return None


def _supports(mention: Mapping, role_row: Mapping) -> bool:
    return all(
        cell_text(mention.get(name)) == cell_text(role_row.get(name))
        for name in ("article_id", "iso3", "role", "operation")
    )


def _typed(field_name: str, value: str) -> object:
    if value == "":
        return None
    return int(value) if field_name == "value" else value


def _flag(row: dict, correction: Correction) -> dict:
    """Mark a corrected row; a person has checked it, so it no longer needs review."""
    change = f"{correction.field} corrected from {correction.extracted_value or '(empty)'!r}"
    when = f" on {correction.corrected_on}" if correction.corrected_on else ""
    note = f"{change}{when}" + (f": {correction.note}" if correction.note else "")
    earlier = row.get(NOTE)
    flagged = {**row, FLAG: True, NOTE: f"{earlier} | {note}" if earlier else note}
    if "confidence" in row:
        flagged.update(confidence="high", doubt=None)
    return flagged


def find_fact(dataset: Path, table: str, article_id: str, key: str) -> dict[str, str]:
    """The row of a built dataset's table that a correction would name, as text.

    Raises:
        BadInput: the table is not correctable or has no such row.
    """
    if table not in CORRECTABLE:
        raise BadInput(f"table {table!r} cannot be corrected; use one of {', '.join(CORRECTABLE)}")
    try:
        wanted = parse_key(key) if key else ()
    except ValueError as problem:
        raise BadInput(f"key {key!r}: {problem}") from None
    for row in dataset_rows(dataset, table):
        if row.get("article_id") == article_id and key_of(TABLES_BY_NAME[table], row) == wanted:
            return row
    raise BadInput(
        f"{table} has no row for article {article_id} with key {key!r}; list the article's facts"
        " with `python -m ingest correct ARTICLE_ID --list`"
    )


def dataset_rows(dataset: Path, table: str) -> list[dict[str, str]]:
    """One table of a built dataset as text rows (empty cells are empty strings)."""
    path = Path(dataset) / f"{table}.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError:
        raise BadInput(
            f"{path}: no such table; build the dataset first with `python -m ingest build`"
        ) from None


def append_correction(path: Path, correction: Correction) -> None:
    """Add one correction at the end of the file, atomically and under a file lock.

    The whole file is rewritten beside itself and renamed over the old one, so a crash
    never leaves half a row; the lock makes two people's corrections both land.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(f".{path.name}.lock"))):
        existing = read_corrections(path)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for earlier in [*existing, correction]:
            writer.writerow(earlier.as_row())
        replace_file(path, buffer.getvalue().encode("utf-8"))


def correction_for(
    dataset: Path,
    table: str,
    article_id: str,
    key: str,
    field_name: str,
    corrected_value: str,
    note: str = "",
    corrected_on: str | None = None,
) -> Correction:
    """A correction of a fact as the built dataset shows it now (its current value recorded)."""
    row = find_fact(dataset, table, article_id, key)
    if field_name != DELETE_FIELD and field_name not in row:
        raise BadInput(
            f"{table} has no field {field_name!r};"
            f" use one of {', '.join(CORRECTABLE.get(table, ()))}"
        )
    extracted = "" if field_name == DELETE_FIELD else row[field_name]
    correction = make_correction(
        article_id, table, key, field_name, extracted, corrected_value, note, corrected_on
    )
    target = TABLES_BY_NAME[table]
    new_key = key_of(target, {**row, field_name: corrected_value})
    if not correction.is_deletion and new_key != correction.key:
        clash = [
            other
            for other in dataset_rows(dataset, table)
            if other.get("article_id") == article_id and key_of(target, other) == new_key
        ]
        if clash:
            raise BadInput(
                f"the article already has the fact {format_key(new_key)}; delete this one"
                " instead (--delete)"
            )
    return correction
