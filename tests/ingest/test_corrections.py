"""Human corrections: a reviewable file, applied and flagged by every build, checked on entry."""

from __future__ import annotations

import csv
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ingest.build import build
from ingest.corrections import (
    COLUMNS,
    append_correction,
    apply_corrections,
    correction_for,
    dataset_rows,
    make_correction,
    read_corrections,
)
from ingest.read import BadInput
from ingest.tables import ALL_TABLES

ROOT = Path(__file__).resolve().parents[2]
LIBERTAD_REPORT = "002_828eb64a2373246c.txt"


def quiet(_message: str) -> None:
    return None


def article_of(dataset: Path, file_name: str) -> str:
    return next(
        r["article_id"] for r in dataset_rows(dataset, "articles") if r["file"] == file_name
    )


def arrests_row(dataset: Path, ident: str) -> dict[str, str]:
    return next(
        row
        for row in dataset_rows(dataset, "figures")
        if row["article_id"] == ident and row["metric"] == "arrests" and row["value"] == "22"
    )


def seed_rows(dataset: Path) -> dict[str, list[dict]]:
    return {table.name: dataset_rows(dataset, table.name) for table in ALL_TABLES}


@pytest.fixture()
def corpus(tmp_path, seed_dir) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(seed_dir, target)
    return target


def test_a_role_correction_is_applied_flagged_and_carried_to_the_mentions(built_dataset):
    ident = article_of(built_dataset, LIBERTAD_REPORT)
    key = "iso3=VEN;role=participant;operation=Libertad"
    correction = correction_for(
        built_dataset,
        "country_roles",
        ident,
        key,
        "role",
        "origin",
        "victims came from there",
        corrected_on="2025-01-02",
    )
    rows = seed_rows(built_dataset)
    before = [dict(row) for row in rows["country_roles"]]

    result = apply_corrections(rows, [correction])

    assert result.applied == [correction] and result.not_applied == []
    assert rows["country_roles"] == before, "the input rows must not be modified"
    changed = [
        r for r in result.rows["country_roles"] if r["article_id"] == ident and r["iso3"] == "VEN"
    ]
    assert [(r["role"], r["corrected"]) for r in changed] == [("origin", True)]
    assert changed[0]["correction_note"] == (
        "role corrected from 'participant' on 2025-01-02: victims came from there"
    )
    mentions = [
        r for r in result.rows["mentions"] if r["article_id"] == ident and r["iso3"] == "VEN"
    ]
    assert mentions and all(r["role"] == "origin" and r["corrected"] for r in mentions)
    untouched = [r for r in result.rows["country_roles"] if r["iso3"] != "VEN"]
    assert untouched and not any(r["corrected"] for r in untouched)


def test_a_deleted_quote_is_gone_and_a_stale_correction_is_reported(built_dataset):
    ident = article_of(built_dataset, LIBERTAD_REPORT)
    quote = next(r for r in dataset_rows(built_dataset, "quotes") if r["article_id"] == ident)
    deletion = correction_for(
        built_dataset, "quotes", ident, f"span_start={quote['span_start']}", "row", ""
    )
    figure = arrests_row(built_dataset, ident)
    stale = make_correction(
        ident, "figures", f"span_start={figure['span_start']}", "value", "21", "23", corrected_on=""
    )
    elsewhere = make_correction("0" * 16, "figures", "span_start=1", "value", "1", "2")

    result = apply_corrections(seed_rows(built_dataset), [deletion, stale, elsewhere])

    assert quote["span_start"] not in {
        r["span_start"] for r in result.rows["quotes"] if r["article_id"] == ident
    }
    assert result.applied == [deletion]
    assert [(c, why.split(" (")[0]) for c, why in result.not_applied] == [
        (stale, "value is now '22', not '21'")
    ], "a correction of an article of another corpus is ignored, not reported"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"table": "regions"}, "table 'regions' cannot be corrected"),
        ({"corrected_value": "boss"}, "'boss' is not a valid role"),
        ({"key": "iso3=CAN"}, "does not name a country_roles row"),
        ({"corrected_on": "yesterday"}, "corrected_on 'yesterday' is not a date"),
        ({"article_id": "../../etc"}, "is not 16 hex digits"),
        ({"field": "n_mentions"}, "field 'n_mentions' of country_roles cannot be corrected"),
    ],
)
def test_a_bad_row_is_reported_with_its_line(tmp_path, row, expected):
    good = {
        "article_id": "9b8f4088af412382",
        "table": "country_roles",
        "key": "iso3=CAN;role=mentioned;operation=Libertad",
        "field": "role",
        "extracted_value": "mentioned",
        "corrected_value": "funder",
        "note": "",
        "corrected_on": "2025-01-02",
    }
    path = tmp_path / "corrections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(good)
        writer.writerow({**good, **row})
    assert len(read_corrections(path.with_name("missing.csv"))) == 0
    with pytest.raises(BadInput) as problem:
        read_corrections(path)
    message = str(problem.value)
    assert "1 bad correction(s)" in message and "line 3:" in message and expected in message
    assert "\n" not in message


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("article,fix\nx,y\n", encoding="utf-8")
    with pytest.raises(BadInput, match="lacks the column"):
        read_corrections(path)


def test_corrections_survive_rebuilds_and_reach_the_tables(corpus, tmp_path):
    out, corrections = tmp_path / "data" / "seed", tmp_path / "data" / "corrections.csv"
    build(corpus, out, warn=quiet, corrections=corrections)
    ident = article_of(out, LIBERTAD_REPORT)
    figure = arrests_row(out, ident)
    correction = correction_for(
        out, "figures", ident, f"span_start={figure['span_start']}", "value", "23", "typo check"
    )
    append_correction(corrections, correction)

    first = build(corpus, out, warn=quiet, corrections=corrections)
    (corpus / "005_new.txt").write_text(
        "Operation Sea Wall freed 12 victims in Chile.\n", encoding="utf-8"
    )
    second = build(corpus, out, warn=quiet, corrections=corrections)

    assert first.changed and len(first.corrected) == 1
    assert second.extracted == ["005_new.txt"] and len(second.corrected) == 1
    figures = pd.read_csv(out / "figures.csv", dtype={"value": "Int64", "corrected": "boolean"})
    fixed = figures[figures["corrected"]]
    assert fixed[["article_id", "value"]].values.tolist() == [[ident, 23]]
    assert "typo check" in fixed["correction_note"].iloc[0]
    assert "1 correction(s) applied" in second.summary()


def test_a_bad_corrections_file_stops_the_build_and_keeps_the_dataset(corpus, tmp_path):
    out, corrections = tmp_path / "out", tmp_path / "corrections.csv"
    build(corpus, out, warn=quiet)
    before = (out / "figures.csv").read_bytes()
    corrections.write_text(
        ",".join(COLUMNS) + "\n" + "x" * 16 + ",figures,,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(BadInput, match="line 2"):
        build(corpus, out, warn=quiet, corrections=corrections)
    assert (out / "figures.csv").read_bytes() == before


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_correct_records_rebuilds_and_refuses_bad_values(corpus, tmp_path):
    out, corrections = tmp_path / "out", tmp_path / "corrections.csv"
    paths = ["--corpus", str(corpus), "--out", str(out), "--corrections", str(corrections)]
    build(corpus, out, warn=quiet)
    ident = article_of(out, LIBERTAD_REPORT)
    listing = run("correct", ident, "--list", "--out", str(out))
    assert listing.returncode == 0
    assert "country_roles\tiso3=CAN;role=funder;operation=Libertad\t" in listing.stdout

    key = "iso3=CAN;role=funder;operation=Libertad"
    done = run("correct", ident, "--table", "country_roles", "--key", key, "--field", "role",
               "--to", "supporter", "--note", "sidebar says supported", *paths)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 correction(s) applied" in done.stderr
    assert [c.corrected_value for c in read_corrections(corrections)] == ["supporter"]
    roles = pd.read_csv(out / "country_roles.csv", dtype=str, keep_default_na=False)
    canada = roles[(roles["article_id"] == ident) & (roles["iso3"] == "CAN")]
    assert canada[["role", "corrected"]].values.tolist() == [["supporter", "True"]]

    key = "iso3=CAN;role=supporter;operation=Libertad"
    bad = run("correct", ident, "--table", "country_roles", "--key", key, "--field", "role",
              "--to", "boss", *paths)  # fmt: skip
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a valid role" in lines[0]
    assert len(read_corrections(corrections)) == 1


def test_cli_correct_has_help_with_examples():
    result = run("correct", "--help")
    assert result.returncode == 0 and "--list" in result.stdout and "examples:" in result.stdout


def _append(path: str, index: int) -> None:
    correction = make_correction(
        f"{index:016x}", "figures", "span_start=1", "value", "1", str(index + 2), f"worker {index}"
    )
    append_correction(Path(path), correction)


def test_two_people_correcting_at_once_both_get_in(tmp_path):
    path = tmp_path / "corrections.csv"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append, args=(str(path), index)) for index in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert all(worker.exitcode == 0 for worker in workers)
    notes = sorted(c.note for c in read_corrections(path))
    assert notes == [f"worker {index}" for index in range(6)]
