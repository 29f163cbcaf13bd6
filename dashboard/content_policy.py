"""The Content Security Policy the dashboard is served with, and the middleware that adds it.

Kept apart from ``serve.py``: constructing the ``st.App`` there sets process-wide Streamlit
settings, which a test of the policy should not do.

The policy lets the page load only its own scripts, styles, fonts and data from the server
it came from, so even markup that slipped through escaping could not load or send anything
elsewhere, and no other site can frame the dashboard. Streamlit's ``index.html`` carries a
small inline script; the policy allows exactly that script by its SHA-256, read from the
installed Streamlit when this module is imported, so an upgrade needs no edit here.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

import streamlit
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STREAMLIT_INDEX = Path(streamlit.__file__).resolve().parent / "static" / "index.html"
"""The page shell Streamlit's server sends for every app URL, as installed."""

BASE_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
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
"""What the page may load.

``'wasm-unsafe-eval'`` lets the map (Streamlit's deck.gl bundle) compile WebAssembly; no
string is ever evaluated as code (``'unsafe-eval'``), since Streamlit runs Vega charts
with its interpreter rather than Vega's expression compiler.
"""


class _InlineScripts(HTMLParser):
    """Collects the bodies of ``<script>`` elements that have no ``src``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bodies: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.bodies.append("".join(self._current))
            self._current = None


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources (``'sha256-…'``) for every inline script in a page, in page order.

    A browser hashes a script's text after turning CR LF and lone CR into LF, so the
    text is normalised the same way first.
    """
    parser = _InlineScripts()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    sources = []
    for body in parser.bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        sources.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(sources))


def content_security_policy(index_html: str) -> str:
    """The policy for a page shell: the base directives, with its inline scripts allowed."""
    hashes = inline_script_hashes(index_html)
    directives = [
        " ".join([directive, *hashes]) if directive.startswith("script-src ") else directive
        for directive in BASE_DIRECTIVES
    ]
    return "; ".join(directives)


CONTENT_SECURITY_POLICY = content_security_policy(STREAMLIT_INDEX.read_text(encoding="utf-8"))
"""The policy for the installed Streamlit, computed once at start-up."""


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
