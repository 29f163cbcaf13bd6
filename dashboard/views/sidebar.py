"""The sidebar filters: seeded from the URL, kept across rebuilds, read back as `Filters`."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard.filters import Filters, Options, sanitise
from dashboard.safe import without_hidden
from dashboard.state import read_url
from dashboard.theme import role_label

KEY_OPERATIONS = "filter_operations"
KEY_YEARS = "filter_years"
KEY_COUNTRIES = "filter_countries"
KEY_ROLES = "filter_roles"
KEY_SOURCES = "filter_sources"
KEY_QUOTE_SEARCH = "filter_quote_search"
KEY_REVIEW = "filter_review"
SEEDED_FLAG = "_filters_seeded_from_url"
YEAR_BOUNDS = "_filter_year_bounds"
"""The years the data covered on the session's last run, to notice when a rebuild moves them."""
ALL_KEYS = (
    KEY_OPERATIONS,
    KEY_YEARS,
    KEY_COUNTRIES,
    KEY_ROLES,
    KEY_SOURCES,
    KEY_QUOTE_SEARCH,
    KEY_REVIEW,
)

Years = tuple[int, int]


def seed_from_url(options: Options) -> list[str]:
    """On a session's first run, put the link's filters into the widgets; return warnings.

    On later runs, keep the chosen years when a rebuild moved the years the data covers
    (`carry_years`): Streamlit takes a slider with new bounds for a new widget and would
    otherwise put every open session back on the full range.
    """
    bounds_before = st.session_state.get(YEAR_BOUNDS)
    st.session_state[YEAR_BOUNDS] = options.years
    if st.session_state.get(SEEDED_FLAG):
        if bounds_before == options.years:
            return []
        chosen = st.session_state.get(KEY_YEARS)
        years, warnings = carry_years(
            tuple(chosen) if chosen is not None else None, bounds_before, options.years
        )
        st.session_state[KEY_YEARS] = years
        return warnings
    st.session_state[SEEDED_FLAG] = True
    requested, problems = read_url()
    filters, more_problems = sanitise(requested, options)
    st.session_state[KEY_OPERATIONS] = list(filters.operations)
    st.session_state[KEY_COUNTRIES] = list(filters.countries)
    st.session_state[KEY_ROLES] = list(filters.roles)
    st.session_state[KEY_SOURCES] = list(filters.sources)
    st.session_state[KEY_QUOTE_SEARCH] = filters.quote_search
    st.session_state[KEY_REVIEW] = filters.needs_review
    if options.years is not None:
        st.session_state[KEY_YEARS] = filters.years or options.years
    return problems + more_problems


def carry_years(
    chosen: Years | None, before: Years | None, now: Years | None
) -> tuple[Years | None, list[str]]:
    """The year range to show after the data's years moved from ``before`` to ``now``.

    Every year stays every year, new years included: the link of a full range names no
    years, so it already means that. A range someone chose stays as chosen, cut to the
    years the data still has; if none are left, every year is shown. Returns the range
    and the messages telling the reader what changed.
    """
    if now is None:
        return None, []
    if chosen is None or before is None or chosen == before:
        return now, []
    low, high = max(chosen[0], now[0]), min(chosen[1], now[1])
    if low > high:
        return now, [
            f"The data no longer covers the years you chose ({chosen[0]}–{chosen[1]}): "
            f"showing every year ({now[0]}–{now[1]})."
        ]
    if (low, high) != chosen:
        return (low, high), [
            f"The data now covers {now[0]}–{now[1]}: the years you chose are now {low}–{high}."
        ]
    return chosen, []


def _reset(options: Options) -> None:
    for key in (KEY_OPERATIONS, KEY_COUNTRIES, KEY_ROLES, KEY_SOURCES):
        st.session_state[key] = []
    st.session_state[KEY_QUOTE_SEARCH] = ""
    st.session_state[KEY_REVIEW] = False
    if options.years is not None:
        st.session_state[KEY_YEARS] = options.years


def render(options: Options, country_names: Mapping[str, str]) -> None:
    """Draw the filter widgets (their values live in ``st.session_state``)."""
    st.sidebar.header("Filters")
    st.sidebar.multiselect(
        "Operation",
        options.operations,
        key=KEY_OPERATIONS,
        format_func=without_hidden,
        placeholder="All operations",
        help="Reports that name no operation are listed as “Unattributed report(s)”.",
    )
    if options.years is not None and options.years[0] < options.years[1]:
        st.sidebar.slider(
            "Year",
            min_value=options.years[0],
            max_value=options.years[1],
            key=KEY_YEARS,
            help="The year an operation ran (or, for a report with no operation, when it was "
            "published).",
        )
    st.sidebar.multiselect(
        "Country",
        options.countries,
        key=KEY_COUNTRIES,
        format_func=lambda code: country_names.get(code, code),
        placeholder="All countries",
    )
    st.sidebar.multiselect(
        "Role",
        options.roles,
        key=KEY_ROLES,
        format_func=role_label,
        placeholder="All roles",
    )
    st.sidebar.multiselect(
        "Source",
        options.sources,
        key=KEY_SOURCES,
        format_func=lambda article_id: without_hidden(
            options.source_labels.get(article_id, article_id)
        ),
        placeholder="All articles",
    )
    st.sidebar.toggle(
        "Needs review",
        key=KEY_REVIEW,
        help="Show only the facts the extractor is unsure of (low confidence), each with "
        "its sentence, the rule that read it and why it is in doubt.",
    )
    st.sidebar.button("Reset filters", on_click=_reset, args=(options,), width="stretch")
    st.sidebar.caption(
        "The page address holds these filters: copy it from the address bar to share "
        "exactly this view."
    )


def current_filters(options: Options) -> Filters:
    """The filters as the widgets now hold them."""
    years = st.session_state.get(KEY_YEARS)
    return Filters(
        operations=tuple(st.session_state.get(KEY_OPERATIONS, [])),
        years=tuple(years) if years is not None and options.years is not None else None,
        countries=tuple(st.session_state.get(KEY_COUNTRIES, [])),
        roles=tuple(st.session_state.get(KEY_ROLES, [])),
        sources=tuple(st.session_state.get(KEY_SOURCES, [])),
        quote_search=st.session_state.get(KEY_QUOTE_SEARCH, "") or "",
        needs_review=bool(st.session_state.get(KEY_REVIEW, False)),
    )
