"""A build over several jobs writes the same dataset as one job, reading only a few ahead.

The corpus is made by ``benchmarks/make_corpus.py`` from the seed articles alone, so it
is the same wherever the tests run. A budget of 0.001 s is a real setting no article can
meet (as in ``test_budget.py``), so it shows an article over budget without making one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.budget import Extractor
from ingest.pool import IN_FLIGHT_PER_JOB, ExtractionPool
from ingest.read import read_article

ROOT = Path(__file__).resolve().parents[2]
GENERATED = 30


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory, seed_dir) -> Path:
    corpus = tmp_path_factory.mktemp("generated") / "corpus"
    subprocess.run(
        [sys.executable, "benchmarks/make_corpus.py", str(GENERATED), str(corpus), "--seed", "7"]
        + ["--source", str(seed_dir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return corpus


def cli_build(corpus: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_one_job_and_two_write_the_same_dataset_byte_for_byte(generated_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(generated_corpus, corpus)
    first = (corpus / "000003.txt").read_bytes()
    (corpus / "000003-copy.txt").write_bytes(first)
    (corpus / "000004-crlf.txt").write_bytes(
        (corpus / "000004.txt").read_bytes().replace(b"\n", b"\r\n")
    )
    (corpus / "000005-empty.txt").write_bytes(b"")

    one, two = (
        cli_build(corpus, tmp_path / "one", "--jobs", "1"),
        cli_build(corpus, tmp_path / "two", "--jobs", "2"),
    )

    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert f"{GENERATED} extracted" in one.stderr, one.stderr
    assert "2 duplicate file(s) ignored, 1 file(s) skipped" in one.stderr, one.stderr
    assert one.stderr == two.stderr
    one_files, two_files = tree_bytes(tmp_path / "one"), tree_bytes(tmp_path / "two")
    assert sorted(one_files) == sorted(two_files)
    differing = [name for name in one_files if one_files[name] != two_files[name]]
    assert not differing, differing


def test_articles_over_budget_are_skipped_with_a_line_each_the_rest_reused(
    generated_corpus, tmp_path
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(generated_corpus.glob("*.txt"))[:6]:
        shutil.copy(path, corpus)
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        assert cli_build(corpus, out, "--jobs", jobs, "--quiet").returncode == 0
        results[jobs] = (out, [])
    late = sorted(generated_corpus.glob("*.txt"))[6:8]
    for path in late:
        shutil.copy(path, corpus)

    for jobs, (out, _) in results.items():
        run = cli_build(corpus, out, "--jobs", jobs, "--budget", "0.001")
        assert run.returncode == 0, run.stderr
        results[jobs] = (out, run.stderr.splitlines())

    lines = results["2"][1]
    for path in late:
        skipped = [line for line in lines if line.startswith(f"skipped {path.name}:")]
        assert len(skipped) == 1 and "took longer than 0.001 s" in skipped[0], lines
    assert lines[-1].endswith("0 extracted, 6 unchanged, 2 file(s) skipped"), lines
    assert results["1"][1] == lines
    assert tree_bytes(results["1"][0]) == tree_bytes(results["2"][0])


def test_the_pool_reads_only_a_few_articles_ahead(generated_corpus):
    paths = sorted(generated_corpus.glob("*.txt"))
    pulled = []

    def articles():
        for path in paths:
            pulled.append(path)
            yield read_article(path)

    with Extractor() as first, ExtractionPool(2, first) as pool:
        results = pool.ahead(articles(), lambda article: (article, {}))
        article, extraction = next(results)
        ahead_at_first = len(pulled)
        records = [extraction.result()] + [later.result() for _, later in results]

    assert ahead_at_first == 2 * IN_FLIGHT_PER_JOB < len(paths)
    assert len(pulled) == len(records) == len(paths)
    assert [record["source"]["sha256"] for record in records] == [
        read_article(path).sha256 for path in paths
    ]
    assert article.path == paths[0]


def test_jobs_must_be_one_or_more(tmp_path, seed_dir):
    run = cli_build(seed_dir, tmp_path / "out", "--jobs", "0")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: --jobs 0 is not a number of 1 or more; give one such as 2"
    ], run.stderr
    assert not (tmp_path / "out").exists()
