"""What the "Add article" page shows, as plain pandas (no Streamlit): a preview and fact lists.

The preview is what the extractor would add: operations, countries with their roles,
figures and quotes, each with the sentence it came from and the rule that read it with
its confidence (and, below high, why), so a person checks the facts before saving. The
fact list is what a person may mark as wrong in a built dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.provenance import evidence
from dashboard.review import CONFIDENCE_RANK, MARK, confidence_of
from geo import country_name
from ingest.corrections import CORRECTABLE, TABLES_BY_NAME, dataset_rows, format_key, key_of
from ingest.extract import extract_text
from ingest.model import ArticleFacts

UNATTRIBUTED = "(no operation named)"
REVIEW_COLUMNS = ["Rule", "Confidence", "Why in doubt"]
"""Beside every previewed fact: the rule that read it, how sure it is, and why not more."""
_LABEL_CHARS = 90


@dataclass(frozen=True)
class Preview:
    """The facts of one article as tables, each row with its source sentence."""

    title: str | None
    operations: pd.DataFrame
    countries: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame

    @property
    def n_facts(self) -> int:
        """How many facts saving would add."""
        return sum(
            len(frame) for frame in (self.operations, self.countries, self.figures, self.quotes)
        )


def preview(text: str, sidecar: Mapping[str, str] | None = None) -> Preview:
    """Run the extractor on an article's text and lay its facts out for review."""
    facts = extract_text(text, "preview", sidecar=sidecar)
    return Preview(
        title=facts.source.title,
        operations=_operations(facts, text),
        countries=_countries(facts, text),
        figures=_figures(facts, text),
        quotes=_quotes(facts, text),
    )


def sentence(text: str, start: int | None, end: int | None) -> str:
    """The sentence a fact came from, as plain text (empty when it has no span)."""
    found = evidence(text, start, end)
    return found.sentence if found else ""


def _operations(facts: ArticleFacts, text: str) -> pd.DataFrame:
    first = {}
    for mention in facts.operation_mentions:
        first.setdefault(mention.name, mention)
    rows = [
        {
            "Operation": op.name,
            "Starts": op.start or "",
            "Ends": op.end or "",
            "Sentence": sentence(text, *_span(first.get(op.name))),
            **_review(op),
        }
        for op in facts.operations
    ]
    return pd.DataFrame(rows, columns=["Operation", "Starts", "Ends", "Sentence", *REVIEW_COLUMNS])


def _countries(facts: ArticleFacts, text: str) -> pd.DataFrame:
    held = facts.countries()
    best: dict[tuple, object] = {}
    for mention in facts.mentions:
        key = (mention.iso3, mention.role, mention.operation)
        if mention.role not in held.get(mention.iso3, []):
            continue
        known = best.get(key)
        if known is None or _rank(mention) < _rank(known):
            best[key] = mention  # the role is as sure as its surest mention
    rows = []
    for mention in best.values():
        rows.append(
            {
                "Country": _country(mention.iso3),
                "ISO3": mention.iso3,
                "Role": mention.role,
                "Operation": mention.operation or UNATTRIBUTED,
                "As written": mention.surface,
                "Sentence": sentence(text, mention.start, mention.end),
                **_review(mention),
            }
        )
    columns = ["Country", "ISO3", "Role", "Operation", "As written", "Sentence", *REVIEW_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def _figures(facts: ArticleFacts, text: str) -> pd.DataFrame:
    rows = [
        {
            "Metric": figure.metric.replace("_", " "),
            "Value": "" if figure.value is None else f"{figure.value:,}",
            "Qualifier": figure.qualifier,
            "Operation": figure.operation or UNATTRIBUTED,
            "As written": figure.surface,
            "Sentence": sentence(text, figure.start, figure.end),
            **_review(figure),
        }
        for figure in facts.figures
    ]
    columns = [
        "Metric",
        "Value",
        "Qualifier",
        "Operation",
        "As written",
        "Sentence",
        *REVIEW_COLUMNS,
    ]
    return pd.DataFrame(rows, columns=columns)


def _quotes(facts: ArticleFacts, text: str) -> pd.DataFrame:
    rows = [
        {
            "Speaker": quote.speaker,
            "Title": quote.speaker_title or "",
            "Words": quote.text,
            "Operation": quote.operation or UNATTRIBUTED,
            "Sentence": sentence(text, quote.start, quote.end),
            **_review(quote),
        }
        for quote in facts.quotes
    ]
    columns = ["Speaker", "Title", "Words", "Operation", "Sentence", *REVIEW_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def _review(fact) -> dict[str, str]:
    """The rule, confidence ("low ?" when low) and doubt of an extracted fact."""
    confidence = confidence_of(fact.confidence)
    return {
        "Rule": fact.rule or "(unnamed rule)",
        "Confidence": f"{confidence} {MARK}" if confidence == "low" else confidence,
        "Why in doubt": fact.doubt or "",
    }


def _rank(mention) -> int:
    return CONFIDENCE_RANK[confidence_of(mention.confidence)]


def _span(mention) -> tuple[int | None, int | None]:
    return (mention.start, mention.end) if mention else (None, None)


def _country(iso3: str) -> str:
    try:
        return country_name(iso3)
    except KeyError:
        return iso3


@dataclass(frozen=True)
class Fact:
    """One fact of a built dataset that a person may correct."""

    table: str
    key: str
    label: str
    values: dict[str, str]
    rule_id: str = ""
    confidence: str = ""
    doubt: str = ""

    @property
    def choice(self) -> str:
        """A stable identifier for a select box."""
        return f"{self.table}|{self.key}"


def article_choices(dataset: Path) -> dict[str, str]:
    """Article id to a readable label (title, outlet, date), for picking an article."""
    choices = {}
    for row in dataset_rows(dataset, "articles"):
        name = row.get("title") or row.get("file") or row["article_id"]
        extra = ", ".join(
            value for value in (row.get("publisher"), row.get("published_date")) if value
        )
        choices[row["article_id"]] = _short(f"{name} ({extra})" if extra else name)
    return choices


def correctable_facts(dataset: Path, article_id: str) -> list[Fact]:
    """Every fact of one article that ``ingest.corrections`` can correct, labelled for people."""
    facts = []
    for table, fields in CORRECTABLE.items():
        for row in dataset_rows(dataset, table):
            if row.get("article_id") != article_id:
                continue
            facts.append(
                Fact(
                    table=table,
                    key=format_key(key_of(TABLES_BY_NAME[table], row)),
                    label=_short(_fact_label(table, row)),
                    values={name: row.get(name, "") for name in fields},
                    rule_id=row.get("rule_id") or "",
                    confidence=row.get("confidence") or "",
                    doubt=row.get("doubt") or "",
                )
            )
    return facts


def _fact_label(table: str, row: Mapping[str, str]) -> str:
    operation = row.get("operation") or UNATTRIBUTED
    flag = " [corrected]" if row.get("corrected") == "True" else ""
    if row.get("confidence") == "low":
        flag += f" [{MARK} low confidence]"
    if table == "articles":
        return f"Article details: {row.get('title') or 'no title'}{flag}"
    if table == "operations":
        dates = " to ".join(d for d in (row.get("start_date"), row.get("end_date")) if d)
        return f"Operation {operation}" + (f", {dates}" if dates else "") + flag
    if table == "country_roles":
        return f"Country {_country(row['iso3'])}: {row['role']} in {operation}{flag}"
    if table == "figures":
        value = row.get("value") or "(no number)"
        return f"Figure {row['metric'].replace('_', ' ')}: {value} ({row['qualifier']}){flag}"
    return f"Quote by {row.get('speaker')}: “{row.get('text')}”{flag}"


def _short(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= _LABEL_CHARS else flat[: _LABEL_CHARS - 1] + "…"
