"""Filtered tables as CSV (zip) and the map layer as GeoJSON, each saying where columns come from.

Column descriptions are the dataset's own (``ingest/tables.py``), so the README in the
zip and the ``columns`` member of the GeoJSON never drift from what ``ingest build``
writes. Only the dataset's columns are exported, in the dataset's order; the rows are
exactly those of the briefing.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import shapely
from shapely.geometry import mapping

from dashboard.exports import Briefing
from dashboard.exports.content import country_marks, sources_by_id
from dashboard.exports.mapping import small_codes
from dashboard.filters import is_low, op_label
from dashboard.review import best, doubts
from dashboard.safe import escape_markdown_file, spreadsheet_cell, with_hidden_shown
from dashboard.theme import ROLE_ORDER, hex_colour, role_label
from geo.boundaries import point_for, shapes_for
from ingest.tables import ALL_TABLES, Column, Table

GEOJSON_TOLERANCE_DEG = 0.01
GEOJSON_DECIMALS = 4
BOUNDARIES_NOTE = (
    "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2; "
    "simplified to 0.01 degrees."
)
GEOJSON_COLUMNS = {
    "iso3": "ISO 3166-1 alpha-3 code (XKX for Kosovo), from country_roles.iso3.",
    "name": "Country name (geo.country_name; the boundary file's name as a fallback).",
    "role": "Strongest role held in the selected operations (coordinator > participant > "
    "funder > supporter > origin > mentioned), from country_roles.role.",
    "roles": "Every operation and role naming this country, from country_roles "
    "(operation: roles; 'Unattributed report' when the article names no operation).",
    "operations": "Named operations (country_roles.operation) in view, ';'-separated.",
    "colour": "Fill colour used on the dashboard map and the exported images.",
    "n_sources": "Number of distinct articles (country_roles.article_id) naming the country.",
    "sources": "Outlets of those articles (articles.publisher, else its site or headline).",
    "is_small": "True for territories under 15,000 km2, drawn with a marker as well as a fill.",
    "rep_lon": "Longitude of the marker point, inside the shape (geo.boundaries).",
    "rep_lat": "Latitude of the marker point, inside the shape (geo.boundaries).",
    "confidence": "low when every role in view is low-confidence (drawn lighter, with '?'), "
    "else the best confidence among them (country_roles.confidence).",
    "doubt": "Why its low-confidence roles are in doubt (country_roles.doubt); empty if none.",
}
GEOJSON_TEXT_NOTE = (
    "Every string is plain text as the articles wrote it, never markup: escape it before "
    "putting it into HTML. Invisible and text-reordering characters are written out as "
    "[U+202E] and the like."
)
TABLES = {table.name: table for table in ALL_TABLES}
COUNTRIES = Table(
    "countries",
    "One row per country in view, made for this download from country_roles and articles "
    "(not a table of the dataset).",
    ("iso3",),
    (
        Column("name", "string", "Country name (geo.country_name)."),
        Column("iso3", "string", "ISO 3166-1 alpha-3 code (XKX for Kosovo)."),
        Column(
            "operations",
            "string",
            "Named operations it acted in (those that only mention it when none does), "
            "';'-separated.",
        ),
        Column("role", "string", "Strongest role it holds in view (as the map draws it)."),
        Column(
            "roles",
            "string",
            "Every operation and the roles it gives the country (operation: roles; "
            "'Unattributed report' when the article names no operation).",
        ),
        Column("n_sources", "Int64", "Number of distinct articles naming it in view."),
        Column(
            "sources",
            "string",
            "Those articles as cited (outlet, date; '(inferred)' where the build inferred "
            "the date), '; '-separated.",
        ),
    ),
)
TEXT_DTYPE = "string"
SAFETY_NOTE = (
    "Text is data, never markup or formulas. A text cell that starts with `=`, `+`, `-`, "
    "`@`, a tab or a carriage return starts with a single quote (`'`) added here, so "
    "Excel, LibreOffice and Google Sheets show it as text instead of running it as a "
    "formula (OWASP's rule against CSV injection); remove that quote to get the text "
    "exactly as written. Number columns are written as plain numbers. Characters that "
    "are invisible or reorder text (control characters, right-to-left overrides and "
    "isolates, direction marks) are written out as `[U+202E]` and the like, so a "
    "title cannot display reversed. Strings in the GeoJSON map layer are plain text as "
    "the articles wrote them: escape them before putting them into HTML."
)


def tables_zip(briefing: Briefing) -> bytes:
    """A zip of one CSV per table (dataset columns, filtered rows) and a README.md."""
    buffer = io.BytesIO()
    written: list[tuple[Table, int]] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in TABLES.items():
            frame = briefing.tables.get(name)
            if frame is None:
                continue
            archive.writestr(f"{name}.csv", table_csv(frame, table))
            written.append((table, len(frame)))
        countries = countries_frame(briefing)
        archive.writestr(f"{COUNTRIES.name}.csv", table_csv(countries, COUNTRIES))
        written.append((COUNTRIES, len(countries)))
        archive.writestr("README.md", tables_readme(briefing, written))
    return buffer.getvalue()


def countries_frame(briefing: Briefing) -> pd.DataFrame:
    """One row per country in view, as `COUNTRIES` describes: who it is, where, who says so."""
    by_id = sources_by_id(briefing)
    roles = briefing.table("country_roles")
    rows = []
    for mark in sorted(country_marks(briefing), key=lambda mark: mark.name):
        held = roles[roles["iso3"] == mark.iso3]
        article_ids = [a for a in dict.fromkeys(held["article_id"]) if a in by_id]
        rows.append(
            {
                "name": mark.name,
                "iso3": mark.iso3,
                "operations": ";".join(mark.operations),
                "role": mark.role,
                "roles": _roles_text(held),
                "n_sources": len(article_ids),
                "sources": "; ".join(by_id[a].citation for a in article_ids),
            }
        )
    frame = pd.DataFrame(rows, columns=COUNTRIES.column_names)
    return frame.astype({"n_sources": "Int64"})


def table_csv(frame: pd.DataFrame, table: Table) -> str:
    """One table as CSV text: the schema's columns in order (those the frame has), every row.

    Text columns are made spreadsheet-safe (`spreadsheet_cell`); numbers and booleans are
    written as they are, so a spreadsheet still reads ``-5`` as a number.
    """
    columns = [column for column in table.column_names if column in frame.columns]
    text_columns = {column.name for column in table.columns if column.dtype == TEXT_DTYPE}
    safe = frame[columns].copy()
    for name in columns:
        if name in text_columns:
            safe[name] = safe[name].astype("object").map(spreadsheet_cell)
    return safe.to_csv(index=False, lineterminator="\n")


def tables_readme(briefing: Briefing, written: list[tuple[Table, int]]) -> str:
    """What each file and column is: the dataset's own descriptions, plus the filters used."""
    lines = [
        "# Operations Atlas: filtered data",
        "",
        f"Filters: {escape_markdown_file(briefing.description)}",
        f"Made: {briefing.generated:%Y-%m-%d}",
        "",
        SAFETY_NOTE,
        "",
        "Every row is a fact taken from a news article. `article_id` links each row to "
        "`articles.csv`; `span_start`/`span_end` are character offsets into that "
        "article's text, and `surface` is the evidence as written. An empty `operation` "
        "means the article names no operation (an unattributed report, never merged "
        "into an operation).",
        "",
    ]
    for table, count in written:
        lines += [
            f"## {table.name}.csv ({count} row{'s' if count != 1 else ''})",
            "",
            table.description + f" Primary key: {', '.join(table.primary_key)}.",
            "",
            "| column | type | where it comes from |",
            "|---|---|---|",
        ]
        frame = briefing.tables.get(table.name)
        lines += [
            f"| {column.name} | {column.dtype} | {column.description} |"
            for column in table.columns
            if frame is None or column.name in frame.columns
        ]
        lines.append("")
    return "\n".join(lines)


def map_geojson(briefing: Briefing) -> bytes:
    """The map layer: one feature per country in view, with its roles, colour and sources.

    The collection carries ``description``, ``generated``, ``boundaries``, ``text`` (how
    to treat its strings) and ``columns`` (what each property means) as foreign members,
    as RFC 7946 allows.
    """
    marks = country_marks(briefing)
    shapes = _shapes([mark.iso3 for mark in marks])
    small = small_codes()
    by_id = sources_by_id(briefing)
    roles = briefing.table("country_roles")
    features = []
    for mark in marks:
        rows = roles[roles["iso3"] == mark.iso3]
        article_ids = list(dict.fromkeys(rows["article_id"]))
        point = point_for(mark.iso3)
        geometry = shapes.get(mark.iso3)
        if geometry is None and point is not None:
            geometry = shapely.Point(point)
        properties = {
            "iso3": mark.iso3,
            "name": mark.name,
            "role": mark.role,
            "roles": _roles_text(rows),
            "operations": ";".join(mark.operations),
            "colour": hex_colour(mark.colour),
            "n_sources": len(article_ids),
            "sources": "; ".join(by_id[a].outlet for a in article_ids if a in by_id),
            "is_small": mark.iso3 in small,
            "rep_lon": None if point is None else round(point[0], 4),
            "rep_lat": None if point is None else round(point[1], 4),
            "confidence": "low" if mark.doubtful else best(rows.get("confidence", ())),
            "doubt": doubts(rows[is_low(rows)].get("doubt", ())),
        }
        features.append(
            {
                "type": "Feature",
                "id": mark.iso3,
                "properties": _plain_strings(properties),
                "geometry": None if geometry is None else mapping(geometry),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "description": with_hidden_shown(briefing.description),
        "generated": f"{briefing.generated:%Y-%m-%d}",
        "boundaries": BOUNDARIES_NOTE,
        "text": GEOJSON_TEXT_NOTE,
        "columns": GEOJSON_COLUMNS,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain_strings(properties: dict[str, object]) -> dict[str, object]:
    return {
        key: with_hidden_shown(value) if isinstance(value, str) else value
        for key, value in properties.items()
    }


def _roles_text(rows: pd.DataFrame) -> str:
    by_label: dict[str, set[str]] = {}
    for operation, role in zip(rows["operation"], rows["role"], strict=True):
        by_label.setdefault(op_label(operation), set()).add(str(role))
    return "; ".join(
        f"{label}: " + ", ".join(role_label(r).lower() for r in ROLE_ORDER if r in found)
        for label, found in by_label.items()
    )


def _shapes(codes: list[str]) -> dict[str, shapely.Geometry]:
    rows, _ = shapes_for(codes)
    light = shapely.set_precision(
        shapely.simplify(rows.geometry.array, GEOJSON_TOLERANCE_DEG, preserve_topology=True),
        10.0**-GEOJSON_DECIMALS,
    )
    return dict(zip(rows["iso3"], light, strict=True))
