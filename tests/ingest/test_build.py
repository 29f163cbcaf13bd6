"""The dataset build: deterministic, incremental, atomic, idempotent, forgiving of bad files."""

from __future__ import annotations

import filecmp
import hashlib
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


def test_unchanged_articles_are_not_extracted_again(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = build(corpus, out, warn=quiet)
    assert len(first.extracted) == 5 and first.changed

    calls = []
    real = build_module.extract_article
    monkeypatch.setattr(build_module, "extract_article", lambda *a: calls.append(a) or real(*a))
    again = build(corpus, out, warn=quiet)
    assert calls == [] and len(again.reused) == 5 and not again.changed

    (corpus / "005_new.txt").write_text(
        "Operation Northern Light rescued 41 victims in Norway and Sweden.\n", encoding="utf-8"
    )
    third = build(corpus, out, warn=quiet)
    assert third.extracted == ["005_new.txt"] and len(third.reused) == 5


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
