"""quotes.py on the seeds (quotes and speakers checked by reading each seed) and invented text.

The invented sentences are written in the styles news articles use, with names, roles
and organisations that appear in no seed, so the rules are tested and not the seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.quotes import find_quotes, load_cues
from ingest.read import read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt"))).text


def said(text: str) -> list[tuple[str, str | None, str]]:
    """(speaker, title, first words) per quote, in order."""
    return [(q.speaker, q.speaker_title, q.text) for q in find_quotes(text)]


def speakers(text: str) -> list[str]:
    return [q.speaker for q in find_quotes(text)]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_quote_is_its_span_without_marks_and_in_order(prefix):
    text = seed(prefix)
    quotes = find_quotes(text)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert text[quote.start - 1] in "\"“‘'"
        assert quote.text == quote.text.strip() and not quote.text.endswith(",")
        assert quote.operation is None
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def test_seed_000_kolcu_twice_perez_and_rozga_with_their_roles():
    quotes = said(seed("000"))
    assert [(speaker, title) for speaker, title, _ in quotes] == [
        ("Cem Kolcu", "Interpol"),
        ("Cem Kolcu", "coordinator of Interpol's trafficking in human beings unit"),
        (
            "Carlos Perez",
            "project coordinator at the United Nations Office on Drugs and Crime"
            " (UNODC) in Colombia",
        ),
        ("Dorothy Rozga", "head of ECPAT International"),
    ]
    assert quotes[0][2].startswith("What traffickers don’t advertise")
    assert quotes[0][2].endswith("once their final destination is reached")
    assert quotes[1][2].endswith("no bigger than coffins, for example")
    assert quotes[3][2].startswith("Most often once trafficked children are rescued")


def test_seed_001_morris_by_role_pronoun_and_surname_but_not_the_human_story_term():
    quotes = said(seed("001"))
    title = "Interpol's Executive Director of Police Services"
    assert quotes == [
        ("Tim Morris", title, "particularly horrific."),
        ("Tim Morris", title, "widespread crime"),
        ("Tim Morris", title, "don't acknowledge they are being exploited."),
        (
            "Tim Morris",
            title,
            "depends on the particular person's circumstance... and often on the country's"
            " resources",
        ),
    ]


def test_seed_002_kolcu_then_he_then_the_agency_is_interpol_and_asian_is_no_quote():
    quotes = said(seed("002"))
    kolcu_title = "coordinator of Interpol's Trafficking in Human Beings Unit"
    assert [(speaker, title) for speaker, title, _ in quotes] == [
        ("Cem Kolcu", kolcu_title),
        ("Cem Kolcu", kolcu_title),
        ("Interpol", None),
    ]
    assert quotes[0][2].startswith("What traffickers don't advertise")
    assert quotes[0][2].endswith("no bigger than coffins, for example")
    assert quotes[1][2].startswith("In Guyana, young women were found")
    assert quotes[2][2].startswith("highlight the need to raise awareness")
    assert all("Asian" != text for _, _, text in quotes)


def test_seed_003_has_no_quotes():
    assert find_quotes(seed("003")) == []


def test_seed_004_interpol_statement_is_an_organisation_quote():
    assert said(seed("004")) == [
        (
            "INTERPOL",
            None,
            "human trafficking and migrant smuggling are increasingly linked to"
            " other forms of crime, often using the same criminal networks and"
            " routes.",
        )
    ]


def test_surname_later_resolves_to_full_name_and_keeps_the_title():
    text = (
        "“We will not stop,” said Maria Lopez-Garcia, head of the national police"
        " anti-trafficking unit. The raids freed 40 people in two days.\n\n"
        "“It is only the beginning,” Lopez-Garcia added."
    )
    assert said(text) == [
        (
            "Maria Lopez-Garcia",
            "head of the national police anti-trafficking unit",
            "We will not stop",
        ),
        (
            "Maria Lopez-Garcia",
            "head of the national police anti-trafficking unit",
            "It is only the beginning",
        ),
    ]


def test_pronoun_is_the_person_named_last_and_each_speaker_keeps_their_quote():
    text = (
        '"The network moved victims through four ports," said Ana Beatriz Souza of Europol.'
        ' "They paid in cash," said Joost van der Berg, a prosecutor in Rotterdam.'
        ' "We traced every transfer," he said.'
    )
    assert said(text) == [
        ("Ana Beatriz Souza", "Europol", "The network moved victims through four ports"),
        ("Joost van der Berg", "prosecutor in Rotterdam", "They paid in cash"),
        ("Joost van der Berg", "prosecutor in Rotterdam", "We traced every transfer"),
    ]


def test_colon_told_and_according_to_attributions():
    text = (
        "Senior inspector Kwame Mensah said: “The girls were kept in a locked compound.”\n\n"
        "Mensah told reporters that the traffickers “moved them every few weeks to avoid"
        " detection.”\n\n"
        "According to Élodie Marchand, “most victims never reach a shelter.”\n\n"
        "“Funding ends before recovery does,” according to Priya Raman."
    )
    assert speakers(text) == ["Kwame Mensah", "Kwame Mensah", "Élodie Marchand", "Priya Raman"]
    assert find_quotes(text)[0].speaker_title == "Senior inspector"


def test_role_before_the_name_is_the_title():
    text = (
        "Europol Executive Director Catherine De Bolle said the operation "
        '"sends a clear signal to criminal networks."'
    )
    assert said(text) == [
        (
            "Catherine De Bolle",
            "Europol Executive Director",
            "sends a clear signal to criminal networks.",
        )
    ]


def test_organisation_speakers_and_references_to_them():
    text = (
        "The International Organization for Migration (IOM) said “the numbers keep rising"
        " every year.” Officers raided 12 sites. The organisation said that “many victims"
        " are afraid to come forward.”\n\n"
        "UNODC warned that “the routes are shifting towards the sea.”"
    )
    assert speakers(text) == [
        "International Organization for Migration",
        "International Organization for Migration",
        "UNODC",
    ]
    assert all(q.speaker_title is None for q in find_quotes(text))


def test_unnamed_police_speaker_is_kept_as_written():
    assert speakers('"The suspects fled before dawn," police said.') == ["police"]


def test_quote_after_a_speaking_sentence_takes_its_speaker():
    text = (
        "Inspector Lena Fischer said the raids were planned for a year. “We knew every"
        " address before we moved.”"
    )
    assert speakers(text) == ["Lena Fischer"]


def test_attribution_only_sentence_after_the_quote():
    text = "Lena Fischer spoke at the summit. “Nobody should have to work like that.” Fischer said."
    assert speakers(text) == ["Lena Fischer"]


def test_a_lone_word_nobody_introduced_is_the_speaker_as_written():
    """It may be an organisation ("Europol said"); a surname is never expanded by guessing."""
    text = "“Nobody should have to work like that.” Fischer said. Later, Lena Fischer spoke."
    assert said(text) == [("Fischer", None, "Nobody should have to work like that.")]
    assert speakers('"The borders are open again," Frontex said.') == ["Frontex"]


@pytest.mark.parametrize(
    "text",
    [
        "Officers found “appalling conditions in the camps” during the raids.",
        "The exercise, dubbed 'Operation Blue Harbour', ran for a week.",
        'The report "Global Report on Trafficking in Persons" was published in May.',
        'Smith said the so-called "lover boy" method is common.',
        'Workers described as "modern slaves" were freed, the ministry said.',
        "“Migrant” workers were freed from a farm.",
        "Police said the “operation” was over.",
        "The victims' families and the traffickers' lawyers met in court.",
        "“We will find you,” he said.",
        "“The trade is growing,” she said.",
    ],
)
def test_not_quotes_or_no_speaker(text):
    assert find_quotes(text) == []


def test_single_marks_only_around_three_or_more_words():
    text = "'Trafficking is a crime against humanity,' said Amina Diallo, a UN special rapporteur."
    assert said(text) == [
        ("Amina Diallo", "UN special rapporteur", "Trafficking is a crime against humanity")
    ]
    assert find_quotes("'Freedom now,' said Amina Diallo.") == []


def test_names_inside_a_quote_are_not_speakers():
    text = (
        "Ana Souza said the raids worked.\n\n"
        "“Interpol said we had two days, and Carlos Mendes said one,” added Souza."
    )
    assert speakers(text) == ["Ana Souza"]


def test_quotes_in_boilerplate_lines_are_ignored():
    text = (
        'Freedom Watch welcomes relevant, informed comments. "Be civil," said the editor.\n'
        "Inline Feedbacks"
    )
    assert find_quotes(text) == []


def test_adjacent_fragments_by_one_speaker_are_separate_quotes():
    text = (
        'Hana Kim, a researcher at Walk Free, said the practice is "deeply entrenched,"'
        ' and that victims "rarely report what happened to them."'
    )
    assert said(text) == [
        ("Hana Kim", "researcher at Walk Free", "deeply entrenched"),
        ("Hana Kim", "researcher at Walk Free", "rarely report what happened to them."),
    ]


def test_every_speech_verb_in_the_table_attributes_a_quote():
    cues = load_cues()
    for verb in cues.speaker_first_verbs:
        text = f'"The shelters are full again," {verb} Ruth Okafor.'
        assert speakers(text) == ["Ruth Okafor"], verb
    for verb in cues.verbs:
        text = f'"The shelters are full again," Ruth Okafor {verb}.'
        assert speakers(text) == ["Ruth Okafor"], verb


def test_the_listener_of_told_is_never_the_speaker():
    text = (
        '"We found them in the hold," said Ana Ruiz, head of the unit, told AFP. '
        '"Some were six years old."\n\n'
        '"It will take years," Tom Hale told The Harbour Post.'
    )
    assert speakers(text) == ["Ana Ruiz", "Ana Ruiz", "Tom Hale"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "The Harbour Rights Network said on Friday that 40 workers were freed.\n\n"
            '"The boats came at night," said Ana Ruiz, head of its child protection unit.',
            "head of Harbour Rights Network's child protection unit",
        ),
        (
            '"The boats came at night," said Ana Ruiz of Harbour Watch International.\n\n'
            "The Coastal Protection Agency said 12 boats were stopped.\n\n"
            '"Most had no papers," added Ruiz, head of its shelter unit.',
            "head of Harbour Watch International's shelter unit",
        ),
        (
            '"The boats came at night," said Ana Ruiz, head of its child protection unit.',
            "head of its child protection unit",
        ),
    ],
    ids=["organisation-said-before", "speaker-own-organisation-first", "none-named"],
)
def test_its_in_a_title_is_the_organisation_named_before(text, title):
    assert find_quotes(text)[-1].speaker_title == title


def test_a_listener_before_a_colon_is_not_the_speaker():
    text = 'Ana Ruiz told Harbour Radio: "Most of the workers had no papers."'
    assert speakers(text) == ["Ana Ruiz"]


HEADER = "id\tkind\tphrase\texample\tcounterexample\n"
GOOD_ROW = (
    'verb.said\tverb\tsaid\t"We freed them," Ana Ruiz said. => Ana Ruiz'
    '\t"We freed them," Ana Ruiz smiled. => nobody\n'
)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (HEADER + GOOD_ROW + "noun.cat\tnoun\tcat\ta => b\tc => d\n", r"cues.tsv:3: kind 'noun'"),
        (HEADER + GOOD_ROW + GOOD_ROW, r"cues.tsv:3: id 'verb.said' is already used on line 2"),
        (HEADER + "said\tverb\tsaid\ta => b\tc => d\n", r"cues.tsv:2: id 'said' is not"),
        (HEADER + "verb.x\tverb\tx\tno arrow\tc => d\n", r"cues.tsv:2: example: write"),
        (HEADER + "verb.x\tverb\tx\ta => b\n", r"cues.tsv:2: expected 5 tab-separated cells"),
        (GOOD_ROW, r"cues.tsv:1: expected the header row"),
        ("# only a comment\n", r"cues.tsv: no header row"),
    ],
    ids=["kind", "duplicate-id", "id-form", "example-form", "cells", "no-header", "empty"],
)
def test_malformed_cue_table_fails_with_the_line(tmp_path, table, message):
    path = tmp_path / "cues.tsv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_cues.__wrapped__(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"This shows what is possible when countries work together," said Ana Ruiz,'
            " INTERPOL Director of Operations.",
            ("Ana Ruiz", "INTERPOL Director of Operations"),
        ),
        (
            '"We must act now," UN Secretary-General Tomás Varga said.',
            ("Tomás Varga", "UN Secretary-General"),
        ),
        (
            '"These are people, not numbers," said Ms. Joan Ewart-Lyle, executive director of'
            " Free Hands.",
            ("Joan Ewart-Lyle", "executive director of Free Hands"),
        ),
        (
            'Mr. Kwame Mensah told the court: "I was paid nothing for two years."',
            ("Kwame Mensah", None),
        ),
        (
            'J. R. Okafor, a lawyer for the victims, said "the case took six years."',
            ("J. R. Okafor", "lawyer for the victims"),
        ),
        (
            'The head of the unit, Maria Santos, said "we found children in every house."',
            ("Maria Santos", None),
        ),
        (
            "“We rescued 40 children,” said Brazil’s federal police in a statement.",
            ("Brazil’s federal police", None),
        ),
    ],
)
def test_roles_honorifics_initials_and_owned_bodies(text, expected):
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [expected]


def test_a_title_at_the_start_of_a_paragraph_is_kept_whole():
    text = (
        "The boats were searched on Tuesday.\n\n"
        "Chief Immigration Officer Lena Paterson said: “Nobody was left on board.”\n\n"
        "Minister of National Security Ravi Dookhan said the border was watched closely. "
        "“We had every crossing covered,” Dookhan said.\n"
    )
    assert [(speaker, title) for speaker, title, _ in said(text)] == [
        ("Lena Paterson", "Chief Immigration Officer"),
        ("Ravi Dookhan", "Minister of National Security"),
    ]


def test_a_second_quote_after_an_inverted_attribution_has_the_same_speaker():
    text = (
        "“The raids are only the start,” said Noor Haddad, a senior analyst. "
        "“Without shelters the women are sold again.”"
    )
    assert said(text) == [
        ("Noor Haddad", "senior analyst", "The raids are only the start"),
        ("Noor Haddad", "senior analyst", "Without shelters the women are sold again."),
    ]


def test_a_long_title_between_commas_does_not_make_its_organisation_the_speaker():
    text = (
        "Colonel Ama Owusu, Director of the Anti-Trafficking Unit of the Ghana Police "
        "Service, said: “We worked through the night.”"
    )
    assert said(text) == [
        (
            "Ama Owusu",
            "Director of the Anti-Trafficking Unit of the Ghana Police Service",
            "We worked through the night.",
        )
    ]


def test_a_person_then_any_words_then_a_colon_introduces_their_quote():
    text = "Inspector Lars Holm of the Border Police put it bluntly: “They were sold a lie.”"
    assert said(text) == [("Lars Holm", "Inspector, Border Police", "They were sold a lie.")]
    assert said("Officers in the port found this: “a room with no windows”.") == []


def test_what_follows_a_name_is_a_title_only_if_it_reads_like_one():
    text = "Our field lead, Dr Ines Moreau, spent the week in Dakar. “It was hard,” Moreau said."
    assert said(text) == [("Ines Moreau", None, "It was hard")]


def test_a_place_is_never_the_speaker():
    assert said("QUITO, 3 May 2025 — “We will not rest,” declared the high commander.") == []
    text = (
        "One victim, a boy rescued from a farm in Leeds, told officers: “They kept us locked in.”"
    )
    assert said(text) == []
    assert speakers("“We act,” Interpol said in a statement.") == ["Interpol"]


def test_a_quote_from_someone_unnamed_is_not_given_to_the_last_speaker():
    text = (
        "“We moved fast,” said Tomas Ibarra, a prosecutor. “They had guards at the gates,” "
        "a police source in the capital told the paper. “They lied to me,” one young woman "
        "told our caseworker."
    )
    assert speakers(text) == ["Tomas Ibarra"]


def test_a_paragraph_whose_opening_mark_was_lost_is_a_quote_of_the_words_after():
    text = (
        "Officers searched the port.\n\n"
        "Rifles were found in two of the containers,” Ana Ruiz, head of the customs bureau in"
        " Accra, Ghana, said. The search went on.\n\n"
        "Every crossing is now watched. Nobody gets through,” Ruiz added.\n"
    )
    assert said(text) == [
        (
            "Ana Ruiz",
            "head of the customs bureau in Accra",
            "Rifles were found in two of the containers",
        ),
        (
            "Ana Ruiz",
            "head of the customs bureau in Accra",
            "Every crossing is now watched. Nobody gets through",
        ),
    ]
    assert said('Rifles were found in two of the containers," Ana Ruiz said.')[0][0] == "Ana Ruiz"


def test_a_lost_opening_mark_needs_the_attribution_right_after_the_closing_one():
    text = "Tom Marsh spoke on Monday.\n\nThe raids went on all week.” The port closed.\n"
    assert find_quotes(text) == []


def test_a_quote_over_two_paragraphs_is_one_quote_with_the_attribution_at_its_end():
    text = (
        "“We found forty children in one house.\n\n"
        "“Some of them were only six years old,” said Lena Okoro, a social worker.\n"
    )
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_title) == ("Lena Okoro", "social worker")
    assert quote.text.startswith("We found forty children")
    assert quote.text.endswith("only six years old")


def test_a_quote_cut_off_by_the_end_of_the_text_keeps_its_words():
    text = (
        "“The boats came at night,” Lena Okoro told reporters. “In the north alone we have"
        " hundreds of workers who are still waiting to be"
    )
    assert [q.text[:22] for q in find_quotes(text)] == [
        "The boats came at nigh",
        "In the north alone we ",
    ]
    assert speakers(text) == ["Lena Okoro", "Lena Okoro"]


def test_a_name_after_the_quote_where_the_text_breaks_off_is_the_speaker():
    assert speakers("“The networks adapt quickly,” Tom Marsh, head of") == ["Tom Marsh"]
    assert speakers("“The networks adapt quickly,” Tom Marsh, head of the unit.") == []


def test_a_later_paragraph_all_in_quotes_continues_the_last_speaker():
    text = (
        "“The raids worked,” said Ana Ruiz, head of the unit. She has led it since 2019.\n\n"
        "“We will go on until every farm is checked.”\n\n"
        "The ministry published its figures later.\n\n"
        "“Nobody will stop us now, not even the courts.”\n"
    )
    assert [(speaker, words[:10]) for speaker, _, words in said(text)] == [
        ("Ana Ruiz", "The raids "),
        ("Ana Ruiz", "We will go"),
    ]


def test_a_quote_alone_in_its_paragraph_then_the_speaker_and_outlet_in_the_next():
    text = (
        "“They were promised jobs in hotels”\n"
        "Inspector Lena Okoro of the Border Police told Reuters.\n"
    )
    assert said(text) == [
        ("Lena Okoro", "Inspector, Border Police", "They were promised jobs in hotels")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Europol said on Monday the raids worked. “A week of checks led to 40 arrests,”"
            " the statement said.",
            "Europol",
        ),
        ("Frontex said the borders were busy.\n\n“Crossings rose by a third,” it said.", "Frontex"),
        (
            "Europol ran the checks. “That is for each country to say,” said a Europol"
            " spokesperson.",
            "Europol",
        ),
        (
            "Harbour Police would not comment. “We are still counting the victims,” a police"
            " spokesperson said.",
            "Harbour Police",
        ),
        (
            "Swiss police would not comment. “We are still counting the victims,” a police"
            " spokesperson said.",
            "police",
        ),
        (
            "“We are still counting the victims,” a spokesman for the Home Office said.",
            "Home Office",
        ),
        ("“We are still counting the victims,” a senior Interpol official said.", "Interpol"),
    ],
)
def test_statements_and_unnamed_spokespeople_speak_for_their_organisation(text, expected):
    assert said(text) == [(expected, None, said(text)[0][2])]


def test_a_statement_or_it_with_no_organisation_named_before_is_nobody():
    assert find_quotes("“A week of checks led to 40 arrests,” the statement said.") == []
    assert find_quotes("“A week of checks led to 40 arrests,” it said.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Criminal networks adapt quickly…” Argued the Director of Operations of Europol,"
            " Ana Ruiz, who added that more raids would follow.",
            ("Ana Ruiz", "Director of Operations of Europol"),
        ),
        (
            "“Criminal networks adapt quickly”, underlined the head of the unit, Tom Marsh.",
            ("Tom Marsh", "head of the unit"),
        ),
        (
            "“Criminal networks adapt quickly,” said police chief Tom Marsh.",
            ("Tom Marsh", "police chief"),
        ),
        (
            "“Criminal networks adapt quickly,” said Police Commissioner Tom Marsh.",
            ("Tom Marsh", "Police Commissioner"),
        ),
    ],
)
def test_a_verb_then_a_role_then_the_name_after_the_quote(text, expected):
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [expected]


def test_backtick_quotation_marks():
    assert speakers("`The shelters are full again,' said Ruth Okafor.") == ["Ruth Okafor"]
    assert speakers("``The shelters are full again,'' said Ruth Okafor.") == ["Ruth Okafor"]


def test_a_country_name_ending_in_a_verb_word_is_not_someone_speaking():
    text = (
        "Children were found in Chile, Peru and the United States, Interpol said in a"
        " statement.\n\n“The children are safe now and back with their families,” the"
        " statement said."
    )
    assert speakers(text) == ["Interpol"]


def test_a_headline_word_does_not_join_the_name_on_the_next_line():
    text = (
        "Raids Free 30 Workers - Statement\n\n"
        "Interpol said in a statement that 30 workers were freed.\n\n"
        "“Every worker has been given shelter,” Interpol said."
    )
    assert speakers(text) == ["Interpol"]


def test_a_statement_that_quoted_someone_as_saying_gives_that_person():
    text = (
        "The statement quoted Lars Gerdes, deputy head of Frontex, as saying, "
        '"Detecting these crimes is hard for everyone."\n\n'
        'He added, "This is why our cooperation matters so much."'
    )
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [
        ("Lars Gerdes", "deputy head of Frontex"),
        ("Lars Gerdes", "deputy head of Frontex"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'Operation Blue Harbour said: "The boats came at night."',
        '"The boats came at night," Operation Blue Harbour said.',
        'Operation Blue Harbour ended on Friday.\n\nBlue Harbour said: "The boats came at night."',
    ],
)
def test_an_operation_is_never_the_speaker(text):
    assert said(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"The boats came at night," said Operation Blue Harbour coordinator Ana Ruiz.',
            ("Ana Ruiz", "Operation Blue Harbour coordinator"),
        ),
        (
            'Operation Blue Harbour Coordinator Ana Ruiz said: "The boats came at night."',
            ("Ana Ruiz", "Operation Blue Harbour Coordinator"),
        ),
        (
            '"The boats came at night," said Harbour Watch coordinator Ana Ruiz.',
            ("Ana Ruiz", "Harbour Watch coordinator"),
        ),
        ('"The boats came at night," said Tom Hale and coordinator Ana Ruiz.', ("Tom Hale", None)),
        (
            'Operation Commander Tom Hale said: "The boats came at night."',
            ("Tom Hale", "Operation Commander"),
        ),
    ],
)
def test_a_role_in_an_operation_or_a_body_belongs_to_the_name_after_it(text, expected):
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Ana Ruiz of Harbour Watch International: "The boats came at night."',
            ("Ana Ruiz", "Harbour Watch International"),
        ),
        (
            "Ana Ruiz of Harbour Watch International visited the port.\n\n"
            '"The boats came at night," she said.',
            ("Ana Ruiz", "Harbour Watch International"),
        ),
        (
            "Ana Ruiz of Harbour Watch International visited the port.\n\n"
            '"The boats came at night," Ruiz said.',
            ("Ana Ruiz", "Harbour Watch International"),
        ),
        (
            "Ana Ruiz of Harbour Watch International visited the port.\n\n"
            '"The boats came at night," the organisation said.',
            ("Harbour Watch International", None),
        ),
        ('The Ministry of Labour said: "The boats came at night."', ("Ministry of Labour", None)),
    ],
)
def test_a_person_of_an_organisation_is_the_person_and_the_organisation_stays_whole(text, expected):
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The boats came at night," the Harbour Rights Network said.', ["Harbour Rights Network"]),
        ('"The boats came at night," said the Harbour Rights Network.', ["Harbour Rights Network"]),
        ('"The boats came at night," the Ministry of Labour said.', ["Ministry of Labour"]),
        ('"The boats came at night," the Peruvian Coastal Police said.', ["police"]),
        ('"The boats came at night," the Harbour Watch said.', []),
    ],
)
def test_an_organisation_after_a_lower_case_the_is_the_speaker(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The boats came at night," police chief Ana Ruiz said.', ("Ana Ruiz", "police chief")),
        (
            '"The boats came at night," Operation Blue Harbour coordinator Ana Ruiz said.',
            ("Ana Ruiz", "Operation Blue Harbour coordinator"),
        ),
        (
            '"The boats came at night," Harbour Watch coordinator Ana Ruiz told Harbour Radio.',
            ("Ana Ruiz", "Harbour Watch coordinator"),
        ),
    ],
)
def test_a_role_then_the_name_then_the_verb_after_the_quote(text, expected):
    assert [(q.speaker, q.speaker_title) for q in find_quotes(text)] == [expected]


def test_a_name_after_words_that_are_no_role_is_not_read_as_titled():
    assert said('"The boats came at night," the report by coordinator Ana Ruiz said.') == []


def test_a_speech_verb_after_the_quote_keeps_the_previous_speaker_out():
    before = "Ana Ruiz said the raids had worked. "
    quote = '"The boats came at night and nobody stopped them'
    assert speakers(f'{before}{quote}," said one of the officers there.\n') == []
    assert speakers(f'{before}{quote}."\n') == ["Ana Ruiz"]


def test_guillemets_mark_a_quote_with_the_spaces_inside_them():
    text = "« Les bateaux arrivaient la nuit sans lumière », a déclaré Paul Mercier.\n"
    assert said(text) == [("Paul Mercier", None, "Les bateaux arrivaient la nuit sans lumière")]
