"""The page shell gets the narrow-window script, and the policy still allows every script.

The middleware runs in a small Starlette app that serves the installed Streamlit's own
``index.html`` as Streamlit does (a file response with validators), driven through ASGI
directly; the browser side is in ``test_map_sizes.py``.
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

from dashboard.content_policy import STREAMLIT_INDEX, content_security_policy
from dashboard.page_shell import SCRIPT_PATH, SCRIPT_ROUTE, SCRIPT_TAG, ShellScript, with_script

INDEX = STREAMLIT_INDEX.read_bytes()


def shell_app() -> Starlette:
    async def index(_request):
        return FileResponse(STREAMLIT_INDEX)

    async def health(_request):
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[SCRIPT_ROUTE, Route("/", index), Route("/health", health)],
        middleware=[Middleware(ShellScript)],
    )


def get(path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET through the ASGI app: status, headers (lower-case names) and body."""
    sent: list[dict] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }

    requested = False

    async def receive():
        nonlocal requested
        if requested:
            await asyncio.Event().wait()  # the client stays connected until the response ends
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(shell_app()(scope, receive, send), timeout=30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    found = {name.decode(): value.decode() for name, value in start["headers"]}
    return start["status"], found, body


def test_the_script_goes_once_at_the_end_of_streamlits_head():
    page = with_script(INDEX)
    assert page.count(SCRIPT_TAG) == 1
    assert page.index(SCRIPT_TAG) < page.index(b"</head>") < page.index(b"<body")
    assert with_script(page) == page
    assert with_script(b"<p>no head</p>") == b"<p>no head</p>"


def test_the_policy_for_the_shell_is_unchanged_so_its_own_script_stays_allowed():
    policy = content_security_policy(INDEX.decode())
    assert content_security_policy(with_script(INDEX).decode()) == policy
    assert "script-src 'self'" in policy, "the script file comes from the page's own origin"


def test_a_page_request_gets_the_shell_with_the_script_even_when_it_has_a_cached_copy():
    status, headers, first = get("/", {"accept": "text/html"})
    assert status == 200 and SCRIPT_TAG in first
    assert int(headers["content-length"]) == len(first)
    assert "etag" not in headers and "last-modified" not in headers
    _, plain_headers, _ = get("/health")
    cached = {"accept": "text/html", "if-none-match": "anything", "if-modified-since": "x"}
    status, _, again = get("/", cached)
    assert status == 200 and again == first, "a conditional page request still gets the page"
    assert plain_headers["content-type"] == "application/json"


def test_other_responses_pass_unchanged_and_the_script_is_javascript():
    _, _, body = get("/health")
    assert body == b'{"ok":true}'
    status, headers, script = get(SCRIPT_PATH)
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert b"stSidebarCollapseButton" in script
