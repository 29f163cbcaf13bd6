"""The map, drawn with matplotlib from the vendored Natural Earth shapes, framed on its countries.

A regional view (Libertad: the Caribbean and the north of South America) uses a plain
longitude/latitude grid stretched by the cosine of the middle latitude, which at that
scale looks like the dashboard's Web Mercator map without its polar blow-up; a set of
countries spread over the world uses the Equal Earth projection. Countries are filled in
their operation's colour and styled by role exactly as the dashboard map does
(`dashboard.theme.ROLE_STYLES`); small territories get a marker at their representative
point and every drawn country a label placed so that no label covers a marker.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from pyproj import Transformer

from dashboard.exports.content import CountryMark
from dashboard.exports.text import clean
from dashboard.geometry import MIN_EXTENT_DEG, close_groups
from dashboard.review import MARK
from dashboard.theme import BORDER, INK, LAND, RGB, ROLE_STYLES, WATER_HEX, hex_colour, lighten
from geo.boundaries import bounds_for, load_countries, point_for

LARGE_AREA_KM2 = 2_000_000.0
"""Countries larger than this frame the view by their marker point, not their whole shape,
so Brazil taking part does not pull the Caribbean into a corner."""

WORLD_SPAN_DEG = 160.0
"""A frame wider than this is drawn as the whole world (same rule as the dashboard)."""

WORLD_LAT_RANGE = (-56.0, 84.0)
FRAME_PAD = 0.06
LEFT_OFF = frozenset({"ATA"})
EQUAL_EARTH = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"

MARKER_PT = 9.0
RING_PT = 17.0
LABEL_PT = 11.5
MAX_LABELS = 30
LEADER = {"arrowstyle": "-", "color": "#6c757d", "lw": 0.8, "shrinkA": 2, "shrinkB": 7}
HALO_SHARE = 0.22
"""A label's white halo is this share of its size: enough to read it over a border, thin
enough not to cut a white band through the country under it."""
HALO_ALPHA = 0.75
INSET_SHARE = (0.34, 0.40)
"""The close-up of crowded dots: this share of the map's width and height, in a corner."""
INSET_PAD_DEG = 3.0
INSET_MIN_DEG = (5.0, 3.5)
INSET_EDGE = "#495057"


@dataclass(frozen=True)
class MapFrame:
    """What part of the world is shown, and how longitude/latitude become plot coordinates."""

    box: tuple[float, float, float, float]
    world: bool

    @property
    def centre_lat(self) -> float:
        """Middle latitude of the box, which sets the regional stretch."""
        return (self.box[1] + self.box[3]) / 2.0

    def project(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Longitude/latitude arrays to plot coordinates."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        if self.world:
            return _equal_earth().transform(lon, lat)
        return lon * math.cos(math.radians(self.centre_lat)), lat

    def contains(self, lon: float, lat: float) -> bool:
        """Whether a point lies inside the box."""
        min_lon, min_lat, max_lon, max_lat = self.box
        return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def frame_for(marks: Sequence[CountryMark]) -> MapFrame:
    """Frame the countries where the operations acted (participants, coordinators).

    Funders and supporters abroad do not widen the frame (they are listed beside the
    map); with no participant the frame covers every mark. Large countries count by
    their marker point. A frame wider than `WORLD_SPAN_DEG` shows the world.
    """
    acting = [mark.iso3 for mark in marks if mark.role in ("participant", "coordinator")]
    codes = acting or [mark.iso3 for mark in marks]
    if not codes:
        return MapFrame((-180.0, WORLD_LAT_RANGE[0], 180.0, WORLD_LAT_RANGE[1]), world=True)
    areas = _areas()
    small = [code for code in codes if areas.get(code, 0.0) < LARGE_AREA_KM2]
    points = [point_for(code) for code in codes if areas.get(code, 0.0) >= LARGE_AREA_KM2]
    boxes = [bounds_for(small, pad_fraction=0.0)] if small else []
    boxes += [(p[0], p[1], p[0], p[1]) for p in points if p is not None]
    if not boxes or any(box[2] > 180.0 for box in boxes):
        return MapFrame((-180.0, WORLD_LAT_RANGE[0], 180.0, WORLD_LAT_RANGE[1]), world=True)
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    if box[2] - box[0] > WORLD_SPAN_DEG:
        return MapFrame((-180.0, WORLD_LAT_RANGE[0], 180.0, WORLD_LAT_RANGE[1]), world=True)
    width = max(box[2] - box[0], MIN_EXTENT_DEG[0])
    height = max(box[3] - box[1], MIN_EXTENT_DEG[1])
    centre_lon, centre_lat = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    half_w, half_h = width * (0.5 + FRAME_PAD), height * (0.5 + FRAME_PAD)
    return MapFrame(
        (
            centre_lon - half_w,
            max(-80.0, centre_lat - half_h),
            centre_lon + half_w,
            min(84.0, centre_lat + half_h),
        ),
        world=False,
    )


DOUBTFUL_LIGHTEN = 0.55


def draw_map(
    ax: Axes,
    marks: Sequence[CountryMark],
    frame: MapFrame,
    label_pt: float = LABEL_PT,
    marker_scale: float = 1.0,
    close_up: bool = True,
) -> None:
    """Draw water, land, the marked countries, markers, rings and labels into ``ax``.

    The axes' limits are set to show the whole frame at the axes' own aspect ratio, so
    call this after the axes have their final position in the figure. A country whose
    roles are all low-confidence is drawn lighter and labelled with a "?". When the dots
    of small territories overlap (the Caribbean at the scale of the Americas), a framed
    close-up of them goes in the emptiest corner and names them there (``close_up``).
    """
    marks = [
        replace(mark, colour=lighten(mark.colour, DOUBTFUL_LIGHTEN)) if mark.doubtful else mark
        for mark in marks
    ]
    ax.set_facecolor(WATER_HEX)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    _set_limits(ax, frame)
    shapes = _shapes(frame)
    ax.add_collection(
        PathCollection(
            [_path(geometry) for geometry in shapes.geometry],
            facecolors=_mpl(LAND),
            edgecolors=_mpl(BORDER),
            linewidths=0.5,
            zorder=1,
        )
    )
    by_code = dict(zip(shapes["iso3"], shapes.geometry, strict=True))
    drawn = [mark for mark in marks if mark.iso3 in by_code]
    if drawn:
        styles = [ROLE_STYLES.get(mark.role, ROLE_STYLES["mentioned"]) for mark in drawn]
        ax.add_collection(
            PathCollection(
                [_path(by_code[mark.iso3]) for mark in drawn],
                facecolors=[
                    _mpl(m.colour, fill_alpha(m, s) / 255)
                    for m, s in zip(drawn, styles, strict=True)
                ],
                edgecolors=[
                    _mpl(m.colour) if s.outline_px else _mpl(BORDER)
                    for m, s in zip(drawn, styles, strict=True)
                ],
                linewidths=[s.outline_px * 0.9 if s.outline_px else 0.5 for s in styles],
                zorder=2,
            )
        )
    points = _points_in_view(marks, frame)
    small = small_codes()
    for mark, (x, y) in points:
        style = ROLE_STYLES.get(mark.role, ROLE_STYLES["mentioned"])
        if mark.iso3 in small or mark.iso3 not in by_code:
            solid = style.fill_alpha >= 200
            ax.plot(
                x,
                y,
                marker="o",
                markersize=MARKER_PT * marker_scale,
                zorder=5,
                linestyle="none",
                markerfacecolor=_mpl(mark.colour if solid else lighten(mark.colour, 0.55)),
                markeredgecolor=_mpl(INK if solid else mark.colour),
                markeredgewidth=1.3,
            )
        if style.ring:
            ax.plot(
                x,
                y,
                marker="o",
                markersize=RING_PT * marker_scale,
                zorder=4,
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor=_mpl(INK),
                markeredgewidth=2.2 * marker_scale,
            )
    crowded = crowded_codes(ax, points, small, marker_scale) if close_up else []
    blocked = []
    if crowded:
        blocked.append(_draw_close_up(ax, marks, frame, crowded, points, label_pt, marker_scale))
        points = [(mark, xy) for mark, xy in points if mark.iso3 not in crowded]
    _place_labels(ax, points, small, label_pt, marker_scale, blocked)


def fill_alpha(mark: CountryMark, style) -> float:
    """The role's fill, halved for a large country that did not act (a funder: Canada).

    Otherwise a large funder outweighs the countries where the operation happened.
    """
    acting = mark.role in ("participant", "coordinator")
    large = _areas().get(mark.iso3, 0.0) >= LARGE_AREA_KM2
    return style.fill_alpha / 2 if large and not acting else style.fill_alpha


def crowded_codes(
    ax: Axes,
    points: Sequence[tuple[CountryMark, tuple[float, float]]],
    small: frozenset[str],
    marker_scale: float = 1.0,
) -> list[str]:
    """Small territories whose dots overlap another dot in ``ax``, nearest cluster first."""
    to_px = ax.figure.dpi / 72.0
    pixels = {
        mark.iso3: tuple(ax.transData.transform(xy)) for mark, xy in points if mark.iso3 in small
    }
    groups = close_groups(pixels, MARKER_PT * to_px * marker_scale * 1.15)
    return [code for group in groups for code in group]


def close_up_frame(codes: Sequence[str]) -> MapFrame:
    """A regional frame around the points of ``codes``, padded and at least a few degrees."""
    points = [point_for(code) for code in codes]
    lons = [p[0] for p in points if p is not None]
    lats = [p[1] for p in points if p is not None]
    centre_lon, centre_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_w = max(max(lons) - min(lons) + 2 * INSET_PAD_DEG, INSET_MIN_DEG[0]) / 2
    half_h = max(max(lats) - min(lats) + 2 * INSET_PAD_DEG, INSET_MIN_DEG[1]) / 2
    return MapFrame(
        (centre_lon - half_w, centre_lat - half_h, centre_lon + half_w, centre_lat + half_h),
        world=False,
    )


def _draw_close_up(
    ax: Axes,
    marks: Sequence[CountryMark],
    frame: MapFrame,
    crowded: Sequence[str],
    points: Sequence[tuple[CountryMark, tuple[float, float]]],
    label_pt: float,
    marker_scale: float,
) -> tuple[float, float, float, float]:
    """Put the close-up in the corner of ``ax`` that hides the fewest points; its pixel box."""
    figure = ax.figure
    box = ax.get_position()
    width, height = box.width * INSET_SHARE[0], box.height * INSET_SHARE[1]
    margin = 0.012
    corners = [
        (box.x1 - width - margin * box.width, box.y0 + margin * box.height),
        (box.x0 + margin * box.width, box.y0 + margin * box.height),
        (box.x1 - width - margin * box.width, box.y1 - height - margin * box.height),
        (box.x0 + margin * box.width, box.y1 - height - margin * box.height),
    ]
    to_figure = figure.transFigure.inverted()
    centres = [to_figure.transform(ax.transData.transform(xy)) for _, xy in points]

    def hidden(corner: tuple[float, float]) -> int:
        x0, y0 = corner
        return sum(x0 <= x <= x0 + width and y0 <= y <= y0 + height for x, y in centres)

    x0, y0 = min(corners, key=hidden)
    inset = figure.add_axes((x0, y0, width, height))
    close = close_up_frame(crowded)
    draw_map(inset, marks, close, label_pt * 0.92, marker_scale, close_up=False)
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor(INSET_EDGE)
        spine.set_linewidth(1.0)
    (left, right), (bottom, top) = frame.project(
        np.array([close.box[0], close.box[2]]), np.array([close.box[1], close.box[3]])
    )
    ax.add_patch(
        Rectangle(
            (left, bottom),
            right - left,
            top - bottom,
            fill=False,
            edgecolor=INSET_EDGE,
            linewidth=0.9,
            linestyle=(0, (3, 2)),
            zorder=4.5,
        )
    )
    return tuple(inset.get_window_extent().extents)


def marker_positions(
    ax: Axes, marks: Sequence[CountryMark], frame: MapFrame
) -> dict[str, tuple[float, float]]:
    """Where each country's point lands in the figure, in pixels from the top-left corner."""
    figure_height = ax.figure.bbox.height
    result = {}
    for mark, (x, y) in _points_in_view(marks, frame):
        px, py = ax.transData.transform((x, y))
        result[mark.iso3] = (float(px), float(figure_height - py))
    return result


def outside_view(marks: Sequence[CountryMark], frame: MapFrame) -> list[CountryMark]:
    """Marks whose point the frame leaves out (a funder far away): listed beside the map."""
    inside = {mark.iso3 for mark, _ in _points_in_view(marks, frame)}
    return [mark for mark in marks if mark.iso3 not in inside]


def _points_in_view(
    marks: Sequence[CountryMark], frame: MapFrame
) -> list[tuple[CountryMark, tuple[float, float]]]:
    result = []
    for mark in marks:
        point = point_for(mark.iso3)
        if point is None or not frame.contains(*point):
            continue
        x, y = frame.project(np.array([point[0]]), np.array([point[1]]))
        result.append((mark, (float(x[0]), float(y[0]))))
    return result


def _set_limits(ax: Axes, frame: MapFrame) -> None:
    """Show the frame at the axes' aspect ratio (widening the short side), with equal units."""
    min_lon, min_lat, max_lon, max_lat = frame.box
    if frame.world:
        lons = np.concatenate([np.full(50, -180.0), np.full(50, 180.0), np.linspace(-180, 180, 50)])
        lats = np.concatenate([np.linspace(min_lat, max_lat, 50)] * 2 + [np.full(50, min_lat)])
        xs, ys = frame.project(lons, lats)
        _, top = frame.project(np.array([0.0]), np.array([max_lat]))
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), float(top[0])
    else:
        (x0, x1), (y0, y1) = frame.project(
            np.array([min_lon, max_lon]), np.array([min_lat, max_lat])
        )
    bbox = ax.get_position()
    figure_w, figure_h = ax.figure.get_size_inches()
    target = (bbox.width * figure_w) / (bbox.height * figure_h)
    width, height = x1 - x0, y1 - y0
    if width / height < target:
        grow = (height * target - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / target - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.apply_aspect()


def _shapes(frame: MapFrame) -> gpd.GeoDataFrame:
    """Every country simplified for the frame, clipped to it and projected."""
    if frame.world:
        return _world_shapes()
    span = frame.box[2] - frame.box[0]
    tolerance = 0.01 if span < 25 else 0.02 if span < 60 else 0.05
    base = _simplified(tolerance)
    margin = span * 0.6
    min_lon, min_lat, max_lon, max_lat = frame.box
    clipped = shapely.clip_by_rect(
        np.asarray(base.geometry.array),
        min_lon - margin,
        min_lat - margin,
        max_lon + margin,
        max_lat + margin,
    )
    keep = ~shapely.is_empty(clipped)
    stretch = math.cos(math.radians(frame.centre_lat))
    projected = shapely.transform(clipped[keep], lambda xy: xy * [stretch, 1.0])
    return gpd.GeoDataFrame({"iso3": base["iso3"].to_numpy()[keep]}, geometry=projected, crs=None)


@functools.lru_cache(maxsize=4)
def _simplified(tolerance: float) -> gpd.GeoDataFrame:
    countries = load_countries()
    countries = countries[~countries["iso3"].isin(LEFT_OFF)]
    light = countries.assign(
        geometry=countries.geometry.simplify(tolerance, preserve_topology=True)
    )
    light = light[~light.geometry.is_empty]
    return light[["iso3", "geometry"]].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _world_shapes() -> gpd.GeoDataFrame:
    base = _simplified(0.1)
    clipped = shapely.clip_by_rect(
        np.asarray(base.geometry.array), -180, WORLD_LAT_RANGE[0], 180, 90
    )
    keep = ~shapely.is_empty(clipped)
    frame = gpd.GeoDataFrame(
        {"iso3": base["iso3"].to_numpy()[keep]}, geometry=clipped[keep], crs="EPSG:4326"
    )
    return frame.to_crs(EQUAL_EARTH)


@functools.lru_cache(maxsize=1)
def _equal_earth() -> Transformer:
    return Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True)


@functools.lru_cache(maxsize=1)
def _areas() -> dict[str, float]:
    countries = load_countries()
    known = countries[countries["iso3"].notna()]
    return dict(zip(known["iso3"], known["area_km2"], strict=True))


@functools.lru_cache(maxsize=1)
def small_codes() -> frozenset[str]:
    """Codes of the countries too small to see at world scale (they get a marker)."""
    countries = load_countries()
    return frozenset(countries.loc[countries["is_small"] & countries["iso3"].notna(), "iso3"])


def _path(geometry: shapely.Geometry) -> MplPath:
    """A (multi)polygon as one compound matplotlib path (holes included)."""
    vertices, codes = [], []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon":
            continue
        for ring in (part.exterior, *part.interiors):
            coords = np.asarray(ring.coords)[:, :2]
            if len(coords) < 3:
                continue
            ring_codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0] = MplPath.MOVETO
            ring_codes[-1] = MplPath.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return MplPath(np.zeros((1, 2)), [MplPath.MOVETO])
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _place_labels(
    ax: Axes,
    points: list[tuple[CountryMark, tuple[float, float]]],
    small: frozenset[str],
    label_pt: float,
    marker_scale: float = 1.0,
    blocked: Sequence[tuple[float, float, float, float]] = (),
) -> None:
    """Name each country next to its point, trying positions until one overlaps nothing.

    Obstacles are every marker, every label already placed and the ``blocked`` pixel
    boxes (the close-up); a label that finds no
    free spot near its point moves further out with a leader line. Small territories
    are placed first (they need the room most).
    """
    if len(points) > MAX_LABELS:
        points = [(mark, xy) for mark, xy in points if mark.iso3 in small]
    renderer = ax.figure.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    to_px = ax.figure.dpi / 72.0
    centres = [ax.transData.transform(xy) for _, xy in points]
    marker_r = RING_PT / 2 * to_px * marker_scale
    markers = {
        index: (cx - marker_r, cy - marker_r, cx + marker_r, cy + marker_r)
        for index, ((mark, _), (cx, cy)) in enumerate(zip(points, centres, strict=True))
        if mark.iso3 in small or ROLE_STYLES.get(mark.role, ROLE_STYLES["mentioned"]).ring
    }
    taken = [*markers.values(), *blocked]
    order = sorted(
        range(len(points)), key=lambda i: (points[i][0].iso3 not in small, -centres[i][1])
    )
    # The halo is a separate copy under each label, so the label itself stays real SVG text.
    halo = [
        patheffects.Stroke(
            linewidth=max(0.8, label_pt * HALO_SHARE), foreground="white", alpha=HALO_ALPHA
        )
    ]
    for index in order:
        mark, xy = points[index]
        name = clean(mark.name, 32) + (f" {MARK}" if mark.doubtful else "")
        is_small = mark.iso3 in small
        candidates = _candidates(is_small, marker_scale)
        chosen = None
        for dx, dy, ha, va, leader in candidates:
            placement = {
                "xy": xy,
                "xytext": (dx, dy),
                "textcoords": "offset points",
                "ha": ha,
                "va": va,
                "fontsize": label_pt,
                "color": hex_colour(INK),
                "annotation_clip": False,
            }
            text = ax.annotate(name, **placement, zorder=6, arrowprops=LEADER if leader else None)
            text.update_positions(renderer)
            box = Text.get_window_extent(text, renderer).expanded(1.04, 1.1)
            extent = (box.x0, box.y0, box.x1, box.y1)
            inside = (
                axes_box.x0 <= box.x0
                and box.x1 <= axes_box.x1
                and axes_box.y0 <= box.y0
                and box.y1 <= axes_box.y1
            )
            crossing = leader and _leader_crosses(
                centres[index], extent, taken, own=markers.get(index)
            )
            if inside and not crossing and not any(_overlap(extent, other) for other in taken):
                chosen = extent
                break
            text.remove()
        if chosen is None:
            continue
        extent = chosen
        ax.annotate(name, **placement, zorder=5.9, path_effects=halo)
        taken.append(extent)


def _candidates(is_small: bool, scale: float = 1.0) -> list[tuple[float, float, str, str, bool]]:
    """Label offsets (points) to try, nearest first; the far ones draw a leader line."""
    near = 10.0 * scale
    ring = [
        (near, 0, "left", "center", False),
        (-near, 0, "right", "center", False),
        (0, near, "center", "bottom", False),
        (0, -near, "center", "top", False),
        (near, near * 0.7, "left", "bottom", False),
        (near, -near * 0.7, "left", "top", False),
        (-near, near * 0.7, "right", "bottom", False),
        (-near, -near * 0.7, "right", "top", False),
    ]
    far = [
        (dx, dy, "left" if dx > 0 else "right", "center", True)
        for distance in (26 * scale, 44 * scale, 64 * scale)
        for dx, dy in (
            (distance, 0),
            (distance, distance * 0.6),
            (distance, -distance * 0.6),
            (-distance, 0),
            (-distance, distance * 0.6),
            (-distance, -distance * 0.6),
        )
    ]
    if is_small:
        return ring + far
    return [(0, 0, "center", "center", False), *ring, *far]


def _leader_crosses(
    start: Sequence[float],
    label: tuple[float, float, float, float],
    obstacles: Sequence[tuple[float, float, float, float]],
    own: tuple[float, float, float, float] | None,
) -> bool:
    """Whether the line from a marker to its label would pass over another marker or label."""
    end = (min(max(start[0], label[0]), label[2]), min(max(start[1], label[1]), label[3]))
    line = shapely.LineString([tuple(start), end])
    return any(
        line.intersects(shapely.box(*box)) for box in obstacles if box is not own and box != own
    )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _mpl(colour: RGB, alpha: float = 1.0) -> tuple[float, float, float, float]:
    return (colour[0] / 255, colour[1] / 255, colour[2] / 255, alpha)
