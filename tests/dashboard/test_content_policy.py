"""The Content Security Policy allows exactly the inline scripts of the installed Streamlit.

The expected hashes are computed here another way (a regular expression over the page
instead of an HTML parser), and one digest is the value Chromium itself printed when
the policy blocked Streamlit 1.67's inline script (its console message names the hash
it would have accepted).
"""

from __future__ import annotations

import base64
import hashlib
import re

from dashboard.content_policy import (
    CONTENT_SECURITY_POLICY,
    STREAMLIT_INDEX,
    content_security_policy,
    inline_script_hashes,
)

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
PRERENDER_SCRIPT = "\n      window.prerenderReady = false\n    "
PRERENDER_HASH_FROM_CHROMIUM = "'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='"


def script_sources(policy: str) -> list[str]:
    (directive,) = [part.split() for part in policy.split("; ") if part.startswith("script-src ")]
    return directive[1:]


def sha256_source(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def test_every_inline_script_of_the_installed_streamlit_is_allowed():
    page = STREAMLIT_INDEX.read_text(encoding="utf-8").replace("\r\n", "\n")
    expected = {sha256_source(body) for body in INLINE_SCRIPT.findall(page)}
    allowed = {source for source in script_sources(CONTENT_SECURITY_POLICY) if "sha256-" in source}
    assert allowed == expected


def test_the_digest_is_the_one_chromium_asks_for():
    page = f"<html><head><script>{PRERENDER_SCRIPT}</script></head></html>"
    assert inline_script_hashes(page) == [PRERENDER_HASH_FROM_CHROMIUM]


def test_only_inline_scripts_count_and_line_ends_are_normalised_as_a_browser_does():
    page = (
        '<script type="module" src="./static/js/index.js"></script>\r\n'
        "<!-- <script>commented out</script> -->\r\n"
        "<script>first();\r\nsecond();</script>\r\n"
        "<script>first();\nsecond();</script>\n"
        "<SCRIPT type='module'>third()</SCRIPT>"
    )
    assert inline_script_hashes(page) == [
        sha256_source("first();\nsecond();"),
        sha256_source("third()"),
    ]


def test_scripts_are_allowed_by_hash_never_by_unsafe_inline_or_eval():
    sources = script_sources(content_security_policy(f"<script>{PRERENDER_SCRIPT}</script>"))
    assert sources[0] == "'self'" and PRERENDER_HASH_FROM_CHROMIUM in sources
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    no_scripts = content_security_policy("<p>no scripts</p>")
    assert not [source for source in script_sources(no_scripts) if "sha256-" in source]
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY.split("; ")
