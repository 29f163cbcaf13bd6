"""Documents per second for the whole extractor, beside geo.find_mentions, a baseline and a
reference version of the extractor measured in the same run.

Run: ``python benchmarks/bench_extract.py`` (``make bench``). Corpora of 1,000 and 10,000
documents are made from the seed articles (see ``bench_geo.make_corpus``), and the real
articles of the development set beside the checkout are timed too; every figure is the
median of several passes. The pycountry baseline (``search_fuzzy`` over capitalised
n-grams) is too slow for the full corpora, so it runs on a sample.

``--reference REV`` (default ``HEAD``) times that commit's extractor on the same
documents, in a temporary git worktree and a fresh interpreter, so a change's speed is
read as a ratio against the code it replaces, on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_geo import docs_per_second, make_corpus, pycountry_fuzzy_mentions  # noqa: E402

from geo import find_mentions  # noqa: E402
from ingest.extract import extract_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEVSET_ARTICLES = ROOT.parent / "shared" / "devset" / "articles"
REPEATS = 5
BASELINE_SAMPLE = 20
REFERENCE_TIMER = """
import json, statistics, sys, time
from ingest.extract import extract_text
documents = json.load(open(sys.argv[1], encoding="utf-8"))
repeats = int(sys.argv[2])
extract_text("Operation Warm-up rescued 3 victims in Brazil.")
timings = []
for _ in range(repeats):
    started = time.perf_counter()
    for document in documents:
        extract_text(document)
    timings.append(time.perf_counter() - started)
print(len(documents) / statistics.median(timings))
"""


def reference_rate(worktree: Path | None, documents: list[str], repeats: int) -> float | None:
    """The reference extractor's documents per second, or None without a reference."""
    if worktree is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(documents, f)
    result = subprocess.run(
        [sys.executable, "-c", REFERENCE_TIMER, f.name, str(repeats)],
        cwd=worktree,
        capture_output=True,
        text=True,
        check=True,
    )
    Path(f.name).unlink()
    return float(result.stdout.strip().splitlines()[-1])


def add_worktree(revision: str, folder: Path) -> Path | None:
    """A checkout of ``revision`` in ``folder``, or None (with a note) when git cannot."""
    done = subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), revision],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"no reference: git could not check out {revision!r}: {done.stderr.strip()}")
        return None
    return folder


def devset_documents() -> list[str]:
    """The development set's real articles, when it sits beside the checkout."""
    return [p.read_text(encoding="utf-8") for p in sorted(DEVSET_ARTICLES.glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default="HEAD", help="commit to compare with ('' for none)")
    args = parser.parse_args()
    find_mentions("warm-up: Brazil")
    extract_text("Operation Warm-up rescued 3 victims in Brazil.")
    corpora = [(f"{size:,} seed", make_corpus(size)) for size in (1_000, 10_000)]
    real = devset_documents()
    if real:
        corpora.insert(0, (f"{len(real)} devset", real))
    with tempfile.TemporaryDirectory() as scratch:
        worktree = add_worktree(args.reference, Path(scratch) / "ref") if args.reference else None
        try:
            report(corpora, worktree, args.reference)
        finally:
            if worktree is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT)


def report(corpora: list[tuple[str, list[str]]], worktree: Path | None, reference: str) -> None:
    """Print one row per corpus: the rates, and the ratio to the reference."""
    columns = ("corpus", "KB/doc", "geo.find_mentions", "whole extract", f"ref {reference}"[:16],
               "ratio", "pycountry fuzzy")  # fmt: skip
    widths = (12, 7, 18, 14, 16, 6, 16)
    print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
    for name, documents in corpora:
        kilobytes = statistics.mean(len(d.encode()) for d in documents) / 1024
        repeats = REPEATS if len(documents) <= 1_000 else 1
        geo_rate = docs_per_second(find_mentions, documents, repeats)
        extract_rate = docs_per_second(extract_text, documents, repeats)
        ref_rate = reference_rate(worktree, documents, repeats)
        baseline = docs_per_second(pycountry_fuzzy_mentions, documents[:BASELINE_SAMPLE], 1)
        ref_cell = f"{ref_rate:>14,.0f}/s" if ref_rate else f"{'-':>16}"
        ratio_cell = f"{extract_rate / ref_rate:>5.2f}x" if ref_rate else f"{'-':>6}"
        print(
            f"{name:>12} {kilobytes:>7.1f} {geo_rate:>16,.0f}/s {extract_rate:>12,.0f}/s"
            f" {ref_cell} {ratio_cell} {baseline:>14,.2f}/s"
        )


if __name__ == "__main__":
    main()
