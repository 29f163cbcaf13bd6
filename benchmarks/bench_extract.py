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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_geo import docs_per_second, make_corpus, pycountry_fuzzy_mentions  # noqa: E402

from geo import find_mentions  # noqa: E402
from ingest.extract import extract_text  # noqa: E402

REPEATS = 3
BASELINE_SAMPLE = 20


def main() -> None:
    find_mentions("warm-up: Brazil")
    extract_text("Operation Warm-up rescued 3 victims in Brazil.")
    columns = ("corpus", "KB/doc", "geo.find_mentions", "whole extract", "pycountry fuzzy")
    widths = (8, 7, 18, 14, 16)
    print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
    for size in (1_000, 10_000):
        documents = make_corpus(size)
        kilobytes = statistics.mean(len(d.encode()) for d in documents) / 1024
        repeats = REPEATS if size <= 1_000 else 1
        geo_rate = docs_per_second(find_mentions, documents, repeats)
        extract_rate = docs_per_second(extract_text, documents, repeats)
        baseline = docs_per_second(pycountry_fuzzy_mentions, documents[:BASELINE_SAMPLE], 1)
        print(
            f"{size:>8,} {kilobytes:>7.1f} {geo_rate:>14,.0f}/s {extract_rate:>12,.0f}/s"
            f" {baseline:>14,.2f}/s"
        )
    ratio = geo_rate / baseline
    print(f"ratio geo.find_mentions / pycountry fuzzy on the 10,000 corpus: {ratio:,.0f}x")


if __name__ == "__main__":
    main()
