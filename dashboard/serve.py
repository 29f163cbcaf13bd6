"""How the dashboard is served: ``streamlit run dashboard/serve.py`` (``make run``).

Streamlit has no setting for response headers. It can run an ASGI ``st.App``
(experimental) that accepts Starlette middleware; ``streamlit run`` finds the ``app``
object here and serves ``app.py`` through it, with the Content Security Policy of
``content_policy.py`` on every HTTP response, and the page shell loads one script of its
own (``page_shell.py``: the sidebar starts collapsed on a narrow window).
``uvicorn dashboard.serve:app`` works too.

When the server starts it also warms itself up (`dashboard.warmup`): the page's first
run costs about ten times a later one, and the warm-up pays it while the first browser
is still loading Streamlit's frontend.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard.content_policy import SecurityHeaders
from dashboard.page_shell import SCRIPT_ROUTE, ShellScript
from dashboard.warmup import start_warm_up

ENTRY = Path(__file__).resolve().with_name("app.py")
DEFERRED_MODULES = ("dashboard.views.add_article",)
"""Imported by ``app.py`` only when needed; the warm-up imports them after the page."""


@contextlib.asynccontextmanager
async def warm_on_start(_app: App) -> AsyncIterator[None]:
    """Start the warm-up in the background as the server starts; it never delays serving."""
    start_warm_up(ENTRY, then_import=DEFERRED_MODULES)
    yield None


app = App(
    ENTRY,
    lifespan=warm_on_start,
    routes=[SCRIPT_ROUTE],
    middleware=[Middleware(SecurityHeaders), Middleware(ShellScript)],
)
