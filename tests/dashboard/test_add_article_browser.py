"""Adding an article through the browser, as a person would (issue 5's "done means").

The served dashboard (``dashboard/serve.py``) runs on a private copy of the seed corpus
and a dataset built from it by the real CLI in a temporary folder (``ATLAS_CORPUS_DIR``,
``ATLAS_DATA_DIR``), so saving never touches the repository's ``seeds/`` or ``data/``.
In Chromium the test pastes an invented report of Operation Liberterra III (no seed
names it), checks the preview, saves, goes back to the map, and finds the operation in
the filter, on the map (with the sentences naming Peru), on the timeline, in the figures
and in the quotes, without restarting the server. A second test uploads a file whose
name tries to climb out of the corpus folder. Nothing may leave localhost or be blocked
by the Content Security Policy (the ``page`` fixture).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dashboard.test_browser import (
    CHART,
    RENDER_TIMEOUT_MS,
    ROOT,
    rerun,
    save_full_page,
    wait_for_dashboard,
)

pytestmark = pytest.mark.browser

OPERATION = "Liberterra III"
PASTED_ARTICLE = """\
Liberterra III: police free 412 people in coordinated Andean raids

LIMA, 11 June 2025 - Officers in Peru, Chile and Bolivia rescued 412 victims of trafficking \
and arrested 97 suspects during Operation Liberterra III, which ran from 2 to 8 June 2025, \
INTERPOL announced.

The raids were coordinated from an operational centre in Colombia.

"Every border crossing we watched told us something new," said Elena Varga, who led the \
command post for INTERPOL.
"""
PASTED_HEADLINE = "Liberterra III: police free 412 people"
ARTICLE_URL = "https://news.example.org/2025/06/liberterra-iii"
OUTLET = "Andes Example Wire"
PUBLISHED_DIGITS = "20250609"
UPLOADED_ARTICLE = """\
Bolivian prosecutors charge 31 after Liberterra III

LA PAZ, 20 June 2025 - Prosecutors in Bolivia charged 31 people arrested during \
Operation Liberterra III, the week-long INTERPOL operation in early June.
"""
CLIMBING_NAME = "../../evil.txt"
ARTICLE_BOX = "css=textarea[aria-label='Article text']"
EVIDENCE_LABEL = re.compile(r"^Where is a country named\?")
SAVED = '[data-testid="stAlertContentSuccess"]'
GRID_ROWS = """frame => {
  const headers = [...frame.querySelectorAll('table thead th')].map(cell => cell.textContent);
  return [...frame.querySelectorAll('table tbody tr')].map(row => Object.fromEntries(
    [...row.querySelectorAll('td')].map((cell, index) => [headers[index], cell.textContent])));
}"""


def digest_tree(*folders: Path) -> dict[str, str]:
    """Every file under the folders, by content: what "unchanged" means for the repository."""
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the seed corpus and a dataset built from it by ``python -m ingest build``."""
    root = tmp_path_factory.mktemp("add-article")
    corpus, dataset = root / "corpus", root / "data" / "seed"
    shutil.copytree(ROOT / "seeds", corpus)
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(dataset), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    return root, corpus, dataset


@pytest.fixture(scope="module")
def repository_before():
    return digest_tree(ROOT / "seeds", ROOT / "data")


@pytest.fixture(scope="module")
def server(workspace, repository_before, start_dashboard):
    _root, corpus, dataset = workspace
    return start_dashboard(dataset, corpus)


def switch_page(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').get_by_text(
        name, exact=True
    ).click()


def open_add_page(page) -> None:
    with rerun(page, showing=ARTICLE_BOX):
        switch_page(page, "Add article")


def operation_options(page) -> list[str]:
    """The operations the sidebar filter offers (the dropdown is opened and closed)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def preview_table(page, first_column: str) -> list[dict[str, str]]:
    """Rows of the preview table whose first column is ``first_column``.

    The grid draws on a canvas; its (hidden) accessible table holds the same cells as text.
    """
    frames = page.locator('[data-testid="stDataFrame"]')
    frames.first.wait_for(timeout=RENDER_TIMEOUT_MS)
    for index in range(frames.count()):
        frame = frames.nth(index)
        frame.scroll_into_view_if_needed()
        frame.locator("table tbody td").first.wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
        rows = frame.evaluate(GRID_ROWS)
        if rows and next(iter(rows[0])) == first_column:
            return rows
    raise AssertionError(f"no preview table starts with the column {first_column!r}")


def chart_text(page, title_word: str) -> str:
    """The text of the Vega chart (SVG) that contains ``title_word``."""
    texts = page.locator(f"{CHART} svg").evaluate_all("svgs => svgs.map(s => s.textContent)")
    matching = [text for text in texts if title_word in text]
    assert matching, f"no chart mentions {title_word!r}: {[text[:80] for text in texts]}"
    return matching[0]


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def save_and_wait(page) -> str:
    with rerun(page, showing=f"css={SAVED}"):
        page.get_by_role("button", name="Save to the corpus and update the dashboard").click()
    return page.locator(SAVED).inner_text()


def test_a_pasted_article_shows_in_the_preview_and_then_on_the_map_and_timeline(
    server, workspace, repository_before, page
):
    _root, corpus, dataset = workspace
    page.goto(server)
    wait_for_dashboard(page)
    assert OPERATION not in operation_options(page)

    open_add_page(page)
    with rerun(page, showing=PASTED_HEADLINE):  # each field is sent as focus leaves it
        page.get_by_label("Article text").fill(PASTED_ARTICLE)
        page.get_by_label("Web address (optional)").fill(ARTICLE_URL)
        page.locator('[data-testid="stDateInput"] [role="spinbutton"]').first.click()
        page.keyboard.type(PUBLISHED_DIGITS)
        page.get_by_label("Outlet (optional)").fill(OUTLET)
        page.get_by_label("Outlet (optional)").press("Enter")

    assert PASTED_HEADLINE in main_text(page)
    operations = preview_table(page, "Operation")
    assert [(row["Operation"], row["Starts"], row["Ends"]) for row in operations] == [
        (OPERATION, "2025-06-02", "2025-06-08")
    ]
    roles = {(row["Country"], row["Role"]) for row in preview_table(page, "Country")}
    assert {
        ("Peru", "participant"),
        ("Chile", "participant"),
        ("Bolivia", "participant"),
        ("Colombia", "coordinator"),
    } <= roles
    figures = {(row["Metric"], row["Value"]) for row in preview_table(page, "Metric")}
    assert {("victims rescued", "412"), ("arrests", "97")} <= figures

    before = set(corpus.glob("*.txt"))
    assert "added to the corpus as added_" in save_and_wait(page)
    (stored,) = set(corpus.glob("*.txt")) - before
    assert stored.name.startswith("added_") and stored.read_text(encoding="utf-8") == PASTED_ARTICLE
    typed_date = f"{PUBLISHED_DIGITS[:4]}-{PUBLISHED_DIGITS[4:6]}-{PUBLISHED_DIGITS[6:]}"
    assert typed_date in (dataset / "articles.csv").read_text(encoding="utf-8"), "date not sent"

    with rerun(page):
        switch_page(page, "Map and timeline")
    wait_for_dashboard(page)
    assert OPERATION in operation_options(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    with rerun(page):
        page.get_by_role("option", name=OPERATION, exact=True).click()
    page.keyboard.press("Escape")
    assert "op=Liberterra+III" in page.url

    evidence = page.get_by_label(EVIDENCE_LABEL)
    evidence.scroll_into_view_if_needed()
    evidence.click()
    countries = page.get_by_role("option").all_inner_texts()
    assert sorted(countries) == ["Bolivia", "Chile", "Colombia", "Peru"]
    assert f"{len(countries)} countries on the map" in main_text(page)
    with rerun(page, showing="Peru is named"):
        page.get_by_role("option", name="Peru", exact=True).click()
    assert "Chile and Bolivia rescued 412 victims" in main_text(page).split("Peru is named")[1]

    timeline = chart_text(page, "Same scale on every row")
    assert OPERATION in timeline and "Jun 2025" in timeline
    assert "Libertad" not in timeline
    figures_chart = chart_text(page, "Victims rescued")
    assert "412" in figures_chart and "97" in figures_chart
    cards = "\n".join(page.locator('[class*="st-key-quote-card-"]').all_inner_texts())
    assert "Every border crossing we watched" in cards and "Elena Varga" in cards
    assert OUTLET in cards
    save_full_page(page, "add-article-liberterra-iii")
    assert digest_tree(ROOT / "seeds", ROOT / "data") == repository_before


def test_an_uploaded_file_is_saved_under_a_safe_name_inside_the_corpus(
    server, workspace, repository_before, page
):
    root, corpus, dataset = workspace
    page.goto(server)
    wait_for_dashboard(page)
    open_add_page(page)
    upload = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    with rerun(page, showing='css=[data-testid="stFileUploader"] input[type="file"]'):
        page.get_by_text("Upload a file", exact=True).click()
    with rerun(page, showing='css=[data-testid="stDataFrame"]'):
        upload.set_input_files(
            {"name": CLIMBING_NAME, "mimeType": "text/plain", "buffer": UPLOADED_ARTICLE.encode()}
        )
    assert upload.evaluate("input => input.files[0].name") == CLIMBING_NAME, "sent as named"
    assert CLIMBING_NAME in main_text(page), "the uploader lists the file (as text)"
    operations = preview_table(page, "Operation")
    assert [row["Operation"] for row in operations] == [OPERATION]

    before = set(corpus.glob("*.txt"))
    message = save_and_wait(page)
    assert message.startswith("uploaded file.txt: added to the corpus as added_"), message
    (stored,) = set(corpus.glob("*.txt")) - before
    assert stored.parent == corpus and stored.name.startswith("added_")
    assert stored.read_text(encoding="utf-8") == UPLOADED_ARTICLE
    assert stored.name in (dataset / "manifest.json").read_text(encoding="utf-8")
    escaped = list(root.rglob("*evil*"))
    escaped += [place for place in (corpus / CLIMBING_NAME, ROOT / CLIMBING_NAME) if place.exists()]
    assert escaped == []
    assert CLIMBING_NAME not in main_text(page), "the uploader is cleared after saving"
    assert digest_tree(ROOT / "seeds", ROOT / "data") == repository_before
