"""The use cases: each step of a build, complete. Every function here computes its step, writes
its outputs (atomically, by the step's own writer), records the step's cache key so the next
step reuses it, and records the step in ``build/manifest.json``. The command line, ``verify``,
``demo``, the notebooks and the workbench call these; nothing else writes build outputs.

    run_ingest(review)      build/chronology.*, build/ingest_report.*
    run_graph(review)       build/network/ (or a time slice of it)
    run_lenses(review)      build/analysis/: the reviewer's lenses (voice.csv, adults.csv, accounts.csv, meetings.csv,
                            procedures.csv, signals.csv, lenses.json)
    ensure_built(review)    whichever of those two is out of date, nothing else
    run_render(review)      the working draft build/report.* (and build/report_chronology.xlsx for a
                            large review), or the public edition build/publish/
    run_check(review)       build/quality.* after the publication check
    run_response(review)    build/response.*: the safeguarding partners' response, scanned
    run_summary(review)     build/dissemination/summary.*: the review in plain words, scanned
    run_audit_export(review)    a case audit's workbook per agency, build/audit/<agency code>.xlsx
    run_audit_read(review)      the agencies' audit returns recorded (authored/audit_answers.yaml)
    run_audit_summary(review)   a case audit scored: build/audit_summary.csv and .html (and .docx)
    run_briefing(review)    build/dissemination/briefing.docx and .html: the seven-minute briefing
    run_deck(review)        build/dissemination/deck.pptx: the learning-event slides

A view (the chronology notebook, a report notebook, the workbench) never builds: on an
out-of-date build it says so, and offers to call these.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import Timeout

from .config import Review, as_review
from .errors import ReviewbenchError, StaleBuildError
from .intake.ingest import ingest, write_ingest
from .intake.results import IngestResult
from .progress import say
from .provenance.manifest import write_manifest
from .publication.scan import REPORT_CHRONOLOGY
from .render import (
    FIGURES_DIR,
    METHODOLOGIES_DIR,
    NOTEBOOKS_DIR,
    REPORT_DOCX,
    REPORT_HTML,
    RenderResult,
    render_review,
)
from .stages import ANALYSIS, INGEST_REPORT, NETWORK, build_lock, forget, record, stale_message, stale_stages

# The network stage (networkx, matplotlib), the lenses and the check (its calendars) are imported when
# they run: an ingest does not wait a second for them.
if TYPE_CHECKING:
    from .audit import AuditReadResult, AuditSummary
    from .briefing import Dissemination
    from .lenses import LensResult
    from .network import NetworkAnalysis
    from .publication.check import CheckResult

# What is built from the chronology, in build/: a failed ingest removes it with the chronology, so no
# network or draft report of a chronology that no longer exists is left looking current. The public
# edition (build/publish/) is kept: it was checked when published, and 'check' calls it out of date.
BUILT_FROM_CHRONOLOGY = (NETWORK, ANALYSIS, REPORT_HTML, REPORT_DOCX, REPORT_CHRONOLOGY, NOTEBOOKS_DIR,
                         FIGURES_DIR, METHODOLOGIES_DIR, "quality.json", "quality.md")
# The manifest's step for a draft rendered with another methodology than review.yaml's (build/methodologies/<id>/).
OTHER_RENDER = "render:"

__all__ = ["ensure_built", "run_audit_export", "run_audit_read", "run_audit_summary", "run_briefing", "run_check",
           "run_deck", "run_graph", "run_ingest", "run_lenses", "run_render", "run_response", "run_summary"]


@contextmanager
def _locked(review: Review):
    """The review's build lock; a command that has to wait for another says so (on a terminal)."""
    lock = build_lock(review.build_dir)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        say(f"Waiting for another reviewbench command on {review.root.name} to finish...")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _discard_built_from_chronology(review: Review) -> list[str]:
    """Remove what was built from the chronology (after a failed ingest); returns what was removed."""
    removed = []
    for name in BUILT_FROM_CHRONOLOGY:
        path = review.build_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(name + ("/" if name in (NETWORK, ANALYSIS, NOTEBOOKS_DIR, FIGURES_DIR, METHODOLOGIES_DIR)
                               else ""))
    return removed


def last_ingest_failed(review: Review) -> bool:
    """Whether build/ingest_report.json records a failed ingest (so 'run ingest first' would mislead)."""
    try:
        report = json.loads((review.build_dir / INGEST_REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and report.get("status") == "failed"


def run_ingest(review: Review | str | Path, *, progress: bool = True, required: str | None = None,
               today: dt.date | None = None) -> IngestResult:
    """Read every submission, merge and write the chronology; recorded only when it succeeded
    (a failed ingest leaves no chronology and no cache key, so nothing stale looks current).

    ``required``: what cannot go on without a chronology ("no report was rendered"); then a failed
    ingest, or one with no submissions, raises a sentence saying so instead of returning.
    ``today``: the day dates are checked against (the ``date_in_future`` flag); recorded in the
    manifest, so ``verify`` re-runs the ingest as of the same day.
    """
    review = as_review(review)
    with _locked(review):
        today = today or dt.date.today()
        result = ingest(review, progress=progress, today=today)
        written = write_ingest(result)
        if result.ok and result.files:
            record(review, "ingest")
            write_manifest(review, written, step="ingest", options={"today": today.isoformat()})
        else:
            forget(review)
            result.discarded = _discard_built_from_chronology(review)
            write_manifest(review, [p for p in written if p.exists()], forget_steps=("ingest", "graph", "lenses",
                                                                                     "render", "check"))
    if required and not result.files:
        raise ReviewbenchError(f"there are no submissions in {review.reports_dir}, so {required}.",
                               hint="Put the agencies' files in agency_reports/.")
    if required and not result.ok:
        failed = "; ".join(f.error for f in result.failed)
        raise ReviewbenchError(f"the ingest failed, so {required}: {failed}", file=result.failed[0].file,
                               hint=f"See {review.build_dir / 'ingest_report.md'}.")
    return result


def _chronology_current(review: Review, what: str) -> None:
    """Refuse to build ``what`` from a chronology older than its inputs, or after a failed ingest."""
    if "ingest" in stale_stages(review):
        if last_ingest_failed(review):
            raise StaleBuildError(f"the last ingest of {review.root.name} failed, so there is no chronology "
                                  f"to build {what} from.",
                                  hint=f"Fix what {review.build_dir / 'ingest_report.md'} names, then run "
                                       "'reviewbench ingest' again.")
        raise StaleBuildError(stale_message(review, ["ingest"], run="'reviewbench ingest' first"))


def run_graph(review: Review | str | Path, start: object = None, end: object = None) -> NetworkAnalysis:
    """The agency network of the chronology (of the review's scope, or of a time slice)."""
    review = as_review(review)
    with _locked(review):
        _chronology_current(review, "the network")      # the network would describe an old chronology
        from .network import graph_review

        analysis = graph_review(review, start=start, end=end)
        write_manifest(review, analysis.outputs, step="graph", options={"start": start, "end": end})
        if start is None and end is None:          # the full-scope network is the one reports use
            record(review, "graph")
    return analysis


def run_lenses(review: Review | str | Path) -> LensResult:
    """The reviewer's lenses over the chronology and the names register (build/analysis/)."""
    review = as_review(review)
    with _locked(review):
        _chronology_current(review, "the lenses")
        from .lenses import lens_review
        result = lens_review(review)
        write_manifest(review, result.outputs, step="lenses")
        record(review, "lenses")
    return result


def ensure_built(review: Review | str | Path, locked: threading.Event | None = None) -> tuple[bool, bool]:
    """Run the ingest and the network stage if, and only if, they are out of date.

    Returns (ingested, graphed). ``locked``
    is set once the build lock is held: ``render`` calls this in a thread while the kernel
    starts, and the report notebook waits on the lock, then finds everything current.
    """
    review = as_review(review)
    with _locked(review):
        if locked is not None:
            locked.set()
        stale = stale_stages(review)
        if "ingest" in stale:
            say("The chronology is out of date: ingesting the submissions again...")
            run_ingest(review, progress=False, required="no report was rendered")
        if "graph" in stale:
            say("Building the agency network...")
            run_graph(review)
    return "ingest" in stale, "graph" in stale


def run_render(review: Review | str | Path, *, publish: bool = False, timeline: bool = False,
               methodology: str | None = None, chronology_appendix: str = "in-scope",
               parameters: dict | None = None, day: dt.date | str | None = None) -> RenderResult:
    """The working draft (build/report.*), or with ``publish`` the public edition (build/publish/);
    the chronology and the network are brought up to date first, while the kernel starts.
    With another ``methodology`` than review.yaml's, the draft goes to build/methodologies/<id>/ and is
    recorded as its own step (``render:<id>``), so verify re-renders each.
    ``parameters``: extra notebook parameters, checked before a kernel starts. ``day``: the date of
    the Word report (default: today; recorded, so that ``verify`` re-renders the same document)."""
    review = as_review(review)
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    result = render_review(review, publish=publish, timeline=timeline, methodology=methodology,
                           chronology_appendix=chronology_appendix, parameters=parameters, prepare=ensure_built,
                           day=day)
    dated = {"day": result.day.isoformat()} if result.day else {}
    if publish:
        write_manifest(review, [result.html, result.docx], step="publish",
                       options={"publish": True, "timeline": timeline, "methodology": methodology, **dated})
    else:
        own = result.methodology == review.methodology
        write_manifest(review, [result.html, result.docx, *result.figures] + ([result.workbook] if result.workbook
                                                                              else []),
                       step="render" if own else OTHER_RENDER + result.methodology,
                       options={"methodology": None if own else result.methodology,
                                "chronology_appendix": chronology_appendix, **dated})
    return result


def run_check(review: Review | str | Path, *, today: dt.date | None = None) -> CheckResult:
    """The publication check and the quality markers (build/quality.*)."""
    review = as_review(review)
    from .publication.check import check_review

    result = check_review(review, today=today)
    write_manifest(review, result.outputs, step="check")
    return result


# -- after the report: the partners' response and the plain-language summary (issue 17) --------------

def run_response(review: Review | str | Path, plan=None):
    """build/response.html and .docx from authored/response.yaml, with the actions of ``plan`` (the review's
    action plan, :func:`reviewbench.portfolio.load_actions`; read above this layer), then scanned for
    anything that could identify someone (:class:`reviewbench.dissemination.DocumentResult`)."""
    from .dissemination import write_response

    review = as_review(review)
    with _locked(review):
        result = write_response(review, plan)
        write_manifest(review, [result.html, result.docx], step="response")
    return result


def run_summary(review: Review | str | Path):
    """build/dissemination/summary.html and .docx: the review in plain words, scanned as the response is."""
    from .dissemination import write_summary

    review = as_review(review)
    with _locked(review):
        result = write_summary(review)
        write_manifest(review, [result.html, result.docx], step="summary")
    return result


# -- case audits (kind: audit): no chronology; the agencies' answers to the audit's questions -------------

def _audit(review: Review | str | Path) -> Review:
    review = as_review(review)
    if review.audit is None:
        raise ReviewbenchError(f"{review.root.name} is not a case audit: its review.yaml has no 'audit:' block.",
                               hint="A case audit has 'kind: audit' and an 'audit:' block naming its question set, "
                                    "cases and agencies (see the README section 'Case audits').")
    return review


def run_audit_export(review: Review | str | Path) -> list[Path]:
    """The workbook each agency of a case audit fills in (build/audit/<agency code>.xlsx)."""
    review = _audit(review)
    from .audit import export_templates

    with _locked(review):
        return export_templates(review)


def run_audit_read(review: Review | str | Path, files: list[Path] | None = None) -> AuditReadResult:
    """The agencies' audit returns (default: audit_returns/*.xlsx) read, every row accounted for, what is
    applied recorded in authored/audit_answers.yaml; build/audit/returns_report.json."""
    review = _audit(review)
    from .audit import read_audit_returns

    with _locked(review):
        return read_audit_returns(review, files)


def run_audit_summary(review: Review | str | Path, *, docx: bool = False) -> AuditSummary:
    """A case audit scored and summarised: build/audit_summary.csv and .html (and .docx with ``docx``)."""
    review = _audit(review)
    from .audit import write_summary

    with _locked(review):
        return write_summary(review, docx=docx)


def _dissemination_day(review: Review, day: dt.date | str | None) -> dt.date:
    """The day a briefing or deck is dated: ``day`` when given, else review.yaml's publication date (it
    goes out with the published report), else today (as the public edition's title page)."""
    if day is not None:
        return dt.date.fromisoformat(day) if isinstance(day, str) else day
    from .render.title_page import render_day
    return render_day(review, True)


def run_briefing(review: Review | str | Path, *, day: dt.date | str | None = None) -> Dissemination:
    """The seven-minute briefing (build/dissemination/briefing.docx, .html), checked for publication."""
    review = as_review(review)
    from .briefing import write_briefing
    with _locked(review):
        day = _dissemination_day(review, day)
        result = write_briefing(review, day)
        write_manifest(review, result.outputs, step="briefing", options={"day": day.isoformat()})
    return result


def run_deck(review: Review | str | Path, *, day: dt.date | str | None = None) -> Dissemination:
    """The learning-event deck (build/dissemination/deck.pptx); the chronology is brought up to date first
    when the review has submissions, for the notes' citations."""
    review = as_review(review)
    from .briefing import write_learning_deck
    with _locked(review):
        day = _dissemination_day(review, day)
        chronology = review.build_dir / "chronology.csv"
        if "ingest" in stale_stages(review):
            say("The chronology is out of date: ingesting the submissions again for the notes' citations...")
            ingested = run_ingest(review, progress=False)
            chronology = chronology if ingested.ok and ingested.files else None
        result = write_learning_deck(review, day, chronology)
        write_manifest(review, result.outputs, step="deck", options={"day": day.isoformat()})
    return result
