"""geo.names on hand-written cases (TSV beside this file) and on the real seed articles.

The case tables and the seed expectations were written by reading the issue and the
seeds, not by running the code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
import pytest

from geo import GeoMention, Place, country_name, find_mentions, names, resolve

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "seeds"
LIBERTAD = {
    "ATG",
    "ABW",
    "BRB",
    "BLZ",
    "BRA",
    "CUW",
    "GUY",
    "JAM",
    "LCA",
    "VCT",
    "TTO",
    "TCA",
    "VEN",
}


def read_cases(name: str) -> list[list[str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r]
    return [r for r in rows if not r[0].startswith("#")][1:]


def seed_text(stem: str) -> str:
    return next(SEEDS.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")


def expected_of(mention: GeoMention) -> str:
    return mention.iso3 if mention.kind == "country" else mention.name


@pytest.mark.parametrize("text,surface,expected", read_cases("positive_cases.tsv"))
def test_positive_case(text, surface, expected):
    found = [(m.surface, expected_of(m)) for m in find_mentions(text)]
    assert (surface, expected) in found, found


@pytest.mark.parametrize("text,forbidden", read_cases("should_not_match.tsv"))
def test_should_not_match(text, forbidden):
    countries = [m for m in find_mentions(text) if m.kind == "country"]
    if forbidden == "*":
        assert countries == []
    else:
        assert forbidden not in {m.iso3 for m in countries}, countries


@pytest.mark.parametrize(
    "text",
    [
        "Latin America",
        "G7",
        "EU",
        "the Caribbean",
        "West and Central Africa",
        "Middle East",
        "Middle Eastern",
        "Asians",
        "the Americas",
        "Central and South America",
        "Europe",
        "Africa",
    ],
)
def test_regions_are_one_region_mention(text):
    (mention,) = find_mentions(text)
    assert mention.kind == "region" and mention.iso3 is None and mention.via == "region"
    assert mention.surface == text.removeprefix("the ")


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_mentions_are_exact_sorted_and_disjoint(stem):
    text = seed_text(stem)
    mentions = find_mentions(text)
    assert mentions
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert (mention.iso3 is None) == (mention.kind == "region")
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start


def test_seed_001_countries_and_regions():
    mentions = find_mentions(seed_text("001"))
    countries = {m.iso3 for m in mentions if m.kind == "country"}
    assert countries >= LIBERTAD | {"CAN", "FRA", "ARG"}
    assert ("Guayana", "GUY", "typo") in {(m.surface, m.iso3, m.via) for m in mentions}
    assert {("Caracas", "city"), ("Venezuela", "name")} <= {
        (m.surface, m.via) for m in mentions if m.iso3 == "VEN"
    }
    assert ("Canadian", "demonym") in {(m.surface, m.via) for m in mentions if m.iso3 == "CAN"}
    regions = {m.name for m in mentions if m.kind == "region"}
    assert {"Latin America", "Caribbean", "G7", "Asia"} <= regions


@pytest.mark.parametrize("stem,spelling", [("000", "Saint"), ("001", "Saint"), ("002", "St")])
def test_saint_vincent_and_the_grenadines_is_one_mention(stem, spelling):
    text = seed_text(stem)
    full = f"{spelling} Vincent and the Grenadines"
    vct = [m for m in find_mentions(text) if m.iso3 == "VCT"]
    assert [m.surface for m in vct] == [full] * text.count(full)


def test_seed_002_countries():
    mentions = find_mentions(seed_text("002"))
    assert {m.iso3 for m in mentions if m.kind == "country"} >= LIBERTAD | {"CAN"}
    assert {"St Lucia", "Turks and Caicos Islands", "Curacao"} <= {m.surface for m in mentions}
    assert "Central and South America" in {m.name for m in mentions if m.kind == "region"}


def test_seed_004_countries_and_regions():
    mentions = find_mentions(seed_text("004"))
    assert ("Argentine", "ARG", "demonym") in {(m.surface, m.iso3, m.via) for m in mentions}
    assert "PHL" in {m.iso3 for m in mentions}
    regions = {(m.surface, m.name) for m in mentions if m.kind == "region"}
    assert {
        ("Middle Eastern", "Middle East"),
        ("West and Central Africa", "West and Central Africa"),
        ("EU", "European Union"),
        ("European Union", "European Union"),
    } <= regions
    assert not any(m.kind == "country" and "Middle" in m.surface for m in mentions)


def test_seed_003_names_only_the_americas():
    mentions = find_mentions(seed_text("003"))
    assert {(m.kind, m.name) for m in mentions} == {("region", "Americas")}


def test_resolve_one_name():
    assert resolve("Saint Lucia") == Place("country", "LCA", "Saint Lucia")
    assert resolve("curacao") == Place("country", "CUW", "Curaçao")
    assert resolve("the Philippines").iso3 == "PHL"
    assert resolve("Venezuela, Bolivarian Republic of").name == "Venezuela"
    assert resolve("  Trinidad   and Tobago ").iso3 == "TTO"
    assert resolve("Guayana").iso3 == "GUY"
    assert resolve("Caracas").iso3 == "VEN"
    assert resolve("Kosovo") == Place("country", "XKX", "Kosovo")
    assert resolve("Latin America") == Place("region", None, "Latin America")
    assert resolve("G7") == Place("region", None, "G7")
    assert resolve("US").iso3 == "USA"


@pytest.mark.parametrize(
    "name", ["us", "Us", "New Jersey", "Korea", "Austraia", "Narnia", "", "   "]
)
def test_resolve_refuses(name):
    assert resolve(name) is None


def test_country_name():
    assert country_name("XKX") == "Kosovo"
    assert country_name("VEN") == "Venezuela"
    assert country_name("lca") == "Saint Lucia"
    assert country_name("CUW") == "Curaçao"
    assert country_name("RUS") == "Russia"
    assert country_name("COD") == "DR Congo"
    with pytest.raises(KeyError, match="unknown country code 'QQQ'"):
        country_name("QQQ")


def test_every_iso_country_has_a_short_display_name():
    for country in pycountry.countries:
        display = country_name(country.alpha_3)
        assert display and "," not in display and "(" not in display, country


def test_every_display_name_resolves_to_its_own_code():
    """Antarctica is the one exception: regions.tsv makes it a continent."""
    assert resolve("Antarctica") == Place("region", None, "Antarctica")
    for country in pycountry.countries:
        if country.alpha_3 == "ATA":
            continue
        place = resolve(country_name(country.alpha_3))
        assert place is not None and place.iso3 == country.alpha_3, country


def test_one_edit_variants_keep_the_first_letter():
    variants = names.one_edit_variants("guyana")
    assert {"guayana", "guyna", "guyaan", "guyena"} <= variants
    assert "guyana" not in variants
    assert all(v.startswith("g") for v in variants)


def test_typos_shared_by_two_countries_are_dropped():
    assert "austraia" in names.one_edit_variants("australia")
    assert "austraia" in names.one_edit_variants("austria")
    assert resolve("Austraia") is None
    assert resolve("Gamiba").iso3 == "GMB" and resolve("Zambai").iso3 == "ZMB"


def test_typos_never_produce_listed_real_words():
    for word in ("Greene", "Hungry", "Frances", "Turnkey"):
        assert resolve(word) is None, word


def test_unknown_iso_code_in_alias_table_warns_and_is_ignored(tmp_path):
    table = tmp_path / "aliases.tsv"
    table.write_text(
        "alias\tiso3\tvia\tguard\tnote\nNarnia\tNRN\talias\t\t\nKolkata\tIND\tcity\t\t\n"
        "Atlantis\tGRC\tlegend\t\t\n",
        encoding="utf-8",
    )
    with pytest.warns(names.GazetteerWarning) as caught:
        rows = names.read_alias_rows(table)
    messages = [str(w.message) for w in caught]
    assert any("line 2" in m and "'NRN'" in m for m in messages)
    assert any("line 4" in m and "'legend'" in m for m in messages)
    assert [r.alias for r in rows] == ["Kolkata"]


def test_a_spelling_listed_twice_with_different_meanings_warns(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Gotham\tUSA\tcity\t\t\nGotham\tGBR\tcity\t\t\n", encoding="utf-8")
    with pytest.warns(names.GazetteerWarning, match="'Gotham' is listed twice"):
        gazetteer = names.Gazetteer(names.read_alias_rows(aliases), [])
    assert gazetteer.resolve("Gotham").iso3 == "USA"


def test_a_gazetteer_built_from_other_tables(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("alias\tiso3\tvia\tguard\tnote\nGotham\tUSA\tcity\t\t\n", encoding="utf-8")
    regions = tmp_path / "regions.tsv"
    regions.write_text(
        "surface\tname\ttype\tnote\nGotham Bay\tGotham Bay\tplace\t\n", encoding="utf-8"
    )
    gazetteer = names.Gazetteer(names.read_alias_rows(aliases), names.read_region_rows(regions))
    found = [(m.surface, m.iso3) for m in gazetteer.find_mentions("Gotham and Gotham Bay and Peru")]
    assert found == [("Gotham", "USA"), ("Peru", "PER")]


def test_the_repository_tables_load_without_warnings(recwarn):
    names.Gazetteer(names.read_alias_rows(), names.read_region_rows(), names.read_not_typos())
    assert not [w for w in recwarn if issubclass(w.category, names.GazetteerWarning)]


def test_folding_keeps_offsets():
    text = "İstanbul, Curaçao — Côte d’Ivoire\nGuinea-Bissau ẞ"
    assert len(names.fold(text)) == len(text)
    surfaces = {m.surface for m in find_mentions(text)}
    assert {"İstanbul", "Curaçao", "Côte d’Ivoire", "Guinea-Bissau"} <= surfaces


def test_no_seed_facts_in_the_library_code():
    code = (HERE.parents[1] / "geo" / "names.py").read_text(encoding="utf-8")
    assert not re.search(r"Guayana|Kolcu|Rozga|Libertad|Liberterra", code)
