"""Fixtures for the dashboard tests: the seed dataset built by the real CLI, and the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.dataset import read_dataset
from dashboard.filters import filter_options, prepare

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"


@pytest.fixture(scope="session")
def seed_dataset(built_dataset):
    """The seed corpus as the dashboard reads it."""
    return read_dataset(built_dataset)


@pytest.fixture(scope="session")
def prepared(seed_dataset):
    return prepare(seed_dataset)


@pytest.fixture(scope="session")
def options(prepared):
    return filter_options(prepared)


@pytest.fixture
def app(built_dataset, monkeypatch):
    """A fresh AppTest of the real entry file, reading the freshly built seed dataset."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(built_dataset))

    def make(**query_params) -> AppTest:
        test = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in query_params.items():
            test.query_params[key] = value
        return test

    return make
