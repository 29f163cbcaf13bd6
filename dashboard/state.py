"""Filters to and from the page URL (``st.query_params``), so a shared link reproduces the view.

The conversion itself (`filters_from_params`, `params_from_filters`) is pure; `sync_url`
is the one place the app writes the URL. Parameter names are short and stable:
``op`` (repeatable), ``years`` ("2018-2024"), ``country`` (ISO3, repeatable), ``role``
(repeatable), ``source`` (article id, repeatable), ``q`` (quote search).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.filters import Filters
from dashboard.safe import quoted

PARAM_OPERATION = "op"
PARAM_YEARS = "years"
PARAM_COUNTRY = "country"
PARAM_ROLE = "role"
PARAM_SOURCE = "source"
PARAM_QUOTE_SEARCH = "q"
PARAM_REVIEW = "review"
PARAM_PRESENT = "present"
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
KNOWN_PARAMS = (
    PARAM_REVIEW,
    PARAM_PRESENT,
    PARAM_OPERATION,
    PARAM_YEARS,
    PARAM_COUNTRY,
    PARAM_ROLE,
    PARAM_SOURCE,
    PARAM_QUOTE_SEARCH,
)
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-|–|\.\.)\s*(\d{4})\s*$|^\s*(\d{4})\s*$")


def filters_from_params(params: Mapping[str, Sequence[str]]) -> tuple[Filters, list[str]]:
    """Read filters from URL parameters (each key to its list of values).

    Unknown keys and malformed years are reported, not fatal; values are checked
    against the data later by `dashboard.filters.sanitise`.
    """
    problems = [
        f"Ignored the unknown link parameter {quoted(key)}."
        for key in params
        if key not in KNOWN_PARAMS
    ]
    years = None
    raw_years = _last(params.get(PARAM_YEARS, ()))
    if raw_years:
        match = _YEARS.match(raw_years)
        if match is None:
            problems.append(f"Ignored the year range {quoted(raw_years)}: write it as 2018-2024.")
        else:
            low, high = (
                (match.group(1), match.group(2)) if match.group(1) else (match.group(3),) * 2
            )
            years = (min(int(low), int(high)), max(int(low), int(high)))
    filters = Filters(
        operations=_values(params.get(PARAM_OPERATION, ())),
        years=years,
        countries=tuple(value.upper() for value in _values(params.get(PARAM_COUNTRY, ()))),
        roles=tuple(value.lower() for value in _values(params.get(PARAM_ROLE, ()))),
        sources=_values(params.get(PARAM_SOURCE, ())),
        quote_search=_last(params.get(PARAM_QUOTE_SEARCH, ())) or "",
        needs_review=(_last(params.get(PARAM_REVIEW, ())) or "").strip().lower() in TRUE_VALUES,
    )
    return filters, problems


def params_from_filters(
    filters: Filters, full_years: tuple[int, int] | None
) -> dict[str, list[str] | str]:
    """The URL parameters for ``filters``; defaults (everything) are left out of the link."""
    params: dict[str, list[str] | str] = {}
    if filters.operations:
        params[PARAM_OPERATION] = list(filters.operations)
    if filters.years is not None and filters.years != full_years:
        params[PARAM_YEARS] = f"{filters.years[0]}-{filters.years[1]}"
    if filters.countries:
        params[PARAM_COUNTRY] = list(filters.countries)
    if filters.roles:
        params[PARAM_ROLE] = list(filters.roles)
    if filters.sources:
        params[PARAM_SOURCE] = list(filters.sources)
    if filters.quote_search.strip():
        params[PARAM_QUOTE_SEARCH] = filters.quote_search.strip()
    if filters.needs_review:
        params[PARAM_REVIEW] = "1"
    return params


def read_url() -> tuple[Filters, list[str]]:
    """Filters from the current page's URL."""
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    return filters_from_params(params)


def sync_url(filters: Filters, full_years: tuple[int, int] | None) -> None:
    """Write ``filters`` into the URL, touching it only when something changed."""
    wanted = params_from_filters(filters, full_years)
    if PARAM_PRESENT in st.query_params:
        wanted[PARAM_PRESENT] = st.query_params[PARAM_PRESENT]
    current = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    normalised = {
        key: value if isinstance(value, list) else [value] for key, value in wanted.items()
    }
    if current != normalised:
        st.query_params.from_dict(wanted)


def _values(values: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        text = value.strip()
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _last(values: Sequence[str] | str) -> str | None:
    if isinstance(values, str):
        return values
    return values[-1] if values else None
