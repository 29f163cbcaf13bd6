"""source.py on the seed headers (checked by reading each seed) and on unseen headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.read import read_article
from ingest.source import (
    extract_source,
    find_date_line_month,
    find_published,
    find_title,
    find_url,
    outlet_from_url,
    title_from_opening,
    title_from_url,
    url_month,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt"))).text


def source_of(prefix: str, sidecar=None):
    return extract_source(seed(prefix), f"{prefix}.txt", "ab" * 32, sidecar)


def test_seed_000_title_is_the_headline_line():
    source = source_of("000")
    assert source.title == "350 Victims Rescued in Interpol Raids across Latin America"
    assert (source.publisher, source.published, source.url) == (None, None, None)


def test_seed_001_markdown_heading_bold_publisher_trailing_url_and_yearless_dateline():
    source = source_of("001")
    assert (
        source.title == "350 human trafficking victims rescued in Latin America and the Caribbean"
    )
    assert source.publisher == "Radio Habana Cuba"
    assert source.url.startswith("https://www.radiohc.cu/en/noticias/internacionales/161329-")
    assert not source.url.endswith(">")
    assert source.published is None  # "Caracas, May 2 (RHC)--" states no year


def test_seed_002_date_marker_and_a_title_inferred_from_the_opening_sentence():
    source = source_of("002")
    assert source.published == "2018-05-01"
    assert source.title == (
        "A total of 350 human trafficking victims were rescued early last month…"
    )
    assert source.inferred == ("title",)
    assert "002" not in source.title


def test_seed_003_headline_after_advertisement_and_no_date_from_calendar():
    source = source_of("003")
    assert source.title == (
        "Hope Restored: Hundreds of Human Trafficking Survivors Freed Across the Americas"
    )
    assert source.published is None


def test_seed_004_title_prefers_the_clean_repeat_without_section_word():
    assert source_of("004").title == (
        "INTERPOL operation against human trafficking leads to arrests and rescues"
    )


def test_sidecar_overrides_and_blank_sidecar_values_mean_unknown():
    sidecar = {
        "title": "Given",
        "publisher": "",
        "published": "2018-05-03",
        "url": "https://x.org/a",
    }
    source = source_of("001", sidecar)
    assert source.title == "Given"
    assert source.publisher == "Radio Habana Cuba"
    assert source.published == "2018-05-03"
    assert source.url == "https://x.org/a"
    assert source.file == "001.txt"
    assert source.sha256 == "ab" * 32


def test_sidecar_with_a_bad_date_or_url_falls_back_to_the_text():
    source = source_of("002", {"published": "May 2018", "url": "ftp://x.org/a"})
    assert source.published == "2018-05-01"
    assert source.url is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Raids free 80\nBy Ana Ruiz | Published: March 4, 2021\n\nBody.", "2021-03-04"),
        ("Raids free 80\nPosted 4 March 2021\n\nBody.", "2021-03-04"),
        ("Raids free 80\n2021-03-04\n\nBody.", "2021-03-04"),
        ("LAGOS, March 4, 2021 (Wire) - Police freed 80 people.", "2021-03-04"),
        ("LAGOS, March 4 (Wire) - Police freed 80 people in 2021 raids.", "2021-03-04"),
        ("LAGOS, March 4 (Wire) - Police freed 80 people.", None),
        ("Raids\n\nSee https://news.example/2021/03/04/raids-free-80 for more.", "2021-03-04"),
        ("Police said raids on April 3, 2018 freed people in many towns across the region.", None),
    ],
)
def test_published_dates_from_unseen_headers(header, expected):
    assert find_published(header) == expected


def test_year_from_a_dated_url_completes_a_yearless_dateline():
    text = "LAGOS, March 4 (Wire) -- Police freed 80 people.\n\nhttps://news.example/2021/raids"
    assert find_published(text) == "2021-03-04"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Police free 80 in port raids ##\n\nBody text.", "Police free 80 in port raids"),
        ("Police free 80 in port raids\n\nBody text.", "Police free 80 in port raids"),
        ("Police freed 80 people in raids across the port city on Monday.\n\nMore.", None),
        ("By Ana Ruiz\nPolice free 80 in port raids\n\nBody.", "Police free 80 in port raids"),
        ("Port raids free 80 World\nPort raids free 80\n\nBody.", "Port raids free 80"),
    ],
)
def test_titles_of_unseen_articles(text, expected):
    assert find_title(text) == expected


def test_url_only_http_and_https():
    assert find_url("See ftp://files.example/a and mailto:x@y.z") is None
    assert find_url("Read (https://a.example/story).") == "https://a.example/story"


def test_dateline_abbreviation_is_not_a_publisher():
    text = "Caracas, May 2 (RHC)-- Police freed 80 people.\n\n**Reported by staff.**"
    assert extract_source(text, "a.txt", "0" * 64).publisher is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LIMA, March 3 (Andes Newswire) -- Police freed 80 people.", "Andes Newswire"),
        (
            "Story title here\n\n**Harbour Post** | 4 May 2025\n\nPolice freed 80 people.",
            "Harbour Post",
        ),
        ("Harbour Post · 4 May 2025\n\nPolice freed 80 people.", "Harbour Post"),
        ("Lima | Police freed 80 people in raids.", None),
    ],
    ids=["wire-dateline", "bold-masthead", "dot-masthead", "no-date-beside-it"],
)
def test_publisher_from_a_masthead_or_a_wire_dateline(text, expected):
    assert extract_source(text, "a.txt", "0" * 64).publisher == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Island Times — Regional News — 8 May 2025", "Island Times"),
        ("By Ana Ruiz | El Heraldo Andino | 12 May 2025", "El Heraldo Andino"),
    ],
)
def test_publisher_from_a_masthead_with_dashes_or_after_a_byline(line, expected):
    text = f"A headline for the story\n\n{line}\n\nPolice freed 80 people.\n"
    assert extract_source(text, "a.txt", "0" * 64).publisher == expected


def test_a_masthead_over_a_date_line_is_the_publisher_and_not_the_title():
    text = (
        "The Windward Courier\nSaturday, April 6, 2019\n\n"
        "ONE YEAR ON: What the raids left behind\n\n"
        "By Ana Ruiz, Regional Affairs Correspondent\n\n"
        "KINGSTOWN — Twelve months ago this week, on April 3, 2018, police moved at once.\n"
    )
    source = extract_source(text, "a.txt", "0" * 64)
    assert (source.publisher, source.title, source.published) == (
        "The Windward Courier",
        "ONE YEAR ON: What the raids left behind",
        "2019-04-06",
    )


def test_a_byline_can_name_the_outlet_but_a_role_is_not_one():
    def publisher(byline: str) -> str | None:
        text = f"Police free 80 in raids\n\n{byline}\nOct. 9, 2024\n\nPolice freed 80 people.\n"
        return extract_source(text, "a.txt", "0" * 64).publisher

    assert publisher("By Dana White, The Harbour Star-Ledger") == "The Harbour Star-Ledger"
    assert publisher("By Dana White, Staff Writer") is None


def test_a_lede_after_a_city_and_a_dash_is_not_a_masthead():
    text = (
        "Police free 80 in raids\n\n"
        "LIMA — Police freed 80 people in raids that ran from April 3 to April 9, 2018, "
        "officials said on Monday in a statement to reporters.\n"
    )
    assert extract_source(text, "a.txt", "0" * 64).publisher is None


def test_a_press_release_label_is_not_the_title():
    text = "PRESS RELEASE\n\nOperation Seastar: action against labour trafficking at sea\n\nBody.\n"
    assert extract_source(text, "a.txt", "0" * 64).title == (
        "Operation Seastar: action against labour trafficking at sea"
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("03/14/2023 | Press release\n\nPolice freed 80 people.", "2023-03-14"),
        ("Raids free 80\nDate: 9/18/2022\n\nBody.", "2022-09-18"),
        ("Raids free 80\n14.03.2023\n\nBody.", "2023-03-14"),
        ("Raids free 80\n03/04/2023\n\nBody.", None),  # 3 April or 4 March
        ("Raids free 80\nJune 1, 2023, 10:29 AM\n\nBody.", "2023-06-01"),
        (
            "Raids free 80\nLAGOS (Harbour News / Wire - 23rd May, 2019) Police freed 80.",
            "2019-05-23",
        ),
        ("Police said 80 people were freed on 3/14/2023 in raids across many towns.", None),
    ],
)
def test_published_dates_in_figures_and_beside_a_dateline(header, expected):
    assert find_published(header) == expected


def test_a_date_line_with_only_a_month_bounds_years_but_is_no_publication_date():
    text = " date 2017-11 Police freed 80 people."
    assert find_published(text) is None
    assert find_date_line_month(text) == (2017, 11)


def test_seed_004_month_from_the_sidecar_address_is_inferred_not_a_day():
    sidecar = {"publisher": "JURIST", "url": "https://jurist.org/news/2024/11/interpol-op-x"}
    source = source_of("004", sidecar)
    assert source.published is None
    assert source.published_month == "2024-11"
    assert source.inferred == ("published",)


def test_seeds_with_stated_fields_infer_nothing():
    for prefix in ("000", "001", "003"):
        assert source_of(prefix).inferred == ()


def test_missing_title_outlet_and_date_come_from_the_address_and_are_marked():
    text = "police freed workers in a raid on a farm, officials said.\n"
    url = "https://www.harbour-post.example/world/2025/03/14/98765-raid-frees-farm-workers.html"
    source = extract_source(text, "story.txt", "0" * 64, {"url": url})
    assert source.title == "Raid frees farm workers"
    assert source.publisher == "harbour-post.example"
    assert source.published == "2025-03-14"
    assert source.published_month is None
    assert source.inferred == ("title", "publisher", "published")


def test_a_stated_date_is_not_inferred_even_when_the_address_has_one():
    text = (
        "Published: 2 March 2025\n\nArrests in a port city\n\nhttps://a.example/2025/03/01/x-y-z\n"
    )
    source = extract_source(text, "a.txt", "0" * 64)
    assert source.published == "2025-03-02"
    assert "published" not in source.inferred


def test_a_dateline_whose_year_only_the_address_gives_is_inferred():
    text = (
        "Lima, May 3 (Andes Wire) -- Police freed twelve workers.\n\n"
        "https://wire.example/2021/05/police-free-workers\n"
    )
    source = extract_source(text, "a.txt", "0" * 64)
    assert source.published == "2021-05-03"
    assert "published" in source.inferred


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://a.example/news/2024/11/arrests-and-rescues-in-port",
            "Arrests and rescues in port",
        ),
        (
            "https://a.example/161329-350-victims-rescued-in-the-region",
            "350 victims rescued in the region",
        ),
        ("https://a.example/story.php?id=42", None),
        ("https://a.example/2024/11/", None),
        ("https://a.example/news/123456", None),
        ("https://a.example/a-b", None),
        (None, None),
    ],
)
def test_title_from_url(url, expected):
    assert title_from_url(url) == expected


def test_title_from_opening_skips_date_marker_and_dateline_and_joins_wraps():
    text = (
        " date 2019-02-03 HARBOUR CITY, Feb 2 (Wire) - Police freed forty\n"
        "workers from a farm on Sunday. They said more.\n"
    )
    assert title_from_opening(text) == "Police freed forty workers from a farm on Sunday"
    long = (
        "A long opening sentence that goes on and on well past the length of any headline at all."
    )
    assert title_from_opening(long) == "A long opening sentence that goes on and on well past the…"
    assert title_from_opening("by A. Writer\n\n3 May 2020\n") is None


def test_outlet_and_month_from_url():
    assert outlet_from_url("https://www.island-times.example/x") == "island-times.example"
    assert outlet_from_url("http://localhost/x") is None
    assert outlet_from_url(None) is None
    assert url_month("https://a.example/2024/11/story") == "2024-11"
    assert url_month("https://a.example/2024/13/story") is None
    assert url_month("https://a.example/story-2024") is None


def test_add_takes_the_headline_outlet_and_date_a_person_gives(tmp_path):
    import csv
    import subprocess
    import sys

    article = tmp_path / "story.txt"
    article.write_text("police freed twelve workers from a farm, officials said.\n", "utf-8")
    corpus, out = tmp_path / "corpus", tmp_path / "data" / "dataset"
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "add", str(article), "--title", "Twelve freed",
         "--outlet", "Harbour Post", "--date", "2025-03-14", "--corpus", str(corpus),
         "--out", str(out), "--corrections", str(tmp_path / "corrections.csv")],
        cwd=SEEDS.parent, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [row] = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert (row["title"], row["publisher"], row["published_date"]) == (
        "Twelve freed",
        "Harbour Post",
        "2025-03-14",
    )
    assert row["inferred_fields"] == ""
