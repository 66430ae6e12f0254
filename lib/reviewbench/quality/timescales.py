"""Statutory timescales: deadlines from the review's ``dates:``, in working days or months.

The rules are data (``reviewbench/data/timescales.yaml``, overlaid by a review's own
``timescales.yaml``) because several timescales are unconfirmed in current guidance and
partnerships set their own. Bank holidays come from the ``holidays`` package for the review's
jurisdiction. Whether an open deadline is overdue is judged against an explicit ``today``,
never the wall clock, so the same call gives the same answer in a test and in a re-run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import holidays
import yaml
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..config import Dates, Review
from ..config_problems import problems_message, unknown_keys, validation_problems
from ..dates import long_date
from ..errors import ReviewConfigError
from ..yamlio import load_yaml, yaml_problem

RULES_FILE = "timescales.yaml"
SUBDIVISIONS = {"england": "ENG", "wales": "WLS"}
DATE_KEYS = tuple(Dates.model_fields)
FLAGGED = ("late", "overdue")
UNIT_WORDS = {"working_days": ("working day", "working days"), "days": ("day", "days"),
              "months": ("month", "months")}


class Rule(BaseModel):
    """One timescale: ``amount`` ``unit``s after the date ``from_``; met by the date ``actual``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    label: str = Field(min_length=1)
    from_: str = Field(alias="from")
    amount: int = Field(ge=0)
    unit: Literal["working_days", "days", "months"]
    actual: str | None = None
    target: str | None = None
    applies: tuple[Literal["england", "wales"], ...] = ("england", "wales")
    basis: str = ""
    confirmed: bool = True
    enabled: bool = True

    @field_validator("from_", "actual", "target")
    @classmethod
    def _known_date(cls, value: str | None) -> str | None:
        if value is not None and value not in DATE_KEYS:
            raise ValueError(f"'{value}' is not a review date; use one of {', '.join(DATE_KEYS)}")
        return value

    @property
    def period(self) -> str:
        one, many = UNIT_WORDS[self.unit]
        return f"{self.amount} {one if self.amount == 1 else many} after dates.{self.from_}"


@dataclass(frozen=True)
class Timescale:
    """A rule applied to one review. ``status``: met, late, overdue, due, open or unknown."""

    id: str
    label: str
    rule: str                       # "5 working days after dates.aware"
    from_key: str
    from_date: str | None
    due: str | None
    actual: str | None
    target: str | None
    status: str
    detail: str
    confirmed: bool
    basis: str

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED

    def as_dict(self) -> dict:
        return {**asdict(self), "flagged": self.flagged}


# -- rules -------------------------------------------------------------------------------------
def _parse_rules(data: object, origin: str) -> list[dict]:
    if isinstance(data, dict) and (unknown := unknown_keys(data, ("rules",))):
        raise ReviewConfigError(problems_message(unknown), file=origin)
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not all(isinstance(r, dict) and r.get("id") for r in rules):
        raise ReviewConfigError("must hold 'rules:', a list of rules each with an 'id' "
                                "(see reviewbench/data/timescales.yaml).", where=origin)
    return rules


def _read_yaml(text: str, origin: str) -> object:
    try:
        return load_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ReviewConfigError(yaml_problem(exc), file=origin) from exc


def timescale_rules(review_dir: Path | None = None) -> list[Rule]:
    """The built-in rules, overlaid by the review's own ``timescales.yaml`` (same id: fields replaced)."""
    origin = f"reviewbench/data/{RULES_FILE}"
    text = resources.files("reviewbench").joinpath("data", RULES_FILE).read_text(encoding="utf-8")
    merged = {r["id"]: dict(r) for r in _parse_rules(_read_yaml(text, origin), origin)}
    if review_dir is not None and (Path(review_dir) / RULES_FILE).exists():
        local = Path(review_dir) / RULES_FILE
        origin = str(local)
        for own in _parse_rules(_read_yaml(local.read_text(encoding="utf-8"), origin), origin):
            merged[own["id"]] = {**merged.get(own["id"], {}), **own}
    rules = []
    for i, data in enumerate(merged.values()):
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems = validation_problems(exc, Rule, at=("rules", data.get("id", i)))
            raise ReviewConfigError(problems_message(problems), file=origin) from exc
        if rule.enabled:
            rules.append(rule)
    return rules


# -- calendar arithmetic -----------------------------------------------------------------------
@lru_cache(maxsize=64)
def _bank_holidays(jurisdiction: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=SUBDIVISIONS[jurisdiction], years=year))


def bank_holidays(jurisdiction: str, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Bank holidays (date -> name) between two dates, for ``england`` or ``wales``."""
    found = holidays.country_holidays("GB", subdiv=SUBDIVISIONS[jurisdiction],
                                      years=range(first.year, last.year + 1))
    return {day: name for day, name in sorted(found.items()) if first <= day <= last}


def is_working_day(day: dt.date, jurisdiction: str = "england") -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(jurisdiction, day.year)


def add_working_days(start: dt.date, amount: int, jurisdiction: str = "england") -> dt.date:
    """The ``amount``-th working day after ``start`` (``start`` itself is day 0, whatever it is)."""
    day = start
    counted = 0
    while counted < amount:
        day += dt.timedelta(days=1)
        if is_working_day(day, jurisdiction):
            counted += 1
    return day


def working_days_between(first: dt.date, last: dt.date, jurisdiction: str = "england") -> int:
    """Working days after ``first`` up to and including ``last`` (negative when ``last`` is earlier)."""
    if last < first:
        return -working_days_between(last, first, jurisdiction)
    return sum(is_working_day(first + dt.timedelta(days=n), jurisdiction)
               for n in range(1, (last - first).days + 1))


def deadline(start: dt.date, amount: int, unit: str, jurisdiction: str = "england") -> dt.date:
    if unit == "working_days":
        return add_working_days(start, amount, jurisdiction)
    if unit == "months":
        return start + relativedelta(months=amount)       # month ends are clamped (31 Aug -> 28 Feb)
    return start + dt.timedelta(days=amount)


# -- applying the rules ------------------------------------------------------------------------
def _late_by(due: dt.date, when: dt.date, unit: str, jurisdiction: str) -> str:
    if unit == "working_days":
        n = working_days_between(due, when, jurisdiction)
        return f"{n} working day{'s' if n != 1 else ''}"
    n = (when - due).days
    return f"{n} day{'s' if n != 1 else ''}"


def assess(rule: Rule, dates: Dates, jurisdiction: str = "england", today: dt.date | None = None) -> Timescale:
    """One rule against the review's dates; ``today`` (if given) decides whether an open item is overdue."""
    start = getattr(dates, rule.from_)
    actual = getattr(dates, rule.actual) if rule.actual else None
    target = getattr(dates, rule.target) if rule.target else None
    due = deadline(start, rule.amount, rule.unit, jurisdiction) if start else None
    if due is None:
        status, detail = "unknown", f"no due date: dates.{rule.from_} is not set in review.yaml"
    elif actual is not None and actual <= due:
        status, detail = "met", f"done on {long_date(actual)}, due by {long_date(due)}"
    elif actual is not None:
        status = "late"
        late = _late_by(due, actual, rule.unit, jurisdiction)
        detail = f"done on {long_date(actual)}, {late} after the due date {long_date(due)}"
    elif today is None:
        status = "open"
        detail = f"due by {long_date(due)}" + (f"; dates.{rule.actual} is not set" if rule.actual else "")
    elif today > due:
        status = "overdue"
        detail = (f"due by {long_date(due)}, not recorded as done (dates.{rule.actual} is not set); "
                  f"{_late_by(due, today, rule.unit, jurisdiction)} overdue on {long_date(today)}")
    else:
        status = "due"
        detail = f"due by {long_date(due)}; not yet done on {long_date(today)}"
    notes = []
    if due and rule.unit == "working_days":
        skipped = [d for d in bank_holidays(jurisdiction, start + dt.timedelta(days=1), due) if d.weekday() < 5]
        if skipped:
            notes.append("bank holidays not counted: " + ", ".join(long_date(d) for d in skipped))
    if start and actual and actual < start:
        notes.append(f"dates.{rule.actual} ({actual}) is before dates.{rule.from_} ({start}): check both")
    if due and target and target > due:
        notes.append(f"the target date dates.{rule.target} ({long_date(target)}) is after the due date")
    if not rule.confirmed:
        notes.append("timescale not confirmed in current guidance")
    if notes:
        detail = f"{detail} ({'; '.join(notes)})"
    return Timescale(
        id=rule.id, label=rule.label, rule=rule.period, from_key=rule.from_,
        from_date=start.isoformat() if start else None, due=due.isoformat() if due else None,
        actual=actual.isoformat() if actual else None, target=target.isoformat() if target else None,
        status=status, detail=detail, confirmed=rule.confirmed, basis=rule.basis)


def review_timescales(review: Review, today: dt.date | None = None) -> list[Timescale]:
    """Every rule that applies to the review's jurisdiction, assessed against its ``dates:``.

    Args:
        review: the loaded review (``review.dates``, ``review.jurisdiction``).
        today: the day against which open deadlines are judged overdue; ``None`` judges only
            what the dates themselves show (met or late), which is what a rendered report needs
            to stay reproducible.
    """
    return [assess(rule, review.dates, review.jurisdiction, today)
            for rule in review.overlay(RULES_FILE, timescale_rules) if review.jurisdiction in rule.applies]


def timescales_markdown(items: list[Timescale] | list[dict]) -> str:
    """A Markdown table for ``check`` and the report's appendix; late and overdue rows in bold capitals."""
    lines = ["| timescale | rule | due | done | status |", "|---|---|---|---|---|"]
    for item in items:
        t = item.as_dict() if isinstance(item, Timescale) else item
        status = f"**{t['status'].upper()}**" if t["status"] in FLAGGED else t["status"]
        lines.append(f"| {t['label']} | {t['rule']} | {t['due'] or '-'} | {t['actual'] or '-'} | {status}: "
                     f"{t['detail'].replace('|', '/')} |")
    return "\n".join(lines) + "\n"
