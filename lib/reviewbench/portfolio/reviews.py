"""One review of a portfolio: brought up to date through the use cases, then summarised.

:func:`build_review` takes a folder and plain options and returns plain data, touching nothing but
that review's own build/: a process pool (or later a cluster) can run it for any number of reviews at
once. It builds only what is stale (the stages' cache keys, :mod:`reviewbench.stages`; the draft
report's record of its inputs), by the same functions as ``reviewbench ingest``, ``graph``, ``lenses``
and ``render``: no build logic of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..authored import Authored, load_authored
from ..build import run_audit_summary, run_graph, run_ingest, run_lenses, run_render
from ..config import Review, load_review
from ..dissemination import load_record, record_rows, response_state
from ..errors import ReviewbenchError
from ..os_problems import explain
from ..process.status import review_status
from ..publication.rendered import CURRENT, UNKNOWN, rendered_status
from ..render import REPORT_HTML
from ..stages import stale_stages
from .actions import ActionPlan, action_flags, is_overdue, load_actions
from .review_themes import review_theme_rows

NOT_RENDERED = "not rendered"


@dataclass(frozen=True)
class BuildOptions:
    """What to bring up to date in each review, and the day actions and clocks are judged on."""

    as_of: dt.date
    lenses: bool = True
    render: bool = False


@dataclass
class ReviewOutcome:
    """What building one review did and found, as plain values (it crosses process boundaries)."""

    folder: str
    id: str = ""
    title: str = ""
    kind: str = ""
    methodology: str = ""
    jurisdiction: str = ""
    period: str = ""
    stage: str = ""                     # the last stage of the statutory process done (process/status.py)
    process_overdue: int = 0            # clocks of the rules pack overdue
    next_due: str = ""
    report: str = ""                    # the draft report: current, stale, changed, not rendered
    built: list[str] = field(default_factory=list)      # the steps run this time
    ok: bool = True
    reason: str = ""                    # why the build failed
    problems: list[str] = field(default_factory=list)   # what else the user must fix (authored, actions)
    findings: int | None = None
    recommendations: int | None = None
    actions: list[dict] = field(default_factory=list)   # one row per action (actions.csv)
    flags: list[dict] = field(default_factory=list)     # one row per flag
    actions_read: bool = False          # its action plan was read: False, its actions and evidence are not counted
    response: str = ""                  # the partners' response: "published YYYY-MM-DD", "draft" or "none"
    uses: list[dict] = field(default_factory=list)      # one row per use of a product (dissemination.csv)
    themes: list[dict] = field(default_factory=list)    # entries tagged and findings naming a theme (review_themes.py)
    dates: dict[str, str] = field(default_factory=dict)  # review.yaml's process dates (ISO), for the yearly report
    evidence: list[dict] = field(default_factory=list)  # one row per evidence item of an action (its date, kind)
    audit: dict = field(default_factory=dict)           # a case audit's numbers (audit.summary.COUNT_COLUMNS)

    def as_dict(self) -> dict:
        return asdict(self)


def review_kind(review: Review) -> str:
    """review.yaml's ``kind``; left out, a rapid review by its methodology, else a local review."""
    return review.kind or ("rapid-review" if review.methodology == "rapid-review" else "local-review")


def _bring_up_to_date(review: Review, options: BuildOptions) -> list[str]:
    """Run each stale step, in order; the steps run."""
    stale = stale_stages(review, with_lenses=options.lenses)
    if "ingest" in stale:
        run_ingest(review, progress=False, required="the review was not built")
    if "graph" in stale:
        run_graph(review)
    if "lenses" in stale:
        run_lenses(review)
    built = list(stale)
    if options.render and (built or rendered_status(review, review.build_dir / REPORT_HTML)[0] != CURRENT):
        run_render(review)
        built.append("render")
    return built


def _audit_up_to_date(review: Review, outcome: ReviewOutcome) -> list[str]:
    """A case audit has no chronology: its summary is scored again (written only when it changed)."""
    summary = run_audit_summary(review)
    outcome.audit = summary.counts()
    return ["audit"] if summary.changed else []


def _process(review: Review, outcome: ReviewOutcome, as_of: dt.date) -> None:
    status = review_status(review, as_of)
    outcome.stage = status.done[-1].label if status.done else "not started"
    outcome.process_overdue = len(status.clocks_in("overdue", "early"))
    due = status.clocks_in("due")
    outcome.next_due = f"{due[0].label} by {due[0].due}" if due else ""


def action_rows(plan: ActionPlan, as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """The plan's actions and flags as table rows, each with its review."""
    review = plan.review
    actions, flags = [], []
    for action in plan.actions:
        found = action_flags(action, as_of)
        last_evidence = max((e.date for e in action.evidence), default=None)
        actions.append({
            "review": review.id, "review_title": review.title, "action": action.id,
            "recommendation": action.recommendation,
            "recommendation_text": plan.recommendations.get(action.recommendation, ""),
            "owner_agency": plan.owner(action), "lead_role": action.lead_role, "due": action.due.isoformat(),
            "success_criteria": action.success_criteria, "status": action.status,
            "status_date": action.status_date.isoformat() if action.status_date else "",
            "overdue": "yes" if is_overdue(action, as_of) else "", "evidence": len(action.evidence),
            "last_evidence": last_evidence.isoformat() if last_evidence else "",
            "flags": "; ".join(f.rule for f in found)})
        flags += [{"review": review.id, "action": f.action, "owner_agency": plan.owner(action), "rule": f.rule,
                   "label": f.label, "evidence": f.evidence, "statement": f.statement} for f in found]
    return actions, flags


def _contents(review: Review, outcome: ReviewOutcome, as_of: dt.date) -> Authored | None:
    """The counts of authored items, the themes, the actions and their evidence, the dates (authored/ read
    once); each part that cannot be read is a problem, the others still count."""
    outcome.dates = {key: day.isoformat() for key, day in review.dates.model_dump().items() if day}
    try:
        authored = load_authored(review)
        outcome.findings, outcome.recommendations = len(authored.findings), len(authored.recommendations)
    except ReviewbenchError as exc:
        outcome.problems.append(str(exc))
        authored = None
    if authored is not None:
        try:
            outcome.themes = review_theme_rows(review, authored)    # the tagged entries and findings by theme
        except ReviewbenchError as exc:
            outcome.problems.append(str(exc))
        try:
            plan = load_actions(review, authored)
            outcome.actions, outcome.flags = action_rows(plan, as_of)
            outcome.evidence = evidence_rows(plan)
            outcome.actions_read = True
        except ReviewbenchError as exc:
            outcome.problems.append(str(exc))
    try:
        _process(review, outcome, as_of)
    except ReviewbenchError as exc:
        outcome.problems.append(str(exc))
    return authored


def _after_report(review: Review, outcome: ReviewOutcome, authored: Authored | None) -> None:
    """The partners' response and the record of uses (authored/response.yaml, dissemination.yaml), with the
    authored content :func:`_contents` read; a file that cannot be read is a problem, the rest still counts."""
    try:           # authored/ unread (a problem already): the response's state as written, not checked against it
        outcome.response = response_state(review, authored, check=authored is not None)
    except ReviewbenchError as exc:
        outcome.problems.append(str(exc))
    try:
        outcome.uses = record_rows(review, load_record(review))
    except ReviewbenchError as exc:
        outcome.problems.append(str(exc))


def evidence_rows(plan: ActionPlan) -> list[dict]:
    """One row per evidence item of an action (its date, kind): the yearly report's evidence of impact."""
    return [{"review": plan.review.id, "action": a.id, "owner_agency": plan.owner(a), "date": e.date.isoformat(),
             "kind": e.kind, "summary": e.summary, "link": e.link} for a in plan.actions for e in a.evidence]


def build_review(folder: str | Path, options: BuildOptions) -> ReviewOutcome:
    """Bring one review up to date and summarise it; a failure is the outcome's ``reason``, never raised
    (a portfolio goes on with its other reviews)."""
    outcome = ReviewOutcome(folder=str(folder))
    try:
        review = load_review(folder)
    except ReviewbenchError as exc:
        outcome.ok, outcome.reason = False, str(exc)
        return outcome
    outcome.id, outcome.title, outcome.kind = review.id, review.title, review_kind(review)
    outcome.methodology, outcome.jurisdiction = review.methodology, review.jurisdiction
    outcome.period = f"{review.scope.start.isoformat()}/{review.scope.end.isoformat()}"
    try:
        outcome.built = (_audit_up_to_date(review, outcome) if outcome.kind == "audit" else
                         _bring_up_to_date(review, options))
    except ReviewbenchError as exc:
        outcome.ok, outcome.reason = False, str(exc)
    except OSError as exc:                  # a permission, a full disk: said as what to do; else a bug
        explained = explain(exc)
        if explained is None:
            raise
        outcome.ok, outcome.reason = False, str(explained)
    state = rendered_status(review, review.build_dir / REPORT_HTML)[0]
    outcome.report = NOT_RENDERED if state == UNKNOWN else state
    _after_report(review, outcome, _contents(review, outcome, options.as_of))
    return outcome
