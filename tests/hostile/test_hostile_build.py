"""The hostile corpus through the real build and the real app (AppTest): kept, shown escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile.hostile import (
    CORPUS,
    HOSTILE_OPERATION,
    ONE_MEGABYTE_FILE,
    build_hostile_dataset,
)

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
UNESCAPED_MARKUP = re.compile(r"(?<!\\)[<>]")
APP_STYLE = re.compile(r"\s*<style>[^<]*</style>\s*")
"""The one kind of HTML the app writes itself: a constant style sheet, never article text."""
MARKDOWN_LINK_TARGET = re.compile(r"(?<!\\)\]\((?P<target>[^)\s]*)\)")
BARE_ADDRESS = re.compile(r"(?i)\bwww\\?\.|\bhttps?\\?:")
"""A web address Markdown would link: no word joiner after ``www`` or the scheme."""
TOOLTIP_FIELDS = ("name", "roles", "figures", "sources", "doubt")
REORDERING = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_dataset(tmp_path_factory) -> Path:
    return build_hostile_dataset(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_app(hostile_dataset) -> AppTest:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATLAS_DATA_DIR", str(hostile_dataset))
        return AppTest.from_file(str(APP), default_timeout=120).run()


def table(dataset: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(dataset / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_hostile_file_is_built_and_nothing_is_skipped(hostile_dataset):
    manifest = json.loads((hostile_dataset / "manifest.json").read_text(encoding="utf-8"))
    expected = {p.name for p in CORPUS.glob("*.txt")} | {ONE_MEGABYTE_FILE}
    assert {entry["file"] for entry in manifest["articles"].values()} == expected
    assert manifest["skipped"] == {}
    long_line = table(hostile_dataset, "articles").set_index("file").loc[ONE_MEGABYTE_FILE]
    assert int(long_line["n_chars"]) == 1024 * 1024


def test_payloads_are_kept_as_text_and_only_web_addresses_are_kept_as_urls(hostile_dataset):
    quotes = " ".join(table(hostile_dataset, "quotes")["text"])
    assert "<img src=x onerror=alert('quote-img')>" in quotes, "text is data: escape, never edit"
    urls = [url for url in table(hostile_dataset, "articles")["url"] if url]
    assert urls and all(url.lower().startswith(("http://", "https://")) for url in urls)


def test_the_app_runs_on_the_hostile_dataset(hostile_app):
    assert not hostile_app.exception
    assert "Hostile Two" in hostile_app.multiselect[0].options


def test_every_markdown_element_is_escaped_and_links_only_to_the_web_or_the_app(hostile_app):
    styles = [element.value for element in hostile_app.markdown if element.proto.allow_html]
    assert all(APP_STYLE.fullmatch(style) for style in styles), "HTML only for the app's CSS"
    shown = [element.value for element in hostile_app.markdown if not element.proto.allow_html]
    assert any("onerror" in value for value in shown), "the payloads reach the page"
    for value in shown:
        assert not UNESCAPED_MARKUP.search(value), value[:200]
        for link in MARKDOWN_LINK_TARGET.finditer(value):
            assert urlsplit(link["target"]).scheme in {"", "http", "https"}, value[:200]


def test_no_article_text_is_a_bare_link_on_the_page(hostile_app):
    shown = MARKDOWN_LINK_TARGET.sub("](…)", " ".join(e.value for e in hostile_app.markdown))
    assert "evil\\.example" in shown, "the bare addresses reach the page"
    assert not BARE_ADDRESS.findall(shown), "Streamlit's Markdown would link these"


def test_map_tooltips_hold_the_text_once_for_streamlit_to_escape(hostile_app):
    (deck,) = hostile_app.get("deck_gl_json_chart")
    layers = json.loads(deck.proto.json)["layers"]
    fields = [
        item[name]
        for layer in layers
        if layer.get("pickable")
        for item in layer["data"]
        for name in TOOLTIP_FIELDS
    ]
    roles = " ".join(fields)
    assert HOSTILE_OPERATION.replace("{", "{\u2060") in roles, "shown as written"
    assert not [field for field in fields if "&lt;" in field or "&#" in field or "&amp;" in field]
    assert not [
        field
        for field in fields
        if re.search(r"\{(iso3|name|roles|figures|sources|doubt)\}", field)
    ]


def test_no_text_reordering_character_reaches_the_page(hostile_app):
    written = " ".join(element.value for element in hostile_app.markdown)
    cells = " ".join(
        str(value) for table in hostile_app.dataframe for value in table.value.to_numpy().ravel()
    )
    picked = " ".join(str(o) for box in hostile_app.multiselect for o in box.options)
    assert "gnikciffart" in cells and "swen live" in cells, "the reversed headline is listed"
    assert "swen live" in picked, "the reversed outlet is a source to pick"
    assert not REORDERING.findall(written + cells + picked)
