"""Replace files and folders in one step, so a crash or a reader never meets half of a write.

`replace_file` swaps one file in by renaming. A dataset folder is swapped in by two
renames (``ingest.build.write_atomically``); `swap_lock` keeps readers out of the moment
between them, across threads and processes alike (POSIX ``flock`` on files beside the
folder, taken on a fresh descriptor each time), and `restore_interrupted_swap` lets any
reader undo a swap killed between them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no swap lock; readers check consistency themselves
    fcntl = None


def replace_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename: never half-written."""
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def swap_backup(folder: Path) -> Path:
    """Where a swap keeps the previous folder between its two renames."""
    folder = Path(folder)
    return folder.with_name(f".{folder.name}.old")


def restore_interrupted_swap(folder: Path) -> bool:
    """Put the previous folder back if a swap died between its two renames; say if it did.

    A swap renames the folder to its backup, then the new one into place, both under the
    exclusive swap lock. So a missing folder beside a backup, seen while holding that
    lock, can only be a swap that was killed half-way: any reader may repair it. Where
    the lock cannot be held nothing is renamed (a swap may be under way).
    """
    folder, backup = Path(folder), swap_backup(folder)
    if folder.exists() or not backup.is_dir():
        return False
    with swap_lock(folder, exclusive=True) as locked:
        if not locked or folder.exists() or not backup.is_dir():
            return False
        try:
            os.replace(backup, folder)
        except OSError:
            return False
    return True


def swap_lock_paths(folder: Path) -> tuple[Path, Path]:
    """The swap lock of a folder and the gate in front of it, as files beside the folder."""
    folder = Path(folder).resolve()
    return (
        folder.with_name(f".{folder.name}.swap.lock"),
        folder.with_name(f".{folder.name}.swap-gate.lock"),
    )


@contextmanager
def swap_lock(folder: Path, *, exclusive: bool) -> Iterator[bool]:
    """Hold the swap lock of ``folder``: exclusively to swap it, shared to read it.

    A swapper first closes the gate, where new readers wait, then waits for the reads
    already under way: a steady stream of readers cannot keep a swap waiting.

    Yields whether the lock is held. It is not when the lock files can neither be created
    nor opened (a read-only data folder where no build ever ran) or the system has no
    ``flock``; a reader must then check by itself that the folder did not change under it.
    """
    with ExitStack() as opened:
        yield _take(opened, *swap_lock_paths(folder), exclusive=exclusive)


def _take(opened: ExitStack, lock_path: Path, gate_path: Path, *, exclusive: bool) -> bool:
    lock, gate = _open_lock_file(opened, lock_path), _open_lock_file(opened, gate_path)
    if lock is None or gate is None:
        return False
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(gate, mode)
        fcntl.flock(lock, mode)
        if not exclusive:
            fcntl.flock(gate, fcntl.LOCK_UN)
    except OSError:
        return False
    return True


def _open_lock_file(opened: ExitStack, path: Path) -> int | None:
    """A new descriptor on the lock file (a lock belongs to it; closing it lets go)."""
    if fcntl is None:
        return None
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            descriptor = os.open(path, flags, 0o666)
        except OSError:
            continue
        opened.callback(os.close, descriptor)
        return descriptor
    return None
