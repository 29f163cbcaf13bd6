"""A person's correction, applied by a real build, is shown as such in the views' data."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from dashboard import summaries
from dashboard.dataset import read_dataset
from dashboard.filters import Filters, apply_filters, filter_options, prepare
from dashboard.views.quotes import card_markdown
from ingest.build import build

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LIBERTERRA_REPORT = "63df3f1009e056e0"


def test_corrected_facts_are_marked_where_they_appear(tmp_path, built_dataset):
    quotes = pd.read_csv(built_dataset / "quotes.csv", dtype=str)
    quote = quotes[quotes["article_id"] == LIBERTERRA_REPORT].iloc[0]
    corrections = tmp_path / "corrections.csv"
    with corrections.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "article_id",
                "table",
                "key",
                "field",
                "extracted_value",
                "corrected_value",
                "note",
                "corrected_on",
            ]
        )
        writer.writerow(
            [
                LIBERTERRA_REPORT,
                "country_roles",
                "iso3=CAN;role=mentioned;operation=Liberterra II",
                "role",
                "mentioned",
                "supporter",
                "Global Affairs Canada supported it",
                "2026-11-23",
            ]
        )
        writer.writerow(
            [
                LIBERTERRA_REPORT,
                "quotes",
                f"span_start={quote.span_start}",
                "speaker",
                quote.speaker,
                "INTERPOL press office",
                "",
                "2026-11-23",
            ]
        )
    out = tmp_path / "dataset"
    build(SEEDS, out, warn=lambda _message: None, corrections=corrections)

    prepared = prepare(read_dataset(out))
    view = apply_filters(prepared, Filters(operations=("Liberterra II",)), filter_options(prepared))
    summary = summaries.country_summary(view, {}, prepared.dataset.texts).set_index("iso3")
    assert "supporter" in summary.loc["CAN", "roles_text"]
    assert "corrected by a person" in summary.loc["CAN", "roles_text"]
    assert "Global Affairs Canada supported it" in summary.loc["CAN", "roles_text"]

    cards = summaries.quote_cards(view)
    assert cards[0]["speaker"] == "INTERPOL press office"
    assert "corrected by a person" in card_markdown(cards[0])

    assert "corrected" not in summary.loc["ARG", "roles_text"]
