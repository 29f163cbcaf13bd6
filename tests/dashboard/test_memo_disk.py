"""Text results kept on disk: a restarted server reads them instead of making them again."""

from __future__ import annotations

from dashboard.memo import Remembered, TextsOnDisk, code_digest


def test_a_fresh_memory_reads_what_an_earlier_one_wrote_to_disk(tmp_path):
    made = []

    def make():
        made.append(1)
        return '{"mark": "bar"}'

    first = Remembered(4, TextsOnDisk("specs", tmp_path))
    assert first.get("timeline:abc", make) == '{"mark": "bar"}'
    restarted = Remembered(4, TextsOnDisk("specs", tmp_path))
    assert restarted.get("timeline:abc", make) == '{"mark": "bar"}'
    assert made == [1], "the second process read the file instead of building the spec"
    assert restarted.get("timeline:other", make) and made == [1, 1]


def test_an_unwritable_cache_folder_only_costs_making_the_result_again(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    memo = Remembered(4, TextsOnDisk("specs", blocker / "specs"))
    assert memo.get("key", lambda: "made") == "made"
    assert Remembered(4, TextsOnDisk("specs", blocker / "specs")).get("key", lambda: "again") == (
        "again"
    )


def test_the_cache_folder_changes_with_the_dashboard_code(tmp_path):
    package = tmp_path / "package"
    package.mkdir()
    (package / "view.py").write_text("WIDTH = 400\n")
    before = code_digest(package)
    (package / "view.py").write_text("WIDTH = 440\n")
    assert code_digest(package) != before
