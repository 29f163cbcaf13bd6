"""The world as compact coordinate lists for deck.gl, and the view that fits a set of countries.

The land layer (every country, drawn in grey under the data) is simplified coarsely with
two decimals, each country more finely; coordinates are plain nested lists so the deck
spec serialises compactly. Building this from the vendored boundaries takes a couple of
seconds (reading the TopoJSON, simplifying, and the gazetteer behind the display names),
so the result is kept on disk in the user's cache folder, keyed by a hash of every input
file and of the code that makes it: a fresh server starts in milliseconds. No Streamlit.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_INPUTS = (
    "data/boundaries/countries-50m.json",
    "data/boundaries/extra_points.tsv",
    "data/gazetteer",
    "geo/boundaries.py",
    "geo/names.py",
    "dashboard/geometry.py",
)
CACHE_DIR_VARIABLE = "ATLAS_CACHE_DIR"

LAND_TOLERANCE_DEG = 0.15
LAND_DECIMALS = 2
LAND_MIN_AREA_DEG2 = 0.01
"""Background islets smaller than this (about 1 km across) are left out of the grey land;
a country in view is drawn from its own detailed shape, with a marker when it is small."""
SHAPE_TOLERANCE_DEG = 0.04
SHAPE_DECIMALS = 3
OUTLINE_TOLERANCE_DEG = 0.15
OUTLINE_MIN_AREA_DEG2 = 0.3
"""Outlines (drawn for outlined roles only) skip islands smaller than this; fills keep them."""
LEFT_OFF_LAND = frozenset({"ATA"})
"""Antarctica: a third of a Mercator world map, named by no operation, so not drawn."""

MAP_WIDTH_PX = 500
"""The width a live view is fitted to: the narrowest the map column gets on a laptop or a
narrow window (about 500 px at 800 px with the sidebar closed). A wider column shows the
same countries with more around them, never fewer."""
MAP_HEIGHT_PX = 500
MIN_EXTENT_DEG = (16.0, 10.0)
"""The smallest box a view shows (longitude, latitude): one small country keeps its
neighbours and coasts around it instead of filling the map as a blocky polygon."""
TILE_PX = 512
MAX_ZOOM = 7.0
MIN_ZOOM = 0.0
WORLD_VIEW_SPAN_DEG = 160.0
"""Past this width a fitted view is less useful than the whole world, centred on Greenwich."""
WORLD_BOX = (-170.0, -56.0, 180.0, 76.0)

Polygon = list[list[list[float]]]


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Country:
    """A country ready for the map: name, shapes, marker point, size and main-landmass box."""

    iso3: str
    name: str
    polygons: tuple[Polygon, ...]
    point: tuple[float, float]
    is_small: bool
    box: Box
    outline: tuple[list[list[float]], ...] = ()
    coarse: tuple[Polygon, ...] = ()
    """Its shapes as coarse as the grey land (empty for a speck the land leaves out): what
    a map of many countries draws, so its message stays small."""


@dataclass(frozen=True)
class MapGeometry:
    """Land for the background, every country by ISO3 code, and points for codes with no shape.

    Treat as read-only: one instance is shared by every session.
    """

    land: Mapping
    countries: Mapping[str, Country]
    extra_points: Mapping[str, tuple[float, float]]
    display_names: Mapping[str, str]


@dataclass(frozen=True)
class ViewState:
    """Where the camera looks: centre and zoom of a Web Mercator map."""

    longitude: float
    latitude: float
    zoom: float


def build_geometry(cache_dir: Path | None = None) -> MapGeometry:
    """The map geometry, from the disk cache when its inputs are unchanged, else built and saved.

    Args:
        cache_dir: Where to keep it; defaults to ``$ATLAS_CACHE_DIR`` or
            ``~/.cache/operations-atlas``. An unwritable folder only costs the saving.
    """
    folder = cache_dir or default_cache_dir()
    path = folder / f"map-geometry-{inputs_digest()}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        payload = compute_geometry_payload()
        _save(path, payload)
    return geometry_from_payload(payload)


def default_cache_dir() -> Path:
    """``$ATLAS_CACHE_DIR``, else ``$XDG_CACHE_HOME/operations-atlas`` (``~/.cache/...``)."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "operations-atlas"


def inputs_digest(root: Path = REPO_ROOT) -> str:
    """Hash of every file the geometry is made from (data and code)."""
    digest = hashlib.sha256()
    for name in CACHE_INPUTS:
        target = root / name
        files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()[:16]


def compute_geometry_payload() -> dict:
    """Read and simplify the vendored boundaries (slow: about two seconds)."""
    from geo import country_name
    from geo.boundaries import bounds_for, load_countries, load_extra_points, simplify

    countries = load_countries()
    coded = countries[countries["iso3"].notna()]
    land_frame = simplify(
        countries[~countries["iso3"].isin(LEFT_OFF_LAND)], LAND_TOLERANCE_DEG, LAND_DECIMALS
    )
    land = [
        polygon
        for geometry in land_frame.geometry
        for polygon in polygons_of(geometry, LAND_MIN_AREA_DEG2)
    ]
    coarse = {
        code: polygons_of(geometry, LAND_MIN_AREA_DEG2)
        for code, geometry in zip(land_frame["iso3"], land_frame.geometry, strict=True)
        if isinstance(code, str)
    }
    detailed = simplify(coded, SHAPE_TOLERANCE_DEG, SHAPE_DECIMALS)
    outlines = dict(
        zip(
            coded["iso3"],
            (
                outline_rings(shape, OUTLINE_MIN_AREA_DEG2)
                for shape in simplify(coded, OUTLINE_TOLERANCE_DEG, LAND_DECIMALS).geometry
            ),
            strict=True,
        )
    )
    extra = load_extra_points()
    codes = sorted(set(coded["iso3"]) | set(extra["iso3"]))
    display_names = {}
    for code in codes:
        try:
            display_names[code] = country_name(code)
        except KeyError:
            continue
    return {
        "land": land,
        "countries": {
            row.iso3: {
                "name": row.name,
                "polygons": polygons_of(row.geometry),
                "point": [round(float(row.rep_lon), 3), round(float(row.rep_lat), 3)],
                "is_small": bool(row.is_small),
                "box": list(bounds_for([row.iso3], pad_fraction=0.0)),
                "outline": outlines.get(row.iso3, []),
                "coarse": coarse.get(row.iso3, []),
            }
            for row in detailed.itertuples()
        },
        "extra_points": {row.iso3: [float(row.lon), float(row.lat)] for row in extra.itertuples()},
        "display_names": display_names,
    }


def geometry_from_payload(payload: Mapping) -> MapGeometry:
    """The read-only `MapGeometry` for a payload from `compute_geometry_payload`."""
    land = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "MultiPolygon", "coordinates": payload["land"]},
    }
    countries = {
        code: Country(
            iso3=code,
            name=entry["name"],
            polygons=tuple(entry["polygons"]),
            point=(entry["point"][0], entry["point"][1]),
            is_small=entry["is_small"],
            box=tuple(entry["box"]),
            outline=tuple(entry.get("outline", ())),
            coarse=tuple(entry.get("coarse", ())),
        )
        for code, entry in payload["countries"].items()
    }
    return MapGeometry(
        land=MappingProxyType(land),
        countries=MappingProxyType(countries),
        extra_points=MappingProxyType(
            {code: (point[0], point[1]) for code, point in payload["extra_points"].items()}
        ),
        display_names=MappingProxyType(dict(payload["display_names"])),
    )


def publish_land(geometry: MapGeometry, folder: Path) -> str | None:
    """Write the land layer to ``folder`` as ``land-<content hash>.json``; return the file name.

    The dashboard serves this file once and lets the browser cache it, instead of sending
    the same 200 KB of land inside every map message. The name changes with the content,
    so a cached copy is never stale. Returns None when the folder cannot be written.
    """
    text = json.dumps(dict(geometry.land), separators=(",", ":"))
    name = f"land-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
    path = folder / name
    if path.is_file():
        return name
    handle = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)
        return None
    return name


def _save(path: Path, payload: dict) -> None:
    """Write atomically (a reader never sees half a file); give up quietly if unwritable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(payload, handle, separators=(",", ":"))
        os.replace(handle.name, path)
    except OSError:
        return


def polygons_of(geometry, min_area: float = 0.0) -> list[Polygon]:
    """A (multi)polygon as GeoJSON-style rings: one entry per part, exterior ring first.

    Parts smaller than ``min_area`` square degrees are left out.
    """
    if geometry is None or geometry.is_empty:
        return []
    import shapely

    result = []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon" or part.is_empty or part.area < min_area:
            continue
        rings = [part.exterior, *part.interiors]
        result.append([[[x, y] for x, y in ring.coords] for ring in rings])
    return result


def outline_rings(geometry, min_area: float) -> list[list[list[float]]]:
    """The exterior rings worth outlining: parts of at least ``min_area`` square degrees.

    An outline is a line on the map for a few roles; a country's largest part is always
    kept, so even a small country gets one, while hundreds of islets (Canada, the United
    States) would only make the payload heavy.
    """
    if geometry is None or geometry.is_empty:
        return []
    import shapely

    parts = [part for part in shapely.get_parts(geometry) if part.geom_type == "Polygon"]
    if not parts:
        return []
    largest = max(parts, key=lambda part: part.area)
    kept = [part for part in parts if part is largest or part.area >= min_area]
    return [[[x, y] for x, y in part.exterior.coords] for part in kept]


def marker_point(geometry: MapGeometry, iso3: str) -> tuple[float, float] | None:
    """Where a country's marker goes: its point inside the shape, or the extra-points table."""
    country = geometry.countries.get(iso3)
    if country is not None:
        return country.point
    return geometry.extra_points.get(iso3)


def fit_view(
    geometry: MapGeometry,
    iso3_codes: Iterable[str],
    width_px: int = MAP_WIDTH_PX,
    height_px: int = MAP_HEIGHT_PX,
) -> ViewState:
    """The centre and zoom that show every given country; the world when they span it.

    Each country counts by its main landmass (the box `geo.boundaries.bounds_for` gives
    it alone); a set wider than `WORLD_VIEW_SPAN_DEG` (Argentina with the Philippines)
    or with no known code gives a world view.
    """
    boxes = []
    for code in iso3_codes:
        if code in geometry.countries:
            boxes.append(geometry.countries[code].box)
        elif code in geometry.extra_points:
            lon, lat = geometry.extra_points[code]
            boxes.append((lon, lat, lon, lat))
    box = at_least(padded(union_of_boxes(boxes)), MIN_EXTENT_DEG) if boxes else WORLD_BOX
    if box[2] - box[0] > WORLD_VIEW_SPAN_DEG:
        box = WORLD_BOX
    return view_for_box(box, width_px, height_px)


def at_least(box: Box, extent: tuple[float, float]) -> Box:
    """``box`` grown about its centre to at least ``extent`` degrees wide and high."""
    width, height = max(box[2] - box[0], extent[0]), max(box[3] - box[1], extent[1])
    centre_lon, centre_lat = (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0
    south = max(centre_lat - height / 2.0, -85.0)
    north = min(south + height, 85.0)
    return (centre_lon - width / 2.0, north - height, centre_lon + width / 2.0, north)


def world_pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Where a point falls on the Web Mercator map at ``zoom``, in screen pixels."""
    scale = TILE_PX * 2.0**zoom
    return ((lon + 180.0) / 360.0 * scale, _mercator_y(lat) * scale)


def crowded_points(
    points: Mapping[str, tuple[float, float]], zoom: float, distance_px: float
) -> list[list[str]]:
    """Groups of lon/lat points drawn closer than ``distance_px`` at ``zoom``, largest first.

    The cluster of Caribbean islands whose dots overlap at the zoom that shows the region.
    """
    pixels = {code: world_pixels(*point, zoom) for code, point in points.items()}
    return close_groups(pixels, distance_px)


def close_groups(pixels: Mapping[str, tuple[float, float]], distance: float) -> list[list[str]]:
    """Groups of two or more points joined by chains of neighbours closer than ``distance``.

    Largest group first, members in code order; points with no close neighbour are left out.
    """
    codes = sorted(pixels)
    group_of = {code: index for index, code in enumerate(codes)}
    for index, first in enumerate(codes):
        for second in codes[index + 1 :]:
            (x1, y1), (x2, y2) = pixels[first], pixels[second]
            if math.hypot(x1 - x2, y1 - y2) < distance and group_of[first] != group_of[second]:
                old, new = group_of[second], group_of[first]
                group_of = {code: new if g == old else g for code, g in group_of.items()}
    groups: dict[int, list[str]] = {}
    for code in codes:
        groups.setdefault(group_of[code], []).append(code)
    return sorted(
        (members for members in groups.values() if len(members) >= 2),
        key=lambda members: (-len(members), members),
    )


def union_of_boxes(boxes: Iterable[Box]) -> Box:
    """The smallest box covering all, going across 180 degrees when that is narrower.

    Longitudes may run past 180 (a box crossing the antimeridian), as `bounds_for` gives.
    """
    boxes = list(boxes)
    min_lat = min(box[1] for box in boxes)
    max_lat = max(box[3] for box in boxes)
    plain = (min(box[0] for box in boxes), max(box[2] for box in boxes))
    shifted_boxes = [
        (box[0] + 360.0, box[2] + 360.0) if box[0] < 0 else (box[0], box[2]) for box in boxes
    ]
    shifted = (min(box[0] for box in shifted_boxes), max(box[1] for box in shifted_boxes))
    west, east = min((plain, shifted), key=lambda span: span[1] - span[0])
    return (west, min_lat, east, max_lat)


def padded(box: Box, fraction: float = 0.1, minimum_deg: float = 0.5) -> Box:
    """Add a margin on every side (at least half a degree, so one island is not a point)."""
    pad_lon = max((box[2] - box[0]) * fraction, minimum_deg)
    pad_lat = max((box[3] - box[1]) * fraction, minimum_deg)
    return (
        box[0] - pad_lon,
        max(box[1] - pad_lat, -85.0),
        box[2] + pad_lon,
        min(box[3] + pad_lat, 85.0),
    )


def view_for_box(
    box: tuple[float, float, float, float], width_px: int, height_px: int
) -> ViewState:
    """Web Mercator centre and zoom at which ``box`` (lon/lat degrees) fills the canvas."""
    min_lon, min_lat, max_lon, max_lat = box
    top, bottom = _mercator_y(max_lat), _mercator_y(min_lat)
    span_x = max((max_lon - min_lon) / 360.0, 1e-6)
    span_y = max(bottom - top, 1e-6)
    zoom = min(math.log2(width_px / (TILE_PX * span_x)), math.log2(height_px / (TILE_PX * span_y)))
    centre_lon = (min_lon + max_lon) / 2.0
    if centre_lon > 180.0:
        centre_lon -= 360.0
    return ViewState(
        longitude=round(centre_lon, 4),
        latitude=round(_latitude_of(top + (bottom - top) / 2.0), 4),
        zoom=round(max(MIN_ZOOM, min(MAX_ZOOM, zoom)), 3),
    )


def _mercator_y(latitude: float) -> float:
    """Latitude to Web Mercator y in world units (0 at the top, 1 at the bottom)."""
    clamped = max(-85.0511, min(85.0511, latitude))
    radians = math.radians(clamped)
    return (1.0 - math.log(math.tan(math.pi / 4.0 + radians / 2.0)) / math.pi) / 2.0


def _latitude_of(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))
