"""Filter the dataset the way the sidebar asks: plain pandas, no Streamlit.

Every fact belongs to a *report*: an article together with the operation it is about
(``op_label``), or, for an article that names no operation, the label
`UNATTRIBUTED_LABEL` (never merged into an operation). Filters first choose reports
(operation, year, source), then places (country, role); the figures, quotes and timeline
show the reports the chosen places appear in.

An operation is one edition of a name (``ingest.linking``): ``prepare`` rewrites each
fact's ``operation`` to its edition's label ("Global Chain 2024" where the name repeats,
else the name) and keeps the name as written in ``operation_name``; operations an
article names only in passing are left out.

An empty selection in a multi-select means "no restriction".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.dataset import Dataset
from dashboard.safe import quoted
from dashboard.theme import RGB, ROLE_ORDER, UNATTRIBUTED_LABEL, operation_colours, parse_hex
from ingest.linking import operation_labels

FACT_TABLES = ("operations", "mentions", "country_roles", "figures", "quotes")


@dataclass(frozen=True)
class Filters:
    """What the reader asked for; empty tuples and ``None`` mean everything."""

    operations: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    countries: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    quote_search: str = ""
    needs_review: bool = False
    """Show only the low-confidence country roles, figures and quotes (the review filter)."""


@dataclass(frozen=True)
class Options:
    """The values each filter can take in this dataset, in display order."""

    operations: tuple[str, ...]
    years: tuple[int, int] | None
    countries: tuple[str, ...]
    roles: tuple[str, ...]
    sources: tuple[str, ...]
    source_labels: Mapping[str, str] = field(default_factory=dict)
    colours: Mapping[str, RGB] = field(default_factory=dict)
    """Each operation label's colour: the one the dataset keeps for it, else the palette's."""
    editions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """An operation name to the labels of its editions, where they differ from the name."""


@dataclass(frozen=True)
class Prepared:
    """The dataset with each fact labelled by report (``op_label``) and year."""

    dataset: Dataset
    articles: pd.DataFrame
    reports: pd.DataFrame
    operations: pd.DataFrame
    mentions: pd.DataFrame
    country_roles: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    pinned_colours: Mapping[str, RGB] = field(default_factory=dict)
    """Label to the colour the dataset's ``operation_colours`` table fixes for it."""
    editions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class View:
    """What survives the filters: one frame per table, ready for the views."""

    articles: pd.DataFrame
    reports: pd.DataFrame
    operations: pd.DataFrame
    mentions: pd.DataFrame
    country_roles: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        """True when no report survives: the page shows a message instead of empty charts."""
        return self.reports.empty


def op_label(operation: object) -> str:
    """The report label of a fact: its operation, or `UNATTRIBUTED_LABEL` when it has none."""
    if (
        operation is None
        or operation is pd.NA
        or (isinstance(operation, float) and operation != operation)
    ):
        return UNATTRIBUTED_LABEL
    text = str(operation).strip()
    return text or UNATTRIBUTED_LABEL


def source_label(article: Mapping) -> str:
    """How an article is named in filters and tables: publisher and headline, never its file."""
    publisher = _text(article.get("publisher"))
    title = _text(article.get("title"))
    if title and len(title) > 60:
        title = title[:57].rstrip() + "…"
    if publisher and title:
        return f"{publisher}: {title}"
    if publisher or title:
        return publisher or title
    published = _text(article.get("published_date"))
    dated = f" of {published}" if published else ""
    return f"Untitled article{dated} ({article.get('article_id') or 'no id'})"


def prepare(dataset: Dataset) -> Prepared:
    """Label every fact with its report and year; returns new frames (the input is untouched)."""
    articles = dataset.articles.copy()
    articles["source_label"] = [source_label(row) for row in articles.to_dict("records")]
    articles["published_year"] = _years(articles["published_date"])
    reported = _reported_operations(dataset.operations)
    labels = edition_labels(reported)
    articles["inferred_operation"] = pd.array(
        [
            _label(labels, ident, name)
            for ident, name in zip(
                articles["inferred_operation_id"], articles["inferred_operation"], strict=True
            )
        ],
        dtype="string",
    )
    named = {name: _with_labels(getattr(dataset, name), labels) for name in FACT_TABLES}
    named["operations"] = _with_labels(reported, labels)
    spans = operation_spans(named["operations"])
    reports = _reports(named, articles, spans, labels)
    year_of = {(r.article_id, r.op_label): r.year for r in reports.itertuples()}

    def labelled(frame: pd.DataFrame) -> pd.DataFrame:
        result = frame.copy()
        result["op_label"] = [op_label(value) for value in result["operation"]]
        result["year"] = pd.array(
            [
                year_of.get(key)
                for key in zip(result["article_id"], result["op_label"], strict=True)
            ],
            dtype="Int64",
        )
        return result

    return Prepared(
        dataset=dataset,
        articles=articles,
        reports=reports,
        **{name: labelled(named[name]) for name in FACT_TABLES},
        pinned_colours=_pinned_colours(dataset.operation_colours, labels),
        editions=_editions(named["operations"]),
    )


def edition_labels(operations: pd.DataFrame) -> dict[str, str]:
    """Operation id to its label ("Global Chain 2024" where names repeat, else the name)."""
    known = operations.dropna(subset=["operation_id", "operation"])
    editions = {
        row.operation_id: (row.operation, _text(row.edition))
        for row in known.drop_duplicates("operation_id").itertuples()
    }
    return operation_labels(editions)


def _reported_operations(operations: pd.DataFrame) -> pd.DataFrame:
    """The operation rows of reports: without those an article names only in passing."""
    in_passing = operations["in_passing"].fillna(False).astype(bool)
    return operations[~in_passing].reset_index(drop=True)


def _with_labels(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """``operation`` becomes the edition's label; the name as written is ``operation_name``."""
    result = frame.copy()
    result["operation_name"] = result["operation"]
    result["operation"] = pd.array(
        [
            _label(labels, ident, name)
            for ident, name in zip(result["operation_id"], result["operation"], strict=True)
        ],
        dtype="string",
    )
    return result


def _label(labels: Mapping[str, str], ident: object, name: object) -> object:
    """The label of an edition; a dataset built before editions has only names."""
    if not _text(name):
        return pd.NA
    return labels.get(_text(ident), name)


def _pinned_colours(table: pd.DataFrame, labels: Mapping[str, str]) -> dict[str, RGB]:
    """Label to the colour the dataset fixed for its operation (unusable colours skipped)."""
    pinned: dict[str, RGB] = {}
    for row in table.itertuples():
        colour = parse_hex(_text(row.colour))
        label = labels.get(_text(row.operation_id))
        if colour is not None and label is not None:
            pinned.setdefault(label, colour)
    return pinned


def _editions(operations: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """A name to its editions' labels, where a label is not the bare name."""
    pairs = operations.dropna(subset=["operation"])[["operation_name", "operation"]]
    found: dict[str, set[str]] = {}
    for name, label in pairs.drop_duplicates().itertuples(index=False):
        found.setdefault(str(name), set()).add(str(label))
    return {name: tuple(sorted(labels)) for name, labels in found.items() if labels != {name}}


def operation_spans(operations: pd.DataFrame) -> pd.DataFrame:
    """One row per operation: earliest start, latest end and how many articles give dates.

    Columns: ``operation``, ``start_date``, ``end_date`` (``Timestamp`` or ``NaT``),
    ``n_sources`` (articles naming it), ``n_dated`` (articles giving its dates).
    """
    if operations.empty:
        return pd.DataFrame(columns=["operation", "start_date", "end_date", "n_sources", "n_dated"])
    frame = operations.assign(
        start=pd.to_datetime(operations["start_date"], errors="coerce"),
        end=pd.to_datetime(operations["end_date"], errors="coerce"),
    )
    grouped = frame.groupby("operation", sort=False)
    return pd.DataFrame(
        {
            "start_date": grouped["start"].min(),
            "end_date": grouped["end"].max(),
            "n_sources": grouped["article_id"].nunique(),
            "n_dated": grouped.apply(
                lambda rows: rows.loc[rows["start"].notna(), "article_id"].nunique(),
                include_groups=False,
            ),
        }
    ).reset_index()


def filter_options(prepared: Prepared) -> Options:
    """The choices the sidebar offers: operations by start date (unattributed last), etc."""
    reports = prepared.reports
    order = (
        reports.assign(unattributed=reports["op_label"] == UNATTRIBUTED_LABEL)
        .sort_values(["unattributed", "start", "op_label"], na_position="last", kind="stable")[
            "op_label"
        ]
        .drop_duplicates()
    )
    years = reports["year"].dropna()
    roles_present = set(prepared.country_roles["role"].dropna())
    countries = prepared.country_roles["iso3"].dropna().unique().tolist()
    articles = prepared.articles.sort_values("source_label", kind="stable")
    labels = tuple(order)
    return Options(
        operations=labels,
        years=(int(years.min()), int(years.max())) if not years.empty else None,
        countries=tuple(sorted(countries)),
        roles=tuple(role for role in ROLE_ORDER if role in roles_present)
        + tuple(sorted(roles_present - set(ROLE_ORDER))),
        sources=tuple(articles["article_id"]),
        source_labels=dict(zip(articles["article_id"], articles["source_label"], strict=True)),
        colours=operation_colours(labels, prepared.pinned_colours),
        editions=prepared.editions,
    )


def sanitise(filters: Filters, options: Options) -> tuple[Filters, list[str]]:
    """Drop values this dataset does not have (a stale or hand-edited link), saying which.

    Returns the usable filters and one message per dropped value.
    """
    problems: list[str] = []

    def keep(values: Iterable[str], allowed: Iterable[str], what: str) -> tuple[str, ...]:
        allowed_set = set(allowed)
        kept = []
        for value in values:
            if value in allowed_set:
                if value not in kept:
                    kept.append(value)
            else:
                problems.append(f"Ignored unknown {what} {quoted(value)} from the link.")
        return tuple(kept)

    years = filters.years
    if years is not None:
        if options.years is None:
            years = None
        else:
            low, high = sorted(years)
            low, high = max(low, options.years[0]), min(high, options.years[1])
            if low > high:
                problems.append(
                    f"Ignored the year range {years[0]}–{years[1]}: the data covers "
                    f"{options.years[0]}–{options.years[1]}."
                )
                years = None
            else:
                years = (low, high)
    clean = replace(
        filters,
        operations=keep(_editions_of(filters, options, problems), options.operations, "operation"),
        years=years,
        countries=keep(filters.countries, options.countries, "country code"),
        roles=keep(filters.roles, options.roles, "role"),
        sources=keep(filters.sources, options.sources, "source"),
        quote_search=filters.quote_search.strip()[:200],
    )
    return clean, problems


def with_editions(names: Iterable[str], options: Options) -> list[str]:
    """The operation labels ``names`` stand for: a bare name that is several editions, all."""
    return [
        label
        for name in names
        for label in (
            (name,) if name in options.operations else options.editions.get(name, (name,))
        )
    ]


def _editions_of(filters: Filters, options: Options, problems: list[str]) -> list[str]:
    """A bare name from an old link stands for every edition of it, with a notice."""
    operations = []
    for value in filters.operations:
        editions = options.editions.get(value, ())
        if value in options.operations or not editions:
            operations.append(value)
            continue
        operations.extend(editions)
        problems.append(
            f"{quoted(value)} from the link is {len(editions)} operations here; showing "
            f"{' and '.join(editions)}. Pick one in the sidebar to narrow it."
            if len(editions) > 1
            else f"{quoted(value)} from the link is listed as {editions[0]} now."
        )
    return operations


def apply_filters(prepared: Prepared, filters: Filters, options: Options | None = None) -> View:
    """Keep the reports and places the filters ask for; see the module docstring."""
    options = options or filter_options(prepared)
    reports = prepared.reports
    if filters.operations:
        reports = reports[reports["op_label"].isin(filters.operations)]
    if filters.years is not None and options.years is not None and filters.years != options.years:
        low, high = filters.years
        reports = reports[reports["year"].notna() & reports["year"].between(low, high)]
    if filters.sources:
        reports = reports[reports["article_id"].isin(filters.sources)]

    places = _in_reports(prepared.country_roles, reports)
    mentions = _in_reports(prepared.mentions, reports)
    if filters.countries:
        places = places[places["iso3"].isin(filters.countries)]
        mentions = mentions[mentions["iso3"].isin(filters.countries)]
    if filters.roles:
        places = places[places["role"].isin(filters.roles)]
        mentions = mentions[mentions["role"].isin(filters.roles)]
    if filters.countries or filters.roles:
        reports = reports.merge(
            places[["article_id", "op_label"]].drop_duplicates(), on=["article_id", "op_label"]
        )

    figures = _in_reports(prepared.figures, reports)
    quotes = _in_reports(prepared.quotes, reports)
    if filters.needs_review:
        # Reports stay (the timeline and sources keep their context); the facts drawn on
        # the map, the figures and the quote cards are only those that need review.
        places, mentions = places[is_low(places)], mentions[is_low(mentions)]
        figures, quotes = figures[is_low(figures)], quotes[is_low(quotes)]
    return View(
        articles=prepared.articles[prepared.articles["article_id"].isin(reports["article_id"])],
        reports=reports.reset_index(drop=True),
        operations=_in_reports(prepared.operations, reports),
        mentions=mentions.reset_index(drop=True),
        country_roles=places.reset_index(drop=True),
        figures=figures.reset_index(drop=True),
        quotes=quotes.reset_index(drop=True),
    )


def is_low(frame: pd.DataFrame) -> pd.Series:
    """Which rows are low-confidence facts (false for all when the table has no confidence)."""
    if "confidence" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["confidence"].fillna("").str.strip().str.lower().eq("low").astype(bool)


def search_quotes(quotes: pd.DataFrame, query: str) -> pd.DataFrame:
    """Quotes whose words or speaker contain every word of ``query`` (case-insensitive)."""
    words = query.casefold().split()
    if not words or quotes.empty:
        return quotes
    haystack = (
        quotes["text"].fillna("")
        + " "
        + quotes["speaker"].fillna("")
        + " "
        + quotes["speaker_title"].fillna("")
    ).str.casefold()
    keep = pd.Series(True, index=quotes.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return quotes[keep]


def _reports(
    tables: Mapping[str, pd.DataFrame],
    articles: pd.DataFrame,
    spans: pd.DataFrame,
    labels: Mapping[str, str],
) -> pd.DataFrame:
    """One row per (article, report label) with the report's year and operation start."""
    pairs: set[tuple[str, str]] = set()
    for name in FACT_TABLES:
        table = tables[name]
        pairs.update(
            zip(table["article_id"], (op_label(value) for value in table["operation"]), strict=True)
        )
    for row in articles.itertuples():
        ids = [ident.strip() for ident in _text(row.operation_ids).split(";") if ident.strip()]
        names = [labels.get(ident, ident) for ident in ids] or [
            name.strip() for name in _text(row.operations).split(";") if name.strip()
        ]
        if not names:
            pairs.add((row.article_id, UNATTRIBUTED_LABEL))
        else:
            pairs.update((row.article_id, name) for name in names)
    start_of = dict(zip(spans["operation"], spans["start_date"], strict=True))
    published = dict(zip(articles["article_id"], articles["published_year"], strict=True))
    inferred = dict(zip(articles["article_id"], articles["inferred_operation"], strict=True))
    rows = []
    for article_id, label in sorted(pairs):
        start = start_of.get(label, pd.NaT)
        if label == UNATTRIBUTED_LABEL:
            year = published.get(article_id)
            if year is None or year is pd.NA:
                guess = inferred.get(article_id)
                guess_start = start_of.get(guess, pd.NaT) if isinstance(guess, str) else pd.NaT
                year = guess_start.year if pd.notna(guess_start) else None
        else:
            year = start.year if pd.notna(start) else published.get(article_id)
        rows.append(
            {
                "article_id": article_id,
                "op_label": label,
                "start": start,
                "year": None if year is None or year is pd.NA else int(year),
            }
        )
    frame = pd.DataFrame(rows, columns=["article_id", "op_label", "start", "year"])
    frame["year"] = frame["year"].astype("Int64")
    frame["start"] = pd.to_datetime(frame["start"])
    return frame


def _in_reports(table: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    keys = set(zip(reports["article_id"], reports["op_label"], strict=True))
    mask = [key in keys for key in zip(table["article_id"], table["op_label"], strict=True)]
    return table[mask].reset_index(drop=True) if len(table) else table


def _years(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, errors="coerce").dt.year.astype("Int64")


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
