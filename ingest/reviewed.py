"""The reviewed tables of ``data/curated/``: tab-separated rows under a header row.

Blank lines and lines starting with "#" (each table's own documentation) are skipped.
Each table's loader checks its own cells; this module only finds them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path


def reviewed_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, line, cells) of each row after the header.

    Raises:
        ValueError: the first row is not the header ``columns``, or there is no row at all.
    """
    expected = "\t".join(columns)
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            if line.split("\t") != list(columns):
                raise ValueError(
                    f"{path.name}:{number}: expected the header row {expected!r}, got {line!r}"
                )
            header_seen = True
            continue
        yield number, line, line.split("\t")
    if not header_seen:
        raise ValueError(f"{path.name}: no header row {expected!r}")
