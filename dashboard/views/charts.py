"""Put Altair charts on the page quickly: no schema validation, and each spec built once.

Building an Altair chart and turning it into a Vega-Lite spec costs 50-300 ms (deep
copies of the schema objects, and validation in ``to_dict()``, which ``st.altair_chart``
repeats on every rerun). The chart builders are validated once in the tests; here a
spec is built without validation and remembered, as a JSON string, under a fingerprint
of the builder's inputs, so returning to a view costs a ``json.loads``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

MAX_REMEMBERED_SPECS = 256
_specs: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def draw(
    build: Callable[..., alt.TopLevelMixin],
    *inputs: Any,
    width: Literal["stretch", "content"] = "content",
) -> None:
    """Draw ``build(*inputs)`` as a Vega-Lite chart, reusing the spec for identical inputs."""
    st.vega_lite_chart(json.loads(chart_spec_json(build, *inputs)), width=width)


def chart_spec_json(build: Callable[..., alt.TopLevelMixin], *inputs: Any) -> str:
    """The unvalidated Vega-Lite spec of ``build(*inputs)`` as JSON, remembered per inputs."""
    key = f"{build.__module__}.{build.__qualname__}:{fingerprint(inputs)}"
    with _lock:
        if key in _specs:
            _specs.move_to_end(key)
            return _specs[key]
    spec = json.dumps(build(*inputs).to_dict(validate=False), separators=(",", ":"))
    with _lock:
        _specs[key] = spec
        while len(_specs) > MAX_REMEMBERED_SPECS:
            _specs.popitem(last=False)
    return spec


def fingerprint(value: Any) -> str:
    """A stable digest of chart inputs (frames, mappings, sequences, scalars)."""
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
