"""Articles per second for ``ingest build`` end to end, with 1 and 2 jobs, beside the build
as it was before the process pool, measured in the same run.

Run: ``python benchmarks/bench_build.py [--articles 1000] [--repeats 3]``; with
``--scheduler local`` it times instead the process pool (2 jobs) beside a Dask
``LocalCluster`` of 2 workers (cluster start and stop included), alternating, and prints
their ratio. The corpus is made by ``make_corpus.py`` (the seed articles and, when it is
beside the checkout, the development set); each figure is the median of the repeats, each a fresh
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
    parser.add_argument("--scheduler", choices=("local",), help="pool beside a LocalCluster")
    args = parser.parse_args()
    if args.scheduler:
        compare_cluster(args)
        return
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


def compare_cluster(args: argparse.Namespace) -> None:
    """The process pool and a LocalCluster, alternating, on the same corpus."""
    runs = {
        "--jobs 2 (process pool)": ["--jobs", "2"],
        "--scheduler local --jobs 2": ["--scheduler", "local", "--jobs", "2"],
    }
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        scratch = Path(folder)
        corpus = scratch / "corpus"
        write_corpus(args.articles, corpus, args.seed)
        seconds: dict[str, list[float]] = {label: [] for label in runs}
        for _ in range(args.repeats):
            for label, options in runs.items():
                seconds[label].append(build_seconds(ROOT, corpus, scratch, options))
    print(f"ingest build, {args.articles:,} generated articles, median of {args.repeats}:")
    medians = {label: statistics.median(times) for label, times in seconds.items()}
    for label, median in medians.items():
        runs_shown = " ".join(f"{time:.1f}" for time in seconds[label])
        print(
            f"  {label:<28} {median:7.1f} s  {args.articles / median:6.1f} articles/s"
            f"  (runs: {runs_shown})"
        )
    pool, cluster = medians.values()
    print(f"  LocalCluster / process pool: {cluster / pool:.2f}x (target: within 1.3x)")


if __name__ == "__main__":
    main()
