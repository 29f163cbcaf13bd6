"""Operations Atlas: the Streamlit entry point. It only wires the data, the filters and the views.

``make run`` serves it through ``dashboard/serve.py`` (security headers, warm-up);
``streamlit run dashboard/app.py`` runs it bare. The dataset comes from
``$ATLAS_DATA_DIR`` or ``data/seed``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import summaries
from dashboard.dataset import DatasetError, corpus_dir, data_dir, dataset_stamp
from dashboard.load import land_url, load_dataset, load_geometry, load_page
from dashboard.names import country_names
from dashboard.review import count_text
from dashboard.safe import shown_as_text
from dashboard.state import sync_url
from dashboard.theme import UNATTRIBUTED_LABEL, plural
from dashboard.views import export, figures, quotes, review, sidebar, sources, timeline
from dashboard.views import map as map_view

PAGE_ADD = "Add article"
PAGES = ("Map and timeline", PAGE_ADD)

st.set_page_config(page_title="Operations Atlas", page_icon="🗺️", layout="wide")

folder = data_dir()
if st.sidebar.radio("Page", PAGES, key="page", horizontal=True) == PAGE_ADD:
    from dashboard.views import add_article  # the extractor: only this page needs it

    add_article.render(corpus_dir(), folder)
    st.stop()

# One reading of the dataset's version per run, so every cache below sees the same build.
stamp = dataset_stamp(folder)
try:
    prepared, options = load_dataset(str(folder), stamp)
except DatasetError as problem:
    st.error(shown_as_text(problem))
    st.stop()

dataset = prepared.dataset
geometry = load_geometry()
names = country_names(options.countries, geometry)
colours = options.colours

for warning in sidebar.seed_from_url(options):
    st.toast(shown_as_text(warning))
sidebar.render(options, names)
filters = sidebar.current_filters(options)
sync_url(filters, options.years)
page = load_page(str(folder), stamp, repr(filters), filters, names)
view = page.view
if filters.needs_review:
    st.sidebar.caption(f"{count_text(len(page.review))} in this view.")

st.title("Operations Atlas")
st.caption(
    "INTERPOL-coordinated anti-trafficking operations as the news reported them. Every "
    "country, figure and quote links back to its article and sentence."
)
if view.is_empty:
    st.info(
        "Nothing matches these filters. Try another operation or year, remove the country, "
        "role or source filter, or press **Reset filters** in the sidebar."
    )
    st.stop()

if export.is_presentation():
    export.render_presentation(
        export.briefing_from_view(view, filters, options, names, colours),
        cache_key=f"{stamp}|{filters!r}",
    )
    st.stop()

metrics = st.columns(4)
metrics[0].metric(
    "Operations in view", len([name for name in page.operations if name != UNATTRIBUTED_LABEL])
)
metrics[1].metric("Countries named", len(page.summary))
metrics[2].metric("Articles", len(view.articles))
metrics[3].metric("Distinct quotes", quotes.count_quotes(view.quotes))
if filters.needs_review:
    review.render(page.review, dataset.texts)

st.subheader("Where: countries by operation and role")
if filters.needs_review:
    st.caption("Needs review: only the low-confidence country roles are on the map.")
map_view.render(
    page.summary,
    geometry,
    colours,
    page.operations,
    view.mentions,
    dataset.texts,
    options.source_labels,
    land_url(),
)

st.subheader("When: operations and their reports")
timeline.render(page.timeline, colours, page.report_order, page.undated)

st.subheader("How many: headline figures side by side")
if filters.needs_review:
    st.caption("Needs review: only the low-confidence figures are shown.")
figures.render(
    page.headline, page.claims, colours, page.report_order, dataset.texts, page.inference_notes
)


@st.fragment
def quotes_sources_and_briefing() -> None:
    """The lower half of the page. A quote search reruns only this part, not the map and charts.

    Reads ``view``, ``filters`` and the rest from the page's last full run; only the
    search box changes between full runs.
    """
    st.subheader("Who said what: quotes")
    if filters.needs_review:
        st.caption("Needs review: only the low-confidence quotes are shown.")
    st.text_input(
        "Search quotes by words or speaker",
        key=sidebar.KEY_QUOTE_SEARCH,
        placeholder="a word from a quote, or a speaker's name",
    )
    searched = replace(filters, quote_search=sidebar.current_filters(options).quote_search)
    sync_url(searched, options.years)
    quotes.render(
        summaries.quote_cards(view, searched.quote_search, dataset.texts),
        dataset.texts,
        quotes.count_quotes(view.quotes),
    )

    st.subheader("Sources")
    sources.render(page.sources)

    st.subheader("Take it to a briefing")
    export.render(export.briefing_from_view(view, searched, options, names, colours, dataset.texts))


quotes_sources_and_briefing()
st.caption(f"Dataset: {plural(len(dataset.articles), 'article')} in {folder.name}/")
