"""Command line: ``extract`` one article, ``build`` a dataset, ``add`` articles to a corpus.

Bad input ends with exit status 2 and one line on stderr that says what was wrong and
what to do; nothing is half-written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ingest.add import add_article, validate_metadata
from ingest.build import SIDECAR_NAME, build, read_sidecar
from ingest.extract import extract_article
from ingest.read import MAX_BYTES, BadInput, read_article

EXIT_BAD_INPUT = 2


def parser() -> argparse.ArgumentParser:
    """The argument parser, shared by ``python -m ingest`` and ``atlas-ingest``."""
    top = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Turn news articles about anti-trafficking operations into sourced facts.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help="print the facts of one article",
        description="Print the facts of one article (operations, countries and roles, "
        "figures, quotes), each with its character span.",
    )
    extract.add_argument("file", type=Path, help="article file (.txt, .md or .html)")
    extract.add_argument(
        "--format", choices=("json",), default="json", help="output format (default: json)"
    )
    extract.add_argument(
        "--sidecar",
        type=Path,
        help=f"CSV of known metadata (default: {SIDECAR_NAME} beside the file, if present)",
    )

    build_cmd = commands.add_parser(
        "build",
        help="build the dataset tables from a folder of articles",
        description="Build (or bring up to date) the dataset from a folder of articles: "
        "incremental, atomic, and the same article twice adds nothing.",
    )
    build_cmd.add_argument("corpus", type=Path, help="folder of article files")
    build_cmd.add_argument("--out", type=Path, required=True, help="dataset folder to write")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bar or summary")

    add = commands.add_parser(
        "add",
        help="add article files to a corpus and update its dataset",
        description="Add article files (.txt, .md, .html) to a corpus folder and bring its "
        "dataset up to date. The same text twice is added once.",
    )
    add.add_argument("files", type=Path, nargs="+", metavar="FILE", help="article files")
    add.add_argument("--url", help="address of the article (http or https)")
    add.add_argument("--outlet", help="outlet that published it")
    add.add_argument("--date", help="publication date, YYYY-MM-DD")
    add.add_argument("--corpus", type=Path, default=Path("seeds"), help="corpus folder (default: seeds)")
    add.add_argument("--out", type=Path, default=Path("data/seed"), help="dataset folder (default: data/seed)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status."""
    args = parser().parse_args(argv)
    try:
        if args.command == "extract":
            return run_extract(args.file, args.sidecar)
        if args.command == "add":
            return run_add(args)
        return run_build(args.corpus, args.out, args.quiet)
    except BadInput as problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run_extract(file: Path, sidecar_path: Path | None) -> int:
    """Print one article's facts as JSON."""
    article = read_article(file)
    if sidecar_path and not sidecar_path.is_file():
        raise BadInput(f"{sidecar_path}: no such sidecar file; give a CSV with a 'file' column")
    row = read_sidecar(sidecar_path or file.parent / SIDECAR_NAME).get(file.name)
    print(extract_article(article, row).to_json())
    return 0


def run_build(corpus: Path, out: Path, quiet: bool) -> int:
    """Build the dataset, with a progress bar on a terminal."""
    progress = _progress_bar if (sys.stderr.isatty() and not quiet) else (lambda files: files)
    report = build(corpus, out, progress=progress)
    if not quiet:
        print(report.summary(), file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add each file (reporting each), then rebuild the dataset once."""
    metadata = validate_metadata(args.url, args.outlet, args.date)
    failures = 0
    for path in args.files:
        try:
            data = _read_for_add(path)
            result = add_article(data, args.corpus, name=str(path), metadata=metadata)
        except BadInput as problem:
            failures += 1
            print(f"error: {problem}", file=sys.stderr)
            continue
        print(result.message, file=sys.stderr)
    run_build(args.corpus, args.out, quiet=False)
    return EXIT_BAD_INPUT if failures else 0


def _read_for_add(path: Path) -> bytes:
    if not path.exists():
        raise BadInput(f"{path}: no such file; check the path")
    if not path.is_file():
        raise BadInput(f"{path}: is a folder, not an article file; give the files inside it")
    if path.stat().st_size > MAX_BYTES:
        raise BadInput(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; save only the article's text")
    return path.read_bytes()


def _progress_bar(files):
    from tqdm import tqdm

    return tqdm(files, desc="articles", unit="file", file=sys.stderr)
