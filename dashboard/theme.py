"""Colours, role styles and number formats shared by every view (and by exports).

Plain data and small pure functions, no Streamlit: a server-side PNG/PDF export can
import this module and draw the same legend. Colours are RGB tuples (0-255); use
`hex_colour` for Vega-Lite and `rgba` for deck.gl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ingest.colours import PALETTE

RGB = tuple[int, int, int]
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_hex(text: str) -> RGB | None:
    """``"#0072b2"`` -> ``(0, 114, 178)``; None for anything that is not ``#rrggbb``."""
    match = _HEX.match(text.strip())
    if not match:
        return None
    digits = match.group(1)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


OKABE_ITO: tuple[RGB, ...] = tuple(parse_hex(colour) for colour in PALETTE)  # type: ignore[misc]
"""Okabe & Ito's categorical palette, distinct for the common colour-vision deficiencies.

The build gives each operation one of these once, for good (``ingest.colours``).

Black, the eighth colour, is kept for text and outlines; `MULTI_OPERATION` and
`UNATTRIBUTED` are deliberately outside this list.
"""

MULTI_OPERATION: RGB = (102, 51, 153)
"""A country in two or more selected operations: a dark violet no operation uses."""

UNATTRIBUTED: RGB = (100, 100, 100)
"""Reports that name no operation: grey, so they never look like an operation."""

LAND: RGB = (226, 228, 231)
BORDER: RGB = (255, 255, 255)
WATER_HEX = "#f4f7fa"
INK: RGB = (33, 37, 41)

UNATTRIBUTED_LABEL = "Unattributed report(s)"
"""The operation-filter option and legend entry for articles that name no operation."""

MULTI_OPERATION_LABEL = "In 2+ selected operations"


@dataclass(frozen=True)
class RoleStyle:
    """How a country holding a role is drawn on the map and named in legends.

    Attributes:
        label: Human name of the role.
        fill_alpha: Opacity of the country's fill (0 = not filled).
        outline_px: Width of the outline in the operation's colour (0 = none).
        ring: Whether a ring marker is drawn at the country's point (coordinators).
        rank: Strength of the role; a country holding several shows its strongest.
    """

    label: str
    fill_alpha: int
    outline_px: float
    ring: bool
    rank: int


ROLE_STYLES: dict[str, RoleStyle] = {
    "coordinator": RoleStyle("Coordinator", 235, 1.0, True, 0),
    "participant": RoleStyle("Participant", 235, 0.0, False, 1),
    "funder": RoleStyle("Funder", 95, 1.5, False, 2),
    "supporter": RoleStyle("Supporter", 95, 1.5, False, 3),
    "origin": RoleStyle("Origin of victims or suspects", 60, 1.0, False, 4),
    "mentioned": RoleStyle("Mentioned only", 0, 1.0, False, 5),
}
ROLE_ORDER: tuple[str, ...] = tuple(sorted(ROLE_STYLES, key=lambda role: ROLE_STYLES[role].rank))

METRIC_LABELS: dict[str, str] = {
    "victims_rescued": "Victims rescued",
    "arrests": "Arrests",
    "countries_involved": "Countries involved",
    "officers_involved": "Officers involved",
    "migrants_identified": "Migrants identified",
    "charged": "Charged",
    "investigations_opened": "Investigations opened",
    "flights_monitored": "Flights monitored",
    "checks_conducted": "Checks conducted",
    "groups_dismantled": "Groups dismantled",
    "inspections": "Inspections",
}
HEADLINE_METRICS: tuple[str, ...] = (
    "victims_rescued",
    "arrests",
    "countries_involved",
    "officers_involved",
    "migrants_identified",
)
"""The metrics the side-by-side comparison shows first, in this order."""

VAGUE_WORDS = re.compile(
    r"\b(hundreds|thousands|dozens|scores|tens|several|many|numerous|some)\b", re.IGNORECASE
)


def operation_colours(
    labels: Iterable[str], pinned: Mapping[str, RGB] | None = None
) -> dict[str, RGB]:
    """Each operation's colour: the one ``pinned`` fixes for it, else a palette colour.

    ``pinned`` is what the dataset's ``operation_colours`` table keeps, so an operation
    keeps its colour when others are added. The rest take the palette colours no pinned
    operation holds, in the order given (the palette repeats once all are used);
    unattributed reports stay grey.
    """
    pinned = pinned or {}
    colours: dict[str, RGB] = {}
    taken = {pinned[label] for label in labels if label in pinned}
    free = [colour for colour in OKABE_ITO if colour not in taken] or list(OKABE_ITO)
    named = 0
    for label in labels:
        if label in colours:
            continue
        if label == UNATTRIBUTED_LABEL:
            colours[label] = UNATTRIBUTED
        elif label in pinned:
            colours[label] = pinned[label]
        else:
            colours[label] = free[named % len(free)]
            named += 1
    return colours


def hex_colour(colour: RGB) -> str:
    """``(0, 114, 178)`` -> ``"#0072b2"``."""
    return "#{:02x}{:02x}{:02x}".format(*colour)


def rgba(colour: RGB, alpha: int = 255) -> list[int]:
    """An RGB tuple as the ``[r, g, b, a]`` list deck.gl expects."""
    return [*colour, max(0, min(255, alpha))]


def lighten(colour: RGB, amount: float) -> RGB:
    """Mix ``colour`` with white; ``amount`` 0 keeps it, 1 gives white."""
    return tuple(round(channel + (255 - channel) * amount) for channel in colour)  # type: ignore[return-value]


def strongest_role(roles: Iterable[str]) -> str:
    """The role a country is drawn with when it holds several (coordinator first)."""
    known = [role for role in roles if role in ROLE_STYLES]
    if not known:
        return "mentioned"
    return min(known, key=lambda role: ROLE_STYLES[role].rank)


def role_label(role: str) -> str:
    """Human name of a role; unknown roles are shown as written."""
    style = ROLE_STYLES.get(role)
    return style.label if style else role


def metric_label(metric: str) -> str:
    """Human name of a figure's metric; unknown metrics are made readable."""
    return METRIC_LABELS.get(metric, metric.replace("_", " ").capitalize())


def format_claim(value: int | None, qualifier: str | None, surface: str | None = None) -> str:
    """A claimed figure as a reader should see it: ``350``, ``500+``, ``≈350``, ``hundreds``.

    A vague amount (no value) shows the article's own word ("hundreds") when it has one.
    """
    if value is None:
        match = VAGUE_WORDS.search(surface or "")
        return match.group(1).lower() if match else "unspecified"
    number = f"{value:,}"
    if qualifier == "at_least":
        return f"{number}+"
    if qualifier == "approx":
        return f"≈{number}"
    return number


def qualifier_note(qualifier: str | None, value: int | None) -> str:
    """Words for a qualifier, for tables: "at least", "approximately", "vague, no number"."""
    if value is None:
        return "vague, no number"
    return {"at_least": "at least", "approx": "approximately"}.get(qualifier or "", "exact")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "source")`` -> ``"1 source"``; ``plural(3, "source")`` -> ``"3 sources"``."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def legend_entries(operations: Sequence[str], colours: dict[str, RGB]) -> list[tuple[str, RGB]]:
    """Legend rows for the map: each operation, then the multi-operation colour if needed."""
    entries = [(label, colours[label]) for label in operations if label in colours]
    named = [label for label in operations if label != UNATTRIBUTED_LABEL]
    if len(named) > 1:
        entries.append((MULTI_OPERATION_LABEL, MULTI_OPERATION))
    return entries
