"""Seconds for ``ingest add`` of one article into a dataset of N articles, beside a
reference revision measured in the same run.

Run: ``python benchmarks/bench_add.py [--articles 2000] [--repeats 5] [--reference REV]``.
The corpus is made by ``make_corpus.py``; each code (this checkout, and ``REV``, by
default ``HEAD``, exported with ``git archive``) builds its own copy of the dataset first,
so its cache matches its extractor. Then, alternating between the two, each repeat adds
one article not seen before (a seed article with a line of its own) with
``python -m ingest add FILE --corpus C --out D``, timed from start to exit, interpreter
start included. Medians, the runs, and the ratio are printed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import export  # noqa: E402
from make_corpus import ROOT, SEEDS, write_corpus  # noqa: E402


def ingest(code: Path, *arguments: str) -> float:
    """Seconds for one ``python -m ingest`` run in ``code``."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ingest", *arguments], cwd=code, check=True, capture_output=True
    )
    return time.perf_counter() - started


def new_article(folder: Path, number: int) -> Path:
    """A seed article with one line of its own, so that its text is new to every corpus."""
    seed = sorted(SEEDS.glob("*.txt"))[number % 5]
    path = folder / f"new-{number:03d}.txt"
    line = f"\n\nA later report on the same operation, number {number}, was filed.\n"
    path.write_text(seed.read_text(encoding="utf-8") + line, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reference", default="HEAD", metavar="REV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-add-") as folder:
        scratch = Path(folder)
        write_corpus(args.articles, scratch / "corpus", args.seed)
        codes = {"this checkout": ROOT}
        reference = export(args.reference, scratch / "reference")
        if reference:
            codes[f"reference {args.reference}"] = reference
        places = {}
        for index, (label, code) in enumerate(codes.items()):
            corpus = scratch / f"corpus-{index}"
            shutil.copytree(scratch / "corpus", corpus)
            dataset = scratch / f"data-{index}" / "dataset"
            ingest(code, "build", str(corpus), "--out", str(dataset), "--quiet")
            places[label] = (code, corpus, dataset)
        seconds: dict[str, list[float]] = {label: [] for label in codes}
        for repeat in range(args.repeats):
            article = new_article(scratch, repeat)
            for label, (code, corpus, dataset) in places.items():
                add = ("add", str(article), "--corpus", str(corpus), "--out", str(dataset))
                seconds[label].append(ingest(code, *add))
    print(
        f"ingest add of one article into {args.articles:,} generated articles,"
        f" median of {args.repeats}:"
    )
    medians = {label: statistics.median(times) for label, times in seconds.items()}
    for label, median in medians.items():
        runs = " ".join(f"{time:.2f}" for time in seconds[label])
        print(f"  {label:<28} {median:6.2f} s  (runs: {runs})")
    if len(medians) == 2:
        ours, theirs = medians.values()
        print(f"  this checkout / reference: {ours / theirs:.2f}x")


if __name__ == "__main__":
    main()
