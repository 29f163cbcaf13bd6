"""The dashboard in a real browser: Debian's Chromium driven by Playwright, offline.

Starts ``streamlit run dashboard/serve.py`` (what ``make run`` starts: the app under its
Content Security Policy) on a free localhost port against the seed dataset built by the
real CLI, waits for the map canvas, the charts and the quote cards, filters to
Liberterra II, reloads a shared link, and saves full-page screenshots in tests/artifacts/
(ignored by git). Any request to a host other than localhost, or anything the policy
blocks, fails it (the ``page`` fixture in conftest.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.page_runs import IDLE
from dashboard.views import sidebar
from tests.dashboard.served import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
MAP = '[data-testid="stDeckGlJsonChart"] canvas'
CHART = '[data-testid="stVegaLiteChart"]'
QUOTE_CARD = '[class*="st-key-quote-card-"]'
RENDER_TIMEOUT_MS = BROWSER_TIMEOUT_MS
RUN_POLL_MS = 20
PAGE_SETTLED = """({idle, text, selector}) =>
  !!document.querySelector(idle)
  && !document.querySelector('[data-testid="stStatusWidget"]')
  && (!text || document.body.innerText.includes(text))
  && (!selector || !!document.querySelector(selector))"""
PAGE_STATE = """idle => ({
  app: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  drawn: !!document.querySelector(idle),
  statusWidget: !!document.querySelector('[data-testid="stStatusWidget"]'),
  text: (document.querySelector('[data-testid="stMain"]')?.innerText || '').slice(0, 600),
})"""
LAYOUT_STILL = """() => {
  const sizes = JSON.stringify([document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('canvas')].map(c => [c.width, c.height])]);
  const last = window.__layoutSizes;
  window.__layoutSizes = sizes;
  window.__layoutStill = last === sizes ? (window.__layoutStill || 0) + 1 : 0;
  return window.__layoutStill >= 5;
}"""


@pytest.fixture(scope="module")
def server(built_dataset, start_dashboard):
    """The served dashboard (``dashboard/serve.py``, as ``make run``) on the seed dataset."""
    return start_dashboard(built_dataset)


def wait_for_dashboard(page) -> None:
    page.wait_for_selector(MAP, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(f"{CHART} canvas, {CHART} svg", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(QUOTE_CARD, timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)


def wait_until_idle(page, showing: str | None = None, finished_before: int | None = None) -> None:
    """Wait until Streamlit is done with the page: no run under way or asked for, the page
    drawn (no status widget, the app marked ``notRunning``), and ``showing`` on it.

    ``showing`` is a text the page must contain (a CSS selector if it starts with ``css=``);
    pass what the awaited run draws. With ``finished_before`` (``page.runs.finished``
    before an action; `rerun` does this), a run must have ended since. The runs are read
    from the page's websocket (``page.runs``, `benchmarks.page_runs`): a busy page can draw
    a whole run at once, and its own marks never show that it ran.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    runs = page.runs
    floor = runs.finished - 1 if finished_before is None else finished_before
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while not runs.ran_since(floor):
        if time.monotonic() > deadline:
            raise AssertionError(f"no run ended in {RENDER_TIMEOUT_MS} ms: {runs.describe()}")
        page.wait_for_timeout(RUN_POLL_MS)  # lets Playwright deliver the websocket's frames
    selector = showing[4:] if showing and showing.startswith("css=") else None
    try:
        page.wait_for_function(
            PAGE_SETTLED,
            arg={"idle": IDLE, "text": None if selector else showing, "selector": selector},
            timeout=max(1, (deadline - time.monotonic()) * 1000),
        )
    except PlaywrightTimeout as error:
        seen = page.evaluate(PAGE_STATE, IDLE)
        raise AssertionError(
            f"the page did not settle showing {showing!r}: {runs.describe()}; it shows {seen}"
        ) from error


@contextmanager
def rerun(page, showing: str | None = None) -> Iterator[None]:
    """Around an action that reruns the script: afterwards, wait for that run to be drawn."""
    finished_before = page.runs.finished
    yield
    wait_until_idle(page, showing, finished_before)


def next_frames(page, count: int = 2) -> None:
    """Let the page draw ``count`` frames (a hover's tooltip, a resize's new layout)."""
    page.evaluate(
        """count => new Promise(done => {
          const step = left => left ? requestAnimationFrame(() => step(left - 1)) : done();
          step(count);
        })""",
        count,
    )


def wait_for_layout(page) -> None:
    """Wait until the page's size and every canvas have kept still for a few frames."""
    page.wait_for_function(LAYOUT_STILL, polling="raf", timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)


def save_full_page(page, name: str) -> Path:
    """Screenshot the whole dashboard: Streamlit scrolls inside the page, so grow the viewport."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('*'), e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 16000)})
    wait_for_layout(page)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(
        path=str(ARTIFACTS / f"{name}-map.png")
    )
    page.set_viewport_size({"width": 1440, "height": 1000})
    print(f"screenshot: {path}")
    return path


def quote_cards_text(page) -> str:
    return "\n".join(page.locator(QUOTE_CARD).all_inner_texts())


def test_dashboard_renders_filters_and_restores_a_shared_link(server, page):
    page.goto(server)
    wait_for_dashboard(page)
    all_cards = quote_cards_text(page)
    assert "coffins" in all_cards
    map_before = page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()
    save_full_page(page, "dashboard-all-operations")

    operation = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    operation.click()
    with rerun(page):
        page.get_by_role("option", name="Liberterra II", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => !document.body.innerText.includes('coffins')", timeout=RENDER_TIMEOUT_MS
    )
    filtered_cards = quote_cards_text(page)
    assert "smuggling" in filtered_cards and "coffins" not in filtered_cards
    assert page.locator(QUOTE_CARD).count() < all_cards.count("Where it appears")
    assert page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot() != map_before
    assert "op=Liberterra+II" in page.url or "op=Liberterra%20II" in page.url
    shared_link = page.url
    save_full_page(page, "dashboard-liberterra-ii")

    page.goto("about:blank")
    page.goto(shared_link)
    wait_for_dashboard(page)
    chips = page.locator(
        '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
    ).first.inner_text()
    assert "Liberterra II" in chips
    assert quote_cards_text(page) == filtered_cards
    save_full_page(page, "dashboard-shared-link")


def test_a_link_with_country_and_role_filters_comes_back(server, page):
    page.goto(f"{server}/?op=Libertad&role=coordinator&role=participant")
    wait_for_dashboard(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Libertad" in sidebar and "Coordinator" in sidebar and "Participant" in sidebar
    assert "smuggling" not in quote_cards_text(page)
    save_full_page(page, "dashboard-libertad-link")


DOWNLOADS = {
    "export-map-png": ".png",
    "export-map-2x-png": ".png",
    "export-map-svg": ".svg",
    "export-timeline-png": ".png",
    "export-timeline-2x-png": ".png",
    "export-timeline-svg": ".svg",
    "export-briefing-a4-pdf": ".pdf",
    "export-briefing-letter-pdf": ".pdf",
    "export-quotes-md": ".md",
    "export-quotes-txt": ".txt",
    "export-tables-zip": ".zip",
    "export-map-layer-geojson": ".geojson",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXPORT_TIMEOUT_MS = BROWSER_TIMEOUT_MS


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert data.startswith(PNG_MAGIC), "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def download(page, key: str) -> tuple[str, bytes]:
    """Click the export button with this key; return the file's suggested name and bytes."""
    button = page.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=EXPORT_TIMEOUT_MS) as arrived:
        button.click()
    file = arrived.value
    return file.suggested_filename, Path(file.path()).read_bytes()


def test_every_export_button_delivers_its_file(server, page):
    page.goto(f"{server}/?op=Libertad")
    wait_for_dashboard(page)
    received = {key: download(page, key) for key in DOWNLOADS}

    for key, (name, data) in received.items():
        assert name.endswith(DOWNLOADS[key]), f"{key} gave {name}"
        assert re.fullmatch(r"atlas-libertad-2018-[a-z0-9-]+-\d{4}-\d\d-\d\d\.\w+", name), name
        assert data, f"{key} gave an empty file"
    view = f"This view: {server}/?op=Libertad".encode()
    assert view in received["export-map-svg"][1], "the slide's footer names the view"
    assert png_size(received["export-map-png"][1]) == (1920, 1080)
    assert png_size(received["export-map-2x-png"][1]) == (3840, 2160)
    assert png_size(received["export-timeline-png"][1]) == (1920, 1080)
    assert png_size(received["export-timeline-2x-png"][1]) == (3840, 2160)
    for key in ("export-briefing-a4-pdf", "export-briefing-letter-pdf"):
        assert received[key][1].startswith(b"%PDF"), key
    for key in ("export-map-svg", "export-timeline-svg"):
        assert b"<svg" in received[key][1][:2000] and b"Libertad" in received[key][1], key
    assert received["export-tables-zip"][1].startswith(b"PK")
    assert "Libertad" in received["export-quotes-md"][1].decode()
    assert received["export-map-layer-geojson"][1].decode().lstrip().startswith("{")


def test_presentation_mode_hides_the_sidebar_and_shows_two_slides(server, page):
    page.goto(f"{server}/?op=Libertad&present=1")
    slides = page.locator('[data-testid="stImage"] img')
    slides.nth(1).wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)
    assert slides.count() == 2
    sizes = slides.evaluate_all("images => images.map(i => [i.naturalWidth, i.naturalHeight])")
    for width, height in sizes:  # Streamlit scales images down to the page width
        assert width >= 1200 and abs(width / height - 16 / 9) < 0.01, sizes
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stDownloadButton"]').count() == 0
    assert "Leave presentation mode" in page.locator("body").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presentation-libertad.png"), full_page=True)


def test_the_land_is_fetched_once_a_map_from_this_server_and_painted(server, page):
    """The grey land comes from the served static file, not from the map message or a CDN.

    The map and its close-up each fetch it once on load; a filter change fetches nothing.
    """
    from io import BytesIO

    import numpy
    from PIL import Image

    from dashboard.theme import LAND

    land_fetches = []
    page.on(
        "response",
        lambda response: (
            land_fetches.append((response.url, response.status))
            if "/app/static/land-" in response.url
            else None
        ),
    )
    page.goto(server)
    wait_for_dashboard(page)
    maps_drawn = page.locator(MAP).count()
    fetched_on_load = len(land_fetches)
    operation = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    operation.click()
    with rerun(page):
        page.get_by_role("option", name="Liberterra II", exact=True).click()
    page.keyboard.press("Escape")

    assert 1 <= fetched_on_load <= maps_drawn, (land_fetches, maps_drawn)
    assert len(land_fetches) == fetched_on_load, "a filter change fetched the land again"
    assert all(status == 200 and url.startswith(server) for url, status in land_fetches)
    image = Image.open(BytesIO(page.locator(MAP).first.screenshot())).convert("RGB")
    pixels = numpy.asarray(image, dtype=int)
    land_share = (numpy.abs(pixels - numpy.array(LAND)).max(axis=2) <= 6).mean()
    assert land_share > 0.1, f"only {land_share:.1%} of the map is land-grey"


def test_a_quote_search_reruns_only_the_quotes_not_the_map(server, page):
    """The search box lives in a fragment: a search sends the quotes' part of the page only.

    Measured against a full rerun of the same page (Reset filters): the search must arrive
    in far fewer websocket messages, since the map, charts and tables are not rerun (here
    about 40 against 125; a full rerun for the search would send about 80).
    """
    frames: list[int] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda p: frames.append(len(p))))
    page.goto(server)
    wait_for_dashboard(page)
    assert "coffins" in quote_cards_text(page)

    before = len(frames)
    search = page.locator(".st-key-filter_quote_search input")
    search.fill("smuggling")
    with rerun(page):
        search.press("Enter")
    page.wait_for_function(
        "() => !document.body.innerText.includes('coffins')", timeout=RENDER_TIMEOUT_MS
    )
    wait_until_idle(page)
    search_messages = len(frames) - before
    cards = quote_cards_text(page)
    assert "smuggling" in cards.lower() and "coffins" not in cards
    assert "q=smuggling" in page.url

    page.goto(page.url)
    wait_for_dashboard(page)
    assert quote_cards_text(page) == cards

    before = len(frames)
    with rerun(page):
        page.get_by_role("button", name="Reset filters").click()
    page.wait_for_function(
        "() => document.body.innerText.includes('coffins')", timeout=RENDER_TIMEOUT_MS
    )
    wait_until_idle(page)
    full_rerun_messages = len(frames) - before
    assert search_messages < 0.5 * full_rerun_messages, (search_messages, full_rerun_messages)


def test_a_quote_cards_cite_button_opens_its_citation_to_copy(server, page):
    """The citation opens from the card; until then no code block is on the page.

    A code block brings Streamlit's syntax highlighter (about 1.5 MB of script) to the
    first screen, so the cards keep their citations behind a button.
    """
    page.goto(server)
    wait_for_dashboard(page)
    assert page.locator('[data-testid="stCode"]').count() == 0
    card = page.locator(QUOTE_CARD).first
    card.get_by_role("button", name=re.compile("Cite")).click()
    block = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
    block.wait_for(timeout=RENDER_TIMEOUT_MS)
    cited = block.inner_text()
    assert re.search(r"\b(19|20)\d\d\b|undated", cited), cited
    assert "http" in cited or "outlet unknown" in cited, cited
    page.locator('[data-testid="stPopoverBody"]').first.screenshot(
        path=str(ARTIFACTS / "quote-cite-1440x1000.png")
    )


REVIEW_LIST = ".st-key-needs-review"


@pytest.fixture(scope="module")
def review_server(tmp_path_factory, start_dashboard):
    """The served dashboard on a dataset built from an invented article with low facts."""
    from ingest.build import build
    from tests.dashboard.test_review import TIDEWATER

    root = tmp_path_factory.mktemp("review-browser")
    corpus, dataset = root / "corpus", root / "data" / "built"
    corpus.mkdir()
    (corpus / "tidewater.txt").write_text(TIDEWATER, encoding="utf-8")
    build(corpus, dataset, warn=lambda _: None)
    return start_dashboard(dataset)


def test_the_review_toggle_shows_the_list_and_puts_it_in_the_link(review_server, page):
    page.goto(review_server)
    page.wait_for_selector(MAP, timeout=RENDER_TIMEOUT_MS)
    wait_until_idle(page)
    assert page.locator(REVIEW_LIST).count() == 0

    with rerun(page, showing="3 facts need review"):
        page.locator(f".st-key-{sidebar.KEY_REVIEW} label").click()
    page.wait_for_selector(REVIEW_LIST, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.body.innerText.includes('3 facts need review')",
        timeout=RENDER_TIMEOUT_MS,
    )
    listed = page.locator(REVIEW_LIST).inner_text()
    assert "Peru" in listed and "participant.subject.arrested" in listed
    assert "outside every paragraph about an operation" in listed
    page.wait_for_function("() => location.search.includes('review=1')", timeout=RENDER_TIMEOUT_MS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(REVIEW_LIST).screenshot(path=str(ARTIFACTS / "needs-review-list.png"))
    page.screenshot(path=str(ARTIFACTS / "needs-review.png"), full_page=True)

    page.goto(page.url)
    page.wait_for_selector(REVIEW_LIST, timeout=RENDER_TIMEOUT_MS)
    assert "3 facts need review" in page.locator(REVIEW_LIST).inner_text()
