"""Every reviewed country-role rule proves itself on its own invented sentences.

Each row of ``data/curated/country_role_rules.tsv`` carries an example, in which some
country mention must get the row's role from that very row, and a counterexample, in
which no mention may get a role from it. A rule whose example stops firing (a changed
precedence, a new check in front of it) fails here with its id.
"""

from __future__ import annotations

import pytest

from ingest.countries import load_rules
from ingest.extract import extract_text
from ingest.model import ROLES

RULES = load_rules()


def fired(text: str, rule_id: str) -> list[tuple[str, str]]:
    return [(m.surface, m.role) for m in extract_text(text).mentions if m.rule == rule_id]


def fired_by_a_cue(text: str) -> list[tuple[str, str]]:
    cue_ids = {rule.id for rule in RULES if rule.where != "check"}
    return [(m.surface, m.role) for m in extract_text(text).mentions if m.rule in cue_ids]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_example_fires_the_rule(rule):
    assert rule.example, f"{rule.id} has no example"
    if rule.check == "cue":
        assert fired_by_a_cue(rule.example), rule.example
        return
    found = fired(rule.example, rule.id)
    assert found, f"{rule.id} did not fire on its example {rule.example!r}"
    if rule.gives in ROLES:
        assert {role for _, role in found} == {rule.gives}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_counterexample_does_not(rule):
    assert rule.counterexample, f"{rule.id} has no counterexample"
    if rule.check == "cue":
        assert not fired_by_a_cue(rule.counterexample), rule.counterexample
        return
    assert not fired(rule.counterexample, rule.id), rule.counterexample


def test_every_check_the_table_names_exists_and_mentioned_comes_last():
    from ingest.countries import CHECKS, load_checks

    checks = load_checks()
    assert {check.check for check in checks} == set(CHECKS)
    assert checks[-1].check == "mentioned"
