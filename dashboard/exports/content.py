"""What a briefing says, worked out once for all exports: reports, colours, figures, quotes.

Pure functions of a `Briefing`. They read only the dataset's own columns
(``ingest/tables.py``), so a bundle filtered by any means gives the same result, and
they follow the dashboard's rules: a fact with no operation belongs to an unattributed
report named after its article (never merged into an operation), a country takes the
colour of its one operation (or the multi-operation colour), and draws with its
strongest role.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from dashboard.cite import UNKNOWN_OUTLET, inferred_fields
from dashboard.exports import Briefing
from dashboard.exports.text import clean
from dashboard.filters import is_low, op_label, operation_spans
from dashboard.quote_groups import group_quotes
from dashboard.review import LOW, MARK, confidence_of, doubts
from dashboard.safe import safe_url
from dashboard.summaries import UNATTRIBUTED_PREFIX
from dashboard.theme import (
    HEADLINE_METRICS,
    MULTI_OPERATION,
    RGB,
    ROLE_ORDER,
    UNATTRIBUTED,
    UNATTRIBUTED_LABEL,
    format_claim,
    metric_label,
    operation_colours,
    strongest_role,
)

OUTLET_CHARS = 40


@dataclass(frozen=True)
class Source:
    """One article as a briefing cites it."""

    article_id: str
    outlet: str
    title: str
    date: pd.Timestamp | None
    url: str | None
    month: str = ""
    """``Nov 2024`` when only the month is known (then ``date`` is None)."""
    inferred: frozenset[str] = frozenset()
    """Which of ``title``, ``publisher``, ``published`` the build inferred (`dashboard.cite`)."""

    @property
    def date_text(self) -> str:
        """``2 May 2018``, ``Nov 2024 (inferred)`` or ``undated``."""
        if self.date is None and not self.month:
            return "undated"
        shown = f"{self.date:%-d %b %Y}" if self.date is not None else self.month
        return shown + (" (inferred)" if "published" in self.inferred else "")

    @property
    def name(self) -> str:
        """The outlet, else the headline in single quotes; "(inferred)" marked.

        Single quotes because a citation may sit inside a quotation.
        """
        if self.title and self.title.startswith(self.outlet.rstrip("…")):
            return f"‘{self.outlet}’" + (" (inferred)" if "title" in self.inferred else "")
        return self.outlet + (" (inferred)" if "publisher" in self.inferred else "")

    @property
    def citation(self) -> str:
        """``Radio Habana Cuba, 2 May 2018`` (the date left out when unknown)."""
        dated = self.date is not None or self.month
        return f"{self.name}, {self.date_text}" if dated else self.name


@dataclass(frozen=True)
class Report:
    """An operation, or one unattributed article, as a row of the comparison."""

    name: str
    op_label: str
    colour: RGB
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Claim:
    """One distinct value claimed for a metric, and who claims it.

    ``low``: every statement of it is low-confidence, so it is printed with a "?".
    """

    text: str
    value: int | None
    sources: tuple[Source, ...]
    low: bool = False
    doubt: str = ""

    @property
    def shown(self) -> str:
        """The claim as printed: ``350``, or ``40?`` when it is in doubt."""
        return self.text + (MARK if self.low else "")


@dataclass(frozen=True)
class KeyFigure:
    """Every claim one report makes for one metric, most-supported first."""

    report: Report
    metric: str
    claims: tuple[Claim, ...]

    @property
    def label(self) -> str:
        """Human name of the metric."""
        return metric_label(self.metric)

    @property
    def headline(self) -> str:
        """The claims as a reader sees them: ``350``, ``250+ / hundreds``, ``40?`` (in doubt)."""
        return " / ".join(claim.shown for claim in self.claims)

    @property
    def top_value(self) -> int | None:
        """The largest number claimed (None when only vague words)."""
        values = [claim.value for claim in self.claims if claim.value is not None]
        return max(values) if values else None

    @property
    def n_sources(self) -> int:
        """How many articles state this figure in any form."""
        return len({source.article_id for claim in self.claims for source in claim.sources})

    @property
    def sources_text(self) -> str:
        """``2 sources`` or, when they differ, who says what."""
        if len(self.claims) == 1:
            count = self.n_sources
            return f"{count} source{'s' if count != 1 else ''}"
        return "; ".join(
            f"{claim.shown}: {', '.join(source.outlet for source in claim.sources)}"
            for claim in self.claims
        )


@dataclass(frozen=True)
class CountryMark:
    """How one country is drawn: colour, strongest role, the operations naming it."""

    iso3: str
    name: str
    colour: RGB
    role: str
    operations: tuple[str, ...]
    doubtful: bool = False
    """Every role it holds in the briefing is low-confidence: drawn lighter, named with "?"."""


@dataclass(frozen=True)
class Quote:
    """One distinct quotation with every outlet that carried it (``low``: all low-confidence)."""

    text: str
    speaker: str
    speaker_title: str
    operations: tuple[str, ...]
    sources: tuple[Source, ...]
    low: bool = False
    doubt: str = ""
    reported: bool = False
    """Only a fragment or two of reported speech: ``text`` is the sentence holding them."""
    sentence: str = ""
    """The sentence of the fragments quoted beside this quote, when there are any."""


def has_doubt(briefing: Briefing) -> bool:
    """Whether a low-confidence fact is printed, so the export needs the "?" legend line."""
    return (
        any(kf.claims and any(claim.low for claim in kf.claims) for kf in key_figures(briefing))
        or any(quote.low for quote in distinct_quotes(briefing))
        or any(mark.doubtful for mark in country_marks(briefing))
    )


def operation_order(briefing: Briefing) -> list[str]:
    """Operation labels in view, by start date; the unattributed label last when present."""
    labels: set[str] = set()
    for name in ("operations", "mentions", "country_roles", "figures", "quotes"):
        frame = briefing.table(name)
        if "operation" in frame.columns:
            labels.update(op_label(value) for value in frame["operation"])
    articles = briefing.table("articles")
    if "operations" in articles.columns:
        for value in articles["operations"]:
            names = [part.strip() for part in clean(value).split(";") if part.strip()]
            labels.update(names or [UNATTRIBUTED_LABEL])
    spans = _spans(briefing)
    starts = (
        {} if spans is None else dict(zip(spans["operation"], spans["start_date"], strict=True))
    )
    named = sorted(
        (label for label in labels if label != UNATTRIBUTED_LABEL),
        key=lambda label: (
            (0, starts[label], label)
            if pd.notna(starts.get(label, pd.NaT))
            else (1, pd.Timestamp.max, label)
        ),
    )
    return named + ([UNATTRIBUTED_LABEL] if UNATTRIBUTED_LABEL in labels else [])


def colours_for(briefing: Briefing) -> dict[str, RGB]:
    """Each operation's colour: the dashboard's when given, else its palette in start order."""
    order = operation_order(briefing)
    fallback = operation_colours(order)
    return {label: briefing.colours.get(label, fallback[label]) for label in order}


def sources(briefing: Briefing) -> list[Source]:
    """Every article in the briefing, oldest first (undated last), then by outlet."""
    return list(_sources(briefing))


@functools.lru_cache(maxsize=16)
def _sources(briefing: Briefing) -> tuple[Source, ...]:
    articles = briefing.table("articles")
    result = [_source(row) for row in articles.to_dict("records")]
    return tuple(
        sorted(
            result,
            key=lambda source: (
                source.date is None,
                source.date or pd.Timestamp.min,
                source.outlet,
            ),
        )
    )


@functools.lru_cache(maxsize=16)
def _spans(briefing: Briefing) -> pd.DataFrame | None:
    """Each operation's date range (cached per briefing: read-only, never modify)."""
    return operation_spans(briefing.table("operations")) if _has_dates(briefing) else None


def sources_by_id(briefing: Briefing) -> dict[str, Source]:
    """Article id to its `Source`."""
    return {source.article_id: source for source in sources(briefing)}


def sources_line(briefing: Briefing) -> str:
    """The footer's source list: ``Sources: Radio Habana Cuba, 2 May 2018; JURIST, ...``."""
    cited = [source.citation for source in sources(briefing)]
    return "Sources: " + ("; ".join(dict.fromkeys(cited)) if cited else "none in view")


def reports(briefing: Briefing) -> list[Report]:
    """The operations in view (by start date), then one report per unattributed article."""
    colours = colours_for(briefing)
    by_id = sources_by_id(briefing)
    spans = _spans(briefing)
    span_of = {} if spans is None else {row.operation: row for row in spans.itertuples()}
    articles_of = _articles_by_label(briefing)
    result = []
    for label in operation_order(briefing):
        if label == UNATTRIBUTED_LABEL:
            continue
        span = span_of.get(label)
        start = _timestamp(span.start_date) if span is not None else None
        end = _timestamp(span.end_date) if span is not None else None
        result.append(
            Report(
                name=label,
                op_label=label,
                colour=colours[label],
                start=start,
                end=end or start,
                sources=tuple(by_id[a] for a in articles_of.get(label, []) if a in by_id),
            )
        )
    for article_id in articles_of.get(UNATTRIBUTED_LABEL, []):
        source = by_id.get(article_id)
        outlet = source.outlet if source else article_id
        result.append(
            Report(
                name=UNATTRIBUTED_PREFIX + clean(outlet, OUTLET_CHARS),
                op_label=UNATTRIBUTED_LABEL,
                colour=colours.get(UNATTRIBUTED_LABEL, UNATTRIBUTED),
                start=None,
                end=None,
                sources=(source,) if source else (),
            )
        )
    return result


def key_figures(briefing: Briefing) -> list[KeyFigure]:
    """Every metric each report states, headline metrics first, reports in display order."""
    figures = briefing.table("figures")
    if figures.empty:
        return []
    by_id = sources_by_id(briefing)
    report_list = reports(briefing)
    report_of = {(r.op_label, s.article_id): r for r in report_list for s in r.sources}
    named = {r.op_label: r for r in report_list if r.op_label != UNATTRIBUTED_LABEL}
    grouped: dict[tuple[str, str], dict[str, dict]] = {}
    for row in figures.to_dict("records"):
        label = op_label(row.get("operation"))
        report = named.get(label) or report_of.get((label, row["article_id"]))
        if report is None:
            continue
        value = None if pd.isna(row.get("value")) else int(row["value"])
        qualifier = None if pd.isna(row.get("qualifier")) else str(row["qualifier"])
        text = format_claim(value, qualifier, clean(row.get("surface")))
        claims = grouped.setdefault((report.name, str(row["metric"])), {})
        claim = claims.setdefault(text, {"value": value, "articles": [], "low": True, "doubts": []})
        if row["article_id"] not in claim["articles"]:
            claim["articles"].append(row["article_id"])
        if _is_low(row):
            claim["doubts"].append(row.get("doubt"))
        else:
            claim["low"] = False
    report_rank = {report.name: index for index, report in enumerate(report_list)}
    by_name = {report.name: report for report in report_list}
    result = []
    for (report_name, metric), claims in grouped.items():
        ordered = sorted(
            claims.items(),
            key=lambda item: (
                item[1]["value"] is None,
                -len(item[1]["articles"]),
                -(item[1]["value"] or 0),
            ),
        )
        result.append(
            KeyFigure(
                report=by_name[report_name],
                metric=metric,
                claims=tuple(
                    Claim(
                        text,
                        data["value"],
                        tuple(by_id[a] for a in data["articles"] if a in by_id),
                        low=data["low"],
                        doubt=clean(doubts(data["doubts"])) if data["low"] else "",
                    )
                    for text, data in ordered
                ),
            )
        )
    return sorted(
        result, key=lambda figure: (_metric_rank(figure.metric), report_rank[figure.report.name])
    )


def country_marks(briefing: Briefing) -> list[CountryMark]:
    """One mark per country holding a role, styled as the dashboard map styles it.

    A country coloured by operation is coloured by the operations it acted in; a mere
    mention in another operation's report does not make it a multi-operation country.
    """
    roles = briefing.table("country_roles")
    if roles.empty:
        return []
    colours = colours_for(briefing)
    order = {label: index for index, label in enumerate(operation_order(briefing))}
    marks = []
    frame = roles.assign(
        _label=[op_label(value) for value in roles["operation"]], _low=is_low(roles)
    )
    for iso3, rows in frame.groupby("iso3", sort=True):
        named_rows = rows[rows["_label"] != UNATTRIBUTED_LABEL]
        acting_rows = named_rows[named_rows["role"] != "mentioned"]
        operations = tuple(
            sorted(
                set((acting_rows if not acting_rows.empty else named_rows)["_label"]),
                key=lambda label: order.get(label, 99),
            )
        )
        if len(operations) >= 2:
            colour = MULTI_OPERATION
        elif operations:
            colour = colours.get(operations[0], UNATTRIBUTED)
        else:
            colour = colours.get(UNATTRIBUTED_LABEL, UNATTRIBUTED)
        role = strongest_role(named_rows["role"] if operations else rows["role"])
        marks.append(
            CountryMark(
                str(iso3),
                country_name(str(iso3)),
                colour,
                role,
                operations,
                doubtful=bool(rows["_low"].all()),
            )
        )
    return sorted(
        marks, key=lambda mark: ROLE_ORDER.index(mark.role) if mark.role in ROLE_ORDER else 99
    )


def distinct_quotes(briefing: Briefing, limit: int | None = None) -> list[Quote]:
    """One entry per distinct quotation, most-carried and longest first.

    The same words are one quote, and so are the halves of a statement one outlet split
    and another gave whole (`dashboard.quote_groups`), as on the page; with the articles'
    texts, a fragment of two or three quoted words goes with its sentence (``reported``
    when the sentence quotes nothing longer; a briefing's few quotes leave those out).
    Quotes by a named person come before those attributed to an organisation only when
    ``limit`` picks a few, so a briefing shows people speaking.
    """
    quotes = briefing.table("quotes")
    if quotes.empty:
        return []
    by_id = sources_by_id(briefing)
    result = []
    if "quote_id" in quotes.columns:
        found = group_quotes(quotes, briefing.texts)
        groups = [quotes.loc[each.rows or each.fragments] for each in found]
        sentences = [" … ".join(each.sentences.values()) for each in found]
        reported = [each.reported_only for each in found]
    else:
        groups = [group for _, group in quotes.groupby("text", sort=False)]
        sentences, reported = [""] * len(groups), [False] * len(groups)
    for group, sentence, only in zip(groups, sentences, reported, strict=True):
        texts = [clean(sentence)] if only else [clean(text) for text in group["text"]]
        texts = [text for text in texts if text]
        if not texts:
            continue
        speakers = [clean(name) for name in group["speaker"] if clean(name)]
        titles = [clean(title) for title in group["speaker_title"] if clean(title)]
        article_ids = list(dict.fromkeys(group["article_id"]))
        low = bool(is_low(group).all())
        result.append(
            Quote(
                low=low,
                doubt=clean(doubts(group["doubt"])) if low and "doubt" in group.columns else "",
                text=max(texts, key=len),
                speaker=speakers[0] if speakers else "Unknown speaker",
                speaker_title=titles[0] if titles else "",
                operations=tuple(dict.fromkeys(op_label(value) for value in group["operation"])),
                reported=only,
                sentence="" if only else clean(sentence),
                sources=tuple(
                    sorted(
                        (by_id[a] for a in article_ids if a in by_id),
                        key=lambda source: (source.date is None, source.date or pd.Timestamp.min),
                    )
                ),
            )
        )
    result.sort(key=lambda quote: (-len(quote.sources), -len(quote.text)))
    if limit is None:
        return result
    return _varied(result, limit)


@functools.lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """The name readers know for a code, from ``geo`` (boundary-file name as a fallback)."""
    try:
        from geo import country_name as geo_country_name

        name = geo_country_name(iso3)
    except (ImportError, KeyError, LookupError, ValueError):
        name = None
    if name:
        return str(name)
    return _boundary_names().get(iso3, iso3)


@functools.lru_cache(maxsize=1)
def _boundary_names() -> Mapping[str, str]:
    from geo.boundaries import load_countries

    countries = load_countries()
    known = countries[countries["iso3"].notna()]
    return dict(zip(known["iso3"], known["name"], strict=True))


def _varied(quotes: list[Quote], limit: int) -> list[Quote]:
    """Pick up to ``limit`` quotes, one per person before any second one, people first."""
    quotes = [quote for quote in quotes if not quote.reported]
    people = [quote for quote in quotes if quote.speaker_title or " " in quote.speaker]
    others = [quote for quote in quotes if quote not in people]
    chosen: list[Quote] = []
    for pool in (people, others):
        seen = {quote.speaker for quote in chosen}
        for quote in pool:
            if len(chosen) < limit and quote.speaker not in seen and len(quote.text) >= 40:
                chosen.append(quote)
                seen.add(quote.speaker)
    for quote in people + others:
        if len(chosen) < limit and quote not in chosen and len(quote.text) >= 40:
            chosen.append(quote)
    return chosen


def _source(row: Mapping) -> Source:
    """An article as exports cite it: its outlet, else its address's host, else its title.

    Never its file name: an article with none of them is "outlet unknown".
    """
    url = safe_url(row.get("url"))
    title = clean(row.get("title"), 160)
    outlet = (
        clean(row.get("publisher"), OUTLET_CHARS)
        or (clean(urlsplit(url).hostname or "", OUTLET_CHARS).removeprefix("www.") if url else "")
        or clean(title, OUTLET_CHARS)
        or UNKNOWN_OUTLET
    )
    date = _timestamp(row.get("published_date"))
    month = _month(clean(row.get("published_month"))) if date is None else ""
    return Source(
        article_id=str(row.get("article_id")),
        outlet=outlet,
        title=title,
        date=date,
        url=url,
        month=month,
        inferred=inferred_fields(row),
    )


def _month(value: str) -> str:
    """``Nov 2024`` from ``2024-11``; empty when it is not a month."""
    try:
        return f"{dt.datetime.strptime(value, '%Y-%m'):%b %Y}"
    except ValueError:
        return ""


def _articles_by_label(briefing: Briefing) -> dict[str, list[str]]:
    """Report label to the articles behind it, in source order."""
    result: dict[str, list[str]] = {}
    order = [source.article_id for source in sources(briefing)]
    rank = {article_id: index for index, article_id in enumerate(order)}
    pairs: set[tuple[str, str]] = set()
    for name in ("operations", "mentions", "country_roles", "figures", "quotes"):
        frame = briefing.table(name)
        if {"operation", "article_id"} <= set(frame.columns):
            pairs.update(zip(frame["article_id"], map(op_label, frame["operation"]), strict=True))
    articles = briefing.table("articles")
    if "operations" in articles.columns:
        for article_id, value in zip(articles["article_id"], articles["operations"], strict=True):
            names = [part.strip() for part in clean(value).split(";") if part.strip()]
            pairs.update((article_id, label) for label in names or [UNATTRIBUTED_LABEL])
    for article_id, label in sorted(pairs, key=lambda pair: rank.get(pair[0], len(rank))):
        if article_id in rank:
            result.setdefault(label, []).append(article_id)
    return result


def _is_low(row: Mapping) -> bool:
    return confidence_of(row.get("confidence")) == LOW


def _has_dates(briefing: Briefing) -> bool:
    return {"operation", "start_date", "end_date", "article_id"} <= set(
        briefing.table("operations").columns
    )


def _metric_rank(metric: str) -> tuple[int, str]:
    return (HEADLINE_METRICS.index(metric) if metric in HEADLINE_METRICS else 99, metric)


def _timestamp(value: object) -> pd.Timestamp | None:
    if value is None or value is pd.NA:
        return None
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp
