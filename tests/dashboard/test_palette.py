"""The operation colours stay apart for the common colour-vision deficiencies.

Each colour is passed through colorspacious's simulation of full protanopia,
deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009) and the pairs are
compared in CAM02-UCS, where a difference of 10 is plainly visible on a map.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from dashboard.theme import (
    MULTI_OPERATION,
    OKABE_ITO,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    hex_colour,
    operation_colours,
    parse_hex,
)
from ingest.colours import PALETTE

DEFICIENCIES = ("protanomaly", "deuteranomaly", "tritanomaly")
MIN_DIFFERENCE = 10.0
MAP_COLOURS = (*OKABE_ITO, MULTI_OPERATION, UNATTRIBUTED)


def closest_pair(colours, deficiency: str | None) -> tuple[float, tuple, tuple]:
    rgb = np.array(colours, dtype=float) / 255
    if deficiency:
        space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return min(
        (float(deltaE(rgb[i], rgb[j], input_space="sRGB1")), colours[i], colours[j])
        for i, j in itertools.combinations(range(len(colours)), 2)
    )


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_every_map_colour_is_distinct_under_the_deficiency(deficiency):
    difference, first, second = closest_pair(MAP_COLOURS, deficiency)
    assert difference >= MIN_DIFFERENCE, (
        f"{hex_colour(first)} and {hex_colour(second)} differ by {difference:.1f} "
        f"for {deficiency or 'normal vision'}"
    )


def test_the_check_catches_red_and_green():
    difference, _, _ = closest_pair(((213, 40, 40), (40, 160, 40)), "deuteranomaly")
    assert difference < MIN_DIFFERENCE


def test_the_dashboard_draws_the_palette_the_build_hands_out():
    assert [hex_colour(colour) for colour in OKABE_ITO] == list(PALETTE)
    assert parse_hex("#0072B2") == (0, 114, 178)
    assert parse_hex("blue") is None


def test_a_kept_colour_wins_and_the_others_take_the_free_ones():
    colours = operation_colours(
        ["Harbour Light", "Libertad", UNATTRIBUTED_LABEL], pinned={"Libertad": OKABE_ITO[0]}
    )
    assert colours == {
        "Harbour Light": OKABE_ITO[1],
        "Libertad": OKABE_ITO[0],
        UNATTRIBUTED_LABEL: UNATTRIBUTED,
    }
