"""Results remembered by a digest of their inputs, shared by every session (no Streamlit).

For work that is pure but costly on each rerun (chart specs, the map's deck): the same
inputs give the stored result, so the caller must never modify what it gets back.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import pandas as pd

Result = TypeVar("Result")


class Remembered(Generic[Result]):
    """The most recently used results, at most ``size`` of them, safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[Hashable, Result] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Result]) -> Result:
        """The result stored under ``key``, made (outside the lock) and stored if missing."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = make()
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
