"""Read the dataset ``ingest build`` wrote into plain pandas frames (no Streamlit).

The dashboard reads only the columns listed in `TABLE_COLUMNS` (a subset of the
schema in ``ingest/tables.py``) and the article texts, for provenance.

A rebuild swaps the whole dataset folder in by renaming (``ingest.build``), possibly while
this process or another one reads it. Each read therefore holds the folder's swap lock
(`ingest.atomic.swap_lock`) shared, so it sees one whole dataset. Where the lock file
cannot be made (a read-only data folder), a read is instead repeated until the manifest
is the same before and after it.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd

from ingest.atomic import restore_interrupted_swap, swap_backup, swap_lock

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_VARIABLE = "ATLAS_DATA_DIR"
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "seed"
DEFAULT_CORPUS_DIR = REPO_ROOT / "seeds"
CORPUS_DIR_VARIABLE = "ATLAS_CORPUS_DIR"
MANIFEST = "manifest.json"
COLOURS_TABLE = "operation_colours"
MISSING_STAMP = "missing"
UNLOCKED_ATTEMPTS = 5
UNLOCKED_RETRY_PAUSE = 0.02
"""Without the swap lock: how often to read again, pausing longer each time (seconds)."""
Result = TypeVar("Result")

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string",
        "file": "string",
        "title": "string",
        "publisher": "string",
        "published_date": "string",
        "url": "string",
        "operations": "string",
        "is_unattributed": "boolean",
        "inferred_operation": "string",
        "inference": "string",
    },
    "operations": {
        "article_id": "string",
        "operation": "string",
        "start_date": "string",
        "end_date": "string",
        "span_start": "Int64",
        "span_end": "Int64",
        "surface": "string",
    },
    "mentions": {
        "article_id": "string",
        "iso3": "string",
        "role": "string",
        "operation": "string",
        "span_start": "Int64",
        "span_end": "Int64",
        "surface": "string",
    },
    "country_roles": {
        "article_id": "string",
        "iso3": "string",
        "role": "string",
        "operation": "string",
        "n_mentions": "Int64",
        "span_start": "Int64",
        "span_end": "Int64",
        "surface": "string",
        "corrected": "boolean",
        "correction_note": "string",
    },
    "figures": {
        "article_id": "string",
        "operation": "string",
        "metric": "string",
        "value": "Int64",
        "qualifier": "string",
        "span_start": "Int64",
        "span_end": "Int64",
        "surface": "string",
        "corrected": "boolean",
        "correction_note": "string",
    },
    "quotes": {
        "article_id": "string",
        "quote_id": "string",
        "speaker": "string",
        "speaker_title": "string",
        "text": "string",
        "operation": "string",
        "span_start": "Int64",
        "span_end": "Int64",
        "corrected": "boolean",
        "correction_note": "string",
    },
}
"""The columns the dashboard reads from each table (a subset of ``ingest/tables.py``)."""

REVIEW_COLUMNS: dict[str, str] = {"rule_id": "string", "confidence": "string", "doubt": "string"}
"""How each fact was found and how sure it is. Read from every fact table when present; a
dataset built before they existed gets them empty (unknown, never shown as doubtful)."""
FACT_TABLES_WITH_REVIEW = ("operations", "mentions", "country_roles", "figures", "quotes")
INFERRED_SOURCE_COLUMNS: dict[str, str] = {"published_month": "string", "inferred_fields": "string"}
"""What was inferred about an article's source; empty in a dataset built before them."""
LINK_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {"operation_ids": "string", "inferred_operation_id": "string"},
    "operations": {"operation_id": "string", "edition": "string", "in_passing": "boolean"},
    **{name: {"operation_id": "string"} for name in ("mentions", "country_roles", "figures")},
    "quotes": {"operation_id": "string"},
}
"""Which edition of an operation each fact belongs to (``ingest.linking``); empty in a
dataset built before them, where each operation name is one operation."""
OPTIONAL_COLUMNS = {
    name: REVIEW_COLUMNS | LINK_COLUMNS.get(name, {}) for name in FACT_TABLES_WITH_REVIEW
} | {"articles": INFERRED_SOURCE_COLUMNS | LINK_COLUMNS["articles"]}
COLOUR_COLUMNS = {"operation_id": "string", "operation": "string", "colour": "string"}
"""The colour each operation keeps (``ingest.colours``); a dataset without them has none."""


class DatasetError(RuntimeError):
    """The dataset folder is missing or a table cannot be read; the message says what to do."""


@dataclass(frozen=True)
class Dataset:
    """The tables of one built dataset, and the text of each article (for provenance)."""

    folder: Path
    articles: pd.DataFrame
    operations: pd.DataFrame
    mentions: pd.DataFrame
    country_roles: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    operation_colours: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(COLOUR_COLUMNS), dtype="string")
    )


def data_dir() -> Path:
    """The dataset folder: ``$ATLAS_DATA_DIR`` if set, else ``data/seed`` in the repository."""
    configured = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA_DIR


def corpus_dir() -> Path:
    """The article folder new articles are saved to: ``$ATLAS_CORPUS_DIR`` or ``seeds``."""
    configured = os.environ.get(CORPUS_DIR_VARIABLE, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_CORPUS_DIR


def read_dataset(folder: Path, *, before_tables: Callable[[Path], object] | None = None) -> Dataset:
    """Read every table the dashboard needs from a dataset folder, all from one build.

    Empty cells stay ``<NA>``; an operation cell that is empty means the article names
    no operation (an unattributed fact), and is normalised to ``<NA>``.

    ``before_tables`` is called with the folder on every attempt, once its manifest is
    found and before any table is read: the moment a rebuild must not slip into unseen,
    so a test can put one there.

    Raises:
        DatasetError: if the folder, its manifest or a table is missing or unreadable.
    """

    def read(where: Path) -> Dataset:
        return _read_tables(where, before_tables)

    return _read_whole(Path(folder), read)


def _read_tables(folder: Path, before_tables: Callable[[Path], object] | None = None) -> Dataset:
    if not (folder / MANIFEST).is_file():
        raise DatasetError(
            f"No dataset in {folder} (no {MANIFEST}). Build it with "
            f"`python -m ingest build seeds --out {folder}` (or `make data`), or point "
            f"{DATA_DIR_VARIABLE} at a folder that `ingest build` wrote."
        )
    if before_tables is not None:
        before_tables(folder)
    tables = {
        name: _read_table(folder, name, columns, OPTIONAL_COLUMNS.get(name, {}))
        for name, columns in TABLE_COLUMNS.items()
    }
    texts = {
        article_id: _read_text(folder, article_id)
        for article_id in tables["articles"]["article_id"].dropna()
    }
    if (folder / f"{COLOURS_TABLE}.csv").is_file():
        tables[COLOURS_TABLE] = _read_table(folder, COLOURS_TABLE, COLOUR_COLUMNS, {})
    return Dataset(folder=folder, texts=texts, **tables)


def _read_table(
    folder: Path, name: str, columns: dict[str, str], optional: dict[str, str]
) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    try:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    except FileNotFoundError as error:
        raise DatasetError(
            f"The dataset in {folder} has no {name}.csv. Rebuild it with "
            f"`python -m ingest build seeds --out {folder}`."
        ) from error
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DatasetError(f"Cannot read {path}: {error}. Rebuild the dataset.") from error
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DatasetError(
            f"{path} lacks the column(s) {', '.join(missing)}: it was written by another "
            "version of `ingest build`. Rebuild the dataset."
        )
    for column in optional:
        if column not in frame.columns:
            frame[column] = pd.NA
    columns = {**columns, **optional}
    frame = frame[list(columns)].copy()
    for column, dtype in columns.items():
        if dtype == "Int64":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        elif dtype == "boolean":
            frame[column] = frame[column].str.lower().map({"true": True, "false": False})
            frame[column] = frame[column].astype("boolean")
        else:
            frame[column] = frame[column].astype("string").str.strip().replace("", pd.NA)
    return frame


def _read_text(folder: Path, article_id: str) -> str:
    path = folder / "texts" / f"{article_id}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def dataset_stamp(folder: Path) -> str:
    """Changes whenever the dataset is rebuilt, so the cache reloads it; "missing" if none."""
    try:
        return _read_whole(Path(folder), _manifest_stamp)
    except DatasetError:
        return MISSING_STAMP


def _manifest_stamp(folder: Path) -> str:
    """Which write of the manifest this is, from one open file so its parts agree."""
    try:
        with (folder / MANIFEST).open("rb") as manifest:
            status = os.fstat(manifest.fileno())
            extractor = json.loads(manifest.read())["extractor"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetError(f"No readable {MANIFEST} in {folder}.") from error
    return f"{status.st_mtime_ns}:{status.st_ino}:{status.st_size}:{extractor}"


def _read_whole(folder: Path, read: Callable[[Path], Result]) -> Result:
    """``read(folder)`` as of one build: under the swap lock, or checked without it.

    A build killed between the two renames of its swap leaves no folder, only the
    previous dataset beside it: that is put back first, or read where it is when the
    folder cannot be changed.
    """
    restore_interrupted_swap(folder)
    with swap_lock(folder, exclusive=False) as locked:
        if locked:
            return read(folder)
    try:
        return _read_unlocked(folder, read)
    except DatasetError:
        backup = swap_backup(folder)
        if folder.exists() or not (backup / MANIFEST).is_file():
            raise
        return _read_unlocked(backup, read)


def _read_unlocked(folder: Path, read: Callable[[Path], Result]) -> Result:
    """Read until the manifest is the same before and after, so no swap came between.

    A failed read while the manifest changes (or is missing, as between a swap's two
    renames) is tried again; one in an unchanged dataset is a real problem, raised at once.
    """
    problem = DatasetError(
        f"The dataset in {folder} kept changing while it was read (a build is running). "
        "Reload the page in a moment."
    )
    for attempt in range(UNLOCKED_ATTEMPTS):
        if attempt:
            time.sleep(UNLOCKED_RETRY_PAUSE * attempt)
        before = _stamp_or_none(folder)
        try:
            result = read(folder)
        except DatasetError as error:
            if before is not None and _stamp_or_none(folder) == before:
                raise
            problem = error
            continue
        if before is not None and _stamp_or_none(folder) == before:
            return result
    raise problem


def _stamp_or_none(folder: Path) -> str | None:
    try:
        return _manifest_stamp(folder)
    except DatasetError:
        return None
