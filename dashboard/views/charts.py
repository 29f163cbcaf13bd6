"""Put Altair charts on the page quickly: no schema validation, and each spec built once.

Building an Altair chart and turning it into a Vega-Lite spec costs 50-300 ms (deep
copies of the schema objects, and validation in ``to_dict()``, which ``st.altair_chart``
repeats on every rerun). The chart builders are validated once in the tests; here a
spec is built without validation and remembered, as a JSON string, under a fingerprint
of the builder's inputs, so returning to a view costs a ``json.loads``. The specs are
kept on disk too (`dashboard.memo.TextsOnDisk`): a restarted server's first page, the
one ``make run`` opens, reads them instead of building them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import altair as alt
import streamlit as st

from dashboard.memo import Remembered, TextsOnDisk, fingerprint

MAX_REMEMBERED_SPECS = 256
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
"""A stack of charts (``vconcat``) fits the column's width, axes and labels included.

Streamlit gives a stack of layered charts ``pad`` sizing, which sets the plots to the
column's width and draws the axes and labels past it; a chart that sets its own
``autosize`` keeps it."""
specs: Remembered[str] = Remembered(MAX_REMEMBERED_SPECS, TextsOnDisk("chart-specs"))


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
    return specs.get(
        key,
        lambda: json.dumps(build(*inputs).to_dict(validate=False), separators=(",", ":")),
    )
