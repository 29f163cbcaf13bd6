"""Each operation's colour, fixed the first time it appears and kept with the dataset.

A series of briefings must not repaint an operation because another one was added. The
dataset keeps the ``operation_colours`` table (``ingest.tables.OPERATION_COLOURS``); each
build starts from the previous dataset's table, keeps its rows and their order, and only
appends the operations that are new, first seen first, each with the first palette colour
no row holds yet. A person may change a row's colour by hand; the build keeps it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

PALETTE: tuple[str, ...] = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#d55e00",  # vermillion
    "#f0e442",  # yellow
)
"""Okabe & Ito's categorical palette, distinct for the common colour-vision deficiencies."""

COLOURS_NAME = "operation_colours.csv"
COLOUR_FIELDS = ("operation_id", "operation", "edition", "colour")
_HEX = re.compile(r"^#[0-9a-f]{6}$")


def read_colours(path: Path) -> tuple[list[dict], list[str]]:
    """The rows of a dataset's colour table in file order, and one problem per bad row.

    A missing file means no colours yet. A row without an id or with a colour that is not
    ``#rrggbb`` is left out (its operation gets a new colour) and reported.
    """
    if not path.exists():
        return [], []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            raw = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as problem:
        return [], [f"{path.name}: unreadable ({problem}); operations get new colours"]
    rows, problems, seen = [], [], set()
    for number, row in enumerate(raw, start=2):
        clean = {name: (row.get(name) or "").strip() for name in COLOUR_FIELDS}
        clean["colour"] = clean["colour"].lower()
        if not clean["operation_id"] or not _HEX.match(clean["colour"]):
            problems.append(
                f"{path.name} line {number}: needs an operation_id and a colour written "
                "#rrggbb; row ignored"
            )
        elif clean["operation_id"] not in seen:
            seen.add(clean["operation_id"])
            rows.append(clean)
    return rows, problems


def extend_colours(previous: Iterable[Mapping[str, str]], operations: Iterable[dict]) -> list[dict]:
    """The previous rows unchanged and in order, then a row for each new operation.

    ``operations`` are dicts with ``operation_id``, ``operation`` and ``edition``, in the
    order they first appeared; a new one takes the first palette colour no row holds, or,
    once all are taken, the palette in turn.
    """
    rows = [dict(row) for row in previous]
    known = {row["operation_id"] for row in rows}
    for operation in operations:
        if operation["operation_id"] in known:
            continue
        known.add(operation["operation_id"])
        taken = {row["colour"] for row in rows}
        free = [colour for colour in PALETTE if colour not in taken]
        colour = free[0] if free else PALETTE[len(rows) % len(PALETTE)]
        rows.append(
            {**{name: operation.get(name) or "" for name in COLOUR_FIELDS}, "colour": colour}
        )
    return rows


def first_seen(rows: Mapping[str, list[dict]]) -> list[dict]:
    """The operations the tables report (not named in passing), in the order they appeared.

    An operation appears at its earliest start date, or, with none, at the earliest
    publication date of the articles naming it; ties and undated ones go by id.
    """
    published = {row["article_id"]: row.get("published_date") or "" for row in rows["articles"]}
    earliest: dict[str, dict] = {}
    for row in rows["operations"]:
        if row.get("in_passing") or not row.get("operation_id"):
            continue
        when = row.get("start_date") or published.get(row["article_id"]) or "9999"
        entry = earliest.setdefault(
            row["operation_id"],
            {
                "operation_id": row["operation_id"],
                "operation": row["operation"],
                "edition": row.get("edition") or "",
                "when": when,
            },
        )
        entry["when"] = min(entry["when"], when)
    return sorted(earliest.values(), key=lambda entry: (entry["when"], entry["operation_id"]))


def colour_table(rows: Mapping[str, list[dict]], previous: Path) -> tuple[list[dict], list[str]]:
    """The colour table for these rows, extending the one in ``previous``; its problems."""
    kept, problems = read_colours(previous)
    return extend_colours(kept, first_seen(rows)), problems
