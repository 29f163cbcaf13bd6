"""Articles per second for ``ingest build`` end to end, with 1 and 2 jobs, beside the build
as it was before the process pool, measured in the same run.

Run: ``python benchmarks/bench_build.py [--articles 1000] [--repeats 3]``. The corpus is
made by ``make_corpus.py`` (the seed articles and, when it is beside the checkout, the
development set); each figure is the median of the repeats, each a fresh
``python -m ingest build CORPUS --out NEW --quiet`` timed from start to exit, interpreter
start included. The reference is the extractor and build of ``--reference REV`` (by
default the commit before ``ingest/pool.py`` was added), exported with ``git archive``
into a scratch folder and run there with its own default settings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import ROOT, write_corpus  # noqa: E402

EXPORTED = ("ingest", "geo", "data/gazetteer", "data/curated")


def before_the_pool() -> str | None:
    """The commit before the one that added ``ingest/pool.py``."""
    added = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", "ingest/pool.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    return f"{added[-1][:12]}^" if added else None


def export(revision: str, folder: Path) -> Path | None:
    """The extractor's files at ``revision`` in ``folder``, or None (with why) if not."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, *EXPORTED], cwd=ROOT, capture_output=True
    )
    if archive.returncode:
        print(f"no reference: {archive.stderr.decode().strip()}", file=sys.stderr)
        return None
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def build_seconds(code: Path, corpus: Path, scratch: Path, options: list[str]) -> float:
    out = Path(tempfile.mkdtemp(dir=scratch)) / "dataset"
    command = [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet"]
    started = time.perf_counter()
    subprocess.run([*command, *options], cwd=code, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reference", default=before_the_pool(), metavar="REV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        scratch = Path(folder)
        corpus = scratch / "corpus"
        write_corpus(args.articles, corpus, args.seed)
        runs = [(f"--jobs {jobs}", ROOT, ["--jobs", str(jobs)]) for jobs in (1, 2)]
        reference = export(args.reference, scratch / "reference") if args.reference else None
        if reference:
            runs.insert(0, (f"reference {args.reference}", reference, []))
        print(f"ingest build, {args.articles:,} generated articles, median of {args.repeats}:")
        for label, code, options in runs:
            seconds = statistics.median(
                build_seconds(code, corpus, scratch, options) for _ in range(args.repeats)
            )
            print(f"  {label:<28} {seconds:7.1f} s  {args.articles / seconds:6.1f} articles/s")


if __name__ == "__main__":
    main()
