"""The "Add article" page under AppTest: preview, save, upload, bad input and corrections.

The page runs on a copy of the seed corpus and a dataset built from it in tmp_path, so
saving writes real files; the assertions read the dataset the build wrote.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views.add_article import corpus_mismatch, upload_name
from ingest.build import build
from ingest.corrections import read_corrections

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
LIBERTERRA_III = """Operation Liberterra III frees 412 victims across South America

Police in Peru, Chile and Bolivia rescued 412 victims of human trafficking and arrested 97
suspects during Operation Liberterra III, which ran from 2 to 8 June 2025, INTERPOL said.
The operation was coordinated from an operational centre in Argentina and funded by Canada.

"Traffickers moved victims across three borders in a single week," said Marta Quispe, head of
the regional trafficking unit at INTERPOL.
"""


def page(corpus: str, dataset: str) -> None:
    from pathlib import Path

    from dashboard.views import add_article

    add_article.render(Path(corpus), Path(dataset))


@pytest.fixture()
def place(tmp_path, seed_dir):
    """A copy of the seed corpus and a dataset built from it, as the page's folders."""
    corpus, dataset = tmp_path / "corpus", tmp_path / "data" / "seed"
    shutil.copytree(seed_dir, corpus)
    build(corpus, dataset, warn=lambda _: None)
    return corpus, dataset


@pytest.fixture()
def at(place) -> AppTest:
    corpus, dataset = place
    test = AppTest.from_function(page, args=(str(corpus), str(dataset)), default_timeout=60)
    return test.run()


def frames(at) -> list[pd.DataFrame]:
    return [element.value for element in at.dataframe]


def frame_with(at, column: str) -> pd.DataFrame:
    return next(frame for frame in frames(at) if column in frame.columns)


def shown(elements) -> str:
    """The text of message elements as a reader sees it (Markdown escapes removed)."""
    return "\n".join(element.value for element in elements).replace("\\", "")


def articles(dataset: Path) -> pd.DataFrame:
    return pd.read_csv(dataset / "articles.csv", dtype=str, keep_default_na=False)


def test_the_page_states_its_limits_and_shows_no_preview_before_text(at):
    assert not at.exception
    intro = at.markdown[0].value
    assert "5 MB" in intro and "1,048,576 characters" in intro and ".txt, .md or .html" in intro
    assert not at.dataframe and not [button for button in at.button if button.key == "add-save"]


def test_pasting_shows_the_preview_and_saving_adds_the_article(at, place):
    corpus, dataset = place
    at.text_area(key="add-text").input(LIBERTERRA_III)
    at.text_input(key="add-outlet").input("Example Wire")
    at.run()
    assert not at.exception

    operations = frame_with(at, "Starts")
    assert operations[["Operation", "Starts", "Ends"]].values.tolist() == [
        ["Liberterra III", "2025-06-02", "2025-06-08"]
    ]
    countries = frame_with(at, "ISO3")
    roles = set(map(tuple, countries[["ISO3", "Role"]].values.tolist()))
    assert {("PER", "participant"), ("ARG", "coordinator"), ("CAN", "funder")} <= roles
    assert all("Sentence" in frame.columns for frame in frames(at))
    assert any("funded by Canada" in text for text in countries["Sentence"])
    figures = frame_with(at, "Metric")
    assert {"412", "97"} <= set(figures["Value"])
    quotes = frame_with(at, "Speaker")
    assert quotes["Speaker"].tolist() == ["Marta Quispe"]
    assert "Liberterra III" not in set(articles(dataset)["operations"])

    at.button(key="add-save").click().run()

    assert not at.exception
    assert "added to the corpus as added_" in shown(at.success)
    saved = articles(dataset)
    row = saved[saved["operations"] == "Liberterra III"]
    assert row["publisher"].tolist() == ["Example Wire"]
    assert len(list(corpus.glob("added_*.txt"))) == 1
    assert at.text_area(key="add-text").value == ""


def test_saving_the_same_text_twice_says_so_and_changes_nothing(at, place):
    corpus, dataset = place
    at.text_area(key="add-text").input(LIBERTERRA_III).run()
    at.button(key="add-save").click().run()
    before = (dataset / "articles.csv").read_bytes()
    at.text_area(key="add-text").input(LIBERTERRA_III).run()
    at.button(key="add-save").click().run()
    assert "already in the corpus" in shown(at.info) and "nothing changed" in shown(at.info)
    assert (dataset / "articles.csv").read_bytes() == before
    assert len(list(corpus.glob("added_*.txt"))) == 1


def test_the_dashboard_shows_the_saved_article_without_a_restart(at, place, monkeypatch):
    _corpus, dataset = place
    monkeypatch.setenv("ATLAS_DATA_DIR", str(dataset))
    app = AppTest.from_file(str(APP), default_timeout=90).run()
    assert "Liberterra III" not in app.multiselect[0].options

    at.text_area(key="add-text").input(LIBERTERRA_III).run()
    at.button(key="add-save").click().run()

    app.run()
    assert not app.exception
    assert "Liberterra III" in app.multiselect[0].options


def test_an_upload_is_stored_by_content_never_by_its_name_and_is_released(at, place, tmp_path):
    corpus, dataset = place
    at.radio(key="add-mode").set_value("Upload a file").run()
    html = (
        "<html><head><title>Liberterra III</title><script>alert(1)</script></head>"
        f"<body><p>{LIBERTERRA_III}</p></body></html>"
    ).encode()
    at.file_uploader[0].upload("../../escape.html", html, "text/html").run()
    assert not at.exception
    assert frame_with(at, "Starts")["Operation"].tolist() == ["Liberterra III"]

    at.button(key="add-save").click().run()

    assert not at.exception
    assert not (tmp_path / "escape.html").exists() and not (corpus.parent / "escape.html").exists()
    (stored,) = corpus.glob("added_*.txt")
    assert "alert" not in stored.read_text(encoding="utf-8")
    assert at.file_uploader[0].key == "add-upload-1", "the uploader is reset after saving"
    assert "Liberterra III" in set(articles(dataset)["operations"])


@pytest.mark.parametrize(
    ("claimed", "expected"),
    [("../../x.txt", "uploaded file.txt"), ("a.exe", "uploaded file"), ("", "uploaded file")],
)
def test_upload_names_keep_only_an_allowed_suffix(claimed, expected):
    assert upload_name(claimed) == expected


def test_a_javascript_url_is_refused_and_nothing_can_be_saved(at, place):
    at.text_area(key="add-text").input(LIBERTERRA_III)
    at.text_input(key="add-url").input("javascript:alert(document.cookie)").run()
    assert "is not a web address" in shown(at.error)
    assert not [button for button in at.button if button.key == "add-save"]


def test_binary_text_gets_one_clear_message(at):
    at.radio(key="add-mode").set_value("Upload a file").run()
    at.file_uploader[0].upload("photo.txt", bytes(range(256)) * 16, "text/plain").run()
    assert not at.exception
    assert "binary" in shown(at.error) and len(at.error) == 1


def test_article_text_is_escaped_in_the_preview(at):
    headline = "Liberterra III <img src=x onerror=alert(1)> and [click](javascript:alert(1)) report"
    hostile = headline + "\n\n" + LIBERTERRA_III.split("\n", 2)[2]
    at.text_area(key="add-text").input(hostile).run()
    assert not at.exception
    shown_headline = next(m.value for m in at.markdown if m.value.startswith("**Headline:**"))
    shown_text = shown_headline.replace("\\", "").replace("\u2060", "")  # joiners are invisible
    assert shown_text == f"**Headline:** {headline}"
    assert not re.search(r"(?<!\\)[<>\[\]()]", shown_headline), "every bracket is escaped"
    assert "\\<img" in shown_headline and "\\[click\\]\\(javascript" in shown_headline


def test_marking_a_role_as_wrong_records_and_applies_the_correction(at, place):
    corpus, dataset = place
    at.text_area(key="add-text").input(LIBERTERRA_III).run()
    at.button(key="add-save").click().run()
    ident = articles(dataset).set_index("operations").loc["Liberterra III", "article_id"]

    at.selectbox(key="fix-article").set_value(ident).run()
    at.selectbox(key="fix-fact").set_value(
        "country_roles|iso3=CAN;role=funder;operation=Liberterra III"
    )
    at.run()
    at.selectbox(key="fix-field").set_value("role").run()
    at.selectbox(key="fix-choice").set_value("supporter")
    at.text_input(key="fix-note").input("the article says Canada supported it")
    at.button(key="fix-save").click().run()

    assert not at.exception
    assert "Recorded and applied" in shown(at.success)
    (correction,) = read_corrections(dataset.parent / "corrections.csv")
    assert (correction.field, correction.extracted_value, correction.corrected_value) == (
        "role",
        "funder",
        "supporter",
    )
    roles = pd.read_csv(dataset / "country_roles.csv", dtype=str, keep_default_na=False)
    canada = roles[(roles["article_id"] == ident) & (roles["iso3"] == "CAN")]
    assert canada[["role", "corrected"]].values.tolist() == [["supporter", "True"]]
    assert "Canada supported it" in canada["correction_note"].iloc[0]


def test_saving_is_off_when_the_dataset_was_built_from_another_corpus(place, tmp_path):
    _corpus, dataset = place
    other = tmp_path / "other"
    other.mkdir()
    assert corpus_mismatch(other, dataset) is not None
    at = AppTest.from_function(page, args=(str(other), str(dataset)), default_timeout=60).run()
    at.text_area(key="add-text").input(LIBERTERRA_III).run()
    assert "was not built from the corpus folder" in shown(at.warning)
    assert at.button(key="add-save").disabled
