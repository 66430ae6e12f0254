"""``reviewbench verify DIR``: prove the build follows from its inputs, or say where it does not.

Three comparisons, each reported in sentences:

1. the inputs now against the manifest (a submission, an authored file or the register changed);
2. the build now against the manifest (an output changed, went missing or appeared afterwards);
3. a fresh re-run, from the raw inputs in a temporary copy of the review, against the build:
   ingest always; graph when the build has build/network/; the lenses when it has
   build/analysis/; render when the build has a draft
   report, and the publish step when it has a public edition (each with the options recorded in
   the manifest); the quality check when build/quality.json exists (with the same ``as_of``
   day); after the report, each document the manifest records a step for: the seven-minute briefing
   and the learning-event deck (dated as recorded), the plain summary, and the partners' response
   (given the reader of the action plan, which lives above this layer: the command line passes it).
   Outputs are compared exactly, Office files and notebooks by content (see :mod:`.content`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .briefing import BRIEFING_DOCX, BRIEFING_HTML, DECK_PPTX
from .build import (
    OTHER_RENDER,
    run_briefing,
    run_check,
    run_deck,
    run_graph,
    run_ingest,
    run_lenses,
    run_render,
    run_response,
    run_summary,
)
from .config import Review, load_review
from .dissemination.documents import RESPONSE_DOCX, RESPONSE_HTML, SUMMARY_DOCX, SUMMARY_HTML
from .errors import ReviewbenchError
from .hashing import file_sha256
from .progress import say
from .provenance.compare import explain_difference
from .provenance.manifest import (
    MANIFEST,
    file_record,
    input_files,
    methodology_info,
    output_files,
    package_versions,
    read_manifest,
)
from .publication.names import REGISTER
from .publication.rendered import changed_files
from .publication.scan import DISSEMINATION_DIR, REPORT_CHRONOLOGY, draft_files
from .render import FIGURES_DIR, METHODOLOGIES_DIR

_PERIOD_DIR = re.compile(r"^(\d{4}-\d{2}-\d{2})_to_(\d{4}-\d{2}-\d{2})$")
_COPIED = ("agency_reports", "authored", "private", "methodology")
# The documents after the report, by the step that writes them (build/ paths): re-created when the
# manifest records the step, with its options.
_DOCUMENTS = {RESPONSE_HTML: "response", RESPONSE_DOCX: "response",
              f"{DISSEMINATION_DIR}/{SUMMARY_HTML}": "summary", f"{DISSEMINATION_DIR}/{SUMMARY_DOCX}": "summary",
              f"{DISSEMINATION_DIR}/{BRIEFING_HTML}": "briefing", f"{DISSEMINATION_DIR}/{BRIEFING_DOCX}": "briefing",
              f"{DISSEMINATION_DIR}/{DECK_PPTX}": "deck"}


@dataclass
class VerifyResult:
    """``ok`` when the build is exactly what its inputs give; ``problems`` say what differs."""

    review_dir: Path
    problems: list[str] = field(default_factory=list)     # sentences: each difference found
    notes: list[str] = field(default_factory=list)        # sentences: what was not compared, and why
    compared: list[str] = field(default_factory=list)     # outputs re-created and found identical

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def messages(self) -> list[str]:
        return self.problems + self.notes

    def lines(self) -> list[str]:
        """What the command line prints: problems, notes, then a one-line verdict."""
        if self.ok:
            verdict = (f"Verified: the build in {self.review_dir / 'build'} follows exactly from its inputs "
                       f"({len(self.compared)} outputs re-created and identical).")
        else:
            verdict = f"Not verified: {len(self.problems)} difference(s) between the build and its inputs."
        return self.problems + self.notes + [verdict]


# -- 1 and 2: against the manifest ---------------------------------------------------------------
def _by_path(records: list[dict]) -> dict[str, dict]:
    return {r["path"]: r for r in records}


def _inputs_changed(review: Review, manifest: dict) -> list[str]:
    then = {r["path"]: r["sha256"] for r in manifest["inputs"]}
    now = {r["path"]: r["sha256"] for r in (file_record(p, review.root) for p in input_files(review))}
    said = {"removed": "was an input of the build but is no longer there",
            "added": "was added since the build",
            "changed": "changed since the build (its SHA-256 is not the one in the manifest)"}
    out = [f"{path} {said[how]}." for path, how in changed_files(then, now)]
    register = review.root / REGISTER
    was = {r["path"]: r["sha256"] for r in manifest.get("private", [])}.get(REGISTER.as_posix())
    if register.exists() and was is None:
        out.append(f"{REGISTER.as_posix()} (the names register) was added since the build.")
    elif not register.exists() and was is not None:
        out.append(f"{REGISTER.as_posix()} (the names register) was removed since the build.")
    elif register.exists() and file_sha256(register) != was:
        out.append(f"{REGISTER.as_posix()} (the names register) changed since the build.")
    method_then, method_now = manifest.get("methodology") or {}, methodology_info(review)
    if method_then.get("id") != method_now["id"]:
        out.append(f"The methodology was '{method_then.get('id')}' at the build; review.yaml now says "
                   f"'{method_now['id']}'.")
    elif method_then.get("sha256") != method_now["sha256"]:
        out.append(f"The methodology '{method_now['id']}' changed since the build (version "
                   f"{method_then.get('version')} then, {method_now['version']} now).")
    return out


def _outputs_changed(review: Review, manifest: dict) -> list[str]:
    then = _by_path(manifest["outputs"])
    now = {p.relative_to(review.root).as_posix(): p for p in output_files(review)}
    out = []
    for path in sorted(set(then) | set(now)):
        if path not in now:
            out.append(f"{path} is listed in the manifest but is missing from the build.")
        elif path not in then:
            out.append(f"{path} is not in the manifest: it was written after the last build step, or by hand.")
        elif file_sha256(now[path]) != then[path]["sha256"]:
            out.append(f"{path} was changed after the build (its SHA-256 is not the one in the manifest).")
    return out


def _version_notes(manifest: dict) -> list[str]:
    then, now = manifest.get("packages") or {}, package_versions()
    moved = [f"{name} {then[name]} then, {now.get(name)} now" for name in sorted(then)
             if then.get(name) != now.get(name)]
    if not moved:
        return []
    return [f"Package versions differ from the build's ({'; '.join(moved)}): a difference below may come "
            "from that rather than from the inputs."]


# -- 3: the re-run -------------------------------------------------------------------------------
def _copy_review(review: Review, target: Path) -> Path:
    """The inputs only: review.yaml and the other settings, agency_reports/, authored/, private/ and
    the review's own methodology/."""
    target.mkdir(parents=True)
    for path in review.root.iterdir():
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
            shutil.copy2(path, target / path.name)
        elif path.is_dir() and path.name in _COPIED:
            shutil.copytree(path, target / path.name)
    return target


def _owner(rel: str) -> str:
    """Which step writes a build file (path relative to build/)."""
    if rel in _DOCUMENTS:
        return _DOCUMENTS[rel]
    first = rel.split("/", 1)[0]
    if first == METHODOLOGIES_DIR and rel.count("/") >= 2:      # a draft rendered with another methodology
        return OTHER_RENDER + rel.split("/", 2)[1]
    if first.startswith(("chronology.", "ingest_report.")):
        return "ingest"
    if first == "network":
        return "graph"
    if first == "analysis":
        return "lenses"
    if first.startswith("quality."):
        return "check"
    if first == "publish" or rel.startswith("notebooks/public/"):
        return "publish"
    if first.startswith("report.") or first in ("notebooks", FIGURES_DIR, REPORT_CHRONOLOGY):
        return "render"
    return "other"


def _rerender(copy: Path, step: str, options: dict, result: VerifyResult, ran: set[str]) -> None:
    what = {"publish": "public edition", "render": "report"}.get(
        step, f"draft with {step.removeprefix(OTHER_RENDER)} (build/{METHODOLOGIES_DIR}/)")
    try:
        run_render(copy, **options)              # recorded with run_render's own keywords
        ran.add(step)
    except ReviewbenchError as exc:
        result.problems.append(f"The {what} could not be re-rendered from the inputs: {exc}")


def _rerun(review: Review, copy: Path, manifest: dict, result: VerifyResult) -> set[str]:
    """Run the steps the build had, in ``copy``; return the steps that ran."""
    built = review.build_dir
    ran = set()
    steps = manifest.get("steps") or {}
    ingested_on = (steps.get("ingest") or {}).get("today")
    try:
        today = dt.date.fromisoformat(ingested_on) if ingested_on else None
    except (TypeError, ValueError):
        today = None
    run_ingest(copy, progress=False, today=today)          # dates checked as of the day of the build
    ran.add("ingest")

    if (built / "network").is_dir() or "graph" in steps:
        try:
            run_graph(copy)
            for sub in sorted(p for p in (built / "network").glob("*") if p.is_dir() and _PERIOD_DIR.match(p.name)):
                start, end = _PERIOD_DIR.match(sub.name).groups()
                run_graph(copy, start, end)
            ran.add("graph")
        except ReviewbenchError as exc:
            result.problems.append(f"The network could not be re-created from the inputs: {exc}")

    if (built / "analysis").is_dir() or "lenses" in steps:
        try:
            run_lenses(copy)
            ran.add("lenses")
        except ReviewbenchError as exc:
            result.problems.append(f"The lenses could not be re-created from the inputs: {exc}")

    if any(built.glob("report.*")) or any((built / "notebooks").glob("*.ipynb")) or "render" in steps:
        _rerender(copy, "render", steps.get("render") or {}, result, ran)
    if any((built / "publish").glob("report.*")) or "publish" in steps:
        _rerender(copy, "publish", steps.get("publish") or {"publish": True}, result, ran)
    others = {OTHER_RENDER + p.name for p in (built / METHODOLOGIES_DIR).glob("*") if p.is_dir()}
    for step in sorted(others | {s for s in steps if s.startswith(OTHER_RENDER)}):
        _rerender(copy, step, steps.get(step) or {"methodology": step.removeprefix(OTHER_RENDER)}, result, ran)

    quality = built / "quality.json"
    if quality.exists():
        try:
            as_of = dt.date.fromisoformat(json.loads(quality.read_text(encoding="utf-8"))["as_of"])
        except (ValueError, KeyError, TypeError) as exc:
            result.problems.append(f"build/quality.json cannot be read to re-run the check ({exc}); "
                                   "run 'reviewbench check' again.")
            return ran
        if "render" not in ran:      # the check reads the report: give it the build's own
            for path in draft_files(built):
                shutil.copy2(path, copy / "build" / path.name)
        if "publish" not in ran and (built / "publish").is_dir():
            shutil.copytree(built / "publish", copy / "build" / "publish", dirs_exist_ok=True)
        run_check(copy, today=as_of)
        ran.add("check")
    return ran


def _redocument(copy: Path, steps: dict, read_plan: Callable | None, result: VerifyResult) -> set[str]:
    """The documents after the report whose steps the manifest records, re-created in ``copy``; the steps that ran.
    The response needs ``read_plan`` (the review's action plan is read above this layer); without it, its
    files are compared with the manifest only."""
    def day(step: str) -> str | None:
        return (steps.get(step) or {}).get("day")

    def response() -> None:
        review = load_review(copy)
        run_response(review, read_plan(review))

    runs = {"briefing": ("seven-minute briefing", lambda: run_briefing(copy, day=day("briefing"))),
            "deck": ("learning-event deck", lambda: run_deck(copy, day=day("deck"))),
            "summary": ("plain summary", lambda: run_summary(copy))}
    if read_plan is not None:
        runs["response"] = ("partners' response", response)
    ran = set()
    for step in sorted(set(runs) & set(steps)):
        what, run = runs[step]
        try:
            run()
            ran.add(step)
        except ReviewbenchError as exc:
            result.problems.append(f"The {what} could not be re-created from the inputs: {exc}")
    return ran


def _compare_builds(review: Review, copy: Path, ran: set[str], result: VerifyResult) -> None:
    built, rebuilt = review.build_dir, copy / "build"
    mine = {p.relative_to(built).as_posix(): p for p in output_files(review)}
    theirs = {p.relative_to(rebuilt).as_posix(): p for p in output_files(load_review(copy))}
    not_rerun = []
    for rel in sorted(set(mine) | set(theirs)):
        owner = _owner(rel)
        if owner not in ran:
            if rel in mine:
                not_rerun.append(rel)
            continue
        if rel not in theirs:
            result.problems.append(f"build/{rel} is in the build, but the re-run from the inputs does not make it.")
            continue
        if rel not in mine:
            result.problems.append(f"The re-run from the inputs makes build/{rel}, which the build does not have.")
            continue
        difference = explain_difference(mine[rel], theirs[rel], review.root, copy)
        if difference:
            result.problems.append(f"{rel}: {difference}.")
        else:
            result.compared.append(rel)
    if not_rerun:
        result.notes.append(f"Not re-created by verify, compared with the manifest only: "
                            f"{', '.join('build/' + r for r in not_rerun)}.")


def verify_review(review_dir: str | Path, *, read_plan: Callable | None = None) -> VerifyResult:
    """Re-run the build from the raw inputs in a temporary copy and compare it with the manifest and build.

    ``read_plan(review)``: the review's action plan (:func:`reviewbench.portfolio.load_actions`), for
    re-creating the partners' response; without it the response is compared with the manifest only."""
    review = load_review(review_dir)
    result = VerifyResult(review.root)
    manifest = read_manifest(review)
    if manifest is None:
        result.problems.append(f"There is no build/{MANIFEST} in {review.root}, so there is nothing to verify "
                               "against: run 'reviewbench ingest' (and 'graph', 'render') first.")
        return result
    result.problems += _inputs_changed(review, manifest)
    result.problems += _outputs_changed(review, manifest)
    result.notes += _version_notes(manifest)
    with tempfile.TemporaryDirectory(prefix="reviewbench-verify-") as tmp:
        say(f"Re-running the build of {review.root.name} from its raw inputs in a temporary copy...")
        copy = _copy_review(review, Path(tmp) / review.root.name)
        ran = _rerun(review, copy, manifest, result)
        ran |= _redocument(copy, manifest.get("steps") or {}, read_plan, result)
        _compare_builds(review, copy, ran, result)
    return result
