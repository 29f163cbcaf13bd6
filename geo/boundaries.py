"""Country shapes from the vendored Natural Earth 1:50m admin-0 file, keyed by ISO 3166-1 alpha-3.

The file (see data/boundaries/README.md) identifies countries by ISO 3166-1 *numeric*
code; this module turns those into alpha-3 codes in one place (`assign_iso3`), repairs
the few invalid shapes, and adds what a world map needs: a point inside each shape,
the true area, whether the country is a speck at world scale, a simplified copy for
light GeoJSON, and a bounding box for fitting the view.

Nothing here touches the network; the equal-area projection comes from the local PROJ
database.
"""

from __future__ import annotations

import csv
import functools
import math
import warnings
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

_BOUNDARIES_DIR = Path(__file__).resolve().parents[1] / "data" / "boundaries"

DEFAULT_PATH: Path = _BOUNDARIES_DIR / "countries-50m.json"
EXTRA_POINTS_PATH: Path = _BOUNDARIES_DIR / "extra_points.tsv"

SMALL_AREA_KM2: float = 15_000.0
"""Countries smaller than this are specks on a world map and need a marker as well as a fill.

15,000 km2 catches Jamaica (~10,900), Cyprus (~5,700 without the north), Trinidad and
Tobago (~5,100), the Bahamas, Lebanon, Qatar and the Gambia, while Eswatini (~17,000),
Kuwait and Fiji stay plain shapes.
"""

WORLD_BOUNDS: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)

TOPOJSON_LAYER = "countries"
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: cylindrical equal-area
GEOGRAPHIC_CRS = "EPSG:4326"

CODE_BY_NAME: dict[str, str] = {
    "Kosovo": "XKX",
    "France": "FRA",
    "Norway": "NOR",
}
"""Reviewed codes for features whose numeric id is missing or Natural Earth's ``-99``.

Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU and IMF use.
France and Norway are the classic ``-99`` cases in raw Natural Earth attributes. Other
features without a code (Northern Cyprus, Somaliland, Siachen Glacier, Indian Ocean
Territories) deliberately stay without one.
"""

NATURAL_EARTH_NO_CODE = "-99"

CORE_PART_MIN_SHARE = 0.05
CORE_PART_MAX_GAP_DEG = 20.0

OUTPUT_COLUMNS = ["iso3", "name", "geometry", "rep_lon", "rep_lat", "area_km2", "is_small"]


class BoundaryFileError(ValueError):
    """The boundary file or the extra-points table is missing or unreadable."""


def assign_iso3(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add an ``iso3`` column from the ISO numeric ``id`` (the one place codes are fixed).

    Numeric ids become alpha-3 codes through pycountry. A missing id or Natural
    Earth's ``-99`` falls back to the reviewed `CODE_BY_NAME` table (Kosovo -> XKX);
    anything else keeps ``iso3=None``. Numeric ids unknown to pycountry also get None,
    with a warning naming them.

    Args:
        frame: Features with an ``id`` column (ISO numeric, e.g. "052") and a ``name``.

    Returns:
        A copy of ``frame`` with an ``iso3`` column (str or None).

    Raises:
        BoundaryFileError: if ``id`` or ``name`` is missing.
    """
    missing_columns = [column for column in ("id", "name") if column not in frame.columns]
    if missing_columns:
        raise BoundaryFileError(
            f"Cannot assign ISO codes: the features have no {', '.join(missing_columns)} "
            "column. Expected Natural Earth features with 'id' (ISO numeric) and 'name'."
        )
    codes = [
        _iso3_for(numeric, name) for numeric, name in zip(frame["id"], frame["name"], strict=True)
    ]
    unknown = sorted(
        {
            _normalise_numeric(numeric)
            for numeric, code in zip(frame["id"], codes, strict=True)
            if code is None and _normalise_numeric(numeric) is not None
        }
    )
    if unknown:
        warnings.warn(
            f"ISO numeric ids unknown to pycountry, left without iso3: {unknown}",
            stacklevel=2,
        )
    result = frame.copy()
    result["iso3"] = pd.Series(codes, index=frame.index, dtype=object)
    return result


def load_countries(path: Path | None = None) -> gpd.GeoDataFrame:
    """Read the boundary file into one row per country, ready for a map.

    Columns: ``iso3``, ``name`` (Natural Earth short name), ``geometry`` (EPSG:4326),
    ``rep_lon``/``rep_lat`` (a point guaranteed inside the shape), ``area_km2``
    (equal-area projection) and ``is_small`` (area below `SMALL_AREA_KM2`).
    Features sharing a code are dissolved (Australia absorbs Ashmore and Cartier
    Islands). Features with no code (Northern Cyprus, Somaliland, ...) are kept with
    ``iso3=None`` so a base map has no holes.

    The parsed file is cached per path; each call returns a fresh copy, so callers may
    modify what they get.

    Args:
        path: A TopoJSON file with a ``countries`` layer; defaults to `DEFAULT_PATH`.

    Raises:
        BoundaryFileError: if the file is missing or is not a readable boundary file.
    """
    return _load_countries_cached(_resolve(path)).copy()


def shapes_for(
    iso3_codes: Iterable[str], path: Path | None = None
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Return the rows for the given codes (in first-seen order) and the codes with no shape.

    Codes are matched case-insensitively; blanks are ignored.
    """
    wanted = _clean_codes(iso3_codes)
    countries = _load_countries_cached(_resolve(path))
    known = countries[countries["iso3"].notna()].set_index("iso3", drop=False)
    found = [code for code in wanted if code in known.index]
    missing = sorted(code for code in wanted if code not in known.index)
    rows = known.loc[found].reset_index(drop=True).copy()
    return rows, missing


def simplify(frame: gpd.GeoDataFrame, tolerance: float, decimals: int = 3) -> gpd.GeoDataFrame:
    """Simplify shapes to ``tolerance`` degrees and snap coordinates to ``decimals`` places.

    Simplification preserves topology. A shape that simplification or snapping would
    empty (a tiny island) keeps its original outline, snapped if that survives, so no
    row ever loses its geometry.

    Args:
        frame: Rows from `load_countries` or `shapes_for`.
        tolerance: Maximum displacement in degrees (0.05 suits a world map).
        decimals: Decimal places kept in coordinates (3 is about 100 m).

    Returns:
        A copy of ``frame`` with lighter geometry.
    """
    if tolerance < 0 or decimals < 0:
        raise ValueError(
            f"simplify needs tolerance >= 0 and decimals >= 0, got {tolerance} and {decimals}"
        )
    grid = 10.0 ** (-decimals)
    result = frame.copy()
    result["geometry"] = [
        _simplified(geometry, tolerance, grid) for geometry in frame.geometry.array
    ]
    return result


def bounds_for(
    iso3_codes: Iterable[str], pad_fraction: float = 0.1
) -> tuple[float, float, float, float]:
    """Return (min_lon, min_lat, max_lon, max_lat) covering those countries, for fitting a view.

    Each country counts by its main landmass: its largest part plus parts at least
    5 % as large lying within 20 degrees of it (so the USA keeps Alaska but not
    Hawaii or the Aleutians past 180, France means Europe, Russia stops at 180).
    Codes with no shape count by their point in the extra-points table; unknown codes
    are ignored. The longitudes are covered by the shortest arc, so a Pacific set does
    not span the world: when that arc crosses the antimeridian, ``max_lon`` exceeds 180
    (e.g. 178 to 188 for Fiji and Samoa) and ``max_lon - min_lon`` is the true width.
    No usable code gives `WORLD_BOUNDS`.

    Args:
        iso3_codes: ISO 3166-1 alpha-3 codes (XKX for Kosovo).
        pad_fraction: Margin added on each side, as a fraction of the width and height.
    """
    codes = _clean_codes(iso3_codes)
    countries = _load_countries_cached(DEFAULT_PATH)
    by_code = countries[countries["iso3"].notna()].set_index("iso3")
    boxes: list[tuple[float, float, float, float]] = []
    for code in codes:
        if code in by_code.index:
            boxes.extend(part.bounds for part in _core_parts(by_code.at[code, "geometry"]))
        elif (point := _extra_point(code)) is not None:
            boxes.append((point[0], point[1], point[0], point[1]))
    if not boxes:
        return WORLD_BOUNDS
    min_lon, max_lon = _shortest_longitude_arc([(box[0], box[2]) for box in boxes])
    min_lat = min(box[1] for box in boxes)
    max_lat = max(box[3] for box in boxes)
    return _padded((min_lon, min_lat, max_lon, max_lat), pad_fraction)


def point_for(iso3: str, path: Path | None = None) -> tuple[float, float] | None:
    """Return (lon, lat) for a marker: inside the shape if any, else from the extra-points table.

    The table (data/boundaries/extra_points.tsv) covers codes the 1:50m file has no
    shape for, such as Tuvalu and Gibraltar. Unknown codes give None.
    """
    if not isinstance(iso3, str):
        return None
    code = iso3.strip().upper()
    countries = _load_countries_cached(_resolve(path))
    rows = countries[countries["iso3"] == code]
    if not rows.empty:
        return float(rows["rep_lon"].iloc[0]), float(rows["rep_lat"].iloc[0])
    return _extra_point(code)


def load_extra_points(path: Path | None = None) -> pd.DataFrame:
    """Read the reviewed marker points for codes without a shape (iso3, lon, lat, note)."""
    return _load_extra_points_cached(path or EXTRA_POINTS_PATH).copy()


def _resolve(path: Path | None) -> Path:
    return Path(path).resolve() if path is not None else DEFAULT_PATH


@functools.lru_cache(maxsize=4)
def _load_countries_cached(path: Path) -> gpd.GeoDataFrame:
    features = _read_features(path)
    coded = assign_iso3(features)
    coded["geometry"] = [_repaired(geometry) for geometry in coded.geometry.array]
    countries = _dissolve_by_code(coded)
    countries["area_km2"] = countries.to_crs(EQUAL_AREA_CRS).area / 1e6
    inside = [_marker_point(geometry) for geometry in countries.geometry.array]
    countries["rep_lon"] = [point.x for point in inside]
    countries["rep_lat"] = [point.y for point in inside]
    countries["is_small"] = countries["area_km2"] < SMALL_AREA_KM2
    return countries[OUTPUT_COLUMNS].reset_index(drop=True)


def _read_features(path: Path) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise BoundaryFileError(
            f"Boundary file not found: {path}. Restore data/boundaries/countries-50m.json "
            "from the repository (see data/boundaries/README.md)."
        )
    try:
        features = gpd.read_file(path, layer=TOPOJSON_LAYER)
    except Exception as error:  # pyogrio raises several types for unreadable input
        raise BoundaryFileError(
            f"Cannot read boundary file {path} as TopoJSON with a '{TOPOJSON_LAYER}' "
            f"layer ({error}). Use the vendored Natural Earth file."
        ) from error
    if features.empty:
        raise BoundaryFileError(f"Boundary file {path} has no country features.")
    return features.set_crs(GEOGRAPHIC_CRS, allow_override=True)


def _normalise_numeric(numeric: object) -> str | None:
    if numeric is None or (isinstance(numeric, float) and math.isnan(numeric)):
        return None
    text = str(numeric).strip()
    if text in ("", NATURAL_EARTH_NO_CODE):
        return None
    if text.endswith(".0"):
        text = text[:-2]
    return text.zfill(3) if text.isdigit() else text


def _iso3_for(numeric: object, name: object) -> str | None:
    code = _normalise_numeric(numeric)
    if code is None:
        return CODE_BY_NAME.get(str(name).strip()) if isinstance(name, str) else None
    country = pycountry.countries.get(numeric=code)
    return country.alpha_3 if country is not None else None


def _repaired(geometry: BaseGeometry) -> BaseGeometry:
    """Make a shape valid and planar: split rings that cross 180 degrees, then fix the rest.

    The TopoJSON is spherical: a ring may run past 180 and continue at -180 (Russia's
    Chukotka, Fiji's Taveuni), which a planar reader sees as a band around the world.
    """
    if geometry is None or geometry.is_empty:
        return geometry
    pieces = [
        piece
        for part in shapely.get_parts(geometry)
        for piece in shapely.get_parts(_split_at_antimeridian(part))
    ]
    result = pieces[0] if len(pieces) == 1 else MultiPolygon(pieces)
    if result.is_valid:
        return result
    polygons = [
        part
        for part in shapely.get_parts(shapely.make_valid(result))
        if isinstance(part, Polygon | MultiPolygon)
    ]
    return shapely.union_all(polygons) if polygons else result


def _split_at_antimeridian(polygon: Polygon) -> BaseGeometry:
    """Cut a polygon whose ring jumps across 180 degrees into pieces inside -180..180.

    Rings around a pole (Antarctica) do not close when unwrapped and are left as they are.
    """
    exterior = np.asarray(polygon.exterior.coords)
    if np.abs(np.diff(exterior[:, 0])).max() <= 180.0:
        return polygon
    exterior_lon = np.unwrap(exterior[:, 0], period=360.0)
    if abs(exterior_lon[-1] - exterior_lon[0]) > 1e-9:
        return polygon
    holes = []
    for interior in polygon.interiors:
        hole = np.asarray(interior.coords)
        hole_lon = np.unwrap(hole[:, 0], period=360.0)
        hole_lon += 360.0 * np.round((exterior_lon.mean() - hole_lon.mean()) / 360.0)
        holes.append(np.column_stack([hole_lon, hole[:, 1]]))
    unwrapped = shapely.make_valid(Polygon(np.column_stack([exterior_lon, exterior[:, 1]]), holes))
    pieces = []
    for turn in (-1, 0, 1):
        window = shapely.box(-180.0 + 360.0 * turn, -90.0, 180.0 + 360.0 * turn, 90.0)
        clipped = shapely.intersection(unwrapped, window)
        shifted = shapely.transform(clipped, lambda xy, turn=turn: xy - [360.0 * turn, 0.0])
        pieces.extend(part for part in shapely.get_parts(shifted) if isinstance(part, Polygon))
    return MultiPolygon(pieces) if pieces else polygon


def _marker_point(geometry: BaseGeometry) -> BaseGeometry:
    """A point inside the largest part, so Norway's marker sits in Norway, not on Svalbard."""
    largest = max(shapely.get_parts(geometry), key=lambda part: part.area)
    return largest.representative_point()


def _dissolve_by_code(coded: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Merge features sharing a code; the name comes from the largest one."""
    uncoded = coded[coded["iso3"].isna()]
    with_code = coded[coded["iso3"].notna()]
    largest_first = with_code.assign(
        _area=shapely.area(np.asarray(with_code.geometry.array))
    ).sort_values("_area", ascending=False, kind="stable")
    merged = []
    for code, group in largest_first.groupby("iso3", sort=False):
        geometry = (
            group.geometry.iloc[0] if len(group) == 1 else shapely.union_all(group.geometry.array)
        )
        merged.append({"iso3": code, "name": group["name"].iloc[0], "geometry": geometry})
    dissolved = gpd.GeoDataFrame(merged, geometry="geometry", crs=coded.crs)
    combined = pd.concat([dissolved, uncoded[["iso3", "name", "geometry"]]], ignore_index=True)
    return gpd.GeoDataFrame(combined, geometry="geometry", crs=coded.crs)


def _simplified(geometry: BaseGeometry, tolerance: float, grid: float) -> BaseGeometry:
    if geometry is None or geometry.is_empty:
        return geometry
    light = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), grid)
    if not light.is_empty:
        return light
    snapped = shapely.set_precision(geometry, grid)
    return snapped if not snapped.is_empty else geometry


def _clean_codes(iso3_codes: Iterable[str]) -> list[str]:
    if isinstance(iso3_codes, str):
        iso3_codes = [iso3_codes]
    seen: dict[str, None] = {}
    for code in iso3_codes:
        if isinstance(code, str) and code.strip():
            seen.setdefault(code.strip().upper(), None)
    return list(seen)


def _core_parts(geometry: BaseGeometry) -> list[BaseGeometry]:
    """The largest part and the sizeable parts near it: a country's main landmass."""
    parts = sorted(shapely.get_parts(geometry), key=lambda part: part.area, reverse=True)
    largest = parts[0]
    return [largest] + [
        part
        for part in parts[1:]
        if part.area >= CORE_PART_MIN_SHARE * largest.area
        and part.distance(largest) <= CORE_PART_MAX_GAP_DEG
    ]


def _shortest_longitude_arc(spans: list[tuple[float, float]]) -> tuple[float, float]:
    """Cover the longitude spans with the shortest arc; the result may run past 180."""
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    wrap_gap = merged[0][0] + 360.0 - merged[-1][1]
    gaps = [(merged[i + 1][0] - merged[i][1], i) for i in range(len(merged) - 1)]
    widest_gap, after = max(gaps, default=(-1.0, -1))
    if widest_gap <= wrap_gap:
        return merged[0][0], merged[-1][1]
    return merged[after + 1][0], merged[after][1] + 360.0


def _padded(
    box: tuple[float, float, float, float], pad_fraction: float
) -> tuple[float, float, float, float]:
    """Add a margin (at least half a degree, so a single island is not a point) and clamp."""
    min_lon, min_lat, max_lon, max_lat = box
    crosses_antimeridian = max_lon > 180.0
    pad_lon = max((max_lon - min_lon) * pad_fraction, 0.5)
    pad_lat = max((max_lat - min_lat) * pad_fraction, 0.5)
    min_lon, max_lon = min_lon - pad_lon, max_lon + pad_lon
    if max_lon - min_lon >= 360.0:
        min_lon, max_lon = WORLD_BOUNDS[0], WORLD_BOUNDS[2]
    elif not crosses_antimeridian:
        min_lon, max_lon = max(min_lon, -180.0), min(max_lon, 180.0)
    min_lat, max_lat = max(min_lat - pad_lat, -90.0), min(max_lat + pad_lat, 90.0)
    return round(min_lon, 4), round(min_lat, 4), round(max_lon, 4), round(max_lat, 4)


@functools.lru_cache(maxsize=2)
def _load_extra_points_cached(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise BoundaryFileError(
            f"Extra points table not found: {path}. Restore data/boundaries/extra_points.tsv."
        )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    try:
        table = pd.DataFrame(
            {
                "iso3": [row["iso3"].strip().upper() for row in rows],
                "lon": [float(row["lon"]) for row in rows],
                "lat": [float(row["lat"]) for row in rows],
                "note": [row["note"].strip() for row in rows],
            }
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BoundaryFileError(
            f"Extra points table {path} needs tab-separated columns iso3, lon, lat, note "
            f"with numeric lon and lat ({error})."
        ) from error
    out_of_range = (table["lon"].abs() > 180) | (table["lat"].abs() > 90)
    bad_rows = table.loc[out_of_range | table["iso3"].duplicated(), "iso3"]
    if not bad_rows.empty:
        raise BoundaryFileError(
            f"Extra points table {path} has out-of-range or repeated rows: {sorted(set(bad_rows))}"
        )
    return table


def _extra_point(code: str) -> tuple[float, float] | None:
    table = _load_extra_points_cached(EXTRA_POINTS_PATH)
    rows = table[table["iso3"] == code]
    if rows.empty:
        return None
    return float(rows["lon"].iloc[0]), float(rows["lat"].iloc[0])
