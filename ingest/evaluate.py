"""Accuracy of the extractor against hand-made gold, in one process (``make eval``).

The development set (``../shared/devset``: ``articles/``, ``gold/``, ``manifest.csv``) is
scored field by field, per article and per language, with the same definitions as the
devset's own ``score.py``: F1 of ISO3 sets, of (ISO3, role) pairs, of participant sets,
of (metric, value) figure pairs and of operation names; recall of quotes by their opening
words and the share of those with the right speaker; exact operation dates. The seed
articles are scored against their person-checked golden files the same way.

A committed baseline (``tests/accuracy_baseline.json``) records the scores; ``--check``
fails when a field falls more than ``TOLERANCE`` below it, so an accuracy loss cannot land
unnoticed. ``--write-baseline`` records the current scores after an improvement.

It then lists the reviewed rows that fire on no article scored, the first to review: the
country-role rules no fact came from, the figure cue rows no reading of a number matched
(``find_figures`` notes them), and the speaker cue rows whose phrase no article contains.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.countries import load_rules
from ingest.doc import Doc
from ingest.extract import extract_article
from ingest.figures import find_figures
from ingest.figures import load_cue_rows as load_figure_cue_rows
from ingest.quotes import load_cue_rows as load_speaker_cue_rows
from ingest.read import read_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
DEFAULT_BASELINE = ROOT / "tests" / "accuracy_baseline.json"
SEED_GOLDEN = ROOT / "tests" / "golden"
SEEDS = ROOT / "seeds"
TOLERANCE = 0.01
SET_FIELDS = ("countries", "roles", "particip", "figures", "ops")
RATE_FIELDS = ("quote_recall", "speaker_acc", "dates")
FIELDS = SET_FIELDS + RATE_FIELDS
QUOTE_OPENING = 40


@dataclass
class Tally:
    """True positives, false positives and false negatives of one set-valued field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, predicted: set) -> tuple[set, set]:
        """Count one article; return what was missed and what was extra."""
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        return gold - predicted, predicted - gold

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        """Share of predictions that are right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when the gold is empty)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Rate:
    """Hits out of a total (quote recall, speaker accuracy, dates)."""

    hits: int = 0
    total: int = 0

    def merge(self, other: Rate) -> None:
        """Add another rate's counts to this one."""
        self.hits, self.total = self.hits + other.hits, self.total + other.total

    @property
    def value(self) -> float:
        """The rate; 1.0 when there was nothing to count."""
        return self.hits / self.total if self.total else 1.0


@dataclass
class ArticleScore:
    """One article's counts per field and what it got wrong, for reading."""

    name: str
    language: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in SET_FIELDS})
    rates: dict[str, Rate] = field(default_factory=lambda: {f: Rate() for f in RATE_FIELDS})
    errors: list[str] = field(default_factory=list)
    failed: str | None = None
    rules: frozenset[str] = frozenset()
    figure_cues: frozenset[str] = frozenset()
    """Ids of the figure cue rows that fired on the article."""
    speaker_phrases: frozenset[str] = frozenset()
    """Ids of the speaker cue rows whose phrase the article contains."""


@dataclass
class GroupScore:
    """Micro-averaged counts over a group of articles."""

    name: str
    articles: int = 0
    failed: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in SET_FIELDS})
    rates: dict[str, Rate] = field(default_factory=lambda: {f: Rate() for f in RATE_FIELDS})

    def add(self, article: ArticleScore) -> None:
        """Fold one article in."""
        self.articles += 1
        self.failed += article.failed is not None
        for name, tally in article.tallies.items():
            self.tallies[name].merge(tally)
        for name, rate in article.rates.items():
            self.rates[name].merge(rate)

    def summary(self) -> dict[str, float]:
        """Field name to score, rounded to three places."""
        scores = {name: round(tally.f1, 3) for name, tally in self.tallies.items()}
        scores.update({name: round(rate.value, 3) for name, rate in self.rates.items()})
        return scores


def normalise(text: str | None) -> str:
    """Lower case, no accents, punctuation folded to single spaces (the scorer's form)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", bare.lower()).strip()


def operation_key(name: str) -> str:
    """An operation name compared without case, punctuation or the word "Operation"."""
    return normalise(name).replace("operation ", "")


def score_article(name: str, language: str, gold: dict, predicted: dict) -> ArticleScore:
    """Compare one article's extraction (contract JSON shape) with its gold."""
    score = ArticleScore(name, language)
    gold_roles = {iso: set(roles) for iso, roles in (gold.get("countries") or {}).items()}
    got_roles = {iso: set(roles) for iso, roles in (predicted.get("countries") or {}).items()}
    _note(score, "countries", set(gold_roles), set(got_roles))
    _note(score, "roles", _pairs(gold_roles), _pairs(got_roles))
    participants = _holding(gold_roles, "participant"), _holding(got_roles, "participant")
    _note(score, "particip", *participants)
    _note(score, "figures", _figure_pairs(gold), _figure_pairs(predicted))
    gold_ops = {operation_key(op["name"]): op for op in gold.get("operations") or []}
    got_ops = {operation_key(op.get("name", "")): op for op in predicted.get("operations") or []}
    _note(score, "ops", set(gold_ops), set(got_ops))
    _score_dates(score, gold_ops, got_ops)
    _score_quotes(score, gold.get("quotes") or [], predicted.get("quotes") or [])
    return score


def _note(score: ArticleScore, field_name: str, gold: set, predicted: set) -> None:
    missed, extra = score.tallies[field_name].add(gold, predicted)
    if missed or extra:
        shown = [f"-{_show(item)}" for item in sorted(missed, key=str)]
        shown += [f"+{_show(item)}" for item in sorted(extra, key=str)]
        score.errors.append(f"{field_name}: {' '.join(shown)}")


def _show(item: object) -> str:
    if isinstance(item, tuple):
        first, second = item
        if isinstance(second, float):
            return f"{first}={second:g}"
        return f"{first}:{second}"
    return str(item)


def _pairs(roles: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(iso, role) for iso, held in roles.items() for role in held}


def _holding(roles: dict[str, set[str]], role: str) -> set[str]:
    return {iso for iso, held in roles.items() if role in held}


def _figure_pairs(facts: dict) -> set[tuple[str, float]]:
    pairs = set()
    for figure in facts.get("figures") or []:
        if figure.get("value") is not None:
            pairs.add((figure["metric"], float(figure["value"])))
    return pairs


def _score_dates(score: ArticleScore, gold_ops: dict, got_ops: dict) -> None:
    rate = score.rates["dates"]
    for key, operation in gold_ops.items():
        for end in ("start", "end"):
            if not operation.get(end):
                continue
            rate.total += 1
            got = got_ops.get(key, {}).get(end)
            if got == operation[end]:
                rate.hits += 1
            else:
                score.errors.append(f"dates: {operation['name']}.{end} {operation[end]} got {got}")


def _score_quotes(score: ArticleScore, gold_quotes: list[dict], got_quotes: list[dict]) -> None:
    found = [(normalise(q.get("text")), normalise(q.get("speaker"))) for q in got_quotes]
    recall, speakers = score.rates["quote_recall"], score.rates["speaker_acc"]
    for quote in gold_quotes:
        if quote.get("partial"):
            continue
        recall.total += 1
        opening = normalise(quote["starts_with"])[:QUOTE_OPENING]
        speaker = next((who for text, who in found if opening and opening in text), None)
        if speaker is None:
            score.errors.append(f"quote missed: {quote['starts_with'][:QUOTE_OPENING]!r}")
            continue
        recall.hits += 1
        speakers.total += 1
        last_word = (normalise(quote["speaker"]).split() or [""])[-1]
        if last_word and last_word in speaker.split():
            speakers.hits += 1
        else:
            score.errors.append(f"speaker: {quote['speaker']!r} got {speaker!r}")


@dataclass(frozen=True)
class GoldArticle:
    """An article file, its language and its gold annotation."""

    path: Path
    language: str
    gold: dict


def devset_articles(devset: Path) -> list[GoldArticle]:
    """The development set's articles, each with its gold and its main language."""
    languages = {}
    manifest = devset / "manifest.csv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                languages[row["file"]] = _main_language(row.get("language") or "")
    articles = []
    for gold_path in sorted((devset / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        file_name = gold.get("file") or f"{gold_path.stem}.txt"
        language = languages.get(file_name, "unknown")
        articles.append(GoldArticle(devset / "articles" / file_name, language, gold))
    return articles


def _main_language(codes: str) -> str:
    """The language a mixed article is mostly in: "lb, en" is scored as English."""
    parts = [code.strip() for code in codes.split(",") if code.strip()]
    return parts[-1] if parts else "unknown"


def seed_articles(seeds: Path = SEEDS, golden: Path = SEED_GOLDEN) -> list[GoldArticle]:
    """The seed articles with their person-checked golden files as gold."""
    articles = []
    for golden_path in sorted(golden.glob("*.json")):
        expected = json.loads(golden_path.read_text(encoding="utf-8"))
        gold = dict(expected)
        gold["quotes"] = [
            {"speaker": q["speaker"], "starts_with": q["text"][:60]} for q in expected["quotes"]
        ]
        articles.append(GoldArticle(seeds / f"{golden_path.stem}.txt", "seeds", gold))
    return articles


def evaluate(articles: Iterable[GoldArticle]) -> list[ArticleScore]:
    """Extract every article in this process and score it against its gold."""
    scores = []
    speaker_rows = load_speaker_cue_rows()
    for article in articles:
        figure_cues: set[str] = set()
        try:
            read = read_article(article.path)
            facts = extract_article(read)
            predicted, failed = facts.to_dict(), None
            found = (*facts.mentions, *facts.figures, *facts.quotes)
            rules = frozenset(fact.rule for fact in found)
            doc = Doc.of(read.text)
            find_figures(doc, fired=figure_cues)
            speaker_phrases = speaker_rows_named_in(doc.text, speaker_rows)
        except Exception as problem:  # noqa: BLE001 - a failing article is scored, not fatal
            predicted, failed, rules = {}, f"{type(problem).__name__}: {problem}", frozenset()
            speaker_phrases = frozenset()
        score = score_article(article.path.stem, article.language, article.gold, predicted)
        score.failed = failed
        score.rules = rules
        score.figure_cues = frozenset(figure_cues)
        score.speaker_phrases = speaker_phrases
        scores.append(score)
    return scores


def speaker_rows_named_in(text: str, rows: Iterable) -> frozenset[str]:
    """Ids of the speaker cue rows whose phrase ``text`` contains as whole words, any case.

    A row whose phrase is nowhere in an article cannot have fired on it; one whose phrase
    is there may still have decided nothing.
    """
    lowered = text.lower()
    words = set(re.findall(r"\w+", lowered))
    named = set()
    for row in rows:
        phrase = row.phrase.lower()
        parts = re.findall(r"\w+", phrase)
        if not parts or not all(part in words for part in parts):
            continue
        if parts == [phrase] or re.search(_whole(phrase), lowered):
            named.add(row.id)
    return frozenset(named)


def _whole(phrase: str) -> str:
    return r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"


def group_scores(scores: Sequence[ArticleScore]) -> dict[str, GroupScore]:
    """Scores per language (``en``, ``es`` ...), all non-English together, and the seeds."""
    groups: dict[str, GroupScore] = {}
    for score in scores:
        names = [score.language]
        if score.language not in ("en", "seeds"):
            names.append("non-en")
        for name in names:
            groups.setdefault(name, GroupScore(name)).add(score)
    order = ["en", "non-en", "seeds"]
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] not in order, _rank(order, kv[0]))))


def _rank(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name), "") if name in order else (len(order), name)


def shortfalls(groups: dict[str, GroupScore], baseline: dict) -> list[str]:
    """Every field of every group more than ``TOLERANCE`` below its baseline score."""
    problems = []
    for group_name, expected in baseline.get("groups", {}).items():
        group = groups.get(group_name)
        if group is None:
            problems.append(f"{group_name}: no articles scored (the baseline has this group)")
            continue
        summary = group.summary()
        for field_name, floor in expected.items():
            got = summary.get(field_name)
            if got is not None and got < floor - TOLERANCE:
                problems.append(f"{group_name} {field_name}: {got:.3f} < baseline {floor:.3f}")
        if group.failed:
            problems.append(f"{group_name}: {group.failed} article(s) failed to extract")
    return problems


def format_table(groups: dict[str, GroupScore], baseline: dict | None = None) -> str:
    """Per-group scores as a fixed-width table, the baseline's value beside each."""
    expected = (baseline or {}).get("groups", {})
    header = f"{'set':<8} {'docs':>4} " + " ".join(f"{name:>12}" for name in FIELDS)
    lines = [header, "-" * len(header)]
    for name, group in groups.items():
        summary = group.summary()
        cells = []
        for field_name in FIELDS:
            floor = expected.get(name, {}).get(field_name)
            mark = "" if floor is None else ("!" if summary[field_name] < floor - TOLERANCE else "")
            cells.append(f"{summary[field_name]:>11.3f}{mark or ' '}")
        lines.append(f"{name:<8} {group.articles:>4} " + " ".join(cells))
    lines.append("")
    lines.append("precision / recall of the set fields:")
    for name, group in groups.items():
        parts = [
            f"{field_name} {tally.precision:.2f}/{tally.recall:.2f}"
            for field_name, tally in group.tallies.items()
        ]
        lines.append(f"  {name:<8} " + "  ".join(parts))
    return "\n".join(lines)


def format_articles(scores: Sequence[ArticleScore]) -> str:
    """One block per article: its F1 per set field and what it got wrong."""
    lines = []
    for score in scores:
        cells = " ".join(f"{name} {tally.f1:.2f}" for name, tally in score.tallies.items())
        lines.append(f"{score.name} [{score.language}] {cells}")
        if score.failed:
            lines.append(f"    extraction failed: {score.failed}")
        lines.extend(f"    {error}" for error in score.errors)
    return "\n".join(lines)


def silent_rules(scores: Sequence[ArticleScore]) -> list[str]:
    """Reviewed rules that fire on no article scored: only their own examples show them."""
    fired = set().union(*(score.rules for score in scores))
    return [rule.id for rule in load_rules() if rule.check != "cue" and rule.id not in fired]


def silent_figure_cues(scores: Sequence[ArticleScore]) -> list[str]:
    """Figure cue rows that fire on no article scored: only their own examples show them."""
    fired = set().union(*(score.figure_cues for score in scores))
    return [row.id for row in load_figure_cue_rows() if row.id not in fired]


def silent_speaker_cues(scores: Sequence[ArticleScore]) -> list[str]:
    """Speaker cue rows whose phrase no article scored contains, so that fire on none."""
    named = set().union(*(score.speaker_phrases for score in scores))
    return [row.id for row in load_speaker_cue_rows() if row.id not in named]


def format_silent(heading: str, ids: Sequence[str]) -> str:
    """A heading and the ids below it, wrapped."""
    wrapped = textwrap.fill(
        ", ".join(ids), width=96, initial_indent="  ", subsequent_indent="  ",
        break_on_hyphens=False,
    )  # fmt: skip
    return f"{heading}\n{wrapped}" if ids else heading


def baseline_of(groups: dict[str, GroupScore]) -> dict:
    """The committed form of the current scores."""
    return {
        "tolerance": TOLERANCE,
        "groups": {name: group.summary() for name, group in groups.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print the accuracy table; with ``--check``, exit 1 below the baseline."""
    parser = argparse.ArgumentParser(prog="python -m ingest.evaluate", description=__doc__)
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument("--check", action="store_true", help="exit 1 below the baseline")
    parser.add_argument("--write-baseline", action="store_true", help="record these scores")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-article errors")
    args = parser.parse_args(argv)
    if not (args.devset / "gold").is_dir():
        print(
            f"error: no development set at {args.devset} (expected gold/ and articles/); "
            "give its folder as the first argument",
            file=sys.stderr,
        )
        return 2
    scores = evaluate([*devset_articles(args.devset), *seed_articles()])
    groups = group_scores(scores)
    baseline = json.loads(args.baseline.read_text()) if args.baseline.is_file() else None
    if args.verbose:
        print(format_articles(scores))
        print()
    print(format_table(groups, baseline))
    only_examples = "(only their own examples show them)"
    silent = silent_rules(scores)
    total = len(load_rules())
    print("\n" + format_silent(
        f"{len(silent)} of {total} reviewed rules fire on no article here {only_examples}:",
        silent,
    ))  # fmt: skip
    silent = silent_figure_cues(scores)
    total = len(load_figure_cue_rows())
    print("\n" + format_silent(
        f"{len(silent)} of {total} figure cue rows fire on no article here {only_examples}:",
        silent,
    ))  # fmt: skip
    silent = silent_speaker_cues(scores)
    total = len(load_speaker_cue_rows())
    print("\n" + format_silent(
        f"{len(silent)} of {total} speaker cue rows name a phrase no article here contains"
        f" {only_examples}:",
        silent,
    ))  # fmt: skip
    if args.write_baseline:
        args.baseline.write_text(json.dumps(baseline_of(groups), indent=2) + "\n")
        print(f"\nbaseline written to {args.baseline.name}")
        return 0
    if args.check:
        if baseline is None:
            print(f"error: no baseline file {args.baseline}", file=sys.stderr)
            return 2
        problems = shortfalls(groups, baseline)
        for problem in problems:
            print(f"below baseline: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
