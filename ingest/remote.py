"""A corpus in an object store or another fsspec file system, read like a local folder.

``ingest build s3://bucket/articles --out DIR`` reads its articles, ``sources.csv`` and
``editions.csv`` through fsspec (s3:// with s3fs, gs:// with gcsfs, abfs:// with adlfs,
and every other protocol fsspec knows). A ``file://`` address is the local folder it
names, read with every check of a local corpus. `RemoteCorpus` and `RemoteFile` offer
the few things a build asks of a folder and its files, so the build's loop is the same
for both; articles are read one at a time, as the build asks for them.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ingest.read import MAX_BYTES, ArticleText, BadInput, decode_report

SIDECAR_MAX_BYTES = 64 * 1024 * 1024


def corpus_location(text: str) -> Path | RemoteCorpus:
    """The folder or store address given on the command line, as a build reads it.

    Raises:
        BadInput: a store address without fsspec, or with a protocol fsspec lacks.
    """
    if "://" not in text:
        return Path(text)
    parts = urlsplit(text)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise BadInput(f"{text}: a file:// address names this machine; give file:///PATH")
        return Path(unquote(parts.path))
    return RemoteCorpus(text)


class RemoteCorpus:
    """A folder of articles in an fsspec store."""

    def __init__(self, url: str) -> None:
        try:
            import fsspec.core
        except ImportError:
            raise BadInput(
                f"{url}: reading a corpus from a store needs fsspec; install it (and the"
                " store's package: s3fs, gcsfs, adlfs) with pip, or copy the corpus here"
            ) from None
        try:
            self._fs, root = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as error:
            raise BadInput(
                f"{url}: fsspec cannot open this store ({error}); install the package it"
                " names, or copy the corpus to a local folder"
            ) from None
        self._root = root.rstrip("/")
        self._url = url.rstrip("/")

    def __str__(self) -> str:
        return self._url

    def __truediv__(self, name: str) -> RemoteFile:
        return RemoteFile(self._fs, f"{self._root}/{name}", f"{self._url}/{name}")

    def is_dir(self) -> bool:
        """Whether the address names a folder the store can list."""
        try:
            return self._fs.isdir(self._root)
        except OSError:
            return False

    def article_files(
        self, suffixes: tuple[str, ...], others: tuple[str, ...]
    ) -> tuple[list[RemoteFile], dict[str, str]]:
        """Its files named ``*suffixes`` by name, and the rest (not ``others``) with why not."""
        try:
            listed = self._fs.ls(self._root, detail=True)
        except OSError as error:
            raise BadInput(f"{self._url}: cannot be listed ({error}); check the address") from None
        articles, skipped = [], {}
        for entry in sorted(listed, key=lambda entry: PurePosixPath(entry["name"]).name):
            file = self / PurePosixPath(entry["name"]).name
            if file.name.startswith(".") or file.name in others:
                continue
            if entry.get("type") != "file":
                skipped[file.name] = "not a file; only article files are read"
            elif file.suffix.lower() in suffixes:
                articles.append(file)
            else:
                skipped[file.name] = f"not an article file (expected {', '.join(suffixes)})"
        return articles, skipped


class RemoteFile:
    """One file of a `RemoteCorpus`, named like a local path in messages."""

    def __init__(self, fs, path: str, url: str) -> None:
        self._fs, self._path, self._url = fs, path, url
        self.key = path
        self.name = PurePosixPath(path).name
        self.suffix = PurePosixPath(path).suffix

    def __str__(self) -> str:
        return self._url

    def exists(self) -> bool:
        """Whether the store has it."""
        try:
            return self._fs.exists(self._path)
        except OSError:
            return False

    def is_symlink(self) -> bool:
        """A store has no links."""
        return False

    def read_bytes(self, limit: int) -> bytes:
        """Its bytes, at most ``limit`` of them.

        Raises:
            BadInput: it cannot be read, or is larger than ``limit``.
        """
        try:
            size = self._fs.size(self._path)
            if size is not None and size > limit:
                raise BadInput(
                    f"{self._url}: is {size:,} bytes, more than the {limit:,} an article may"
                    " have; split it into articles"
                )
            data = self._fs.cat_file(self._path, start=0, end=limit + 1)
        except OSError as error:
            raise BadInput(f"{self._url}: cannot be read ({error}); check the store") from None
        if len(data) > limit:
            raise BadInput(f"{self._url}: is larger than the {limit:,} bytes an article may have")
        return data

    def open(self, encoding: str = "utf-8", newline: str | None = None) -> io.TextIOWrapper:
        """Its text, for a CSV reader."""
        data = self.read_bytes(SIDECAR_MAX_BYTES)
        return io.TextIOWrapper(io.BytesIO(data), encoding, None, newline)


def read_remote_article(file: RemoteFile) -> ArticleText:
    """`ingest.read.read_article` for a file in a store.

    Raises:
        BadInput: it cannot be read, or is empty, binary, too large or undecodable.
    """
    data = file.read_bytes(MAX_BYTES)
    decoded = decode_report(data, str(file))
    return ArticleText(
        path=PurePosixPath(file.key),
        text=decoded.text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        was_html=decoded.was_html,
        warning=decoded.warning,
    )
