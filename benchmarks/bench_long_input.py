"""Seconds to extract one long article, by size and shape: the extractor's time curve.

Run: ``python benchmarks/bench_long_input.py``. An article file may be up to 5 MB
(``ingest.read.MAX_BYTES``) and its text up to 1,048,576 characters
(``ingest.read.MAX_TEXT_CHARS``, just over the 1,000 KB column); whatever its shape,
extracting a text under that limit must take a few seconds, not minutes. The 5,000 KB
column is over the limit, and shows that the time still grows with the length and no
faster. The texts are made from the seed articles (and the development set's articles,
when it sits beside the checkout) repeated and cut to each size, in three shapes:

- ``one line``: the reporting of every article (its page furniture left out) with its
  line breaks turned into spaces, so the whole text is one line, one paragraph (what a
  badly converted page looks like);
- ``many lines``: the articles as written, one after the other;
- ``blank lines``: one seed article, then blank lines up to the size (5 MB is five
  million of them).

Each figure is the median of ``--repeats`` runs (one run once a run takes over
``SLOW_RUN_SECONDS``). Once a run of a shape takes longer than ``--give-up`` seconds,
its larger sizes are skipped, so a quadratic regression shows as a gap, not a hang.
A time doubling far faster than the size is what to look for.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.extract import extract_text  # noqa: E402
from ingest.read import MAX_TEXT_CHARS  # noqa: E402
from ingest.text import is_boilerplate  # noqa: E402

SEEDS_DIR = ROOT / "seeds"
DEVSET_ARTICLES = ROOT.parent / "shared" / "devset" / "articles"
SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
SLOW_RUN_SECONDS = 5.0


def articles() -> list[str]:
    """The seed articles, then the development set's, in file order."""
    paths = sorted(SEEDS_DIR.glob("*.txt")) + sorted(DEVSET_ARTICLES.glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def repeated_to(size: int, pieces: list[str], joiner: str) -> str:
    """``pieces`` joined, repeated and cut to ``size`` characters."""
    unit = joiner.join(pieces) + joiner
    return (unit * (size // len(unit) + 1))[:size]


def shapes(texts: list[str]) -> dict[str, Callable[[int], str]]:
    """A text of a given size for each shape."""
    one_line = [
        " ".join(line for line in text.split("\n") if not is_boilerplate(line)) for text in texts
    ]
    first = texts[0]
    return {
        "one line": lambda size: repeated_to(size, one_line, " "),
        "many lines": lambda size: repeated_to(size, texts, "\n\n"),
        "blank lines": lambda size: first + "\n" * max(0, size - len(first)),
    }


def median_seconds(text: str, repeats: int) -> float:
    """The median time of extracting ``text``, cut short once one run is slow."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        extract_text(text)
        timings.append(time.perf_counter() - started)
        if timings[-1] > SLOW_RUN_SECONDS:
            break
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--give-up", type=float, default=60.0, help="seconds: skip larger sizes")
    args = parser.parse_args()
    extract_text("Operation Warm-up rescued 3 victims in Brazil.")
    texts = articles()
    print(
        f"{len(texts)} articles; median of {args.repeats} runs, seconds per article;"
        f" the text limit is {MAX_TEXT_CHARS:,} characters"
    )
    print(f"{'shape':>12} " + " ".join(f"{size // 1000:>9,} KB" for size in SIZES))
    for shape, make in shapes(texts).items():
        cells, gave_up = [], False
        for size in SIZES:
            if gave_up:
                cells.append(f"{'skipped':>12}")
                continue
            seconds = median_seconds(make(size), args.repeats)
            cells.append(f"{seconds:>11.2f}s")
            gave_up = seconds > args.give_up
        print(f"{shape:>12} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
