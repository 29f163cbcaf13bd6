"""Documents per second for the whole extractor, beside geo.find_mentions and a baseline.

Run: ``python benchmarks/bench_extract.py`` (``make bench``). Corpora of 1,000 and 10,000
documents are made from the seed articles (see ``bench_geo.make_corpus``); every figure
is the median of several passes. The pycountry baseline (``search_fuzzy`` over
capitalised n-grams) is too slow for the full corpora, so it runs on a sample and its
rate is reported per document.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_geo import make_corpus, pycountry_fuzzy_mentions  # noqa: E402

from geo import find_mentions  # noqa: E402
from ingest.extract import extract_text  # noqa: E402

REPEATS = 3
BASELINE_SAMPLE = 20


def rate(function, documents: list[str], repeats: int = REPEATS) -> float:
    """Median documents per second of ``function`` over ``documents``."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for document in documents:
            function(document)
        timings.append(time.perf_counter() - started)
    return len(documents) / statistics.median(timings)


def main() -> None:
    find_mentions("warm-up: Brazil")
    extract_text("Operation Warm-up rescued 3 victims in Brazil.")
    print(f"{'corpus':>8} {'KB/doc':>7} {'geo.find_mentions':>18} {'whole extract':>14} {'pycountry fuzzy':>16}")
    for size in (1_000, 10_000):
        documents = make_corpus(size)
        kilobytes = statistics.mean(len(d.encode()) for d in documents) / 1024
        repeats = REPEATS if size <= 1_000 else 1
        geo_rate = rate(find_mentions, documents, repeats)
        extract_rate = rate(extract_text, documents, repeats)
        baseline = rate(pycountry_fuzzy_mentions, documents[:BASELINE_SAMPLE], 1)
        print(
            f"{size:>8,} {kilobytes:>7.1f} {geo_rate:>14,.0f}/s {extract_rate:>12,.0f}/s"
            f" {baseline:>14,.2f}/s"
        )
    print(f"ratio geo.find_mentions / pycountry fuzzy on the 10,000 corpus: {geo_rate / baseline:,.0f}x")


if __name__ == "__main__":
    main()
