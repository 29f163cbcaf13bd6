"""Quote cards: the words, who said them, the operation and every outlet that carried them.

Cards are plain Streamlit Markdown with every article-derived string escaped (no
``unsafe_allow_html``). Each card's container has the key ``quote-card-N``, which the
browser test finds by its CSS class.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.cite import plain
from dashboard.provenance import evidence, evidence_markdown
from dashboard.review import LOW, MARK, doubt_note
from dashboard.safe import escape_markdown, markdown_link
from dashboard.theme import UNATTRIBUTED_LABEL, plural
from dashboard.views import pager

CARD_KEY_PREFIX = "quote-card-"
COLUMNS = 2
PAGE_SIZE = 20
"""Cards drawn at once; the rest are a page turn away (searched before paging)."""
PAGER_KEY = "quotes"
OUTLETS_NAMED = 8
"""Outlets (and operations) a card names in its byline; the rest are counted ("and 40 more")."""
SOURCES_QUOTED = 10
"""Articles whose sentence a card's "Where it appears" quotes; the rest are counted."""


def card_markdown(card: Mapping) -> str:
    """The body of one card as safe Markdown."""
    title = f", {escape_markdown(card['speaker_title'])}" if card.get("speaker_title") else ""
    operations = ", ".join(
        "unattributed report" if label == UNATTRIBUTED_LABEL else escape_markdown(label)
        for label in card["operations"][:OUTLETS_NAMED]
    )
    if len(card["operations"]) > OUTLETS_NAMED:
        operations += f" and {plural(len(card['operations']) - OUTLETS_NAMED, 'more operation')}"
    outlets = "; ".join(_outlet(source) for source in card["sources"][:OUTLETS_NAMED])
    if len(card["sources"]) > OUTLETS_NAMED:
        outlets += f"; and {len(card['sources']) - OUTLETS_NAMED:,} more"
    correction = f"_✎{escape_markdown(card['correction'])}_\n\n" if card.get("correction") else ""
    low = card.get("confidence") == LOW
    doubt = f":orange[{escape_markdown(doubt_note(LOW, card.get('doubt')))}]\n\n" if low else ""
    words = (
        f"{escape_markdown(card['sentence'])}"
        if card.get("reported")
        else f"**“{escape_markdown(card['text'])}”**"
    )
    sentence = (
        f":gray[In the same sentence: {escape_markdown(card['sentence'])}]\n\n"
        if card.get("sentence") and not card.get("reported")
        else ""
    )
    return (
        f"{f':orange[**{MARK}**] ' if low else ''}{words}\n\n"
        f"— **{escape_markdown(card['speaker'])}**{title}\n\n"
        f"{sentence}"
        f"{correction}"
        f"{doubt}"
        f":gray[{operations} · carried by {plural(len(card['sources']), 'outlet')}: {outlets}]"
    )


def _outlet(source: Mapping) -> str:
    name = source.get("name") or source.get("publisher") or source.get("source")
    label = markdown_link(name, source.get("url"))
    date = source.get("date")
    return f"{label} ({escape_markdown(date)})" if date and date not in str(name) else label


def render(cards: list[dict], texts: Mapping[str, str], total: int) -> None:
    """Draw the search result count and one page of the cards in a grid."""
    if not cards:
        st.info(
            "No quote matches. Clear the search box, or widen the filters in the sidebar."
            if total
            else "The articles under these filters quote nobody."
        )
        return
    page = pager.current_page(
        cards, PAGER_KEY, PAGE_SIZE, tuple(card["quote_id"] for card in cards)
    )
    st.caption(
        f"{page.showing('distinct quote')} · the same words in several articles are one card"
    )
    columns = st.columns(COLUMNS, gap="medium")
    for index, card in enumerate(page.rows, start=page.start):
        with columns[index % COLUMNS], st.container(border=True, key=f"{CARD_KEY_PREFIX}{index}"):
            st.markdown(card_markdown(card))
            with st.popover("Cite", icon=":material/format_quote:"):
                st.caption("Outlet, headline, date, address: copy with the button at the right")
                st.code(cite_text(card), language=None, wrap_lines=True)
            with st.expander("Where it appears"):
                for source in card["sources"][:SOURCES_QUOTED]:
                    where = escape_markdown(source["source"])
                    for start, end in source.get("spans") or [
                        (source["span_start"], source["span_end"])
                    ]:
                        found = evidence(texts.get(source["article_id"], ""), start, end)
                        if found is None:
                            st.markdown(f"- {where}")
                        else:
                            st.markdown(f"- {where}: {evidence_markdown(found)}")
                if len(card["sources"]) > SOURCES_QUOTED:
                    more = plural(len(card["sources"]) - SOURCES_QUOTED, "more article")
                    st.caption(f"… and {more}: the Cite button above lists them all.")
    pager.controls(page, PAGER_KEY, "distinct quote")


def cite_text(card: Mapping) -> str:
    """Each article that carried the card's words as a citation line, one a line.

    Shown in a code block, so it is copied as plain text and never read as Markdown.
    """
    return "\n".join(plain(source.get("cite") or source["source"]) for source in card["sources"])


def count_quotes(quotes: pd.DataFrame) -> int:
    """Distinct quotes before the text search (for the "no match" message)."""
    return int(quotes["quote_id"].nunique()) if not quotes.empty else 0
