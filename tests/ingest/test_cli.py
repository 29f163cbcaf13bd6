"""The command line: exact exit codes and one-line messages, and help for every command."""

from __future__ import annotations

import csv
import json
import os
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


def test_extract_over_the_budget_is_stopped_with_one_line(seed_dir):
    article = seed_dir / "002_828eb64a2373246c.txt"
    result = run("extract", str(article), "--budget", "0.001")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: 002_828eb64a2373246c.txt: extracting it took longer than 0.001 s, so it was"
        " stopped; split it into paragraphs or give the article's text alone (to allow longer,"
        " use --budget SECONDS or ATLAS_EXTRACT_BUDGET)"
    ]


def test_extract_in_the_worker_prints_what_it_prints_in_process(seed_dir):
    article = str(seed_dir / "004_13935e4704e66250.txt")
    assert run("extract", article).stdout == run("extract", article, "--budget", "0").stdout


def test_extract_of_a_named_pipe_is_one_line_and_does_not_wait(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "extract", str(tmp_path / "pipe.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'pipe.txt'}: is a named pipe (FIFO), not a regular file; give the"
        " article saved as a .txt or .html file."
    ]


def test_correct_list_puts_back_a_dataset_a_build_left_between_its_renames(seed_dir, tmp_path):
    out = tmp_path / "seed"
    built = run("build", str(seed_dir), "--out", str(out), "--quiet")
    assert built.returncode == 0, built.stderr
    with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
        article_id = next(csv.DictReader(handle))["article_id"]
    out.rename(tmp_path / ".seed.old")  # a build killed after the first rename of its swap

    listed = run("correct", article_id, "--list", "--corpus", str(seed_dir), "--out", str(out))

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("articles\t")
    assert (out / "manifest.json").is_file() and not (tmp_path / ".seed.old").exists()
