"""The sources table: every article in view, with a link only when it is a web address.

Cells are text, never Markdown; hidden and text-reordering characters are dropped so a
headline cannot display reversed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.paging import search_rows
from dashboard.safe import plain_frame
from dashboard.theme import plural
from dashboard.views import pager

PAGE_SIZE = 50
"""Rows sent at once: a corpus of thousands of articles is searched and paged here."""
PAGER_KEY = "sources"
SEARCH_KEY = "source_search"
SEARCHED_COLUMNS = ("title", "publisher", "published", "operations", "cite")


def render(table: pd.DataFrame) -> None:
    """Draw the search box and one page of the articles (title, publisher, date, link, facts)."""
    if table.empty:
        st.info("No article matches these filters.")
        return
    query = st.text_input(
        "Search sources by title, outlet, date or operation",
        key=SEARCH_KEY,
        placeholder="e.g. an outlet, a word of a headline, 2024",
    )
    found = search_rows(table, query, SEARCHED_COLUMNS)
    if found.empty:
        st.info(
            f"No source matches the search among the {plural(len(table), 'article')} in view. "
            "Clear the search box to see them all."
        )
        return
    page = pager.current_page(found, PAGER_KEY, PAGE_SIZE, tuple(found["article_id"]))
    shown = page.rows.drop(columns=["article_id"]).rename(
        columns={
            "title": "Title",
            "publisher": "Publisher",
            "published": "Published",
            "link": "Link",
            "operations": "Operations",
            "n_facts": "Facts",
            "inferred": "Note",
            "cite": "Cite",
        }
    )
    st.dataframe(
        plain_frame(shown),
        hide_index=True,
        width="stretch",
        column_config={
            "Title": st.column_config.TextColumn(width="large"),
            "Published": st.column_config.TextColumn(
                help="“(inferred)”: read from the article's address, not stated in its text."
            ),
            "Link": st.column_config.LinkColumn(display_text="Open article", width="medium"),
            "Facts": st.column_config.NumberColumn(
                help="Country mentions, figures, quotes and operation names this article yields "
                "under the current filters."
            ),
            "Note": st.column_config.TextColumn(
                help="For an article that names no operation: the operation whose reports it "
                "matches (shown, never merged)."
            ),
            "Cite": st.column_config.TextColumn(
                width="large",
                help="Outlet, title, date and address, ready to copy; “(inferred)” marks what "
                "the article does not state and was inferred from its address or first line.",
            ),
        },
    )
    pager.controls(page, PAGER_KEY, "article")
    st.caption(
        f"{page.showing('article')}. A grey “None” means the article does not say: "
        "no publisher, no date of publication, or no web address (links are shown only "
        "for http and https addresses)."
    )
