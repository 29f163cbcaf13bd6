"""Country roles from the sentence around each mention, on sentences no seed contains."""

from __future__ import annotations

import pytest

from ingest.countries import load_cues
from ingest.extract import extract_text


def roles(text: str) -> dict[str, list[str]]:
    return extract_text(text).countries()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Operation Sentinel was coordinated from the operational centre in Singapore "
            "and funded by the German government.",
            {"SGP": ["coordinator"], "DEU": ["funder"]},
        ),
        (
            "Police in Thailand and Cambodia found Vietnamese and Indonesian nationals "
            "forced to work in scam centres.",
            {"THA": ["participant"], "KHM": ["participant"], "VNM": ["origin"], "IDN": ["origin"]},
        ),
        (
            "Spanish and Brazilian authorities conducted 4,500 inspections of farms.",
            {"ESP": ["participant"], "BRA": ["participant"]},
        ),
        (
            "The raids, backed by Japan, took place in Kenya, Uganda as well as Tanzania.",
            {
                "JPN": ["supporter"],
                "KEN": ["participant"],
                "UGA": ["participant"],
                "TZA": ["participant"],
            },
        ),
        (
            "Most victims were nationals of Nepal, said the office (UNODC) in Austria.",
            {"NPL": ["origin"], "AUT": ["mentioned"]},
        ),
        (
            "A spokesperson for Global Affairs Canada welcomed the rescue of victims.",
            {"CAN": ["mentioned"]},
        ),
        (
            "Directed from Barbados, the operation also covered Jamaica.",
            {"BRB": ["coordinator"], "JAM": ["mentioned"]},
        ),
    ],
    ids=[
        "coordinator-funder",
        "lists-and-origin",
        "acting-authorities",
        "supporter-list",
        "origin-and-office",
        "organisation-name",
        "cue-does-not-cross-a-clause",
    ],
)
def test_roles_on_unseen_sentences(sentence, expected):
    assert roles(sentence) == expected


def test_a_country_with_another_role_is_not_also_mentioned():
    text = "Caracas, May 2 -- Raids took place in Venezuela, police said."
    assert roles(text) == {"VEN": ["participant"]}


def test_every_cue_row_compiles_and_names_a_known_role():
    cues = load_cues()
    assert len(cues) > 50
    assert {cue.role for cue in cues} <= {
        "participant",
        "coordinator",
        "funder",
        "supporter",
        "mentioned",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The sweep involved officers from Belize, Honduras and Panama.",
            {"BLZ": ["participant"], "HND": ["participant"], "PAN": ["participant"]},
        ),
        (
            "Police in Kenya and Uganda took part, alongside colleagues in Rwanda.",
            {"KEN": ["participant"], "UGA": ["participant"], "RWA": ["participant"]},
        ),
        (
            "The desk sat in Lisbon, where the Portuguese authorities hosted the operational "
            "centre.",
            {"PRT": ["coordinator"]},
        ),
        ("Prosecutors in Zambia have opened 4 investigations.", {"ZMB": ["participant"]}),
    ],
    ids=["officers-from", "took-part", "hosted-centre", "investigations"],
)
def test_more_ways_of_saying_a_country_took_part(text, expected):
    assert roles(text) == expected


def test_a_list_under_a_heading_takes_the_headings_role():
    text = (
        "Countries taking part:\n\n"
        "Malawi, Mozambique and Zimbabwe.\n\n"
        "Participating countries:\n- Angola\n- Namibia\n\n"
        "Key results:\n- Botswana hosted a meeting\n\n"
        "She said:\n\nLesotho is a mountain kingdom.\n"
    )
    assert roles(text) == {
        "MWI": ["participant"],
        "MOZ": ["participant"],
        "ZWE": ["participant"],
        "AGO": ["participant"],
        "NAM": ["participant"],
        "BWA": ["mentioned"],
        "LSO": ["mentioned"],
    }


def test_a_quoted_persons_name_is_not_a_country_but_the_country_still_is():
    text = (
        "Kenya Morgan, a prosecutor, met the survivors. “They had nothing,” said Kenya Morgan.\n\n"
        "“We will go on,” Morgan said. Paul Chad, an analyst, said: “Money moves first.”\n\n"
        "“It always does,” Chad said. Officers in Chad and Kenya arrested 12 suspects.\n"
    )
    assert roles(text) == {"TCD": ["participant"], "KEN": ["participant"]}
    surfaces = [mention.surface for mention in extract_text(text).mentions]
    assert surfaces == ["Chad", "Kenya"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officers found a 16-year-old boy from the Gambia in a hostel.", {"GMB": ["origin"]}),
        (
            "Most came from Nepal, and two were originally from Bhutan.",
            {"NPL": ["origin"], "BTN": ["origin"]},
        ),
        (
            "Most of the workers freed in Qatar were Ugandan.",
            {"QAT": ["participant"], "UGA": ["origin"]},
        ),
        (
            "Five Filipinos and two Indonesians were charged.",
            {"PHL": ["origin"], "IDN": ["origin"]},
        ),
        ("A Moldovan couple ran the flat.", {"MDA": ["origin"]}),
        ("The raids were directed from Ghana.", {"GHA": ["coordinator"]}),
        ("The operation was Kenyan-led.", {"KEN": ["mentioned"]}),
        ("The lead agency was Kenyan police, who raided 3 farms.", {"KEN": ["participant"]}),
    ],
    ids=[
        "boy-from",
        "came-from",
        "were-demonym",
        "plural-demonym",
        "couple",
        "directed-from",
        "led",
        "were-police",
    ],
)
def test_where_people_come_from(text, expected):
    assert roles(text) == expected


def test_a_long_list_before_took_part_is_all_taking_part():
    names = (
        "Austria, Belgium, Bulgaria, Croatia, Cyprus, Czechia, Estonia, Finland, France, "
        "Germany, Greece, Hungary, Ireland, Italy, Latvia and Lithuania"
    )
    roles_found = roles(f"Law enforcement authorities from {names} took part.")
    assert len(roles_found) == 16
    assert set(map(tuple, roles_found.values())) == {("participant",)}


def test_a_demonym_after_were_and_before_a_comma_is_the_victims_origin():
    text = "Many of the women rescued in Ecuador were Venezuelan, investigators said."
    assert roles(text) == {"ECU": ["participant"], "VEN": ["origin"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The police forces of Malawi and Zambia carried out the operation.",
            {"MWI": ["participant"], "ZMB": ["participant"]},
        ),
        ("The operation received financing from the Government of Norway.", {"NOR": ["funder"]}),
        (
            "Danish and Dutch experts provided technical advice.",
            {"DNK": ["supporter"], "NLD": ["supporter"]},
        ),
        ("The coordination unit sat in Accra.", {"GHA": ["coordinator"]}),
        ("In Liberia, 58 children were removed from rubber farms.", {"LBR": ["participant"]}),
        ("Police found 600 migrants, most of them from Haiti.", {"HTI": ["origin"]}),
        (
            "Austrian police, the Hellenic Coast Guard and Maltese immigration officers "
            "all took part.",
            {"AUT": ["participant"], "GRC": ["participant"], "MLT": ["participant"]},
        ),
        ("The Peruvian National Police participated in the raids.", {"PER": ["participant"]}),
        ("The Jamaica Observer took part in a panel.", {"JAM": ["mentioned"]}),
    ],
    ids=[
        "forces-of",
        "financing",
        "technical-advice",
        "coordination-unit",
        "removed",
        "most-of-them-from",
        "forces-in-a-list",
        "national-police",
        "outlet-name",
    ],
)
def test_what_forces_funders_and_advisers_did(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The operation brought together Kenyan and Ugandan police, along with labour "
            "inspectors from Zambia.",
            {"KEN": ["participant"], "UGA": ["participant"], "ZMB": ["participant"]},
        ),
        (
            "Officers took part in Fiji, Samoa and Tonga.",
            {"FJI": ["participant"], "WSM": ["participant"], "TON": ["participant"]},
        ),
        ("The command centre for the operation was in Belize.", {"BLZ": ["coordinator"]}),
        ("It was financed through a Swedish grant.", {"SWE": ["funder"]}),
        ("Funding for the sweep came from the Government of Ireland.", {"IRL": ["funder"]}),
        (
            "Iceland and Malta lent specialist investigators.",
            {"ISL": ["supporter"], "MLT": ["supporter"]},
        ),
        ("Many of those found were Myanmar nationals.", {"MMR": ["origin"]}),
        (
            "It ran with the support of Interpol command centers in Peru and Chile.",
            {"PER": ["supporter"], "CHL": ["supporter"]},
        ),
    ],
    ids=[
        "forces-without-an-event",
        "took-part-in",
        "command-centre-was-in",
        "financed-through",
        "funding-came-from",
        "lent",
        "name-nationals",
        "cue-words-end-at-a-word",
    ],
)
def test_further_wordings_of_roles(text, expected):
    assert roles(text) == expected


def test_money_that_came_from_somewhere_is_not_an_origin():
    text = "The money came from the European Union, and Portugal lent two investigators."
    assert roles(text) == {"PRT": ["supporter"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The operation took place in four countries: Peru, Bolivia and the Gambia.",
            {"PER": ["participant"], "BOL": ["participant"], "GMB": ["participant"]},
        ),
        (
            "Victims had accepted offers of work in Oman and Qatar before police rescued them.",
            {"OMN": ["mentioned"], "QAT": ["mentioned"]},
        ),
        (
            "Participating countries:\n- In Jordan, inspectors identified 38 workers from "
            "Nepal and the Philippines.\n- Togo, Benin\n",
            {
                "JOR": ["participant"],
                "NPL": ["origin"],
                "PHL": ["origin"],
                "TGO": ["participant"],
                "BEN": ["participant"],
            },
        ),
    ],
    ids=["countries-colon", "work-in-a-destination", "bullet-story-under-a-heading"],
)
def test_lists_destinations_and_bullets(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Operation Red Tide covered Ghana, Togo and Benin.",
            {"GHA": ["participant"], "TGO": ["participant"], "BEN": ["participant"]},
        ),
        ("Operation Red Tide covered Ghana.", {"GHA": ["mentioned"]}),
        (
            "The report covered Ghana, Togo and Benin.",
            {"GHA": ["mentioned"], "TGO": ["mentioned"], "BEN": ["mentioned"]},
        ),
        (
            "During the operation, officers checked cars stolen from countries including "
            "Japan, Malaysia and Britain.",
            {"JPN": ["mentioned"], "MYS": ["mentioned"], "GBR": ["mentioned"]},
        ),
        (
            "Operation Red Tide broke up a ring that moved migrants from Ecuador to Panama "
            "via Colombia and Costa Rica.",
            {
                "ECU": ["mentioned"],
                "PAN": ["mentioned"],
                "COL": ["mentioned"],
                "CRI": ["mentioned"],
            },
        ),
        (
            "The network moved people along the northern route (Bosnia, Croatia and "
            "Slovenia) during the operation.",
            {"BIH": ["mentioned"], "HRV": ["mentioned"], "SVN": ["mentioned"]},
        ),
    ],
    ids=[
        "list-of-three-takes-part",
        "one-country-is-not-a-list",
        "no-operation-no-default",
        "stolen-from-countries",
        "from-to-via-route",
        "route-in-parentheses",
    ],
)
def test_lists_in_an_operation_article_take_part_unless_a_route(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The participating countries were Peru, Chile and Bolivia, which led the operation.",
            {"PER": ["participant"], "CHL": ["participant"], "BOL": ["coordinator"]},
        ),
        (
            "In the sweep, Colombia dismantled two networks and Peru's police also arrested "
            "12 suspects.",
            {"COL": ["participant"], "PER": ["participant"]},
        ),
        ("Zambian law enforcement intercepted a truck.", {"ZMB": ["participant"]}),
        ("The operation was co-chaired by Fiji and Samoa.", {"FJI": ["coordinator"],
                                                              "WSM": ["coordinator"]}),
        (
            "The Qatari Ministry of Interior hosted two operation rooms for the sweep.",
            {"QAT": ["coordinator"]},
        ),
        ("The Norwegian Foreign Ministry funded the programme.", {"NOR": ["funder"]}),
        (
            "Sweden, Denmark and the European Union assisted in funding the operation.",
            {"SWE": ["funder"], "DNK": ["funder"]},
        ),
        (
            "Law enforcement authorities from nine member states as well as Norway took part.",
            {"NOR": ["participant"]},
        ),
        ("Portugal was one of the countries involved.", {"PRT": ["participant"]}),
    ],
    ids=[
        "which-binds-to-the-last",
        "country-as-subject",
        "law-enforcement",
        "co-chaired",
        "operation-rooms-plural",
        "funded-the",
        "in-funding",
        "authorities-from",
        "one-of-the-countries",
    ],
)
def test_subjects_relative_clauses_and_new_cues(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The crews, from Laos and Vietnam, were freed.", {"LAO": ["origin"], "VNM": ["origin"]}),
        (
            "Police detained 40 migrants from Asia (Nepal, Bangladesh) and Africa (Ghana).",
            {"NPL": ["origin"], "BGD": ["origin"], "GHA": ["origin"]},
        ),
        (
            "The suspects were of Albanian and Serbian origin.",
            {"ALB": ["origin"], "SRB": ["origin"]},
        ),
        (
            "Officers freed 31 women, mainly Nigerian and Ghanaian.",
            {"NGA": ["origin"], "GHA": ["origin"]},
        ),
    ],
    ids=["crews-from", "regions-with-countries-in-parentheses", "of-origin", "mainly"],
)
def test_more_ways_of_saying_where_people_come_from(text, expected):
    assert roles(text) == expected


def test_a_list_continues_after_a_comma_and_as_well_as_and_inside_a_route():
    text = (
        "Operation Red Tide found victims from Africa and Asia, as well as Europe "
        "(Balkans and Moldova). They travelled via the eastern route (the former "
        "Yugoslav Republic of Macedonia, Serbia and Hungary)."
    )
    found = roles(text)
    assert found["MDA"] == ["origin"]
    assert [found[iso] for iso in ("MKD", "SRB", "HUN")] == [["mentioned"]] * 3


def test_a_total_with_one_countrys_share_after_of_whom_stays_the_total():
    text = (
        "Operation Red Tide led to the arrest of 140 people, of whom 9 were held in Peru."
    )
    figures = {(f.metric, f.value) for f in extract_text(text).figures}
    assert ("arrests", 140) in figures
