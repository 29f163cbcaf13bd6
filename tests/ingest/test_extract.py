"""extract.py: how facts are tied to operations when an article names more than one.

The article is invented, in the usual shape of a news report: the current operation in
the lede, an earlier phase recalled in one paragraph, then more about the current one.
"""

from __future__ import annotations

import textwrap

from ingest.extract import extract_text

TWO_PHASES = """\
Published: 12 May 2025

Police in the Andes rescued 140 people and arrested 38 suspects during Operation Condor \
Gate II, an INTERPOL-coordinated action carried out from 21 to 30 April 2025.

It follows Operation Condor Gate, the first phase, which ran in 2023 and led to the rescue \
of 62 victims and 15 arrests.

In the second phase, 19 people were charged and prosecutors opened 7 investigations.

“We followed the money this time,” said Lucia Ferraz, a senior analyst at INTERPOL.
"""


def test_facts_after_a_paragraph_about_an_earlier_phase_go_back_to_the_main_operation():
    facts = extract_text(TWO_PHASES)
    assert [op.name for op in facts.operations] == ["Condor Gate II", "Condor Gate"]
    by_metric = {(f.metric, f.value): f.operation for f in facts.figures}
    assert by_metric[("victims_rescued", 140)] == "Condor Gate II"
    assert by_metric[("victims_rescued", 62)] == "Condor Gate", "same paragraph as its name"
    assert by_metric[("arrests", 15)] == "Condor Gate"
    assert by_metric[("charged", 19)] == "Condor Gate II"
    assert by_metric[("investigations_opened", 7)] == "Condor Gate II"
    assert [quote.operation for quote in facts.quotes] == ["Condor Gate II"]


def test_the_operation_named_most_often_is_the_main_one_even_if_named_second():
    text = (
        "Operation Harbour Light ended in 2021.\n\n"
        "Operation Sea Lantern ran from 3 to 9 June 2024. Operation Sea Lantern freed 55 "
        "victims. Operation Sea Lantern was the largest yet.\n\n"
        "Unlike Operation Harbour Light, it used drones.\n\n"
        "Another 12 suspects were arrested at the ports.\n"
    )
    facts = extract_text(text)
    assert [op.name for op in facts.operations] == ["Harbour Light", "Sea Lantern"]
    assert {(f.metric, f.value): f.operation for f in facts.figures}[("arrests", 12)] == (
        "Sea Lantern"
    )


def test_a_figure_of_an_earlier_phase_named_without_the_word_operation_is_not_the_current_ones():
    text = (
        "Published: 20 May 2025\n\n"
        "Police freed 900 people during Operation Sierra Wind III, which ran from 4 to 11 May "
        "2025.\n\n"
        "It comes a year after Sierra Wind II, which freed about 500 people.\n"
    )
    figures = {(f.value, f.operation) for f in extract_text(text).figures}
    assert figures == {(900, "Sierra Wind III"), (500, "Sierra Wind II")}


def test_one_countrys_share_is_not_a_figure_of_the_operation():
    text = (
        "Published: 2 March 2025\n\n"
        "Operation Blue Harbour freed 1,300 victims and led to 410 arrests in 31 countries.\n\n"
        "In Senegal, police freed 47 boys forced to work on fishing boats. A further 12 "
        "people were rescued in Mali. In total, 200 were rescued in Niger.\n"
    )
    figures = {(f.metric, f.value) for f in extract_text(text).figures}
    assert figures == {
        ("victims_rescued", 1300),
        ("arrests", 410),
        ("countries_involved", 31),
        ("victims_rescued", 200),
    }


def test_a_national_count_stays_national_when_it_names_the_victims_nationality_or_a_border():
    text = (
        "Published: 2 March 2025\n\n"
        "Operation Blue Tide freed 900 victims in 30 countries.\n\n"
        "Spanish authorities identified 40 victims, most of them Paraguayan women.\n\n"
        "Police in Moldova arrested 11 people from Ukraine.\n\n"
        "In Guatemala, police freed 63 people near the Mexican border.\n\n"
        "In Peru, officers rescued 38 women in the Madre de Dios region.\n"
    )
    figures = {(f.metric, f.value) for f in extract_text(text).figures}
    assert figures == {("victims_rescued", 900), ("countries_involved", 30)}


def test_bare_mentions_of_an_earlier_round_do_not_make_it_the_main_operation():
    text = (
        "Published: 3 June 2025\n\n"
        "Operation Baobab IV freed 1,820 children in 14 countries.\n\n"
        "The first round, Operation Baobab, ran in 2018.\n\n"
        "The Baobab series has grown since then. Police also made 355 arrests.\n"
    )
    figures = {(f.metric, f.value): f.operation for f in extract_text(text).figures}
    assert figures[("arrests", 355)] == "Baobab IV"


def test_no_break_and_thin_spaces_read_as_spaces_and_offsets_still_point_into_the_text():
    text = (
        "Published: 8 May 2025\n\n"
        "Police freed 74\u00a0victims and 19\u00a0suspects were arrested during "
        "Operation\u00a0Blue Reef, from 28 April to 4 May 2025, and carried out "
        "2\u202f517 checks.\n"
    )
    facts = extract_text(text)
    assert [(op.name, op.start, op.end) for op in facts.operations] == [
        ("Blue Reef", "2025-04-28", "2025-05-04")
    ]
    assert {(f.metric, f.value) for f in facts.figures} == {
        ("victims_rescued", 74),
        ("arrests", 19),
        ("checks_conducted", 2517),
    }
    assert all(text[f.start : f.end] == f.surface for f in facts.figures)


def test_a_hard_wrapped_article_reads_like_the_same_text_unwrapped():
    body = (
        "Police and immigration officers in 12 Caribbean countries carried out 2,517 checks "
        "during Operation Blue Reef, which ran from 28 April to 4 May 2025. Officers from "
        "Barbados, Dominica, Grenada, Guyana, Haiti and Trinidad and Tobago took part. "
        "“We are a region of small islands, and traffickers think that means small police "
        "forces,” said Assistant Commissioner Marlon Whyte, who led the command centre. In "
        "all, 74 victims were rescued and 19 suspects were arrested across the region."
    )
    wrapped = "\n".join(textwrap.wrap(body, 68, break_long_words=False))
    wrapped = wrapped.replace("Trinidad and Tobago", "Trinidad and\nTobago")
    flat, broken = (
        extract_text("Published: 8 May 2025\n\n" + body + "\n"),
        extract_text("Published: 8 May 2025\n\n" + wrapped + "\n"),
    )
    assert broken.countries() == flat.countries()
    assert {(f.metric, f.value) for f in broken.figures} == {
        (f.metric, f.value) for f in flat.figures
    }
    assert [(q.speaker, q.speaker_title) for q in broken.quotes] == [
        ("Marlon Whyte", "Assistant Commissioner")
    ]
    assert [op.name for op in broken.operations] == ["Blue Reef"]


def test_the_first_operation_of_a_series_is_named_by_the_word_operation_after_it():
    text = (
        "Published: 9 October 2024\n\n"
        "Operation Liberterra II freed 3,222 victims in 116 countries.\n\n"
        "The scale dwarfs the first Liberterra operation, held in October 2023 across 54 "
        "countries. That week produced 219 arrests.\n\n"
        "In Argentina, one of the countries that took part in Liberterra II, prosecutors "
        "secured convictions against 31 people arrested in raids.\n"
    )
    facts = extract_text(text)
    assert [op.name for op in facts.operations] == ["Liberterra II", "Liberterra"]
    assert {(f.metric, f.value, f.operation) for f in facts.figures} == {
        ("victims_rescued", 3222, "Liberterra II"),
        ("countries_involved", 116, "Liberterra II"),
        ("countries_involved", 54, "Liberterra"),
        ("arrests", 219, "Liberterra"),
    }


def test_an_article_that_names_no_operation_keeps_its_one_country_figures():
    text = "At least eight suspects have been detained, and prosecutors in Skopje expect more."
    assert [(f.metric, f.value, f.qualifier) for f in extract_text(text).figures] == [
        ("arrests", 8, "at_least")
    ]


def test_an_operations_own_total_is_kept_when_it_says_where_most_of_it_happened():
    text = (
        "Published: 2 June 2025\n\n"
        "Operation Storm Gate II freed 900 people in 6 countries.\n\n"
        "The first Operation Storm Gate, held in October 2023, freed 480 people and led to "
        "91 arrests, most of them on the Thai side of the border.\n\n"
        "In Laos, during Operation Storm Gate II, police freed 40 people.\n"
    )
    figures = {(f.metric, f.value, f.operation) for f in extract_text(text).figures}
    assert figures == {
        ("victims_rescued", 900, "Storm Gate II"),
        ("countries_involved", 6, "Storm Gate II"),
        ("victims_rescued", 480, "Storm Gate"),
        ("arrests", 91, "Storm Gate"),
    }


def test_two_operations_compared_sentence_by_sentence_keep_their_own_figures():
    text = (
        "Published: 1 December 2024\n\n"
        "Operation Libertad ran for a week in April 2018. Operation Liberterra II ran from "
        "29 September to 4 October 2024.\n\n"
        "The gap in rescues is wide. Libertad freed some 350 victims, many of them found near "
        "gold mines in Guyana. Liberterra II rescued 3,222 people, including minors forced to "
        "work on farms in Argentina.\n\n"
        "Marchand said the command centre for Libertad sat in Bridgetown, with the Canadian "
        "government paying for it.\n"
    )
    facts = extract_text(text)
    assert {(f.value, f.operation) for f in facts.figures} == {
        (350, "Libertad"),
        (3222, "Liberterra II"),
    }
    roles = {(m.iso3, m.role, m.operation) for m in facts.mentions}
    assert ("BRB", "coordinator", "Libertad") in roles
    assert ("CAN", "funder", "Libertad") in roles


def test_a_paragraph_about_another_matter_belongs_to_no_operation():
    text = (
        "Published: 5 May 2025\n\n"
        "Operation Black Gold freed 64 workers and led to 19 arrests in 6 countries.\n\n"
        "Separately, in Abuja, immigration officers intercepted 11 women travelling on forged "
        "contracts.\n\n"
        "Police in Peru said 30 more people were rescued, a case that was not linked to the "
        "operation.\n\n"
        "Prosecutors later charged 12 people.\n"
    )
    facts = extract_text(text)
    by_value = {f.value: f.operation for f in facts.figures}
    assert by_value[64] == "Black Gold" and by_value[19] == "Black Gold"
    assert by_value[12] == "Black Gold"
    assert by_value.get(30) is None, "a national count, and not the operation's in any case"
    assert {m.operation for m in facts.mentions if m.iso3 in {"NGA", "PER"}} == {None}


def test_one_countrys_share_is_left_out_of_an_unnamed_multi_country_operation():
    text = (
        "Police from 12 countries took part in a joint action that led to 40 arrests.\n\n"
        "In Peru, 9 women were freed from a bar, and two traffickers were arrested.\n"
    )
    figures = {(f.metric, f.value) for f in extract_text(text).figures}
    assert figures == {("countries_involved", 12), ("arrests", 40)}


def test_a_quote_after_a_said_colon_line_is_sure_and_one_from_a_neighbour_is_not():
    text = (
        "Ana Ruiz, head of the unit, said:\n\n"
        '"We found them in the hold of the ship."\n\n'
        "Ruiz said the ship had sailed from the north. "
        '"Some of them were only six years old and very weak."\n'
    )
    quotes = extract_text(text).quotes
    assert [(q.speaker, q.confidence) for q in quotes] == [
        ("Ana Ruiz", "high"),
        ("Ana Ruiz", "medium"),
    ]


def test_a_link_to_another_story_gives_neither_participants_nor_figures():
    text = (
        "Operation Red Tide freed 90 victims in Togo, Benin Republic and Ghana.\n\n"
        "Read also: Police in Chile arrest 70 suspected fraudsters\n\n"
        "RELATED Kenya frees 12 children from a farm\n"
    )
    facts = extract_text(text)
    assert facts.countries() == {
        "TGO": ["participant"],
        "BEN": ["participant"],
        "GHA": ["participant"],
        "CHL": ["mentioned"],
        "KEN": ["mentioned"],
    }
    assert {(f.metric, f.value) for f in facts.figures} == {("victims_rescued", 90)}


def test_a_speaker_named_thousands_of_characters_back_in_one_long_paragraph_is_a_doubt():
    opening = "Marta Lindqvist of the Coast Guard said the boats came in at dawn. "
    quote = '"We towed every one of them in before the storm," she said.'
    filler = "The boats were counted again at the harbour and the count was the same. " * 60
    close = extract_text(opening + quote).quotes
    far = extract_text(opening + filler + quote).quotes
    assert [(q.speaker, q.confidence) for q in close] == [("Marta Lindqvist", "high")]
    assert [(q.speaker, q.confidence) for q in far] == [("Marta Lindqvist", "medium")]
