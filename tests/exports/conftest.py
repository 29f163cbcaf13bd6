"""Briefings for the three filter states of issue 4, from the seed corpus built by the real CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.exports import briefing_for

MADE_ON = dt.date(2025, 3, 14)
STATES = {
    "libertad": ("Libertad",),
    "liberterra": ("Liberterra II",),
    "both": ("Libertad", "Liberterra II"),
}


@pytest.fixture(scope="session")
def briefings(built_dataset):
    """State name to its `Briefing`, each made on a fixed day."""
    return {
        name: briefing_for(operations, built_dataset, generated=MADE_ON)
        for name, operations in STATES.items()
    }


@pytest.fixture(params=list(STATES))
def state(request, briefings):
    """Each filter state in turn: (name, briefing)."""
    return request.param, briefings[request.param]
