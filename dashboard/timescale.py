"""One days-per-pixel scale for every timeline row, and labels placed so they never overlap.

Operations years apart cannot share one day-scale axis, and a row per operation on its
own axis makes a 6-day operation look twice as long as a 7-day one. So every row shows
the same number of days, aligned on its anchor (the operation's first day, or the first
publication date of a report without dates): bar lengths compare across rows. Dates far
outside that window (an article published a year later) are drawn at its edge, with
their real date. The page chart and the exported slides both lay out from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

PAD_DAYS = 2
MIN_WINDOW_DAYS = 14
"""Even a one-day operation gets two weeks around it, so its publication dates show."""
CAP_DAYS = 60
CAP_FACTOR = 4
"""A row reaches past its anchor at most this many times the longest operation (or
`CAP_DAYS`, whichever is longer); later dates are pinned to the edge."""
CHAR_EM = 0.6
"""Average width of a character, in font sizes (DejaVu Sans and Helvetica are ~0.55)."""


@dataclass(frozen=True)
class Window:
    """The days every row shows, as offsets from its anchor: ``before`` to ``after``."""

    before: float
    after: float

    @property
    def days(self) -> float:
        """How many days the window spans."""
        return self.after - self.before

    def offset(self, anchor: pd.Timestamp, date: pd.Timestamp) -> float:
        """Days from ``anchor`` to ``date``, pinned inside the window."""
        return min(max(_days(date - anchor), self.before), self.after)

    def pinned(self, anchor: pd.Timestamp, date: pd.Timestamp) -> bool:
        """Whether ``date`` lies outside the window (drawn at its edge)."""
        return not self.before <= _days(date - anchor) <= self.after

    def bounds(self, anchor: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The first and last instant a row anchored at ``anchor`` shows."""
        return (
            anchor + pd.Timedelta(days=self.before),
            anchor + pd.Timedelta(days=self.after),
        )


@dataclass(frozen=True)
class Row:
    """What one timeline row places: an operation's days (if known) and publication dates."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None
    published: tuple[pd.Timestamp, ...] = ()

    @property
    def anchor(self) -> pd.Timestamp:
        """The operation's first day, else the first publication date."""
        return self.start if self.start is not None else min(self.published)

    @property
    def days(self) -> int | None:
        """How many days the operation ran, counting both ends (None without dates)."""
        if self.start is None:
            return None
        return int(round(_days((self.end or self.start) - self.start))) + 1

    def offsets(self) -> list[float]:
        """Days from the anchor of everything the row draws (an operation ends at day end)."""
        found = [_days(date - self.anchor) for date in self.published]
        if self.start is not None:
            found += [0.0, float(self.days or 1)]
        return found


def shared_window(rows: Sequence[Row]) -> Window:
    """The one window every row is drawn in: wide enough for every row's dates, up to the cap."""
    offsets = [offset for row in rows for offset in row.offsets()] or [0.0]
    longest = max((row.days or 0 for row in rows), default=0)
    cap = max(CAP_DAYS, CAP_FACTOR * longest)
    before = max(min(min(offsets), 0.0), -cap)
    after = min(max(max(offsets), 1.0), cap)
    if after - before < MIN_WINDOW_DAYS:
        after = before + MIN_WINDOW_DAYS
    return Window(before - PAD_DAYS, after + PAD_DAYS)


def text_width(text: str, font_px: float) -> float:
    """Estimated width of ``text`` in pixels at ``font_px``."""
    return len(text) * font_px * CHAR_EM


def clusters(positions: Sequence[float], widths: Sequence[float], gap: float) -> list[list[int]]:
    """Group items whose labels, each starting at its item's position, would touch.

    Each group gets one label, so the labels on one line never overlap.
    """
    order = sorted(range(len(positions)), key=lambda index: positions[index])
    groups: list[list[int]] = []
    reach = float("-inf")
    for index in order:
        if groups and positions[index] < reach + gap:
            groups[-1].append(index)
            reach = max(reach, positions[index] + widths[index])
        else:
            groups.append([index])
            reach = positions[index] + widths[index]
    return groups


def lanes(centres: Sequence[float], widths: Sequence[float], gap: float) -> list[int]:
    """A lane (0, 1, ...) per centred label so labels in one lane never overlap, fewest lanes."""
    order = sorted(range(len(centres)), key=lambda index: centres[index])
    ends: list[float] = []
    result = [0] * len(centres)
    for index in order:
        left = centres[index] - widths[index] / 2
        lane = next((lane for lane, end in enumerate(ends) if left >= end + gap), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = centres[index] + widths[index] / 2
        result[index] = lane
    return result


def date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """``3–9 Apr 2018``, ``29 Sep – 4 Oct 2024``, ``30 Dec 2024 – 2 Jan 2025``."""
    if start == end:
        return f"{start:%-d %b %Y}"
    if start.year != end.year:
        return f"{start:%-d %b %Y} – {end:%-d %b %Y}"
    if start.month != end.month:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d}–{end:%-d %b %Y}"


def duration(days: int) -> str:
    """``1 day``, ``7 days``."""
    return f"{days} day{'s' if days != 1 else ''}"


def published_label(dates: Sequence[pd.Timestamp], n_sources: int) -> str:
    """``Published 1 May 2018``, ``Published 1–6 May 2018 (3 sources)`` for a group."""
    first, last = min(dates), max(dates)
    when = f"{first:%-d %b %Y}" if first == last else date_range(first, last)
    return f"Published {when}" + (f" ({n_sources} sources)" if n_sources > 1 else "")


def _days(delta: pd.Timedelta) -> float:
    return delta / pd.Timedelta(days=1)
