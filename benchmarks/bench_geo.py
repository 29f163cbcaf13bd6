"""Documents per second for geo.find_mentions beside geotext, flashgeotext and pycountry.

Run: ``python benchmarks/bench_geo.py`` (add ``--repeats N`` for more passes). The
corpora are made from the seed articles by ``make_corpus``: their paragraphs shuffled
with a fixed seed and packed into documents of about 3 KB, so every run and every
benchmark that imports it sees the same text. Each figure is the median of several
passes over the whole corpus on one core. The pycountry baseline (``search_fuzzy`` over
capitalised n-grams, one look-up per candidate) is far too slow for whole corpora, so it
runs on the first ``BASELINE_SAMPLE`` documents.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import names  # noqa: E402

SEEDS_DIR = ROOT / "seeds"
CORPUS_SEED = 20180403
DOCUMENT_CHARS = 3_000
SIZES = (1_000, 10_000)
BASELINE_SAMPLE = 20
CAPITALISED_NGRAM = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:and\s+the\s+|and\s+|of\s+)?[A-Z][\w'’.-]*){0,3}"
)


def seed_paragraphs(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """Non-empty paragraphs of every seed article, in file order."""
    paragraphs = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs.extend(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    return paragraphs


def make_corpus(n_docs: int, document_chars: int = DOCUMENT_CHARS) -> list[str]:
    """``n_docs`` documents of about ``document_chars`` characters of shuffled seed paragraphs.

    Deterministic: the first N documents of a larger corpus are the corpus of size N.
    """
    paragraphs = seed_paragraphs()
    rng = random.Random(CORPUS_SEED)
    documents = []
    for _ in range(n_docs):
        chosen, size = [], 0
        while size < document_chars:
            paragraph = rng.choice(paragraphs)
            chosen.append(paragraph)
            size += len(paragraph) + 2
        documents.append("\n\n".join(chosen))
    return documents


def pycountry_fuzzy_mentions(text: str) -> list[tuple[str, str]]:
    """Baseline: ``pycountry.countries.search_fuzzy`` on every capitalised n-gram."""
    import pycountry

    found = []
    for match in CAPITALISED_NGRAM.finditer(text):
        try:
            countries = pycountry.countries.search_fuzzy(match.group(0))
        except LookupError:
            continue
        found.append((match.group(0), countries[0].alpha_3))
    return found


def docs_per_second(function: Callable[[str], object], documents: list[str], repeats: int) -> float:
    """Median documents per second of ``function`` over ``documents``."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for document in documents:
            function(document)
        timings.append(time.perf_counter() - started)
    return len(documents) / statistics.median(timings)


def timed(function: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def load_flashgeotext():
    """flashgeotext's extractor with its bundled data, or the reason it cannot run."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from flashgeotext.geotext import GeoText

            return GeoText()
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        return f"{type(error).__name__}: {error}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="passes per figure (median)")
    args = parser.parse_args(argv)

    _, geo_cold = timed(lambda: names.gazetteer().find_mentions("Brazil"))
    _, geo_warm = timed(
        lambda: names.Gazetteer(
            names.read_alias_rows(), names.read_region_rows(), names.read_not_typos()
        )
    )
    flash, flash_build = timed(load_flashgeotext)
    from geotext import GeoText

    tools: dict[str, Callable[[str], object] | str] = {
        "geo.find_mentions": names.find_mentions,
        "geotext.GeoText": GeoText,
        "flashgeotext": flash.extract if not isinstance(flash, str) else f"unavailable ({flash})",
    }
    corpora = {size: make_corpus(size) for size in SIZES}
    kilobytes = statistics.mean(len(d.encode()) for d in corpora[SIZES[-1]]) / 1024
    print(
        f"corpus: shuffled seed paragraphs, {kilobytes:.1f} KB/document,"
        f" median of {args.repeats} passes"
    )
    print(
        f"index build: geo {geo_cold:.2f} s (first, incl. pycountry load),"
        f" {geo_warm:.2f} s (rebuild); flashgeotext {flash_build:.2f} s"
    )
    print()
    header = f"{'tool':<28}" + "".join(f"{f'{size:,} docs':>16}" for size in SIZES)
    print(header)
    print("-" * len(header))
    rates: dict[str, float] = {}
    for label, function in tools.items():
        if isinstance(function, str):
            print(f"{label:<28}{function}")
            continue
        row = []
        for size, documents in corpora.items():
            rate = docs_per_second(function, documents, args.repeats)
            rates[f"{label}@{size}"] = rate
            row.append(f"{rate:>12,.0f}/s")
        print(f"{label:<28}" + "".join(f"{cell:>16}" for cell in row))
    sample = corpora[SIZES[0]][:BASELINE_SAMPLE]
    baseline = docs_per_second(pycountry_fuzzy_mentions, sample, 1)
    print(
        f"{'pycountry search_fuzzy':<28}{baseline:>14,.2f}/s"
        f"   (first {BASELINE_SAMPLE} documents only)"
    )
    print()
    largest = SIZES[-1]
    geo_rate = rates[f"geo.find_mentions@{largest}"]
    for label in tools:
        other = rates.get(f"{label}@{largest}")
        if other and label != "geo.find_mentions":
            print(f"geo.find_mentions / {label}: {geo_rate / other:,.1f}x")
    print(f"geo.find_mentions / pycountry search_fuzzy: {geo_rate / baseline:,.0f}x")


if __name__ == "__main__":
    main()
