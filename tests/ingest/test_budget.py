"""The extraction budget on real seed articles: the same facts through a worker, or a stop.

A budget of 0.001 s is a real setting no seed article can meet, so it shows what happens
to an article that is too slow without making one.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ingest.budget import BUDGET_VARIABLE, Extractor, OverBudget, budget_seconds
from ingest.extract import extract_article
from ingest.read import BadInput, read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "002_828eb64a2373246c.txt"


@pytest.fixture()
def other_thread():
    """A second thread, as in the dashboard's server: workers are started, not forked."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    yield
    release.set()
    thread.join()


def test_a_worker_gives_the_facts_extraction_in_this_process_gives():
    article = read_article(SEED)
    with Extractor(60) as extractor:
        assert extractor.facts(article) == extract_article(article).to_record()


def test_a_started_worker_gives_them_too_and_is_reused(other_thread):
    articles = [read_article(path) for path in sorted(SEEDS.glob("*.txt"))[:2]]
    with Extractor(60) as extractor:
        for article in articles:
            assert extractor.facts(article) == extract_article(article).to_record()
        assert len(extractor._idle) == 1


@pytest.mark.parametrize("threads", ["alone", "with another thread"])
def test_an_extraction_over_the_budget_is_stopped_and_the_next_one_works(request, threads):
    if threads != "alone":
        request.getfixturevalue("other_thread")
    article = read_article(SEED)
    with Extractor(0.001) as hurried:
        with pytest.raises(OverBudget, match=r"^002_828eb64a2373246c.txt: extracting it took"):
            hurried.facts(article)
        assert hurried._idle == []
    with Extractor(60) as patient:
        assert patient.facts(article)["source"]["file"] == SEED.name


def test_a_budget_of_zero_extracts_in_this_process():
    article = read_article(SEED)
    with Extractor(0) as extractor:
        assert extractor.facts(article) == extract_article(article).to_record()
        assert extractor._idle == []


def test_the_budget_comes_from_the_environment_and_is_checked(monkeypatch):
    monkeypatch.setenv(BUDGET_VARIABLE, "2.5")
    assert budget_seconds() == 2.5
    monkeypatch.setenv(BUDGET_VARIABLE, "soon")
    with pytest.raises(BadInput, match="ATLAS_EXTRACT_BUDGET='soon' is not a number of seconds"):
        budget_seconds()
    monkeypatch.delenv(BUDGET_VARIABLE)
    assert budget_seconds() == 10.0
