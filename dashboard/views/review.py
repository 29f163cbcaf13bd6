"""The "Needs review" list: every low-confidence fact in view, in its sentence, with its rule.

Shown when the sidebar's review toggle is on (``?review=1``). Each entry is plain
Streamlit Markdown with every article-derived string escaped, the evidence highlighted
as the provenance panel does it. The list's container has the key `LIST_KEY`, which the
browser test finds by its CSS class.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.provenance import evidence, evidence_markdown
from dashboard.review import LEGEND, MARK, count_text
from dashboard.safe import escape_markdown

LIST_KEY = "needs-review"
RESTRICTED_NOTE = (
    "While this is on, the map, the figures and the quotes below show only these "
    "low-confidence facts; the timeline keeps every operation (dates in doubt end in “?”). "
    "Turn off **Needs review** in the sidebar to see everything."
)


def render(items: pd.DataFrame, texts: Mapping[str, str]) -> None:
    """Draw the count and one entry per fact, or say that nothing in view needs review."""
    with st.container(border=True, key=LIST_KEY):
        st.subheader("Needs review")
        if items.empty:
            st.info(
                "No fact in view needs review: every country role, figure, quote and "
                "operation date here was read with medium or high confidence."
            )
            st.caption(RESTRICTED_NOTE)
            return
        st.markdown(f"**{count_text(len(items))}** · {escape_markdown(LEGEND)}")
        st.caption(RESTRICTED_NOTE)
        for row in items.itertuples():
            st.markdown(entry_markdown(row._asdict(), texts))


def entry_markdown(item: Mapping, texts: Mapping[str, str]) -> str:
    """One fact: what it is, its sentence (span highlighted), its article, rule and doubt."""
    found = evidence(texts.get(item["article_id"], ""), item["span_start"], item["span_end"])
    sentence = evidence_markdown(found) if found else ":gray[(no sentence: the fact has no span)]"
    rule = escape_markdown(item["rule_id"]) if item["rule_id"] else "unknown rule"
    why = escape_markdown(item["doubt"]) if item["doubt"] else "no reason recorded"
    return (
        f"**{MARK} {escape_markdown(item['kind'])}: {escape_markdown(item['fact'])}** "
        f":gray[({escape_markdown(item['report'])})]  \n"
        f"{sentence}  \n"
        f":gray[{escape_markdown(item['source'])} · rule {rule} · low confidence]  \n"
        f":orange[Why: {why}]"
    )
