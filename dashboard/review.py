"""Facts the extractor is unsure of: how they are marked, and the "Needs review" list.

Every fact row carries ``rule_id``, ``confidence`` (high, medium, low) and ``doubt`` (why
it is below high, in words that may quote the article). A low fact is drawn lighter and
marked `MARK` everywhere it appears, with its doubt beside it, so a reader checks the
source before citing it; the review list gathers them with their sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.filters import View, is_low
from dashboard.theme import UNATTRIBUTED_LABEL, format_claim, metric_label, plural, role_label

LOW, MEDIUM, HIGH = "low", "medium", "high"
CONFIDENCE_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2}
MARK = "?"
LEGEND = "? = low confidence; check the source"
KIND_COUNTRY, KIND_FIGURE, KIND_QUOTE, KIND_DATES = (
    "Country role", "Figure", "Quote", "Operation dates"
)  # fmt: skip
REVIEW_COLUMNS = [
    "kind",
    "fact",
    "report",
    "article_id",
    "source",
    "span_start",
    "span_end",
    "rule_id",
    "confidence",
    "doubt",
]


def confidence_of(value: object) -> str:
    """The confidence as written, lower-cased; an empty cell (an older dataset) counts as high."""
    text = _text(value).lower()
    return text if text in CONFIDENCE_RANK else HIGH


def worst(confidences: Iterable[object]) -> str:
    """The least sure of several confidences (high when there are none)."""
    ranked = [confidence_of(value) for value in confidences]
    return max(ranked, key=CONFIDENCE_RANK.__getitem__, default=HIGH)


def best(confidences: Iterable[object]) -> str:
    """The surest of several confidences (high when there are none)."""
    ranked = [confidence_of(value) for value in confidences]
    return min(ranked, key=CONFIDENCE_RANK.__getitem__, default=HIGH)


def doubts(values: Iterable[object]) -> str:
    """Distinct doubt texts, in order, joined with "; " (plain text: escape where it goes)."""
    return "; ".join(dict.fromkeys(text for text in map(_text, values) if text))


def doubt_note(confidence: object, doubt: object) -> str:
    """``? low confidence: <why>`` for a low fact, ``medium confidence: <why>``, else empty."""
    level = confidence_of(confidence)
    if level == HIGH:
        return ""
    why = _text(doubt)
    prefix = f"{MARK} low confidence" if level == LOW else "medium confidence"
    return f"{prefix}: {why}" if why else prefix


def count_text(count: int) -> str:
    """``7 facts need review`` / ``1 fact needs review``."""
    return f"{plural(count, 'fact')} {'needs' if count == 1 else 'need'} review"


def review_items(
    view: View,
    names: Mapping[str, str],
    source_labels: Mapping[str, str],
) -> pd.DataFrame:
    """Every low-confidence fact in view, one row each, in article order.

    Kinds: a country role, a figure, a quote, an operation's dates. Columns:
    `REVIEW_COLUMNS` (``fact`` is the fact in words, ``report`` its operation or
    "unattributed report"; the span points into the article's text for its sentence).
    """
    rows: list[dict] = []

    def add(kind: str, fact: str, row: Mapping, start: str = "span_start") -> None:
        label = row.get("op_label") or UNATTRIBUTED_LABEL
        rows.append(
            {
                "kind": kind,
                "fact": fact,
                "report": "unattributed report" if label == UNATTRIBUTED_LABEL else label,
                "article_id": row["article_id"],
                "source": source_labels.get(row["article_id"], row["article_id"]),
                "span_start": row.get(start),
                "span_end": row.get("span_end"),
                "rule_id": _text(row.get("rule_id")),
                "confidence": LOW,
                "doubt": _text(row.get("doubt")),
            }
        )

    for row in _low_rows(view.country_roles):
        name = names.get(row["iso3"], row["iso3"])
        add(KIND_COUNTRY, f"{name}: {role_label(row['role']).lower()}", row)
    for row in _low_rows(view.figures):
        value = None if pd.isna(row["value"]) else int(row["value"])
        claim = format_claim(value, row["qualifier"], row["surface"])
        add(KIND_FIGURE, f"{metric_label(row['metric'])}: {claim}", row)
    for row in _low_rows(view.quotes):
        speaker = _text(row.get("speaker")) or "Unknown speaker"
        add(KIND_QUOTE, f"{speaker}: “{_short(row.get('text'), 90)}”", row)
    for row in _low_rows(view.operations):
        dates = " to ".join(d for d in (_text(row["start_date"]), _text(row["end_date"])) if d)
        add(KIND_DATES, f"{row['operation']}: {dates or 'no dates'}", row)
    frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    if frame.empty:
        return frame
    order = {kind: index for index, kind in enumerate((KIND_COUNTRY, KIND_FIGURE, KIND_QUOTE))}
    return (
        frame.assign(_kind=frame["kind"].map(order).fillna(9), _start=frame["span_start"])
        .sort_values(["source", "article_id", "_kind", "_start"], kind="stable")
        .drop(columns=["_kind", "_start"])
        .reset_index(drop=True)
    )


def _low_rows(frame: pd.DataFrame) -> list[dict]:
    return frame[is_low(frame)].to_dict("records") if not frame.empty else []


def _short(value: object, limit: int) -> str:
    text = " ".join(_text(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
