"""The extractor's whole output for each seed equals its person-checked golden file.

Method: each file in tests/golden/ was produced by
``python -m ingest extract seeds/NAME.txt --format json > tests/golden/NAME.json`` and then
read side by side with the article: every operation and date, every country mention and
its role, every figure with its metric and qualifier, every quote with its speaker was
checked against the text (and against design.md's check figures) before it was committed.
When the extractor changes on purpose, regenerate the file, review the diff the same way,
and commit both together.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_extract_matches_golden(seed):
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "extract", f"seeds/{seed.name}", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads((GOLDEN / f"{seed.stem}.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == expected
