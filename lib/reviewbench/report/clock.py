"""The line of a report's front that says a statutory clock's due date and whether it was met: the
methodology names the rule (``clock:`` in method.yaml: the rapid review's ``rapid_review``), the review's
rules pack gives it, and :func:`reviewbench.process.review_clocks` applies it to review.yaml's
``dates:`` (judged without ``today``, so the report stays the same on every run)."""

from __future__ import annotations

import datetime as dt

from ..config import Review
from ..dates import long_date
from ..methodology import Methodology
from ..process import review_clocks, review_pack

VERDICTS = {"met": "met", "late": "not met", "early": "not met (too early)", "open": "not yet recorded as sent",
            "unknown": "no due date yet"}


def front_clock(review: Review, method: Methodology) -> str:
    """"Rapid review completed and sent to the national Panel: met. Due by ...; ... (basis: ...)", or ""
    when the methodology names no clock."""
    if not method.clock:
        return ""
    clock = next((t for t in review_clocks(review) if t.id == method.clock), None)
    if clock is None:
        pack = review_pack(review).pack
        return (f"The methodology's clock '{method.clock}' is not a rule of the rules pack {pack.id} that applies to "
                "this review, so no due date is shown.")
    words = review_pack(review).pack.in_words
    due = f"due by {long_date(dt.date.fromisoformat(clock.due))}" if clock.due else "no due date"
    detail = words(clock.detail[:1].upper() + clock.detail[1:])
    return (f"{clock.label}: {due}; {VERDICTS.get(clock.status, clock.status)}. {detail}. Rule: {words(clock.rule)}. "
            f"Basis: {clock.basis}.")
