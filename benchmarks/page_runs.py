"""A browser page's script runs as its websocket reports them, for the tests and the load test.

Streamlit's page marks a run on ``[data-testid="stApp"]`` (``data-test-script-state``), but
a page busy drawing when the run's messages arrive handles them in one go, and the
attribute goes from ``notRunning`` to ``notRunning``: the run is never seen. The websocket
sees every one: the rerun requests the page sends, the run's start and its
``script_finished``. `PageRuns` counts them from Playwright's frame events (sync or async
API alike), so a caller can wait for "a run that began after my action has ended".
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from st_protocol import enum_value, message_class  # noqa: E402

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EARLY_FOR_RERUN = enum_value("ForwardMsg", "ScriptFinishedStatus", "FINISHED_EARLY_FOR_RERUN")


@dataclass
class PageRuns:
    """What one page's websockets said, in order: every event numbered by arrival."""

    events: int = 0
    rerun_requested_at: int = -1
    finished: int = 0
    """Runs that ended (a run cut short by a newer request is not counted)."""
    finished_at: int = -1
    server_running: bool = False
    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> PageRuns:
        """Listen to every websocket the page opens (call before its first ``goto``)."""
        page.on("websocket", self._socket)
        return self

    def _socket(self, socket) -> None:
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        message = _FORWARD.FromString(payload)
        kind = message.WhichOneof("type")
        self.events += 1
        if kind == "session_status_changed":
            self.server_running = message.session_status_changed.script_is_running
        elif kind == "script_finished" and message.script_finished != EARLY_FOR_RERUN:
            self.finished += 1
            self.finished_at = self.events

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes) and _BACK.FromString(payload).WhichOneof("type") == (
            "rerun_script"
        ):
            self.events += 1
            self.rerun_requested_at = self.events

    def idle(self) -> bool:
        """No run under way and none asked for since the last one ended."""
        return not self.server_running and self.rerun_requested_at < self.finished_at

    def ran_since(self, finished_before: int) -> bool:
        """A run ended since ``finished`` was ``finished_before``, and nothing is pending."""
        return self.finished > finished_before and self.idle()

    def describe(self) -> str:
        return (
            f"{self.finished} run(s) ended; server running: {self.server_running}; "
            f"last rerun request at event {self.rerun_requested_at}, last end at "
            f"{self.finished_at}"
        )


_FORWARD = message_class("ForwardMsg")
_BACK = message_class("BackMsg")
