"""How an article is cited: outlet, title, date and address, with what was inferred marked.

One place decides the words, so quote cards, figures, the sources table and every export
cite an article alike. A file name is never part of a citation: the build infers a missing
title, outlet or date where the article allows (``inferred_fields``), and what it cannot
infer is said in words ("outlet unknown", "undated").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.safe import safe_url

INFERRED = "inferred"
UNKNOWN_OUTLET = "outlet unknown"
UNTITLED = "untitled"
UNDATED = "undated"
CITED_FIELDS = ("title", "publisher", "published")


@dataclass(frozen=True)
class Citation:
    """An article as a reader cites it; ``inferred`` names the parts the build inferred."""

    outlet: str
    title: str
    date: str
    url: str | None
    inferred: frozenset[str] = frozenset()

    def marked(self, field: str) -> str:
        """The outlet, title or date, followed by "(inferred)" when the build inferred it."""
        value = {"publisher": self.outlet, "title": self.title, "published": self.date}[field]
        return f"{value} ({INFERRED})" if field in self.inferred else value

    @property
    def name(self) -> str:
        """Who published it: the outlet, else the headline in single quotes, marked if inferred."""
        if self.outlet != UNKNOWN_OUTLET or self.title == UNTITLED:
            return self.marked("publisher")
        return f"‘{self.title}’" + (f" ({INFERRED})" if "title" in self.inferred else "")

    @property
    def line(self) -> str:
        """``Outlet, “Title”, 2 May 2018, https://…`` as plain text, ready to paste."""
        title = f"“{self.title}”" + (f" ({INFERRED})" if "title" in self.inferred else "")
        parts = [self.marked("publisher"), title, self.marked("published")]
        return ", ".join(parts + ([self.url] if self.url else []))


def citation(article: Mapping) -> Citation:
    """The citation of one row of ``articles.csv`` (any mapping with its columns)."""
    inferred = inferred_fields(article)
    outlet = _text(article, "publisher")
    title = _text(article, "title")
    date = date_text(article)
    return Citation(
        outlet=outlet or UNKNOWN_OUTLET,
        title=title or UNTITLED,
        date=date,
        url=safe_url(_text(article, "url")),
        inferred=frozenset(
            field
            for field, known in zip(CITED_FIELDS, (title, outlet, date != UNDATED), strict=True)
            if known and field in inferred
        ),
    )


def cite_line(article: Mapping) -> str:
    """`Citation.line` of an article row."""
    return citation(article).line


def inferred_fields(article: Mapping) -> frozenset[str]:
    """The fields the build inferred for this article (its ``inferred_fields`` column)."""
    return frozenset(part.strip() for part in _text(article, "inferred_fields").split(";")) - {""}


def date_text(article: Mapping) -> str:
    """``2 May 2018``, ``November 2024`` (only the month known) or ``undated``."""
    published = pd.to_datetime(_text(article, "published_date") or None, errors="coerce")
    if not pd.isna(published):
        return f"{published:%-d %B %Y}"
    month = _text(article, "published_month")
    try:
        return f"{dt.datetime.strptime(month, '%Y-%m'):%B %Y}"
    except ValueError:
        return UNDATED


def _text(article: Mapping, key: str) -> str:
    try:
        value = article[key]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return ""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return plain(value)


def plain(text: object) -> str:
    """Text to paste: one line, without control or invisible, order-changing characters."""
    shown = "".join(
        " " if unicodedata.category(char) == "Cc" else char
        for char in str(text)
        if unicodedata.category(char) != "Cf"
    )
    return " ".join(shown.split())
