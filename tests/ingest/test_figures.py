"""figures.py on the seeds (figures checked by reading each seed) and invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.figures import find_figures
from ingest.model import METRICS, QUALIFIERS
from ingest.read import read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt"))).text


def claims(text: str) -> set[tuple[str, int | None, str, str]]:
    return {(f.metric, f.value, f.qualifier, f.surface) for f in find_figures(text)}


def values(text: str) -> set[tuple[str, int | None, str]]:
    return {(f.metric, f.value, f.qualifier) for f in find_figures(text)}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_figure_is_well_formed_and_its_surface_is_its_span(prefix):
    text = seed(prefix)
    figures = find_figures(text)
    assert figures
    for figure in figures:
        assert text[figure.start : figure.end] == figure.surface
        assert figure.metric in METRICS
        assert figure.qualifier in QUALIFIERS
        assert figure.operation is None
        assert figure.value is not None or figure.qualifier == "approx"
    assert [f.start for f in figures] == sorted(f.start for f in figures)


def test_seed_000_vague_estimated_words_and_countries():
    assert claims(seed("000")) == {
        ("victims_rescued", 350, "exact", "350 Victims"),
        ("victims_rescued", None, "approx", "Hundreds of suspected victims"),
        ("countries_involved", 13, "exact", "13 Latin American countries"),
        ("victims_rescued", 350, "approx", "an estimated 350 people"),
        ("arrests", 22, "exact", "Twenty-two people"),
    }  # and not the "30 months of preparation"


def test_seed_001_governing_nouns_and_number_words():
    found = values(seed("001"))
    assert found == {
        ("victims_rescued", 350, "exact"),
        ("arrests", 22, "exact"),
        ("countries_involved", 13, "exact"),
    }  # not the "two-year investigation", not the G7


def test_seed_002_more_than_is_at_least_and_the_date_range_is_not_a_figure():
    assert values(seed("002")) == {
        ("victims_rescued", 350, "exact"),
        ("arrests", 22, "exact"),
        ("officers_involved", 500, "at_least"),
    }  # not "April 3 and 9", not the "two-and-a-half year project"


def test_seed_003_table_rows_vague_hundreds_and_no_share_counters():
    text = seed("003")
    found = claims(text)
    assert {
        ("victims_rescued", 250, "at_least", "Victims Rescued 250+"),
        ("arrests", 100, "at_least", "Traffickers Arrested 100+"),
        ("countries_involved", 5, "exact", "Countries Involved 5"),
        ("investigations_opened", 20, "at_least", "Ongoing Investigations 20+"),
        ("arrests", 100, "at_least", "more than 100 traffickers"),
        ("victims_rescued", None, "approx", "hundreds of victims"),
    } <= found
    assert {value for _, value, _, _ in found} == {None, 250, 100, 5, 20}  # not 300 or 1.9k


def test_seed_004_comma_space_thousands_and_charged():
    assert values(seed("004")) == {
        ("arrests", 2517, "exact"),
        ("victims_rescued", 3222, "exact"),
        ("countries_involved", 116, "exact"),
        ("migrants_identified", 17793, "exact"),
        ("charged", 850, "exact"),
    }  # not Article 5 or Article 7, not the dates, not "CC BY-SA 3.0"
    assert ("migrants_identified", 17793, "exact", "17, 793 migrants") in claims(seed("004"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Police freed 1,204 victims and arrested 57 suspects in Operation Global Chain.",
            {
                ("victims_rescued", 1204, "exact", "1,204 victims"),
                ("arrests", 57, "exact", "57 suspects"),
            },
        ),
        (
            "Nearly 2,000 flights were monitored and over 120,000 checks conducted.",
            {
                ("flights_monitored", 2000, "approx", "Nearly 2,000 flights"),
                ("checks_conducted", 120000, "at_least", "over 120,000 checks"),
            },
        ),
        (
            "Officers dismantled 14 criminal groups and carried out 2,345 inspections.",
            {
                ("groups_dismantled", 14, "exact", "14 criminal groups"),
                ("inspections", 2345, "exact", "2,345 inspections"),
            },
        ),
        (
            "At least 40 investigations were opened and 97 people were charged.",
            {
                ("investigations_opened", 40, "at_least", "At least 40 investigations"),
                ("charged", 97, "exact", "97 people"),
            },
        ),
        (
            "Authorities identified upwards of 700 migrants; dozens of arrests followed.",
            {
                ("migrants_identified", 700, "at_least", "upwards of 700 migrants"),
                ("arrests", None, "approx", "dozens of arrests"),
            },
        ),
        (
            "Some 4,000 police officers from 38 countries took part.",
            {
                ("officers_involved", 4000, "approx", "Some 4,000 police officers"),
                ("countries_involved", 38, "exact", "38 countries"),
            },
        ),
        (
            "The raids saved 1.2 million people, roughly two dozen of them children.",
            {("victims_rescued", 1_200_000, "exact", "1.2 million people")},
        ),
        (
            "Thirteen suspects were detained and three hundred women were rescued.",
            {
                ("arrests", 13, "exact", "Thirteen suspects"),
                ("victims_rescued", 300, "exact", "three hundred women"),
            },
        ),
        (
            "Thousands of migrants were checked at 12 border posts.",
            {("migrants_identified", None, "approx", "Thousands of migrants")},
        ),
        (
            "Officials said 75 or more victims were released.",
            {("victims_rescued", 75, "at_least", "75 or more victims")},
        ),
    ],
)
def test_unseen_sentences(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The inquiry took 18 months and a two-year investigation followed.",
        "Article 5 of the Charter and Section 12 apply to 2019 cases.",
        "A 15-year-old girl and a man aged 34 were among those helped.",
        "Call +44 20 7946 0958 or (555) 123-4567 to report trafficking.",
        "The raids ran from 3 to 9 April 2018 and on May 12.",
        "About 45% of victims were women, and the project cost $2 million.",
        "The 3rd phase of the project began in 2021.",
        "Twenty of the suspects were later released on bail by a court in 2020.",
        "Many victims and several officers spoke to reporters.",
        "The agency serves police in its 190 member countries and 12 member states.",
        "Of the victims rescued, nine were teenagers.",
    ],
)
def test_not_figures(sentence):
    assert find_figures(sentence) == []


def test_share_counters_and_calendars_are_boilerplate():
    text = "Raids free victims\n\n300\nSHARES\n1.9k\nVIEWS\n\nPolice rescued 80 people.\n\n"
    text += "December 2025\nM T W T F S S\n1234567\n891011121314\n"
    assert values(text) == {("victims_rescued", 80, "exact")}


def test_offsets_point_into_the_full_text():
    text = "Headline here\n\nIn March, police arrested 57 suspects."
    (figure,) = find_figures(text)
    assert (figure.start, figure.end) == (text.index("57"), text.index("57") + len("57 suspects"))


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Police rescued two dozen victims.", 24),
        ("Police rescued a dozen victims.", 12),
        ("Police rescued forty-one victims.", 41),
        ("Police rescued one hundred and five victims.", 105),
        ("Police rescued 3 million victims.", 3_000_000),
    ],
)
def test_number_words_and_multipliers(sentence, value):
    assert values(sentence) == {("victims_rescued", value, "exact")}


def test_a_subset_of_a_figure_is_not_a_second_claim():
    text = "More than 400 victims, including 85 children, were rescued; among them 12 infants."
    assert [(f.metric, f.value, f.qualifier) for f in find_figures(text)] == [
        ("victims_rescued", 400, "at_least")
    ]


def test_thousands_of_amounts_in_one_sentence_are_all_found():
    """Hostile text: thousands of amounts in one sentence must not be compared pairwise."""
    line = (
        " ".join(f"police arrested {i} suspects and" for i in range(2, 4002)) + " freed 5 victims."
    )
    figures = find_figures(line)
    assert len(figures) == 4001


def test_a_number_that_counts_something_else_is_not_the_verbs_figure():
    """In "rescued ... in three raids" the number counts raids; "40 Bolivians" counts people."""
    assert claims("Another 21 were rescued in Ecuador, in three raids.") == {
        ("victims_rescued", 21, "exact", "21")
    }
    assert claims("Officers rescued 40 Bolivians in two swoops.") == {
        ("victims_rescued", 40, "exact", "40")
    }


def test_numbers_after_an_of_the_lead_are_parts_of_a_figure_already_given():
    """Parts are left out, except the part that was charged: that is the `charged` figure."""
    assert claims("Of the 30 arrested, eight were later charged.") == {
        ("arrests", 30, "exact", "30 arrested"),
        ("charged", 8, "exact", "eight"),
    }
    assert values("Among those detained, 12 were minors while 30 others were charged.") == {
        ("charged", 30, "exact")
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Police arrested 310 people, 95 of whom were charged with trafficking.",
            {("arrests", 310, "exact"), ("charged", 95, "exact")},
        ),
        (
            "Of those, 40 were charged: 25 for trafficking and 15 for smuggling.",
            {("charged", 40, "exact"), ("charged", 25, "exact"), ("charged", 15, "exact")},
        ),
        (
            "In total, 61 arrests were made for human trafficking and 20 for drug offences.",
            {("charged", 61, "exact")},
        ),
        (
            "Police arrested 80 people for human trafficking or other offences.",
            {("arrests", 80, "exact")},
        ),
        ("Nine people were arrested on charges of migrant smuggling.", {("charged", 9, "exact")}),
        (
            "At least 15 suspected ringleaders have been arrested and charged with trafficking.",
            {("arrests", 15, "at_least"), ("charged", 15, "at_least")},
        ),
    ],
    ids=["of-whom", "charge-breakdown", "arrests-for", "or-other", "on-charges", "and-charged"],
)
def test_arrests_on_trafficking_charges_are_charged(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Some 90 people suspected of belonging to smuggling networks have been arrested.",
            {("arrests", 90, "approx")},
        ),
        (
            "Nearly 140 people involved in the trafficking of women and children were detained.",
            {("arrests", 140, "approx")},
        ),
        (
            "More than 600 human traffickers and migrant smugglers have been arrested.",
            {("arrests", 600, "at_least")},
        ),
        (
            "The operation involved some 9,000 police, gendarmes and border officers.",
            {("officers_involved", 9000, "approx")},
        ),
        (
            "Officers ran checks on 2.3 million travellers.",
            {("checks_conducted", 2_300_000, "exact")},
        ),
        ("More than 300 detainees were held.", {("arrests", 300, "at_least")}),
        ("Police freed 33 child slaves from farms.", {("victims_rescued", 33, "exact")}),
        ("Officers assisted 41 trafficked persons.", {("victims_rescued", 41, "exact")}),
        (
            "The raids freed 210 victims of trafficking and 1,500 victims of migrant smuggling.",
            {("victims_rescued", 210, "exact"), ("migrants_identified", 1500, "exact")},
        ),
        (
            "Authorities in the nine countries rescued 70 victims.",
            {("countries_involved", 9, "exact"), ("victims_rescued", 70, "exact")},
        ),
        ("There were 14 arrests, nine in Portugal and five in Italy.", {("arrests", 14, "exact")}),
    ],
    ids=[
        "suspected-of",
        "involved-in",
        "noun-list",
        "officer-list",
        "checks-on",
        "detainees",
        "child-slaves",
        "assisted",
        "smuggling-victims",
        "the-nine-countries",
        "total-heads-its-parts",
    ],
)
def test_nominal_and_modified_shapes(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "A total of 64 women and nine men were rescued.",
        "Police rescued 40 girls, 12 boys and three women.",
        "Officers arrested nine suspects in Ghana, including a pastor, and six in Togo.",
        "At least 20 suspects were detained in Peru, 31 victims freed and 8 arrested in Chile.",
        "The network was behind the sexual exploitation of 19 victims.",
        "A man accused of the abuse of four girls has been arrested.",
        "The suspects, aged between 19 and 64, were arrested.",
    ],
    ids=[
        "sex-breakdown",
        "age-breakdown",
        "two-places",
        "three-places",
        "harm",
        "harm-singular",
        "aged-between",
    ],
)
def test_parts_and_the_victims_of_one_case_are_not_figures(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Of the 64 victims rescued, 40 are of Nepali nationality, 12 are Indian and 9 Thai.",
        "Analysts shared leads with colleagues in four neighbouring countries.",
        "Officers worked with police in three transit countries.",
        "One victim, a 16-year-old girl, told officers she had been beaten.",
    ],
)
def test_parts_neighbours_and_single_people_are_not_figures(sentence):
    assert [f.value for f in find_figures(sentence)] in ([], [64])


@pytest.mark.parametrize(
    "sentence",
    [
        "Correction: an earlier version of this article misstated the number of arrests as 553.",
        "The people freed came from at least 20 countries.",
        "Boats crossed between the two countries every night.",
        "Around 260 of those freed were under 18.",
    ],
    ids=["correction-note", "countries-of-origin", "the-two-countries", "age-limit"],
)
def test_numbers_that_are_not_claims_about_the_operation(sentence):
    assert find_figures(sentence) == []


def test_a_verb_after_a_comma_starts_a_new_clause_and_inspections_count_any_site():
    sentence = "Officers rescued 312 children, arrested 89 suspects and inspected 1,150 sites."
    assert values(sentence) == {
        ("victims_rescued", 312, "exact"),
        ("arrests", 89, "exact"),
        ("inspections", 1150, "exact"),
    }
    assert values("Police detained upward of 2,500 suspects.") == {("arrests", 2500, "at_least")}
    assert values("More than 300 children were removed from mines.") == {
        ("victims_rescued", 300, "at_least")
    }


def test_a_markdown_tables_total_row_gives_the_figures_and_country_rows_do_not():
    text = (
        "Results by country:\n\n"
        "| Country | Victims rescued | Arrests |\n|---|---|---|\n"
        "| Senegal | 112 | 19 |\n| Mali | 87 | 11 |\n| **Total** | **199** | **30+** |\n"
    )
    assert claims(text) == {
        ("victims_rescued", 199, "exact", "199"),
        ("arrests", 30, "at_least", "30+"),
    }


def test_a_world_statistic_and_a_noun_before_it_make_no_figure():
    sentence = (
        "But 2,517 arrests say nothing about the 27.6 million people in forced labour worldwide."
    )
    assert values(sentence) == {("arrests", 2517, "exact")}
    assert values("Police made 300 arrests in a worldwide operation.") == {
        ("arrests", 300, "exact")
    }


def test_a_bullet_with_the_verb_after_the_noun():
    assert values("- 1,180 vessels inspected") == {("inspections", 1180, "exact")}


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Officers rescued 41 victims.", "figure.counted-noun"),
        ("The raids led to the arrest of 19 people.", "figure.governing-noun"),
        ("Some 60 people were freed.", "figure.predicate"),
        ("Police arrested 12 people and charged them with trafficking.", "figure.verb-before"),
        ("Nine people were arrested and charged with trafficking.", "figure.arrested-and-charged"),
    ],
    ids=["noun", "governing-noun", "predicate", "verb-before", "arrested-and-charged"],
)
def test_each_figure_names_the_rule_that_read_it(sentence, rule):
    assert {figure.rule for figure in find_figures(sentence)} == {rule}


def test_the_doc_is_read_and_surfaces_are_the_text_as_given():
    """A Doc and its text give the same figures; spacing is read as the Doc normalises it."""
    from ingest.doc import Doc

    text = "Police rescued 27\u00a0000\u00a0victims in the raids."
    assert claims(text) == {("victims_rescued", 27000, "exact", "27\u00a0000\u00a0victims")}
    assert find_figures(Doc.of(text)) == find_figures(text)


def test_one_long_line_of_sentences_gives_every_sentences_figure():
    """Pasted text without line breaks: every sentence is still read on its own."""
    sentence = "Officers in the region freed 41 victims and detained 12 suspects on Monday. "
    figures = find_figures(sentence * 5000)
    assert [f.value for f in figures] == [41, 12] * 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Au total, 40 personnes ont été arrêtées.", {("arrests", 40, "exact")}),
        ("Plus de 40 victimes ont été libérées.", {("victims_rescued", 40, "at_least")}),
        ("Cerca de 40 personas fueron rescatadas.", {("victims_rescued", 40, "approx")}),
    ],
)
def test_a_verb_with_accented_letters_after_the_counted_people_gives_the_metric(text, expected):
    assert values(text) == expected
