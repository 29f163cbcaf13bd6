"""Pages of a list (`dashboard.paging`): rows, counts and the words that say them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.paging import page_of, search_rows

QUOTES = [f"quote {index}" for index in range(412)]


def test_the_first_page_holds_the_first_rows_and_says_how_many_there_are():
    page = page_of(QUOTES, 0, 20)
    assert page.rows == QUOTES[:20]
    assert page.showing("quote") == "Showing 1–20 of 412 quotes"
    assert (page.count, page.has_previous, page.has_next) == (21, False, True)


def test_the_last_page_is_short_and_has_no_next():
    page = page_of(QUOTES, 20, 20)
    assert page.rows == QUOTES[400:]
    assert page.showing("quote") == "Showing 401–412 of 412 quotes"
    assert (page.has_previous, page.has_next) == (True, False)


@pytest.mark.parametrize(("asked", "given"), [(-3, 0), (99, 20)])
def test_a_page_past_either_end_comes_back_to_the_nearest(asked, given):
    assert page_of(QUOTES, asked, 20).number == given


def test_a_list_that_fits_one_page_is_just_counted():
    page = page_of(QUOTES[:1], 0, 20)
    assert page.showing("quote") == "1 quote"
    assert page_of([], 3, 20).showing("country", "countries") == "0 countries"
    assert page_of([], 3, 20).count == 1


def test_a_frame_is_paged_by_position_whatever_its_index():
    frame = pd.DataFrame({"title": QUOTES}, index=range(1000, 1412))
    page = page_of(frame, 1, 50)
    assert page.rows["title"].tolist() == QUOTES[50:100]
    assert page.showing("article") == "Showing 51–100 of 412 articles"


def test_a_page_holds_at_least_one_row():
    with pytest.raises(ValueError, match="at least one row"):
        page_of(QUOTES, 0, 0)


def test_search_keeps_rows_with_every_word_in_any_column_before_paging():
    frame = pd.DataFrame(
        {
            "title": ["Rescue in the port", "Arrests at the border", None],
            "publisher": ["Coast Herald", "Border Post", "Port News"],
        }
    )
    found = search_rows(frame, "PORT rescue", ["title", "publisher"])
    assert found["publisher"].tolist() == ["Coast Herald"]
    assert search_rows(frame, "port", ["title", "publisher"])["publisher"].tolist() == [
        "Coast Herald",
        "Port News",
    ]
    assert search_rows(frame, "  ", ["title"]).equals(frame)
    assert page_of(search_rows(frame, "border", ["title"]), 0, 1).showing("article") == "1 article"
