"""Which operation each fact belongs to: editions, operations in passing, inferences.

An operation is its name plus its edition (`edition_of`): two articles about an annual
operation's 2024 and 2025 runs report two operations, each with its ``operation_id``. An
operation the article only names in passing ("leads from an earlier operation called
Coral": no dates, no figures, no countries, no quotes) is marked so, and is no report.

An article that names no operation stays unattributed: its facts are never merged into
an operation. When its numbers match those of one operation's reports on two or more
metrics, the dataset records that operation as an inference, with the evidence, so a
reader can see the likely link and judge it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ingest.atomic import replace_file
from ingest.read import BadInput

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


EDITIONS_NAME = "editions.csv"
"""A corpus's reviewed choices of edition: ``file,operation,edition`` (see `read_editions`)."""
EDITION_FIELDS = ("file", "operation", "edition")
FACT_TABLES = ("operations", "mentions", "country_roles", "figures", "quotes")
REPORTING_TABLES = ("country_roles", "figures", "quotes")
"""Tables whose rows make an operation one the article reports (not one named in passing)."""
_ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})$")
_SLUG = re.compile(r"[^0-9a-z]+")
_EDITION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z .\-/]{0,39}$")
"""An edition a person writes: a year, a numeral or a few words ("2023", "III", "spring 2025")."""


def name_numeral(name: str) -> str:
    """The edition a name carries itself: "Liberterra II" -> "II", "Global Chain 3" -> "3"."""
    words = name.split()
    if len(words) < 2:
        return ""
    last = words[-1]
    return last if last.isdigit() or _ROMAN.match(last) else ""


def edition_of(name: str, start_date: str | None, published_date: str | None) -> str:
    """An operation's edition: its numeral, else the year of its dates, else of the article.

    Empty when none is known (no numeral, no dates, an undated article).
    """
    numeral = name_numeral(name)
    if numeral:
        return numeral
    for date in (start_date, published_date):
        if date and re.match(r"^\d{4}-", str(date)):
            return str(date)[:4]
    return ""


def operation_id(name: str, edition: str) -> str:
    """A stable id from name and edition: ``global-chain-2024``, ``liberterra-ii``."""
    slug = _SLUG.sub("-", name.casefold()).strip("-") or "operation"
    if not edition or edition == name_numeral(name):
        return slug
    return f"{slug}-{_SLUG.sub('-', edition.casefold()).strip('-')}"


def operation_labels(editions: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Operation id to its label: the name, with the edition where names repeat.

    ``editions`` maps each id to its (name, edition): "Global Chain" alone stays
    "Global Chain"; beside another edition it reads "Global Chain 2024".
    """
    ids_of_name: dict[str, list[str]] = {}
    for ident, (name, _) in editions.items():
        ids_of_name.setdefault(name.casefold(), []).append(ident)
    labels = {}
    for ident, (name, edition) in editions.items():
        if len(ids_of_name[name.casefold()]) == 1 or edition == name_numeral(name):
            labels[ident] = name
        else:
            labels[ident] = f"{name} {edition}" if edition else f"{name} (year unknown)"
    return labels


def read_editions(path: Path) -> tuple[dict[tuple[str, str], str], list[str]]:
    """The editions people chose, by (file, operation), and one problem per unusable row.

    A missing file means no choices. The file is kept beside ``sources.csv`` in the
    corpus; the Add-article page writes it (`record_edition`).
    """
    if not path.exists():
        return {}, []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as problem:
        return {}, [f"{path.name}: unreadable ({problem}); edition choices ignored"]
    choices, problems = {}, []
    for number, row in enumerate(rows, start=2):
        values = [(row.get(name) or "").strip() for name in EDITION_FIELDS]
        if not all(values) or not _EDITION.match(values[2]):
            problems.append(
                f"{path.name} line {number}: needs a file, an operation and an edition "
                "(a year or a numeral: letters, digits, spaces, at most 40); row ignored"
            )
            continue
        choices[(values[0], values[1])] = values[2]
    return choices, problems


def edition_problem(edition: str) -> str | None:
    """What is wrong with an edition a person typed, or None when it is usable."""
    if _EDITION.match(edition.strip()):
        return None
    return (
        "An edition is a year (2023), a numeral (III) or a few plain words: at most 40 "
        "letters, digits, spaces, dots, dashes or slashes."
    )


def record_edition(corpus: Path, file: str, operation: str, edition: str) -> None:
    """Keep a person's choice of edition for one operation of one article file.

    Raises:
        BadInput: the edition is not a year, a numeral or a few plain words.
    """
    problem = edition_problem(edition)
    if problem:
        raise BadInput(problem)
    path = corpus / EDITIONS_NAME
    choices, _ = read_editions(path)
    choices[(file, operation)] = edition.strip()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDITION_FIELDS)
    for (name, op), chosen in sorted(choices.items()):
        writer.writerow((name, op, chosen))
    replace_file(path, buffer.getvalue().encode("utf-8"))


def link_operations(
    rows: Mapping[str, list[dict]], chosen: Mapping[tuple[str, str], str] | None = None
) -> None:
    """Give every fact row its ``operation_id`` and mark operations named in passing.

    Two articles join one operation only when their editions agree (`edition_of`, or the
    edition a person chose for that article in ``chosen``, keyed by article id and
    operation name). An operation without an edition of its own (an undated article, an
    operation named in passing, which is an earlier one) joins the one edition of that
    name when there is exactly one. Rows are updated in place: ``operation_id`` on fact
    rows, ``edition`` and ``in_passing`` on operation rows, and ``operation_ids`` and
    ``inferred_operation_id`` on article rows.
    """
    chosen = chosen or {}
    _mark_in_passing(rows)
    published = {row["article_id"]: row.get("published_date") for row in rows["articles"]}
    editions: dict[tuple[str, str], str] = {}
    for row in rows["operations"]:
        key = (row["article_id"], row["operation"])
        year_from = None if row["in_passing"] else published.get(row["article_id"])
        editions[key] = chosen.get(key) or edition_of(
            row["operation"], row.get("start_date"), year_from
        )
    known: dict[str, set[str]] = {}
    for row in rows["operations"]:
        edition = editions[(row["article_id"], row["operation"])]
        if edition and not row["in_passing"]:
            known.setdefault(row["operation"], set()).add(edition)
    ids = {}
    for row in rows["operations"]:
        key = (row["article_id"], row["operation"])
        if not editions[key] and len(known.get(key[1], ())) == 1:
            editions[key] = next(iter(known[key[1]]))
        row["edition"] = editions[key]
        ids[key] = operation_id(key[1], editions[key])
    for table in FACT_TABLES:
        for row in rows[table]:
            name = row.get("operation")
            row["operation_id"] = (
                ids.get((row["article_id"], name), operation_id(name, "")) if name else None
            )
    passing = {(r["article_id"], r["operation"]) for r in rows["operations"] if r["in_passing"]}
    for article in rows["articles"]:
        names = [n for n in (article.get("operations") or "").split(";") if n]
        article["operation_ids"] = ";".join(
            ids.get((article["article_id"], n), operation_id(n, ""))
            for n in names
            if (article["article_id"], n) not in passing
        )
        article["inferred_operation_id"] = _inferred_id(article, rows["figures"])


def _mark_in_passing(rows: Mapping[str, list[dict]]) -> None:
    """An operation with no dates and no facts, beside one the article reports, is in passing."""
    reported = {
        (row["article_id"], row.get("operation"))
        for table in REPORTING_TABLES
        for row in rows[table]
        if row.get("operation")
    }

    def substantive(row: dict) -> bool:
        return bool(row.get("start_date") or row.get("end_date")) or (
            (row["article_id"], row["operation"]) in reported
        )

    by_article: dict[str, list[dict]] = {}
    for row in rows["operations"]:
        by_article.setdefault(row["article_id"], []).append(row)
    for row in rows["operations"]:
        others = [o for o in by_article[row["article_id"]] if o["operation"] != row["operation"]]
        row["in_passing"] = not substantive(row) and any(map(substantive, others))


def _inferred_id(article: Mapping, figures: list[dict]) -> str | None:
    """Of the editions of the inferred operation, the one sharing most figures with it."""
    name = article.get("inferred_operation")
    if not name:
        return None
    own = {
        (f["metric"], f["value"])
        for f in figures
        if f["article_id"] == article["article_id"] and f.get("value") is not None
    }
    shared: dict[str, int] = {}
    for figure in figures:
        if figure.get("operation") == name and figure.get("operation_id"):
            hit = int((figure["metric"], figure.get("value")) in own)
            shared[figure["operation_id"]] = shared.get(figure["operation_id"], 0) + hit
    if not shared:
        return None
    return max(sorted(shared), key=lambda ident: shared[ident])


def link_corpus_operations(
    rows: Mapping[str, list[dict]], editions_file: Path, file_of: Mapping[str, str]
) -> list[str]:
    """`link_operations` with the choices of a corpus's ``editions.csv``; its problems.

    ``file_of`` maps each article id to its file in the corpus, as the choices name it.
    """
    by_file, problems = read_editions(editions_file)
    id_of = {file: ident for ident, file in file_of.items()}
    chosen = {
        (id_of[file], operation): edition
        for (file, operation), edition in by_file.items()
        if file in id_of
    }
    link_operations(rows, chosen)
    return problems
