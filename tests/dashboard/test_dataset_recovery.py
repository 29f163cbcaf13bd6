"""A build killed between the two renames of its swap: the dashboard puts the old dataset back."""

from __future__ import annotations

from pathlib import Path

from dashboard.dataset import MISSING_STAMP, dataset_stamp, read_dataset
from ingest.build import build

ROOT = Path(__file__).resolve().parents[2]


def test_a_reader_puts_back_the_dataset_a_killed_swap_left_beside_its_folder(tmp_path):
    out = tmp_path / "seed"
    build(ROOT / "seeds", out, warn=lambda message: None)
    expected = read_dataset(out)
    out.rename(tmp_path / ".seed.old")  # what a build killed after its first rename leaves

    assert dataset_stamp(out) != MISSING_STAMP
    again = read_dataset(out)

    assert (out / "manifest.json").is_file() and not (tmp_path / ".seed.old").exists()
    assert again.articles.equals(expected.articles) and again.texts == expected.texts


def test_with_no_dataset_and_no_backup_the_reader_still_says_what_to_do(tmp_path):
    assert dataset_stamp(tmp_path / "seed") == MISSING_STAMP
