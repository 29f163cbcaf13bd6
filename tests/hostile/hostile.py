"""Build the hostile corpus into a dataset with the real `ingest build` (shared by the tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
ONE_MEGABYTE_FILE = "07_one_megabyte_line.txt"
ALERT_WORDS = ("alert(", "onerror", "onload", "javascript:")


def one_megabyte_line() -> str:
    """1 MiB of text on one line: a fact-bearing opening, then payloads without digits."""
    head = "Operation Hostile Four rescued 12 victims in Peru, police said. "
    filler = (
        "<b>trafficking</b> \u200bzero\u200bwidth \u202eevil\u202c"
        " javascript:alert(document.domain) "
    )
    size = 1024 * 1024
    return (head + filler * (size // len(filler) + 1))[:size]


def build_hostile_dataset(folder: Path) -> Path:
    """Copy the corpus into ``folder``, add the 1 MiB line, build it; return the dataset."""
    corpus, out = folder / "corpus", folder / "data" / "hostile"
    shutil.copytree(CORPUS, corpus)
    (corpus / ONE_MEGABYTE_FILE).write_text(one_megabyte_line(), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet",
         "--corrections", str(folder / "data" / "corrections.csv")],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    return out
