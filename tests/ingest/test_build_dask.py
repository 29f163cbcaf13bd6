"""A build on a Dask cluster writes the same dataset as a one-job build, byte for byte.

The cluster is a real ``LocalCluster`` of two worker processes on this machine, reached
by its tcp address as a remote cluster would be. The corpus is the seed articles plus
articles made by ``benchmarks/make_corpus.py`` from the seeds alone, with a copy, a CRLF
copy and an empty file, so duplicates and a bad file go through the cluster's path too.
A budget of 0.001 s is a real setting no article can meet (as in ``test_budget.py``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import fsspec
import pytest
from distributed import LocalCluster

from ingest.build import build
from ingest.cluster import BATCHES_PER_WORKER, ClusterPool
from ingest.corrections import DEFAULT_CORRECTIONS
from ingest.read import read_article
from ingest.remote import corpus_location

ROOT = Path(__file__).resolve().parents[2]
GENERATED = 24


@pytest.fixture(scope="module")
def scheduler() -> str:
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_dir) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "corpus"
    subprocess.run(
        [sys.executable, "benchmarks/make_corpus.py", str(GENERATED), str(folder), "--seed", "5"]
        + ["--source", str(seed_dir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for seed in sorted(seed_dir.glob("*.txt")):
        shutil.copy(seed, folder / f"seed-{seed.name}")
    (folder / "000002-copy.txt").write_bytes((folder / "000002.txt").read_bytes())
    (folder / "000003-crlf.txt").write_bytes(
        (folder / "000003.txt").read_bytes().replace(b"\n", b"\r\n")
    )
    (folder / "000004-empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def one_job(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("one-job") / "dataset"
    run = cli_build(corpus, out, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    return out, run


def cli_build(corpus, out: Path, *options: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_same_dataset(expected: Path, actual: Path) -> None:
    expected_files, actual_files = tree_bytes(expected), tree_bytes(actual)
    assert sorted(expected_files) == sorted(actual_files)
    differing = [name for name in expected_files if expected_files[name] != actual_files[name]]
    assert not differing, differing


def test_a_cluster_build_is_the_one_job_build_byte_for_byte(corpus, one_job, scheduler, tmp_path):
    expected, one = one_job
    out = tmp_path / "dask"
    run = cli_build(corpus, out, "--scheduler", scheduler, "--batch-size", "3")

    assert run.returncode == 0, run.stderr
    articles = GENERATED + len(list((ROOT / "seeds").glob("*.txt")))
    assert f"{articles} extracted" in one.stderr, one.stderr
    assert "2 duplicate file(s) ignored, 1 file(s) skipped" in one.stderr, one.stderr
    assert run.stderr == one.stderr
    assert_same_dataset(expected, out)


def test_a_file_address_with_batches_sized_by_time_gives_the_same_dataset(
    corpus, one_job, scheduler, tmp_path
):
    out = tmp_path / "dask"
    run = cli_build(corpus.as_uri(), out, "--scheduler", scheduler, "--quiet")

    assert run.returncode == 0, run.stderr
    assert_same_dataset(one_job[0], out)


def test_a_corpus_in_a_store_gives_the_same_dataset_naming_the_store(
    corpus, one_job, scheduler, tmp_path
):
    store = fsspec.filesystem("memory")
    for path in sorted(corpus.iterdir()):
        store.pipe(f"/dask-test-corpus/{path.name}", path.read_bytes())
    try:
        report = build(
            corpus_location("memory://dask-test-corpus"),
            tmp_path / "dask",
            scheduler=scheduler,
            corrections=ROOT / DEFAULT_CORRECTIONS,
            warn=lambda _message: None,
        )
    finally:
        store.rm("/dask-test-corpus", recursive=True)

    assert "000004-empty.txt" in report.skipped
    expected, actual = tree_bytes(one_job[0]), tree_bytes(tmp_path / "dask")
    address = b"memory://dask-test-corpus"
    expected["manifest.json"] = expected["manifest.json"].replace(bytes(corpus), address)
    assert expected == actual


def test_a_local_cluster_of_two_workers_gives_the_same_dataset(seed_dir, tmp_path):
    one = cli_build(seed_dir, tmp_path / "one", "--jobs", "1", "--quiet")
    local = cli_build(seed_dir, tmp_path / "local", "--scheduler", "local", "--jobs", "2")

    assert one.returncode == local.returncode == 0, (one.stderr, local.stderr)
    assert local.stderr.splitlines()[-1].startswith("dataset updated: "), local.stderr
    assert_same_dataset(tmp_path / "one", tmp_path / "local")


def test_articles_over_budget_are_skipped_with_the_pools_lines(corpus, scheduler, tmp_path):
    small = tmp_path / "corpus"
    small.mkdir()
    names = sorted(path.name for path in corpus.glob("[0-9]*.txt") if path.stem.isdigit())
    for name in names[:5]:
        shutil.copy(corpus / name, small)
    outs = {"pool": tmp_path / "pool", "dask": tmp_path / "dask"}
    options = {"pool": ("--jobs", "1"), "dask": ("--scheduler", scheduler)}
    for kind, out in outs.items():
        assert cli_build(small, out, *options[kind], "--quiet").returncode == 0
    late = names[5:7]
    for name in late:
        shutil.copy(corpus / name, small)

    lines = {}
    for kind, out in outs.items():
        run = cli_build(small, out, *options[kind], "--budget", "0.001")
        assert run.returncode == 0, run.stderr
        lines[kind] = run.stderr.splitlines()

    for name in late:
        skipped = [line for line in lines["dask"] if line.startswith(f"skipped {name}:")]
        assert len(skipped) == 1 and "took longer than 0.001 s" in skipped[0], lines
    assert lines["dask"][-1].endswith("0 extracted, 5 unchanged, 2 file(s) skipped"), lines
    assert lines["dask"] == lines["pool"]
    assert_same_dataset(outs["pool"], outs["dask"])


def test_the_cluster_pool_sends_only_a_few_batches_ahead(corpus, scheduler):
    paths = sorted(path for path in corpus.glob("[0-9]*.txt") if path.stem.isdigit())[:20]
    pulled = []

    def articles():
        for path in paths:
            pulled.append(path)
            yield read_article(path)

    with ClusterPool(scheduler, 2, budget=10.0, batch_size=2) as pool:
        results = pool.ahead(articles(), lambda article: (article, {}))
        article, extraction = next(results)
        ahead_at_first = len(pulled)
        records = [extraction.result()] + [later.result() for _, later in results]

    assert ahead_at_first == BATCHES_PER_WORKER * 2 * 2 < len(paths)
    assert len(pulled) == len(records) == len(paths)
    assert [record["source"]["sha256"] for record in records] == [
        read_article(path).sha256 for path in paths
    ]
    assert article.path == paths[0]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_does_not_answer_gives_one_line_and_exit_2(seed_dir, tmp_path):
    address = f"tcp://127.0.0.1:{closed_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    run = cli_build(seed_dir, tmp_path / "out", "--scheduler", address, env=env)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"error: --scheduler {address}: no Dask scheduler answered within 1s; start one"
        " with `dask scheduler` and give its address (tcp://HOST:8786), or use"
        " --scheduler local"
    ], run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--scheduler", "nowhere"),
            "error: --scheduler 'nowhere' is not a scheduler address (missing port number in"
            " address 'nowhere'); give one such as tcp://HOST:8786, or local",
        ),
        (
            ("--batch-size", "4"),
            "error: --batch-size is for a Dask build: give --scheduler too, or drop it",
        ),
        (
            ("--scheduler", "local", "--batch-size", "0"),
            "error: --batch-size 0 is not a number of 1 or more; give one such as 50",
        ),
    ],
)
def test_bad_cluster_options_give_one_line_and_exit_2(seed_dir, tmp_path, options, message):
    run = cli_build(seed_dir, tmp_path / "out", *options)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [message], run.stderr


def test_a_build_without_a_scheduler_does_not_import_dask(seed_dir, tmp_path):
    program = (
        "import sys\n"
        "from ingest.cli import main\n"
        f"main(['build', {str(seed_dir)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=600
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
