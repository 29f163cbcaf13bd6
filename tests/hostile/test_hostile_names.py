r"""File names that attack a terminal, through the real command line.

A name with a newline splits a one-line message in two; an escape sequence (``\x1b[2J``)
clears the screen or recolours it; a right-to-left override reverses what follows; a
name starting with ``-`` is read as an option. Each is printed quoted, ``repr``-style,
and the last gets a hint to use ``--``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.shown import dash_hint, for_terminal, shown_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "002_828eb64a2373246c.txt"
NEWLINE_NAME = "bad\nname.txt"
ESCAPE_NAME = "clear\x1b[2Jscreen.txt"
REVERSED_NAME = "invoice\u202etxt.exe"
RAW = ("\x1b", "\u202e")


def ingest(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "ingest", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=300,
    )


@pytest.mark.parametrize("name", [NEWLINE_NAME, ESCAPE_NAME, REVERSED_NAME])
def test_a_hostile_name_is_printed_quoted_on_one_line(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    done = ingest("extract", name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and not [c for c in RAW if c in done.stderr], done.stderr
    assert done.stderr.startswith(f"error: {name!r}: is empty"), done.stderr


def test_a_missing_file_with_an_escape_in_its_name_is_quoted(tmp_path):
    done = ingest("add", ESCAPE_NAME, "--corpus", "corpus", "--out", "data", cwd=tmp_path)
    assert done.returncode == 2
    assert f"{ESCAPE_NAME!r}: no such file" in done.stderr
    assert "\x1b" not in done.stderr


def test_build_warnings_never_reach_the_terminal_raw(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / f"{ESCAPE_NAME}").write_bytes(b"")
    done = ingest("build", "corpus", "--out", "data", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "screen.txt" in done.stderr and "\x1b" not in done.stderr, done.stderr


def test_a_file_named_like_an_option_gets_a_hint_to_use_double_dash(tmp_path):
    shutil.copy(SEED, tmp_path / "-rf.txt")
    refused = ingest("extract", "-rf.txt", cwd=tmp_path)
    assert refused.returncode == 2
    assert "hint: '-rf.txt' is a file whose name starts with '-'" in refused.stderr
    assert "python -m ingest extract [options] -- -rf.txt" in refused.stderr
    read = ingest("extract", "--", "-rf.txt", cwd=tmp_path)
    assert read.returncode == 0 and '"operations"' in read.stdout, read.stderr


def test_an_unknown_option_that_is_no_file_gets_no_hint(tmp_path):
    done = ingest("extract", "--no-such-option", cwd=tmp_path)
    assert done.returncode == 2 and "hint:" not in done.stderr


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("seeds/a.txt", "seeds/a.txt"),
        ("café ‘quoted’.txt", "café ‘quoted’.txt"),
        (NEWLINE_NAME, "'bad\\nname.txt'"),
        (Path(ESCAPE_NAME), "'clear\\x1b[2Jscreen.txt'"),
        (REVERSED_NAME, "'invoice\\u202etxt.exe'"),
        (os.fsdecode(b"bad\xffbyte.txt"), "'bad\\udcffbyte.txt'"),
    ],
)
def test_shown_path(name, shown):
    assert shown_path(name) == shown


def test_for_terminal_escapes_what_a_terminal_would_act_on():
    assert for_terminal("skipped a\x1b[2Jb.txt: empty") == "skipped a\\x1b[2Jb.txt: empty"
    assert for_terminal("plain message") == "plain message"


def test_dash_hint_only_for_arguments_that_are_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-x.txt").write_text("text", encoding="utf-8")
    assert dash_hint(["add", "-x.txt", "--quiet"]).endswith("-- -x.txt")
    assert dash_hint(["add", "--quiet", "-"]) is None
