"""Bound what uploads hold in the server's memory: a cap per session, nothing after it ends.

Streamlit keeps every uploaded file in memory (its ``MemoryUploadedFileManager``) until
the session is shut down, and a session whose browser went away is only dropped from
its reconnect cache, never shut down: its files stay until the server stops. Streamlit
has no setting for either (``server.maxUploadSize`` bounds one file). `guard_uploads`
wraps the running server's upload store once, so that

- a session holds at most twice ``server.maxUploadSize`` (the newest upload and the one
  it replaces while the browser swaps them): a new upload first pushes out that
  session's oldest ones (the page only ever reads the newest), and
- the files of a session that is no longer connected are released within
  `SWEEP_SECONDS`, and the freed memory handed back to the system where the C library
  allows it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time

SWEEP_SECONDS = 30.0

_guarded_lock = threading.Lock()
_guarded: set[int] = set()


def guard_uploads() -> bool:
    """Cap and sweep the running server's upload store (once); False with no server."""
    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    if not Runtime.exists():
        return False
    runtime = Runtime.instance()
    store = runtime.uploaded_file_mgr
    if not isinstance(store, MemoryUploadedFileManager):
        return False
    with _guarded_lock:
        if id(store) in _guarded:
            return True
        _guarded.add(id(store))
        _cap_each_session(store, 2 * config.get_option("server.maxUploadSize") * 1024 * 1024)
        threading.Thread(
            target=_sweep_forever, args=(store, runtime), name="upload-sweeper", daemon=True
        ).start()
    return True


def _cap_each_session(store, limit: int) -> None:
    add_file = store.add_file

    def add_within_the_cap(session_id: str, file) -> None:
        make_room(store, session_id, len(file.data), limit)
        add_file(session_id, file)

    store.add_file = add_within_the_cap


def make_room(store, session_id: str, incoming: int, limit: int) -> None:
    """Drop a session's oldest uploads until ``incoming`` more bytes fit under ``limit``."""
    held = list(store.file_storage.get(session_id, {}).values())
    total = sum(len(upload.data) for upload in held)
    for upload in held:
        if total + incoming <= limit:
            break
        store.remove_file(session_id, upload.file_id)
        total -= len(upload.data)


def release_ended_sessions(store, is_connected) -> int:
    """Drop the uploads of every session ``is_connected`` denies; how many sessions."""
    ended = [session_id for session_id in list(store.file_storage) if not is_connected(session_id)]
    for session_id in ended:
        store.remove_session_files(session_id)
    if ended:
        _give_memory_back()
    return len(ended)


def _sweep_forever(store, runtime) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        release_ended_sessions(store, runtime.is_active_session)


def _give_memory_back() -> None:
    """Hand freed large blocks back to the system (glibc keeps them for reuse otherwise)."""
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass
