"""The page control under a long list: "Showing 21–40 of 412 quotes", Previous and Next.

The page number lives in the session (not the address); a list whose rows change (a new
search, another filter) starts again at its first page.
"""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from dashboard.paging import Page, Rows, page_of


def current_page(rows: Rows, key: str, size: int, identity: Hashable) -> Page[Rows]:
    """The page of ``rows`` this session is on.

    The first page when ``identity`` (what the rows are, e.g. their ids) differs from the
    last run's.
    """
    number_key, identity_key = _keys(key)
    digest = hash(identity)
    if st.session_state.get(identity_key) != digest:
        st.session_state[identity_key] = digest
        st.session_state[number_key] = 0
    page = page_of(rows, st.session_state.get(number_key, 0), size)
    st.session_state[number_key] = page.number
    return page


def controls(page: Page, key: str, noun: str, nouns: str | None = None) -> None:
    """The count, and Previous / Next buttons when the list fills more than one page."""
    if page.count == 1:
        return
    number_key, _ = _keys(key)
    row = st.container(horizontal=True, vertical_alignment="center", key=f"pager-{key}")
    with row:
        st.button(
            "← Previous",
            key=f"{key}-previous",
            disabled=not page.has_previous,
            on_click=_turn,
            args=(number_key, page.number - 1),
        )
        st.button(
            "Next →",
            key=f"{key}-next",
            disabled=not page.has_next,
            on_click=_turn,
            args=(number_key, page.number + 1),
        )
        st.caption(f"{page.showing(noun, nouns)} · page {page.number + 1} of {page.count:,}")


def _turn(number_key: str, number: int) -> None:
    st.session_state[number_key] = number


def _keys(key: str) -> tuple[str, str]:
    return f"pager-{key}-number", f"pager-{key}-identity"
