"""A client of Streamlit's websocket protocol: one dashboard session without a browser.

The load test uses it to put many sessions on the server at the cost of a few protobuf
messages each, where a headless browser per session would spend the machine's cores on
rendering. It does what the page does: it pings ``/_stcore/health`` (which sets the
``_streamlit_xsrf`` cookie), opens ``/_stcore/stream`` with the subprotocols
``["streamlit", <xsrf token>]`` and that cookie, sends a ``BackMsg.rerun_script``
(``ClientState``: query string, widget states, page, browser context, the hashes of the
messages it has cached) and reads ``ForwardMsg``s until ``script_finished``. The
deltas of that run are kept as a `Page`: elements and blocks by delta path.

No Streamlit import (benchmarks/ keep the rule that only dashboard/ imports it): the
message classes are built from the installed Streamlit's own protobuf schema, the
serialized descriptors in its ``proto`` package, read as data. A Streamlit upgrade
that changes the schema changes these classes with it.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

XSRF_COOKIE = "_streamlit_xsrf"
MAX_MESSAGE_BYTES = 64 * 2**20
FINISHED_SUCCESSFULLY = "FINISHED_SUCCESSFULLY"
FINISHED_EARLY_FOR_RERUN = "FINISHED_EARLY_FOR_RERUN"


class ProtocolError(RuntimeError):
    """The server closed the socket or sent something a browser could not use."""


@cache
def _schema() -> descriptor_pool.DescriptorPool:
    """Streamlit's message types, from the descriptors serialized in its ``*_pb2.py`` files."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        raise ProtocolError("Streamlit is not installed in this environment")
    folder = Path(next(iter(spec.submodule_search_locations))) / "proto"
    files = {}
    for path in sorted(folder.glob("*_pb2.py")):
        proto = descriptor_pb2.FileDescriptorProto.FromString(_serialized_descriptor(path))
        files[proto.name] = proto
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()

    def add(name: str) -> None:
        if name in added:
            return
        if name not in files:
            files[name] = _well_known(name)
        for dependency in files[name].dependency:
            add(dependency)
        pool.Add(files[name])
        added.add(name)

    for name in list(files):
        add(name)
    return pool


def _serialized_descriptor(path: Path) -> bytes:
    """The bytes protoc put in ``AddSerializedFile(...)``, found without running the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "AddSerializedFile"
            and node.args
        ):
            return ast.literal_eval(node.args[0])
    raise ProtocolError(f"no serialized descriptor in {path.name}")


def _well_known(name: str) -> descriptor_pb2.FileDescriptorProto:
    """A protobuf well-known type (``google/protobuf/timestamp.proto``) from protobuf itself."""
    module = importlib.import_module(name.removesuffix(".proto").replace("/", ".") + "_pb2")
    proto = descriptor_pb2.FileDescriptorProto()
    module.DESCRIPTOR.CopyToProto(proto)
    return proto


def message_class(name: str) -> type:
    """A message class of Streamlit's protocol by its proto name (``BackMsg``, ``ForwardMsg``)."""
    return message_factory.GetMessageClass(_schema().FindMessageTypeByName(name))


def enum_value(message: str, enum: str, name: str) -> int:
    """The number of a nested enum's value (``Alert.Format.ERROR``)."""
    values = _schema().FindMessageTypeByName(message).enum_types_by_name[enum].values_by_name
    return values[name].number


def enum_name(message: str, enum: str, number: int) -> str:
    """The name of a nested enum's value (``ForwardMsg.ScriptFinishedStatus`` 0)."""
    values = _schema().FindMessageTypeByName(message).enum_types_by_name[enum].values_by_number
    return values[number].name if number in values else str(number)


@dataclass
class Page:
    """What one script run drew: elements and blocks by delta path (``(0, 19, 1, 0)``)."""

    elements: dict[tuple[int, ...], object] = field(default_factory=dict)
    blocks: dict[tuple[int, ...], object] = field(default_factory=dict)
    query_string: str = ""

    def of_type(self, kind: str) -> Iterator[tuple[tuple[int, ...], object]]:
        """``(path, proto)`` of every element of one kind (``"metric"``), in page order."""
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") == kind:
                yield path, getattr(element, kind)

    def widget(self, key: str):
        """The proto of the widget created with ``key=...`` (its id ends ``-<key>``), or None."""
        for element in self.elements.values():
            proto = getattr(element, element.WhichOneof("type") or "", None)
            if getattr(proto, "id", "").endswith(f"-{key}"):
                return proto
        return None

    def metrics(self) -> dict[str, str]:
        """Metric label to the value shown."""
        return {metric.label: metric.body for _path, metric in self.of_type("metric")}

    def keyed_blocks(self, key_prefix: str) -> list[tuple[str, tuple[int, ...]]]:
        """``(key, path)`` of the containers whose key starts with ``key_prefix``, by key."""
        found = []
        for path, block in self.blocks.items():
            key = _user_key(block.id)
            if key.startswith(key_prefix):
                found.append((key, path))
        return sorted(found, key=lambda item: _natural(item[0]))

    def markdown_under(self, path: tuple[int, ...]) -> list[str]:
        """The Markdown bodies drawn inside the block at ``path``, in page order."""
        return [
            markdown.body
            for inner, markdown in self.of_type("markdown")
            if inner[: len(path)] == path
        ]

    def problems(self) -> list[str]:
        """Exceptions and error boxes the page shows: a reader would see something broke."""
        found = [
            f"exception {proto.type}: {proto.message}".strip()
            for _path, proto in self.of_type("exception")
        ]
        error = enum_value("Alert", "Format", "ERROR")
        found += [
            f"error box: {alert.body}" for _path, alert in self.of_type("alert")
            if alert.format == error
        ]  # fmt: skip
        return found


def _user_key(element_id: str) -> str:
    """The ``key=`` of a keyed element: ids are ``$$ID-<hash>-<key>``."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""


def _natural(key: str) -> tuple:
    stem, _, number = key.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (key, -1)


@dataclass
class Run:
    """One script run as the session saw it."""

    page: Page
    milliseconds: float
    status: str
    problems: list[str]


class Session:
    """One browser-less session: opens with a link's query string, then changes widgets.

    Like the page, it sends every widget value it has set on each rerun, follows the
    query string the app writes (``page_info_changed``) and the page hash of
    ``new_session``, and keeps the messages the server marks cacheable, answering
    ``ref_hash`` messages from that cache.
    """

    def __init__(self, base_url: str, label: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"not an http URL: {base_url}")
        self.base_url = base_url.rstrip("/")
        self.stream_url = f"ws://{parts.netloc}/_stcore/stream"
        self.label = label
        self.query_string = ""
        self.widget_values: dict[str, list[str] | str] = {}
        self.page = Page()
        self._page_script_hash = ""
        self._cache: dict[str, object] = {}
        self._socket = None
        self._back = message_class("BackMsg")
        self._forward = message_class("ForwardMsg")

    async def open(self, query_string: str, timeout: float) -> Run:
        """Connect as a browser opening ``/?<query_string>`` and run the script once."""
        cookie = await asyncio.to_thread(self._xsrf_cookie)
        token = cookie.split("=", 1)[1] if cookie else "PLACEHOLDER_AUTH_TOKEN"
        self._socket = await asyncio.wait_for(
            connect(
                self.stream_url,
                subprotocols=["streamlit", token],
                origin=self.base_url,
                additional_headers={"Cookie": cookie} if cookie else None,
                max_size=MAX_MESSAGE_BYTES,
                ping_interval=None,
            ),
            timeout,
        )
        if self._socket.subprotocol != "streamlit":
            raise ProtocolError(f"server chose subprotocol {self._socket.subprotocol!r}")
        self.query_string = query_string
        return await self._run(timeout)

    async def set_widgets(self, values: Mapping[str, Sequence[str] | str], timeout: float) -> Run:
        """Set widgets by their ``key=`` (lists for multiselects, text for inputs); rerun."""
        for key, value in values.items():
            self.widget_values[key] = value if isinstance(value, str) else list(value)
        return await self._run(timeout)

    async def close(self) -> None:
        """Close the socket (the server then ends the session)."""
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    def _xsrf_cookie(self) -> str:
        """``_streamlit_xsrf=<token>`` from the health check the page pings first, or ""."""
        with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=30) as answer:
            headers = answer.headers.get_all("Set-Cookie") or []
        for header in headers:
            morsel = SimpleCookie(header).get(XSRF_COOKIE)
            if morsel is not None:
                return f"{XSRF_COOKIE}={morsel.value}"
        return ""

    def _rerun_message(self) -> bytes:
        message = self._back()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self._page_script_hash
        state.cached_message_hashes.extend(self._cache)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-GB"
        state.context_info.url = f"{self.base_url}/?{self.query_string}".rstrip("?")
        for key, value in self.widget_values.items():
            proto = self.page.widget(key)
            if proto is None:
                raise ProtocolError(f"{self.label}: the page has no widget with key {key!r}")
            widget = state.widget_states.widgets.add()
            widget.id = proto.id
            if isinstance(value, str):
                widget.string_value = value
            else:
                widget.string_array_value.data.extend(value)
        return message.SerializeToString()

    async def _run(self, timeout: float) -> Run:
        """Send a rerun and read until its ``script_finished``; the time in between."""
        if self._socket is None:
            raise ProtocolError(f"{self.label}: not connected")
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        await self._socket.send(self._rerun_message())
        page, problems = Page(query_string=self.query_string), []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {timeout:.0f} s")
            try:
                raw = await asyncio.wait_for(self._socket.recv(), remaining)
            except ConnectionClosed as closed:
                raise ProtocolError(f"server closed the socket ({closed})") from closed
            message = self._resolve(self._forward.FromString(raw))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self._page_script_hash = message.new_session.page_script_hash
                page = Page(query_string=self.query_string)
            elif kind == "delta":
                self._apply(page, message)
            elif kind == "page_info_changed":
                self.query_string = page.query_string = message.page_info_changed.query_string
            elif kind == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                problems.append(f"script compilation: {message.session_event}")
            elif kind == "page_not_found":
                problems.append(f"page not found: {message.page_not_found.page_name}")
            elif kind == "script_finished":
                status = enum_name("ForwardMsg", "ScriptFinishedStatus", message.script_finished)
                if status == FINISHED_EARLY_FOR_RERUN:
                    continue
                self.page = page
                elapsed = (time.perf_counter() - started) * 1000
                return Run(page, elapsed, status, problems + page.problems())

    def _resolve(self, message):
        """The full message for a ``ref_hash`` (from the cache); cache cacheable ones."""
        if message.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                raise ProtocolError(f"ref_hash {message.ref_hash} was never sent in full")
            full = self._forward()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(message.metadata)
            return full
        if message.metadata.cacheable and message.hash:
            self._cache[message.hash] = message
        return message

    @staticmethod
    def _apply(page: Page, message) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            page.elements[path] = delta.new_element
        elif kind == "add_block":
            page.blocks[path] = delta.add_block
