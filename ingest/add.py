"""Add articles to a corpus safely: validated, deduplicated, written atomically, locked.

The corpus keeps the article's text as read (HTML already reduced to text, any encoding
already decoded to UTF-8), so later offsets always point into the stored file. Metadata
the person gives (URL, outlet, date) goes into the corpus's ``sources.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from ingest.atomic import replace_file
from ingest.build import ARTICLE_SUFFIXES, SIDECAR_FIELDS, SIDECAR_NAME, article_id, read_sidecar
from ingest.read import MAX_BYTES, BadInput, decode_article


@dataclass(frozen=True)
class AddResult:
    """What happened to one article: its file in the corpus, and whether it is new."""

    file: str
    article_id: str
    added: bool
    message: str


def validate_metadata(url: str | None, outlet: str | None, published: str | None) -> dict[str, str]:
    """Sidecar fields from what a person typed, or BadInput saying what to fix."""
    url, outlet, published = (value.strip() if value else "" for value in (url, outlet, published))
    if url and not url.lower().startswith(("http://", "https://")):
        raise BadInput(
            f"URL {url!r} is not a web address; give one starting with http:// or https://"
        )
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise BadInput(f"date {published!r} is not a date; give it as YYYY-MM-DD") from None
    if len(outlet) > 200:
        raise BadInput("outlet name is longer than 200 characters; give the outlet's name only")
    return {"title": "", "publisher": outlet, "published": published, "url": url}


def add_article(
    data: bytes,
    corpus: Path,
    *,
    name: str = "pasted text",
    metadata: Mapping[str, str] | None = None,
) -> AddResult:
    """Store one article's bytes in the corpus unless the same text is already there.

    ``name`` is only used in messages: the stored file is named by content hash, never by
    what an upload claims to be called.
    """
    if len(data) > MAX_BYTES:
        raise BadInput(
            f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB; save only the article's text"
        )
    text, _encoding = decode_article(data, name)
    stored = text.encode("utf-8")
    ident = article_id(hashlib.sha256(stored).hexdigest())
    corpus.mkdir(parents=True, exist_ok=True)
    with FileLock(str(corpus / ".corpus.lock")):
        existing = _existing_file(
            corpus, {hashlib.sha256(data).hexdigest(), hashlib.sha256(stored).hexdigest()}
        )
        if existing:
            return AddResult(
                existing,
                ident,
                False,
                f"{name}: already in the corpus as {existing}; nothing changed",
            )
        file_name = f"added_{ident}.txt"
        replace_file(corpus / file_name, stored)
        row = {key: value for key, value in (metadata or {}).items() if value}
        if row:
            _add_sidecar_row(corpus, file_name, row)
    return AddResult(file_name, ident, True, f"{name}: added to the corpus as {file_name}")


def _existing_file(corpus: Path, digests: set[str]) -> str | None:
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
            if hashlib.sha256(path.read_bytes()).hexdigest() in digests:
                return path.name
    return None


def _add_sidecar_row(corpus: Path, file_name: str, row: Mapping[str, str]) -> None:
    sidecar = corpus / SIDECAR_NAME
    rows = read_sidecar(sidecar)
    rows[file_name] = {key: row.get(key, "") for key in SIDECAR_FIELDS}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("file", *SIDECAR_FIELDS))
    for name in sorted(rows):
        writer.writerow((name, *(rows[name].get(key, "") for key in SIDECAR_FIELDS)))
    replace_file(sidecar, buffer.getvalue().encode("utf-8"))
