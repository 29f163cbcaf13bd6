"""The page shell Streamlit sends, with one script file of the dashboard's own added to it.

Streamlit has no setting to start the sidebar collapsed on a tablet-width window (its
``"auto"`` collapses it only at phone widths), and the Content Security Policy runs no
inline script. So the served page (``dashboard/serve.py``) loads one small script from
its own origin, ``assets/narrow_sidebar.js``: the policy's ``script-src 'self'`` allows
it, and its hashes of Streamlit's own inline script stay valid, since that script is
left as it is.
"""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRIPT_FILE = Path(__file__).resolve().parent / "assets" / "narrow_sidebar.js"
SCRIPT_PATH = "/atlas/narrow-sidebar.js"
SCRIPT_TAG = f'<script src=".{SCRIPT_PATH}" defer></script>'.encode()
"""Relative, like Streamlit's own assets, so the page works under a base URL path too."""
HEAD_END = b"</head>"
VALIDATORS = ("etag", "last-modified")
CONDITIONS = (b"if-none-match", b"if-modified-since")


async def narrow_sidebar_script(_request: Request) -> FileResponse:
    """The script file, typed as JavaScript (the server sends ``nosniff``)."""
    return FileResponse(
        SCRIPT_FILE, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
    )


SCRIPT_ROUTE = Route(SCRIPT_PATH, narrow_sidebar_script, methods=["GET", "HEAD"])


def with_script(html: bytes) -> bytes:
    """The page with the script tag at the end of its head (unchanged if it has no head)."""
    if SCRIPT_TAG in html or HEAD_END not in html:
        return html
    return html.replace(HEAD_END, SCRIPT_TAG + HEAD_END, 1)


class ShellScript:
    """ASGI middleware: add the script tag to every HTML page the server sends.

    A page is held until its body is complete (Streamlit's shell is a few kilobytes), then
    sent with its new length. Its file validators are dropped and a page request's
    conditions ignored, so a browser never keeps a shell cached without the tag.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; rewrite the response when it is HTML."""
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if "text/html" in Headers(scope=scope).get("accept", ""):
            scope = dict(scope)
            scope["headers"] = [
                (name, value) for name, value in scope["headers"] if name not in CONDITIONS
            ]
        start: Message | None = None
        body: list[bytes] = []

        async def send_with_script(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
                if content_type.startswith("text/html") and "content-encoding" not in Headers(
                    raw=message.get("headers", [])
                ):
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = with_script(b"".join(body))
                headers = MutableHeaders(scope=start)
                for name in VALIDATORS:
                    if name in headers:
                        del headers[name]
                headers["content-length"] = str(len(page))
                await send(start)
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, send_with_script)
