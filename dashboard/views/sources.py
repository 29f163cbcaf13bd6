"""The sources table: every article in view, with a link only when it is a web address.

Cells are text, never Markdown; hidden and text-reordering characters are dropped so a
headline cannot display reversed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.safe import plain_frame
from dashboard.theme import plural


def render(table: pd.DataFrame) -> None:
    """Draw the table of articles (title, publisher, date, link, operations, facts)."""
    if table.empty:
        st.info("No article matches these filters.")
        return
    shown = table.drop(columns=["article_id"]).rename(
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
    st.caption(
        f"{plural(len(table), 'article')}. A grey “None” means the article does not say: "
        "no publisher, no date of publication, or no web address (links are shown only "
        "for http and https addresses)."
    )
