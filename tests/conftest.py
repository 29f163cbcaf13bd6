"""Shared fixtures: the real seed corpus and a dataset built from it by the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def main_module_put_back():
    """After each test, the ``__main__`` it found.

    Streamlit's ``AppTest`` installs its script as ``__main__`` and leaves it there. A later
    test in the same process that starts workers by spawning (multiprocessing's spawn, a
    Dask ``LocalCluster``) would have them rerun that script, and die on its arguments.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


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
