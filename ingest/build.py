"""Corpus to dataset: tidy tables with provenance, built incrementally and atomically.

The dataset folder holds one CSV per table (``ingest.tables``), the text of every article
(``texts/``), what the extractor said of each article (``facts/``) and ``manifest.json``.
An article whose bytes, sidecar row and extractor are unchanged is taken from ``facts/``
instead of being extracted again. The new dataset is written beside the old one and
swapped in by renaming, so a crash at any point leaves a whole dataset behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from ingest.atomic import restore_interrupted_swap, swap_backup, swap_lock
from ingest.budget import Extractor, OverBudget
from ingest.colours import COLOURS_NAME, colour_table
from ingest.corrections import Correction, apply_corrections, read_corrections
from ingest.linking import EDITIONS_NAME, infer_operations, link_corpus_operations
from ingest.pool import ExtractionPool, Job, jobs_count
from ingest.read import ArticleText, BadInput, file_kind, read_article, read_file_bytes
from ingest.remote import RemoteCorpus, RemoteFile, read_remote_article
from ingest.tables import (
    ARTICLES,
    COUNTRY_ROLES,
    FIGURES,
    MENTIONS,
    OPERATION_COLOURS,
    OPERATIONS,
    QUOTES,
    REGIONS,
    Table,
)

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
SIDECAR_NAME = "sources.csv"
SIDECAR_FIELDS = ("title", "publisher", "published", "url")
MANIFEST_NAME = "manifest.json"
SIDECAR_MAX_BYTES = 64 * 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTED = ("ingest/*.py", "geo/*.py", "data/gazetteer/*", "data/curated/*")


@dataclass
class BuildReport:
    """What a build did, for the closing line and for tests."""

    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    corrections_not_applied: dict[str, str] = field(default_factory=dict)
    changed: bool = False

    def summary(self) -> str:
        """One line for the terminal."""
        articles = len(self.extracted) + len(self.reused)
        parts = [
            f"{articles} article{'s' if articles != 1 else ''}",
            f"{len(self.extracted)} extracted",
            f"{len(self.reused)} unchanged",
        ]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate file(s) ignored")
        parts.append(f"{len(self.skipped)} file(s) skipped")
        if self.corrected or self.corrections_not_applied:
            parts.append(f"{len(self.corrected)} correction(s) applied")
        if self.corrections_not_applied:
            parts.append(f"{len(self.corrections_not_applied)} correction(s) to review")
        state = "dataset updated" if self.changed else "dataset already up to date"
        return f"{state}: " + ", ".join(parts)


def _text_digest(text: str) -> str:
    """The same article saved twice (another encoding, CRLF, a BOM) reads as the same text."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def article_id(sha256: str) -> str:
    """Short, stable id of an article: its content hash."""
    return sha256[:16]


def extractor_fingerprint(root: Path = ROOT) -> str:
    """Hash of the extractor's code and reviewed tables: a change re-extracts everything."""
    digest = hashlib.sha256()
    for pattern in FINGERPRINTED:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def corpus_files(corpus: Path | RemoteCorpus) -> tuple[list[Path], dict[str, str]]:
    """Article files of a corpus folder, and the other files with why they are skipped."""
    if not corpus.is_dir():
        raise BadInput(
            f"{corpus}: not a folder of articles; give the folder that holds the .txt files"
        )
    articles, skipped = [], {}
    if isinstance(corpus, RemoteCorpus):
        return corpus.article_files(ARTICLE_SUFFIXES, (SIDECAR_NAME, EDITIONS_NAME))
    inside = corpus.resolve()
    for path in sorted(corpus.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name in (SIDECAR_NAME, EDITIONS_NAME):
            continue
        problem = _not_an_article(path, inside)
        if problem:
            skipped[path.name] = problem
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            articles.append(path)
        else:
            skipped[path.name] = f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})"
    return articles, skipped


def _not_an_article(path: Path, corpus: Path) -> str | None:
    """Why a corpus entry is not read: a broken link, a link out of the corpus, not a file.

    Only regular files inside the corpus are read: a link may not bring in a file from
    elsewhere, and a named pipe or a device would never end.
    """
    link = path.is_symlink()
    target = Path(os.path.realpath(path)) if link else path
    if link and not target.exists():
        return "a broken or looping symbolic link; put the article file there"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot be looked at ({error.strerror or type(error).__name__})"
    if not stat.S_ISREG(mode):
        kind = f"a symbolic link to {file_kind(mode)} ({target})" if link else file_kind(mode)
        return f"{kind}, not a regular file; only article files are read"
    if link and not target.is_relative_to(corpus):
        return (
            f"a symbolic link to {target}, outside the corpus; copy the article into the"
            " corpus folder instead"
        )
    return None


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """Known metadata per file from a ``sources.csv`` (empty cells mean unknown).

    Raises:
        BadInput: the file cannot be read, is not UTF-8 CSV text, or has no 'file' column.
    """
    if not path.exists() and not path.is_symlink():
        return {}
    if isinstance(path, RemoteFile):
        data = path.read_bytes(SIDECAR_MAX_BYTES)
    else:
        data = read_file_bytes(path, SIDECAR_MAX_BYTES)
    if b"\x00" in data:
        raise BadInput(
            f"{path}: contains NUL bytes, so it is not a CSV text file; save it from a"
            " spreadsheet as 'CSV UTF-8' with the columns file,title,publisher,published,url"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadInput(
            f"{path}: is not UTF-8 text (the first other byte is at {error.start:,}, line"
            f" {line:,}); save it as 'CSV UTF-8', or with the encoding UTF-8, and try again"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise BadInput(
            f"{path}: line {reader.line_num + 1:,} cannot be read as CSV ({error}); a cell holds"
            " one title, outlet, date or address: check the quotes on that line"
        ) from None
    if rows and "file" not in rows[0]:
        raise BadInput(f"{path}: needs a 'file' column naming each article file")
    return {
        row["file"]: {key: (row.get(key) or "").strip() for key in SIDECAR_FIELDS}
        for row in rows
        if row.get("file")
    }


def build(
    corpus: Path,
    out: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda files: files,
    warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    corrections: Path | None = None,
    budget: float | None = None,
    extractor: Extractor | None = None,
    jobs: int | None = 1,
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> BuildReport:
    """Build (or bring up to date) the dataset in ``out`` from the articles in ``corpus``.

    ``corrections`` is a corrections file (``ingest.corrections``) applied to the tables;
    a missing file means no corrections. Each article is extracted by ``extractor``, or
    by one made for this build with ``budget`` (``ingest.budget``); an article that
    takes longer is skipped. ``jobs`` articles are extracted at once (``ingest.pool``;
    None for every core), with the same dataset whatever their number. ``scheduler``
    extracts on a Dask cluster instead (``ingest.cluster``: an address, or ``local``
    for one of ``jobs`` workers started here), ``batch_size`` articles a task (None:
    about a second's work), with the same dataset again.

    Raises:
        BadInput: the corpus is not a folder, its sources.csv or the corrections file
            cannot be read, or ``jobs`` is not 1 or more.
    """
    jobs = jobs_count(jobs)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        if extractor is None:
            extractor = stack.enter_context(Extractor(budget))
        stack.enter_context(FileLock(str(out.parent / f".{out.name}.lock")))
        recover_interrupted_swap(out)
        if scheduler is None:
            pool = stack.enter_context(ExtractionPool(jobs, extractor))
        else:
            pool = stack.enter_context(_cluster_pool(scheduler, jobs, extractor.budget, batch_size))
        return _build_locked(corpus, out, progress, warn, read_corrections(corrections), pool)


def _cluster_pool(scheduler: str, jobs: int, budget: float, batch_size: int | None):
    """An `ingest.cluster.ClusterPool`, importing Dask only now."""
    try:
        from ingest.cluster import ClusterPool
    except ImportError as missing:
        raise BadInput(
            f"--scheduler needs Dask ({missing.name or missing} is not installed); install it"
            " with pip install 'dask[distributed]', or build without --scheduler"
        ) from None
    return ClusterPool(scheduler, jobs, budget, batch_size, extractor_fingerprint())


@dataclass
class _ReadFile:
    """A corpus file as read ahead of the build's loop: its text or why not, its cache."""

    path: Path
    article: ArticleText | None = None
    problem: BadInput | None = None
    row: Mapping[str, str] = field(default_factory=dict)
    key: str = ""
    cached_facts: dict | None = None
    cached_json: bytes | None = None
    """The dataset's file of ``cached_facts`` as it is: written again unchanged."""


def _build_locked(
    corpus, out, progress, warn, corrections: list[Correction], pool: ExtractionPool
) -> BuildReport:
    report = BuildReport()
    files, report.skipped = corpus_files(corpus)
    sidecar = read_sidecar(corpus / SIDECAR_NAME)
    fingerprint = extractor_fingerprint()
    previous = _read_manifest(out)
    cached = previous.get("articles", {}) if previous.get("extractor") == fingerprint else {}

    def read(path: Path) -> _ReadFile:
        try:
            article = (
                read_remote_article(path) if isinstance(path, RemoteFile) else read_article(path)
            )
        except BadInput as problem:
            return _ReadFile(path, problem=problem)
        row = sidecar.get(path.name, {})
        key = _cache_key(article.sha256, row)
        cached_json = _cached_json(out, cached.get(article_id(article.sha256)), key)
        cached_facts = _parsed(cached_json)
        if cached_facts is None:
            cached_json = None
        return _ReadFile(path, article, None, row, key, cached_facts, cached_json)

    texts_ahead: set[str] = set()

    def job_of(read_file: _ReadFile) -> Job | None:
        """Extract ahead the first file of each text that is not in the dataset already."""
        if read_file.article is None:
            return None
        digest = _text_digest(read_file.article.text)
        first = digest not in texts_ahead
        texts_ahead.add(digest)
        if first and read_file.cached_facts is None:
            return read_file.article, read_file.row
        return None

    facts_by_id: dict[str, dict] = {}
    rendered_facts: dict[str, bytes] = {}
    texts: dict[str, str] = {}
    texts_seen: dict[str, str] = {}
    entries: dict[str, dict] = {}
    read_ahead = pool.ahead(map(read, files), job_of)
    for path in progress(files):
        read_file, extraction = next(read_ahead)
        article = read_file.article
        if article is None:
            report.skipped[path.name] = _skip_reason(path, read_file.problem)
            continue
        if article.warning:
            warn(article.warning)
        ident = article_id(article.sha256)
        same_text = texts_seen.setdefault(_text_digest(article.text), ident)
        if ident in entries or same_text != ident:
            report.duplicates[path.name] = same_text
            continue
        key = read_file.key
        if read_file.cached_facts is not None:
            facts_by_id[ident] = read_file.cached_facts
            if read_file.cached_json is not None:
                rendered_facts[ident] = read_file.cached_json
            report.reused.append(path.name)
        else:
            try:
                facts_by_id[ident] = (
                    extraction.result() if extraction else pool.facts(article, read_file.row)
                )
            except OverBudget as problem:
                report.skipped[path.name] = str(problem)
                del texts_seen[_text_digest(article.text)]
                continue
            report.extracted.append(path.name)
        texts[ident] = article.text
        entries[ident] = {"file": path.name, "sha256": article.sha256, "cache_key": key}

    for name, reason in sorted(report.skipped.items()):
        warn(f"skipped {name}: {reason}")
    manifest = {
        "extractor": fingerprint,
        "articles": {ident: entries[ident] for ident in sorted(entries)},
        "duplicates": dict(sorted(report.duplicates.items())),
        "skipped": dict(sorted(report.skipped.items())),
    }
    corrected = apply_corrections(table_rows(facts_by_id, texts, manifest), corrections)
    report.corrected = [correction.describe() for correction in corrected.applied]
    report.corrections_not_applied = {c.describe(): why for c, why in corrected.not_applied}
    for described, why in report.corrections_not_applied.items():
        warn(f"correction not applied ({described}): {why}")
    files_of = {ident: entry["file"] for ident, entry in entries.items()}
    problems = link_corpus_operations(corrected.rows, corpus / EDITIONS_NAME, files_of)
    corrected.rows[OPERATION_COLOURS.name], colour_problems = colour_table(
        corrected.rows, out / COLOURS_NAME
    )
    for problem in problems + colour_problems:
        warn(problem)
    manifest["corrections"] = {
        "applied": report.corrected,
        "not_applied": report.corrections_not_applied,
    }
    files_out = render_files(corrected.rows, facts_by_id, texts, manifest, rendered_facts)
    unchanged = _unchanged_files(out, files_out)
    report.changed = unchanged != set(files_out) or _file_names(out) != set(files_out)
    if report.changed:
        write_atomically(out, files_out, unchanged=unchanged)
    return report


def _skip_reason(path: Path, problem: BadInput) -> str:
    if not path.exists() and not path.is_symlink():
        return "disappeared while the dataset was being built; add it again if it was wanted"
    return str(problem)


def render_files(
    rows: Mapping[str, list[dict]],
    facts_by_id: Mapping[str, dict],
    texts: Mapping[str, str],
    manifest: dict,
    rendered_facts: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The dataset's files from its table rows and each article's facts and text.

    ``rendered_facts`` holds facts files already written by this extractor (an unchanged
    article's, read back from the dataset): they are kept as they are, not encoded again.
    """
    rendered_facts = rendered_facts or {}
    files = {f"{table.name}.csv": _csv_bytes(table, rows[table.name]) for table in TABLES}
    for ident in sorted(facts_by_id):
        files[f"facts/{ident}.json"] = rendered_facts.get(ident) or _facts_json(
            facts_by_id[ident]
        )
        files[f"texts/{ident}.txt"] = texts[ident].encode("utf-8")
    files[MANIFEST_NAME] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def _facts_json(facts: Mapping) -> bytes:
    return (json.dumps(facts, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


TABLES: tuple[Table, ...] = (
    ARTICLES, OPERATIONS, MENTIONS, COUNTRY_ROLES, REGIONS, FIGURES, QUOTES, OPERATION_COLOURS
)  # fmt: skip


def table_rows(
    facts_by_id: Mapping[str, dict], texts: Mapping[str, str], manifest: dict
) -> dict[str, list[dict]]:
    """Flatten each article's facts into tidy rows, one list per table."""
    rows: dict[str, list[dict]] = {table.name: [] for table in TABLES}
    inferences = infer_operations(facts_by_id)
    for ident in sorted(facts_by_id):
        facts = facts_by_id[ident]
        source = facts["source"]
        operation_names = [op["name"] for op in facts["operations"]]
        rows["articles"].append(
            {
                "article_id": ident,
                "file": manifest["articles"][ident]["file"],
                "sha256": source["sha256"],
                "title": source["title"],
                "publisher": source["publisher"],
                "published_date": source["published"],
                "published_month": source.get("published_month"),
                "url": source["url"],
                "inferred_fields": ";".join(source.get("inferred", ())),
                "n_chars": len(texts[ident]),
                "operations": ";".join(operation_names),
                "is_unattributed": not operation_names,
                "inferred_operation": getattr(inferences.get(ident), "operation", None),
                "inference": getattr(inferences.get(ident), "evidence", None),
            }
        )
        spans: dict[str, dict] = {}
        for mention in facts.get("operation_mentions", []):
            spans.setdefault(mention["name"], mention)
        for op in facts["operations"]:
            first = spans.get(op["name"], {})
            rows["operations"].append(
                {
                    "article_id": ident,
                    "operation": op["name"],
                    "start_date": op["start"],
                    "end_date": op["end"],
                    "span_start": first.get("start"),
                    "span_end": first.get("end"),
                    "surface": first.get("surface"),
                    **_confidence_row(op),
                }
            )
        roles = facts["countries"]
        grouped: dict[tuple, list[dict]] = {}
        for mention in facts["mentions"]:
            rows["mentions"].append(
                {
                    "article_id": ident,
                    **_span_row(mention),
                    "iso3": mention["iso3"],
                    "role": mention["role"],
                    "operation": mention["operation"],
                    **_confidence_row(mention),
                }
            )
            if mention["role"] in roles.get(mention["iso3"], []):
                key = (mention["iso3"], mention["role"], mention["operation"] or "")
                grouped.setdefault(key, []).append(mention)
        for (iso3, role, operation), mentions in sorted(grouped.items()):
            first = mentions[0]
            surest = min(mentions, key=_doubtfulness)
            rows["country_roles"].append(
                {
                    "article_id": ident,
                    "iso3": iso3,
                    "role": role,
                    "operation": operation,
                    "n_mentions": len(mentions),
                    **_span_row(first),
                    **_confidence_row(surest),
                }
            )
        for region in facts.get("region_mentions", []):
            rows["regions"].append(
                {"article_id": ident, "region": region["region"], **_span_row(region)}
            )
        for figure in facts["figures"]:
            rows["figures"].append(
                {
                    "article_id": ident,
                    "operation": figure["operation"],
                    "metric": figure["metric"],
                    "value": figure["value"],
                    "qualifier": figure["qualifier"],
                    **_span_row(figure),
                    **_confidence_row(figure),
                }
            )
        for quote in facts["quotes"]:
            rows["quotes"].append(
                {
                    "article_id": ident,
                    "quote_id": quote_id(quote["text"]),
                    "speaker": quote["speaker"],
                    "speaker_title": quote["speaker_title"],
                    "text": quote["text"],
                    "operation": quote["operation"],
                    "span_start": quote["start"],
                    "span_end": quote["end"],
                    **_confidence_row(quote),
                }
            )
    return rows


def quote_id(words: str) -> str:
    """The same words (ignoring case, quotes style and spacing) get the same id."""
    normal = " ".join(words.lower().replace("’", "'").replace("‘", "'").split())
    normal = normal.strip(" .,;:…'\"")
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def _confidence_row(fact: Mapping) -> dict:
    return {
        "rule_id": fact.get("rule") or None,
        "confidence": fact.get("confidence") or None,
        "doubt": fact.get("doubt") or None,
    }


def _doubtfulness(fact: Mapping) -> int:
    """0 for a high-confidence fact, 2 for a low one (a fact with none counts as low)."""
    return {"high": 0, "medium": 1}.get(fact.get("confidence") or "", 2)


def _span_row(fact: Mapping) -> dict:
    return {"span_start": fact["start"], "span_end": fact["end"], "surface": fact.get("surface")}


def _csv_bytes(table: Table, rows: list[dict]) -> bytes:
    """The table as CSV: None as an empty cell, everything else as ``str`` writes it.

    That is what the csv module does with a value of its own accord (True as "True",
    0.5 as "0.5"), so the rows go to it as they are, a whole table in one call.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = table.column_names
    writer.writerow(names)
    writer.writerows([row.get(name) for name in names] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _cache_key(sha256: str, sidecar_row: Mapping[str, str]) -> str:
    payload = json.dumps({"sha256": sha256, "sidecar": dict(sorted(sidecar_row.items()))})
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _cached_json(out: Path, entry: dict | None, key: str) -> bytes | None:
    """The dataset's facts file for an article whose text and sources row are unchanged."""
    if not entry or entry.get("cache_key") != key:
        return None
    try:
        return (out / "facts" / f"{article_id(entry['sha256'])}.json").read_bytes()
    except OSError:
        return None


def _parsed(facts_json: bytes | None) -> dict | None:
    if facts_json is None:
        return None
    try:
        facts = json.loads(facts_json.decode("utf-8"))
    except ValueError:
        return None
    return facts if isinstance(facts, dict) else None


def _read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _file_names(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def _unchanged_files(out: Path, files: Mapping[str, bytes]) -> set[str]:
    """The names of ``files`` that the dataset in ``out`` already holds, byte for byte."""
    unchanged = set()
    for name, data in files.items():
        try:
            if (out / name).stat().st_size == len(data) and (out / name).read_bytes() == data:
                unchanged.add(name)
        except OSError:
            continue
    return unchanged


def write_atomically(
    out: Path,
    files: Mapping[str, bytes],
    *,
    unchanged: Collection[str] = (),
    between_renames: Callable[[], object] | None = None,
) -> None:
    """Write the whole dataset beside ``out``, then swap it in by renaming.

    The two renames happen under the swap lock, so a reader holding it (``dashboard``)
    sees the old dataset or the new one, never a missing folder or a mix of both.
    The files named in ``unchanged`` hold in ``out`` what ``files`` gives them: they are
    hard-linked from there, not written and synced again (written where links cannot be
    made). Dataset files are never changed in place, so the two folders may share them.
    ``between_renames`` is called while the old folder is moved away and the new one is
    not yet in place, so a test can hold a swap at its one delicate moment.
    """
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    unchanged = frozenset(unchanged)
    for name, data in files.items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in unchanged and _linked(out / name, target):
            continue
        with target.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    backup = swap_backup(out)
    shutil.rmtree(backup, ignore_errors=True)
    with swap_lock(out, exclusive=True):
        if out.exists():
            os.replace(out, backup)
        if between_renames is not None:
            between_renames()
        os.replace(staging, out)
    shutil.rmtree(backup, ignore_errors=True)


def _linked(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def recover_interrupted_swap(out: Path) -> None:
    """Put the previous dataset back if a build died between its two renames."""
    backup = swap_backup(out)
    if not restore_interrupted_swap(out) and not out.exists() and backup.is_dir():
        os.replace(backup, out)  # without a swap lock: the build lock keeps builds out
    for staging in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(staging, ignore_errors=True)
