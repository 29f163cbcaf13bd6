"""Adding articles: `python -m ingest add` on real files, broken files, and two people at once."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ingest.add import add_article
from ingest.build import build

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "Operation Liberterra III freed 57 victims in Peru and Chile\n\n"
    "Police in Peru and Chile rescued 57 victims and arrested 12 suspects during Operation "
    "Liberterra III, coordinated from Argentina, INTERPOL said on Monday.\n"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture()
def place(tmp_path):
    """An empty corpus and dataset folder, and a function that runs `add` into them."""
    corpus, out = tmp_path / "corpus", tmp_path / "data" / "dataset"

    def add(*args: str) -> subprocess.CompletedProcess:
        return run(
            "add", *args, "--corpus", str(corpus), "--out", str(out),
            "--corrections", str(tmp_path / "data" / "corrections.csv"),
        )  # fmt: skip

    add.corpus, add.out = corpus, out
    return add


def stored_texts(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def test_adding_writes_the_article_and_its_metadata_and_builds(place, tmp_path):
    source = tmp_path / "liberterra.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = place(str(source), "--url", "https://example.org/news/1", "--outlet", "Example News",
                   "--date", "2025-03-04")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "added to the corpus as added_" in result.stderr
    articles = pd.read_csv(place.out / "articles.csv", dtype=str)
    assert articles[["publisher", "published_date", "url", "operations"]].values.tolist() == [
        ["Example News", "2025-03-04", "https://example.org/news/1", "Liberterra III"]
    ]


def test_adding_the_same_content_again_changes_nothing_and_says_so(place, tmp_path):
    first, copy = tmp_path / "one.txt", tmp_path / "copy-with-another-name.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    copy.write_text(ARTICLE, encoding="utf-8")
    assert place(str(first)).returncode == 0
    corpus_before = {p.name: p.read_bytes() for p in place.corpus.iterdir()}
    dataset_before = {p.name: p.stat().st_mtime_ns for p in place.out.iterdir()}

    again = place(str(copy))

    assert again.returncode == 0
    assert "already in the corpus as added_" in again.stderr and "nothing changed" in again.stderr
    assert "dataset already up to date" in again.stderr
    assert {p.name: p.read_bytes() for p in place.corpus.iterdir()} == corpus_before
    assert {p.name: p.stat().st_mtime_ns for p in place.out.iterdir()} == dataset_before


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--url", "javascript:alert(1)", "is not a web address"),
        ("--url", " JavaScript:alert(document.cookie)", "is not a web address"),
        ("--url", "data:text/html,<script>alert(1)</script>", "is not a web address"),
        ("--date", "04/03/2025", "is not a date"),
    ],
)
def test_bad_metadata_is_refused_before_anything_is_written(
    place, tmp_path, option, value, expected
):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = place(str(source), option, value)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in error_lines(result)[0]
    assert not place.corpus.exists()


def broken(tmp_path: Path, kind: str) -> Path:
    """A real file (or folder, or link) of one kind of broken input."""
    path = tmp_path / f"{kind}.txt"
    if kind == "fifty_megabytes":
        with path.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    elif kind == "directory":
        path.mkdir()
    elif kind == "symlink_loop":
        path.symlink_to(path.name)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "missing":
        pass
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("fifty_megabytes", "over the 5,242,880-byte limit"),
        ("directory", "is a folder"),
        ("symlink_loop", "looping symbolic link"),
        ("empty", "is empty"),
        ("binary", "binary"),
        ("missing", "no such file"),
    ],
)
def test_each_broken_file_gets_one_clear_message_and_the_good_one_gets_in(
    place, tmp_path, kind, expected
):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = broken(tmp_path, kind)

    result = place(str(bad), str(good))

    assert result.returncode == 2
    errors = error_lines(result)
    assert len(errors) == 1 and expected in errors[0] and str(bad) in errors[0]
    assert len(stored_texts(place.corpus)) == 1
    assert len(pd.read_csv(place.out / "articles.csv")) == 1


def test_utf16_with_a_bom_is_decoded_and_stored_as_utf8(place, tmp_path):
    source = tmp_path / "utf16.txt"
    source.write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    assert place(str(source)).returncode == 0
    assert stored_texts(place.corpus) == [ARTICLE]


def test_cp1252_curly_quotes_are_decoded(place, tmp_path):
    source = tmp_path / "cp1252.txt"
    text = (
        ARTICLE + "\u201cWe will not stop,\u201d said Ana Mar\u00eda Ruiz, the caf\u00e9 owner.\n"
    )
    source.write_bytes(text.encode("cp1252"))
    assert place(str(source)).returncode == 0
    assert stored_texts(place.corpus) == [text]


def test_truncated_utf8_keeps_the_text_and_marks_the_cut(place, tmp_path):
    source = tmp_path / "cut.txt"
    source.write_bytes(ARTICLE.encode("utf-8") + "Mar\u00ed".encode()[:-1])
    assert place(str(source)).returncode == 0
    (text,) = stored_texts(place.corpus)
    assert text.startswith(ARTICLE) and text.endswith("Mar\ufffd")


def test_html_with_scripts_and_styles_keeps_only_the_visible_text(place, tmp_path):
    source = tmp_path / "page.html"
    source.write_text(
        "<!doctype html><html><head><title>Liberterra III</title>"
        "<style>body{background:url(javascript:alert(1))}</style>"
        "<script>alert('stolen ' + document.cookie)</script></head><body>"
        f"<p>{ARTICLE}</p><script src='https://tracker.example/x.js'></script></body></html>",
        encoding="utf-8",
    )
    result = place(str(source))
    assert result.returncode == 0, result.stderr
    (text,) = stored_texts(place.corpus)
    assert "Operation Liberterra III" in text
    assert not any(word in text for word in ("alert", "<script", "background", "tracker"))


ADD_WHEN_THE_GATE_OPENS = """
import sys
from pathlib import Path
from ingest.add import add_article
from ingest.build import build

corpus, out, text = sys.argv[1:]
sys.stdin.read()  # the gate: both workers start once the test closes their stdin
assert add_article(text.encode("utf-8"), Path(corpus), name="worker").added
build(Path(corpus), Path(out), warn=lambda message: None)
"""


def test_two_people_adding_different_articles_at_once_both_get_in(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    texts = [ARTICLE, ARTICLE.replace("57 victims", "91 victims").replace("Peru", "Ecuador")]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_WHEN_THE_GATE_OPENS, str(corpus), str(out), text],
            cwd=ROOT,
            stdin=subprocess.PIPE,
        )
        for text in texts
    ]
    for worker in workers:
        worker.stdin.close()
    assert [worker.wait(timeout=300) for worker in workers] == [0, 0]
    assert sorted(stored_texts(corpus)) == sorted(texts)
    assert len(pd.read_csv(out / "articles.csv")) == 2
    assert not list(tmp_path.glob(".out.staging-*")) and not list(corpus.glob(".*.tmp"))


def test_a_file_that_disappears_mid_build_is_skipped_with_a_message(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for index in range(3):
        (corpus / f"{index}.txt").write_text(ARTICLE.replace("57", str(60 + index)), "utf-8")
    doomed = corpus / "2.txt"

    def delete_while_building(files):
        for path in files:
            yield path
            doomed.unlink(missing_ok=True)

    messages: list[str] = []
    report = build(corpus, out, progress=delete_while_building, warn=messages.append)

    assert set(report.skipped) == {"2.txt"}
    assert messages == [
        "skipped 2.txt: disappeared while the dataset was being built;"
        " add it again if it was wanted"
    ]
    assert len(pd.read_csv(out / "articles.csv")) == 2


def test_a_symlink_loop_in_the_corpus_is_skipped_with_a_message(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "real.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("loop.txt", corpus / "loop.txt")
    report = build(corpus, tmp_path / "out", warn=lambda message: None)
    assert report.skipped == {
        "loop.txt": "a broken or looping symbolic link; put the article file there"
    }
    assert len(report.extracted) == 1


def without_root_privileges() -> list[str]:
    """A command prefix under which file permissions hold even for root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_a_file_without_read_permission_is_one_line_and_the_good_one_gets_in(place, tmp_path):
    good, locked = tmp_path / "good.txt", tmp_path / "locked.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    locked.write_text(ARTICLE.replace("57", "58"), encoding="utf-8")
    locked.chmod(0)
    result = subprocess.run(
        [*without_root_privileges(), sys.executable, "-m", "ingest", "add", str(locked), str(good),
         "--corpus", str(place.corpus), "--out", str(place.out),
         "--corrections", str(tmp_path / "data" / "corrections.csv")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert error_lines(result) == [
        f"error: {locked}: cannot be read (permission denied); check its permissions."
    ]
    assert "Traceback" not in result.stderr
    assert stored_texts(place.corpus) == [ARTICLE]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("fifo", "is a named pipe (FIFO), not a regular file"),
        ("device_link", f"is a symbolic link to a character device ({os.devnull}), not a regular"),
    ],
)
def test_a_pipe_or_a_device_is_named_for_what_it_is(place, tmp_path, kind, expected):
    special = tmp_path / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(special)
    else:
        special.symlink_to(os.devnull)
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "add", str(special), "--corpus", str(place.corpus),
         "--out", str(place.out), "--corrections", str(tmp_path / "corrections.csv")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 2
    (error,) = error_lines(result)
    assert error.startswith(f"error: {special}: ") and expected in error


def test_an_article_over_the_budget_is_refused_and_nothing_changes(place, tmp_path):
    first, slow = tmp_path / "first.txt", tmp_path / "slow.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    assert place(str(first)).returncode == 0
    corpus_before = {p.name: p.read_bytes() for p in place.corpus.iterdir()}
    dataset_before = {p.name: p.read_bytes() for p in place.out.iterdir() if p.is_file()}
    shutil.copy(ROOT / "seeds" / "002_828eb64a2373246c.txt", slow)

    result = place(str(slow), "--outlet", "Slow News", "--budget", "0.001")

    assert result.returncode == 2
    (error,) = error_lines(result)
    assert error.startswith(f"error: {slow}: extracting it took longer than 0.001 s, so it was")
    assert {p.name: p.read_bytes() for p in place.corpus.iterdir()} == corpus_before
    assert {p.name: p.read_bytes() for p in place.out.iterdir() if p.is_file()} == dataset_before


def test_bad_bytes_in_an_added_file_are_replaced_and_reported(place, tmp_path):
    source = tmp_path / "mostly_utf8.txt"
    source.write_bytes(ARTICLE.encode() + "Café owners in Bogotá ".encode() + b"\xc3\x28 helped.\n")
    result = place(str(source))
    assert result.returncode == 0, result.stderr
    assert (
        f"warning: {source}: 1 byte sequence is not valid UTF-8, the first at byte"
        f" {len(ARTICLE.encode()) + len('Café owners in Bogotá '.encode()):,} (line 4)"
    ) in result.stderr
    (text,) = stored_texts(place.corpus)
    assert text.endswith("Café owners in Bogotá \ufffd( helped.\n")


def test_an_add_stopped_before_its_metadata_is_repaired_by_adding_again(place, tmp_path):
    """The state an add killed between its two writes left before they were reordered."""
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert place(str(source)).returncode == 0
    assert not (place.corpus / "sources.csv").exists()

    again = place(str(source), "--outlet", "Example News", "--date", "2025-03-04")

    assert again.returncode == 0, again.stderr
    assert "already in the corpus as added_" in again.stderr
    assert "recorded its missing outlet, date in sources.csv" in again.stderr
    articles = pd.read_csv(place.out / "articles.csv", dtype=str)
    assert articles[["publisher", "published_date"]].values.tolist() == [
        ["Example News", "2025-03-04"]
    ]


def test_metadata_is_written_before_the_article_so_a_stop_between_loses_nothing(tmp_path):
    """Stopped between the two writes, an add leaves a row for a file not there yet."""
    corpus = tmp_path / "corpus"
    result = add_article(
        ARTICLE.encode(), corpus, metadata={"publisher": "Example News", "url": ""}
    )
    row = (corpus / "sources.csv").read_text(encoding="utf-8").splitlines()[1]
    (corpus / result.file).unlink()
    assert row == f"{result.file},,Example News,,"
    build(corpus, tmp_path / "out", warn=lambda message: None)

    again = add_article(ARTICLE.encode(), corpus, name="again")

    assert again.added and again.file == result.file
    build(corpus, tmp_path / "out", warn=lambda message: None)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str)
    assert articles["publisher"].tolist() == ["Example News"]


def test_an_unreadable_sources_csv_stops_the_add_before_anything_is_written(place, tmp_path):
    place.corpus.mkdir(parents=True)
    (place.corpus / "sources.csv").write_bytes("file,publisher\nx.txt,Agência\n".encode("latin-1"))
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = place(str(source), "--outlet", "Example News")
    assert result.returncode == 2
    assert "sources.csv: is not UTF-8 text" in error_lines(result)[0]
    assert [p.name for p in place.corpus.iterdir()] == ["sources.csv"]
