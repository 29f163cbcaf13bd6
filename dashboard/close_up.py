"""The close-up of a crowded cluster of dots, drawn as a small SVG picture beside the map.

A second live map for the close-up cost the browser about as much as the main map: one
more WebGL canvas whose layers are built and drawn in software where there is no GPU,
1.5 to 2 s of every first load and every filter change on a 2-core machine. The close-up
only has to show which dot is which, so it is drawn here from the records the map's own
layers are made of (`dashboard.views.map.map_records`, `label_records`), in the same Web
Mercator projection, and the browser shows it as an image. No Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dashboard.geometry import ViewState, world_pixels
from dashboard.safe import escape_html
from dashboard.theme import INK, LAND, WATER_HEX, hex_colour

Point = tuple[float, float]
LABEL_HALO_PX = 3
BORDER_PX = 0.8
RING_STROKE_PX = 2.5
MARKER_STROKE_PX = 1.2
CHAR_WIDTH_EM = 0.56
"""About how wide one character of Helvetica or Arial is, as a share of the font size."""
LINE_HEIGHT_EM = 1.15
LEADER_REACH = (2.5, 4.0)
"""How far out (in gaps beside the dot) a name may stand when it has no room beside its
dot, joined to it by a leader line."""
LEADER_PX = 0.8
PLACING_ROUNDS = 12
"""How many orders of the names are tried: enough for a cluster of a dozen dots, and a
bound on the time a picture of the whole world's dots takes."""


def close_up_svg(
    land: Mapping,
    polygons: Sequence[Mapping],
    markers: Sequence[Mapping],
    rings: Sequence[Mapping],
    labels: Sequence[Mapping],
    view: ViewState,
    size_px: tuple[int, int],
    marker_px: float,
    ring_px: float,
    label_px: float,
) -> str:
    """The close-up as SVG markup: water, the grey land, the countries, rings, dots, names.

    ``polygons``, ``markers``, ``rings`` and ``labels`` are the map's layer records (fills
    as ``[r, g, b, a]``, positions as ``[lon, lat]``, labels with their anchor and pixel
    offset); ``land`` is the map's grey land feature. Everything outside ``size_px`` at
    ``view`` is left out. Names are escaped.
    """
    width, height = size_px
    project = _projection(view, width, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="{WATER_HEX}"/>',
    ]
    land_paths = _paths(_polygons_of(land.get("geometry") or {}), project, width, height)
    if land_paths:
        parts.append(f'<path d="{land_paths}" fill="{hex_colour(LAND)}" fill-rule="evenodd"/>')
    for feature in polygons:
        drawn = _paths(feature["geometry"]["coordinates"], project, width, height)
        if drawn:
            fill, opacity = _colour(feature["fill"])
            parts.append(
                f'<path d="{drawn}" fill="{fill}" fill-opacity="{opacity}" fill-rule="evenodd" '
                f'stroke="#ffffff" stroke-width="{BORDER_PX}"/>'
            )
    ink = hex_colour(INK)
    dots = [(*project(item["position"]), marker_px) for item in markers]
    dots += [(*project(item["position"]), ring_px) for item in rings]
    names = _placed_labels(labels, dots, project, size_px, label_px)
    for name in names:
        if name.leader is not None:
            x1, y1, x2, y2 = name.leader
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{ink}" stroke-width="{LEADER_PX}"/>'
            )
    for ring in rings:
        x, y = project(ring["position"])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{ring_px}" fill="none" stroke="{ink}" '
            f'stroke-width="{RING_STROKE_PX}"/>'
        )
    for marker in markers:
        x, y = project(marker["position"])
        fill, _ = _colour(marker["fill"])
        line, _ = _colour(marker["line"])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{marker_px}" fill="{fill}" stroke="{line}" '
            f'stroke-width="{MARKER_STROKE_PX}"/>'
        )
    for name in names:
        first_dy = -(len(name.lines) - 1) / 2 * LINE_HEIGHT_EM
        lines = "".join(
            f'<tspan x="{name.x:.1f}" dy="{first_dy if index == 0 else LINE_HEIGHT_EM}em">'
            f"{escape_html(line)}</tspan>"
            for index, line in enumerate(name.lines)
        )
        parts.append(
            f'<text x="{name.x:.1f}" y="{name.y:.1f}" font-size="{label_px}" fill="{ink}" '
            f'text-anchor="{name.anchor}" dominant-baseline="central" paint-order="stroke" '
            f'stroke="#ffffff" stroke-width="{LABEL_HALO_PX}" stroke-linejoin="round">'
            f"{lines}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class PlacedName:
    """A name where it fits: its anchor point, SVG text-anchor and its one or two lines."""

    x: float
    y: float
    anchor: str
    lines: tuple[str, ...]
    leader: tuple[float, float, float, float] | None = None
    """From the dot to the name, when the name stands away from its dot."""


def _placed_labels(
    labels: Sequence[Mapping],
    dots: Sequence[tuple[float, float, float]],
    project,
    size_px: tuple[int, int],
    label_px: float,
) -> list[PlacedName]:
    """Where each name goes, so that the names of highest ``priority`` are all shown.

    ``dots`` are the dots and rings drawn, as (x, y, radius). A dot's name tries the
    right of its dot, then the left, above, below and the four corners, clear of its
    ring, on one line and then on two, then further out with a leader line; a country's
    name goes at its point. A name goes only where it stays inside the picture, covers no
    other dot and no other name (like the live map's collision filter) and, beside a dot,
    is nearer its own dot than any other, so that no name reads as its neighbour's.

    Names are placed one by one, the highest priority first; the names left without room
    are then tried before the others (at most `PLACING_ROUNDS` times), and the arrangement
    that shows the most priority wins. In a tight cluster the least important names are
    left out rather than drawn over each other.
    """
    order = sorted(labels, key=lambda item: -item.get("priority", 0))
    best: tuple[float, list[PlacedName]] = (-1.0, [])
    for _ in range(min(len(order), PLACING_ROUNDS)):
        placed = _placed_in_order(order, dots, project, size_px, label_px)
        shown = {id(label) for label, _ in placed}
        score = sum(label.get("priority", 0) + 1 for label, _ in placed)
        if score > best[0]:
            best = (score, [name for _, name in placed])
        left_out = [label for label in order if id(label) not in shown]
        if not left_out:
            break
        order = left_out + [label for label in order if id(label) in shown]
    return best[1]


def _placed_in_order(
    order: Sequence[Mapping],
    dots: Sequence[tuple[float, float, float]],
    project,
    size_px: tuple[int, int],
    label_px: float,
) -> list[tuple[Mapping, PlacedName]]:
    """Each name of ``order`` in turn where it still fits, with the label it came from."""
    width, height = size_px
    placed: list[tuple[Mapping, PlacedName]] = []
    taken: list[tuple[float, float, float, float]] = []
    for label in order:
        x, y = project(label["position"])
        own = [radius for dot_x, dot_y, radius in dots if (dot_x, dot_y) == (x, y)]
        others = [
            (dot_x - radius, dot_y - radius, dot_x + radius, dot_y + radius)
            for dot_x, dot_y, radius in dots
            if (dot_x, dot_y) != (x, y)
        ]
        gap = max([abs((label.get("offset") or (0, 0))[0]), *(radius + 4 for radius in own)])
        beside_dot = label.get("anchor") == "start"
        found = _first_fit(label, (x, y), gap, others, taken, size_px, label_px, beside_dot)
        if found is not None:
            box, name = found
            taken.append(box)
            placed.append((label, name))
    return placed


def _first_fit(
    label: Mapping,
    dot: Point,
    gap: float,
    others: Sequence[tuple[float, float, float, float]],
    taken: Sequence[tuple[float, float, float, float]],
    size_px: tuple[int, int],
    label_px: float,
    beside_dot: bool,
) -> tuple[tuple[float, float, float, float], PlacedName] | None:
    """The first spot where ``label`` fits, nearest first, and the box it covers there.

    Beside its dot a name must be nearer that dot than any other; further out it is
    joined to its dot by a leader line that passes no other dot and no other name.
    """
    width, height = size_px
    x, y = dot
    reaches = [(gap, False), *((gap * factor, True) for factor in LEADER_REACH)]
    for reach, leader in reaches if beside_dot else [(0.0, False)]:
        for lines in _line_choices(label["text"]) if beside_dot else [(label["text"],)]:
            text_px = max(len(line) for line in lines) * label_px * CHAR_WIDTH_EM
            tall = len(lines) * label_px * LINE_HEIGHT_EM
            spots = _spots(x, y, reach, tall) if beside_dot else [(x, y, "middle")]
            for spot_x, spot_y, anchor in spots:
                left = {"start": spot_x, "end": spot_x - text_px}.get(anchor, spot_x - text_px / 2)
                box = (left, spot_y - tall / 2, left + text_px, spot_y + tall / 2)
                inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
                if not inside or any(_overlap(box, other) for other in [*others, *taken]):
                    continue
                line = _nearest_point(box, dot) if leader else None
                if line is not None and _crosses((x, y), line, [*others, *taken], gap):
                    continue
                if beside_dot and not leader:
                    nearest_own = _distance(box, dot)
                    centres = [((a + c) / 2, (b + d) / 2) for a, b, c, d in others]
                    if any(_distance(box, centre) <= nearest_own for centre in centres):
                        continue
                leader_line = (x, y, *line) if line is not None else None
                return box, PlacedName(spot_x, spot_y, anchor, lines, leader_line)
    return None


def _nearest_point(box: tuple[float, float, float, float], point: Point) -> Point:
    left, top, right, bottom = box
    return min(max(point[0], left), right), min(max(point[1], top), bottom)


def _crosses(
    start: Point, end: Point, boxes: Sequence[tuple[float, float, float, float]], skip: float
) -> bool:
    """Whether the segment, past its first ``skip`` pixels (the own dot), enters a box."""
    length = max(_distance((*end, *end), start), 1e-9)
    steps = max(int(length / 2), 1)
    for step in range(steps + 1):
        along = length * step / steps
        if along < skip:
            continue
        point = (
            start[0] + (end[0] - start[0]) * along / length,
            start[1] + (end[1] - start[1]) * along / length,
        )
        if any(_distance(box, point) < 0.5 for box in boxes):
            return True
    return False


def _line_choices(text: str) -> list[tuple[str, ...]]:
    """The name on one line, then (when it has spaces) split in two near its middle."""
    words = text.split(" ")
    if len(words) < 2:
        return [(text,)]
    split = min(
        range(1, len(words)),
        key=lambda at: abs(len(" ".join(words[:at])) - len(" ".join(words[at:]))),
    )
    return [(text,), (" ".join(words[:split]), " ".join(words[split:]))]


def _spots(x: float, y: float, gap: float, tall: float) -> list[tuple[float, float, str]]:
    """Where a dot's name may stand, nearest first: right, left, above, below, corners."""
    above, below = y - gap - tall / 2, y + gap + tall / 2
    return [
        (x + gap, y, "start"),
        (x - gap, y, "end"),
        (x, above, "middle"),
        (x, below, "middle"),
        (x + gap / 2, above, "start"),
        (x - gap / 2, above, "end"),
        (x + gap / 2, below, "start"),
        (x - gap / 2, below, "end"),
    ]


def _distance(box: tuple[float, float, float, float], point: Point) -> float:
    """How far ``point`` is from the nearest edge of ``box`` (0 inside it)."""
    left, top, right, bottom = box
    dx = max(left - point[0], 0.0, point[0] - right)
    dy = max(top - point[1], 0.0, point[1] - bottom)
    return (dx * dx + dy * dy) ** 0.5


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _projection(view: ViewState, width: int, height: int):
    """Lon/lat to pixels of a ``width`` x ``height`` picture centred on ``view``."""
    centre_x, centre_y = world_pixels(view.longitude, view.latitude, view.zoom)

    def project(position: Sequence[float]) -> Point:
        x, y = world_pixels(position[0], position[1], view.zoom)
        return x - centre_x + width / 2, y - centre_y + height / 2

    return project


def _polygons_of(geometry: Mapping) -> Sequence:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _paths(polygons: Iterable, project, width: int, height: int) -> str:
    """One path's data for every ring of ``polygons`` that reaches into the picture."""
    drawn = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(position) for position in ring]
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            if max(xs) < 0 or min(xs) > width or max(ys) < 0 or min(ys) > height:
                continue
            drawn.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(drawn)


def _colour(rgba: Sequence[int]) -> tuple[str, str]:
    """``[r, g, b, a]`` as an SVG colour and opacity."""
    red, green, blue, *alpha = rgba
    opacity = alpha[0] / 255 if alpha else 1.0
    return hex_colour((red, green, blue)), f"{opacity:.2f}"
