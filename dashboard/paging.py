"""Pages of a long list: which rows one screen shows, and the count to say so.

A corpus of thousands of articles yields thousands of quotes, sources and sentences;
the page sends one screenful of them and says how many there are. Pure Python: the
views (`dashboard.views.pager`) keep the page number in the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import pandas as pd

Rows = TypeVar("Rows", Sequence, pd.DataFrame)


@dataclass(frozen=True)
class Page(Generic[Rows]):
    """One screenful of a list: its rows, where they start, and how many the list holds."""

    rows: Rows
    number: int
    """0-based; always a page that exists (0 for an empty list)."""
    size: int
    total: int

    @property
    def start(self) -> int:
        """Index of the first row shown (0-based)."""
        return self.number * self.size

    @property
    def end(self) -> int:
        """Index one past the last row shown."""
        return min(self.start + self.size, self.total)

    @property
    def count(self) -> int:
        """How many pages the list fills (at least 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        """Whether a page comes before this one."""
        return self.number > 0

    @property
    def has_next(self) -> bool:
        """Whether a page comes after this one."""
        return self.end < self.total

    def showing(self, noun: str, nouns: str | None = None) -> str:
        """The count as read: "Showing 1–20 of 412 quotes", or "3 quotes" on a single page."""
        every = f"{self.total:,} {noun if self.total == 1 else nouns or noun + 's'}"
        if self.total <= self.size:
            return every
        return f"Showing {self.start + 1:,}–{self.end:,} of {every}"


def page_of(rows: Rows, number: int, size: int) -> Page[Rows]:
    """Page ``number`` (0-based) of ``rows``, ``size`` rows a page.

    A number past either end is brought back to the first or last page, so a list that
    shrank under a filter change still shows rows.
    """
    if size < 1:
        raise ValueError(f"a page holds at least one row, not {size}")
    total = len(rows)
    last = max(0, -(-total // size) - 1)
    number = min(max(0, int(number)), last)
    start, end = number * size, min(number * size + size, total)
    shown = rows.iloc[start:end] if isinstance(rows, pd.DataFrame) else rows[start:end]
    return Page(rows=shown, number=number, size=size, total=total)


def search_rows(frame: pd.DataFrame, query: str, columns: Sequence[str]) -> pd.DataFrame:
    """Rows where every word of ``query`` appears (any case) in one of ``columns``.

    Searching comes before paging, so the count is of the matches.
    """
    words = query.split()
    if not words or frame.empty:
        return frame
    haystack = frame[list(columns)].fillna("").astype(str).agg(" ".join, axis=1).str.casefold()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word.casefold(), regex=False)
    return frame[keep]
