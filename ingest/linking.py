"""Suggest the operation an unattributed article reports, from the figures it shares.

An article that names no operation stays unattributed: its facts are never merged into
an operation. When its numbers match those of one operation's reports on two or more
metrics, the dataset records that operation as an inference, with the evidence, so a
reader can see the likely link and judge it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MIN_SHARED_METRICS = 2


@dataclass(frozen=True)
class Inference:
    """The operation an unattributed article most likely reports, and why."""

    operation: str
    evidence: str


def infer_operations(facts_by_id: Mapping[str, dict]) -> dict[str, Inference]:
    """Article id to inferred operation, for unattributed articles with a clear match."""
    claims: dict[str, set[tuple[str, int]]] = {}
    for facts in facts_by_id.values():
        for figure in facts["figures"]:
            if figure["operation"] and figure["value"] is not None:
                claims.setdefault(figure["operation"], set()).add(
                    (figure["metric"], figure["value"])
                )

    inferences = {}
    for ident, facts in sorted(facts_by_id.items()):
        if facts["operations"]:
            continue
        own = {(f["metric"], f["value"]) for f in facts["figures"] if f["value"] is not None}
        matches = {
            operation: sorted(own & theirs)
            for operation, theirs in claims.items()
            if len({metric for metric, _ in own & theirs}) >= MIN_SHARED_METRICS
        }
        if len(matches) == 1:
            operation, shared = next(iter(matches.items()))
            listed = ", ".join(f"{metric.replace('_', ' ')} {value:,}" for metric, value in shared)
            inferences[ident] = Inference(
                operation, f"same figures as reports of {operation}: {listed}"
            )
    return inferences
