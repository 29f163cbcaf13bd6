"""Citations a person can paste, and quote cards counted as a reader counts quotes.

On the seed dataset as the real build makes it: no file name is ever cited, what the build
inferred is marked, a statement one outlet split in two is one card with the outlet that
gave it whole, and a two-word fragment of reported speech is shown with its sentence.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.cite import citation, cite_line, date_text
from dashboard.filters import Filters, apply_filters
from dashboard.quote_groups import group_quotes
from dashboard.summaries import quote_cards, sources_table
from dashboard.views.quotes import card_markdown, cite_text


@pytest.fixture(scope="module")
def view(prepared, options):
    return apply_filters(prepared, Filters(), options)


@pytest.fixture(scope="module")
def cards(view, seed_dataset):
    return quote_cards(view, "", seed_dataset.texts)


def test_no_citation_names_a_file(view, cards):
    files = [name for name in view.articles["file"] if isinstance(name, str)]
    cited = [source["cite"] for card in cards for source in card["sources"]]
    cited += list(sources_table(view)["cite"]) + list(view.articles["source_label"])
    assert cited
    for line in cited:
        assert not any(name in line or name.removesuffix(".txt") in line for name in files), line


def test_each_seed_is_cited_with_outlet_title_date_and_address_or_says_what_is_unknown(view):
    lines = {row["file"][:3]: cite_line(row) for row in view.articles.to_dict("records")}
    assert lines["004"] == (
        "JURIST, “INTERPOL operation against human trafficking leads to arrests and rescues”, "
        "November 2024 (inferred), https://jurist.org/news/2024/11/"
        "interpol-operation-against-human-trafficking-leads-to-arrests-and-rescues"
    )
    assert lines["002"] == (
        "outlet unknown, “A total of 350 human trafficking victims were rescued early last "
        "month…” (inferred), 1 May 2018"
    )
    assert lines["001"].startswith("Radio Habana Cuba, “350 human trafficking victims")
    assert ", undated, https://www.radiohc.cu/" in lines["001"]
    assert lines["000"] == (
        "Freedom United, “350 Victims Rescued in Interpol Raids across Latin America”, undated"
    )


def test_dates_read_as_a_person_writes_them():
    assert date_text({"published_date": "2018-05-01"}) == "1 May 2018"
    assert date_text({"published_month": "2024-11"}) == "November 2024"
    assert date_text({"published_month": "2024-13"}) == "undated"
    assert date_text({}) == "undated"


def test_a_citation_drops_invisible_characters_and_unsafe_links():
    cited = citation(
        {
            "publisher": "Harbour\u202e Post",
            "title": "Raid\u200b frees\nworkers",
            "url": "javascript:alert(1)",
            "inferred_fields": "publisher",
        }
    )
    assert cited.line == "Harbour Post (inferred), “Raid frees workers”, undated"


def test_the_halves_of_a_split_quote_join_the_card_of_the_whole(cards):
    coffins = [card for card in cards if "coffins" in card["text"]]
    assert len(coffins) == 1, [card["text"] for card in coffins]
    card = coffins[0]
    assert card["text"].startswith("What traffickers don't advertise")
    assert len(card["sources"]) == 2
    assert not [c for c in cards if c["text"].startswith("What traffickers") and c is not card]
    split = next(source for source in card["sources"] if source["publisher"] == "Freedom United")
    assert len(split["spans"]) == 2, "both halves are shown where it appears"


def test_a_two_word_fragment_is_shown_with_its_sentence_not_as_a_card(cards):
    assert not [card for card in cards if card["text"] == "widespread crime"]
    holder = next(card for card in cards if "widespread crime" in card["fragments"])
    assert holder["text"].startswith("don't acknowledge they are being exploited")
    assert holder["sentence"].startswith('Morris explained it is "widespread crime,"')
    assert "In the same sentence" in card_markdown(holder)
    reported = next(card for card in cards if "particularly horrific." in card["fragments"])
    assert reported["reported"]
    assert reported["sentence"].startswith("He also told the BBC that conditions in Guayana")
    assert "**“" not in card_markdown(reported), "reported speech is not drawn as a quote"


def test_every_card_has_a_cite_block_naming_each_outlet(cards):
    for card in cards:
        assert cite_text(card).splitlines() == [source["cite"] for source in card["sources"]]


def test_without_texts_a_fragment_keeps_a_card_of_its_own(view):
    cards = quote_cards(view, "")
    assert [card for card in cards if card["text"] == "widespread crime"]
    assert all(not card["fragments"] and not card["reported"] for card in cards)


def test_grouping_on_invented_quotes():
    text = (
        'Ruiz called it a "grave crime," and said "we will not stop until every victim is '
        'found." Later "we will not stop," Ruiz added, "until every victim is found."'
    )
    said = [
        ("a1", "Ana Ruiz", "grave crime", 0),
        ("a1", "Ana Ruiz", "we will not stop until every victim is found.", 0),
        ("a2", "Ana Ruiz", "we will not stop,", 0),
        ("a2", "Ana Ruiz", "until every victim is found.", 1),
        ("a2", "Lee Chan", "we will not stop", 0),
    ]
    rows = []
    for number, (article_id, speaker, words, occurrence) in enumerate(said):
        start = text.index(words)
        if occurrence:
            start = text.index(words, start + 1)
        rows.append((article_id, f"q{number}", speaker, words, start, start + len(words)))
    quotes = pd.DataFrame(
        rows, columns=["article_id", "quote_id", "speaker", "text", "span_start", "span_end"]
    )
    groups = group_quotes(quotes, {"a1": text, "a2": text})
    whole = next(group for group in groups if 1 in group.rows)
    assert sorted(whole.rows) == [1, 2, 3], "halves by the same speaker join the whole"
    assert whole.fragments == [0], "the fragment joins the quote of its sentence"
    assert any(group.rows == [4] for group in groups), "another speaker's words stay apart"
    assert len(groups) == 2


def test_the_page_gives_every_quote_card_a_cite_block_and_no_file_name(app, seed_dataset):
    at = app().run()
    assert not at.exception
    blocks = [element.value for element in at.code]
    cards = quote_cards(apply_filters_for_page(seed_dataset), "", seed_dataset.texts)
    assert sorted(blocks) == sorted(cite_text(card) for card in cards)
    assert any("November 2024 (inferred)" in block for block in blocks)
    sources = next(frame.value for frame in at.dataframe if "Facts" in frame.value.columns)
    assert "Cite" in sources.columns
    assert len(sources) == len(seed_dataset.articles)
    shown = "\n".join(element.value for element in at.markdown) + "\n".join(blocks)
    shown += sources.to_csv()
    for name in seed_dataset.articles["file"]:
        assert name.removesuffix(".txt") not in shown


def apply_filters_for_page(dataset):
    from dashboard.filters import filter_options, prepare

    prepared = prepare(dataset)
    return apply_filters(prepared, Filters(), filter_options(prepared))


def test_view_slugs_name_the_view_in_plain_ascii():
    from dashboard.theme import UNATTRIBUTED_LABEL
    from dashboard.views.export import view_slug

    assert view_slug(["Libertad"], [2018]) == "libertad-2018"
    assert view_slug([], [2018, 2024]) == "all-2018-2024"
    assert view_slug(["Liberterra II"], [2024], ["ARG"]) == "liberterra-ii-2024-arg"
    assert view_slug(["A", "B", "C", "D"], []) == "4-operations"
    assert view_slug([UNATTRIBUTED_LABEL], [2018]) == "unattributed-2018"
    assert view_slug(["Ópération ../Évasion\u202e"], []) == "operation-evasion"


def test_downloads_are_named_by_the_view_and_the_day(app, monkeypatch):
    import re

    from streamlit.runtime.media_file_manager import MediaFileManager

    names: list[str] = []
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        names.append(file_name)
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = app(op=["Libertad"]).run()
    assert not at.exception
    day = r"\d{4}-\d\d-\d\d"
    expected = [
        rf"atlas-libertad-2018-map-{day}\.png",
        rf"atlas-libertad-2018-map-2x-{day}\.png",
        rf"atlas-libertad-2018-map-{day}\.svg",
        rf"atlas-libertad-2018-timeline-{day}\.png",
        rf"atlas-libertad-2018-briefing-a4-{day}\.pdf",
        rf"atlas-libertad-2018-quotes-{day}\.md",
        rf"atlas-libertad-2018-tables-{day}\.zip",
        rf"atlas-libertad-2018-map-layer-{day}\.geojson",
    ]
    for pattern in expected:
        assert any(re.fullmatch(pattern, name or "") for name in names), (pattern, names)


def test_the_briefing_from_the_page_carries_its_address(app, monkeypatch):
    from dashboard.views import export

    made = []
    from_view = export.briefing_from_view

    def recording(*args, **kwargs):
        made.append(from_view(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(export, "briefing_from_view", recording)
    at = app(op=["Libertad"]).run()
    assert not at.exception
    assert made and "op=Libertad" in made[-1].address
    assert "present=" not in made[-1].address
    assert made[-1].slug == "libertad-2018"


def test_every_figure_has_a_cite_line(view, app):
    from dashboard.summaries import figure_claims
    from dashboard.views.figures import figure_cite

    claims = figure_claims(view)
    jurist = claims[claims["cite"].str.startswith("JURIST")]
    assert not jurist.empty and not (claims["cite"] == "").any()
    victims = jurist[jurist["metric"] == "victims_rescued"].iloc[0]
    assert figure_cite(victims) == f"Liberterra II, victims rescued: 3,222 — {victims['cite']}"
    at = app().run()
    table = next(frame.value for frame in at.dataframe if "Claim" in frame.value.columns)
    assert set(table["Cite"]) <= set(claims["cite"])


UNDATED_ARTICLE = (
    "Police in two port cities freed 40 workers from a fishing fleet, officials said on Monday.\n"
    "\nThe raids ended a months-long inquiry into forced labour at sea.\n"
)


def add_page(corpus: str, dataset: str) -> None:
    from pathlib import Path

    from dashboard.views import add_article

    add_article.render(Path(corpus), Path(dataset))


@pytest.fixture()
def add_at(tmp_path, seed_dir):
    import shutil

    from streamlit.testing.v1 import AppTest

    from ingest.build import build

    corpus, dataset = tmp_path / "corpus", tmp_path / "data" / "seed"
    shutil.copytree(seed_dir, corpus)
    build(corpus, dataset, warn=lambda _: None)
    test = AppTest.from_function(add_page, args=(str(corpus), str(dataset)), default_timeout=60)
    return test.run(), dataset


def test_the_add_page_asks_for_what_the_article_does_not_state(add_at):
    import datetime as dt

    at, _dataset = add_at
    at.text_area(key="add-text").input(UNDATED_ARTICLE).run()
    warning = " ".join(element.value for element in at.warning)
    assert "headline or outlet or date of publication" in warning
    assert any(
        block.value.startswith("outlet unknown, “Police in two port cities") for block in at.code
    )
    at.text_input(key="add-title").input("Forty freed from a fishing fleet")
    at.text_input(key="add-outlet").input("Harbour Post")
    at.date_input(key="add-date").set_value(dt.date(2025, 3, 14)).run()
    assert not at.warning
    assert "Harbour Post, “Forty freed from a fishing fleet”, 14 March 2025" in [
        block.value for block in at.code
    ]


def test_a_headline_outlet_and_date_given_on_adding_are_cited_as_stated(tmp_path, seed_dir):
    import shutil

    from ingest.add import add_article, validate_metadata
    from ingest.build import build

    corpus, dataset = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(seed_dir, corpus)
    given = validate_metadata("", "Harbour Post", "2025-03-14", " Forty freed from a\nfleet ")
    add_article(UNDATED_ARTICLE.encode(), corpus, metadata=given)
    build(corpus, dataset, warn=lambda _: None)
    articles = pd.read_csv(dataset / "articles.csv", dtype="string")
    saved = articles[articles["title"] == "Forty freed from a fleet"]
    assert list(saved["publisher"]) == ["Harbour Post"]
    assert list(saved["published_date"]) == ["2025-03-14"]
    assert saved["inferred_fields"].isna().all()
    assert cite_line(saved.iloc[0]) == "Harbour Post, “Forty freed from a fleet”, 14 March 2025"


def test_a_card_names_an_outlet_less_article_by_its_headline_marked_inferred(cards):
    sources = [source for card in cards for source in card["sources"]]
    nameless = next(source for source in sources if not source["publisher"] and source["date"])
    assert nameless["name"] == (
        "‘A total of 350 human trafficking victims were rescued early last month…’ (inferred)"
    )
    card = next(card for card in cards if nameless in card["sources"])
    assert "‘A total of 350 human trafficking victims" in card_markdown(card)
    assert "\\(inferred\\)" in card_markdown(card), "escaped as Markdown"
