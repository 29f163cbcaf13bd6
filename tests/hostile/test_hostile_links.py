"""A crafted link or form value is shown as the text it is: never Markdown, never a link.

The real app (AppTest) on the seed dataset, opened with the link parameters a
hostile-input probe used: Streamlit directives that style a fake "session expired"
message with a login link, a Markdown image that makes the browser fetch from another
host, markup, escape sequences, and a value thousands of characters long.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.safe import MAX_SHOWN_VALUE_CHARS, WORD_JOINER, quoted
from tests.dashboard.conftest import APP

PHISHING = ":red-background[**Session expired**] [log in](https://evil.example/login)"
PIXEL = "![pixel](https://evil.example/pixel.png)"
MARKUP = "<img src=x onerror=alert(1)>"
TERMINAL = "Libertad\n\x1b[2J\u202eeviL"
ENDLESS = "A" * 5000
LINK_SYNTAX = re.compile(r"(?<!\\)[\[\]()<>!*:`]")
"""A Markdown or directive character that is not backslash-escaped."""


def inert(message: str) -> bool:
    return LINK_SYNTAX.search(message) is None and "\n" not in message


def unescaped(message: str) -> str:
    """What the reader sees: Markdown's backslash escapes resolved, invisible joiners gone."""
    return re.sub(r"\\(.)", r"\1", message).replace(WORD_JOINER, "")


@pytest.fixture
def opened(built_dataset, monkeypatch, tmp_path):
    """The app opened with ``params`` in its address (a fresh session each time)."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))
    monkeypatch.setenv("ATLAS_CORPUS_DIR", str(tmp_path / "corpus"))

    def run(**params) -> AppTest:
        test = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in params.items():
            test.query_params[key] = value
        test.run()
        assert not test.exception, test.exception
        return test

    return run


@pytest.mark.parametrize(
    ("params", "value"),
    [
        ({"op": [PHISHING]}, PHISHING),
        ({"op": [PIXEL]}, PIXEL),
        ({"country": [MARKUP]}, MARKUP.upper()),
        ({"role": [TERMINAL]}, TERMINAL.lower()),
        ({"years": [PHISHING]}, PHISHING),
        ({PIXEL: ["1"]}, PIXEL),
    ],
)
def test_every_notice_about_a_crafted_link_is_plain_text(opened, params, value):
    app = opened(**params)
    notices = [toast.value for toast in app.toast]
    assert notices, "the link's bad value is reported"
    assert all(inert(notice) for notice in notices), notices
    assert any(quoted(value) in unescaped(notice) for notice in notices), notices


def test_a_value_thousands_of_characters_long_is_cut_in_the_notice(opened):
    app = opened(op=[ENDLESS])
    (notice,) = [toast.value for toast in app.toast]
    assert inert(notice) and len(notice) < MAX_SHOWN_VALUE_CHARS + 100, len(notice)


def test_the_add_page_shows_a_bad_web_address_as_plain_text(opened):
    app = opened()
    app.sidebar.radio(key="page").set_value("Add article").run()
    app.text_input(key="add-url").input(f"javascript:{PHISHING} {PIXEL}").run()
    errors = [error.value for error in app.error]
    assert errors and all(inert(error) for error in errors), errors
    assert "Session expired" in errors[0] and "not a web address" in errors[0]
