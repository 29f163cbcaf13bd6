"""The upload store's bounds, on Streamlit's own in-memory upload manager and file records."""

from __future__ import annotations

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from dashboard.upload_store import make_room, release_ended_sessions

MB = 1024 * 1024


def upload(store, session: str, name: str, megabytes: int) -> None:
    record = UploadedFileRec(file_id=name, name=name, type="text/plain", data=b"x" * megabytes * MB)
    make_room(store, session, len(record.data), limit=20 * MB)
    store.add_file(session, record)


def held(store, session: str) -> list[str]:
    return list(store.file_storage.get(session, {}))


def test_a_session_over_its_share_loses_its_oldest_uploads_first():
    store = MemoryUploadedFileManager("/upload")
    for index in range(40):
        upload(store, "greedy", f"u{index:02}", 9)
    upload(store, "modest", "article", 9)
    assert held(store, "greedy") == ["u38", "u39"]
    assert held(store, "modest") == ["article"]
    assert sum(len(r.data) for s in store.file_storage.values() for r in s.values()) == 27 * MB


def test_the_uploads_of_a_session_that_ended_are_released():
    store = MemoryUploadedFileManager("/upload")
    upload(store, "gone", "a", 9)
    upload(store, "here", "b", 9)
    assert release_ended_sessions(store, lambda session: session == "here") == 1
    assert held(store, "gone") == [] and held(store, "here") == ["b"]
    assert release_ended_sessions(store, lambda session: session == "here") == 0
