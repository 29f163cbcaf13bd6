"""Add articles to a corpus safely: validated, deduplicated, written atomically, locked.

The corpus keeps the article's text as read (HTML already reduced to text, any encoding
already decoded to UTF-8), so later offsets always point into the stored file. Metadata
the person gives (URL, outlet, date) goes into the corpus's ``sources.csv``, before the
article itself: an add stopped between the two leaves a row for a file not there (which
a build ignores and the next add of the article completes), never an article whose
outlet is lost. An article is only stored once it has been extracted within the budget
(``ingest.budget``), so no article in a corpus can hold up its builds.
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
from ingest.budget import Extractor, article_record
from ingest.build import (
    ARTICLE_SUFFIXES,
    SIDECAR_FIELDS,
    SIDECAR_NAME,
    article_id,
    corpus_files,
    read_sidecar,
)
from ingest.read import MAX_BYTES, BadInput, decode_report, read_file_bytes

MAX_TITLE_CHARS = 300
"""A headline a person types is at most this long."""


@dataclass(frozen=True)
class AddResult:
    """What happened to one article: its file in the corpus, and whether it is new."""

    file: str
    article_id: str
    added: bool
    message: str
    warnings: tuple[str, ...] = ()
    """What reading the article changed (bytes that were not UTF-8), one line each."""


def validate_metadata(
    url: str | None, outlet: str | None, published: str | None, title: str | None = None
) -> dict[str, str]:
    """Sidecar fields from what a person typed, or BadInput saying what to fix."""
    url, outlet, published, title = (
        value.strip() if value else "" for value in (url, outlet, published, title)
    )
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
    if len(title) > MAX_TITLE_CHARS:
        raise BadInput(
            f"headline is longer than {MAX_TITLE_CHARS} characters; give the headline only"
        )
    return {
        "title": " ".join(title.split()),
        "publisher": outlet,
        "published": published,
        "url": url,
    }


def add_article(
    data: bytes,
    corpus: Path,
    *,
    name: str = "pasted text",
    metadata: Mapping[str, str] | None = None,
    extractor: Extractor | None = None,
) -> AddResult:
    """Store one article's bytes in the corpus unless the same text is already there.

    ``name`` is only used in messages: the stored file is named by content hash, never by
    what an upload claims to be called. An article already there gets the metadata its
    ``sources.csv`` row lacks (an earlier add may have been stopped before writing it).

    Raises:
        BadInput: the bytes are not an article, the corpus's sources.csv cannot be read,
            or extracting the article outlasts ``extractor``'s budget (``OverBudget``);
            nothing is written then.
    """
    if len(data) > MAX_BYTES:
        raise BadInput(
            f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB; save only the article's text"
        )
    decoded = decode_report(data, name)
    warnings = (decoded.warning,) if decoded.warning else ()
    stored = decoded.text.encode("utf-8")
    digests = {hashlib.sha256(data).hexdigest(), hashlib.sha256(stored).hexdigest()}
    sizes = {len(data), len(stored)}
    ident = article_id(hashlib.sha256(stored).hexdigest())
    file_name = f"added_{ident}.txt"
    row = {key: value for key, value in (metadata or {}).items() if value}
    sidecar = corpus / SIDECAR_NAME
    read_sidecar(sidecar)
    if not _existing_file(corpus, digests, sizes):
        _extract_within_budget(extractor, name, decoded.text, file_name, stored, row)
    corpus.mkdir(parents=True, exist_ok=True)
    with FileLock(str(corpus / ".corpus.lock")):
        rows = read_sidecar(sidecar)
        existing = _existing_file(corpus, digests, sizes)
        if existing:
            filled = _fill_missing(sidecar, rows, existing, row)
            return AddResult(existing, ident, False, _again(name, existing, filled), warnings)
        previous = sidecar.read_bytes() if row and sidecar.exists() else None
        if row:
            _write_sidecar(sidecar, {**rows, file_name: _sidecar_row(row)})
        try:
            replace_file(corpus / file_name, stored)
        except BaseException:
            _restore(sidecar, previous, bool(row))
            raise
    return AddResult(
        file_name, ident, True, f"{name}: added to the corpus as {file_name}", warnings
    )


def _extract_within_budget(
    extractor: Extractor | None,
    name: str,
    text: str,
    file_name: str,
    stored: bytes,
    row: Mapping[str, str],
) -> None:
    """Extract the article as a build would, so one that outlasts the budget is refused."""
    job = (article_record, text, file_name, hashlib.sha256(stored).hexdigest(), _sidecar_row(row))
    if extractor is not None:
        extractor.call(name, *job)
        return
    with Extractor() as own:
        own.call(name, *job)


def _again(name: str, existing: str, filled: list[str]) -> str:
    if filled:
        return (
            f"{name}: already in the corpus as {existing}; recorded its missing "
            f"{', '.join(filled)} in {SIDECAR_NAME}"
        )
    return f"{name}: already in the corpus as {existing}; nothing changed"


def _fill_missing(
    sidecar: Path, rows: dict[str, dict[str, str]], file_name: str, given: Mapping[str, str]
) -> list[str]:
    """Give an article's sidecar row the fields it lacks; return the names of those filled."""
    known = rows.get(file_name, {})
    filled = [key for key in SIDECAR_FIELDS if given.get(key) and not known.get(key)]
    if filled:
        updated = {**_sidecar_row(known), **{key: given[key] for key in filled}}
        _write_sidecar(sidecar, {**rows, file_name: updated})
    return [_FIELD_WORDS[key] for key in filled]


_FIELD_WORDS = {"title": "title", "publisher": "outlet", "published": "date", "url": "URL"}


def _sidecar_row(row: Mapping[str, str]) -> dict[str, str]:
    return {key: row.get(key, "") for key in SIDECAR_FIELDS}


def _existing_file(corpus: Path, digests: set[str], sizes: set[int]) -> str | None:
    """The corpus file holding these bytes (as given or as stored), if one does.

    Only a file of one of their ``sizes`` can hold them, so the rest are not read.
    """
    if not corpus.is_dir():
        return None
    for path in corpus_files(corpus)[0]:
        if path.suffix.lower() in ARTICLE_SUFFIXES and _size(path) in sizes:
            try:
                data = read_file_bytes(path)
            except BadInput:
                continue
            if hashlib.sha256(data).hexdigest() in digests:
                return path.name
    return None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _write_sidecar(sidecar: Path, rows: Mapping[str, Mapping[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("file", *SIDECAR_FIELDS))
    for name in sorted(rows):
        writer.writerow((name, *(rows[name].get(key, "") for key in SIDECAR_FIELDS)))
    replace_file(sidecar, buffer.getvalue().encode("utf-8"))


def _restore(sidecar: Path, previous: bytes | None, written: bool) -> None:
    """Put ``sources.csv`` back as it was before a failed add."""
    if not written:
        return
    if previous is None:
        sidecar.unlink(missing_ok=True)
    else:
        replace_file(sidecar, previous)
