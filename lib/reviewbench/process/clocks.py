"""The clocks of a review's rules pack, applied to its ``dates:``.

Whether an open deadline is overdue is judged against an explicit ``today``, never the wall
clock, so the same call gives the same answer in a test and in a re-run; a date after ``today``
is a plan, not yet a fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from ..config import Dates, Review
from ..dates import long_date
from .calendar import bank_holidays, deadline, working_days_between
from .packs import Rule, review_pack

FLAGGED = ("late", "overdue", "early")


@dataclass(frozen=True)
class Timescale:
    """A rule applied to one review. ``status``: met, late, early (before a not-before date),
    overdue, due, open, unknown (its anchor date is not set), or for a step with no clock: done, to do."""

    id: str
    label: str
    rule: str                       # "5 working days after dates.aware"
    from_key: str
    from_date: str | None
    actual_key: str | None          # the dates: key that meets it
    due: str | None
    actual: str | None
    target: str | None
    status: str
    detail: str
    confirmed: bool
    basis: str                      # the rule's citation, as a reader sees it

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED

    def as_dict(self) -> dict:
        return {**asdict(self), "flagged": self.flagged}


def _count(first: dt.date, last: dt.date, unit: str, jurisdiction: str) -> str:
    if unit == "working_days":
        n = working_days_between(first, last, jurisdiction)
        return f"{n} working day{'s' if n != 1 else ''}"
    n = (last - first).days
    return f"{n} day{'s' if n != 1 else ''}"


def due_date(rule: Rule, start: dt.date, jurisdiction: str) -> dt.date:
    """The rule's date from its anchor: counted backwards for ``direction: before``; with
    ``first_day: same`` the anchor day itself is day 1 (a non-working day gives the next one)."""
    amount = rule.amount if rule.direction == "after" else -rule.amount
    base = start - dt.timedelta(days=1) if rule.first_day == "same" and amount > 0 else start
    return deadline(base, amount, rule.unit, jurisdiction)


def _step(rule: Rule, actual: dt.date | None, planned: dt.date | None) -> tuple[str, str]:
    if actual is not None:
        return "done", f"done on {long_date(actual)}"
    return "to do", (f"planned for {long_date(planned)}" if planned else
                     f"not recorded (dates.{rule.actual} is not set)")


def _judge(rule: Rule, due: dt.date, actual: dt.date | None, today: dt.date | None,
           jurisdiction: str) -> tuple[str, str]:
    if rule.limit == "not_before":
        if actual is None:
            return "open", f"not before {long_date(due)}"
        if actual < due:
            return "early", (f"done on {long_date(actual)}, {_count(actual, due, rule.unit, jurisdiction)} before "
                             f"the earliest date {long_date(due)}")
        return "met", f"done on {long_date(actual)}, not before {long_date(due)}"
    if actual is not None and actual <= due:
        return "met", f"done on {long_date(actual)}, due by {long_date(due)}"
    if actual is not None:
        late = _count(due, actual, rule.unit, jurisdiction)
        return "late", f"done on {long_date(actual)}, {late} after the due date {long_date(due)}"
    if today is None:
        return "open", f"due by {long_date(due)}" + (f"; dates.{rule.actual} is not set" if rule.actual else "")
    if today > due:
        return "overdue", (f"due by {long_date(due)}, not recorded as done (dates.{rule.actual} is not set); "
                           f"{_count(due, today, rule.unit, jurisdiction)} overdue on {long_date(today)}")
    return "due", f"due by {long_date(due)}; not yet done on {long_date(today)}"


def assess(rule: Rule, dates: Dates, jurisdiction: str = "england", today: dt.date | None = None,
           basis: str = "") -> Timescale:
    """One rule against the review's dates; ``today`` (if given) decides whether an open item is overdue,
    and an ``actual`` date after it is a plan, not a fact."""
    start = getattr(dates, rule.from_)
    actual = getattr(dates, rule.actual) if rule.actual else None
    target = getattr(dates, rule.target) if rule.target else None
    planned = actual if actual is not None and today is not None and actual > today else None
    if planned:
        actual = None
    due = due_date(rule, start, jurisdiction) if start and rule.amount is not None else None
    notes = []
    if rule.amount is None:
        status, detail = _step(rule, actual, planned)
    elif due is None:
        status, detail = "unknown", f"no due date: dates.{rule.from_} is not set in review.yaml"
    else:
        status, detail = _judge(rule, due, actual, today, jurisdiction)
        if planned:
            notes.append(f"planned for {long_date(planned)}")
        if rule.unit == "working_days":
            skipped = [d for d in bank_holidays(jurisdiction, start, due) if d.weekday() < 5 and d != start]
            if skipped:
                notes.append("bank holidays not counted: " + ", ".join(long_date(d) for d in skipped))
    if start and actual and actual < start and rule.direction == "after":
        notes.append(f"dates.{rule.actual} ({actual}) is before dates.{rule.from_} ({start}): check both")
    if due and target and target > due and rule.limit == "by":
        notes.append(f"the target date dates.{rule.target} ({long_date(target)}) is after the due date")
    if not rule.confirmed:
        notes.append("timescale not confirmed in current guidance" + (f": {rule.note}" if rule.note else ""))
    if notes:
        detail = f"{detail} ({'; '.join(notes)})"
    return Timescale(
        id=rule.id, label=rule.label, rule=rule.period, from_key=rule.from_,
        from_date=start.isoformat() if start else None, actual_key=rule.actual, due=due.isoformat() if due else None,
        actual=actual.isoformat() if actual else None, target=target.isoformat() if target else None,
        status=status, detail=detail, confirmed=rule.confirmed, basis=basis)


def applies(rule: Rule, review: Review) -> bool | None:
    """Whether ``rule`` applies to ``review``: None when it depends on a fact review.yaml does not record."""
    if review.jurisdiction not in rule.applies:
        return False
    if rule.when is not None:
        return getattr(review.process, rule.when)
    return True


def review_clocks(review: Review, today: dt.date | None = None) -> list[Timescale]:
    """Every rule of the review's pack that applies to it (steps with no clock too), assessed."""
    chosen = review_pack(review)
    return [assess(rule, review.dates, review.jurisdiction, today, basis=chosen.pack.cite(rule.citation))
            for rule in chosen.rules(review) if applies(rule, review)]


def review_timescales(review: Review, today: dt.date | None = None) -> list[Timescale]:
    """The clocks of the review's pack (its jurisdiction's current one unless review.yaml names one),
    assessed against its ``dates:``.

    Args:
        review: the loaded review (``review.dates``, ``review.jurisdiction``, ``review.process``).
        today: the day against which open deadlines are judged overdue; ``None`` judges only
            what the dates themselves show (met or late), which is what a rendered report needs
            to stay reproducible.
    """
    return [t for t in review_clocks(review, today) if t.status not in ("done", "to do")]
