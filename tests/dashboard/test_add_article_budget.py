"""The Add page under AppTest: extraction within the budget, bad bytes, an unreadable corpus.

The page runs on a copy of the seed corpus and a dataset built from it in tmp_path; a
budget of 0.001 s (a real setting no article meets) stands for an article that is too slow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.budget import BUDGET_VARIABLE
from ingest.build import build

SEED = Path(__file__).resolve().parents[2] / "seeds" / "002_828eb64a2373246c.txt"
ARTICLE = """Operation Harbour Watch frees 31 victims in Peru

Police in Peru and Chile rescued 31 victims of human trafficking during Operation Harbour
Watch, coordinated from Argentina, INTERPOL said on Monday.
"""


def page(corpus: str, dataset: str) -> None:
    from pathlib import Path

    from dashboard.views import add_article

    add_article.render(Path(corpus), Path(dataset))


@pytest.fixture()
def place(tmp_path, seed_dir):
    corpus, dataset = tmp_path / "corpus", tmp_path / "data" / "seed"
    shutil.copytree(seed_dir, corpus)
    build(corpus, dataset, warn=lambda _: None)
    return corpus, dataset


def app(place) -> AppTest:
    corpus, dataset = place
    return AppTest.from_function(page, args=(str(corpus), str(dataset)), default_timeout=120)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def shown(elements) -> str:
    return "\n".join(element.value for element in elements).replace("\\", "")


def test_an_article_over_the_budget_gets_one_message_and_cannot_be_saved(place, monkeypatch):
    monkeypatch.setenv(BUDGET_VARIABLE, "0.001")
    at = app(place).run()
    at.text_area(key="add-text").input(SEED.read_text(encoding="utf-8")).run()
    assert not at.exception
    assert "pasted text: extracting it took longer than 0.001 s, so it was stopped" in shown(
        at.error
    )
    assert not at.dataframe and not [b for b in at.button if b.key == "add-save"]


def test_saving_with_an_unreadable_sources_csv_says_so_and_changes_nothing(place):
    corpus, dataset = place
    at = app(place).run()
    at.text_area(key="add-text").input(ARTICLE).run()
    at.text_input(key="add-outlet").input("Example Wire").run()
    (corpus / "sources.csv").write_bytes(
        "file,title,publisher,published,url\nx.txt,,Agência São Paulo,,\n".encode("latin-1")
    )
    corpus_before, dataset_before = tree(corpus), tree(dataset)

    at.button(key="add-save").click().run()

    assert not at.exception
    assert "sources.csv: is not UTF-8 text" in shown(at.error)
    assert tree(corpus) == corpus_before and tree(dataset) == dataset_before


def test_an_upload_with_a_few_bad_bytes_is_read_as_utf8_and_the_preview_says_so(place):
    at = app(place).run()
    at.radio(key="add-mode").set_value("Upload a file").run()
    data = ARTICLE.encode() + "Café owners in Bogotá ".encode() + b"\xc3\x28 helped.\n"
    at.file_uploader[0].upload("story.txt", data, "text/plain").run()
    assert not at.exception
    warning = shown(at.warning)
    assert "uploaded file.txt: 1 byte sequence is not valid UTF-8, the first at byte" in warning
    assert any("Harbour Watch" in frame.value.to_string() for frame in at.dataframe)
