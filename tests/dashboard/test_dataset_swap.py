"""Readers never see a rebuild half done: the dataset swap raced against many reads.

A writer (a thread, or another process as when ``ingest build`` runs beside the
server) keeps swapping the dataset folder between two real builds with
`ingest.build.write_atomically`: the seed corpus, and the seed corpus plus one invented
article. Meanwhile the dashboard's readers read it over and over. Every read must
succeed and be wholly one build or the other, and the stamp is never "missing".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.dataset import TABLE_COLUMNS, Dataset, dataset_stamp, read_dataset
from ingest.atomic import swap_lock, swap_lock_paths
from ingest.build import build, write_atomically

ROOT = Path(__file__).resolve().parents[2]
STRESS_SECONDS = 1.5
INVENTED = """Operation Saltmarsh frees 64 victims in ports on the Gulf of Guinea

Police in Ghana, Togo and Benin rescued 64 victims of human trafficking and arrested 19
suspects during Operation Saltmarsh, which ran from 10 to 16 March 2025, INTERPOL said.

"Every harbour we checked had someone waiting to be found," said Efua Adjei, who led the
operation's coordination cell for INTERPOL.
"""
WRITER_PROCESS = """
import sys, time
from pathlib import Path
from ingest.build import write_atomically

target, seconds = Path(sys.argv[1]), float(sys.argv[2])
trees = [
    {p.relative_to(Path(f)).as_posix(): p.read_bytes() for p in Path(f).rglob("*") if p.is_file()}
    for f in sys.argv[3:]
]
write_atomically(target, trees[0])
print("ready", flush=True)
swaps, deadline = 0, time.monotonic() + seconds
while time.monotonic() < deadline:
    write_atomically(target, trees[swaps % 2 - 1])
    swaps += 1
print(swaps, flush=True)
"""


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def signature(dataset: Dataset) -> tuple:
    """Which build a read came from: its article ids and the row count of every table."""
    return (
        tuple(sorted(dataset.articles["article_id"])),
        tuple(len(getattr(dataset, name)) for name in TABLE_COLUMNS),
    )


@pytest.fixture(scope="module")
def builds(built_dataset, seed_dir, tmp_path_factory) -> list[Path]:
    """Two real builds: the seed corpus, and the seed corpus plus an invented article."""
    place = tmp_path_factory.mktemp("swap")
    corpus = place / "corpus"
    shutil.copytree(seed_dir, corpus)
    (corpus / "invented_saltmarsh.txt").write_text(INVENTED, encoding="utf-8")
    grown = place / "grown"
    shutil.copytree(built_dataset, grown)
    build(corpus, grown, warn=lambda _message: None)
    return [built_dataset, grown]


@pytest.fixture(scope="module")
def expected(builds) -> dict[tuple, dict[str, str]]:
    """Each build's signature, read while nothing swaps, with the texts it must come with."""
    datasets = [read_dataset(folder) for folder in builds]
    signatures = {signature(dataset): dataset.texts for dataset in datasets}
    assert len(signatures) == 2, "the two builds must be told apart by their signatures"
    return signatures


class Race:
    """Reads and stamp polls against a swapping writer; what went wrong, counted."""

    def __init__(self, target: Path, expected: dict[tuple, dict[str, str]]):
        self.target = target
        self.expected = expected
        self.failures: list[str] = []
        self.reads = 0
        self.polls = 0
        self.stop = threading.Event()

    def read_once(self) -> None:
        try:
            dataset = read_dataset(self.target)
        except Exception as error:  # noqa: BLE001 - every failed read is a finding
            self.failures.append(f"read failed: {error}")
            return
        finally:
            self.reads += 1
        found = signature(dataset)
        if found not in self.expected:
            self.failures.append(f"a read mixed two builds: {found}")
        elif dataset.texts != self.expected[found]:
            self.failures.append("a read's texts do not belong to its tables")

    def poll_stamps(self) -> None:
        while not self.stop.is_set():
            if dataset_stamp(self.target) == "missing":
                self.failures.append("stamp missing")
            self.polls += 1
            time.sleep(0)  # let the reader and the writer have the interpreter too

    def summary(self, swaps: int) -> str:
        kinds = sorted({failure.split(":")[0] for failure in self.failures})
        return (
            f"{len(self.failures)} failure(s) ({', '.join(kinds)}) in {self.reads} reads and "
            f"{self.polls} stamp polls during {swaps} swaps; first: {self.failures[:3]}"
        )


def race_thread_writer(target: Path, builds: list[Path], race: Race, pause: float = 0.0) -> int:
    """Swap in this process while reading; return how many swaps were made."""
    trees = [tree_bytes(folder) for folder in builds]
    write_atomically(target, trees[0])
    swaps = [0]

    def swap_until_stopped() -> None:
        while not race.stop.is_set():
            write_atomically(target, trees[swaps[0] % 2 - 1])
            swaps[0] += 1
            time.sleep(pause)

    threads = [
        threading.Thread(target=swap_until_stopped),
        threading.Thread(target=race.poll_stamps),
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + STRESS_SECONDS
    try:
        while time.monotonic() < deadline:
            race.read_once()
    finally:
        race.stop.set()
        for thread in threads:
            thread.join()
    return swaps[0]


def race_process_writer(target: Path, builds: list[Path], race: Race) -> int:
    """Swap in another process (as a command-line build would) while reading here."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER_PROCESS, str(target), str(STRESS_SECONDS), *map(str, builds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    poller = threading.Thread(target=race.poll_stamps)
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        poller.start()
        while writer.poll() is None:
            race.read_once()
    finally:
        race.stop.set()
        if poller.is_alive():
            poller.join()
        out, err = writer.communicate(timeout=30)
    assert writer.returncode == 0, err
    return int(out.split()[-1])


@pytest.mark.parametrize("writer", ["thread", "process"])
def test_every_read_during_rebuilds_is_one_whole_dataset(writer, builds, expected, tmp_path):
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    race = Race(target, expected)
    racer = race_thread_writer if writer == "thread" else race_process_writer
    swaps = racer(target, builds, race)
    assert swaps >= 5 and race.reads >= 5 and race.polls >= 100, race.summary(swaps)
    assert race.failures == [], race.summary(swaps)


def test_where_no_lock_file_can_be_made_reads_are_checked_and_still_whole(
    builds, expected, tmp_path
):
    """A read-only data folder has no swap lock: each read is repeated until it is whole.

    The lock files are links to nowhere, which no one can open or create (a read-only
    folder would do the same, but these tests may run as root, who can write anywhere).
    Builds come a moment apart here, as they do in use: a read only has to outwait one.
    """
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    for lock_file in swap_lock_paths(target):
        lock_file.symlink_to(tmp_path / "nowhere" / lock_file.name)
    with swap_lock(target, exclusive=False) as held:
        assert not held
    race = Race(target, expected)
    swaps = race_thread_writer(target, builds, race, pause=0.2)
    assert swaps >= 5 and race.reads >= 5 and race.polls >= 100, race.summary(swaps)
    assert race.failures == [], race.summary(swaps)
