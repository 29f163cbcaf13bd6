"""Which quotation rows are one quote to a reader, and which are fragments of a sentence.

The extractor keeps every pair of quotation marks as a row. A reader sees fewer quotes:
an outlet that splits a statement in two (“…,” added Ruiz, “…”) quotes the same words
another outlet gives whole, so both halves belong to the whole one's card; and two or
three quoted words inside reported speech (“Ruiz called it a "grave crime," and …”) are
not a statement of their own, so they are shown with the sentence that holds them, beside
the longer quote of that sentence when it has one. Plain pandas, no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard.provenance import sentence_bounds

FRAGMENT_MAX_WORDS = 3
"""A quotation of at most this many words is a fragment of its sentence, not a statement."""
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass
class QuoteGroup:
    """The rows that are one quote on screen.

    ``rows``: index labels of the quotation rows, the fullest statement first;
    ``fragments``: index labels of the fragments shown with it; ``sentences``: per
    article, the sentence that holds its fragments (reported speech, as written).
    """

    rows: list = field(default_factory=list)
    fragments: list = field(default_factory=list)
    sentences: dict[str, str] = field(default_factory=dict)

    @property
    def reported_only(self) -> bool:
        """Whether the group is only fragments: a sentence of reported speech, not a quote."""
        return not self.rows


def words_of(text: object) -> tuple[str, ...]:
    """The words of a quotation, case and apostrophe style set aside."""
    if not isinstance(text, str):
        return ()
    return tuple(_WORD.findall(text.translate(_APOSTROPHES).casefold()))


def group_quotes(quotes: pd.DataFrame, texts: Mapping[str, str] | None = None) -> list[QuoteGroup]:
    """Group quotation rows (columns of ``quotes.csv``) as a reader counts quotes.

    Rows with the same ``quote_id`` are one quote. A quote whose words run, in order,
    inside a longer quote by the same speaker joins that quote. With the articles'
    ``texts``, each fragment joins the quote that starts in its sentence, or else the
    fragments of one sentence make one group of reported speech; without texts a fragment
    stays a quote of its own. Groups come in the order of their first row.
    """
    if quotes.empty:
        return []
    by_id: dict[str, list] = {}
    for label, quote_id in zip(quotes.index, quotes["quote_id"].astype(str), strict=True):
        by_id.setdefault(quote_id, []).append(label)
    words = {qid: max((words_of(quotes.at[r, "text"]) for r in rows), key=len)
             for qid, rows in by_id.items()}  # fmt: skip
    speakers = {qid: _speakers(quotes.loc[rows, "speaker"]) for qid, rows in by_id.items()}
    fragment_ids = {qid for qid, said in words.items() if len(said) <= FRAGMENT_MAX_WORDS}
    if not texts:
        fragment_ids = set()
    groups: list[QuoteGroup] = []
    group_of: dict[str, QuoteGroup] = {}
    whole_ids: list[str] = []
    for qid in sorted(set(by_id) - fragment_ids, key=lambda q: -len(words[q])):
        host = next(
            (
                other
                for other in whole_ids
                if _inside(words[qid], words[other])
                and _same_speaker(speakers[qid], speakers[other])
            ),
            None,
        )
        if host is None:
            whole_ids.append(qid)
            group_of[qid] = QuoteGroup()
            groups.append(group_of[qid])
        else:
            group_of[qid] = group_of[host]
        group_of[qid].rows.extend(by_id[qid])
    for qid in fragment_ids:
        for label in by_id[qid]:
            _place_fragment(quotes, label, texts or {}, group_of, groups)
    position = {label: index for index, label in enumerate(quotes.index)}
    return sorted(groups, key=lambda group: min(position[r] for r in group.rows + group.fragments))


def _place_fragment(
    quotes: pd.DataFrame,
    label,
    texts: Mapping[str, str],
    group_of: dict[str, QuoteGroup],
    groups: list[QuoteGroup],
) -> None:
    """Attach one fragment row to the group of its sentence (made if need be)."""
    article_id = str(quotes.at[label, "article_id"])
    text = texts.get(article_id, "")
    start, end = quotes.at[label, "span_start"], quotes.at[label, "span_end"]
    if not text or pd.isna(start) or pd.isna(end):
        group = QuoteGroup(rows=[label])
        groups.append(group)
        return
    bounds = sentence_bounds(text, int(start), int(end))
    same_article = quotes[quotes["article_id"].astype(str) == article_id]
    for other, other_start, quote_id in zip(
        same_article.index, same_article["span_start"], same_article["quote_id"], strict=True
    ):
        group = group_of.get(str(quote_id))
        if other == label or group is None or pd.isna(other_start):
            continue
        if bounds[0] <= int(other_start) < bounds[1]:
            break
    else:
        sentence = _cut(text, bounds)
        group = next(
            (g for g in groups if g.reported_only and g.sentences.get(article_id) == sentence),
            None,
        )
        if group is None:
            group = QuoteGroup()
            groups.append(group)
    group.fragments.append(label)
    group.sentences[article_id] = _cut(text, bounds)
    group_of.setdefault(str(quotes.at[label, "quote_id"]), group)


def _cut(text: str, bounds: tuple[int, int]) -> str:
    return " ".join(text[bounds[0] : bounds[1]].split())


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return bool(part) and f" {' '.join(part)} " in f" {' '.join(whole)} "


def _speakers(values: pd.Series) -> frozenset[str]:
    return frozenset(str(value).casefold() for value in values.dropna() if str(value).strip())


def _same_speaker(first: frozenset[str], second: frozenset[str]) -> bool:
    return not first or not second or bool(first & second)
