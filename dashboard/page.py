"""Everything the main page shows for one set of filters, computed in one place (no Streamlit).

`dashboard.load.load_page` caches it per dataset and filters, so a rerun for filters seen
before (a shared link opened by colleagues, an operation switched off and on again) costs
a copy instead of the summaries. Quote cards are left out: the quote search changes them
on its own (a fragment of the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import review, summaries
from dashboard.filters import Filters, Options, Prepared, View, apply_filters


@dataclass(frozen=True)
class PageData:
    """The filtered view and what the map, timeline, figures and sources views draw from it."""

    view: View
    operations: list[str]
    """The operations (and the unattributed label) present in the view, in the options' order."""
    report_order: list[str]
    summary: pd.DataFrame
    claims: pd.DataFrame
    headline: pd.DataFrame
    timeline: pd.DataFrame
    undated: list[str]
    inference_notes: list[str]
    sources: pd.DataFrame
    review: pd.DataFrame
    """Every low-confidence fact in view (`dashboard.review.review_items`)."""


def page_data(
    prepared: Prepared, options: Options, filters: Filters, names: Mapping[str, str]
) -> PageData:
    """Apply ``filters`` and summarise the view for every view of the page."""
    view = apply_filters(prepared, filters, options)
    present = set(view.reports["op_label"])
    report_order = summaries.report_order(view)
    report_names = summaries.report_names(view)
    claims = summaries.figure_claims(view)
    return PageData(
        view=view,
        operations=[label for label in options.operations if label in present],
        report_order=report_order,
        summary=summaries.country_summary(view, names, prepared.dataset.texts),
        claims=claims,
        headline=summaries.headline_table(claims, report_order),
        timeline=summaries.timeline_frame(view, report_names),
        undated=summaries.undated_reports(view, report_names),
        inference_notes=summaries.inference_notes(view),
        sources=summaries.sources_table(view),
        review=review.review_items(view, names, options.source_labels),
    )
