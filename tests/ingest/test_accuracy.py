"""The accuracy gate: the extractor on the development set stays at or above the baseline.

The development set sits beside the checkout (``../shared/devset``), as it does in CI. A
field that drops more than the tolerance below ``tests/accuracy_baseline.json`` fails
here; raise the baseline with ``python -m ingest.evaluate --write-baseline`` when scores
improve.
"""

from __future__ import annotations

import json
import os

import pytest

from ingest import evaluate

DEVSET = evaluate.DEFAULT_DEVSET


@pytest.fixture(scope="module")
def devset_groups():
    if not (DEVSET / "gold").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the development set is missing at {DEVSET}; CI must have it")
        pytest.skip("no development set beside the checkout")
    articles = [*evaluate.devset_articles(DEVSET), *evaluate.seed_articles()]
    return evaluate.group_scores(evaluate.evaluate(articles))


def test_no_field_falls_below_the_committed_baseline(devset_groups):
    baseline = json.loads(evaluate.DEFAULT_BASELINE.read_text())
    assert set(baseline["groups"]) <= set(devset_groups)
    problems = evaluate.shortfalls(devset_groups, baseline)
    assert not problems, "\n" + evaluate.format_table(devset_groups, baseline)


def test_no_article_fails_to_extract(devset_groups):
    assert all(group.failed == 0 for group in devset_groups.values())


def test_the_seeds_score_perfectly_against_their_golden_files(devset_groups):
    assert set(devset_groups["seeds"].summary().values()) == {1.0}


def test_a_drop_below_the_baseline_is_reported():
    gold = {"countries": {"PER": ["participant"], "CHL": ["coordinator"]}}
    predicted = {"countries": {"PER": ["mentioned"], "CHL": ["coordinator"]}}
    group = evaluate.GroupScore("en")
    group.add(evaluate.score_article("invented", "en", gold, predicted))
    assert group.summary()["roles"] == 0.5
    baseline = {"groups": {"en": {"roles": 0.8, "countries": 1.0}}}
    assert evaluate.shortfalls({"en": group}, baseline) == ["en roles: 0.500 < baseline 0.800"]
    assert evaluate.shortfalls({"en": group}, {"groups": {"en": {"roles": 0.505}}}) == []


def test_scores_follow_the_devset_definitions():
    gold = {
        "countries": {"PER": ["participant", "origin"], "BOL": ["mentioned"]},
        "operations": [{"name": "Operation Red Tide II", "start": "2030-05-01", "end": None}],
        "figures": [{"metric": "arrests", "value": 40}, {"metric": "victims_rescued", "value": 9}],
        "quotes": [
            {"speaker": "Ana Ruiz", "starts_with": "We found them in the hold"},
            {"speaker": "Ana Ruiz", "starts_with": "in the hold", "partial": True},
            {"speaker": "Tom Hale", "starts_with": "Nobody expected this"},
        ],
    }
    predicted = {
        "countries": {"PER": ["participant"], "ECU": ["mentioned"]},
        "operations": [{"name": "red tide ii", "start": "2030-05-01", "end": "2030-05-04"}],
        "figures": [{"metric": "arrests", "value": 40}, {"metric": "arrests", "value": None}],
        "quotes": [{"speaker": "Ruiz", "text": "“We found them in the hold,” she said"}],
    }
    score = evaluate.score_article("invented", "en", gold, predicted)
    assert (score.tallies["countries"].tp, score.tallies["countries"].fp) == (1, 1)
    assert score.tallies["roles"].fn == 2
    assert score.tallies["particip"].f1 == 1.0
    assert (score.tallies["figures"].tp, score.tallies["figures"].fn) == (1, 1)
    assert score.tallies["ops"].f1 == 1.0
    assert (score.rates["dates"].hits, score.rates["dates"].total) == (1, 1)
    assert (score.rates["quote_recall"].hits, score.rates["quote_recall"].total) == (1, 2)
    assert score.rates["speaker_acc"].value == 1.0
    assert "quote missed: 'Nobody expected this'" in score.errors
