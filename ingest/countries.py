"""Country mentions to roles: what the sentence around a mention says the country did.

``geo`` says which country a surface string names; this module decides its role in the
operation from the reviewed rules in ``data/curated/country_role_rules.tsv``: cue phrases
before, after or governing a country, and general checks tried in priority order
(organisation names are not participation, routes are not origins, a list of three or
more countries in an article about an operation takes part). Each mention keeps the id
of the rule that decided and a confidence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo import GeoMention, resolve
from ingest.doc import Doc
from ingest.model import CONFIDENCES, CountryMention, Figure, RegionMention
from ingest.text import Span, initials_lookahead, is_promo_line, occurrences

DATA = Path(__file__).resolve().parent.parent / "data"
RULES_PATH = DATA / "curated" / "country_role_rules.tsv"
AMBIGUOUS_PATH = DATA / "gazetteer" / "ambiguous.tsv"

PERSON_NOUNS = frozenset(
    """nationals national citizens citizen migrants migrant victims victim workers worker
    women woman men man children child girls boys people persons employees suspects suspect
    traffickers trafficker smugglers smuggler nannies maids labourers laborers minors
    teenagers refugees immigrants residents passport-holders couple couples family families
    girl boy teenager survivors survivor crew crews crewmen fishermen seafarers sailors
    passengers drivers driver""".split()
)
_PEOPLE = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
_ORIGIN_OPENERS = (
    *PERSON_NOUNS,
    *"native originating originally nationality most many some all half several".split(),
    *"came come comes hailed hail hails were was".split(),
)
"""Every word an alternative of ``ORIGIN_BEFORE`` can start with: one added there goes here."""
ORIGIN_BEFORE = re.compile(
    rf"{initials_lookahead(_ORIGIN_OPENERS)}(?:"
    rf"\b(?:{_PEOPLE}|natives?),?\s+(?:of|from)\s+(?:the\s+)?$"
    r"|\b(?:originating|originally)\s+from\s+(?:the\s+)?$|\bnationality\s+of\s+(?:the\s+)?$"
    r"|\b(?:most|many|some|all|half|several)\s+of\s+them\s+(?:originally\s+)?from\s+(?:the\s+)?$"
    r"|(?<!money\s)(?<!funding\s)(?<!funds\s)(?<!support\s)(?<!financing\s)"
    r"\b(?:came|come|comes|hailed|hail|hails|were|was)\s+(?:(?:originally|mostly|mainly|all"
    r"|both|reportedly|allegedly|largely)\s+)?from\s+(?:the\s+)?$"
    rf"|\b(?:{_PEOPLE})\b[^.;:]{{0,40}},\s*(?:mainly|mostly|mostly\s+from|mainly\s+from|largely"
    r"|notably|chiefly|predominantly|including)\s+(?:from\s+)?(?:the\s+)?$"
    r"|\b(?:came|come|comes)\s+from\s+[^.;:]{0,40},\s*(?:notably|mainly|mostly|including)\s+"
    r"(?:the\s+)?$)",
    re.IGNORECASE,
)
"""Before a place people come from: "victims from", "crews, from", "N women, mainly"."""
SENTENCE_REACH = 2000
"""How far from a mention its sentence is read: every real sentence is shorter."""
BEFORE_WINDOW = 240
"""How far back in its sentence the phrases before a place are looked for (they all end at
the place), so a long sentence is not searched again for every place in it."""
ORIGIN_REACH = 160
"""How many characters before a place the origin phrases can span (they end at the place)."""
ORIGIN_AFTER = re.compile(r"[ \t]+(?:origin|descent|nationality)\b", re.IGNORECASE)
"""After a demonym (or a list of them) that says where people are from: "of Syrian origin"."""
NATIONALS_AFTER = re.compile(r"[ \t]+(?:nationals|citizens|passport[ -]holders)\b", re.IGNORECASE)
"""After a country's name used as an adjective: "Myanmar nationals"."""
_PREDICATE_VERBS = ("were", "was", "are", "is")
PREDICATE_BEFORE = re.compile(
    rf"{initials_lookahead(_PREDICATE_VERBS)}\b(?:{'|'.join(_PREDICATE_VERBS)})"
    r"\s+(?:mostly|mainly|largely|all|both|predominantly|overwhelmingly|chiefly|primarily)?\s*$",
    re.IGNORECASE,
)
"""Before a demonym that says who people were ("most of the victims were Venezuelan")."""
EVENT_WORDS = re.compile(
    r"\b(?:rescue[ds]?|freed|found|arrest(?:s|ed)?|raids?|victims?|exploit(?:ed|ation)"
    r"|forced|trafficked|scams?|recruitment|seized|dismantled|intercepted|detained"
    r"|identified|enslaved|abused|smuggled|raided|conducted|inspect(?:ed|ions?)|charged"
    r"|monitored|intercepted|investigated|investigations?|removed|repatriated|saved"
    r"|safeguarded|identification|destruction|recovery|recovered|prosecut(?:ed|ions?)"
    r"|seizures?|dismantling|detected|detection|interceptions?|apprehended|busted|uncovered)\b",
    re.IGNORECASE,
)
NAMED_BODY_ROLES = frozenset({"coordinator", "funder", "supporter"})
ACTING_BODIES = frozenset(
    """police authorities officers officials investigators prosecutors agents forces
    gendarmerie guards coastguard ministry enforcement""".split()
)
FORCE_WORDS = ACTING_BODIES | frozenset(
    """carabinieri guardia civil coast guard border immigration customs constabulary federal
    national labour labor inspectors""".split()
)
"""Words naming a country's forces in a list ("Spanish police, the Hellenic Coast Guard and
Maltese immigration officers took part"): they continue the list of places."""
LIST_JOINER = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+|but\s+also\s+|as\s+well\s+as\s+)?|and\s+|or\s+"
    r"|as\s+well\s+as\s+|&\s*"
    r"|\(\s*|\)\s*(?:,\s*)?(?:and\s+)?)(?:the\s+)?",
    re.I,
)
"""Between two places of one list, a parenthesis after a region included:
"from Africa (Ghana, Togo) and Asia (Nepal)"."""
ROUTE_BEFORE = re.compile(r"\b(?:from|via|through|towards?|to)\s+(?:the\s+)?$", re.IGNORECASE)
ROUTE_AFTER = re.compile(r"^[ \t]+(?:to|via|towards|into|through)[ \t]+(?:the[ \t]+)?[A-Z]")
"""A route: "from Ecuador to Panama via Colombia" names places passed, not an origin."""
SOURCE_LIST_BEFORE = re.compile(
    r"\bfrom\s+(?:\w+\s+){0,2}(?:countries|nations|places)\s*,?\s*(?:including|such\s+as"
    r"|like|notably|among\s+them)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Where something came from, not where the operation acted: "stolen from countries including"."""
RELATIVE_AFTER = re.compile(r"^\s*,?\s*(?:which|who|that)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
"""Between a list's last place and an after-cue, binding the cue to that place only:
"..., Spain and Peru, which led the operation"."""
OPERATION_ARTICLE = re.compile(
    r"\b(?:operations?|action\s+days?|crackdown|raids?|sweep|joint\s+action)\b", re.IGNORECASE
)
MIN_DEFAULT_LIST = 3
"""In an article about an operation, a list of this many countries takes part by default."""
COUNTRIES_COLON = re.compile(r"\b(?:countries|nations|jurisdictions)\s*:\s*$", re.IGNORECASE)
"""Before a list that names the countries a number counts: "in nine countries: Peru, ..."."""
DESTINATION_BEFORE = re.compile(
    r"\b(?:work|jobs?|employment|bound\s+for|destined\s+for|heading\s+(?:for|to)"
    r"|travel(?:l?ing)?\s+to|taken\s+to|sent\s+to|moved\s+to|trafficked\s+to|smuggled\s+to)"
    r"\s+(?:in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
"""Before a place people were lured or taken to ("offers of work in Dubai"): not where the
operation acted."""
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|on|across|throughout|at|inside|within)\s+(?:the\s+)?(?:remote\s+)?$",
    re.IGNORECASE,
)
LIST_WORDS = frozenset(
    """and or the of as well also including include includes such other both its their
    in from on at across islands island isle states nations countries country
    territories territory caribbean neighbouring neighboring nearby several some many
    namely like plus along with together""".split()
)
CLAUSE_VERBS = frozenset(
    """be been has have had took take takes will would could can
    said says added told announced covered saw""".split()
)
LIST_OPENERS = frozenset("is are was were include includes included".split())
MAX_UNLISTED_WORDS = 5
SHARE_OF_THEM = re.compile(
    r",\s*(?:(?:most|many|some|half|all|several|two-thirds)\s+of\s+(?:them|whom)"
    r"|of\s+(?:which|whom))\b"
)
"""After a total, before the one country that took a share of it: "286 people, of whom ..."."""
TOTAL_WORDS = re.compile(
    r"\b(?:total|overall|in\s+all|altogether|combined|across|worldwide|globally"
    r"|(?<!one\sof\sthe\s)countries|nations|regional|operation-wide)\b",
    re.IGNORECASE,
)
SPEECH_VERBS = r"(?:said|says|told|added|explained|noted|warned|stressed|argued|recalled)"
SPEECH_AFTER = re.compile(rf"[ \t]+{SPEECH_VERBS}\b")
SPEECH_BEFORE = re.compile(rf"\b{SPEECH_VERBS}[ \t]+$")
SPEECH_REACH = 80
"""How far before a surname "said" is looked for (the verb and the spaces after it)."""
BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
LINE_OPENING = re.compile(r"\s*(?:(?:[-*•–]|\d{1,2}[.)])\s+)?\s*")
"""What may stand before a sentence that opens its line: space, and a bullet."""
HEADING_REACH = 2000
MAX_HEADING_WORDS = 8
WORD = re.compile(r"[\w'’-]+")
ADJACENT_BEFORE = re.compile(r"([\w'’&.-]+)[ \t]+$")
ADJACENT_AFTER = re.compile(r"[ \t]+([\w'’&.-]+)")
CAPITALISED_NAME_WORD = re.compile(r"^[A-Z][\w'’&.-]*$")
NAME_GLUE = frozenset({"of", "for", "and", "on", "the", "de", "del", "des", "du", "la", "le"})
NOT_NAME_WORDS = frozenset(
    """In The A An And Of On At To For From By With Across Including Other Both Also As
    Operation Interpol INTERPOL Saint St St. Mr Mrs Ms Dr""".split()
)


@dataclass(frozen=True)
class RoleRule:
    """One reviewed row of the country-role rules: a cue phrase or a general check."""

    id: str
    gives: str
    confidence: str
    where: str
    reach: int
    priority: int
    pattern: re.Pattern[str] | None
    check: str | None
    pattern_text: str
    example: str
    counterexample: str

    @property
    def role(self) -> str:
        """The role a cue gives (a check may take its role from elsewhere)."""
        return self.gives


SUBJECT_GAP = re.compile(
    r"(?:['’]s)?(?:[ \t]+(?:(?:national|federal|state|local|border|immigration|coast|criminal"
    r"|judicial|law|security|labour|labor)[ \t]+){0,2}(?:police|authorities|enforcement|officers"
    r"|forces|agencies|investigators|officials|prosecutors|guards|gendarmerie|inspectors))?"
    r"[ \t]*,?[ \t]*(?:(?:also|have|has|had|jointly|together|successfully)[ \t]+)*$",
    re.IGNORECASE,
)
"""Between a place (or its forces) and a "subject" cue: "Peru's police also arrested"."""
CUE_PLACES = ("before", "after", "subject")
RULE_COLUMNS = (
    "id gives confidence where reach priority pattern example counterexample".split()
)


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_PATH) -> tuple[RoleRule, ...]:
    """Read the rule table (its header comment says what each column means)."""
    rules, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if header != RULE_COLUMNS:
                raise ValueError(f"{path.name} line {number}: header must be {RULE_COLUMNS}")
            continue
        if len(fields) != len(RULE_COLUMNS):
            raise ValueError(f"{path.name} line {number}: expected {len(RULE_COLUMNS)} columns")
        rules.append(_rule_from(dict(zip(RULE_COLUMNS, fields, strict=True)), path.name, number))
    ids = [rule.id for rule in rules]
    repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if repeated:
        raise ValueError(f"{path.name}: rule ids used twice: {', '.join(repeated)}")
    return tuple(rules)


def _rule_from(row: dict[str, str], name: str, number: int) -> RoleRule:
    where = row["where"]
    if where not in (*CUE_PLACES, "check"):
        raise ValueError(f"{name} line {number}: where must be before, after, subject or check")
    if row["confidence"] not in CONFIDENCES:
        raise ValueError(f"{name} line {number}: confidence must be one of {CONFIDENCES}")
    is_check = where == "check"
    return RoleRule(
        id=row["id"],
        gives=row["gives"],
        confidence=row["confidence"],
        where=where,
        reach=0 if is_check else int(row["reach"]),
        priority=int(row["priority"]),
        pattern=None if is_check else _cue_pattern(row["pattern"]),
        check=row["pattern"] if is_check else None,
        pattern_text=row["pattern"],
        example=row["example"].replace("\\n", "\n"),
        counterexample=row["counterexample"].replace("\\n", "\n"),
    )


def _cue_pattern(phrase: str) -> re.Pattern[str]:
    body = "".join(_cue_word(word) for word in phrase.split()).removesuffix(r"\W*")
    return re.compile(r"\b" + body + r"\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_cues() -> tuple[RoleRule, ...]:
    """The cue rows: phrases before, after or governing a country."""
    return tuple(rule for rule in load_rules() if rule.where != "check")


@lru_cache(maxsize=1)
def load_checks() -> tuple[RoleRule, ...]:
    """The general checks in the order they are tried."""
    checks = [rule for rule in load_rules() if rule.where == "check"]
    return tuple(sorted(checks, key=lambda rule: -rule.priority))


def _cue_word(word: str) -> str:
    if word == "*":
        return r"(?:[\w'’-]+\W+){0,3}?"
    if word.endswith("(s)"):
        return re.escape(word[:-3]) + r"(?:e?s)?\b\W*"
    return re.escape(word) + r"\b\W*"


@lru_cache(maxsize=1)
def ambiguous_surfaces(path: Path = AMBIGUOUS_PATH) -> dict[str, str]:
    """Country names that also name a person, a state or a river, with what else they name."""
    surfaces = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            surface, _, also = line.partition("\t")
            surfaces[surface.strip().casefold()] = also.strip()
    surfaces.pop("surface", None)
    return surfaces


def classify(
    doc: Doc,
    geo_mentions: Sequence[GeoMention],
    operation_for: Callable[[int], str | None],
    names_operations: bool = False,
) -> tuple[list[CountryMention], list[RegionMention]]:
    """Give every country mention in a sentence its role; collect the regions.

    Each mention keeps the id of the rule that gave its role and a confidence: the
    rule's own, lowered to ``low`` for a name that also names a person or a state
    ("Georgia", "Chad"), or for a mention outside every paragraph about an operation in
    an article that names one. A mention is judged against the places of its own
    sentence only, and of a sentence with no end in sight only against what stands within
    ``SENTENCE_REACH`` characters of it, so the work grows with the article, not with its
    square.
    """
    countries: list[CountryMention] = []
    regions: list[RegionMention] = []
    about_operation = names_operations or bool(OPERATION_ARTICLE.search(doc.text))
    starts = [mention.start for mention in geo_mentions]
    for mention in geo_mentions:
        sentence = doc.sentence_at(mention.start)
        if sentence is None:
            continue
        if mention.kind != "country":
            regions.append(RegionMention(mention.name, mention.surface, mention.start, mention.end))
            continue
        sentence = Span(
            max(sentence.start, mention.start - SENTENCE_REACH),
            min(sentence.end, mention.end + SENTENCE_REACH),
        )
        neighbours = geo_mentions[
            bisect.bisect_left(starts, sentence.start) : bisect.bisect_left(starts, sentence.end)
        ]
        role, rule = role_of(doc, sentence, mention, neighbours, about_operation)
        operation = operation_for(mention.start)
        countries.append(
            CountryMention(
                iso3=mention.iso3,
                surface=mention.surface,
                start=mention.start,
                end=mention.end,
                role=role,
                operation=operation,
                rule=rule.id,
                **_confidence(mention, rule, operation is None and names_operations),
            )
        )
    return countries, regions


CHECK_DOUBTS = {
    "event_in": "an event is named in the sentence, but no cue ties it to this country",
    "list_default": "one of a list of countries in an article about an operation; "
    "no cue says what the list did",
    "heading": "the role comes from the heading over the list, not from the sentence",
}
"""Why a role from one of these checks is only medium: shown beside the fact."""


def _confidence(mention: GeoMention, rule: RoleRule, outside_operation: bool) -> dict[str, str]:
    also = ambiguous_surfaces().get(mention.surface.casefold())
    if also:
        return {"confidence": "low", "doubt": f"“{mention.surface}” can also be {also}"}
    if outside_operation:
        return {"confidence": "low", "doubt": "outside every paragraph about an operation"}
    if rule.confidence == "high":
        return {"confidence": "high", "doubt": ""}
    return {"confidence": rule.confidence, "doubt": CHECK_DOUBTS.get(rule.check or "", rule.id)}


def without_people(
    text: str, geo_mentions: Sequence[GeoMention], people: Iterable[str]
) -> list[GeoMention]:
    """The mentions that are not part of a quoted person's name.

    "Maria Jordan" and "Paul Chad" are people, and so is "Jordan" in "Jordan said"
    once the article has quoted Maria Jordan.
    """
    names = [name for name in set(people) if len(name.split()) >= 2]
    inside = sorted(
        (start, start + len(name))
        for name, starts in occurrences(text, names).items()
        for start in starts
    )
    starts = [start for start, _ in inside]
    reach = list(itertools.accumulate((end for _, end in inside), max))
    surnames = {name.split()[-1] for name in names}
    kept = []
    for mention in geo_mentions:
        last = bisect.bisect_right(starts, mention.start) - 1
        if last >= 0 and reach[last] >= mention.end:
            continue
        if mention.surface in surnames and (
            SPEECH_AFTER.match(text, mention.end)
            or SPEECH_BEFORE.search(text, max(0, mention.start - SPEECH_REACH), mention.start)
        ):
            continue
        kept.append(mention)
    return kept


@dataclass(frozen=True)
class _Context:
    """What the checks read about one mention: its sentence, its list and the nearest cue."""

    doc: Doc
    text: str
    sentence: Span
    mention: GeoMention
    others: Sequence[GeoMention]
    about_operation: bool
    before: str
    after: str
    head: int
    tail: int
    list_before: str
    list_after: str
    cue: RoleRule | None


def role_of(
    doc: Doc,
    sentence: Span,
    mention: GeoMention,
    others: Sequence[GeoMention],
    about_operation: bool = False,
) -> tuple[str, RoleRule]:
    """The role the sentence gives this mention and the rule that gave it.

    The checks of the rule table are tried in priority order; the first that speaks
    decides. The last, ``mentioned``, always speaks.
    """
    text = doc.text
    head = _list_head(text, sentence, mention, others)
    tail = _list_tail(text, sentence, mention, others)
    context = _Context(
        doc=doc,
        text=text,
        sentence=sentence,
        mention=mention,
        others=others,
        about_operation=about_operation,
        before=text[max(sentence.start, mention.start - BEFORE_WINDOW) : mention.start],
        after=text[mention.end : sentence.end],
        head=head,
        tail=tail,
        list_before=text[max(sentence.start, head - BEFORE_WINDOW) : head],
        list_after=text[tail : sentence.end],
        cue=_nearest_cue(doc, sentence, mention, others),
    )
    for check in load_checks():
        found = CHECKS[check.check](context, check)
        if found is not None:
            return found
    raise ValueError("the rule table needs a 'mentioned' check that always speaks")


Found = tuple[str, RoleRule] | None


def _check_inside_name(c: _Context, rule: RoleRule) -> Found:
    if not _is_inside_name(c.before, c.after):
        return None
    if c.cue and (c.cue.role in NAMED_BODY_ROLES or _names_a_force(c.after)):
        return c.cue.role, c.cue
    return "mentioned", rule


def _check_promo_line(c: _Context, rule: RoleRule) -> Found:
    line = c.doc.line_at(c.mention.start)
    return ("mentioned", rule) if is_promo_line(line.of(c.text)) else None


def _check_route(c: _Context, rule: RoleRule) -> Found:
    return ("mentioned", rule) if _is_route(c.list_before, c.list_after) else None


def _check_origin(c: _Context, rule: RoleRule) -> Found:
    return ("origin", rule) if _is_origin(c.mention, c.list_before, c.list_after) else None


def _check_source_list(c: _Context, rule: RoleRule) -> Found:
    return ("mentioned", rule) if SOURCE_LIST_BEFORE.search(c.list_before) else None


def _check_cue(c: _Context, rule: RoleRule) -> Found:
    return (c.cue.role, c.cue) if c.cue else None


def _check_countries_colon(c: _Context, rule: RoleRule) -> Found:
    return ("participant", rule) if COUNTRIES_COLON.search(c.list_before) else None


def _check_destination(c: _Context, rule: RoleRule) -> Found:
    return ("mentioned", rule) if DESTINATION_BEFORE.search(c.list_before) else None


def _check_forces(c: _Context, rule: RoleRule) -> Found:
    return ("participant", rule) if _names_acting_body(c.mention, c.list_after) else None


def _check_event_in(c: _Context, rule: RoleRule) -> Found:
    has_event = EVENT_WORDS.search(c.text, c.sentence.start, c.sentence.end)
    return ("participant", rule) if has_event and LOCATIVE_BEFORE.search(c.list_before) else None


def _check_list_default(c: _Context, rule: RoleRule) -> Found:
    if (
        c.about_operation
        and _countries_in(c.others, c.head, c.tail) >= MIN_DEFAULT_LIST
        and not ROUTE_BEFORE.search(c.list_before)
    ):
        return "participant", rule
    return None


def _check_heading(c: _Context, rule: RoleRule) -> Found:
    role = _heading_role(c.doc, c.sentence, c.others)
    return (role, rule) if role else None


def _check_mentioned(c: _Context, rule: RoleRule) -> Found:
    return "mentioned", rule


CHECKS: dict[str, Callable[[_Context, RoleRule], Found]] = {
    "inside_name": _check_inside_name,
    "promo_line": _check_promo_line,
    "route": _check_route,
    "origin": _check_origin,
    "source_list": _check_source_list,
    "cue": _check_cue,
    "countries_colon": _check_countries_colon,
    "destination": _check_destination,
    "forces": _check_forces,
    "event_in": _check_event_in,
    "list_default": _check_list_default,
    "heading": _check_heading,
    "mentioned": _check_mentioned,
}
"""The general checks the rule table may name, by the name in its ``pattern`` column."""


def _is_route(list_before: str, list_after: str) -> bool:
    """True for a place on a route: "from A to B", "to B via C", "via C and D"."""
    if re.search(r"\b(?:via|transiting|transit\s+through)\s+(?:the\s+)?$", list_before, re.I):
        return True
    if re.search(r"\b(?:via|through|route)\b[^.;()]{0,40}\([^()]{0,40}$", list_before, re.I):
        return True
    if re.search(r"\bfrom\s+(?:the\s+)?$", list_before, re.I) and ROUTE_AFTER.match(list_after):
        return True
    return bool(re.search(r"\bfrom\s+[^.;]{1,60}?\s+to\s+(?:the\s+)?$", list_before, re.I))


def _countries_in(others: Sequence[GeoMention], start: int, end: int) -> int:
    """How many different countries a list from ``start`` to ``end`` names."""
    return len({m.iso3 for m in others if m.kind == "country" and start <= m.start < end})


def _heading_role(doc: Doc, sentence: Span, others: Sequence[GeoMention]) -> str | None:
    """The role a list takes from the short heading that introduces it.

    "Participating countries:" on a line of its own, then the countries on the next
    line or as bullet points: the heading's cue applies to every line of the list that
    is only a list of places, not to a bullet that tells a story.
    """
    text = doc.text
    line_start = doc.line_at(sentence.start).start
    if not LINE_OPENING.fullmatch(text, line_start, sentence.start):
        return None
    if not _is_list_material(text, (sentence.start, sentence.end), others):
        return None
    for line in reversed(text[max(0, line_start - HEADING_REACH) : line_start].split("\n")):
        if not line.strip() or BULLET.match(line):
            continue
        heading = line.strip()
        if not heading.endswith(":") or len(WORD.findall(heading)) > MAX_HEADING_WORDS:
            return None
        roles = [cue.role for cue, _, _ in cue_matches(heading) if cue.where == "before"]
        return roles[-1] if roles else None
    return None


def _list_head(text: str, sentence: Span, mention: GeoMention, others: Sequence[GeoMention]) -> int:
    """Where the list of places this mention belongs to starts ("in [Thailand and] Cambodia")."""
    head = mention.start
    for other in reversed(others):
        if other.end <= head and other.start >= sentence.start:
            if LIST_JOINER.fullmatch(text[other.end : head]):
                head = other.start
            else:
                break
    return head


def _list_tail(text: str, sentence: Span, mention: GeoMention, others: Sequence[GeoMention]) -> int:
    """Where that list ends ("[Vietnamese and] Indonesian nationals")."""
    tail = mention.end
    for other in others:
        if other.start >= tail and other.end <= sentence.end:
            if LIST_JOINER.fullmatch(text[tail : other.start]):
                tail = other.end
            else:
                break
    return tail


def _names_a_force(after: str) -> bool:
    """True when the name the country word starts is a police or border force's."""
    name = re.match(r"(?:[ \t]+[A-Z][\w'’&-]*)+", after)
    return bool(name) and any(word.lower() in FORCE_WORDS for word in name.group().split())


def _names_acting_body(mention: GeoMention, after: str) -> bool:
    """True for "Spanish authorities", "Brazilian police": the country's own forces acted."""
    if mention.via != "demonym":
        return False
    following = [word.lower() for word in WORD.findall(after[:40])[:2]]
    return bool(following) and (following[0] in ACTING_BODIES or following[-1] in ACTING_BODIES)


def _is_inside_name(before: str, after: str) -> bool:
    """True when the country word is part of an organisation's or outlet's name.

    "Global Affairs Canada", "The United States Bureau of ...", "Radio Nacional de Chile",
    and "an office (UNODC) in Colombia" name a body or its seat, not a participant.
    """
    if re.search(r"\)\s+in\s+(?:the\s+)?$", before):
        return True
    previous = ADJACENT_BEFORE.search(before)
    if previous and _is_name_word(previous.group(1)) and before.strip() != previous.group(1):
        return True
    following = ADJACENT_AFTER.match(after)
    return bool(following and _is_name_word(following.group(1)))


def _is_name_word(word: str) -> bool:
    return bool(CAPITALISED_NAME_WORD.match(word)) and word not in NOT_NAME_WORDS


def _is_origin(mention: GeoMention, before: str, after: str) -> bool:
    if ORIGIN_BEFORE.search(before[-ORIGIN_REACH:]):
        return True
    if mention.via != "demonym":
        return bool(NATIONALS_AFTER.match(after))
    if ORIGIN_AFTER.match(after):
        return True
    names_a_force = not after.lstrip(" ").startswith((",", ".", ";")) and _names_acting_body(
        mention, after
    )
    if PREDICATE_BEFORE.search(before) and not after.startswith("-") and not names_a_force:
        return True
    if _is_plural_people(mention):
        return True
    following = WORD.findall(after[:40])
    nouns = [w.lower() for w in following[:3]]
    for index, noun in enumerate(nouns):
        if noun in PERSON_NOUNS:
            return True
        if index == 0 and noun in ("trafficking", "sex", "forced", "child", "female", "male"):
            continue
        break
    return False


def _is_plural_people(mention: GeoMention) -> bool:
    """True for "Venezuelans", "Bajans": a demonym in the plural names people."""
    surface = mention.surface
    if not surface.endswith("s") or surface.endswith("ss"):
        return False
    singular = resolve(surface[:-1])
    return singular is not None and singular.iso3 == mention.iso3


def _nearest_cue(
    doc: Doc, sentence: Span, mention: GeoMention, others: Sequence[GeoMention]
) -> RoleRule | None:
    """The cue that speaks for this mention: the highest priority, then the nearest.

    An "after" cue reaches as many words past the end of the mention's list as its row
    says; a "before" cue may stand as many words (other than places and list words)
    before it.
    """
    text = doc.text
    best: tuple[int, int, RoleRule] | None = None
    list_end = _list_tail(text, sentence, mention, others)
    for cue, match_start, match_end in cue_matches(text[sentence.start : sentence.end]):
        start, end = sentence.start + match_start, sentence.start + match_end
        budget = MAX_UNLISTED_WORDS
        if cue.where == "before" and end <= mention.start:
            gap, budget = (end, mention.start), cue.reach
        elif cue.where == "after" and mention.end <= start:
            if doc.words_between(list_end, start) > cue.reach:
                continue
            if _bound_to_another(text, mention, others, start):
                continue
            gap = (mention.end, start)
        elif cue.where == "subject" and start >= list_end:
            if not SUBJECT_GAP.fullmatch(text, list_end, start):
                continue
            gap = (mention.end, list_end)
        else:
            continue
        rank = (-cue.priority, gap[1] - gap[0])
        if (best is None or rank < best[:2]) and _is_list_material(text, gap, others, budget):
            best = (*rank, cue)
    return best[2] if best else None


def _bound_to_another(
    text: str, mention: GeoMention, others: Sequence[GeoMention], cue_start: int
) -> bool:
    """True when a relative clause ties the cue to a later place: "A and B, which led"."""
    last = None
    for other in others:
        if mention.end <= other.start and other.end <= cue_start:
            last = other
    return last is not None and bool(RELATIVE_AFTER.match(text[last.end : cue_start]))


@lru_cache(maxsize=64)
def cue_matches(sentence: str) -> tuple[tuple[RoleRule, int, int], ...]:
    """Every cue phrase in a sentence, found once however many countries it names.

    Only the cues whose first word the sentence has are tried, so a sentence costs a
    set lookup per cue, not a regex search per cue.
    """
    words = set()
    for word in CUE_WORD.findall(sentence.lower()):
        words.update((word, *word.split("-")))
    return tuple(
        (cue, match.start(), match.end())
        for cue in cues_by_first_word(frozenset(words))
        for match in cue.pattern.finditer(sentence)
    )


CUE_WORD = re.compile(r"[\w'’-]+")


def cues_by_first_word(words: frozenset[str]) -> list[RoleRule]:
    """The cue rows whose first word (or its plural) is among ``words``, in table order."""
    by_first = _cues_by_first_word()
    rows: set[int] = set()
    for word in words:
        rows.update(by_first.get(word, ()))
        if word.endswith("s"):
            rows.update(by_first.get(word[:-1], ()))
        if word.endswith("es"):
            rows.update(by_first.get(word[:-2], ()))
    cues = load_cues()
    return [cues[row] for row in sorted(rows)]


@lru_cache(maxsize=1)
def _cues_by_first_word() -> dict[str, tuple[int, ...]]:
    """Each cue's first word (its plural ending left off) and the table rows it starts."""
    rows: dict[str, list[int]] = {}
    for row, cue in enumerate(load_cues()):
        rows.setdefault(cue.pattern_text.split()[0].lower().removesuffix("(s)"), []).append(row)
    return {first: tuple(found) for first, found in rows.items()}


def _is_list_material(
    text: str,
    gap: tuple[int, int],
    others: Sequence[GeoMention],
    budget: int = MAX_UNLISTED_WORDS,
) -> bool:
    """True when the words between a cue and a mention only continue a list of places."""
    pieces, cursor = [], gap[0]
    for other in others:
        if other.start >= gap[0] and other.end <= gap[1]:
            pieces.append(text[cursor : other.start])
            cursor = other.end
    pieces.append(text[cursor : gap[1]])
    unlisted, opened = 0, False
    for word in WORD.findall(" ".join(pieces)):
        lowered = word.lower()
        if lowered in LIST_WORDS or lowered in FORCE_WORDS:
            continue
        if lowered in LIST_OPENERS and not opened:
            opened = True
            continue
        if lowered in CLAUSE_VERBS or (lowered.endswith("ed") and len(lowered) > 4):
            return False
        unlisted += 1
    return unlisted <= budget


def is_national(
    figure: Figure,
    doc: Doc,
    countries: Sequence[CountryMention],
    operation_starts: Sequence[int] = (),
) -> bool:
    """True for one country's share of an operation ("In Ghana, police freed 47 boys").

    Such a number is not the operation's figure: beside the total it would read as a
    disagreement between sources. A sentence that names one country taking part (the
    victims' nationalities or a border may be named too) and no total or "countries"
    gives a national count. ``countries`` and ``operation_starts`` are in text order, so
    only the sentence's own are looked at.
    """
    if figure.metric == "countries_involved":
        return False
    text = doc.text
    sentence = doc.sentence_at(figure.start)
    if sentence is None or TOTAL_WORDS.search(text, sentence.start, sentence.end):
        return False
    first = bisect.bisect_left(countries, sentence.start, key=_start)
    last = bisect.bisect_left(countries, sentence.end, key=_start)
    acting = [
        m
        for m in countries[first:last]
        if m.role == "participant"
        and not (m.start > figure.end and SHARE_OF_THEM.search(text, figure.end, m.start))
    ]
    if len({m.iso3 for m in acting}) != 1:
        return False
    named_first = any(m.start < figure.start for m in acting)
    operation_first = bisect.bisect_left(operation_starts, sentence.start) < bisect.bisect_left(
        operation_starts, figure.start
    )
    return named_first or not operation_first


def _start(mention: CountryMention) -> int:
    return mention.start
