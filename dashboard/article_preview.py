"""What the "Add article" page shows, as plain pandas (no Streamlit): a preview and fact lists.

The preview is what the extractor would add: operations, countries with their roles,
figures and quotes, each with the sentence it came from and the rule that read it with
its confidence (and, below high, why), so a person checks the facts before saving. It
also says which operation, and which edition of it, each reported operation will join
(`joinings`), and which of the article's figures would disagree with those already in
the data. The fact list is what a person may mark as wrong in a built dataset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.provenance import evidence
from dashboard.review import CONFIDENCE_RANK, MARK, confidence_of
from dashboard.theme import format_claim, metric_label, plural
from geo import country_name
from ingest.build import table_rows
from ingest.corrections import CORRECTABLE, TABLES_BY_NAME, dataset_rows, format_key, key_of
from ingest.extract import extract_text
from ingest.linking import EDITIONS_NAME, link_operations, operation_labels, read_editions
from ingest.model import ArticleFacts
from ingest.read import BadInput

UNATTRIBUTED = "(no operation named)"
REVIEW_COLUMNS = ["Rule", "Confidence", "Why in doubt"]
"""Beside every previewed fact: the rule that read it, how sure it is, and why not more."""
_LABEL_CHARS = 90
PREVIEW_ID = "preview"
"""The article id the previewed article has until it is saved (never a real one: not hex)."""
LINKED_TABLES = ("articles", "operations", "mentions", "country_roles", "figures", "quotes")


@dataclass(frozen=True)
class Preview:
    """The facts of one article as tables, each row with its source sentence."""

    title: str | None
    operations: pd.DataFrame
    countries: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    facts: ArticleFacts | None = field(default=None, compare=False)
    text: str = ""

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
        facts=facts,
        text=text,
    )


@dataclass(frozen=True)
class Joining:
    """Which operation one operation the article reports joins when the article is saved.

    Attributes:
        name: The operation's name as the article gives it.
        edition: The edition it joins (proposed by ``ingest.linking`` or chosen).
        label: How the dashboard will name it ("Global Chain 2024").
        n_articles: Articles already in the data for that edition (0: a new operation).
        editions: The editions of that name already in the data, as (edition, label).
        disagreements: One sentence per figure that no source in the data agrees with.
    """

    name: str
    edition: str
    label: str
    n_articles: int
    editions: tuple[tuple[str, str], ...]
    disagreements: tuple[str, ...]

    @property
    def joins(self) -> bool:
        """True when the article joins an operation the data already has."""
        return self.n_articles > 0


def joinings(
    found: Preview,
    dataset: Path,
    corpus: Path,
    chosen: Mapping[str, str] | None = None,
) -> list[Joining]:
    """Which operation (and edition) each operation the previewed article reports joins.

    Links the article together with the built dataset and the corpus's edition choices
    the way a build will (``ingest.linking``); ``chosen`` is the edition a person picked
    per operation name. Operations the article names only in passing are left out.
    """
    if found.facts is None:
        return []
    rows = _rows_with_preview(found, dataset)
    file_of = {row["article_id"]: row.get("file", "") for row in rows["articles"]}
    by_file, _ = read_editions(Path(corpus) / EDITIONS_NAME)
    id_of = {file: ident for ident, file in file_of.items() if ident != PREVIEW_ID}
    choices = {(id_of[f], op): ed for (f, op), ed in by_file.items() if f in id_of}
    choices.update({(PREVIEW_ID, name): ed for name, ed in (chosen or {}).items() if ed})
    link_operations(rows, choices)
    reported = [row for row in rows["operations"] if not row["in_passing"]]
    labels = operation_labels({r["operation_id"]: (r["operation"], r["edition"]) for r in reported})
    others = [row for row in reported if row["article_id"] != PREVIEW_ID]
    result = []
    for row in reported:
        if row["article_id"] != PREVIEW_ID:
            continue
        ident, name = row["operation_id"], row["operation"]
        editions = {
            (r["edition"], labels[r["operation_id"]]) for r in others if r["operation"] == name
        }
        result.append(
            Joining(
                name=name,
                edition=row["edition"],
                label=labels[ident],
                n_articles=len({r["article_id"] for r in others if r["operation_id"] == ident}),
                editions=tuple(sorted(editions)),
                disagreements=tuple(_disagreements(rows, ident)),
            )
        )
    return result


def _rows_with_preview(found: Preview, dataset: Path) -> dict[str, list[dict]]:
    """The dataset's rows (none when it is not built yet) and the previewed article's."""
    record = found.facts.to_record()
    new = table_rows(
        {PREVIEW_ID: record}, {PREVIEW_ID: found.text}, {"articles": {PREVIEW_ID: {"file": ""}}}
    )
    rows: dict[str, list[dict]] = {}
    for table in LINKED_TABLES:
        try:
            existing = [dict(row) for row in dataset_rows(dataset, table)]
        except BadInput:
            existing = []
        rows[table] = existing + new[table]
    return rows


def _disagreements(rows: Mapping[str, list[dict]], ident: str) -> list[str]:
    """The article's figures for ``ident`` that no source already in the data agrees with."""
    sources = {row["article_id"]: _source_name(row) for row in rows["articles"]}
    mine: dict[str, set[tuple[int, str]]] = {}
    theirs: dict[str, dict[tuple[int, str], set[str]]] = {}
    for figure in rows["figures"]:
        value = _number(figure.get("value"))
        if figure.get("operation_id") != ident or value is None:
            continue
        claim = (value, figure.get("qualifier") or "exact")
        if figure["article_id"] == PREVIEW_ID:
            mine.setdefault(figure["metric"], set()).add(claim)
        else:
            said = theirs.setdefault(figure["metric"], {})
            said.setdefault(claim, set()).add(sources.get(figure["article_id"], ""))
    messages = []
    for metric, claims in sorted(mine.items()):
        known = theirs.get(metric, {})
        for claim in sorted(claims):
            if not known or any(_agree(claim, other) for other in known):
                continue
            named = sorted({source for names in known.values() for source in names if source})
            said = " or ".join(format_claim(v, q) for v, q in sorted(known))
            messages.append(
                f"{metric_label(metric)}: this article says {format_claim(*claim)}; "
                f"{plural(len(named) or 1, 'source')} in the data "
                f"{'says' if len(named) <= 1 else 'say'} {said}"
                + (f" ({'; '.join(named)})" if named else "")
                + ". Saving shows them as a disagreement."
            )
    return messages


def _agree(first: tuple[int, str], second: tuple[int, str]) -> bool:
    """Equal numbers agree, and so does "at least N" with any number from N up."""
    if first[0] == second[0]:
        return True
    return any(
        low[1] == "at_least" and other[0] >= low[0]
        for low, other in ((first, second), (second, first))
    )


def _number(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _source_name(row: Mapping[str, str]) -> str:
    parts = [row.get("publisher") or "", row.get("published_date") or ""]
    return ", ".join(part for part in parts if part) or (row.get("title") or "")


def edition_choices(joining: Joining) -> Sequence[tuple[str, str]]:
    """The editions a person may pick for one operation: the proposed one first."""
    choices = [(joining.edition, joining.label)]
    choices += [pair for pair in joining.editions if pair[0] != joining.edition]
    return choices


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
