"""Readers never see a rebuild half done: the dataset swap against reads, step by step.

A writer swaps the dataset folder between two real builds with
`ingest.build.write_atomically`: the seed corpus, and the seed corpus plus one invented
article. Every read must succeed and be wholly one build or the other, and the stamp is
never "missing".

The moments that matter are forced, not hoped for: the writer is held between its two
renames (``between_renames``) or a swap is made while a read is under way
(``before_tables``), with events to order the two sides. A race with a thread or another
process as the writer adds the orderings no one thought of; it runs until enough reads
and swaps have happened, however slow the machine, not for a fixed time.
"""

from __future__ import annotations

import os
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
ENOUGH_READS = ENOUGH_SWAPS = 10
ENOUGH_POLLS = 100
GIVE_UP_SECONDS = 300
"""Only for a hung race: a slow machine makes the race longer, never red."""
WAIT_SECONDS = 60
INVENTED = """Operation Saltmarsh frees 64 victims in ports on the Gulf of Guinea

Police in Ghana, Togo and Benin rescued 64 victims of human trafficking and arrested 19
suspects during Operation Saltmarsh, which ran from 10 to 16 March 2025, INTERPOL said.

"Every harbour we checked had someone waiting to be found," said Efua Adjei, who led the
operation's coordination cell for INTERPOL.
"""
WRITER_PROCESS = """
import sys
from pathlib import Path
from ingest.build import write_atomically

target, stop, least = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
trees = [
    {p.relative_to(Path(f)).as_posix(): p.read_bytes() for p in Path(f).rglob("*") if p.is_file()}
    for f in sys.argv[4:]
]
write_atomically(target, trees[0])
print("ready", flush=True)
swaps = 0
while swaps < least or not stop.exists():
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


@pytest.fixture(scope="module")
def old_and_new(builds, expected) -> tuple[tuple, tuple]:
    """The signatures of the first build (swapped out) and the grown one (swapped in)."""
    return signature(read_dataset(builds[0])), signature(read_dataset(builds[1]))


def assert_whole(dataset: Dataset, expected: dict[tuple, dict[str, str]], build: tuple) -> None:
    found = signature(dataset)
    assert found in expected, f"a read mixed two builds: {found}"
    assert found == build, "the read came from the other build"
    assert dataset.texts == expected[found], "a read's texts do not belong to its tables"


def without_lock_files(target: Path, tmp_path: Path) -> None:
    """Make the swap lock impossible, as in a read-only data folder.

    The lock files are links to nowhere, which no one can open or create (a read-only
    folder would do the same, but these tests may run as root, who can write anywhere).
    """
    for lock_file in swap_lock_paths(target):
        lock_file.symlink_to(tmp_path / "nowhere" / lock_file.name)
    with swap_lock(target, exclusive=False) as held:
        assert not held


class HeldSwap:
    """A swap in a thread of its own, held between its two renames until let go."""

    def __init__(self, target: Path, tree: dict[str, bytes]):
        self.in_the_gap = threading.Event()
        self.let_go = threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._swap, args=(target, tree))

    def _hold(self) -> None:
        self.in_the_gap.set()
        if not self.let_go.wait(WAIT_SECONDS):
            raise TimeoutError(f"the test did not let the swap go on within {WAIT_SECONDS} s")

    def _swap(self, target: Path, tree: dict[str, bytes]) -> None:
        try:
            write_atomically(target, tree, between_renames=self._hold)
        except BaseException as error:  # noqa: BLE001 - reported by finish()
            self.errors.append(error)
            self.in_the_gap.set()

    def start_and_wait_in_the_gap(self) -> None:
        self.thread.start()
        assert self.in_the_gap.wait(WAIT_SECONDS), "the swap never reached its second rename"
        assert not self.errors, self.errors

    def finish(self) -> None:
        self.let_go.set()
        self.thread.join(WAIT_SECONDS)
        assert not self.thread.is_alive(), "the swap did not finish"
        assert not self.errors, self.errors


def waiting_for_a_lock(lock_files: tuple[Path, ...]) -> bool:
    """Whether some process waits for a flock on one of these files (Linux /proc/locks)."""
    inodes = {str(os.stat(path).st_ino) for path in lock_files if path.exists()}
    with open("/proc/locks", encoding="ascii") as table:
        return any(" -> " in line and line.split()[-3].split(":")[-1] in inodes for line in table)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_SECONDS} s for {what}"
        time.sleep(0.01)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_read_that_comes_between_the_two_renames_waits_and_gets_the_new_build(
    builds, expected, old_and_new, tmp_path
):
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    write_atomically(target, tree_bytes(builds[0]))
    swap = HeldSwap(target, tree_bytes(builds[1]))
    swap.start_and_wait_in_the_gap()
    assert not target.exists(), "held between the renames, the folder is away"

    read: list[Dataset] = []
    reader = threading.Thread(target=lambda: read.append(read_dataset(target)))
    reader.start()
    wait_for(lambda: waiting_for_a_lock(swap_lock_paths(target)), "the reader to wait")
    assert not read, "the reader did not wait for the swap"
    swap.finish()
    reader.join(WAIT_SECONDS)

    assert len(read) == 1, "the reader did not come back"
    assert_whole(read[0], expected, old_and_new[1])


def test_without_a_lock_a_read_between_the_two_renames_gets_the_old_build_whole(
    builds, expected, old_and_new, tmp_path
):
    """A read-only data folder has no swap lock: the reader finds the folder away and
    reads the previous build where the swap put it, whole."""
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    without_lock_files(target, tmp_path)
    write_atomically(target, tree_bytes(builds[0]))
    swap = HeldSwap(target, tree_bytes(builds[1]))
    swap.start_and_wait_in_the_gap()
    try:
        in_the_gap = read_dataset(target)
        stamp_in_the_gap = dataset_stamp(target)
    finally:
        swap.finish()

    assert_whole(in_the_gap, expected, old_and_new[0])
    assert stamp_in_the_gap != "missing"
    assert_whole(read_dataset(target), expected, old_and_new[1])


def test_without_a_lock_a_swap_during_a_read_is_noticed_and_the_read_made_again(
    builds, expected, old_and_new, tmp_path
):
    """The manifest is read, then a whole swap happens before the tables are: the reader
    sees the manifest changed under it, reads again, and returns the new build whole."""
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    without_lock_files(target, tmp_path)
    write_atomically(target, tree_bytes(builds[0]))
    new_tree = tree_bytes(builds[1])
    attempts: list[Path] = []

    def swap_on_the_first_attempt(folder: Path) -> None:
        attempts.append(folder)
        if len(attempts) == 1:
            write_atomically(target, new_tree)

    dataset = read_dataset(target, before_tables=swap_on_the_first_attempt)

    assert attempts == [target, target], "the reader did not read again after the swap"
    assert_whole(dataset, expected, old_and_new[1])


def test_without_a_lock_a_swap_that_stops_half_way_during_a_read_leaves_the_old_build(
    builds, expected, old_and_new, tmp_path
):
    """The folder goes away between the manifest and the tables and does not come back
    while the reader tries again: it reads the previous build beside the folder."""
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    without_lock_files(target, tmp_path)
    write_atomically(target, tree_bytes(builds[0]))
    swap = HeldSwap(target, tree_bytes(builds[1]))
    attempts: list[Path] = []

    def start_a_swap_on_the_first_attempt(folder: Path) -> None:
        attempts.append(folder)
        if len(attempts) == 1:
            swap.start_and_wait_in_the_gap()

    try:
        dataset = read_dataset(target, before_tables=start_a_swap_on_the_first_attempt)
    finally:
        swap.finish()

    assert attempts[0] == target and attempts[-1] != target, "the backup was not read"
    assert_whole(dataset, expected, old_and_new[0])
    assert_whole(read_dataset(target), expected, old_and_new[1])


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

    def has_read_enough(self) -> bool:
        return self.reads >= ENOUGH_READS and self.polls >= ENOUGH_POLLS

    def summary(self, swaps: int) -> str:
        kinds = sorted({failure.split(":")[0] for failure in self.failures})
        return (
            f"{len(self.failures)} failure(s) ({', '.join(kinds)}) in {self.reads} reads and "
            f"{self.polls} stamp polls during {swaps} swaps; first: {self.failures[:3]}"
        )


def race_thread_writer(target: Path, builds: list[Path], race: Race) -> int:
    """Swap in this process while reading, until both sides did enough; the swaps made."""
    trees = [tree_bytes(folder) for folder in builds]
    write_atomically(target, trees[0])
    swaps = [0]

    def swap_until_stopped() -> None:
        while not race.stop.is_set() or swaps[0] < ENOUGH_SWAPS:
            write_atomically(target, trees[swaps[0] % 2 - 1])
            swaps[0] += 1

    threads = [
        threading.Thread(target=swap_until_stopped),
        threading.Thread(target=race.poll_stamps),
    ]
    for thread in threads:
        thread.start()
    give_up = time.monotonic() + GIVE_UP_SECONDS
    try:
        while not (race.has_read_enough() and swaps[0] >= ENOUGH_SWAPS):
            assert time.monotonic() < give_up, race.summary(swaps[0])
            race.read_once()
    finally:
        race.stop.set()
        for thread in threads:
            thread.join()
    return swaps[0]


def race_process_writer(target: Path, builds: list[Path], race: Race, stop: Path) -> int:
    """Swap in another process (as a command-line build would) while reading here.

    The writer makes at least ``ENOUGH_SWAPS`` swaps and goes on until the reader, having
    read enough, leaves the ``stop`` file; it then says how many swaps it made.
    """
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER_PROCESS, str(target), str(stop), str(ENOUGH_SWAPS)]
        + [str(folder) for folder in builds],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    poller = threading.Thread(target=race.poll_stamps)
    give_up = time.monotonic() + GIVE_UP_SECONDS
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        poller.start()
        while writer.poll() is None:
            assert time.monotonic() < give_up, race.summary(-1)
            race.read_once()
            if race.has_read_enough():
                stop.touch()
    finally:
        stop.touch()
        race.stop.set()
        if poller.is_alive():
            poller.join()
        out, err = writer.communicate(timeout=GIVE_UP_SECONDS)
    assert writer.returncode == 0, err
    return int(out.split()[-1])


@pytest.mark.parametrize("writer", ["thread", "process"])
def test_every_read_during_rebuilds_is_one_whole_dataset(writer, builds, expected, tmp_path):
    target = tmp_path / "data" / "seed"
    target.parent.mkdir()
    race = Race(target, expected)
    if writer == "thread":
        swaps = race_thread_writer(target, builds, race)
    else:
        swaps = race_process_writer(target, builds, race, tmp_path / "stop")
    assert swaps >= ENOUGH_SWAPS and race.reads >= ENOUGH_READS, race.summary(swaps)
    assert race.failures == [], race.summary(swaps)
