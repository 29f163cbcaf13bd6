"""Write a benchmark corpus of N articles recombined from real ones, names and numbers varied.

Run: ``python benchmarks/make_corpus.py N OUT [--seed S]``. Each article starts with the
opening of one source article (the seed articles, and the development set beside the
checkout when it is there), keeps some of its paragraphs and takes one to three from
another; then its operation names, people, countries, figures and years are replaced,
consistently within the article, from the reviewed lists beside this file
(``corpus_*.tsv``: invented operations, people and outlets; countries ``geo`` knows).
So every article asks the extractor for real work and no two read alike. A
``sources.csv`` gives most articles an outlet, a date and an address.

The same N, seed and sources give the same files, byte for byte; the first N articles of
a larger corpus are the corpus of size N. Articles are written one at a time, so 100,000
need no more memory than 10. The source texts are read at run time only: a generated
corpus holds development-set text and belongs outside the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.read import BadInput, read_article  # noqa: E402

HERE = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
DEVSET_ARTICLES = ROOT.parent / "shared" / "devset" / "articles"
SIDECAR_COLUMNS = ("file", "title", "publisher", "published", "url")
SIDECAR_SHARE = 0.7
"""The share of articles with a sources.csv row (the rest say everything themselves)."""
YEAR_SHIFTS = range(-8, 2)
SCALES = (0.5, 0.6, 0.75, 0.8, 1.25, 1.5, 2.0, 3.0)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
OPERATION_NAME = re.compile(
    r"\b(?:[Oo]perations?|[Oo]peraci[óo]n|[Oo]p[ée]ration|[Oo]pera[çc][ãa]o|[Oo]perazione)"
    r" ((?!(?:[IVX]+)\b)[A-Z][a-zA-Z-]+(?: (?!(?:[IVX]+)\b)[A-Z][a-zA-Z-]+)?)"
)
PERSON = r"[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?"
SPEAKER = re.compile(
    rf"(?:\b(?:said|says|told|according to|by) ({PERSON})\b)"
    rf"|(?:\b({PERSON})(?:, [^,.\"“”]{{1,80}},)? (?:said|says|told|added|stressed)\b)"
)
YEAR = re.compile(r"(?<![\w.,])(?:19[89]\d|20[0-3]\d)(?![\w,]|\.\d)")
NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:([,\u00a0\u202f ])\d{3})+|\d+)(?![\w/:-]|[.,]\d)")
DAY_AFTER_MONTH = re.compile(rf"\b(?:{MONTHS})\.? \d{{1,2}}\b")


def reviewed_list(name: str, column: str = "name") -> list[str]:
    """The first column of ``benchmarks/corpus_{name}.tsv``."""
    with (HERE / f"corpus_{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return [row[column].strip() for row in csv.DictReader(handle, delimiter="\t")]


@dataclass(frozen=True)
class Lists:
    operations: list[str]
    people: list[str]
    outlets: list[str]
    countries: list[str]
    not_people: frozenset[str]

    @classmethod
    def load(cls) -> Lists:
        lists = (reviewed_list(name) for name in ("operations", "people", "outlets", "countries"))
        return cls(*lists, frozenset(reviewed_list("not_people", "word")))


def paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, or lines for a text that has no blank lines."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", text)]
    if len(parts) == 1:
        parts = [line.strip() for line in text.splitlines()]
    return [part for part in parts if part]


def source_articles(folders: Sequence[Path], warn: Callable[[str], None]) -> list[list[str]]:
    """The paragraphs of every readable article in ``folders``, in name order."""
    articles = []
    for folder in folders:
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            if path.suffix.lower() not in (".txt", ".md", ".html", ".htm"):
                continue
            try:
                parts = paragraphs(read_article(path).text)
            except BadInput as problem:
                warn(f"skipped {path.name}: {problem}")
                continue
            if len(parts) >= 2:
                articles.append(parts)
    return articles


def recombined(rng: random.Random, articles: list[list[str]]) -> list[str]:
    """One source's opening and some of its paragraphs, with one to three from another."""
    base = rng.choice(articles)
    other = rng.choice(articles)
    body = [p for p in base[1:] if rng.random() < 0.75] or base[1:2]
    for paragraph in rng.sample(other[1:] or other, k=min(rng.randint(1, 3), len(other))):
        body.insert(rng.randint(0, len(body)), paragraph)
    return [base[0], *body]


class Variation:
    """One article's consistent replacements: operations, people, countries, numbers, years."""

    def __init__(self, rng: random.Random, lists: Lists, text: str) -> None:
        self.rng = rng
        self.year_shift = rng.choice(YEAR_SHIFTS)
        self.scale = rng.choice(SCALES)
        self.names = {}
        self._map(lists.operations, {m.group(1) for m in OPERATION_NAME.finditer(text)})
        speakers = {name for m in SPEAKER.finditer(text) for name in m.groups() if name}
        self._map(lists.people, {s for s in speakers if _names_a_person(s, lists)})
        for person, replacement in list(self.names.items()):
            if person in speakers:
                self.names.setdefault(person.split()[-1], replacement.split()[-1])
        found = {c for c in lists.countries if re.search(rf"\b{re.escape(c)}\b", text)}
        self._map(lists.countries, found)
        self._names = (
            re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(self.names, key=len)[::-1]))
            if self.names
            else None
        )

    def _map(self, choices: list[str], found: set[str]) -> None:
        free = [c for c in choices if c not in self.names.values()]
        replacements = self.rng.sample(free, k=min(len(found), len(free)))
        for name, replacement in zip(sorted(found), replacements, strict=False):
            self.names.setdefault(name, replacement)

    def apply(self, text: str) -> str:
        if self._names:
            text = self._names.sub(lambda m: self.names[m.group(0)], text)
        text = YEAR.sub(lambda m: str(int(m.group(0)) + self.year_shift), text)
        days = {m.end() for m in DAY_AFTER_MONTH.finditer(text)}
        return NUMBER.sub(lambda m: m.group(0) if m.end() in days else self._number(m), text)

    def _number(self, match: re.Match) -> str:
        written = match.group(0)
        separator = match.group(2)
        value = int(re.sub(r"\D", "", written))
        if value < 2 or (len(written) == 4 and YEAR.fullmatch(written)):
            return written
        scaled = max(2, round(value * self.scale))
        if separator or scaled >= 10_000:
            return f"{scaled:,}".replace(",", separator or ",")
        return str(scaled)


def _names_a_person(name: str, lists: Lists) -> bool:
    """Not a country's name, nor an organisation's or a title's words."""
    if any(country in name or name in country for country in lists.countries):
        return False
    return not any(word.strip(".") in lists.not_people for word in name.split())


def generate(
    count: int, seed: int, articles: list[list[str]], lists: Lists
) -> Iterator[tuple[str, dict[str, str] | None]]:
    """``count`` article texts, each with its sources.csv row (None for no row)."""
    rng = random.Random(f"operations-atlas-corpus-{seed}")
    for number in range(count):
        parts = recombined(rng, articles)
        variation = Variation(rng, lists, "\n\n".join(parts))
        text = "\n\n".join(variation.apply(part) for part in parts) + "\n"
        row = None
        if rng.random() < SIDECAR_SHARE:
            years = [int(y) for y in YEAR.findall(text)] or [2020 + variation.year_shift]
            row = {
                "title": "",
                "publisher": rng.choice(lists.outlets),
                "published": f"{max(years)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "url": f"https://news.example.org/{seed}/{number}",
            }
        yield text, row


def write_corpus(
    count: int,
    out: Path,
    seed: int = 0,
    sources: Sequence[Path] | None = None,
    warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> int:
    """Write ``count`` articles and their ``sources.csv`` into the new folder ``out``."""
    if sources is None:
        sources = [SEEDS]
        if DEVSET_ARTICLES.is_dir():
            sources.append(DEVSET_ARTICLES)
        else:
            warn(f"no development set at {DEVSET_ARTICLES}: recombining the seed articles only")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BadInput(f"{out}: exists and is not an empty folder; give a new folder")
    articles = source_articles(sources, warn)
    if not articles:
        raise BadInput("no source articles with two paragraphs or more to recombine")
    out.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(count - 1)))
    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as sidecar:
        writer = csv.writer(sidecar, lineterminator="\n")
        writer.writerow(SIDECAR_COLUMNS)
        for number, (text, row) in enumerate(generate(count, seed, articles, Lists.load())):
            name = f"{number:0{width}d}.txt"
            (out / name).write_text(text, encoding="utf-8")
            if row:
                writer.writerow([name, *(row[column] for column in SIDECAR_COLUMNS[1:])])
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="how many articles to write")
    parser.add_argument("out", type=Path, metavar="OUT", help="new folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        metavar="DIR",
        help="folder of articles to recombine (repeatable; default: seeds/ and the devset)",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be 1 or more")
    try:
        write_corpus(args.count, args.out, args.seed, args.source)
    except BadInput as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(f"wrote {args.count:,} articles and sources.csv into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
