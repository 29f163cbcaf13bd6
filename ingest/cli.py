"""Command line: ``extract`` one article, ``build`` a dataset, ``add`` articles, ``correct`` a fact.

Bad input ends with exit status 2 and one line on stderr that says what was wrong and
what to do; nothing is half-written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ingest.add import add_article, validate_metadata
from ingest.atomic import restore_interrupted_swap
from ingest.budget import BUDGET_VARIABLE, DEFAULT_BUDGET_SECONDS, Extractor
from ingest.build import SIDECAR_NAME, build, read_sidecar
from ingest.corrections import (
    CORRECTABLE,
    DEFAULT_CORRECTIONS,
    DELETE_FIELD,
    TABLES_BY_NAME,
    append_correction,
    correction_for,
    dataset_rows,
    format_key,
    key_of,
    read_corrections,
)
from ingest.pool import default_jobs
from ingest.read import BadInput, read_article, read_file_bytes
from ingest.remote import corpus_location
from ingest.shown import dash_hint, for_terminal, shown_path

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
    _budget_option(extract)

    build_cmd = commands.add_parser(
        "build",
        help="build the dataset tables from a folder of articles",
        description="Build (or bring up to date) the dataset from a folder of articles: "
        "incremental, atomic, and the same article twice adds nothing.",
    )
    build_cmd.add_argument(
        "corpus",
        help="folder of article files, or its fsspec address (file://, s3://, gs://, ...)",
    )
    build_cmd.add_argument("--out", type=Path, required=True, help="dataset folder to write")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    build_cmd.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=f"articles extracted at once (default: every core, here {default_jobs()});"
        " the dataset is the same whatever N; --budget 0 extracts one at a time",
    )
    build_cmd.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on a Dask cluster: its scheduler's address (tcp://HOST:8786), or"
        " 'local' for one started here with --jobs workers; the dataset is the same",
    )
    build_cmd.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="articles per Dask task, with --scheduler (default: about a second's work)",
    )
    _corrections_option(build_cmd)
    _budget_option(build_cmd)

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
    add.add_argument("--title", help="headline, when the text gives none")
    _dataset_options(add)
    _corrections_option(add)
    _budget_option(add)

    correct = commands.add_parser(
        "correct",
        help="mark an extracted fact as wrong and record the right value",
        description="Record a person's correction of one fact in the corrections file, then "
        "rebuild the dataset: the fact shows the corrected value, flagged as a human "
        "correction, in every later build. List an article's facts and their keys with "
        "--list first.",
        epilog="examples:\n"
        "  python -m ingest correct 0123456789abcdef --list\n"
        "  python -m ingest correct 0123456789abcdef --table country_roles \\\n"
        "      --key 'iso3=CAN;role=mentioned;operation=Libertad' --field role --to funder \\\n"
        "      --note 'paragraph 4: funded by the Canadian government'\n"
        "  python -m ingest correct 0123456789abcdef --table quotes --key span_start=1200 \\\n"
        "      --delete --note 'a paraphrase, not a quote'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    correct.add_argument(
        "article_id", metavar="ARTICLE_ID", help="article id (16 hex digits, from articles.csv)"
    )
    correct.add_argument(
        "--list", action="store_true", help="list the article's facts with their keys, then stop"
    )
    correct.add_argument("--table", choices=tuple(CORRECTABLE), help="table that holds the fact")
    correct.add_argument(
        "--key", default="", help="the fact's key as --list prints it (empty for articles)"
    )
    correct.add_argument(
        "--field",
        help="field to correct: "
        + "; ".join(f"{table}: {', '.join(fields)}" for table, fields in CORRECTABLE.items()),
    )
    correct.add_argument("--to", dest="value", help="the right value (empty for 'unknown')")
    correct.add_argument(
        "--delete", action="store_true", help="the fact is wrong as a whole: remove it"
    )
    correct.add_argument("--note", default="", help="why: what the article says (kept for review)")
    _dataset_options(correct)
    _corrections_option(correct)
    return top


def _dataset_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--corpus", type=Path, default=Path("seeds"), help="corpus folder (default: seeds)"
    )
    command.add_argument(
        "--out", type=Path, default=Path("data/seed"), help="dataset folder (default: data/seed)"
    )


def _corrections_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--corrections",
        type=Path,
        default=DEFAULT_CORRECTIONS,
        help=f"corrections file applied to the tables (default: {DEFAULT_CORRECTIONS}, if present)",
    )


def _budget_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--budget",
        type=float,
        metavar="SECONDS",
        help="stop extracting an article after this many seconds (default: "
        f"${BUDGET_VARIABLE} or {DEFAULT_BUDGET_SECONDS:g}; 0 for no limit)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:
        hint = dash_hint(sys.argv[1:] if argv is None else argv) if stop.code else None
        if hint:
            print(f"hint: {hint}", file=sys.stderr)
        raise
    try:
        if args.command == "extract":
            return run_extract(args.file, args.sidecar, args.budget)
        if args.command == "add":
            return run_add(args)
        if args.command == "correct":
            return run_correct(args)
        if args.batch_size is not None and args.scheduler is None:
            raise BadInput("--batch-size is for a Dask build: give --scheduler too, or drop it")
        return run_build(
            corpus_location(args.corpus),
            args.out,
            args.quiet,
            args.corrections,
            args.budget,
            jobs=args.jobs,
            scheduler=args.scheduler,
            batch_size=args.batch_size,
        )
    except BadInput as problem:
        print(f"error: {for_terminal(problem)}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run_extract(file: Path, sidecar_path: Path | None, budget: float | None = None) -> int:
    """Print one article's facts as JSON."""
    article = read_article(file)
    if article.warning:
        print(f"warning: {for_terminal(article.warning)}", file=sys.stderr)
    if sidecar_path and not sidecar_path.is_file():
        raise BadInput(f"{sidecar_path}: no such sidecar file; give a CSV with a 'file' column")
    row = read_sidecar(sidecar_path or file.parent / SIDECAR_NAME).get(file.name)
    with Extractor(budget) as extractor:
        record = extractor.facts(article, row)
    print(json.dumps(_contract(record), indent=2, ensure_ascii=False))
    return 0


def _contract(record: dict) -> dict:
    """The extraction contract of a dataset's fact record (``ArticleFacts.to_dict``)."""
    return {key: value for key, value in record.items() if key not in _RECORD_ONLY}


_RECORD_ONLY = ("region_mentions", "operation_mentions")


def run_build(
    corpus: Path,
    out: Path,
    quiet: bool,
    corrections: Path | None = None,
    budget: float | None = None,
    extractor: Extractor | None = None,
    jobs: int | None = 1,
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> int:
    """Build the dataset, with a progress bar on a terminal; ``jobs`` None for every core."""
    progress = _progress_bar if (sys.stderr.isatty() and not quiet) else (lambda files: files)
    report = build(
        corpus,
        out,
        progress=progress,
        corrections=corrections,
        budget=budget,
        extractor=extractor,
        jobs=jobs,
        scheduler=scheduler,
        batch_size=batch_size,
        warn=lambda message: print(for_terminal(message), file=sys.stderr),
    )
    if not quiet:
        print(report.summary(), file=sys.stderr)
    return 0


def run_correct(args: argparse.Namespace) -> int:
    """List an article's facts, or record one correction and rebuild the dataset."""
    restore_interrupted_swap(args.out)
    if args.list:
        return list_facts(args.out, args.article_id)
    if not args.table or (args.delete == bool(args.field or args.value is not None)):
        raise BadInput(
            "give --table and --key, then either --field and --to, or --delete;"
            " see `python -m ingest correct --help`"
        )
    if not args.delete and (not args.field or args.value is None):
        raise BadInput(
            "give both --field and --to (the right value); see `python -m ingest correct --help`"
        )
    field_name, value = (DELETE_FIELD, "") if args.delete else (args.field, args.value)
    correction = correction_for(
        args.out, args.table, args.article_id, args.key, field_name, value, args.note
    )
    append_correction(args.corrections, correction)
    print(f"recorded in {args.corrections}: {correction.describe()}", file=sys.stderr)
    report = build(args.corpus, args.out, corrections=args.corrections)
    print(report.summary(), file=sys.stderr)
    if correction.describe() in report.corrections_not_applied:
        raise BadInput(
            f"the correction was recorded but not applied: "
            f"{report.corrections_not_applied[correction.describe()]}"
        )
    return 0


def list_facts(dataset: Path, article_id: str) -> int:
    """Print each correctable fact of an article: table, key, and its correctable fields."""
    found = 0
    for table, fields in CORRECTABLE.items():
        for row in dataset_rows(dataset, table):
            if row.get("article_id") != article_id:
                continue
            found += 1
            values = ", ".join(f"{name}={_short(row.get(name, ''))!r}" for name in fields)
            key = format_key(key_of(TABLES_BY_NAME[table], row))
            print(f"{table}\t{key or '(no key)'}\t{values}")
    if not found:
        raise BadInput(
            f"{dataset} has no article {article_id!r}; copy an article_id from articles.csv"
        )
    return 0


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def run_add(args: argparse.Namespace) -> int:
    """Add each file (reporting each), then rebuild the dataset once.

    A file is refused before anything is written when it cannot be read or its
    extraction outlasts the budget, so the corpus only ever holds articles a build reads.
    """
    metadata = validate_metadata(args.url, args.outlet, args.date, args.title)
    read_corrections(args.corrections)
    failures = 0
    with Extractor(args.budget) as extractor:
        for path in args.files:
            try:
                data = read_file_bytes(path)
                result = add_article(
                    data, args.corpus, name=shown_path(path), metadata=metadata, extractor=extractor
                )
            except BadInput as problem:
                failures += 1
                print(f"error: {for_terminal(problem)}", file=sys.stderr)
                continue
            for warning in result.warnings:
                print(f"warning: {for_terminal(warning)}", file=sys.stderr)
            print(for_terminal(result.message), file=sys.stderr)
        if args.corpus.is_dir():
            run_build(
                args.corpus,
                args.out,
                quiet=False,
                corrections=args.corrections,
                extractor=extractor,
            )
    return EXIT_BAD_INPUT if failures else 0


def _progress_bar(files):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: extraction workers are forked, and warm
    return tqdm(files, desc="articles", unit="file", file=sys.stderr)
