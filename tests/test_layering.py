"""Dependencies point one way: ingest -> geo, dashboard -> geo; Streamlit only in dashboard/."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize("path", python_files("ingest", "geo", "benchmarks"), ids=str)
def test_no_streamlit_outside_dashboard(path):
    assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("path", python_files("ingest", "geo"), ids=str)
def test_ingest_and_geo_never_import_the_dashboard(path):
    assert "dashboard" not in imported_modules(path)


@pytest.mark.parametrize("path", python_files("geo"), ids=str)
def test_geo_knows_nothing_of_articles(path):
    assert "ingest" not in imported_modules(path)
