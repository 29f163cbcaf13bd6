"""Results remembered by a digest of their inputs, shared by every session (no Streamlit).

For work that is pure but costly on each rerun (chart specs, the map's deck): the same
inputs give the stored result, so the caller must never modify what it gets back. Text
results can also be kept on disk (`TextsOnDisk`), so a restarted server (``make run``
again) draws the first page without building them anew.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

import pandas as pd

from dashboard.geometry import default_cache_dir

Result = TypeVar("Result")
PACKAGE = Path(__file__).resolve().parent


def code_digest(package: Path = PACKAGE) -> str:
    """Hash of the dashboard's source: results kept on disk are stale once any of it changes."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class TextsOnDisk:
    """Text results in files named by a hash of their key, under the user's cache folder.

    The folder is ``<cache>/<name>-<code digest>``, so a change to the dashboard's code
    starts from nothing. Reading or writing that fails (a read-only home, a full disk)
    only means the result is made again.
    """

    def __init__(self, name: str, folder: Path | None = None) -> None:
        self.name = name
        self._folder = folder
        self._digest: str | None = None

    def folder(self) -> Path:
        """Where the files go (the code digest is read once, on first use)."""
        if self._folder is not None:
            return self._folder
        if self._digest is None:
            self._digest = code_digest()
        return default_cache_dir() / f"{self.name}-{self._digest}"

    def _path(self, key: Hashable) -> Path:
        return self.folder() / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:32]}.json"

    def read(self, key: Hashable) -> str | None:
        """The text stored under ``key``, or None."""
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write(self, key: Hashable, text: str) -> None:
        """Write atomically: a reader in another process never sees half a file."""
        path = self._path(key)
        handle = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as handle:
                handle.write(text)
            os.replace(handle.name, path)
        except OSError:
            if handle is not None:
                Path(handle.name).unlink(missing_ok=True)


class Remembered(Generic[Result]):
    """The most recently used results, at most ``size`` of them, safe across threads.

    With ``disk`` (text results only), a result missing from memory is looked up there
    before it is made, and every result made is written there too.
    """

    def __init__(self, size: int, disk: TextsOnDisk | None = None) -> None:
        self.size = size
        self.disk = disk
        self._results: OrderedDict[Hashable, Result] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Result]) -> Result:
        """The result stored under ``key``, made (outside the lock) and stored if missing."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        stored = self.disk.read(key) if self.disk is not None else None
        if stored is not None:
            result = stored  # type: ignore[assignment]
        else:
            result = make()
            if self.disk is not None:
                self.disk.write(key, result)  # type: ignore[arg-type]
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result

    def __len__(self) -> int:
        return len(self._results)

    def clear(self) -> None:
        """Forget every result (tests start from nothing)."""
        with self._lock:
            self._results.clear()


def fingerprint(value: Any) -> str:
    """A stable digest of inputs made of frames, mappings, sequences and scalars."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _feed(digest, value: Any) -> None:
    if isinstance(value, pd.DataFrame):
        digest.update(b"frame")
        digest.update(value.to_json(orient="split", date_format="iso").encode())
    elif isinstance(value, dict):
        digest.update(b"dict")
        for key in sorted(value, key=str):
            _feed(digest, key)
            _feed(digest, value[key])
    elif isinstance(value, list | tuple):
        digest.update(b"seq")
        for item in value:
            _feed(digest, item)
    else:
        digest.update(repr(value).encode())
        digest.update(b"|")
