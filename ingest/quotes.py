"""Direct quotes and who said them.

A quote is a run of words between quotation marks that someone said. The rules, each a
decision the tests pin down:

- Marks: straight ``"…"``, curly ``“…”``, guillemets ``«…»`` and backtick ````…''``
  pairs within one paragraph; single marks (``'…'``, ``‘…’``, ```…'``) only around three
  or more words, because they also wrap names ("dubbed 'Operation Libertad'") and
  apostrophes look the same. Pages lose marks and get cut off, so also: a paragraph that
  starts with quoted words and has only the closing mark (``Words,” Ana Ruiz said.``:
  attributed only by the words after the mark); a quote whose paragraph does not close
  it, running on into the next paragraph that opens again (the press convention) or to
  the end of a cut-off text.
- Span: ``start``/``end`` cover the words inside the marks, without the marks and without
  one trailing comma, so ``text == article[start:end]`` always holds.
- Not quotes: fewer than two words; a quoted name or title (every word capitalised, no
  sentence punctuation: "Operation Freedom"); a one- or two-word term after a determiner
  ("highlighted the "human story"" is a term the writer quotes, not speech); anything in
  boilerplate lines.
- Speaker, tried in order: the words right after the closing mark ("…," said X / "…," X
  said / "…," according to X); then the words before the opening mark in the same
  sentence (X said that "…" / X, head of Y, emphasized that "…" / According to X, "…" /
  X: "…"); then, for quotes of three or more words only, an attribution-only sentence
  right after ("…." Ruiz said. / "…" Ruiz told Reuters.) or the previous sentence's
  speaker (X said the raids worked. "…"); else, for a paragraph that is all quote, the
  speaker of the quote in the paragraph just before, but never when a speech verb
  follows the quote that no rule could read ("…," said one of them). A quote with no
  speaker by these rules is dropped, never guessed. After the quote a verb may come
  first and the role before the name ("…” Argued the head of X, Ana Ruiz"), a role of
  role words may stand before the name and its verb ("…,” police chief Ana Ruiz said),
  and a text cut off after a name ("…,” Ana Ruiz, head of) still names the speaker.
- "he"/"she" is the person named most recently before the quote. A surname alone
  ("Marsh said") is the full name given earlier ("Tom Marsh"). "the agency", "the
  organisation", "police", "the ministry", "officials" are the organisation most recently
  named as saying something ("Interpol said"), else the organisation most recently named,
  else the phrase as written; an owned body ("Brazil's federal police") is kept as written.
  "the statement" and "it" are that organisation too, or nobody when none was named. An
  unnamed spokesperson speaks for their organisation ("a Europol spokesperson" -> Europol,
  "a police spokesperson" -> the police force named last, "Harbour Police"; a force named
  by its country, "Dutch police", stays "police" so the country is still read there).
  A single capitalised word that is no earlier person's surname ("Interpol said",
  "INTERPOL stated", "Frontex said") is an organisation speaker, as written. Honorifics
  ("Ms.", "Dr") are neither name nor title. An operation's name (as ``find_operations``
  finds it, or the capitalised words after "Operation") is never a speaker: "Operation
  Blue Harbour said" names no one, "said Operation Blue Harbour coordinator Ana Ruiz" is
  Ana Ruiz; "Operation" before a role word is part of the role ("Operation Commander").
  "X of Y" is person X of organisation Y ("Ana Ruiz of Harbour Watch International"),
  or one organisation when X is none ("the Ministry of Labour"). A name after a lower-case
  "the" is an organisation ending in an organisation word ("…," the Harbour Rights Network
  said), never a person.
- Title: the appositive ("Ana Ruiz, coordinator of X," -> "coordinator of X"; a leading
  "a"/"an"/"the" is dropped), else the role written before the name ("Interpol's Executive
  Director of Police Services Tom Marsh"), else the organisation after "of" ("Ana Ruiz
  of Interpol" -> "Interpol"); a quote without one takes the latest title the article gave
  that person earlier. "its" in a title is the organisation it stands for ("head of its
  unit" -> "head of Interpol's unit"): the one the article tied the speaker to before, else
  the one last named as saying something, else the one last named; with none named it
  stays. Organisations have no title.

Speech verbs, title words, organisation words, words that never start a name, words for
a spokesperson and for an organisation's statement are a reviewed table,
``data/curated/speaker_cues.tsv``: one phrase a row, each with an id and an invented example
and counterexample that say what the extractor must give.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from geo import resolve
from ingest.doc import Doc
from ingest.model import OperationMention, Quote
from ingest.operations import find_operations
from ingest.reviewed import reviewed_rows
from ingest.text import Span

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "curated" / "speaker_cues.tsv"

MIN_WORDS = 2
MIN_WORDS_SINGLE_MARKS = 3
MIN_WORDS_WITHOUT_OWN_SENTENCE = 3
MAX_NAME_TOKENS = 4
MAX_RUN_TOKENS = 8
MAX_LEAD_CHARS = 400
MAX_TITLE_CHARS = 160
MAX_QUOTE_PARAGRAPHS = 4
MAX_POLICE_LOOKBACK = 1000
MASK = "\u25a1"
TAIL_RULES = ("quote.verb-then-speaker-after", "quote.speaker-then-verb-after",
              "quote.according-to-after")  # fmt: skip
"""Ids of the attributions tried right after the closing mark, in order."""
_TITLED_TAIL = (
    ("any role word", "quote.verb-role-name-after"),
    ("role word last", "quote.verb-role-name-after"),
    ("role words only", "quote.role-name-verb-after"),
)
"""What the role of each titled attribution after a quote must hold, and the rule's id."""
NEIGHBOUR_RULE = "quote.neighbouring-sentence"
"""The speaker comes from the sentence before or after, not from words beside the quote."""
CONTINUATION_RULE = "quote.continues-previous"
"""A paragraph all in quotation marks that goes on with the previous quote's speaker."""

_DOUBLE_QUOTED = re.compile(r"“([^“”\n]*)”|\"([^\"\n]*)\"|``([^`\n]*?)''|«([^«»\n]*)»")
_SINGLE_QUOTED = re.compile(
    r"(?<![\w’'])‘((?:[^‘’\n]|’(?=\w))+)’(?!\w)|(?<![\w’'])'(?=\w)((?:[^'\n]|'(?=\w))+?)(?<=\S)'(?!\w)"
    r"|(?<![\w`])`(?=\w)((?:[^`'\n]|'(?=\w))+?)(?<=\S)'(?!\w)"
)
"""Backtick openings (```…''``, ```…'``) are how some wire and typewriter copy quotes."""
_FIRST_CURLY = re.compile(r"[“”]")
_CLOSING_MARK = re.compile(r"[”\"]")
_FIRST_VISIBLE = re.compile(r"\S|$")
_REST_OF_LINE = re.compile(r"[ .\t]*")
"""After a quote that ends its paragraph only spaces and a full stop may stand."""
_TERM_BEFORE = re.compile(
    r"\b(?:the|a|an|this|that|its|their|his|her|our|so-called|called|dubbed|named|term|word"
    r"|as)\s*$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset("of the and in on for a an to at by de la del".split())
_SENTENCE_PUNCTUATION = re.compile(r"[.,!?;:…]")

_UPPER = "[" + "".join(re.escape(c) for c in map(chr, range(0x2000)) if c.isupper()) + "]"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Prof|St)\."
_ENDS_IN_ABBREVIATION = re.compile(rf"(?:^|\s)(?:{_HONORIFIC}|[A-Z]\.)$")
_TOKEN = rf"(?:{_HONORIFIC}|{_UPPER}[^\W_]*(?:[-'’][^\W\d_][^\W_]*)*(?<!['’]s)|[A-Z]\.)"
_PARTICLE = (
    r"(?:de|da|das|do|dos|del|della|der|den|di|du|van|von|ter|ten|bin|binti|ibn|al|el|la|le)"
)
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_TOKEN}){{0,{MAX_RUN_TOKENS - 1}}}"
_PARTICLE_RE = re.compile(_PARTICLE)
_ITS = re.compile(r"(?<![\w'’])its(?![\w'’])")
_PRONOUN = r"(?:[Hh]e|[Ss]he)\b"
_PRONOUN_RE = re.compile(_PRONOUN)
_ORG_REFERENCE = (
    r"(?:[Tt]he\s+(?:[\w-]+\s+){0,3}?(?:agency|organi[sz]ation|ministry|police|force|office"
    r"|bureau|department|government|commission|body|authorities|charity|foundation)"
    r"|[Pp]olice|[Oo]fficials|[Aa]uthorities)\b(?!\s+[A-Z])"
)
_OWNED_BODY = (
    rf"{_TOKEN}['’]s\s+(?:[a-z-]+\s+){{0,3}}?(?:police|ministry|government|agency|authorities"
    r"|prosecutors?|office|department)\b"
)
_ORG_REFERENCE_RE = re.compile(_ORG_REFERENCE)
_OWNED_BODY_RE = re.compile(_OWNED_BODY)
_NOT_A_NAME = re.compile(f"{_PRONOUN}|{_ORG_REFERENCE}|{_OWNED_BODY}")
"""What an attribution may name that is no one's name: "he", "the agency", "Peru's police"."""
_ADVERB = r"(?:(?:also|later|further|then|again|previously|recently|once|\w+ly)\s+)?"
_ABBREVIATION = r"(?:\s*\([A-Z][A-Za-z]{1,9}\))?"
_PLACE_AFTER_COMMA = rf"(?:,\s*{_UPPER}[\w'’.-]*(?:\s+{_UPPER}[\w'’.-]*){{0,2}})?"
"""A role's place may carry its country: "..., head of the bureau in Lagos, Nigeria, said"."""
_APPOSITIVE = rf"(?P<app>\s*,[^,;{MASK}]{{2,{MAX_TITLE_CHARS}}}{_PLACE_AFTER_COMMA},)?"
_OF_ORGANISATION = r"(?P<of>\s+of\s+(?:the\s+)?[A-Z][^,;.]{1,80}?)?"
_CAPITALISED_RUN = (
    r"[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|for|and|on|the|de|del|des|du)[ \t]+)*[A-Z][\w'’&-]*)*"
)
"""An organisation's name: capitalised words and the small words between them."""
_LOWER_THE = re.compile(r"the\s")
_OF_NAMED_BODY = re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<body>{_CAPITALISED_RUN})")
_OPERATION_THEN_NAME = re.compile(
    rf"(?<![\w'’])(?:Operation|OPERATION)\s+{_TOKEN}(?:[ \t]+{_TOKEN})*"
)
"""The word "Operation" and the capitalised words after it: an operation's name."""
_UNNAMED_SPEAKER_AFTER = re.compile(
    r"\s*,?\s*(?:an?|one|another|the)\s+(?:[a-z][\w'’-]*\s+){0,6}?"
    r"(?:said|told|says|added|explained)\b"
)
"""'..., a police source told the paper': someone the article does not name said it, so the
quote is not handed to whoever spoke before."""
_NAMED_POLICE = re.compile(
    rf"(?<![\w'’])(?:{_UPPER}[\w'’-]*\s+)+(?:[a-z]+\s+)?[Pp]olice\b(?!\s+{_UPPER})"
)
"""A police force by name ("Dutch police", "Royal Thai Police"), not "Police Chief X"."""
_POLICE = re.compile(r"\b[Pp]olice\b")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|outside)\s+$")
"""Before a lone capitalised place ("a boy rescued in Birmingham, told ..."): no speaker."""
_ROLE_OPENERS = frozenset(
    "a an the his her their its our my your one former acting deputy senior chief".split()
)
_NOT_APPOSITIVE = re.compile(
    r"^\s*(?:who|which|where|when|whose|adding|saying|noting|and|but|as|while|because|if"
    r"|in|on|at|after|before|during|he|she|it|they|we)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuotedSpan:
    """Words between a pair of quotation marks (or a paragraph's start and a closing mark)."""

    mark_start: int
    mark_end: int
    start: int
    end: int
    single_marks: bool
    opening_lost: bool = False


@dataclass(frozen=True)
class Speaker:
    """Who said something, as the article names them."""

    name: str
    title: str | None
    is_person: bool


@dataclass(frozen=True)
class _Mention:
    """A place where the article names a speaker (or someone who may be "he" later)."""

    offset: int
    speaker: Speaker
    is_saying: bool


class _Mentions:
    """Mentions in text order, filed by what attribution asks of them.

    Each question ("the latest person before here", "the latest mention of Ana Ruiz with
    a title") is one binary search in its own list, so a long article costs no more per
    quote than a short one.
    """

    def __init__(self) -> None:
        self._filed: dict[tuple[str, str], tuple[list[int], list[_Mention]]] = {}
        self.organisation_names: set[str] = set()

    def add(self, mention: _Mention) -> None:
        speaker = mention.speaker
        if not speaker.is_person:
            self.organisation_names.add(speaker.name)
        keys = [("person", "")] if speaker.is_person else [("organisation", "")]
        if not speaker.is_person and mention.is_saying:
            keys.append(("saying organisation", ""))
        parts = speaker.name.split()
        if speaker.is_person and len(parts) > 1:
            keys.append(("surname", parts[-1]))
        if speaker.title:
            keys.append(("titled", speaker.name))
        for key in keys:
            offsets, mentions = self._filed.setdefault(key, ([], []))
            index = bisect.bisect_right(offsets, mention.offset)
            offsets.insert(index, mention.offset)
            mentions.insert(index, mention)

    def latest(self, kind: str, before: int, of: str = "") -> Speaker | None:
        """The speaker of the latest mention of that kind starting before ``before``."""
        return next(self.earlier(kind, before, of), None)

    def earlier(self, kind: str, before: int, of: str = "") -> Iterator[Speaker]:
        """The speakers of the mentions of that kind starting before ``before``, latest first."""
        offsets, mentions = self._filed.get((kind, of), ((), ()))
        for index in range(bisect.bisect_left(offsets, before) - 1, -1, -1):
            yield mentions[index].speaker


@dataclass(frozen=True)
class Cues:
    """The reviewed word lists of ``speaker_cues.tsv``."""

    verbs: tuple[str, ...]
    titles: frozenset[str]
    organisations: frozenset[str]
    not_names: frozenset[str]
    spokespeople: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    listener_verbs: frozenset[str] = frozenset()

    @cached_property
    def speaker_first_verbs(self) -> tuple[str, ...]:
        """Verbs that may come before their speaker ("said Ana Ruiz").

        "told AFP" names the listener, so listener verbs are left out.
        """
        return tuple(verb for verb in self.verbs if verb not in self.listener_verbs)

    @cached_property
    def not_in_names(self) -> frozenset[str]:
        """Every word that ends a name when read backwards from its surname."""
        return self.titles | self.organisations | self.not_names


def find_quotes(
    article: Doc | str,
    cues: Cues | None = None,
    operation_mentions: Sequence[OperationMention] | None = None,
) -> list[Quote]:
    """Direct quotes in an article with their speakers, ordered by start.

    Args:
        article: The article's document (or its text as read).
        cues: The speaker cues to read by; the reviewed table when None.
        operation_mentions: Where the article names its operations (``find_operations``),
            found here when None. An operation's name is never a speaker.

    Returns:
        One ``Quote`` per attributed quotation, ``operation`` left None for the caller. A
        quotation whose "speaker" would be a place (a dateline's "LA PAZ", "a boy rescued
        in Birmingham, told officers") is left out rather than given to the place.
    """
    doc = article if isinstance(article, Doc) else Doc.of(article)
    text = doc.text
    spans = quoted_spans(doc)
    sentence_spans = _joined_after_abbreviations(text, doc.sentences)
    patterns = _patterns(cues or load_cues())
    if operation_mentions is None:
        operation_mentions = find_operations(doc)[1]
    operation_names = operation_name_spans(doc, operation_mentions, patterns.cues)
    reader = _Reader(doc, mask(text, spans), sentence_spans, patterns, operation_names)
    quotes: list[Quote] = []
    last: tuple[QuotedSpan, Speaker] | None = None
    for span in spans:
        if not is_spoken(doc, span):
            continue
        speaker, rule = reader.attribute(span)
        if speaker is None and last and _continues(doc, last[0], span):
            speaker, rule = last[1], CONTINUATION_RULE
        if speaker is None or resolve(speaker.name) is not None:
            continue
        speaker = reader.with_its_named(speaker, span.mark_start)
        words = doc.raw[span.start : span.end]
        quotes.append(
            Quote(speaker.name, speaker.title, words, None, span.start, span.end, rule=rule)
        )
        reader.remember(span.mark_start, speaker)
        last = (span, speaker)
    return quotes


def operation_name_spans(doc: Doc, mentions: Sequence[OperationMention], cues: Cues) -> list[Span]:
    """Where the article names an operation, as found or after the word "Operation".

    Only the name counts, up to a role word ("Operation Blue Harbour Coordinator Ana Ruiz"
    names "Blue Harbour"); "Operation" before a role word is part of a role ("Operation
    Commander Tom Hale"), not a name.
    """
    text = doc.text
    found = [Span(mention.start, mention.end) for mention in mentions]
    found += [Span(m.start(), m.end()) for m in _OPERATION_THEN_NAME.finditer(text)]
    names: list[Span] = []
    for span in found:
        words = [
            (span.start + m.start(), span.start + m.end(), m.group().lower())
            for m in re.finditer(r"[^\s\"“”‘’']+", text[span.start : span.end])
        ]
        while words and (words[0][2] == "operation" or words[0][2] in cues.not_names):
            words.pop(0)
        name = list(itertools.takewhile(lambda word: not _is_cue_word(word[2], cues.titles), words))
        if name:
            names.append(Span(name[0][0], name[-1][1]))
    return sorted(set(names), key=lambda span: (span.start, span.end))


def _continues(doc: Doc, before: QuotedSpan, span: QuotedSpan) -> bool:
    """True for a paragraph that is all quote, right after the paragraph of an attributed one.

    The press convention: a speaker's next paragraph of quoted words needs no new "she said".
    """
    text, paragraph_spans = doc.text, doc.paragraphs
    index = _paragraph_index(doc, span.mark_start)
    if index < 1:
        return False
    if _FIRST_VISIBLE.search(text, paragraph_spans[index].start).start() < span.mark_start:
        return False
    line_end = text.find("\n", span.mark_end, paragraph_spans[index].end)
    line_end = line_end if line_end >= 0 else paragraph_spans[index].end
    if _REST_OF_LINE.fullmatch(text, span.mark_end, line_end) is None:
        return False
    return _paragraph_index(doc, before.mark_end - 1) == index - 1


def _paragraph_index(doc: Doc, offset: int) -> int:
    """The index of the last paragraph starting at or before ``offset`` (-1 for none)."""
    return doc.index_before("paragraphs", offset)


def _joined_after_abbreviations(text: str, sentence_spans: list[Span]) -> list[Span]:
    """Sentences, with a break after an honorific or initial ("said Ms. Joanna …") undone."""
    joined: list[Span] = []
    for sentence in sentence_spans:
        if joined and _ENDS_IN_ABBREVIATION.search(joined[-1].of(text)):
            joined[-1] = Span(joined[-1].start, sentence.end)
        else:
            joined.append(sentence)
    return joined


def quoted_spans(doc: Doc) -> list[QuotedSpan]:
    """Every pair of quotation marks in the article's content lines, outermost first.

    Besides pairs within a paragraph: a quote over several paragraphs (an opening mark not
    closed in its paragraph, the next paragraph opening again), a quote cut off by the end
    of the text, and a paragraph whose opening mark was lost (``Words,” Ana Ruiz said.``).
    """
    found: list[QuotedSpan] = []
    text, paragraph_spans = doc.text, doc.paragraphs
    for index, paragraph in enumerate(paragraph_spans):
        segment = paragraph.of(text)
        lost = _lost_opening(text, paragraph)
        if lost:
            found.append(lost)
        unclosed = _unclosed(text, paragraph_spans, index)
        if unclosed:
            found.append(unclosed)
        for pattern, single in ((_DOUBLE_QUOTED, False), (_SINGLE_QUOTED, True)):
            for match in pattern.finditer(segment):
                group = next(g for g in range(1, pattern.groups + 1) if match.group(g) is not None)
                marks = Span(paragraph.start + match.start(), paragraph.start + match.end())
                words = Span(
                    paragraph.start + match.start(group), paragraph.start + match.end(group)
                )
                found.append(_trimmed(text, marks, words, single))
    found.sort(key=lambda span: (span.mark_start, -span.mark_end))
    outermost: list[QuotedSpan] = []
    for span in found:
        if outermost and span.mark_start < outermost[-1].mark_end:
            continue
        outermost.append(span)
    return outermost


def _lost_opening(text: str, paragraph: Span) -> QuotedSpan | None:
    """The quote of a paragraph that starts with quoted words whose opening mark is gone.

    The paragraph's first curly mark closes (or its only straight mark follows punctuation)
    and punctuation stands before it: ``AK rifles were found,” Ana Ruiz said.``
    """
    segment = paragraph.of(text)
    curly = _FIRST_CURLY.search(segment)
    if curly and curly.group() == "”":
        close = curly.start()
    elif not curly and segment.count('"') == 1:
        close = segment.index('"')
    else:
        return None
    if (
        close == 0
        or segment[close - 1] not in ",.!?…"
        or not segment[close + 1 : close + 2].isspace()
    ):
        return None
    marks = Span(paragraph.start, paragraph.start + close + 1)
    words = Span(paragraph.start, paragraph.start + close)
    return replace(_trimmed(text, marks, words, False), opening_lost=True)


def _unclosed(text: str, paragraph_spans: tuple[Span, ...], index: int) -> QuotedSpan | None:
    """A quote opened in paragraph ``index`` and not closed there.

    It runs on while the next paragraph opens a mark again (the press convention for a
    quote over several paragraphs) or starts with the lost-mark shape, up to the first
    closing mark; in the article's last paragraph it runs to the end of the cut-off text.
    """
    opening = _unclosed_mark(paragraph_spans[index].of(text))
    if opening is None:
        return None
    mark_start = paragraph_spans[index].start + opening
    for following in paragraph_spans[index + 1 : index + 1 + MAX_QUOTE_PARAGRAPHS]:
        segment = following.of(text)
        body = len(segment) - len(segment.lstrip())
        first = _FIRST_CURLY.search(segment)
        if first and first.group() == "”" and first.start() > body:
            close = first.end()
        elif segment[body : body + 1] in ("“", '"'):
            if _unclosed_mark(segment) is not None:
                continue
            closing = _CLOSING_MARK.search(segment, body + 1)
            if closing is None:
                return None
            close = closing.end()
        else:
            return None
        end = following.start + close
        return _trimmed(text, Span(mark_start, end), Span(mark_start + 1, end - 1), False)
    last = paragraph_spans[index]
    if index == len(paragraph_spans) - 1 and not text[last.end :].strip():
        return _trimmed(text, Span(mark_start, last.end), Span(mark_start + 1, last.end), False)
    return None


def _unclosed_mark(segment: str) -> int | None:
    """Where the last opening mark of a paragraph stands when nothing closes it."""
    opening = segment.rfind("“")
    if opening >= 0 and "”" not in segment[opening:]:
        return opening
    if "“" not in segment and "”" not in segment and segment.count('"') % 2 == 1:
        straight = segment.rfind('"')
        if not segment[straight - 1 : straight].strip() and segment[straight + 1 :].strip():
            return straight
    return None


def _trimmed(text: str, marks: Span, words: Span, single: bool) -> QuotedSpan:
    """The words inside the marks without surrounding space and one trailing comma."""
    start, end = words.start, words.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
    return QuotedSpan(marks.start, marks.end, start, end, single)


def mask(text: str, spans: list[QuotedSpan]) -> str:
    """The text with every quotation (marks included) blanked, so names inside don't count."""
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor : span.mark_start])
        pieces.append(MASK * (span.mark_end - span.mark_start))
        cursor = span.mark_end
    pieces.append(text[cursor:])
    return "".join(pieces)


def is_spoken(doc: Doc, span: QuotedSpan) -> bool:
    """True for words that read as speech rather than a name, a title or a quoted term."""
    text = doc.text
    words = _words(doc, span.start, span.end)
    if len(words) < (MIN_WORDS_SINGLE_MARKS if span.single_marks else MIN_WORDS):
        return False
    if _looks_like_title(text[span.start : span.end], words):
        return False
    before = text[max(0, span.mark_start - 20) : span.mark_start]
    return not (len(words) < MIN_WORDS_WITHOUT_OWN_SENTENCE and _TERM_BEFORE.search(before))


def _words(doc: Doc, start: int, end: int) -> list[str]:
    """The words and numbers of ``doc`` inside ``[start, end)``, by the document's tokens."""
    tokens = doc.tokens_between(start, end)
    return [doc.text[token.start : token.end] for token in tokens if token.kind != "mark"]


def _looks_like_title(quoted: str, words: list[str]) -> bool:
    """A name or title of a thing: every word capitalised and no sentence punctuation."""
    if _SENTENCE_PUNCTUATION.search(quoted):
        return False
    return all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


CUE_KINDS = (
    "verb", "listener_verb", "title", "organisation", "not_name", "spokesperson", "document"
)  # fmt: skip
CUE_COLUMNS = ("id", "kind", "phrase", "example", "counterexample")
EXPECTS = " => "
"""Between an example sentence and what the extractor must give for it."""
_CUE_ID = re.compile(r"[a-z][a-z_-]*\.[^\s.]+(?:\.[^\s.]+)*")


@dataclass(frozen=True)
class CueRow:
    """One reviewed row of ``speaker_cues.tsv``: a phrase of a kind, with its two sentences."""

    id: str
    kind: str
    phrase: str
    example: str
    counterexample: str
    line: int


def load_cue_rows(path: Path = CUES_PATH) -> tuple[CueRow, ...]:
    """The rows of the speaker cue table; a malformed row fails loudly with its line number."""
    rows: list[CueRow] = []
    seen: dict[str, int] = {}
    for number, line, cells in reviewed_rows(path, CUE_COLUMNS):
        problem = _cue_row_problem(cells, seen)
        if problem:
            raise ValueError(f"{path.name}:{number}: {problem}, got {line!r}")
        seen[cells[0]] = number
        rows.append(CueRow(*(cell.strip() for cell in cells), line=number))  # type: ignore[arg-type]
    return tuple(rows)


def _cue_row_problem(cells: list[str], seen: dict[str, int]) -> str | None:
    """What is wrong with a row of the cue table, in words, or None."""
    if len(cells) != len(CUE_COLUMNS):
        return f"expected {len(CUE_COLUMNS)} tab-separated cells ({', '.join(CUE_COLUMNS)})"
    ident, kind, phrase, example, counterexample = (cell.strip() for cell in cells)
    if not _CUE_ID.fullmatch(ident):
        return f"id {ident!r} is not of the form 'kind.name'"
    if ident in seen:
        return f"id {ident!r} is already used on line {seen[ident]}"
    if kind not in CUE_KINDS:
        return f"kind {kind!r} is not one of {', '.join(CUE_KINDS)}"
    if not phrase:
        return "the phrase is empty"
    for column, cell in (("example", example), ("counterexample", counterexample)):
        sentence, _, expected = cell.partition(EXPECTS)
        if not sentence.strip() or not expected.strip():
            return f"{column}: write 'SENTENCE{EXPECTS}WHAT IT GIVES'"
    return None


def cues_from_rows(rows: tuple[CueRow, ...]) -> Cues:
    """The word lists the extractor reads by. A listener verb is a speech verb too."""
    kinds: dict[str, list[str]] = {kind: [] for kind in CUE_KINDS}
    for row in rows:
        kinds[row.kind].append(row.phrase.lower())
    kinds["verb"] += kinds["listener_verb"]

    def longest_first(kind: str) -> tuple[str, ...]:
        return tuple(sorted(set(kinds[kind]), key=len, reverse=True))

    return Cues(
        longest_first("verb"),
        frozenset(kinds["title"]),
        frozenset(kinds["organisation"]),
        frozenset(kinds["not_name"]),
        longest_first("spokesperson"),
        longest_first("document"),
        frozenset(kinds["listener_verb"]),
    )


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_PATH) -> Cues:
    """Read the reviewed speaker cues; a malformed row fails loudly with its line number."""
    return cues_from_rows(load_cue_rows(path))


@dataclass(frozen=True)
class _Patterns:
    """The attribution grammar, compiled once from the cue table."""

    cues: Cues
    tail: tuple[re.Pattern[str], ...]
    lead: tuple[re.Pattern[str], ...]
    saying: tuple[re.Pattern[str], ...]
    saying_words: frozenset[str]
    """The first words of the speech verbs and of "according to": a sentence without any
    of them names no one as saying something."""
    after_listener_verb: re.Pattern[str]
    verb_after: re.Pattern[str]
    """A speech verb right after a quote: its speaker is named there, or by no one."""
    attribution_only: tuple[re.Pattern[str], ...]
    person_then_colon: re.Pattern[str]
    name: re.Pattern[str]
    organisation_name: re.Pattern[str]
    titled_tail: tuple[re.Pattern[str], ...]
    cut_off_tail: re.Pattern[str]
    spokesperson: re.Pattern[str]
    document: re.Pattern[str]


def _alternatives(phrases: tuple[str, ...]) -> str:
    """A regex matching any of the phrases, their words separated by any white space."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) or "(?!)"


@lru_cache(maxsize=4)
def _patterns(cues: Cues) -> _Patterns:
    """The grammar for ``cues``, compiled once for each set of the phrases it spells out."""
    unspelled = frozenset()
    spelled_out = replace(cues, titles=unspelled, organisations=unspelled, not_names=unspelled)
    return replace(_compiled(spelled_out), cues=cues)


@lru_cache(maxsize=4)
def _compiled(cues: Cues) -> _Patterns:
    verb = rf"(?i:{_alternatives(cues.verbs)})\b"
    # After a subject the verb is lowercase, so "the United States" is no one stating; right
    # after a quote it may be capitalised ("…” Argued the minister").
    lowercase_verb = rf"(?:{_alternatives(cues.verbs)})\b"
    verb_then_speaker = rf"(?i:{_alternatives(cues.speaker_first_verbs)})\b"
    spokes = rf"(?:{_alternatives(cues.spokespeople)})\b"
    listeners = tuple(sorted(cues.listener_verbs, key=len, reverse=True))
    body = rf"(?:{_TOKEN}(?:\s+{_TOKEN}){{0,4}}|(?:[\w-]+\s+)?[Pp]olice)"
    spokesperson = (
        rf"(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+)?(?P<body>{body})\s+{spokes}"
        rf"|(?:[Aa]n?|[Tt]he)\s+{spokes}\s+for\s+(?:the\s+)?(?P<for>{_CAPITALISED_RUN})"
    )
    document = (
        rf"(?:[Tt]he|[Ii]ts|[Aa])\s+(?:[\w-]+\s+){{0,2}}?(?:{_alternatives(cues.documents)})\b"
        r"|[Ii]t\b"
    )
    who = (
        rf"(?P<who>{_strip_groups(spokesperson)}|{_PRONOUN}|{document}|{_ORG_REFERENCE}"
        rf"|{_OWNED_BODY}|(?:the\s+)?{_NAME})"
    )
    subject = rf"{who}{_ABBREVIATION}{_APPOSITIVE}{_OF_ORGANISATION},?\s+{_ADVERB}{lowercase_verb}"
    after_quote = rf"(?:(?<=[{MASK},])|(?<=[{MASK},]\s))\s*,?\s*{verb_then_speaker}\s+{who}"
    according = rf"\b[Aa]ccording\s+to\s+{who}"
    quoted_as = (
        rf"\bquoted\s+{who}{_ABBREVIATION}{_APPOSITIVE}{_OF_ORGANISATION},?\s+as\s+"
        r"(?:saying|stating|telling\s+\w+)\s*,?\s*$"
    )
    role_then_name = (
        rf"(?P<role>(?:{_TOKEN}\s+){{0,{MAX_NAME_TOKENS}}}(?:[a-z][\w'’-]*\s+){{0,3}}?"
        rf"[a-z][\w'’-]*)\s+(?P<who>{_NAME})"
    )
    colon = (
        rf"{who}(?P<of>\s+of\s+(?:the\s+)?{_CAPITALISED_RUN})?"
        rf"(?P<app>\s*,(?!\s*{verb})[^,;:{MASK}]{{2,{MAX_TITLE_CHARS}}})?\s*:\s*$"
    )
    return _Patterns(
        cues=cues,
        tail=(
            re.compile(rf"[\s,]*{verb_then_speaker}\s+{who}"),
            re.compile(rf"[\s,]*{subject}"),
            re.compile(rf"[\s,]*{according}"),
        ),
        lead=(
            re.compile(subject),
            re.compile(according),
            re.compile(colon),
            re.compile(quoted_as),
        ),
        saying=(re.compile(subject), re.compile(according), re.compile(after_quote)),
        saying_words=frozenset(phrase.split()[0] for phrase in (*cues.verbs, "according")),
        verb_after=re.compile(rf"[\s,]*{verb}"),
        after_listener_verb=re.compile(
            rf"(?<![\w'’])(?i:{_alternatives(listeners)})\s+(?:{_TOKEN}\s+)*\Z"
        ),
        attribution_only=(
            re.compile(rf"{subject}(?:\s+(?:the\s+)?{_CAPITALISED_RUN})?\s*[.,]?\s*$"),
            re.compile(rf"{verb_then_speaker}\s+{who}[^.]*\.?\s*$"),
        ),
        person_then_colon=re.compile(
            rf"{who}{_OF_ORGANISATION}\s+(?:[a-z][\w'’-]*\s+){{0,4}}[a-z][\w'’-]*\s*:\s*$"
        ),
        name=re.compile(_NAME),
        organisation_name=re.compile(
            rf"{_TOKEN}(?:\s+(?:(?:for|of|on|against|and|the|de|des|du)\s+)?{_TOKEN}){{0,9}}$"
        ),
        titled_tail=(
            re.compile(
                rf"[\s,]*{verb_then_speaker}\s+(?:(?:the|an?)\s+)?"
                rf"(?P<role>[^,;.:{MASK}]{{3,{MAX_TITLE_CHARS}}}?)\s*,\s*(?P<who>{_NAME})"
            ),
            re.compile(rf"[\s,]*{verb_then_speaker}\s+(?:(?:the|an?)\s+)?{role_then_name}"),
            re.compile(rf"[\s,]*(?:(?:the|an?)\s+)?{role_then_name},?\s+{_ADVERB}{lowercase_verb}"),
        ),
        cut_off_tail=re.compile(rf"[\s,]*(?P<who>{_NAME})(?:\s*,[^.{MASK}]*)?$"),
        spokesperson=re.compile(spokesperson),
        document=re.compile(document),
    )


def _strip_groups(pattern: str) -> str:
    """``pattern`` with its named groups unnamed, to embed it where the names would clash."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


class _Reader:
    """Attributes the quotes of one article, remembering who was named where."""

    def __init__(
        self,
        doc: Doc,
        masked: str,
        sentence_spans: list[Span],
        patterns: _Patterns,
        operation_names: Sequence[Span] = (),
    ) -> None:
        self.doc = doc
        self.operation_name_starts = [span.start for span in operation_names]
        self.operation_name_reach = list(
            itertools.accumulate((span.end for span in operation_names), max)
        )
        self.text = doc.text
        self.content_end = len(self.text.rstrip())
        self.masked = masked
        self.sentence_spans = sentence_spans
        self.patterns = patterns
        self.cues = patterns.cues
        self.mentions = _Mentions()
        self.sentence_starts = [sentence.start for sentence in sentence_spans]
        # Runs are read within sentences, so a headline's last word never joins a name.
        self.name_runs: dict[str, list[tuple[int, list[str]]]] = {}
        for sentence in sentence_spans:
            for m in patterns.name.finditer(masked, sentence.start, sentence.end):
                words = m.group().split()
                self.name_runs.setdefault(words[-1], []).append((m.start(), words))
        self._full_names: dict[str, tuple[list[int], list[str]]] = {}
        for sentence in sentence_spans:
            self._learn_names(sentence)

    def remember(self, offset: int, speaker: Speaker) -> None:
        """Record a quote's speaker so later pronouns, surnames and titles can use it."""
        self.mentions.add(_Mention(offset, speaker, is_saying=True))

    def attribute(self, span: QuotedSpan) -> tuple[Speaker | None, str]:
        """The speaker of one quote by the rules in the module docstring, and the rule's id."""
        first = self._sentence_index(span.mark_start)
        last = self._sentence_index(span.mark_end - 1)
        if first is None or last is None:
            return None, ""
        tail_end = self.sentence_spans[last].end
        speaker, rule = self._titled_after(span.mark_end, tail_end)
        if speaker:
            return self._with_known_title(speaker, span.mark_start), rule
        for pattern, rule in zip(self.patterns.tail, TAIL_RULES, strict=True):
            match = pattern.match(self.masked, span.mark_end, tail_end)
            speaker = match and self._resolve(match)
            if speaker:
                return self._with_known_title(speaker, span.mark_start), rule
        speaker = self._cut_off_after(span.mark_end, tail_end)
        if speaker or span.opening_lost:
            rule = "quote.opening-mark-lost" if span.opening_lost else "quote.name-after-cut-off"
            return speaker and self._with_known_title(speaker, span.mark_start), rule
        if _UNNAMED_SPEAKER_AFTER.match(self.masked, span.mark_end, tail_end):
            return None, ""
        lead = Span(
            max(self.sentence_spans[first].start, span.mark_start - MAX_LEAD_CHARS), span.mark_start
        )
        speaker = self._nearest_speaker(lead, self.patterns.lead)
        if speaker:
            return self._with_known_title(speaker, span.mark_start), "quote.attribution-before"
        speaker = self._nearest_speaker(lead, (self.patterns.person_then_colon,))
        if speaker and speaker.is_person:
            return self._with_known_title(speaker, span.mark_start), "quote.person-then-colon"
        if len(_words(self.doc, span.start, span.end)) < MIN_WORDS_WITHOUT_OWN_SENTENCE:
            return None, ""
        if self.patterns.verb_after.match(self.masked, span.mark_end, tail_end):
            return None, ""  # "…," said one of them: a speaker no rule reads, not a neighbour
        speaker = self._from_neighbours(span, first, last)
        return speaker and self._with_known_title(speaker, span.mark_start), NEIGHBOUR_RULE

    def _titled_after(self, start: int, end: int) -> tuple[Speaker | None, str]:
        """A verb, a role, then the name: "…” Argued the Secretary General of X, Ana Ruiz".

        Without a comma the role is lower case and ends in a role word ("said police chief
        Tom Marsh"), so that "police" is not taken for the speaker. The body it belongs to
        may stand before it ("said Operation Blue Harbour coordinator Ana Ruiz"); after two
        or more such capitalised words every lower-case word must be a role word, so that
        "said Tom Hale and coordinator Ana Ruiz" still names Tom Hale. With the verb after
        the name ("…," police chief Tom Marsh said) every lower-case word is a role word.
        """
        for pattern, (need, rule) in zip(self.patterns.titled_tail, _TITLED_TAIL, strict=True):
            match = pattern.match(self.masked, start, end)
            if not match:
                continue
            role = match.group("role").strip()
            words = role.split()
            cue_words = [_is_cue_word(word, self.cues.titles) for word in words]
            if not (any(cue_words) if need == "any role word" else cue_words[-1]):
                continue
            capitalised = sum(word[0].isupper() for word in words)
            if need == "role words only" or (need == "role word last" and capitalised > 1):
                lower_case = (
                    cue for word, cue in zip(words, cue_words, strict=True) if word.islower()
                )
                if not all(lower_case):
                    continue
            if len(_trailing_name_words(words, self.cues)) > 1 or _NOT_APPOSITIVE.match(role):
                continue
            speaker = self._describe(match.start("who"), match.end("who"))
            if speaker is not None:
                return Speaker(speaker.name, speaker.title or role, is_person=True), rule
        return None, ""

    def _cut_off_after(self, start: int, end: int) -> Speaker | None:
        """A person named after the quote where the text breaks off before any verb."""
        if end < self.content_end or self.text[start:end].rstrip()[-1:] in {".", "!", "?"}:
            return None
        match = self.patterns.cut_off_tail.match(self.masked, start, end)
        speaker = match and self._describe(match.start("who"), match.end("who"))
        return speaker if speaker and speaker.is_person else None

    def _sentence_index(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentence_spans[index].end:
            return index
        return None

    def _from_neighbours(self, span: QuotedSpan, first: int, last: int) -> Speaker | None:
        """An attribution-only sentence right after the quote, else the previous sentence's."""
        quote_ends_sentence = not self.masked[span.mark_end : self.sentence_spans[last].end].strip(
            " ."
        )
        if quote_ends_sentence and last + 1 < len(self.sentence_spans):
            after = self.sentence_spans[last + 1]
            for pattern in self.patterns.attribution_only:
                match = pattern.match(self.masked, after.start, after.end)
                speaker = match and self._resolve(match)
                if speaker:
                    return speaker
        opens_sentence = not self.masked[self.sentence_spans[first].start : span.mark_start].strip(
            " \t\n,:"
        )
        if first == 0 or not opens_sentence:
            return None
        return self._nearest_speaker(self.sentence_spans[first - 1], self.patterns.saying)

    def _nearest_speaker(
        self, segment: Span, patterns: tuple[re.Pattern[str], ...]
    ) -> Speaker | None:
        """The resolvable attribution ending last in ``segment``; the longest name wins ties.

        The object of a listener verb is never the speaker: in 'Ana Ruiz told Harbour Radio:
        "…"' the colon follows the listener.
        """
        for match in _attributions(self.masked, segment, patterns):
            who = match.start("who")
            if self.patterns.after_listener_verb.search(self.masked, max(0, who - 80), who):
                continue
            speaker = self._resolve(match)
            if speaker:
                return speaker
        return None

    def _resolve(self, match: re.Match[str]) -> Speaker | None:
        """Turn the matched ``who`` (plus its appositive) into a named speaker."""
        who, start = match.group("who"), match.start("who")
        if _PRONOUN_RE.fullmatch(who):
            return self.mentions.latest("person", start)
        spokesperson = self.patterns.spokesperson.fullmatch(who)
        if spokesperson:
            return self._spoken_for(spokesperson.group("body") or spokesperson.group("for"), start)
        if self.patterns.document.fullmatch(who):
            return self._organisation_before(start)
        if _ORG_REFERENCE_RE.fullmatch(who):
            return self._organisation_for(who, start)
        if _OWNED_BODY_RE.fullmatch(who):
            return Speaker(who, None, is_person=False)
        return self._named(match)

    def _spoken_for(self, body: str, offset: int) -> Speaker | None:
        """The organisation an unnamed spokesperson speaks for.

        "police" alone is the police force the article named last ("Swiss police"). A name
        with a country word in it stays out, because the extractor reads speakers' names
        as people's and would no longer see the country there: a police force is then
        "police", anything else nobody.
        """
        if not body[0].isupper():
            before = self.masked[max(0, offset - MAX_POLICE_LOOKBACK) : offset]
            named = list(_NAMED_POLICE.finditer(before))
            body = named[-1].group() if named else body
        if any(resolve(word) is not None for word in body.split()):
            return Speaker("police", None, is_person=False) if _POLICE.search(body) else None
        return Speaker(body, None, is_person=False)

    def _organisation_for(self, reference: str, offset: int) -> Speaker:
        """The organisation that "the agency" and the like stand for."""
        return self._organisation_before(offset) or Speaker(
            re.sub(r"^[Tt]he\s+", "", reference), None, is_person=False
        )

    def with_its_named(self, speaker: Speaker, offset: int) -> Speaker:
        """The speaker with "its" in their title replaced by the organisation it stands for.

        "Ana Ruiz, head of its child unit" is head of the organisation the article tied her
        to before ("Ana Ruiz of Harbour Watch"), else of the one last named as saying
        something ("Harbour Watch said ..."), else of the one last named; with none named
        the title stays as written.
        """
        if not speaker.title or not _ITS.search(speaker.title):
            return speaker
        own = next(
            (
                earlier.title
                for earlier in self.mentions.earlier("titled", offset, speaker.name)
                if earlier.title in self.mentions.organisation_names
                or _names_organisation(earlier.title.split(), self.cues)
            ),
            None,
        )
        named = self._organisation_before(offset)
        organisation = own or (named.name if named else None)
        if organisation is None:
            return speaker
        owner = organisation + ("'" if organisation.endswith("s") else "'s")
        return replace(speaker, title=_ITS.sub(owner, speaker.title))

    def _organisation_before(self, offset: int) -> Speaker | None:
        """The organisation last named as saying something before ``offset``, else last named."""
        return self.mentions.latest("saying organisation", offset) or self.mentions.latest(
            "organisation", offset
        )

    def _describe(self, start: int, end: int) -> Speaker | None:
        """Person or organisation named by the capitalised run ``masked[start:end]``."""
        tokens = [
            (start + m.start(), start + m.end())
            for m in re.finditer(r"\S+", self.masked[start:end])
        ]
        while tokens and self.masked[slice(*tokens[0])].lower() in self.cues.not_names:
            tokens.pop(0)
        if not tokens:
            return None
        words = [self.masked[slice(*token)] for token in tokens]
        name_words = _trailing_name_words(words, self.cues)
        if not name_words:
            if all(word.lower().rstrip(".") in self.cues.titles for word in words):
                return None
            if self._names_operation(tokens[0][0], end):
                return None
            return self._organisation(tokens[0][0], end)
        name_start = tokens[len(words) - len(name_words)][0]
        if self._names_operation(name_start, end):
            return None
        title = _title(self.masked, name_start, end, self.cues)
        if len(name_words) == 1:
            known = self._person_with_surname(name_words[0], start)
            if known is not None:
                return Speaker(known, title, is_person=True)
            if len(words) == 1:
                if _PLACE_PREPOSITION.search(self.masked, max(0, start - 8), start):
                    return None
                return self._organisation(name_start, end)
        if len(name_words) > MAX_NAME_TOKENS:
            return None
        return Speaker(self.masked[name_start:end], title, is_person=True)

    def _names_operation(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps an operation's name: no one speaks there."""
        index = bisect.bisect_left(self.operation_name_starts, end)
        return index > 0 and self.operation_name_reach[index - 1] > start

    def _organisation(self, start: int, end: int) -> Speaker:
        """An organisation speaker, its name grown over "of"/"for" links ("Office on Drugs").

        It never grows over a person: in "Ana Ruiz of Harbour Watch International" the
        organisation is "Harbour Watch International".
        """
        before = self.masked[max(0, start - MAX_TITLE_CHARS) : end]
        grown = self.patterns.organisation_name.search(before)
        if grown:
            words = _after_person_of(grown.group().split(), self.cues)
            if any(word.lower() in self.cues.organisations for word in words):
                return Speaker(" ".join(words), None, is_person=False)
        words = self.masked[start:end].split()
        while len(words) > 1 and words[0].lower() in self.cues.not_names:
            words.pop(0)
        return Speaker(" ".join(words), None, is_person=False)

    def _named(self, match: re.Match[str]) -> Speaker | None:
        """The speaker a matched name gives; an organisation keeps its "of" part.

        "Ana Ruiz of Harbour Watch" is Ana Ruiz (her title says of what); "the Ministry of
        Labour" is one organisation, not "Ministry", when an organisation word says so
        ("Interpol of Lyon" stays "Interpol"). A name after a lower-case "the" is an
        organisation's ("…," the Harbour Rights Network said), never a person's.
        """
        speaker = self._describe(match.start("who"), match.end("who"))
        if speaker and _LOWER_THE.match(match["who"]):
            speaker = _after_the(speaker)
        if speaker and not speaker.is_person and "of" in match.re.groupindex and match["of"]:
            whole = self._organisation(match.start("who"), match.end("of"))
            if any(word.lower() in self.cues.organisations for word in whole.name.split()):
                return whole
        return speaker

    def _of_organisation_after(self, end: int) -> bool:
        """True when " of " and an organisation's name follow ("Ana Ruiz of Harbour Watch")."""
        of = _OF_NAMED_BODY.match(self.masked, end)
        return bool(of) and _names_organisation(of.group("body").split(), self.cues)

    def _person_with_surname(self, surname: str, offset: int) -> str | None:
        """The full name, given earlier, of the person ``surname`` refers to.

        A known speaker comes first; else the latest earlier name that ends in the surname
        ("Lena Fischer spoke ... Fischer said").
        """
        known = self.mentions.latest("surname", offset, surname)
        if known is not None:
            return known.name
        offsets, names = self._full_names_ending_in(surname)
        index = bisect.bisect_left(offsets, offset) - 1
        return names[index] if index >= 0 else None

    def _full_names_ending_in(self, surname: str) -> tuple[list[int], list[str]]:
        """Where the article writes a full name (two to four words) ending in ``surname``."""
        found = self._full_names.get(surname)
        if found is None:
            found = self._full_names[surname] = ([], [])
            for offset, words in self.name_runs.get(surname, ()):
                name = _trailing_name_words(words, self.cues)
                if 2 <= len(name) <= MAX_NAME_TOKENS:
                    found[0].append(offset)
                    found[1].append(" ".join(name))
        return found

    def _with_known_title(self, speaker: Speaker, offset: int) -> Speaker:
        """A person without a title here takes the latest title the article gave them before."""
        if speaker.title or not speaker.is_person:
            return speaker
        known = self.mentions.latest("titled", offset, speaker.name)
        return Speaker(speaker.name, known.title, is_person=True) if known else speaker

    def _learn_names(self, sentence: Span) -> None:
        """Note who a sentence says is speaking, and people introduced with a role.

        A name counts when it is said to speak ("Interpol said", "according to Ana Ruiz"),
        when a role stands before it ("Executive Director ... Tom Marsh") or an
        organisation after it ("Ana Ruiz of Harbour Watch International"), or, for
        organisations, when it is an acronym or ends in an organisation word.
        """
        said: dict[int, int] = {}
        saying = any(
            self.text[token.start : token.end].lower() in self.patterns.saying_words
            for token in self.doc.tokens_between(sentence.start, sentence.end)
        )
        for match in _attributions(self.masked, sentence, self.patterns.saying if saying else ()):
            who = match.group("who")
            if (
                match.end() in said.values()
                or _NOT_A_NAME.fullmatch(who)
                or self.patterns.spokesperson.fullmatch(who)
                or self.patterns.document.fullmatch(who)
            ):
                continue
            speaker = self._named(match)
            if speaker:
                said[match.start("who")] = match.end()
                self.mentions.add(_Mention(match.start("who"), speaker, is_saying=True))
        for match in self.patterns.name.finditer(self.masked, sentence.start, sentence.end):
            if any(match.start() <= offset < match.end() for offset in said):
                continue
            words = match.group().split()
            introduced = _titled(words, self.cues) or _names_organisation(words, self.cues)
            if introduced or self._of_organisation_after(match.end()):
                speaker = self._describe(match.start(), match.end())
                if speaker and (introduced or speaker.is_person):
                    self.mentions.add(_Mention(match.start(), speaker, is_saying=False))


def _attributions(
    masked: str, segment: Span, patterns: tuple[re.Pattern[str], ...]
) -> list[re.Match[str]]:
    """Every attribution in ``segment``, tried at each word; the latest-ending first.

    Among those ending together the earliest-starting comes first, so "Ana Ruiz of
    Interpol said" offers "Ana Ruiz" before "Interpol", and a run of role words that
    resolves to nobody gives way to the name after it.
    """
    found = []
    for word in re.finditer(r"(?<![\w'’])(?=\w)", masked[segment.start : segment.end]):
        for pattern in patterns:
            match = pattern.match(masked, segment.start + word.start(), segment.end)
            if match:
                found.append(match)
    return sorted(found, key=lambda match: (-match.end(), match.start()))


def _after_the(speaker: Speaker) -> Speaker | None:
    """The speaker named after a lower-case "the": an organisation, never a person.

    Speakers' names are read as people's, so one with a country word in it would hide the
    country: a police force named by its country is "police", anything else nobody (as
    for an unnamed spokesperson).
    """
    if speaker.is_person:
        return None
    if any(resolve(word) is not None for word in speaker.name.split()):
        return Speaker("police", None, is_person=False) if _POLICE.search(speaker.name) else None
    return speaker


def _after_person_of(words: list[str], cues: Cues) -> list[str]:
    """An organisation's words without a person's name and "of" before them."""
    while True:
        while words and words[0].lower() in cues.not_names:
            words = words[1:]
        if "of" not in words:
            return words
        head = words[: words.index("of")]
        if not (2 <= len(head) <= MAX_NAME_TOKENS and _trailing_name_words(head, cues) == head):
            return words
        words = words[len(head) + 1 :]


def _trailing_name_words(words: list[str], cues: Cues) -> list[str]:
    """The words at the end of a capitalised run that form a name (not role or org words)."""
    last = words[-1]
    if last.lower() in cues.organisations or (last.isupper() and len(last) > 2):
        return []
    name: list[str] = []
    for word in reversed(words):
        is_particle = bool(_PARTICLE_RE.fullmatch(word))
        if not is_particle and _is_cue_word(word, cues.not_in_names):
            break
        name.insert(0, word)
    while name and _PARTICLE_RE.fullmatch(name[0]):
        name.pop(0)
    return name


def _is_cue_word(word: str, cue_words: frozenset[str]) -> bool:
    """True when a word, or a part of a hyphenated word ("Secretary-General"), is a cue."""
    lowered = word.lower().rstrip(".")
    return lowered in cue_words or any(part in cue_words for part in lowered.split("-"))


def _titled(words: list[str], cues: Cues) -> bool:
    """True when a capitalised run starts with role words and ends with a full name."""
    name = _trailing_name_words(words, cues)
    return 2 <= len(name) < len(words) and any(w.lower() in cues.titles for w in words)


def _names_organisation(words: list[str], cues: Cues) -> bool:
    """True for an acronym ("UNODC") or a name ending in an organisation word."""
    last = words[-1]
    return last.lower() in cues.organisations or (last.isupper() and len(last) > 2)


def _appositive(masked: str, end: int, cues: Cues) -> str | None:
    """The role after a name: ", head of X," or, failing that, " of X" (organisation)."""
    after = masked[end : end + MAX_TITLE_CHARS + 40]
    comma = re.match(rf"\s*,\s*([^,;{MASK}]{{2,{MAX_TITLE_CHARS}}}?)\s*(?:,|\.(?:\s|$)|;|$)", after)
    if (
        comma
        and not _NOT_APPOSITIVE.match(comma.group(1))
        and not _starts_with_verb(comma.group(1), cues)
        and _opens_like_a_role(comma.group(1), cues)
    ):
        return re.sub(r"^(?:a|an|the)\s+", "", comma.group(1).strip(), flags=re.IGNORECASE)
    of = re.match(rf"\s+of\s+(?:the\s+)?({_CAPITALISED_RUN})", after)
    return of.group(1).strip() if of else None


def _title(masked: str, name_start: int, name_end: int, cues: Cues) -> str | None:
    """The role around a name: after it (", head of X") or before it ("Inspector ...").

    Both, when the part after only names the body ("Inspector ... of the Border Police").
    """
    after = _appositive(masked, name_end, cues)
    before = _role_before(masked, name_start, cues)
    if after and before and re.match(r"\s+of\s", masked[name_end : name_end + 4]):
        return f"{before}, {after}"
    return after or before


def _opens_like_a_role(phrase: str, cues: Cues) -> bool:
    """True for "a senior analyst", "head of ...", "Interpol's director"; not "spent the ..."."""
    first = phrase.split()[0]
    return (
        first[0].isupper()
        or first.lower() in _ROLE_OPENERS
        or _is_cue_word(re.sub(r"['’]s$", "", first), cues.titles)
    )


def _starts_with_verb(phrase: str, cues: Cues) -> bool:
    lowered = phrase.strip().lower()
    return any(lowered == verb or lowered.startswith(verb + " ") for verb in cues.verbs)


def _role_before(masked: str, name_start: int, cues: Cues) -> str | None:
    """The role written before a name ("Interpol's Executive Director of ... Tom Marsh")."""
    before = masked[max(0, name_start - MAX_TITLE_CHARS) : name_start]
    words = re.split(r"\n\s*\n", before)[-1].split()
    role: list[str] = []
    for word in reversed(words):
        bare = re.sub(r"['’]s$", "", word)
        is_role_word = bool(re.fullmatch(r"[A-Z][\w&-]*", bare)) or _is_cue_word(bare, cues.titles)
        if not (is_role_word or word in {"of", "for", "and", "on", "the", "in", "at"}):
            break
        role.insert(0, word)
    role = [word for word in role if not re.fullmatch(rf"{_HONORIFIC}|(?:Mr|Mrs|Ms|Dr|Prof)", word)]
    while role and (role[0].islower() or role[0].lower() in cues.not_names):
        role.pop(0)
    if not any(_is_cue_word(re.sub(r"['’]s$", "", word), cues.titles) for word in role):
        return None
    return " ".join(role)
