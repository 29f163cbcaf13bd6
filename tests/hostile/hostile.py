"""Build the hostile corpus into a dataset with the real `ingest build` (shared by the tests)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
ONE_MEGABYTE_FILE = "07_one_megabyte_line.txt"
ALERT_WORDS = ("alert(", "onerror", "onload", "javascript:")
HOSTILE_OPERATION = "<svg onload=alert('op')> 'Libertad' {name}"
"""An operation name a person typed into a correction: markup, quotes, a tooltip placeholder."""
RENAMED_FILE, RENAMED_KEY = "01_script_tags.txt", "iso3=PER;role=participant;operation=Hostile One"


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
    """Copy the corpus into ``folder``, add the 1 MiB line, build it; return the dataset.

    Built without the extraction time budget (``--budget 0``): what is tested here is what
    hostile text becomes, on any machine however loaded; tests/ingest/test_budget.py tests
    the budget. Then one country role is corrected, with the real ``ingest correct``, to the
    operation `HOSTILE_OPERATION`, as someone could type it on the Add article page.
    """
    corpus, out = folder / "corpus", folder / "data" / "hostile"
    corrections = folder / "data" / "corrections.csv"
    shutil.copytree(CORPUS, corpus)
    (corpus / ONE_MEGABYTE_FILE).write_text(one_megabyte_line(), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), "--quiet",
         "--corrections", str(corrections), "--budget", "0"],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        article_id = next(row["article_id"] for row in rows if row["file"] == RENAMED_FILE)
    subprocess.run(
        [sys.executable, "-m", "ingest", "correct", article_id, "--table", "country_roles",
         "--key", RENAMED_KEY, "--field", "operation", "--to", HOSTILE_OPERATION,
         "--note", "a hostile name", "--corpus", str(corpus), "--out", str(out),
         "--corrections", str(corrections)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )  # fmt: skip
    return out
