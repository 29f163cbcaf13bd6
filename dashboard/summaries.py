"""Shape a filtered `View` into what each view draws: countries, claims, quote cards, sources.

Plain pandas, no Streamlit, so tests assert on exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.cite import UNDATED, UNKNOWN_OUTLET, citation, cite_line
from dashboard.filters import View, operation_spans, search_quotes
from dashboard.provenance import same_sentence
from dashboard.quote_groups import group_quotes
from dashboard.review import CONFIDENCE_RANK, LOW, MARK, best, confidence_of, doubts, worst
from dashboard.safe import safe_url
from dashboard.theme import (
    HEADLINE_METRICS,
    ROLE_ORDER,
    UNATTRIBUTED_LABEL,
    format_claim,
    metric_label,
    plural,
    role_label,
    strongest_role,
)

UNATTRIBUTED_PREFIX = "Unattributed: "


def report_names(view: View) -> dict[tuple[str, str], str]:
    """Display name of each report: its operation, or "Unattributed: <outlet>" per article.

    Unattributed articles are never merged with each other or with an operation, so
    each gets its own name (the outlet, else the headline).
    """
    labels = dict(zip(view.articles["article_id"], view.articles["source_label"], strict=True))
    publishers = dict(zip(view.articles["article_id"], view.articles["publisher"], strict=True))
    names = {}
    for article_id, label in zip(view.reports["article_id"], view.reports["op_label"], strict=True):
        if label != UNATTRIBUTED_LABEL:
            names[(article_id, label)] = label
            continue
        publisher = publishers.get(article_id)
        outlet = publisher if isinstance(publisher, str) else labels.get(article_id, article_id)
        if len(outlet) > 32:
            outlet = outlet[:30].rstrip() + "…"
        names[(article_id, label)] = UNATTRIBUTED_PREFIX + outlet
    return names


def country_summary(view: View, names: Mapping[str, str], texts: Mapping[str, str]) -> pd.DataFrame:
    """One row per country on the map, with everything its tooltip and table say.

    Columns: ``iso3``, ``name``, ``operations`` (named operations it acted in, in view
    order; those that only mention it when none gives it more),
    ``n_unattributed`` (unattributed reports naming it), ``roles_by_operation``
    (report label -> roles), ``role`` (strongest role), ``roles_text``,
    ``figures_text`` (figures stated in the same sentence as the country), ``n_sources``,
    ``doubtful`` (every role it holds in view is low-confidence: drawn lighter) and
    ``doubt_text`` (why its low-confidence roles are in doubt; empty when none is).
    A low-confidence role is marked with a "?" in ``roles_text``.
    """
    places = view.country_roles
    columns = [
        "iso3",
        "name",
        "operations",
        "n_unattributed",
        "roles_by_operation",
        "role",
        "roles_text",
        "figures_text",
        "n_sources",
        "doubtful",
        "doubt_text",
    ]
    if places.empty:
        return pd.DataFrame(columns=columns)
    figures_by_country = figures_naming_countries(view, texts)
    order = {label: index for index, label in enumerate(_report_order(view))}
    roles: dict[str, dict[str, set[str]]] = {}
    corrections = correction_notes(places, "iso3")
    articles: dict[str, set[str]] = {}
    unattributed: dict[str, set[str]] = {}
    sure: dict[tuple[str, str, str], bool] = {}
    doubted: dict[str, list[str]] = {}
    for iso3, label, role, article_id, confidence, doubt in zip(
        places["iso3"],
        places["op_label"],
        places["role"],
        places["article_id"],
        places["confidence"],
        places["doubt"],
        strict=True,
    ):
        roles.setdefault(iso3, {}).setdefault(label, set()).add(role)
        low = confidence_of(confidence) == LOW
        sure[(iso3, label, role)] = sure.get((iso3, label, role), False) or not low
        if low:
            doubted.setdefault(iso3, []).append(doubt)
        articles.setdefault(iso3, set()).add(article_id)
        if label == UNATTRIBUTED_LABEL:
            unattributed.setdefault(iso3, set()).add(article_id)
    rows = []
    for iso3 in sorted(roles):
        roles_by_operation = {
            label: [role for role in ROLE_ORDER if role in held] + sorted(held - set(ROLE_ORDER))
            for label, held in sorted(roles[iso3].items(), key=lambda item: order.get(item[0], 99))
        }
        named = [label for label in roles_by_operation if label != UNATTRIBUTED_LABEL]
        acting = [label for label in named if set(roles_by_operation[label]) - {"mentioned"}]
        roles_text = "; ".join(
            f"{'Unattributed report' if label == UNATTRIBUTED_LABEL else label}: "
            + ", ".join(
                role_label(role).lower() + ("" if sure[(iso3, label, role)] else MARK)
                for role in held
            )
            for label, held in roles_by_operation.items()
        )
        named_roles = [role for label in named for role in roles_by_operation[label]]
        all_roles = [role for held in roles_by_operation.values() for role in held]
        rows.append(
            {
                "iso3": iso3,
                "name": names.get(iso3, iso3),
                "operations": acting or named,
                "n_unattributed": len(unattributed.get(iso3, ())),
                "roles_by_operation": roles_by_operation,
                "role": strongest_role(named_roles or all_roles),
                "roles_text": roles_text + corrections.get(iso3, ""),
                "figures_text": "; ".join(figures_by_country.get(iso3, [])),
                "n_sources": len(articles[iso3]),
                "doubtful": not any(
                    sure[(iso3, label, role)]
                    for label, held in roles_by_operation.items()
                    for role in held
                ),
                "doubt_text": doubts(doubted.get(iso3, ())),
            }
        )
    return pd.DataFrame(rows, columns=columns).sort_values("name", kind="stable")


def figures_naming_countries(view: View, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """Per country, the figures stated in a sentence that names it ("victims rescued: 350")."""
    result: dict[str, list[str]] = {}
    if view.mentions.empty or view.figures.empty:
        return result
    figures_by_article: dict[str, list[dict]] = {}
    for figure in view.figures.to_dict("records"):
        if not pd.isna(figure["span_start"]):
            figures_by_article.setdefault(figure["article_id"], []).append(figure)
    for mention in view.mentions.to_dict("records"):
        text = texts.get(mention["article_id"], "")
        figures = figures_by_article.get(mention["article_id"], [])
        if not figures or not text or pd.isna(mention["span_start"]):
            continue
        span = (int(mention["span_start"]), int(mention["span_end"]))
        for figure in figures:
            if not same_sentence(text, span, (int(figure["span_start"]), int(figure["span_end"]))):
                continue
            value = None if pd.isna(figure["value"]) else int(figure["value"])
            claim = format_claim(value, figure["qualifier"], figure["surface"])
            entry = f"{metric_label(figure['metric']).lower()}: {claim}"
            known = result.setdefault(mention["iso3"], [])
            if entry not in known:
                known.append(entry)
    return result


CORRECTED_MARK = " (corrected by a person)"


def correction_notes(frame: pd.DataFrame, key: str) -> dict[str, str]:
    """Per key, the words that mark its facts as corrected by a person, with their notes."""
    if "corrected" not in frame.columns:
        return {}
    corrected = frame[frame["corrected"].fillna(False).astype(bool)]
    notes: dict[str, str] = {}
    for value, group in corrected.groupby(key, sort=False):
        written = [note for note in group["correction_note"].dropna().unique() if note]
        notes[value] = CORRECTED_MARK + (": " + "; ".join(written) if written else "")
    return notes


def figure_claims(view: View) -> pd.DataFrame:
    """Every distinct claim: one row per report, metric, value, qualifier and article.

    The same number repeated in one article counts once. Columns: ``report``,
    ``op_label``, ``metric``, ``metric_label``, ``value`` (Int64, NA when vague),
    ``qualifier``, ``claim`` (as displayed), ``article_id``, ``source``,
    ``span_start``, ``span_end``, ``surface``, ``rule_id``, ``confidence``, ``doubt``
    (of the surest statement of a claim repeated in one article: a body sentence wins
    over its headline) and
    ``cite``, the article's citation line (`dashboard.cite`).
    """
    columns = [
        "report",
        "op_label",
        "metric",
        "metric_label",
        "value",
        "qualifier",
        "claim",
        "article_id",
        "source",
        "span_start",
        "span_end",
        "surface",
        "rule_id",
        "confidence",
        "doubt",
        "cite",
    ]
    figures = view.figures
    if figures.empty:
        return pd.DataFrame(columns=columns)
    names = report_names(view)
    sources = dict(zip(view.articles["article_id"], view.articles["source_label"], strict=True))
    cites = {row["article_id"]: cite_line(row) for row in view.articles.to_dict("records")}
    rows = []
    for figure in figures.itertuples():
        value = None if pd.isna(figure.value) else int(figure.value)
        rows.append(
            {
                "report": names.get((figure.article_id, figure.op_label), figure.op_label),
                "op_label": figure.op_label,
                "metric": figure.metric,
                "metric_label": metric_label(figure.metric),
                "value": value,
                "qualifier": figure.qualifier,
                "claim": format_claim(value, figure.qualifier, figure.surface)
                + (CORRECTED_MARK if figure.corrected is True else ""),
                "article_id": figure.article_id,
                "source": sources.get(figure.article_id, figure.article_id),
                "span_start": figure.span_start,
                "span_end": figure.span_end,
                "surface": figure.surface,
                "rule_id": figure.rule_id,
                "confidence": confidence_of(figure.confidence),
                "doubt": figure.doubt,
                "cite": cites.get(figure.article_id, ""),
            }
        )
    claims = pd.DataFrame(rows, columns=columns)
    claims["value"] = claims["value"].astype("Int64")
    return (
        claims.assign(_rank=claims["confidence"].map(CONFIDENCE_RANK))
        .sort_values("_rank", kind="stable")
        .drop_duplicates(subset=["report", "metric", "claim", "article_id"], keep="first")
        .sort_index()
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


BAR_KINDS = ("exact", "approx", "at_least", "words")
"""How a bar is drawn: an exact number solid, an approximate one pale (hatched in exports),
an at-least one with an open end, a vague word ("hundreds") without a bar."""


def claim_kind(value: int | None, qualifier: str | None) -> str:
    """One of `BAR_KINDS` for a claim: its qualifier, or "words" when it gives no number."""
    if value is None:
        return "words"
    return qualifier if qualifier in ("at_least", "approx") else "exact"


def sources_disagree(values_by_source: Mapping[str, set[int]]) -> bool:
    """Whether two sources state different numbers for one metric of one report.

    Each source counts with every number it states. Two sources disagree when each
    gives a number and no number is common to both (one article saying "250+" in its
    headline and "300" in its body never disagrees with itself; a vague word such as
    "hundreds" states no number, so it disagrees with nothing).
    """
    stated = [values for values in values_by_source.values() if values]
    return any(
        not first & second for index, first in enumerate(stated) for second in stated[index + 1 :]
    )


def headline_rank(value: int | None, kind: str, n_sources: int) -> tuple:
    """Sort key of the claim a report's figure is shown by.

    A number before a word, the number most sources state, then exact before approximate
    before at-least, then the larger.
    """
    return (value is None, -n_sources, BAR_KINDS.index(kind), -(value or 0))


def headline_table(claims: pd.DataFrame, report_order: Sequence[str]) -> pd.DataFrame:
    """One row per report and metric: the figure as its sources state it, and whether they differ.

    Columns: ``report``, ``metric``, ``metric_label``, ``summary`` ("350 · 2 sources",
    "350 · 1 source, wording varies" or "250+ (1 source) / 300 (1 source) — sources
    differ"), ``n_sources``, ``agree`` (no two sources state different numbers:
    `sources_disagree`), ``wording`` (for each article that words the figure more than
    one way, its own words, once: never a disagreement), ``bar_value`` (the number the
    bar is drawn to: the claim shown, or the largest when sources differ; NA when only
    vague words), ``bar_kind`` (`BAR_KINDS`), ``bar_label`` and ``shown`` (the figure as
    printed, without its count: "350", or "250+ / 300" when sources differ; the exports
    print it so, through `dashboard.exports.charts.shown_figure`).
    ``doubt`` says why a claim marked "?" (every statement of it low-confidence) is in
    doubt; ``doubtful``: every claim of the row is (its bar is drawn lighter).
    Headline metrics come first, in `HEADLINE_METRICS` order.
    """
    columns = [
        "report",
        "metric",
        "metric_label",
        "summary",
        "n_sources",
        "agree",
        "wording",
        "bar_value",
        "bar_kind",
        "bar_label",
        "shown",
        "doubt",
        "doubtful",
    ]
    groups: dict[tuple[str, str], dict[str, dict]] = {}
    said: dict[tuple[str, str], dict[str, list[dict]]] = {}
    for claim in claims.sort_values("span_start", kind="stable").to_dict("records"):
        value = None if pd.isna(claim["value"]) else int(claim["value"])
        key = (claim["report"], claim["metric"])
        entry = groups.setdefault(key, {}).setdefault(
            claim["claim"],
            {
                "sources": set(),
                "value": value,
                "kind": claim_kind(value, claim["qualifier"]),
                "low": True,
                "doubts": [],
            },
        )
        entry["sources"].add(claim["article_id"])
        said.setdefault(key, {}).setdefault(claim["article_id"], []).append(claim)
        if confidence_of(claim.get("confidence")) == LOW:
            entry["doubts"].append(claim.get("doubt"))
        else:
            entry["low"] = False
    metric_rank = {metric: index for index, metric in enumerate(HEADLINE_METRICS)}
    report_rank = {report: index for index, report in enumerate(report_order)}
    rows = []
    for (report, metric), by_claim in groups.items():
        by_source = said[(report, metric)]
        numbers = {
            source: {int(c["value"]) for c in stated if not pd.isna(c["value"])}
            for source, stated in by_source.items()
        }
        stating = {
            value: sum(value in values for values in numbers.values())
            for values in numbers.values()
            for value in values
        }
        ranked = sorted(
            by_claim.items(),
            key=lambda item: headline_rank(
                item[1]["value"],
                item[1]["kind"],
                stating.get(item[1]["value"], len(item[1]["sources"])),
            ),
        )
        n_sources = len(by_source)
        agree = not sources_disagree(numbers)
        shown = [(claim + (MARK if entry["low"] else ""), entry) for claim, entry in ranked]
        varied = {source: stated for source, stated in by_source.items() if len(stated) > 1}
        wording = "; ".join(
            f"{stated[0]['source']}: "
            + ", ".join(f"{c['claim']} (“{c['surface']}”)" for c in stated)
            for stated in varied.values()
        )
        if agree:
            head, entry = shown[0]
            count = plural(n_sources, "source") + (", wording varies" if varied else "")
            summary = f"{head} · {count}"
            bar_label = f"{head} ({count})"
            printed = head
            bar_value, bar_kind = entry["value"], entry["kind"]
        else:
            summary = (
                " / ".join(
                    f"{claim} ({plural(len(entry['sources']), 'source')})" for claim, entry in shown
                )
                + " — sources differ"
            )
            printed = " / ".join(claim for claim, _ in shown)
            bar_label = f"{printed} — sources differ"
            bar_value = max(stating)
            bar_kind = min(
                (entry["kind"] for _, entry in shown if entry["value"] == bar_value),
                key=BAR_KINDS.index,
            )
        doubt = "; ".join(
            f"{claim}: {doubts(entry['doubts']) or 'low confidence'}"
            for claim, entry in shown
            if entry["low"]
        )
        rows.append(
            {
                "report": report,
                "metric": metric,
                "metric_label": metric_label(metric),
                "summary": summary,
                "n_sources": n_sources,
                "agree": agree,
                "wording": wording,
                "bar_value": bar_value,
                "bar_kind": bar_kind,
                "bar_label": bar_label,
                "shown": printed,
                "doubt": doubt,
                "doubtful": all(entry["low"] for entry in by_claim.values()),
                "_order": (metric_rank.get(metric, 99), metric, report_rank.get(report, 99)),
            }
        )
    rows.sort(key=lambda row: row["_order"])
    table = pd.DataFrame(rows, columns=columns)
    table["bar_value"] = table["bar_value"].astype("Int64")
    return table


def disagreements(claims: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Where sources disagree: one row per source of each report and metric they differ on.

    Each row holds every claim that source makes (its own wording, once).

    Columns: ``report``, ``metric_label``, ``source``, ``claims`` ("350 / hundreds"),
    ``surfaces`` (as written, "; "-joined), ``confidence`` (the surest of its statements)
    and ``article_id``.
    """
    columns = ["report", "metric_label", "source", "claims", "surfaces", "confidence", "article_id"]
    disputed = table.loc[~table["agree"].astype(bool)]
    keys = zip(disputed["report"], disputed["metric"], strict=True)
    rank = {key: index for index, key in enumerate(keys)}
    rows = []
    for (report, metric, article_id), stated in claims.groupby(
        ["report", "metric", "article_id"], sort=False
    ):
        if (report, metric) not in rank:
            continue
        stated = stated.sort_values("span_start", kind="stable")
        rows.append(
            {
                "report": report,
                "metric_label": stated["metric_label"].iloc[0],
                "source": stated["source"].iloc[0],
                "claims": " / ".join(
                    claim + (MARK if confidence == LOW else "")
                    for claim, confidence in zip(stated["claim"], stated["confidence"], strict=True)
                ),
                "surfaces": "; ".join(stated["surface"].fillna("")),
                "confidence": best(stated["confidence"]),
                "article_id": article_id,
                "_rank": rank[(report, metric)],
            }
        )
    rows.sort(key=lambda row: row["_rank"])
    return pd.DataFrame(rows, columns=columns)


def report_order(view: View) -> list[str]:
    """Report names in display order: operations by start date, then unattributed reports."""
    names = report_names(view)
    ordered = _report_order(view)
    result: list[str] = []
    for label in ordered:
        for (_, op), name in sorted(names.items(), key=lambda item: item[1]):
            if op == label and name not in result:
                result.append(name)
    return result


def timeline_frame(view: View, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows for the timeline: one interval per operation, one mark per dated source.

    Columns: ``report``, ``kind`` ("operation" or "source"), ``start``, ``end``
    (Timestamps; a source has start == end), ``days`` (how long an operation ran, both
    ends counted; NA for a source), ``label`` ("Libertad: 3–9 Apr 2018 · 7 days"),
    ``source``, ``url``, ``confidence`` (of an operation's dates: the least sure of the
    articles giving them; their label ends in "?" when below high) and ``doubt`` (why).
    """
    columns = [
        "report",
        "kind",
        "start",
        "end",
        "days",
        "label",
        "source",
        "url",
        "confidence",
        "doubt",
    ]
    names = names or report_names(view)
    rows = []
    spans = operation_spans(view.operations)
    dated = view.operations[view.operations["start_date"].notna()]
    for span in spans.itertuples():
        if pd.isna(span.start_date):
            continue
        end = span.end_date if pd.notna(span.end_date) else span.start_date
        mine = dated[dated["operation"] == span.operation]
        confidence = worst(mine["confidence"])
        unsure = mine[[confidence_of(value) != "high" for value in mine["confidence"]]]
        days = (end - span.start_date).days + 1
        rows.append(
            {
                "report": span.operation,
                "kind": "operation",
                "start": span.start_date,
                "end": end,
                "days": days,
                "label": f"{span.operation}: {_date_range(span.start_date, end)}"
                + f" · {plural(days, 'day')}"
                + (f" {MARK}" if confidence != "high" else ""),
                "source": plural(int(span.n_dated), "source") + " give these dates",
                "url": None,
                "confidence": confidence,
                "doubt": doubts(unsure["doubt"]),
            }
        )
    articles = view.articles.set_index("article_id")
    for report in view.reports.itertuples():
        article = articles.loc[report.article_id]
        published = pd.to_datetime(article["published_date"], errors="coerce")
        if pd.isna(published):
            continue
        name = names.get((report.article_id, report.op_label), report.op_label)
        rows.append(
            {
                "report": name,
                "kind": "source",
                "start": published,
                "end": published,
                "days": None,
                "label": f"Published {published:%-d %b %Y}",
                "source": article["source_label"],
                "url": safe_url(article["url"]),
                "confidence": "high",
                "doubt": "",
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame["days"] = frame["days"].astype("Int64")
    return frame


def undated_reports(view: View, names: Mapping[str, str] | None = None) -> list[str]:
    """Reports with no date at all (no operation dates, no publication date), by name."""
    names = names or report_names(view)
    frame = timeline_frame(view, names)
    dated = set(frame["report"])
    return sorted({name for name in names.values() if name not in dated})


def inference_notes(view: View) -> list[str]:
    """For each unattributed article in view that matches an operation: why (never merged)."""
    notes = []
    for article in view.articles.to_dict("records"):
        inferred = _get(article, "inferred_operation")
        if inferred and bool(article.get("is_unattributed")):
            reason = _get(article, "inference") or f"its figures match {inferred}"
            notes.append(f"{article['source_label']} names no operation; {reason}.")
    return notes


def quote_cards(view: View, query: str = "", texts: Mapping[str, str] | None = None) -> list[dict]:
    """One card per quote as a reader counts them (`dashboard.quote_groups`), most-reported first.

    The same words in several articles are one card; halves of a statement one outlet
    split join the card of the whole; with ``texts``, a two- or three-word fragment is
    shown with its sentence (``fragments``, ``sentence``), on the card of that sentence's
    quote or on a card of reported speech (``reported``) of its own.

    Each card: ``quote_id``, ``text``, ``speaker``, ``speaker_title``, ``operations``
    (report labels), ``sources`` (list of dicts: ``article_id``, ``source``,
    ``publisher``, ``title``, ``date``, ``url`` (http(s) only), ``span_start``, ``span_end``,
    ``spans`` (every span of the card's words there), ``name`` (the outlet as cited) and
    ``cite``, the article's citation line), ``fragments``, ``sentence``, ``reported``,
    ``confidence`` ("low" only when every article's statement of it is low) and ``doubt``.
    """
    quotes = search_quotes(view.quotes, query)
    if quotes.empty:
        return []
    articles = view.articles.set_index("article_id")
    cards = []
    for group in group_quotes(quotes, texts):
        rows = quotes.loc[group.rows + group.fragments]
        main = quotes.loc[group.rows] if group.rows else rows
        words = main["text"].dropna()
        speakers = rows["speaker"].dropna().unique().tolist()
        titles = rows["speaker_title"].dropna().unique().tolist()
        sources = []
        for article_id, found in rows.groupby("article_id", sort=False):
            article = articles.loc[article_id] if article_id in articles.index else {}
            spans = list(zip(found["span_start"], found["span_end"], strict=True))
            sources.append(
                {
                    "article_id": article_id,
                    "source": _get(article, "source_label") or article_id,
                    "publisher": _get(article, "publisher"),
                    "title": _get(article, "title"),
                    "date": _get(article, "published_date"),
                    "url": safe_url(_get(article, "url")),
                    "span_start": spans[0][0],
                    "span_end": spans[0][1],
                    "spans": spans,
                    "name": citation(article).name,
                    "cite": cite_line(article),
                }
            )
        levels = [confidence_of(value) for value in rows["confidence"]]
        low = all(level == LOW for level in levels)
        notes = correction_notes(rows, "quote_id")
        cards.append(
            {
                "confidence": best(levels),
                "doubt": doubts(rows["doubt"]) if low else "",
                "rule_id": doubts(rows["rule_id"]),
                "correction": "".join(dict.fromkeys(notes.values())),
                "quote_id": str(main["quote_id"].iloc[0]),
                "text": max(words, key=len) if not words.empty else "",
                "speaker": " / ".join(speakers) if speakers else "Unknown speaker",
                "speaker_title": titles[0] if titles else None,
                "operations": list(dict.fromkeys(rows["op_label"])),
                "sources": sources,
                "fragments": list(dict.fromkeys(quotes.loc[group.fragments, "text"].dropna())),
                "sentence": " … ".join(dict.fromkeys(group.sentences.values())),
                "reported": group.reported_only,
            }
        )
    return sorted(cards, key=lambda card: (-len(card["sources"]), card["operations"][0]))


def sources_table(view: View) -> pd.DataFrame:
    """One row per article in view: title, publisher, date, link, operations, facts yielded.

    ``title``, ``publisher`` and ``published`` ("2 May 2018", "November 2024") end in
    "(inferred)" when the build inferred them; what is unknown stays empty. ``link`` is
    an http(s) URL or empty; ``n_facts`` counts the country mentions, figures, quotes and
    operation names the article yields under the current filters; ``cite`` is the
    citation line to paste.
    """
    articles = view.articles
    counts = pd.concat(
        [
            view.mentions["article_id"],
            view.figures["article_id"],
            view.quotes["article_id"],
            view.operations["article_id"],
        ]
    ).value_counts()
    labels = view.reports.groupby("article_id")["op_label"].agg(lambda values: ", ".join(values))
    records = articles.to_dict("records")
    return pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "title": [_title(row) for row in records],
            "publisher": [_cited(row, "publisher") for row in records],
            "published": [_cited(row, "published") for row in records],
            "link": [safe_url(url) for url in articles["url"]],
            "operations": [labels.get(article_id, "") for article_id in articles["article_id"]],
            "n_facts": [int(counts.get(article_id, 0)) for article_id in articles["article_id"]],
            "inferred": articles["inference"].fillna(""),
            "cite": [cite_line(row) for row in records],
        }
    ).reset_index(drop=True)


def _cited(article: Mapping, field: str) -> str | None:
    """The publisher or date as cited ("(inferred)" marked), None when the article says none."""
    cited = citation(article)
    known = cited.outlet != UNKNOWN_OUTLET if field == "publisher" else cited.date != UNDATED
    return cited.marked(field) if known else None


def _title(article: Mapping) -> str:
    """The headline ("(inferred)" when the build inferred it); never the file's name."""
    return citation(article).marked("title") if _get(article, "title") else "Untitled article"


def _report_order(view: View) -> list[str]:
    reports = view.reports.assign(unattributed=view.reports["op_label"] == UNATTRIBUTED_LABEL)
    ordered = reports.sort_values(["unattributed", "start", "op_label"], na_position="last")
    return list(dict.fromkeys(ordered["op_label"]))


def _date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start == end:
        return f"{start:%-d %b %Y}"
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def _get(row: object, key: str) -> str | None:
    try:
        value = row[key]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)
