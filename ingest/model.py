"""The extraction contract of design.md as frozen dataclasses.

Every fact carries the character span (``start``, ``end``) of the text it came from, as
offsets into the article's text as read (a Python ``str``), so any view can show its source.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

CONFIDENCES = ("high", "medium", "low")
"""How sure a fact is, from its evidence: shown, filtered and exported with it. A fact's
``rule``, ``confidence`` and ``doubt`` say how it was found, not what it is, so two facts
that differ only there are equal."""
ROLES = ("participant", "coordinator", "funder", "supporter", "origin", "mentioned")
METRICS = (
    "victims_rescued",
    "arrests",
    "countries_involved",
    "officers_involved",
    "migrants_identified",
    "charged",
    "investigations_opened",
    "flights_monitored",
    "checks_conducted",
    "groups_dismantled",
    "inspections",
)
QUALIFIERS = ("exact", "at_least", "approx")


@dataclass(frozen=True)
class Source:
    """Where an article came from: what its text (or a sidecar) says about it."""

    file: str
    sha256: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    published_month: str | None = None
    """``YYYY-MM`` when only the month is known (an address's ``/2024/11/`` path)."""
    inferred: tuple[str, ...] = ()
    """The fields (``title``, ``publisher``, ``published``) derived, not stated: a title
    from the address or the opening sentence, an outlet from the address's host, a date
    from the address's path. Shown as inferred wherever the source is cited."""


@dataclass(frozen=True)
class Operation:
    """A named operation and the dates the article gives for it (ISO dates or None)."""

    name: str
    start: str | None = None
    end: str | None = None
    rule: str = field(default="", compare=False)
    confidence: str = field(default="high", compare=False)
    doubt: str = field(default="", compare=False)


@dataclass(frozen=True)
class OperationMention:
    """One place where the article names an operation."""

    name: str
    start: int
    end: int
    surface: str = ""


@dataclass(frozen=True)
class CountryMention:
    """One mention of a country, with the role the surrounding sentence gives it."""

    iso3: str
    surface: str
    start: int
    end: int
    role: str
    operation: str | None = None
    rule: str = field(default="", compare=False)
    confidence: str = field(default="high", compare=False)
    doubt: str = field(default="", compare=False)


@dataclass(frozen=True)
class RegionMention:
    """A region, continent or group named in the article (never a country)."""

    region: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """A number the article claims for a metric; ``value`` is None for vague amounts."""

    operation: str | None
    metric: str
    value: int | None
    qualifier: str
    surface: str
    start: int
    end: int
    rule: str = field(default="", compare=False)
    confidence: str = field(default="high", compare=False)
    doubt: str = field(default="", compare=False)


@dataclass(frozen=True)
class Quote:
    """Words in quotation marks and who said them."""

    speaker: str
    speaker_title: str | None
    text: str
    operation: str | None
    start: int
    end: int
    rule: str = field(default="", compare=False)
    confidence: str = field(default="high", compare=False)
    doubt: str = field(default="", compare=False)


@dataclass(frozen=True)
class ArticleFacts:
    """Everything one article yields, in the shape ``extract --format json`` prints."""

    source: Source
    operations: tuple[Operation, ...] = ()
    mentions: tuple[CountryMention, ...] = ()
    regions: tuple[RegionMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    operation_mentions: tuple[OperationMention, ...] = field(default=(), compare=False)

    def countries(self) -> dict[str, list[str]]:
        """Roles per ISO3 code, ``mentioned`` only where a country holds no other role."""
        roles: dict[str, set[str]] = {}
        for mention in self.mentions:
            roles.setdefault(mention.iso3, set()).add(mention.role)
        result = {}
        for iso3 in sorted(roles):
            held = roles[iso3]
            if len(held) > 1:
                held = held - {"mentioned"}
            result[iso3] = [role for role in ROLES if role in held]
        return result

    def to_dict(self) -> dict:
        """The JSON object of the extraction contract."""
        return {
            "source": asdict(self.source),
            "operations": [asdict(op) for op in self.operations],
            "countries": self.countries(),
            "mentions": [asdict(m) for m in self.mentions],
            "regions": sorted({r.region for r in self.regions}),
            "figures": [asdict(f) for f in self.figures],
            "quotes": [asdict(q) for q in self.quotes],
        }

    def to_record(self) -> dict:
        """The contract plus the spans of region and operation mentions, for the dataset."""
        record = self.to_dict()
        record["region_mentions"] = [asdict(r) for r in self.regions]
        record["operation_mentions"] = [asdict(m) for m in self.operation_mentions]
        return record

    def to_json(self, indent: int | None = 2) -> str:
        """Serialise deterministically (stable key order, UTF-8 kept as is)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
