"""The dataset build: deterministic, incremental, atomic, idempotent, forgiving of bad files."""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ingest import build as build_module
from ingest.build import build
from ingest.tables import ALL_TABLES

ROOT = Path(__file__).resolve().parents[2]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture()
def corpus(tmp_path, seed_dir) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(seed_dir, target)
    return target


def quiet(_message: str) -> None:
    return None


def test_committed_dataset_is_what_the_build_makes(built_dataset):
    """data/seed must be rebuilt and committed whenever the extractor or the seeds change."""
    committed = ROOT / "data" / "seed"
    assert tree_bytes(built_dataset) == tree_bytes(committed), (
        "data/seed is stale: run `python -m ingest build seeds --out data/seed` and commit it"
    )


def test_every_table_has_its_declared_columns_and_a_unique_key(built_dataset):
    for table in ALL_TABLES:
        frame = pd.read_csv(built_dataset / f"{table.name}.csv", dtype=table.dtypes)
        assert list(frame.columns) == table.column_names
        assert not frame.duplicated(list(table.primary_key)).any(), table.name


def test_every_fact_span_points_at_its_surface(built_dataset):
    for name in ("mentions", "country_roles", "regions", "figures", "operations"):
        frame = pd.read_csv(built_dataset / f"{name}.csv", dtype=str, keep_default_na=False)
        for row in frame.itertuples():
            text = (built_dataset / "texts" / f"{row.article_id}.txt").read_text(encoding="utf-8")
            assert text[int(row.span_start) : int(row.span_end)] == row.surface, (name, row)


def test_build_is_deterministic(corpus, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(corpus, first, warn=quiet)
    build(corpus, second, warn=quiet)
    assert tree_bytes(first) == tree_bytes(second)


def test_unchanged_articles_are_not_extracted_again(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out, warn=quiet)
    assert len(first.extracted) == 5 and first.changed

    again = build(corpus, out, warn=quiet)
    assert again.extracted == [] and len(again.reused) == 5 and not again.changed

    (corpus / "005_new.txt").write_text(
        "Operation Northern Light rescued 41 victims in Norway and Sweden.\n", encoding="utf-8"
    )
    third = build(corpus, out, warn=quiet)
    assert third.extracted == ["005_new.txt"] and len(third.reused) == 5


def test_an_added_article_writes_only_its_own_files_and_the_tables(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, warn=quiet)
    kept = {name: (out / name).stat().st_ino for name in tree_bytes(out) if "/" in name}
    (corpus / "005_new.txt").write_text(
        "Operation Northern Light rescued 41 victims in Norway and Sweden.\n", encoding="utf-8"
    )
    build(corpus, out, warn=quiet)
    assert {name: (out / name).stat().st_ino for name in kept} == kept
    from_scratch = tmp_path / "scratch"
    build(corpus, from_scratch, warn=quiet)
    assert tree_bytes(out) == tree_bytes(from_scratch)


def test_the_same_article_twice_adds_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, warn=quiet)
    before = tree_bytes(out)
    shutil.copy(corpus / "002_828eb64a2373246c.txt", corpus / "002_copy.txt")
    report = build(corpus, out, warn=quiet)
    digest = hashlib.sha256((corpus / "002_copy.txt").read_bytes()).hexdigest()
    assert report.duplicates == {"002_copy.txt": digest[:16]}
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 5
    assert {k: v for k, v in tree_bytes(out).items() if k != "manifest.json"} == {
        k: v for k, v in before.items() if k != "manifest.json"
    }


def test_the_same_text_in_another_encoding_or_with_crlf_is_a_duplicate(tmp_path):
    text = "Policía de Panamá freed 23 people in Colón, officials said on Friday.\n\nMore soon.\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_utf8.txt").write_bytes(text.encode("utf-8"))
    (corpus / "b_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (corpus / "c_latin1.txt").write_bytes(text.encode("latin-1"))
    report = build(corpus, tmp_path / "out", warn=quiet)
    first = hashlib.sha256((corpus / "a_utf8.txt").read_bytes()).hexdigest()[:16]
    assert report.duplicates == {"b_bom_crlf.txt": first, "c_latin1.txt": first}
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 1


def test_bad_files_are_skipped_with_a_reason_and_the_rest_is_built(corpus, tmp_path):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n")
    messages: list[str] = []
    report = build(corpus, tmp_path / "out", warn=messages.append)
    assert set(report.skipped) == {"empty.txt", "binary.txt", "photo.png"}
    assert len(messages) == 3 and all(m.startswith("skipped ") for m in messages)
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 5


def test_a_crash_mid_write_leaves_the_old_dataset_whole(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(corpus, out, warn=quiet)
    before = tree_bytes(out)
    (corpus / "005_new.txt").write_text(
        "Operation Sea Wall freed 12 victims in Chile.\n", encoding="utf-8"
    )

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(build_module.os, "replace", crash)
    with pytest.raises(OSError):
        build(corpus, out, warn=quiet)
    assert tree_bytes(out) == before


def test_a_crash_between_the_renames_is_recovered(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, warn=quiet)
    before = tree_bytes(out)
    backup = out.with_name(f".{out.name}.old")
    out.rename(backup)
    build_module.recover_interrupted_swap(out)
    assert tree_bytes(out) == before and not backup.exists()


def test_cli_build_reports_and_writes(corpus, tmp_path):
    out = tmp_path / "cli"
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dataset updated: 5 articles, 5 extracted, 0 unchanged" in result.stderr
    assert filecmp.cmp(out / "articles.csv", ROOT / "data" / "seed" / "articles.csv", shallow=False)


def cli_build(corpus: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """``ingest build`` in its own process, stopped (and failing) if it ever hangs."""
    return subprocess.run(
        [sys.executable, "-m", "ingest", "build", str(corpus), "--out", str(out), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_named_pipe_in_the_corpus_is_skipped_and_the_build_finishes(corpus, tmp_path):
    os.mkfifo(corpus / "pipe.txt")
    result = cli_build(corpus, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "skipped pipe.txt: a named pipe (FIFO), not a regular file; only article files are read"
        in result.stderr.splitlines()
    )
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 5


def test_links_out_of_the_corpus_and_to_devices_are_skipped_and_named(corpus, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Operation Far Away freed 9 victims in Peru.\n", encoding="utf-8")
    (corpus / "outside.txt").symlink_to(outside)
    (corpus / "device.txt").symlink_to(os.devnull)
    (corpus / "inside.txt").symlink_to(corpus / "002_828eb64a2373246c.txt")
    messages: list[str] = []
    report = build(corpus, tmp_path / "out", warn=messages.append)
    assert report.skipped == {
        "outside.txt": f"a symbolic link to {outside}, outside the corpus; copy the article"
        " into the corpus folder instead",
        "device.txt": f"a symbolic link to a character device ({os.devnull}), not a regular"
        " file; only article files are read",
    }
    linked = (corpus / "002_828eb64a2373246c.txt").read_bytes()
    assert report.duplicates == {"inside.txt": hashlib.sha256(linked).hexdigest()[:16]}
    assert len(messages) == 2


def test_an_article_over_the_budget_is_skipped_with_one_line_and_the_rest_is_built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "002_828eb64a2373246c.txt", corpus)
    result = cli_build(corpus, tmp_path / "out", "--budget", "0.001")
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert line.startswith(
        "skipped 002_828eb64a2373246c.txt: 002_828eb64a2373246c.txt: extracting it took longer"
        " than 0.001 s, so it was stopped;"
    )
    assert "0 articles, 0 extracted, 0 unchanged, 1 file(s) skipped" in result.stderr
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 0


def test_a_budget_that_is_not_a_number_of_seconds_is_one_line(corpus, tmp_path):
    result = cli_build(corpus, tmp_path / "out", "--budget", "-1")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: the extraction budget -1.0 is not 0 or more seconds; give one such as 10"
    ]


def bad_sidecar(path: Path, kind: str) -> None:
    """Write a sources.csv of one broken kind."""
    header = b"file,title,publisher,published,url\n"
    if kind == "latin1":
        path.write_bytes(
            header + "002_828eb64a2373246c.txt,,Agência São Paulo,,\n".encode("latin-1")
        )
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    elif kind == "huge_field":
        path.write_bytes(header + b'x.txt,"' + b"a" * (200 * 1024) + b'",,,\n')
    elif kind == "pipe":
        os.mkfifo(path)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("latin1", "sources.csv: is not UTF-8 text (the first other byte is at 63, line 2)"),
        ("binary", "sources.csv: contains NUL bytes, so it is not a CSV text file"),
        ("huge_field", "sources.csv: line 2 cannot be read as CSV (field larger than field limit"),
        ("pipe", "sources.csv: is a named pipe (FIFO), not a regular file"),
    ],
)
def test_a_broken_sources_csv_is_one_line_exit_2_and_the_dataset_stays(
    corpus, tmp_path, kind, expected
):
    out = tmp_path / "out"
    build(corpus, out, warn=quiet)
    before = tree_bytes(out)
    (corpus / "sources.csv").unlink()
    bad_sidecar(corpus / "sources.csv", kind)
    result = cli_build(corpus, out)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and expected in line, line
    assert tree_bytes(out) == before


def test_a_sources_csv_saved_with_a_bom_is_read(corpus, tmp_path):
    sidecar = corpus / "sources.csv"
    sidecar.write_bytes(b"\xef\xbb\xbf" + sidecar.read_bytes())
    build(corpus, tmp_path / "out", warn=quiet)
    publishers = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str)["publisher"]
    assert "JURIST" in set(publishers)


def test_bad_bytes_in_a_corpus_article_are_reported_in_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "“Café owners in Bogotá helped,” police said of Operation Gold Coast in Peru.\n"
    (corpus / "a.txt").write_bytes(text.encode() + b"\xc3\x28 more.\n")
    messages: list[str] = []
    build(corpus, tmp_path / "out", warn=messages.append)
    assert messages == [
        f"{corpus / 'a.txt'}: 1 byte sequence is not valid UTF-8, the first at byte"
        f" {len(text.encode()):,} (line 2); each is shown as \ufffd. Re-save the file as"
        " UTF-8 if a character is missing."
    ]
