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
    words: dict[str, tuple[str, ...]] = {}
    speakers: dict[str, set[str]] = {}
    for label, quote_id, text, speaker in zip(
        quotes.index,
        quotes["quote_id"].astype(str),
        quotes["text"],
        quotes["speaker"],
        strict=True,
    ):
        by_id.setdefault(quote_id, []).append(label)
        said = words_of(text)
        if len(said) > len(words.get(quote_id, ())):
            words[quote_id] = said
        words.setdefault(quote_id, said)
        speakers.setdefault(quote_id, set()).update(_speaker(speaker))
    fragment_ids = set()
    if texts:
        fragment_ids = {qid for qid, said in words.items() if len(said) <= FRAGMENT_MAX_WORDS}
    groups: list[QuoteGroup] = []
    group_of: dict[str, QuoteGroup] = {}
    wholes_with: dict[str, list[str]] = {}
    for qid in sorted(set(by_id) - fragment_ids, key=lambda q: (-len(words[q]), q)):
        host = _host(qid, words, speakers, wholes_with)
        if host is None:
            for word in set(words[qid]):
                wholes_with.setdefault(word, []).append(qid)
            group_of[qid] = QuoteGroup()
            groups.append(group_of[qid])
        else:
            group_of[qid] = group_of[host]
        group_of[qid].rows.extend(by_id[qid])
    starts_by_article: dict[str, list[tuple]] = {}
    for label, article_id, start, quote_id in zip(
        quotes.index, quotes["article_id"].astype(str), quotes["span_start"], quotes["quote_id"],
        strict=True,
    ):  # fmt: skip
        if not pd.isna(start):
            starts_by_article.setdefault(article_id, []).append((label, int(start), str(quote_id)))
    reported: dict[tuple[str, str], QuoteGroup] = {}
    for qid in sorted(fragment_ids):
        for label in by_id[qid]:
            _place_fragment(quotes, label, texts or {}, starts_by_article, group_of, reported)
    known = {id(group) for group in groups}
    for group in [*reported.values(), *(group_of[qid] for qid in sorted(fragment_ids))]:
        if id(group) not in known:
            known.add(id(group))
            groups.append(group)
    position = {label: index for index, label in enumerate(quotes.index)}
    return sorted(groups, key=lambda group: min(position[r] for r in group.rows + group.fragments))


def _place_fragment(
    quotes: pd.DataFrame,
    label,
    texts: Mapping[str, str],
    starts_by_article: Mapping[str, list[tuple]],
    group_of: dict[str, QuoteGroup],
    reported: dict[tuple[str, str], QuoteGroup],
) -> None:
    """Attach one fragment row to the group of its sentence (made if need be).

    The group is that of a quotation starting in the same sentence, else the reported
    speech of that sentence; a fragment with no text or span is a quote of its own.
    """
    article_id = str(quotes.at[label, "article_id"])
    quote_id = str(quotes.at[label, "quote_id"])
    text = texts.get(article_id, "")
    start, end = quotes.at[label, "span_start"], quotes.at[label, "span_end"]
    if not text or pd.isna(start) or pd.isna(end):
        group_of.setdefault(quote_id, QuoteGroup()).rows.append(label)
        return
    bounds = sentence_bounds(text, int(start), int(end))
    sentence = _cut(text, bounds)
    hosts = (
        group_of[other_id]
        for other, other_start, other_id in starts_by_article.get(article_id, ())
        if other != label and other_id in group_of and bounds[0] <= other_start < bounds[1]
    )
    group = next(hosts, None) or reported.setdefault((article_id, sentence), QuoteGroup())
    group.fragments.append(label)
    group.sentences[article_id] = sentence
    group_of.setdefault(quote_id, group)


def _cut(text: str, bounds: tuple[int, int]) -> str:
    return " ".join(text[bounds[0] : bounds[1]].split())


def _host(
    qid: str,
    words: Mapping[str, tuple[str, ...]],
    speakers: Mapping[str, set[str]],
    wholes_with: Mapping[str, list[str]],
) -> str | None:
    """The first longer quote by the same speaker whose words hold ``qid``'s, in order.

    Only the quotes that have the part's rarest word are compared, so grouping stays
    near linear in the number of quotes.
    """
    part = words[qid]
    if not part:
        return None
    rarest = min(set(part), key=lambda word: len(wholes_with.get(word, ())))
    needle = f" {' '.join(part)} "
    for other in wholes_with.get(rarest, ()):
        if not _same_speaker(speakers[qid], speakers[other]):
            continue
        if needle in f" {' '.join(words[other])} ":
            return other
    return None


def _speaker(value: object) -> set[str]:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return set()
    return {str(value).casefold()} if str(value).strip() else set()


def _same_speaker(first: set[str], second: set[str]) -> bool:
    return not first or not second or bool(first & second)
