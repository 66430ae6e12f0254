"""``ingest(review)``: every submission in agency_reports/ to the integrated chronology.

Row accounting is the invariant: every non-empty data row read from a chronology table is
either accepted or rejected with a reason, so ``rows_read == rows_accepted + rows_rejected``.
A file that cannot be used at all fails the ingest, and then no chronology is written; so does
a link that leads outside the review folder, which is refused unread. Files that are not
submissions at all (a README, notes, lock and system files) are skipped and listed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..boundary import Refused, walk_inside
from ..chronology.batch import EntryBatch
from ..chronology.export import write_json, write_xlsx
from ..chronology.merge import merge_batch
from ..chronology.schema import write_chronology
from ..config import Review, protective_marking
from ..errors import DateError, IntakeFileError, ReviewbenchError
from ..gcpause import collector_paused
from ..hashing import file_sha256
from ..model import Reject, SourceDocument
from ..palette import agency_colours
from ..register import child_birth
from ..stages import CHRONOLOGY
from ..vocabulary import EVENT_KINDS_FILE, event_kinds
from . import report as ingest_report
from .agency import agency_of_file
from .columns import find_header, headings_found, rows_from_grid
from .dates import DateRules, parse_date
from .entries import to_entry
from .readers import is_ignorable, not_a_submission, read_document
from .results import FileResult, IngestResult
from .summaries import AgencySummary, read_summary
from .summary_form import is_summary_form

OUTPUTS = (CHRONOLOGY, "chronology.xlsx", "chronology.json")
PARALLEL_MIN_BYTES = 2 * 1024 * 1024     # below this, reading in one process is quicker
PARALLEL_MIN_ROWS = 20_000               # below this, the Excel copy is written in-process
MAX_WORKERS = 4
WHOLE_FILE = "(whole file)"              # the table of a CSV, which is the file itself


@dataclass
class Submissions:
    """What agency_reports/ holds, in a stable order: files to read, lock and system files, links
    refused because they leave the review (or lead nowhere), and links to a folder already read."""

    files: list[Path] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    repeated: list[Path] = field(default_factory=list)


def find_submissions(review: Review) -> Submissions:
    """Every file in agency_reports/ that may be read; nothing outside the review is opened."""
    found = Submissions()
    if not os.path.lexists(review.reports_dir):
        return found
    walk = walk_inside(review.reports_dir, review.root)
    for path in sorted(walk.files):
        (found.ignored if is_ignorable(path) else found.files).append(path)
    found.refused, found.repeated = walk.refused, walk.repeated
    return found


def submission_files(review: Review) -> tuple[list[Path], list[str]]:
    """Files to read, in a stable order, and those skipped as lock or system files."""
    found = find_submissions(review)
    return found.files, [p.relative_to(review.root).as_posix() for p in found.ignored]


def _refused(review: Review, refused: Refused) -> FileResult:
    """A link that leaves the review (or leads nowhere): reported, its target never opened."""
    rel = Path(os.path.relpath(refused.path, review.root)).as_posix()
    if refused.missing:
        message = f"is a link to '{refused.target}', which does not exist, so there is nothing to read."
        hint = "Put the file itself in agency_reports/ and remove the link."
    else:
        message = (f"is a link to '{refused.target}', outside the review folder, so it was refused and not read: "
                   "nothing outside the review folder is read.")
        hint = ("Copy the file into agency_reports/ (a link that stays inside the review is followed) "
                "and remove the link.")
    return FileResult(rel, "", status="refused", error=str(IntakeFileError(rel, message, hint=hint)))


def _read_file(review: Review, doc: SourceDocument, outcome: "_FileOutcome", kinds, rules: DateRules) -> None:
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
        result.tables.append(grid.name or WHOLE_FILE)
        result.header_rows_skipped += repeats
        result.rows_read += len(rows)
        raws += rows
    if not result.tables and doc.file.lower().endswith(".txt") and source is None:
        outcome.skipped = ("a text file with no chronology table in it (no date column and description "
                           "column), so it was taken for notes and skipped. If it is a chronology, map its "
                           "headings in review.yaml under 'sources'.")
        return
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
    agency = agency_of_file(review, doc.file, cover, mark=doc.identifier)
    result.agency = agency.name
    if not raws:
        named = [table for table in result.tables if table != WHOLE_FILE]
        table = f"its chronology table ({', '.join(named)})" if named else "its chronology"
        outcome.notices.append(f"{doc.file}: {table} has headings but no rows under them, so it adds no entries. "
                               "Check that the agency sent its completed chronology.")
    entries = []
    for raw in raws:
        fate = to_entry(review, raw, agency, kinds, warnings, rules)
        if isinstance(fate, Reject):
            outcome.rejects.append(fate)
        else:
            entries.append(fate)
    result.rows_accepted, result.rows_rejected = len(entries), len(outcome.rejects)
    outcome.batch = EntryBatch.of(entries, review.scope.start, review.scope.end)


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
    batch: EntryBatch = field(default_factory=EntryBatch)    # the accepted entries, as columns
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)     # warnings to say in the terminal too
    skipped: str = ""                                     # why the file is not a submission at all
    summary: AgencySummary | None = None                  # a rapid review agency summary form, read


def _process_file(review: Review, path: Path, kinds, rules: DateRules) -> _FileOutcome:
    """Everything about one submission; independent of every other file, so it can run in a worker."""
    rel = path.relative_to(review.root).as_posix()
    outcome = _FileOutcome(FileResult(rel, file_sha256(path)))
    source = review.source_for(rel)
    if source is not None and source.exclude:
        outcome.result.status = "excluded"
        outcome.result.error = source.note or "excluded in review.yaml"
        return outcome
    if source is None:
        outcome.skipped = not_a_submission(path, rel) or ""
        if outcome.skipped:
            return outcome
    try:
        doc = read_document(path, rel)
        outcome.warnings += [w if w.startswith(rel) else f"{rel}: {w}" for w in doc.warnings]
        if rel.lower().endswith(".docx") and is_summary_form(doc.identifier, doc.text):
            outcome.summary = read_summary(review, doc, path, outcome.result.sha256)
            outcome.result.agency, outcome.result.status = outcome.summary.agency, "summary"
            outcome.notices += outcome.summary.problems
            return outcome
        _read_file(review, doc, outcome, kinds, rules)
    except IntakeFileError as exc:
        failed = FileResult(rel, outcome.result.sha256, status="failed", error=str(exc))
        return _FileOutcome(failed, warnings=outcome.warnings)
    return outcome


def _workers(paths: list[Path]) -> int:
    total = sum(p.stat().st_size for p in paths)
    if len(paths) < 2 or total < PARALLEL_MIN_BYTES:
        return 1                      # a worker costs more than it saves on a small review
    return max(1, min(len(paths), os.cpu_count() or 1, MAX_WORKERS))


def _outcomes(review: Review, paths: list[Path], kinds, rules: DateRules, progress: bool):
    """Each file's outcome, in file order, reading several files at once on a large review."""
    bar = tqdm(total=len(paths), desc="Reading submissions", unit="file", file=sys.stderr,
               disable=None if progress else True)
    workers = _workers(paths)
    with bar:
        if workers == 1:
            for path in paths:
                yield _process_file(review, path, kinds, rules)
                bar.update()
            return
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_process_file, review, path, kinds, rules) for path in paths]
            for future in futures:
                yield future.result()
                bar.update()


@collector_paused()                       # rows and entries by the hundred thousand, none in cycles
def ingest(review: Review, progress: bool = True, today: dt.date | None = None) -> IngestResult:
    """Read every submission, merge, and return the result (nothing written).

    ``today``: the day dates are checked against (``date_in_future``); by default the clock's.
    """
    kinds = review.overlay(EVENT_KINDS_FILE, event_kinds)
    rules = DateRules.for_review(review, today)
    unreadable = child_birth(review)[1]
    found = find_submissions(review)
    files: list[FileResult] = []
    batches: list[EntryBatch] = []
    rejects: list[Reject] = []
    summaries: list[AgencySummary] = []
    warnings: list[str] = []
    notices: list[str] = [f"The names register cannot be read, so no date was checked against the child's date "
                          f"of birth: {unreadable}"] if unreadable else []
    skipped = [{"file": Path(os.path.relpath(p, review.root)).as_posix(),
                "reason": "a link to a folder that is read already, so it was not read twice."} for p in found.repeated]
    for outcome in _outcomes(review, found.files, kinds, rules, progress):
        if outcome.skipped:
            skipped.append({"file": outcome.result.file, "reason": outcome.skipped})
            continue
        files.append(outcome.result)
        batches.append(outcome.batch)
        summaries += [outcome.summary] if outcome.summary else []
        rejects += outcome.rejects
        warnings += outcome.warnings + outcome.notices
        notices += outcome.notices
    files += [_refused(review, refused) for refused in found.refused]
    warnings += _source_warnings(review)
    if skipped:
        notices.append(f"Skipped, as not agency submissions: {', '.join(s['file'] for s in skipped)} "
                       "(the ingest report says why for each).")
    chronology, joint_events, conflicts = merge_batch(review, EntryBatch.joined(batches), kinds)
    cut = int(chronology["flags"].str.contains("text_cut_in_excel", regex=False).sum()) if len(chronology) else 0
    if cut:
        notices.append(f"{cut} entries have a text longer than an Excel cell holds: chronology.xlsx shows the "
                       "start of it and chronology.csv all of it (flag text_cut_in_excel).")
    ignored = [p.relative_to(review.root).as_posix() for p in found.ignored]
    return IngestResult(review, chronology, files, rejects, joint_events, conflicts, warnings, ignored,
                        skipped=skipped, notices=notices, date_rules=rules.describe(), summaries=summaries)


def _source_warnings(review: Review) -> list[str]:
    """'sources' entries that name no file in agency_reports/ (paths leaving the review never load)."""
    warnings = []
    for source in review.sources:
        if not source.path.startswith("agency_reports/"):
            warnings.append(f"review.yaml lists '{source.file}' under 'sources', but only files in agency_reports/ "
                            "are read: move the file there and give its path as agency_reports/<file name>.")
        elif not os.path.lexists(review.root / source.path):
            warnings.append(f"review.yaml lists '{source.file}' under 'sources' but there is no such file.")
    return warnings


def _write_xlsx_child(frame: pd.DataFrame, path: Path, colours: dict[str, str], conn, page: dict) -> None:
    """The forked writer: what went wrong goes back to the parent (which says it), never a traceback."""
    try:
        write_xlsx(frame, path, colours, **page)
        conn.send(None)
    except BaseException as exc:          # noqa: BLE001 - handed to the parent, which raises it
        conn.send(exc)
    finally:
        conn.close()


def _write_xlsx_aside(frame: pd.DataFrame, path: Path, colours: dict[str, str], **page):
    """Start writing the Excel copy in a forked process (the slowest output) and return a join,
    which raises what the writer raised. ``page``: its printed title and marking (:func:`write_xlsx`).

    Where fork is not available, or the chronology is small, it is written here and now.
    """
    if len(frame) < PARALLEL_MIN_ROWS or "fork" not in multiprocessing.get_all_start_methods():
        write_xlsx(frame, path, colours, **page)
        return lambda: None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_write_xlsx_child, args=(frame, path, colours, send, page))
    process.start()
    send.close()

    def join() -> None:
        outcome = receive.recv() if receive.poll(None) else RuntimeError("the writer sent nothing")
        process.join()
        receive.close()
        if isinstance(outcome, BaseException):
            raise outcome
        if process.exitcode != 0:
            raise ReviewbenchError(f"writing {path.name} failed (exit code {process.exitcode}); "
                                   "nothing was replaced in build/.", hint="Run the ingest again with --debug.")
    return join


@collector_paused()
def write_ingest(result: IngestResult) -> list[Path]:
    """Write build/ outputs atomically. A failed ingest removes stale chronology files."""
    build = result.review.build_dir
    build.mkdir(parents=True, exist_ok=True)
    staging = build / ".ingest-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = []
    try:
        if result.ok:
            frame = result.chronology
            join_xlsx = _write_xlsx_aside(frame, staging / "chronology.xlsx",
                                          agency_colours(result.review.agencies, frame["agency"].unique()),
                                          title=result.review.title, marking=protective_marking(result.review))
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
    except Exception as exc:              # the writers' own errors (xlsxwriter's FileCreateError) included
        if staging.is_dir():
            raise
        raise ReviewbenchError(f"{build} was deleted (by another program or person) while the ingest was writing "
                               "into it, so the chronology was not put in place.",
                               hint="Run the ingest again, and leave build/ alone while it runs.") from exc
    return written
