"""The command line: exact exit codes and one-line messages, and help for every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_extract_prints_the_contract(seed_dir):
    result = run("extract", str(seed_dir / "002_828eb64a2373246c.txt"), "--format", "json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert set(facts) == {
        "source",
        "operations",
        "countries",
        "mentions",
        "regions",
        "figures",
        "quotes",
    }
    assert facts["source"]["sha256"] and facts["source"]["file"] == "002_828eb64a2373246c.txt"


def test_extract_reads_the_sidecar_beside_the_file(seed_dir):
    facts = json.loads(run("extract", str(seed_dir / "004_13935e4704e66250.txt")).stdout)
    assert facts["source"]["publisher"] == "JURIST"
    assert facts["source"]["url"].startswith("https://jurist.org/news/2024/11/")


def bad_input(folder: Path, kind: str) -> Path:
    """A real file (or folder) of the given kind of bad input."""
    if kind == "missing":
        return folder / "missing.txt"
    if kind == "directory":
        return folder
    path = folder / f"{kind}.txt"
    path.write_bytes(b"" if kind == "empty" else b"\x00\xff" * 64)
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", "no such file"),
        ("directory", "folder"),
        ("empty", "empty"),
        ("binary", "binary"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, kind, expected):
    result = run("extract", str(bad_input(tmp_path, kind)))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert expected in lines[0].lower()


def test_build_of_a_missing_folder_exits_2(tmp_path):
    result = run("build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a folder" in result.stderr


@pytest.mark.parametrize("command", ["extract", "build"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("python -m ingest extract", "python -m ingest build", "make run", "make test"):
        assert command in readme


def test_console_script_is_the_same_program():
    from ingest import cli

    assert cli.parser().prog == "python -m ingest"
    assert "ingest.cli:main" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
