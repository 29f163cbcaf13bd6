"""Tests of geo.boundaries on the real vendored Natural Earth file."""

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pycountry
import pytest
import shapely

from geo import boundaries
from geo.boundaries import (
    DEFAULT_PATH,
    SMALL_AREA_KM2,
    WORLD_BOUNDS,
    BoundaryFileError,
    assign_iso3,
    bounds_for,
    load_countries,
    load_extra_points,
    point_for,
    shapes_for,
    simplify,
)

BOUNDARIES_DIR = Path(__file__).resolve().parents[2] / "data" / "boundaries"

LIBERTAD_CODES = [
    "ATG", "ABW", "BRB", "BLZ", "BRA", "CUW", "GUY", "JAM", "LCA", "VCT", "TTO", "TCA", "VEN",
]  # fmt: skip

UNCODED_NAMES = {"N. Cyprus", "Somaliland", "Siachen Glacier", "Indian Ocean Ter."}


@pytest.fixture(scope="module")
def countries():
    return load_countries()


@pytest.fixture(scope="module")
def raw_features():
    return gpd.read_file(DEFAULT_PATH, layer="countries")


def compact_geojson_size(frame):
    return len(
        json.dumps(frame[["iso3", "name", "geometry"]].__geo_interface__, separators=(",", ":"))
    )


def test_default_path_is_the_vendored_file_with_matching_checksum():
    source = (BOUNDARIES_DIR / "SOURCE.yml").read_text(encoding="utf-8")
    data = DEFAULT_PATH.read_bytes()
    assert DEFAULT_PATH == BOUNDARIES_DIR / "countries-50m.json"
    assert hashlib.sha256(data).hexdigest() in source
    assert hashlib.md5(data).hexdigest() in source
    assert f"size_bytes: {len(data)}" in source


def test_columns_crs_and_one_row_per_code(countries):
    assert list(countries.columns) == [
        "iso3", "name", "geometry", "rep_lon", "rep_lat", "area_km2", "is_small",
    ]  # fmt: skip
    assert countries.crs.to_epsg() == 4326
    coded = countries["iso3"].dropna()
    assert coded.is_unique
    assert len(coded) > 230
    assert set(countries.loc[countries["iso3"].isna(), "name"]) == UNCODED_NAMES


@pytest.mark.parametrize(
    "iso3", ["BRB", "ABW", "CUW", "TCA", "LCA", "VCT", "ATG", "TTO", "FRA", "NOR", "XKX"]
)
def test_small_caribbean_states_and_the_minus_99_cases_have_shapes(countries, iso3):
    rows = countries[countries["iso3"] == iso3]
    assert len(rows) == 1
    assert not rows.geometry.iloc[0].is_empty


def test_barbados_is_small_and_brazil_is_not(countries):
    by_code = countries.set_index("iso3")
    assert by_code.at["BRB", "is_small"]
    assert not by_code.at["BRA", "is_small"]


def test_small_threshold_separates_jamaica_cyprus_trinidad_from_eswatini(countries):
    by_code = countries.set_index("iso3")
    assert by_code.loc[["JAM", "CYP", "TTO"], "is_small"].all()
    assert not by_code.at["SWZ", "is_small"]
    assert by_code.at["SWZ", "area_km2"] > SMALL_AREA_KM2


def test_duplicate_codes_are_dissolved_under_the_largest_name(countries, raw_features):
    assert (raw_features["id"] == "036").sum() == 2
    australia = countries[countries["iso3"] == "AUS"]
    assert len(australia) == 1
    assert australia["name"].iloc[0] == "Australia"


def test_areas_match_known_country_areas(countries):
    """Reference areas (km2) are the commonly published totals; 1:50m outlines differ slightly."""
    by_code = countries.set_index("iso3")["area_km2"]
    assert by_code["BRA"] == pytest.approx(8.5e6, rel=0.03)
    assert by_code["RUS"] == pytest.approx(17.1e6, rel=0.03)
    assert by_code["FJI"] == pytest.approx(18_300, rel=0.05)


def test_every_geometry_is_valid_and_within_world_longitudes(countries):
    assert countries.geometry.is_valid.all()
    min_lon, _, max_lon, _ = countries.total_bounds
    assert min_lon >= -180 and max_lon <= 180


def test_representative_point_lies_inside_each_geometry(countries):
    points = shapely.points(countries["rep_lon"], countries["rep_lat"])
    assert shapely.covers(countries.geometry.values, points).all()


def test_marker_points_sit_on_the_main_landmass():
    norway_lon, norway_lat = point_for("NOR")
    assert norway_lat < 72  # mainland Norway, not Svalbard
    russia_lon, _ = point_for("RUS")
    assert 30 < russia_lon < 180


def test_load_returns_a_copy_and_parses_the_file_once(countries):
    first = load_countries()
    first.loc[:, "name"] = "changed"
    parsed_before = boundaries._load_countries_cached.cache_info()
    second = load_countries()
    parsed_after = boundaries._load_countries_cached.cache_info()
    assert parsed_after.misses == parsed_before.misses
    assert parsed_after.hits == parsed_before.hits + 1
    assert (second["name"] != "changed").all()


def test_assign_iso3_on_rows_of_the_real_file(raw_features):
    names = ["Barbados", "France", "Norway", "Kosovo", "N. Cyprus", "Curaçao"]
    sample = raw_features[raw_features["name"].isin(names)].copy()
    coded = assign_iso3(sample).set_index("name")["iso3"]
    assert coded.to_dict() == {
        "Barbados": "BRB",
        "France": "FRA",
        "Norway": "NOR",
        "Kosovo": "XKX",
        "N. Cyprus": None,
        "Curaçao": "CUW",
    }
    assert "iso3" not in sample.columns


def test_assign_iso3_fixes_natural_earth_minus_99_and_integer_ids(raw_features):
    sample = raw_features[raw_features["name"].isin(["France", "Norway", "Barbados"])].copy()
    sample["id"] = sample["name"].map({"France": "-99", "Norway": "-99", "Barbados": 52})
    coded = assign_iso3(sample).set_index("name")["iso3"]
    assert coded.to_dict() == {"France": "FRA", "Norway": "NOR", "Barbados": "BRB"}


def test_assign_iso3_warns_about_unknown_numeric_ids(raw_features):
    sample = raw_features[raw_features["name"] == "Barbados"].copy()
    sample["id"] = "999"
    with pytest.warns(UserWarning, match="999"):
        coded = assign_iso3(sample)
    assert coded["iso3"].isna().all()


def test_assign_iso3_names_the_missing_column(raw_features):
    with pytest.raises(BoundaryFileError, match="'id'"):
        assign_iso3(raw_features.drop(columns="id"))


def test_shapes_for_returns_rows_in_order_and_reports_missing_codes():
    rows, missing = shapes_for(["brb", "TUV", "XKX", "GIB", "BRB", " ", "ZZZ"])
    assert list(rows["iso3"]) == ["BRB", "XKX"]
    assert missing == ["GIB", "TUV", "ZZZ"]


def test_shapes_for_the_libertad_set_has_no_missing_code():
    rows, missing = shapes_for(LIBERTAD_CODES)
    assert missing == []
    assert set(rows["iso3"]) == set(LIBERTAD_CODES)


def test_simplify_keeps_every_row_and_shrinks_the_geojson(countries):
    light = simplify(countries, 0.05)
    assert len(light) == len(countries)
    assert not light.geometry.is_empty.any()
    assert light.geometry.is_valid.all()
    raw_size = compact_geojson_size(countries)
    light_size = compact_geojson_size(light)
    assert light_size < raw_size / 4
    assert "geometry" in countries and countries.geometry.iloc[0] is not light.geometry.iloc[0]


def test_simplify_rounds_coordinates():
    barbados, _ = shapes_for(["BRB"])
    coordinates = shapely.get_coordinates(simplify(barbados, 0.05, decimals=2).geometry.values)
    assert (abs(coordinates * 100 - (coordinates * 100).round()) < 1e-6).all()


def test_simplify_keeps_an_island_that_rounding_would_erase():
    islet = shapely.box(-61.0002, 13.0001, -61.0001, 13.0002)
    frame = gpd.GeoDataFrame({"iso3": ["XXX"]}, geometry=[islet], crs=4326)
    kept = simplify(frame, 0.05, decimals=2).geometry.iloc[0]
    assert not kept.is_empty
    assert kept.equals(islet)


def test_bounds_for_the_libertad_set_covers_the_caribbean_not_the_world():
    min_lon, min_lat, max_lon, max_lat = bounds_for(LIBERTAD_CODES, pad_fraction=0)
    assert -95 <= min_lon < -85 and -40 < max_lon <= -30
    assert -35 <= min_lat < -30 and 20 < max_lat <= 30
    padded = bounds_for(LIBERTAD_CODES)
    assert padded[0] < min_lon and padded[2] > max_lon
    assert -100 < padded[0] and padded[2] < -25 and -40 < padded[1] and padded[3] < 35


@pytest.mark.parametrize("iso3, max_width", [("FJI", 6), ("RUS", 170), ("USA", 120), ("FRA", 20)])
def test_bounds_for_a_country_use_its_main_landmass(iso3, max_width):
    min_lon, _, max_lon, _ = bounds_for([iso3], pad_fraction=0)
    assert 0 < max_lon - min_lon < max_width
    assert -180 <= min_lon and max_lon <= 180


def test_bounds_for_a_pacific_set_takes_the_short_way_across_180():
    min_lon, _, max_lon, _ = bounds_for(["FJI", "WSM", "TON"], pad_fraction=0)
    assert max_lon > 180
    assert max_lon - min_lon < 15


def test_bounds_for_no_known_code_is_the_world():
    assert bounds_for([]) == WORLD_BOUNDS
    assert bounds_for(["ZZZ"]) == WORLD_BOUNDS


def test_bounds_for_a_code_without_shape_uses_its_extra_point():
    min_lon, min_lat, max_lon, max_lat = bounds_for(["TUV"])
    assert min_lon < 179.2 < max_lon and min_lat < -8.5 < max_lat


def test_every_iso_country_and_kosovo_has_a_shape_or_a_point():
    codes = sorted({country.alpha_3 for country in pycountry.countries} | {"XKX"})
    _, missing = shapes_for(codes)
    assert missing, "the 1:50m file is expected to lack some tiny territories"
    assert [code for code in missing if point_for(code) is None] == []


def test_extra_points_only_cover_codes_without_a_shape():
    table = load_extra_points()
    rows, _ = shapes_for(table["iso3"])
    assert rows.empty
    assert table["note"].str.len().gt(0).all()
    assert point_for("TUV") == (179.2, -8.52)
    assert point_for("ZZZ") is None
    assert point_for(None) is None


def test_missing_boundary_file_gives_one_clear_error(tmp_path):
    with pytest.raises(BoundaryFileError, match="not found"):
        load_countries(tmp_path / "absent.json")


def test_unreadable_boundary_file_gives_one_clear_error(tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text("this is not TopoJSON", encoding="utf-8")
    with pytest.raises(BoundaryFileError, match="Cannot read boundary file"):
        load_countries(bogus)


def test_malformed_extra_points_table_is_rejected(tmp_path):
    table = tmp_path / "points.tsv"
    table.write_text("iso3\tlon\tlat\tnote\nTUV\t999\t-8.5\tout of range\n", encoding="utf-8")
    with pytest.raises(BoundaryFileError, match="TUV"):
        load_extra_points(table)


def test_module_paths_are_relative_to_the_repository():
    assert boundaries.EXTRA_POINTS_PATH.parent == BOUNDARIES_DIR
