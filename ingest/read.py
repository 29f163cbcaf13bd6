"""Read one article file into text, refusing what is not an article.

Articles arrive as received: UTF-8 with or without a BOM, UTF-16 with a BOM, Windows
code pages, saved web pages. Every later offset points into the text returned here, so
this is the only place that decodes, strips HTML and normalises line breaks.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ingest.shown import shown_path

MAX_BYTES = 5 * 1024 * 1024
"""The largest article file: a saved web page carries far more markup than text."""
MAX_TEXT_CHARS = 1024 * 1024
"""The most article text one file may hold once its markup is removed.

A long news article is under 100,000 characters; at this limit the extractor still finishes
in a few seconds (``benchmarks/bench_long_input.py``), so no article can keep the Add page or
a build waiting for long. A longer text is a book or a whole site, and is refused.
"""
_CONTROL_SHARE_LIMIT = 0.05
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) other than tab, line breaks and form feed."""
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_DOCUMENT = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    rb"<\s*/?\s*(?:p|div|br|h[1-6]|article|section|script|style|title|span|li|ul|table"
    rb"|a\s+href)\b[^>]*>",
    re.IGNORECASE,
)
_REPLACED_RUN = re.compile("\ufffd+")
_ASCII_TEXT = re.compile(rb"[\t\n\r\x20-\x7e]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
    "article", "section", "header", "footer", "blockquote", "pre", "figure", "figcaption",
    "main", "aside", "nav", "dd", "dt", "dl", "form", "hr",
}  # fmt: skip
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_ARTICLE_TAGS = {"article", "main"}
_FURNITURE_TAGS = {"nav", "aside", "footer", "form", "button", "dialog", "iframe"}
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|banner|share|sharing|social|related|recommended"
    r"|newsletter|subscribe|subscription|advert\w*|ads?|promo\w*|menu|breadcrumbs?|sidebar"
    r"|comments?|popup|modal)(?=$|[\s_-])",
    re.IGNORECASE,
)
_META_KEYS = {
    "og:site_name": "site",
    "application-name": "site",
    "article:published_time": "published",
    "og:published_time": "published",
    "date": "published",
    "og:url": "url",
}


class BadInput(Exception):
    """An input that is not a readable article; the message is one line for the user."""


@dataclass(frozen=True)
class ArticleText:
    """An article's text as read, with what is needed to trace it back to its file."""

    path: Path
    text: str
    sha256: str
    encoding: str
    was_html: bool
    warning: str = ""
    """What reading changed, in one line for the user (bytes that were not UTF-8)."""


@dataclass(frozen=True)
class DecodedText:
    """Article bytes decoded: the text, its encoding, and what decoding had to change."""

    text: str
    encoding: str
    was_html: bool
    warning: str = ""


def read_article(path: Path) -> ArticleText:
    """Read an article file, decoding it sensibly and stripping HTML.

    Raises:
        BadInput: the path is missing, a directory, unreadable, empty, binary, too large
            or cannot be decoded.
    """
    path = Path(path)
    data = read_file_bytes(path)
    decoded = decode_report(data, shown_path(path))
    return ArticleText(
        path=path,
        text=decoded.text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        was_html=decoded.was_html,
        warning=decoded.warning,
    )


def decode_article(data: bytes, name: str = "<text>") -> tuple[str, str]:
    """Decode pasted or uploaded article bytes by the same rules as :func:`read_article`.

    Returns:
        The article's text and the name of the encoding it was read with.

    Raises:
        BadInput: the bytes are empty, binary, too large or cannot be decoded.
    """
    decoded = decode_report(data, name)
    return decoded.text, decoded.encoding


def decode_report(data: bytes, name: str = "<text>") -> DecodedText:
    """Decode article bytes like :func:`decode_article`, saying what decoding replaced.

    Raises:
        BadInput: the bytes are empty, binary, too large or cannot be decoded.
    """
    return _decode(data, name)


def looks_like_html(data: bytes, name: str = "") -> bool:
    """True for a saved web page: an HTML suffix, or HTML document or paragraph tags."""
    if Path(name).suffix.lower() in _HTML_SUFFIXES:
        return True
    head = data[:65536]
    return bool(_HTML_DOCUMENT.search(head)) or len(_HTML_TAG.findall(head)) >= 2


def read_file_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or BadInput saying why not.

    The file is opened without blocking and checked on the open descriptor, so a named
    pipe or a device is named for what it is and never read, even if it replaced a
    regular file a moment before.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise BadInput(_open_problem(path, error)) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise BadInput(not_a_file(path, status.st_mode))
        if status.st_size > limit:
            raise BadInput(_too_large(shown_path(path), status.st_size, limit))
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise BadInput(
            f"{shown_path(path)}: cannot be read ({reason}); check the file and try again."
        ) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise BadInput(_too_large(shown_path(path), len(data), limit))
    return data


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a named pipe (FIFO)")."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def not_a_file(path: Path, mode: int) -> str:
    """Why ``path`` (of file mode ``mode``) is not read, naming what it is."""
    kind, name = file_kind(mode), shown_path(path)
    if stat.S_ISDIR(mode) and not path.is_symlink():
        return f"{name}: is a folder, not a file; give one article file (.txt or .html)."
    if path.is_symlink():
        kind = f"a symbolic link to {kind} ({shown_path(os.path.realpath(path))})"
    return f"{name}: is {kind}, not a regular file; give the article saved as a .txt or .html file."


def _open_problem(path: Path, error: OSError) -> str:
    shown = shown_path(path)
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"{shown}: is a broken symbolic link; give the article file itself."
    if error.errno == errno.ENOENT:
        return f"{shown}: no such file; check the path and try again."
    if error.errno == errno.EISDIR:
        return f"{shown}: is a folder, not a file; give one article file (.txt or .html)."
    if error.errno == errno.ELOOP:
        return f"{shown}: is a looping symbolic link; give the article file itself."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{shown}: cannot be read (permission denied); check its permissions."
    if error.errno == errno.ENXIO:
        return f"{shown}: is a socket or a device that is not there; give an article file."
    reason = error.strerror or type(error).__name__
    return f"{shown}: cannot be opened ({reason}); check the path and its permissions."


def _too_large(name: str, size: int, limit: int = MAX_BYTES) -> str:
    return (
        f"{name}: is {size:,} bytes, over the {limit:,}-byte limit for one article;"
        " split it or give the article text alone."
    )


def _decode(data: bytes, name: str) -> DecodedText:
    if len(data) > MAX_BYTES:
        raise BadInput(_too_large(name, len(data)))
    if not data.strip():
        raise BadInput(f"{name}: is empty; give a file that contains the article's text.")
    text, encoding, warning = _decode_bytes(data, name)
    if _looks_binary(text):
        raise BadInput(
            f"{name}: looks like a binary file, not text; give the article as a .txt or .html file."
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    was_html = looks_like_html(data, name)
    if was_html:
        text = html_to_text(text)
    if not text.strip():
        raise BadInput(f"{name}: contains no readable text; give the article's text.")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(
            f"{name}: holds {len(text):,} characters of text, over the {MAX_TEXT_CHARS:,}-character"
            " limit for one article; split it or give the article text alone."
        )
    return DecodedText(text, encoding, was_html, warning)


def _decode_bytes(data: bytes, name: str) -> tuple[str, str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16", ""
    if b"\x00" in data:
        unmarked = _utf16_without_bom(data)
        if unmarked:
            return unmarked
        raise BadInput(
            f"{name}: contains NUL bytes, so it is binary or UTF-16 without a byte-order"
            " mark; save it as UTF-8 text."
        )
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as error:
        first_bad = error.start
        cut_off = error.reason == "unexpected end of data" and len(data) - error.start < 4
    if cut_off:
        text = data[:first_bad].decode("utf-8") + "\ufffd"
        return text, "utf-8", _replaced_warning(name, data, 1, first_bad, cut_off=True)
    replaced = data.decode("utf-8", errors="replace")
    bad = max(1, len(_REPLACED_RUN.findall(replaced)) - data.count("\ufffd".encode()))
    valid = len(replaced) - len(replaced.encode("ascii", "ignore")) - replaced.count("\ufffd")
    if valid >= bad:
        return replaced, "utf-8", _replaced_warning(name, data, bad, first_bad)
    declared = _declared_charset(data)
    for encoding in (declared, "cp1252"):
        if encoding:
            try:
                return data.decode(encoding), encoding, ""
            except UnicodeDecodeError:
                continue
    return data.decode("latin-1"), "latin-1", ""


def _replaced_warning(name: str, data: bytes, bad: int, first: int, cut_off: bool = False) -> str:
    """One line: how many byte sequences were not UTF-8, and where the first one is."""
    line = data.count(b"\n", 0, first) + 1
    where = f"at byte {first:,} (line {line:,})"
    if cut_off:
        return (
            f"{name}: ends in the middle of a UTF-8 character {where}, shown as \ufffd;"
            " check that the file is complete."
        )
    sequences = "1 byte sequence is" if bad == 1 else f"{bad:,} byte sequences are"
    return (
        f"{name}: {sequences} not valid UTF-8, the first {where}; each is shown as \ufffd."
        " Re-save the file as UTF-8 if a character is missing."
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str, str] | None:
    """UTF-16 without a byte-order mark, told by its NUL bytes all on one side of each pair."""
    if len(data) % 2 or len(data) < 8:
        return None
    even, odd, half = data[0::2].count(0), data[1::2].count(0), len(data) // 2
    encoding = (
        "utf-16-le" if odd > 0.6 * half and not even
        else "utf-16-be" if even > 0.6 * half and not odd
        else None
    )  # fmt: skip
    low_bytes = data[0::2] if encoding == "utf-16-le" else data[1::2]
    if encoding is None or len(_ASCII_TEXT.sub(b"", low_bytes)) > 0.2 * half:
        return None
    try:
        return data.decode(encoding), encoding, ""
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadInput(
            f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid"
            f" {encoding.upper()}; re-save it as UTF-8 text."
        ) from None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL_CHAR.findall(sample)) > _CONTROL_SHARE_LIMIT * len(sample)


def html_to_text(markup: str) -> str:
    """Visible text of a web page: title first, one blank line between blocks."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.result()


class _TextParser(HTMLParser):
    """Collects visible article text, the page title, its metadata and block boundaries.

    Page furniture is left out: navigation, asides, footers, forms, buttons, the page's
    own header (not an article's), and blocks whose class or id names a cookie banner,
    share buttons, related links and the like, since their text is not the article's.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._title: list[str] = []
        self._hidden_depth = 0
        self._in_title = False
        self._article_depth = 0
        self._skipping: str | None = None
        self._skip_level = 0
        self._meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            self._skip_level += tag == self._skipping
            return
        if tag in _ARTICLE_TAGS:
            self._article_depth += 1
        if self._is_furniture(tag, dict(attrs)):
            self._skipping, self._skip_level = tag, 1
            return
        self._remember_meta(tag, dict(attrs))
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag == "br":
            self._chunks.append("\n")
        elif tag in _BLOCK_TAGS:
            self._chunks.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            return
        self._remember_meta(tag, dict(attrs))
        if tag == "br":
            self._chunks.append("\n")
        elif tag in _BLOCK_TAGS:
            self._chunks.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping:
                self._skip_level -= 1
                if self._skip_level == 0:
                    self._skipping = None
            return
        if tag in _ARTICLE_TAGS:
            self._article_depth = max(0, self._article_depth - 1)
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._chunks.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self._title.append(data)
        elif not self._hidden_depth:
            self._chunks.append(re.sub(r"\s+", " ", data))

    def _is_furniture(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _FURNITURE_TAGS or (tag == "header" and not self._article_depth):
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        return tag not in _ARTICLE_TAGS and bool(_FURNITURE_NAMES.search(names))

    def _remember_meta(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key in _META_KEYS and attrs.get("content"):
                self._meta.setdefault(_META_KEYS[key], " ".join(attrs["content"].split()))
        elif (
            tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href")
        ):
            self._meta.setdefault("url", attrs["href"].strip())

    def result(self) -> str:
        """The collected text with tidy lines and paragraph breaks.

        The page's title comes first, without a trailing " | Site name"; then the site's
        name, publication date and address from its metadata, as labelled lines the
        source extractor reads; then the body.
        """
        body = "".join(self._chunks)
        body_lines = [line.strip() for line in body.split("\n")]
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip()
        title = re.sub(r"\s+", " ", "".join(self._title)).strip()
        site = self._meta.get("site")
        if title and site:
            title = re.sub(rf"\s+[|–—-]\s+{re.escape(site)}\s*$", "", title)
        labels = [
            f"{label}: {self._meta[key]}"
            for key, label in (("site", "Source"), ("published", "Published"), ("url", "URL"))
            if self._meta.get(key)
        ]
        head = "\n".join(([title, ""] if title else []) + labels).strip()
        parts = [part for part in (head, body) if part]
        return "\n\n".join(parts) + "\n" if parts else ""
