"""The dataset's tables, each column described once (name, type, meaning).

``ingest build`` writes one CSV per table into the dataset folder; the dashboard reads
them. Every fact row carries ``article_id`` and the span (``span_start``, ``span_end``)
into that article's text, which the dataset keeps under ``texts/{article_id}.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its name, its pandas dtype and what it holds."""

    name: str
    dtype: str
    description: str


@dataclass(frozen=True)
class Table:
    """One table of the dataset, with its primary key."""

    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        """The columns in file order."""
        return [c.name for c in self.columns]

    @property
    def dtypes(self) -> dict[str, str]:
        """Column name to pandas dtype, for ``pandas.read_csv(dtype=...)``."""
        return {c.name: c.dtype for c in self.columns}


ARTICLE_ID = Column("article_id", "string", "First 16 hex digits of the article's SHA-256.")
SPAN_START = Column("span_start", "Int64", "Character offset where the evidence starts.")
SPAN_END = Column("span_end", "Int64", "Character offset where the evidence ends.")
SURFACE = Column("surface", "string", "The evidence exactly as written in the article.")
CORRECTED = Column(
    "corrected",
    "boolean",
    "True when a person corrected this row (data/corrections.csv); show it as such.",
)
CORRECTION_NOTE = Column(
    "correction_note",
    "string",
    "What the person changed, when, and why; empty when the row is as extracted.",
)
RULE_ID = Column(
    "rule_id",
    "string",
    "Id of the reviewed rule that produced the fact (data/curated/*_rules.tsv, or the "
    "extractor's rule name).",
)
CONFIDENCE = Column(
    "confidence",
    "string",
    "high, medium or low: how sure the fact is from its evidence (low ones need review).",
)
DOUBT = Column(
    "doubt",
    "string",
    "Why the confidence is below high, in words a reviewer reads; empty when high.",
)
OPERATION = Column(
    "operation",
    "string",
    "Canonical operation name (no word 'Operation'); empty when the article names none.",
)
OPERATION_ID = Column(
    "operation_id",
    "string",
    "Which operation: its name and edition (global-chain-2024, liberterra-ii); two "
    "articles' facts belong to one operation only when they share this id "
    "(ingest.linking). Empty when the article names none.",
)

ARTICLES = Table(
    "articles",
    "One row per distinct article (same content twice is one article).",
    ("article_id",),
    (
        ARTICLE_ID,
        Column("file", "string", "File name in the corpus (the first, if several share content)."),
        Column("sha256", "string", "SHA-256 of the file's bytes."),
        Column("title", "string", "Headline, when the text or the sidecar gives one."),
        Column("publisher", "string", "Outlet that published it, when known."),
        Column("published_date", "string", "Publication date, YYYY-MM-DD, when known."),
        Column(
            "published_month",
            "string",
            "YYYY-MM when only the month is known (an address's /2024/11/ path); else empty.",
        ),
        Column("url", "string", "Address of the article, when known (http or https only)."),
        Column(
            "inferred_fields",
            "string",
            "Which of title, publisher, published were inferred (from the address or the "
            "opening sentence), ';'-separated; cite them as inferred. Empty when all stated.",
        ),
        Column("n_chars", "Int64", "Length of the text in characters."),
        Column("operations", "string", "Operations the article names, ';'-separated."),
        Column(
            "operation_ids",
            "string",
            "Ids of the operations it reports, ';'-separated (not those named in passing).",
        ),
        Column("is_unattributed", "boolean", "True when the article names no operation."),
        Column(
            "inferred_operation",
            "string",
            "For an unattributed article: the operation whose reports it matches, if any "
            "(never merged: its facts keep an empty operation).",
        ),
        Column("inference", "string", "Why: the figures it shares with that operation's reports."),
        Column(
            "inferred_operation_id",
            "string",
            "The id of that operation's edition whose reports share the most figures.",
        ),
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

OPERATIONS = Table(
    "operations",
    "One row per operation named in an article, with the dates that article gives.",
    ("article_id", "operation"),
    (
        ARTICLE_ID,
        OPERATION,
        OPERATION_ID,
        Column(
            "edition",
            "string",
            "The run of the operation this article reports: the numeral of its name, else "
            "the year of its dates, else of the article, else a person's choice "
            "(editions.csv in the corpus); empty when unknown.",
        ),
        Column(
            "in_passing",
            "boolean",
            "True when the article only names it (no dates, figures, countries or quotes) "
            "beside an operation it reports: no report, no timeline row.",
        ),
        Column("start_date", "string", "First day of the operation, YYYY-MM-DD, if stated."),
        Column("end_date", "string", "Last day of the operation, YYYY-MM-DD, if stated."),
        SPAN_START,
        SPAN_END,
        SURFACE,
        Column("rule_id", "string", "Id of the rule that read the dates, when there are dates."),
        Column(
            "confidence",
            "string",
            "How sure the dates are: high when the text writes the year with the range, "
            "lower when the year had to be inferred.",
        ),
        DOUBT,
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

MENTIONS = Table(
    "mentions",
    "One row per country mention, with the role its sentence gives the country.",
    ("article_id", "span_start"),
    (
        ARTICLE_ID,
        Column("iso3", "string", "ISO 3166-1 alpha-3 code (XKX for Kosovo)."),
        Column("role", "string", "participant, coordinator, funder, supporter, origin, mentioned."),
        OPERATION,
        OPERATION_ID,
        SPAN_START,
        SPAN_END,
        SURFACE,
        RULE_ID,
        CONFIDENCE,
        DOUBT,
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

COUNTRY_ROLES = Table(
    "country_roles",
    "One row per article, country and role (mentioned only where no other role is held).",
    ("article_id", "iso3", "role", "operation"),
    (
        ARTICLE_ID,
        Column("iso3", "string", "ISO 3166-1 alpha-3 code (XKX for Kosovo)."),
        Column("role", "string", "participant, coordinator, funder, supporter, origin, mentioned."),
        OPERATION,
        OPERATION_ID,
        Column("n_mentions", "Int64", "How many mentions in the article support this role."),
        SPAN_START,
        SPAN_END,
        SURFACE,
        RULE_ID,
        Column(
            "confidence",
            "string",
            "The best confidence among the mentions that support the role (high, medium, low).",
        ),
        DOUBT,
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

REGIONS = Table(
    "regions",
    "One row per region, continent or group named in an article.",
    ("article_id", "span_start"),
    (
        ARTICLE_ID,
        Column("region", "string", "Canonical region or group name."),
        SPAN_START,
        SPAN_END,
        SURFACE,
    ),
)

FIGURES = Table(
    "figures",
    "One row per figure claimed in an article.",
    ("article_id", "span_start"),
    (
        ARTICLE_ID,
        OPERATION,
        OPERATION_ID,
        Column("metric", "string", "What is counted: victims_rescued, arrests, ... (design.md)."),
        Column("value", "Int64", "The number; empty for a vague amount ('hundreds')."),
        Column("qualifier", "string", "exact, at_least ('more than', '250+') or approx."),
        SPAN_START,
        SPAN_END,
        SURFACE,
        RULE_ID,
        CONFIDENCE,
        DOUBT,
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

QUOTES = Table(
    "quotes",
    "One row per quotation in an article.",
    ("article_id", "span_start"),
    (
        ARTICLE_ID,
        Column("quote_id", "string", "Hash of the normalised words: the same words share it."),
        Column("speaker", "string", "Person (or organisation) who said it, full name."),
        Column("speaker_title", "string", "Role or title given for the speaker, when stated."),
        Column("text", "string", "The quoted words, without the quotation marks."),
        OPERATION,
        OPERATION_ID,
        SPAN_START,
        SPAN_END,
        RULE_ID,
        CONFIDENCE,
        DOUBT,
        CORRECTED,
        CORRECTION_NOTE,
    ),
)

OPERATION_COLOURS = Table(
    "operation_colours",
    "One row per operation ever in the dataset, with the colour it keeps in every view and "
    "export. Each build keeps the rows and their order and appends new operations "
    "(ingest.colours); a person may change a colour by hand.",
    ("operation_id",),
    (
        OPERATION_ID,
        Column("operation", "string", "Its name, for the person reading the file."),
        Column("edition", "string", "Its edition, as in operations.edition."),
        Column("colour", "string", "#rrggbb, from the colour-blind-safe palette unless changed."),
    ),
)

ALL_TABLES = (ARTICLES, OPERATIONS, MENTIONS, COUNTRY_ROLES, REGIONS, FIGURES, QUOTES)
