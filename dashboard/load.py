"""The app's caches: the dataset and the map geometry, read once and shared.

Cached objects are shared between sessions and reruns: callers must never modify them
(the filters in `dashboard.filters` always return new frames).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.dataset import read_dataset
from dashboard.filters import Filters, Options, Prepared, filter_options, prepare
from dashboard.geometry import MapGeometry, build_geometry, publish_land
from dashboard.page import PageData, page_data

STATIC_FOLDER = Path(__file__).resolve().with_name("static")
"""Served by Streamlit at ``app/static/`` when ``server.enableStaticServing`` is on."""


@st.cache_data(show_spinner="Loading the dataset…")
def load_dataset(folder: str, stamp: str) -> tuple[Prepared, Options]:
    """The dataset read and labelled for filtering, with the choices the filters offer.

    ``stamp`` (from `dashboard.dataset.dataset_stamp`) changes when the dataset is
    rebuilt, which reloads it.
    """
    del stamp
    prepared = prepare(read_dataset(Path(folder)))
    return prepared, filter_options(prepared)


@st.cache_data(max_entries=64, show_spinner=False)
def load_page(
    folder: str, stamp: str, filters_key: str, _filters: Filters, _names: dict[str, str]
) -> PageData:
    """`dashboard.page.page_data` for these filters, computed once per dataset and filters.

    ``filters_key`` is ``repr(_filters)`` (the cache key); the country names follow from
    the dataset, so ``stamp`` covers them.
    """
    del filters_key
    prepared, options = load_dataset(folder, stamp)
    return page_data(prepared, options, _filters, _names)


@st.cache_resource(show_spinner="Preparing the map…")
def load_geometry() -> MapGeometry:
    """The simplified world, built once per server process (immutable, shared)."""
    return build_geometry()


@st.cache_resource(show_spinner=False)
def land_url() -> str | None:
    """Where the browser fetches the land layer, or None to send it inside the map.

    A URL only when Streamlit serves ``dashboard/static`` (``server.enableStaticServing``
    in ``.streamlit/config.toml``) and the file could be written there.
    """
    if not st.get_option("server.enableStaticServing"):
        return None
    name = publish_land(load_geometry(), STATIC_FOLDER)
    return f"app/static/{name}" if name else None
