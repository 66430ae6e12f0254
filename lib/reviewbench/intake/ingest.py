"""``ingest(review)``: every submission in agency_reports/ to the integrated chronology.

Row accounting is the invariant: every non-empty data row read from a chronology table is
either accepted or rejected with a reason, so ``rows_read == rows_accepted + rows_rejected``.
A file that cannot be used at all fails the ingest, and then no chronology is written.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..chronology.export import write_json, write_xlsx
from ..chronology.merge import build_chronology
from ..chronology.schema import write_chronology
from ..config import Review
from ..errors import DateError, IntakeFileError, ReviewbenchError
from ..hashing import file_sha256
from ..model import Entry, Reject, SourceDocument
from ..palette import agency_colours
from ..stages import CHRONOLOGY
from ..vocabulary import event_kinds
from . import report as ingest_report
from .agency import agency_of_file
from .columns import find_header, headings_found, rows_from_grid
from .dates import parse_date
from .entries import to_entry
from .readers import is_ignorable, read_document
from .results import FileResult, IngestResult

OUTPUTS = (CHRONOLOGY, "chronology.xlsx", "chronology.json")
PROGRESS_MIN_FILES = 8
PARALLEL_MIN_BYTES = 2 * 1024 * 1024     # below this, reading in one process is quicker
PARALLEL_MIN_ROWS = 20_000               # below this, the Excel copy is written in-process
MAX_WORKERS = 4


def submission_files(review: Review) -> tuple[list[Path], list[str]]:
    """Files to read, in a stable order, and those skipped as lock or system files."""
    if not review.reports_dir.is_dir():
        return [], []
    files, ignored = [], []
    for path in sorted(p for p in review.reports_dir.rglob("*") if p.is_file()):
        (ignored if is_ignorable(path) else files).append(path)
    return files, [p.relative_to(review.root).as_posix() for p in ignored]


def _read_file(review: Review, doc: SourceDocument, outcome: "_FileOutcome", kinds) -> None:
    """Find the chronology tables of one document, its agency, and each row's fate."""
    result, warnings = outcome.result, outcome.warnings
    source = review.source_for(doc.file)
    explicit = dict(source.columns) if source else {}
    cover: list[list[str]] = [[line] for line in doc.text]
    raws = []
    previous = None            # (header, width) of the last chronology table, for split tables
    for grid in doc.grids:
        header = find_header(grid, explicit)
        width = max((len(r.cells) for r in grid.rows), default=0)
        if header is not None:
            rows, repeats = rows_from_grid(doc.file, grid, header, order_base=_order(result))
            cover += [[str(c) for c in r.cells if c is not None] for r in grid.rows[:header.row_index]]
            previous = (header, width)
        elif previous is not None and width == previous[1] and grid.rows and _starts_with_date(grid, previous[0]):
            rows, repeats = rows_from_grid(doc.file, grid, previous[0], start=0, order_base=_order(result))
            warnings.append(f"{doc.file} ({grid.name}): no header row; read as a continuation of the "
                            "table before it, with the same columns.")
        else:
            cover += [[str(c) for c in r.cells if c is not None] for r in grid.rows]
            continue
        result.tables.append(grid.name or "(whole file)")
        result.header_rows_skipped += repeats
        result.rows_read += len(rows)
        raws += rows
    if not result.tables:
        found = "; ".join(f"{g.name or 'the file'}: {', '.join(headings_found(g)[:8])}" for g in doc.grids
                          if headings_found(g))
        if explicit:
            given = ", ".join(f"{k}: {v!r}" for k, v in explicit.items())
            msg = f"no table has the headings given for it in review.yaml ({given})."
        elif not doc.grids:
            msg = "it holds no table, so there is no chronology to read."
        else:
            msg = "no table in it has a recognisable date column and description column."
        raise IntakeFileError(
            doc.file, msg + (f" Headings found: {found}." if found else ""),
            hint="If the chronology is there under other headings, map them in review.yaml under 'sources' "
                 f"(- file: {doc.file}  columns: {{date: \"<heading>\", description: \"<heading>\"}}).")
    agency = agency_of_file(review, doc.file, cover)
    result.agency = agency.name
    for raw in raws:
        fate = to_entry(review, raw, agency, kinds, warnings)
        if isinstance(fate, Reject):
            outcome.rejects.append(fate)
            result.rows_rejected += 1
        else:
            outcome.entries.append(fate)
            result.rows_accepted += 1


def _order(result: FileResult) -> int:
    # Rows of later tables in one file sort after earlier ones with the same date and time.
    return len(result.tables) * 1_000_000


def _starts_with_date(grid, header) -> bool:
    date_col = next(c for c, k in header.keys.items() if k == "date")
    first = grid.rows[0].cells
    try:
        parse_date(first[date_col] if date_col < len(first) else None)
        return True
    except DateError:
        return False


@dataclass
class _FileOutcome:
    result: FileResult
    entries: list[Entry]
    rejects: list[Reject]
    warnings: list[str]


def _process_file(review: Review, path: Path, kinds) -> _FileOutcome:
    """Everything about one submission; independent of every other file, so it can run in a worker."""
    rel = path.relative_to(review.root).as_posix()
    outcome = _FileOutcome(FileResult(rel, file_sha256(path)), [], [], [])
    source = review.source_for(rel)
    if source is not None and source.exclude:
        outcome.result.status = "excluded"
        outcome.result.error = source.note or "excluded in review.yaml"
        return outcome
    try:
        doc = read_document(path, rel)
        outcome.warnings += [w if w.startswith(rel) else f"{rel}: {w}" for w in doc.warnings]
        _read_file(review, doc, outcome, kinds)
    except IntakeFileError as exc:
        failed = FileResult(rel, outcome.result.sha256, status="failed", error=str(exc))
        return _FileOutcome(failed, [], [], outcome.warnings)
    return outcome


def _workers(paths: list[Path]) -> int:
    total = sum(p.stat().st_size for p in paths)
    if len(paths) < 2 or total < PARALLEL_MIN_BYTES:
        return 1                      # a worker costs more than it saves on a small review
    return max(1, min(len(paths), os.cpu_count() or 1, MAX_WORKERS))


def _outcomes(review: Review, paths: list[Path], kinds, progress: bool):
    """Each file's outcome, in file order, reading several files at once on a large review."""
    bar = tqdm(total=len(paths), desc="Reading submissions", unit="file", file=sys.stderr,
               disable=None if progress and len(paths) >= PROGRESS_MIN_FILES else True)
    workers = _workers(paths)
    with bar:
        if workers == 1:
            for path in paths:
                yield _process_file(review, path, kinds)
                bar.update()
            return
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_process_file, review, path, kinds) for path in paths]
            for future in futures:
                yield future.result()
                bar.update()


def ingest(review: Review, progress: bool = True) -> IngestResult:
    """Read every submission, merge, and return the result (nothing written)."""
    kinds = event_kinds(review.root)
    paths, ignored = submission_files(review)
    files: list[FileResult] = []
    entries: list[Entry] = []
    rejects: list[Reject] = []
    warnings: list[str] = []
    for outcome in _outcomes(review, paths, kinds, progress):
        files.append(outcome.result)
        entries += outcome.entries
        rejects += outcome.rejects
        warnings += outcome.warnings
    for source in review.sources:
        if not (review.root / source.file).exists():
            warnings.append(f"review.yaml lists '{source.file}' under 'sources' but there is no such file.")
    chronology, joint_events, conflicts = build_chronology(review, entries, kinds)
    return IngestResult(review, chronology, files, rejects, joint_events, conflicts, warnings, ignored)


def _write_xlsx_aside(frame: pd.DataFrame, path: Path, colours: dict[str, str]):
    """Start writing the Excel copy in a forked process (the slowest output) and return a join.

    Where fork is not available, or the chronology is small, it is written here and now.
    """
    if len(frame) < PARALLEL_MIN_ROWS or "fork" not in multiprocessing.get_all_start_methods():
        write_xlsx(frame, path, colours)
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=write_xlsx, args=(frame, path, colours))
    process.start()

    def join() -> None:
        process.join()
        if process.exitcode != 0:
            raise ReviewbenchError(f"writing {path.name} failed (exit code {process.exitcode}); "
                                   "nothing was replaced in build/.", hint="Run the ingest again with --debug.")
    return join


def write_ingest(result: IngestResult) -> list[Path]:
    """Write build/ outputs atomically. A failed ingest removes stale chronology files."""
    build = result.review.build_dir
    build.mkdir(parents=True, exist_ok=True)
    staging = build / ".ingest-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = []
    if result.ok:
        frame = result.chronology
        join_xlsx = _write_xlsx_aside(frame, staging / "chronology.xlsx",
                                      agency_colours(result.review.agencies, frame["agency"].unique()))
        write_chronology(frame, staging / CHRONOLOGY)
        write_json(frame, staging / "chronology.json")
        ingest_report.write(result, staging)
        join_xlsx()
    else:
        for name in OUTPUTS:
            (build / name).unlink(missing_ok=True)
        ingest_report.write(result, staging)
    for path in sorted(staging.iterdir()):
        os.replace(path, build / path.name)
        written.append(build / path.name)
    staging.rmdir()
    return written
