"""Warm the server while the first browser is still loading Streamlit's JavaScript.

The first run of the dashboard script pays for everything a Python process does once:
importing pandas, Altair and pydeck, reading the dataset and the map geometry, and
building the default view's charts (about 1.5 s here, against 0.1 s for a later run).
A browser needs about a second to fetch and start Streamlit's frontend before it asks
for that first run, so doing the same work in a background thread when the server
starts hides most of it.

The warm-up runs the real page script in Streamlit's bare mode (no session, so every
element call is a no-op and widgets return their defaults). It fills the same caches a
visitor's run would (`st.cache_data`, `st.cache_resource`, the chart specs) and writes
nothing; a failure is logged and otherwise ignored, because the visitor's own run will
then do the work and show any error properly. Once the page is warm it imports what
the page defers (the extractor behind the Add page), so that page opens quickly too.
"""

from __future__ import annotations

import importlib
import logging
import runpy
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from streamlit.logger import get_logger

LOG = get_logger(__name__)
THREAD_NAME = "atlas-warm-up"
NO_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _WarmUpNoise(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warnings raised by the warm-up thread."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD_NAME


def start_warm_up(script: Path, then_import: Sequence[str] = ()) -> threading.Thread:
    """Run ``script`` once, then import ``then_import``, in a daemon thread (tests join it)."""
    logging.getLogger(NO_CONTEXT_LOGGER).addFilter(_WarmUpNoise())
    thread = threading.Thread(
        target=warm_up, args=(script, then_import), name=THREAD_NAME, daemon=True
    )
    thread.start()
    return thread


def warm_up(script: Path, then_import: Sequence[str] = ()) -> float:
    """Run the page script once without a session; returns the seconds it took.

    Then imports ``then_import``, the modules the page defers (the extractor behind the
    Add page), so their first use is quick too.
    """
    started = time.perf_counter()
    try:
        runpy.run_path(str(script), run_name="__atlas_warm_up__")
    except BaseException as problem:  # noqa: BLE001 - st.stop() and any script error end the warm-up quietly
        if type(problem).__name__ != "StopException":
            LOG.warning("Warm-up of %s stopped early: %r", script.name, problem)
    took = time.perf_counter() - started
    LOG.info("Warm-up of %s took %.2f s", script.name, took)
    for module in then_import:
        try:
            importlib.import_module(module)
        except Exception as problem:  # noqa: BLE001 - the page that needs it will show the error
            LOG.warning("Warm-up could not import %s: %r", module, problem)
    return took
