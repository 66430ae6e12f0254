"""The quality evidence the workbench can compute from a review folder and its build.

Each check returns an :class:`Evidence` (``met``, ``partly``, ``not-met`` or ``unknown``, and a
sentence saying why). Authored content is read once, through the authored store
(:func:`reviewbench.authored.load_authored`), the same reading the report and the workbench
use: missing files are simply empty; files with problems make the checks that need them
``unknown``, naming the first problem to fix.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Callable

from ..authored import AUTHORED, Authored, load_authored
from ..authored.store import CONTRIBUTIONS_DIR
from ..chronology.schema import read_chronology
from ..config import Review
from ..errors import AuthoredError, ReviewbenchError
from ..stages import CHRONOLOGY
from .timescales import Timescale

MET, PARTLY, NOT_MET, UNKNOWN = "met", "partly", "not-met", "unknown"


@dataclass(frozen=True)
class Evidence:
    id: str
    label: str
    status: str
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def _entry_ids(review: Review) -> set[str] | None:
    path = review.build_dir / CHRONOLOGY
    if not path.exists():
        return None
    return set(read_chronology(path, columns=["entry_id"])["entry_id"])


def read_authored(review: Review) -> tuple[Authored | None, str]:
    """The review's authored content, or None and a sentence saying what to fix first."""
    try:
        return load_authored(review), ""
    except AuthoredError as exc:
        return None, (f"not assessed: the authored files have {len(exc.problems)} problem(s) to fix first, "
                      f"starting with: {exc.problems[0]}")
    except ReviewbenchError as exc:
        return None, f"not assessed: {exc}"


# -- the checks -----------------------------------------------------------------------------------
def _scope_set(review: Review, **_) -> Evidence:
    s = review.scope
    return Evidence("scope_set", "Scope set", MET,
                    f"review.yaml sets the period under review: {s.start.isoformat()} to {s.end.isoformat()}, "
                    f"{len(review.agencies)} agencies listed.")


def _submissions(review: Review, **_) -> Evidence:
    label = "Submissions received from each agency listed"
    path = review.build_dir / "ingest_report.json"
    if not path.exists():
        return Evidence("submissions_received", label, UNKNOWN, "no build/ingest_report.json: run reviewbench ingest.")
    report = json.loads(path.read_text(encoding="utf-8"))
    by_agency = report.get("by_agency", {})
    missing = [a.name for a in review.agencies if not by_agency.get(a.name, {}).get("files")]
    failed = [f["file"] for f in report.get("files", []) if f.get("status") == "failed"]
    have = len(review.agencies) - len(missing)
    detail = f"{have} of {len(review.agencies)} agencies have a submission in the chronology"
    if missing:
        detail += f"; none yet from {', '.join(missing)}"
    if failed:
        detail += f"; could not be read: {', '.join(failed)}"
    status = MET if not missing and not failed else NOT_MET if have == 0 else PARTLY
    return Evidence("submissions_received", label, status, detail + ".")


def _from_authored(check_id: str, label: str):
    """A check that needs the authored content: ``unknown`` (saying what to fix) when it is unreadable.

    The check is called as ``check(review, authored, label)``.
    """
    def wrap(check: Callable[[Review, Authored, str], Evidence]) -> Callable[..., Evidence]:
        def run(review: Review, authored: Authored | None = None, unreadable: str = "", **_) -> Evidence:
            if authored is None:
                return Evidence(check_id, label, UNKNOWN, unreadable + ".")
            return check(review, authored, label)
        return run
    return wrap


def _contribution(kind: str) -> Callable[..., Evidence]:
    @_from_authored(f"{kind}_contributions", f"{kind.capitalize()} contributions recorded")
    def check(review: Review, authored: Authored, label: str) -> Evidence:
        files = [f"{AUTHORED}/{CONTRIBUTIONS_DIR}/{c.id}.md" for c in authored.contributions if c.kind == kind]
        if files:
            return Evidence(f"{kind}_contributions", label, MET, f"{len(files)} recorded: {', '.join(files)}.")
        return Evidence(f"{kind}_contributions", label, NOT_MET,
                        f"no {kind} contribution in {AUTHORED}/{CONTRIBUTIONS_DIR}/ (a contribution's front "
                        f"matter says 'kind: {kind}').")
    return check


@_from_authored("findings_linked", "Every finding linked to evidence")
def _findings_linked(review: Review, authored: Authored, label: str) -> Evidence:
    findings = authored.findings
    if not findings:
        return Evidence("findings_linked", label, NOT_MET, f"no findings in {AUTHORED}/findings.yaml yet.")
    known_entries = _entry_ids(review)
    known = None if known_entries is None else known_entries | {k.id for k in authored.kpes}
    unlinked = [f.id for f in findings if not f.evidence]
    broken = [f"{f.id} -> {ref}" for f in findings if known is not None for ref in f.evidence if ref not in known]
    problems = []
    if unlinked:
        problems.append(f"no evidence for {', '.join(unlinked)}")
    if broken:
        problems.append(f"evidence not in the chronology or kpes.yaml: {', '.join(broken[:10])}"
                        + (f" and {len(broken) - 10} more" if len(broken) > 10 else ""))
    if known is None:
        problems.append("entry ids not checked (no build/chronology.csv)")
    linked = len(findings) - len(unlinked)
    status = MET if not unlinked and not broken else NOT_MET if linked == 0 else PARTLY
    detail = f"{linked} of {len(findings)} findings cite evidence" + (f"; {'; '.join(problems)}" if problems else "")
    return Evidence("findings_linked", label, status, detail + ".")


@_from_authored("recommendations_owned", "Recommendations with owners and due dates")
def _recommendations(review: Review, authored: Authored, label: str) -> Evidence:
    items = authored.recommendations
    if not items:
        return Evidence("recommendations_owned", label, NOT_MET,
                        f"no recommendations in {AUTHORED}/recommendations.yaml yet.")
    lacking = []
    for item in items:
        gaps = [what for what, ok in (("owner", bool(item.owner)), ("due date", item.due is not None)) if not ok]
        if gaps:
            lacking.append(f"{item.id} (no {' or '.join(gaps)})")
    complete = len(items) - len(lacking)
    status = MET if not lacking else NOT_MET if complete == 0 else PARTLY
    detail = f"{complete} of {len(items)} recommendations have an owner and a due date (yyyy-mm-dd)"
    return Evidence("recommendations_owned", label, status,
                    detail + (f"; missing: {', '.join(lacking)}" if lacking else "") + ".")


def _hindsight(review: Review, report_text: str = "", **_) -> Evidence:
    label = "A statement on hindsight bias"
    where = []
    if review.authored_dir.is_dir():
        for path in sorted(review.authored_dir.rglob("*")):
            if path.suffix.lower() in (".md", ".yaml", ".yml", ".txt") and path.is_file():
                if "hindsight" in path.read_text(encoding="utf-8", errors="replace").lower():
                    where.append(path.relative_to(review.root).as_posix())
    if "hindsight" in report_text.lower():
        where.append("the rendered report")
    if where:
        return Evidence("hindsight_statement", label, MET, f"hindsight is addressed in {', '.join(where)}.")
    return Evidence("hindsight_statement", label, NOT_MET,
                    "neither the authored files nor the report mention hindsight bias.")


def _timescales(review: Review, timescales: list[Timescale] = (), **_) -> Evidence:
    label = "Statutory timescales met"
    known = [t for t in timescales if t.status != "unknown"]
    if not known:
        return Evidence("timescales_met", label, UNKNOWN, "no timescale can be worked out: set the dates under "
                        "'dates:' in review.yaml (aware, decision...).")
    flagged = [t for t in known if t.flagged]
    pending = [t for t in known if t.status in ("due", "open")]
    parts = [f"{t.id}: {t.status}" for t in known]
    unknown = [t.id for t in timescales if t.status == "unknown"]
    detail = "; ".join(parts) + (f"; not computable: {', '.join(unknown)}" if unknown else "")
    status = NOT_MET if flagged else PARTLY if pending or unknown else MET
    return Evidence("timescales_met", label, status, detail + ".")


def _publication(review: Review, scan=None, **_) -> Evidence:
    label = "Published outputs identify no one"
    if scan is None or not (scan.scanned or scan.problems):
        return Evidence("publication_safe", label, UNKNOWN, "no rendered report to check yet.")
    accepted = f"; {len(scan.accepted)} accepted by the reviewer" if scan.accepted else ""
    if scan.ok:
        return Evidence("publication_safe", label, MET,
                        f"no identifying details found in {', '.join(scan.scanned)}{accepted}.")
    problems = f"; {len(scan.problems)} problem(s), the first: {scan.problems[0]}" if scan.problems else ""
    return Evidence("publication_safe", label, NOT_MET,
                    f"{len(scan.hits)} identifying detail(s) found{accepted}{problems}")


CHECKS: dict[str, Callable[..., Evidence]] = {
    "scope_set": _scope_set,
    "submissions_received": _submissions,
    "practitioner_contributions": _contribution("practitioner"),
    "family_contributions": _contribution("family"),
    "findings_linked": _findings_linked,
    "recommendations_owned": _recommendations,
    "hindsight_statement": _hindsight,
    "timescales_met": _timescales,
    "publication_safe": _publication,
}


def compute_evidence(review: Review, *, timescales: list[Timescale], scan=None, report_text: str = "",
                     read: tuple[Authored | None, str] | None = None) -> dict[str, Evidence]:
    """Every computed check, by id (``CHECKS`` order); the authored content is read once for all
    (``read``: as :func:`read_authored` returned it, when the caller has read it already)."""
    authored, unreadable = read if read is not None else read_authored(review)
    return {key: check(review, timescales=timescales, scan=scan, report_text=report_text, authored=authored,
                       unreadable=unreadable)
            for key, check in CHECKS.items()}
