"""read.py on real files: the seeds, and bad or awkward inputs written to tmp_path."""

from __future__ import annotations

import codecs
import hashlib
import os
import socket
import unicodedata
from pathlib import Path

import pytest

from ingest.read import (
    MAX_BYTES,
    MAX_TEXT_CHARS,
    BadInput,
    decode_article,
    decode_report,
    read_article,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _message(path: Path) -> str:
    with pytest.raises(BadInput) as caught:
        read_article(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_reads_as_utf8_text_with_checksum_of_raw_bytes(seed):
    article = read_article(seed)
    raw = seed.read_bytes()
    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    assert article.text == raw.decode("utf-8").replace("\r\n", "\n")
    assert article.encoding == "utf-8"
    assert not article.was_html


def test_seed_keeps_curly_quotes_so_offsets_match_the_utf8_text():
    article = read_article(next(SEEDS.glob("000_*.txt")))
    start = article.text.index("“What traffickers")
    assert article.text[start : start + 6] == "“What "


def test_missing_path(tmp_path):
    assert "no such file" in _message(tmp_path / "absent.txt")


def test_directory(tmp_path):
    assert "is a folder" in _message(tmp_path)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_or_whitespace_only(tmp_path, data):
    assert "empty" in _message(_write(tmp_path, "blank.txt", data))


def test_nul_bytes_are_binary(tmp_path):
    message = _message(_write(tmp_path, "nul.txt", b"Operation\x00Libertad\x00 rescued"))
    assert "NUL" in message


def test_control_characters_are_binary(tmp_path):
    data = bytes(range(1, 9)) * 50 + b"some words"
    assert "binary" in _message(_write(tmp_path, "image.txt", data))


def test_every_control_character_but_spacing_marks_a_text_binary_and_nothing_else_does():
    controls = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
    words = "Operation Coral Gate freed twelve people in the port. " * 2
    for char in controls:
        text = words + char * 20
        if char in "\t\n\v\f\r":
            assert decode_article(text.encode("utf-8"), "spaced.txt")[0]
        else:
            with pytest.raises(BadInput, match="binary"):
                decode_article(text.encode("utf-8"), "controls.txt")
    for char in ("\u00a0", "\u200b", "\u202e", "\u00ad", "\ufeff", "\U0001f600"):
        assert decode_article((words + char * 20).encode("utf-8"), "marks.txt")[0]


def test_png_header_is_binary(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    _message(_write(tmp_path, "picture.txt", data))


def test_utf16_with_bom(tmp_path):
    text = "Operation Liberterra II rescued 3,222 victims in Curaçao.\r\nSecond line."
    path = _write(tmp_path, "utf16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    article = read_article(path)
    assert article.encoding == "utf-16"
    assert article.text == text.replace("\r\n", "\n")


def test_utf8_with_bom_drops_the_bom(tmp_path):
    path = _write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Curaçao raids".encode())
    article = read_article(path)
    assert article.text == "Curaçao raids"
    assert article.encoding == "utf-8-sig"


def test_cp1252_curly_quotes(tmp_path):
    data = "“We rescued 350 people,” said the officer – in Curaçao.".encode("cp1252")
    article = read_article(_write(tmp_path, "windows.txt", data))
    assert article.encoding == "cp1252"
    assert article.text == "“We rescued 350 people,” said the officer – in Curaçao."


def test_latin1_bytes_undefined_in_cp1252(tmp_path):
    data = b"Victims rescued \x81 in S\xe3o Paulo"
    article = read_article(_write(tmp_path, "latin.txt", data))
    assert article.encoding == "latin-1"
    assert "São Paulo" in article.text


def test_truncated_utf8_keeps_utf8_and_marks_the_cut(tmp_path):
    data = "Victims rescued in Curaçao and São".encode() + "é".encode()[:1]
    article = read_article(_write(tmp_path, "cut.txt", data))
    assert article.encoding == "utf-8"
    assert article.text == "Victims rescued in Curaçao and São\ufffd"


def test_crlf_and_lone_cr_become_lf(tmp_path):
    article = read_article(_write(tmp_path, "crlf.txt", b"Title\r\n\r\nBody one.\rBody two."))
    assert article.text == "Title\n\nBody one.\nBody two."


def test_html_strips_scripts_styles_tags_and_keeps_title_and_paragraphs(tmp_path):
    page = (
        b"<!DOCTYPE html><html><head><title>Raids free 350 &amp; more</title>"
        b"<style>p { color: red }</style><script>var victims = 999;</script></head>"
        b"<body><nav><a href='/'>Home</a></nav><p>Police rescued <b>350</b> people.</p>"
        b"<p>It was &ldquo;horrific&rdquo;, he said.<br>Second line.</p></body></html>"
    )
    article = read_article(_write(tmp_path, "page.txt", page))
    assert article.was_html
    assert article.text.startswith("Raids free 350 & more\n\n")
    assert "var victims" not in article.text and "color" not in article.text
    assert "<" not in article.text
    assert "Police rescued 350 people.\n\nIt was “horrific”, he said.\nSecond line." in article.text


def test_html_suffix_alone_marks_html(tmp_path):
    article = read_article(_write(tmp_path, "story.htm", b"Plain &amp; simple <i>words</i>"))
    assert article.was_html
    assert article.text.strip() == "Plain & simple words"


def test_html_with_no_visible_text_is_refused(tmp_path):
    page = b"<html><body><script>alert(1)</script></body></html>"
    assert "no readable text" in _message(_write(tmp_path, "empty.html", page))


def test_plain_text_with_angle_bracket_link_is_not_html(tmp_path):
    data = b"Operation Libertad.\n\n<https://example.org/story>\n"
    article = read_article(_write(tmp_path, "link.txt", data))
    assert not article.was_html
    assert "<https://example.org/story>" in article.text


def test_over_five_megabytes_is_refused(tmp_path):
    path = _write(tmp_path, "big.txt", b"a" * (MAX_BYTES + 1))
    assert "limit" in _message(path)


def test_a_text_at_the_character_limit_is_accepted_and_one_more_is_refused(tmp_path):
    text = b"word " * (MAX_TEXT_CHARS // 5) + b"w" * (MAX_TEXT_CHARS % 5)
    at_limit = _write(tmp_path, "edge.txt", text)
    assert len(read_article(at_limit).text) == MAX_TEXT_CHARS
    over = _write(tmp_path, "over.txt", text + b"s")
    message = _message(over)
    assert f"{MAX_TEXT_CHARS + 1:,} characters" in message
    assert "split it" in message


def test_a_five_megabyte_page_of_markup_around_a_short_article_is_read(tmp_path):
    article = b"<p>Operation Coral Gate rescued 12 victims in Peru.</p>"
    script = b"<script>" + b"var x = 1;\n" * ((MAX_BYTES - 200) // 11) + b"</script>"
    page = b"<html><body>" + script + article + b"</body></html>"
    assert len(page) <= MAX_BYTES
    assert read_article(_write(tmp_path, "page.html", page)).text.strip() == (
        "Operation Coral Gate rescued 12 victims in Peru."
    )


def test_decode_article_for_uploaded_bytes():
    text, encoding = decode_article("Curaçao “raids”".encode("cp1252"), "upload.txt")
    assert (text, encoding) == ("Curaçao “raids”", "cp1252")
    with pytest.raises(BadInput, match="upload.txt: is empty"):
        decode_article(b"", "upload.txt")
    with pytest.raises(BadInput, match="pasted"):
        decode_article(b"\x00\x01\x02", "pasted")


def test_html_page_furniture_is_left_out_and_its_metadata_becomes_labelled_lines(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Raids free 80 | The Harbour Post</title>"
        '<meta property="og:site_name" content="The Harbour Post">'
        '<meta property="article:published_time" content="2025-07-15T08:30:00+00:00">'
        '<link rel="canonical" href="https://harbour.example/raids-free-80"></head><body>'
        '<div class="cookie-banner"><p>Cookies apply in the United States.</p></div>'
        "<header><nav><a>Africa</a> <a>Europe</a></nav></header>"
        "<article><header><h1>Raids free 80</h1></header>"
        "<p>Police in Peru freed 80 people during Operation Andes Light.</p>"
        '<aside class="related"><a>Operation Libertad: 350 victims rescued</a></aside>'
        '<div class="share"><button>Share</button> 1.2k shares</div></article>'
        "<footer>Offices in London and New York</footer></body></html>",
        encoding="utf-8",
    )
    text = read_article(page).text
    assert text.startswith(
        "Raids free 80\n\nSource: The Harbour Post\nPublished: 2025-07-15T08:30:00+00:00\n"
        "URL: https://harbour.example/raids-free-80\n\n"
    )
    assert "Police in Peru freed 80 people" in text and "Raids free 80\n\nPolice" in text
    for furniture in ("Cookies", "Africa", "Libertad", "shares", "London"):
        assert furniture not in text


def test_a_saved_page_gives_its_site_date_and_address_to_the_article(tmp_path):
    from ingest.extract import extract_article

    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Raids free 80 - The Harbour Post</title>"
        '<meta property="og:site_name" content="The Harbour Post">'
        '<meta property="article:published_time" content="2025-07-15T08:30:00+00:00">'
        '<meta property="og:url" content="https://harbour.example/raids-free-80"></head>'
        "<body><p>Police in Peru freed 80 people during Operation Andes Light.</p></body></html>",
        encoding="utf-8",
    )
    source = extract_article(read_article(page)).source
    assert (source.title, source.publisher, source.published, source.url) == (
        "Raids free 80",
        "The Harbour Post",
        "2025-07-15",
        "https://harbour.example/raids-free-80",
    )


def test_a_named_pipe_is_named_and_never_opened_for_reading(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert "is a named pipe (FIFO), not a regular file" in _message(pipe)


def test_a_link_to_a_device_is_named_with_its_target(tmp_path):
    link = tmp_path / "zeros.txt"
    link.symlink_to(os.devnull)
    message = _message(link)
    assert "is a symbolic link to a character device" in message
    assert os.devnull in message


def test_a_socket_is_refused_with_a_message(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "socket" in _message(path)


def test_a_broken_link_says_so(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert "broken symbolic link" in _message(link)


INVALID_IN_THE_MIDDLE = (
    "“Café owners in Bogotá helped,” the officer said.\n".encode()
    + "Police freed 40 people in São Paulo ".encode()
    + b"\xc3\x28"
    + " and Medellín.\n".encode()
)


def test_one_bad_byte_in_utf8_is_replaced_and_reported_not_read_as_cp1252(tmp_path):
    data = INVALID_IN_THE_MIDDLE
    article = read_article(_write(tmp_path, "mostly.txt", data))
    assert article.encoding == "utf-8"
    assert "“Café owners in Bogotá helped,”" in article.text
    assert "São Paulo \ufffd( and Medellín" in article.text
    first = data.index(b"\xc3(")
    assert article.warning == (
        f"{tmp_path / 'mostly.txt'}: 1 byte sequence is not valid UTF-8, the first at byte"
        f" {first:,} (line 2); each is shown as \ufffd. Re-save the file as UTF-8 if a"
        " character is missing."
    )


def test_a_cesu_surrogate_at_the_end_is_replaced_and_counted(tmp_path):
    data = "Curaçao and Bogotá raids.\n".encode() + b"\xed\xa0\x80\n"
    article = read_article(_write(tmp_path, "cesu.txt", data))
    assert article.encoding == "utf-8"
    assert article.text.startswith("Curaçao and Bogotá raids.\n\ufffd")
    assert "1 byte sequence is not valid UTF-8, the first at byte 28 (line 2)" in article.warning


def test_a_whole_cp1252_file_is_still_cp1252_without_a_warning(tmp_path):
    text = "“Café owners in Bogotá helped,” the officer said – in Medellín."
    article = read_article(_write(tmp_path, "windows.txt", text.encode("cp1252")))
    assert (article.encoding, article.text, article.warning) == ("cp1252", text, "")


def test_clean_utf8_has_no_warning(tmp_path):
    assert read_article(_write(tmp_path, "ok.txt", "Curaçao".encode())).warning == ""


def test_decode_report_gives_uploads_the_same_warning():
    decoded = decode_report("Bogotá ".encode() + b"\xff raids", "up")
    assert decoded.text == "Bogotá \ufffd raids"
    assert decoded.warning.startswith("up: 1 byte sequence is not valid UTF-8, the first at byte 8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_told_by_its_nul_bytes(tmp_path, codec):
    text = "Operation Liberterra II rescued 3,222 victims in Curaçao."
    article = read_article(_write(tmp_path, "utf16.txt", text.encode(codec)))
    assert (article.text, article.encoding) == (text, codec)
