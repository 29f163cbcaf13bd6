"""Serve the dashboard with a Content Security Policy: ``streamlit run dashboard/serve.py``.

Streamlit has no setting for response headers. Since 1.5x it can run an ASGI ``st.App``
(experimental) that accepts Starlette middleware; ``streamlit run`` detects the ``app``
object here and serves ``app.py`` through it, adding the policy below to every HTTP
response. The policy lets the page load only its own scripts, styles, fonts and data
from the server it came from, so even markup that slipped through escaping could not
load or send anything elsewhere, and no other site can frame the dashboard.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.starlette import App

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""What the page may load. ``'unsafe-eval'`` is for Vega's expression compiler (charts)."""


class SecurityHeaders:
    """ASGI middleware: add the policy (and no-sniff) to every HTTP response."""

    def __init__(self, app: ASGIApp, policy: str = CONTENT_SECURITY_POLICY) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = self.policy
                headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        await self.app(scope, receive, send_with_headers)


app = App("app.py", middleware=[Middleware(SecurityHeaders)])
