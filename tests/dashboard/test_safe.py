"""Escaping of article text: every route to the page neutralises markup and bad links."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.safe import (
    MAX_SHOWN_VALUE_CHARS,
    WORD_JOINER,
    escape_html,
    escape_markdown,
    markdown_link,
    plain_frame,
    quoted,
    safe_url,
    shown_as_text,
    tooltip_text,
)

MARKDOWN_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![pixel](https://evil.example/track.png)",
    "# Heading\n- list item",
    "**bold** _italic_ `code` ~~strike~~",
    ":red[coloured] :material/warning: $x^2$",
    "&lt;b&gt; entity",
    "\\*escaped\\*",
]


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_escape_markdown_leaves_no_active_syntax(payload):
    escaped = escape_markdown(payload)
    for char in "<>[]()*_`#!:$&~":
        # every special character that survives is preceded by a backslash
        positions = [i for i, c in enumerate(escaped) if c == char]
        assert all(i > 0 and escaped[i - 1] == "\\" for i in positions), (char, escaped)
    assert "\n" not in escaped


def test_escape_markdown_keeps_the_words_readable():
    assert escape_markdown("350 people in St. Lucia") == "350 people in St\\. Lucia"
    assert escape_markdown(None) == ""


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("<b onmouseover='x'>", "&lt;b onmouseover=&#x27;x&#x27;&gt;"),
        ('" onload="alert(1)', "&quot; onload=&quot;alert(1)"),
        ("{name}", "&#123;name&#125;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
    ],
)
def test_escape_html(payload, expected):
    assert escape_html(payload) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "//evil.example/path",
        "https://",
        "http://exa mple.com",
        'https://example.com/"onmouseover="x',
        "https://example.com/<script>",
        "ftp://example.com/file",
        "https://example.org/rtl\u202e/gpj.exe",
        "https://example.org/\x9bpath",
        "",
        None,
        42,
    ],
)
def test_safe_url_rejects(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://jurist.org/news/2024/11/interpol-operation",
        "http://example.com/a?b=c#d",
        "HTTPS://EXAMPLE.COM/",
    ],
)
def test_safe_url_accepts_web_addresses(url):
    assert safe_url(url) == url


def test_markdown_link_escapes_label_and_drops_unsafe_url():
    assert markdown_link("Radio [x]", "javascript:alert(1)") == "Radio \\[x\\]"
    assert markdown_link("Site", "https://a.example/p(1)") == "[Site](https://a.example/p%281%29)"


REORDERING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def test_escape_markdown_drops_reordering_and_control_characters():
    escaped = escape_markdown(f"John \u202eReversed\u202c{REORDERING} \x1b[31m \x9b end")
    assert not [char for char in REORDERING + "\x1b\x9b" if char in escaped]
    assert escaped.startswith("John Reversed")


@pytest.mark.parametrize(
    "address", ["www.example.org/path", "https://example.org/a", "HTTP://EXAMPLE.ORG", "a@b.org"]
)
def test_escape_markdown_breaks_bare_addresses_so_they_are_not_linked(address):
    escaped = escape_markdown(f"see {address} now")
    assert WORD_JOINER in escaped
    assert escaped.replace(WORD_JOINER, "").replace("\\", "") == f"see {address} now"


def test_shown_as_text_makes_a_linked_value_inert():
    message = "Ignored unknown operation ':red-background[**Session expired**] [log in](https://x.example)'"
    shown = shown_as_text(message).replace(WORD_JOINER, "")
    assert "\\:red\\-background\\[\\*\\*Session" in shown
    assert "\\[log in\\]\\(https" in shown


def test_quoted_writes_newlines_and_escape_sequences_and_cuts_long_values():
    assert quoted("Libertad") == "'Libertad'"
    assert quoted("a\nb\x1b[2J\u202e") == "'a\\nb\\x1b[2J\\u202e'"
    long = quoted("x" * 500)
    assert len(long) <= MAX_SHOWN_VALUE_CHARS + 2 and long.endswith("…'")


def test_tooltip_text_is_left_for_streamlit_to_escape_once_and_names_no_field():
    shown = tooltip_text("<svg onload=alert(1)> 'Libertad' {name}\u202e")
    assert shown == f"<svg onload=alert(1)> 'Libertad' {{{WORD_JOINER}name}}"
    assert "{name}" not in shown


def test_plain_frame_drops_hidden_characters_from_text_cells_only():
    frame = pd.DataFrame({"title": ["\u202egnikciffart\u202c news", None], "n": [1, 2]}).astype(
        {"n": "Int64"}
    )
    shown = plain_frame(frame)
    assert shown["title"].tolist()[0] == "gnikciffart news"
    assert str(shown["n"].dtype) == "Int64" and frame["title"][0].startswith("\u202e")


@pytest.mark.parametrize("code", [":material/warning:", ":smile:", ":red[x]", ":streamlit:"])
def test_escape_markdown_breaks_icon_and_emoji_shortcodes(code):
    escaped = escape_markdown(f"say {code} now")
    assert f"\\:{WORD_JOINER}" in escaped
    assert escaped.replace(WORD_JOINER, "").replace("\\", "") == f"say {code} now"
