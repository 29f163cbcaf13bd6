"""Briefing exports: slide images, a one-page PDF, citation-ready quotes and data downloads.

Everything here is plain Python (pandas, matplotlib, fpdf2), with no Streamlit, so the
exports render on the server with no browser and no network, and tests call them
directly. Every export takes a `Briefing`, an already-filtered bundle of the dataset's
tables (columns as described in ``ingest/tables.py``), and returns bytes. How the
dashboard filters is its own business: `Briefing.from_view` adapts its `View`, and
`briefing_for` builds one from a dataset folder and a list of operations (for tests,
benchmarks and scripts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from dashboard.dataset import data_dir, read_dataset
from dashboard.filters import (
    Filters,
    View,
    apply_filters,
    filter_options,
    prepare,
    with_editions,
)
from dashboard.theme import RGB, UNATTRIBUTED_LABEL, role_label

TABLE_NAMES = ("articles", "operations", "mentions", "country_roles", "figures", "quotes")
"""The tables a briefing carries (``regions`` too, when the caller has it)."""


@dataclass(frozen=True, eq=False)
class Briefing:
    """What every export draws: filtered tables, the filters in words, and the day it is made.

    Compared and hashed by identity, so the summaries of one briefing can be cached.

    Attributes:
        tables: Table name to a DataFrame with the dataset's columns (``ingest/tables.py``);
            missing tables count as empty.
        description: The filters in one line, e.g. "Operation Libertad · 2018 · all roles".
        generated: The date printed on every export ("made on ...").
        colours: Operation label to RGB, as the dashboard colours it; operations missing
            here get the dashboard's palette in start-date order.
        address: The view's shareable address (the page with its filters), printed in
            slide and PDF footers; empty when the briefing was not made from the page.
        slug: The view in a file name ("libertad-2018"), for the files' download names.
        texts: Article id to its text, so a quoted fragment is shown with its sentence
            as on the page (`dashboard.quote_groups`); empty: each quotation stands alone.
    """

    tables: Mapping[str, pd.DataFrame]
    description: str
    generated: dt.date = field(default_factory=dt.date.today)
    colours: Mapping[str, RGB] = field(default_factory=dict)
    address: str = ""
    slug: str = "all"
    texts: Mapping[str, str] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """The named table, or an empty frame when the bundle lacks it."""
        frame = self.tables.get(name)
        return frame if frame is not None else pd.DataFrame()

    @classmethod
    def from_view(
        cls,
        view: View,
        description: str,
        colours: Mapping[str, RGB],
        generated: dt.date | None = None,
        address: str = "",
        slug: str = "all",
        texts: Mapping[str, str] | None = None,
    ) -> Briefing:
        """Adapt the dashboard's filtered `View` (the frames are shared, never modified)."""
        tables = {name: getattr(view, name) for name in TABLE_NAMES}
        return cls(
            tables=MappingProxyType(tables),
            description=description,
            generated=generated or dt.date.today(),
            colours=MappingProxyType(dict(colours)),
            address=address,
            slug=slug,
            texts=texts or {},
        )


def briefing_for(
    operations: Sequence[str] = (),
    folder: Path | None = None,
    generated: dt.date | None = None,
) -> Briefing:
    """Load a dataset folder and keep the reports of the named operations.

    Uses the dashboard's own filter, so an export here matches the page. Pass
    `UNATTRIBUTED_LABEL` to include the reports that name no operation; no names
    means every report.

    Args:
        operations: Operation labels as the dashboard lists them.
        folder: A folder ``ingest build`` wrote; defaults to ``$ATLAS_DATA_DIR`` or
            ``data/seed``.
        generated: The date printed on the exports (today by default).

    Raises:
        dashboard.dataset.DatasetError: if the folder holds no readable dataset.
        ValueError: if an operation is not in the dataset (the message lists those that are).
    """
    prepared = prepare(read_dataset(Path(folder) if folder else data_dir()))
    options = filter_options(prepared)
    operations = with_editions(operations, options)
    unknown = [name for name in operations if name not in options.operations]
    if unknown:
        raise ValueError(
            f"Unknown operation(s) {', '.join(map(repr, unknown))}; this dataset has "
            f"{', '.join(map(repr, options.operations))}."
        )
    view = apply_filters(prepared, Filters(operations=tuple(operations)), options)
    years = sorted(int(year) for year in view.reports["year"].dropna().unique())
    description = filter_description(operations or options.operations, years)
    return Briefing.from_view(
        view, description, options.colours, generated, texts=prepared.dataset.texts
    )


def filter_description(
    operations: Iterable[str],
    years: Sequence[int] = (),
    countries: Sequence[str] = (),
    roles: Sequence[str] = (),
    n_sources: int = 0,
) -> str:
    """The filters in one line: "Operation Libertad · 2018 · all countries and roles".

    Args:
        operations: Selected operation labels (the unattributed label included).
        years: The years in view; shown as one year or a range.
        countries: Selected country codes or names (empty: all).
        roles: Selected roles (empty: all).
        n_sources: Number of sources the reader restricted to (0: all).
    """
    labels = list(dict.fromkeys(operations))
    named = [label for label in labels if label != UNATTRIBUTED_LABEL]
    if len(named) == 1:
        subject = f"Operation {named[0]}"
    elif named:
        subject = "Operations " + ", ".join(named[:-1]) + f" and {named[-1]}"
    else:
        subject = ""
    if UNATTRIBUTED_LABEL in labels:
        subject = f"{subject} and unattributed reports" if subject else "Unattributed reports"
    parts = [subject]
    if years:
        low, high = min(years), max(years)
        parts.append(str(low) if low == high else f"{low}–{high}")
    if countries:
        shown = ", ".join(countries[:4]) + (f" +{len(countries) - 4}" if len(countries) > 4 else "")
        parts.append(shown)
    parts.append(
        ", ".join(role_label(role).lower() for role in roles)
        if roles
        else "all countries and roles"
    )
    if n_sources:
        parts.append(f"{n_sources} selected source{'s' if n_sources != 1 else ''}")
    return " · ".join(part for part in parts if part)
