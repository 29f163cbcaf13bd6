"""Shared fixtures: the real seed corpus and a dataset built from it by the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed file name to its text, as the extractor reads it."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def built_dataset(tmp_path_factory) -> Path:
    """The seed corpus built by ``python -m ingest build`` into a fresh folder."""
    out = tmp_path_factory.mktemp("dataset") / "seed"
    subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(SEEDS), "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    return out
