"""``reviewbench portfolio DIR --verify``: every review of the portfolio verified (``reviewbench verify``'s
re-run from the raw inputs in a temporary copy, compared with its build), on the local pool or a Dask
cluster as the build runs, and ``build/verify.csv``.

:func:`verify_one` takes a folder and returns plain data, as :func:`.reviews.build_review` does, so either
engine can run it. It builds nothing in the review: a build out of date is what verify reports. A case
audit has no recorded build to re-run (its summary is scored from authored/audit_answers.yaml each
time): it is listed as not verifiable, never as verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from ..config import load_review
from ..errors import ReviewbenchError
from ..verify import verify_review
from .actions import load_actions
from .config import load_portfolio
from .pool import Progress, run_each
from .reviews import review_kind

VERIFY_CSV = "verify.csv"
AUDIT_NOT_VERIFIABLE = ("a case audit: its summary is scored from authored/audit_answers.yaml each time, with no "
                        "recorded build to re-run")


@dataclass
class VerifyOutcome:
    """What verifying one review found, as plain values (it crosses process boundaries)."""

    folder: str
    id: str = ""
    kind: str = ""
    ok: bool = True                     # False: not verified (``problems``), or it could not be verified (``reason``)
    not_verifiable: str = ""            # why this review has nothing to verify (a case audit)
    reason: str = ""                    # why verifying failed (review.yaml unreadable, an error)
    problems: list[str] = field(default_factory=list)   # each difference between the build and its inputs
    notes: list[str] = field(default_factory=list)      # what was not compared, and why

    @property
    def verdict(self) -> str:
        if self.not_verifiable:
            return "not verifiable"
        if self.reason:
            return "could not be verified"
        return "verified" if self.ok else "not verified"


def verify_one(folder: str, _options: object = None) -> VerifyOutcome:
    """Verify one review; a failure is the outcome's ``reason``, never raised (the others go on)."""
    outcome = VerifyOutcome(folder=str(folder))
    try:
        review = load_review(folder)
        outcome.id, outcome.kind = review.id, review_kind(review)
        if review.audit is not None:
            outcome.not_verifiable = AUDIT_NOT_VERIFIABLE
            return outcome
        result = verify_review(review.root, read_plan=load_actions)
    except ReviewbenchError as exc:
        outcome.ok, outcome.reason = False, str(exc)
        return outcome
    outcome.ok, outcome.problems, outcome.notes = result.ok, list(result.problems), list(result.notes)
    return outcome


@dataclass
class PortfolioVerified:
    outcomes: list[VerifyOutcome]
    output: Path

    @property
    def ok(self) -> bool:
        """Every review that can be verified was, and none differs from its inputs."""
        return all(o.ok for o in self.outcomes)


def verify_portfolio(folder: str | Path, *, workers: int | None = None, scheduler: str | None = None,
                     connect_timeout: float | None = None, on_done: Progress | None = None) -> PortfolioVerified:
    """Verify every review of the portfolio (the pool, or the Dask cluster at ``scheduler``); write
    build/verify.csv, one row per review: its verdict, how many differences and the first of them."""
    portfolio = load_portfolio(folder)
    folders = portfolio.review_folders()
    if scheduler:
        from .cluster import CONNECT_TIMEOUT_S, run_on_cluster
        outcomes = run_on_cluster(verify_one, VerifyOutcome, folders, None, scheduler, on_done=on_done,
                                  timeout=connect_timeout or CONNECT_TIMEOUT_S)
    else:
        outcomes = run_each(verify_one, folders, None, workers=workers, on_done=on_done)
    rows = [{"review": o.id, "folder": o.folder, "kind": o.kind, "verdict": o.verdict,
             "differences": len(o.problems), "first_difference": o.problems[0] if o.problems else "",
             "reason": o.reason or o.not_verifiable, "notes": len(o.notes)} for o in outcomes]
    output = portfolio.build_dir / VERIFY_CSV
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, pd.DataFrame(rows, columns=["review", "folder", "kind", "verdict", "differences",
                                                     "first_difference", "reason", "notes"])
                 .to_csv(index=False).encode("utf-8"))
    return PortfolioVerified(outcomes, output)
