"""The agencies' action plan returns read back (``reviewbench actions DIR --read``) and applied.

A return is a workbook of :mod:`.workbook`, filled in by one agency. It is read by the intake's
readers (:func:`reviewbench.intake.readers.read_document`: the same checks of a damaged, mis-named
or protected file, the same provenance "sheet 'Actions', row 7") and its dates by the intake's date
reader (day first, never rolled over: 31/02/2025 is refused). Every row read is accounted for:

- accepted: a status and/or a piece of evidence appended to the action's history;
- unchanged: nothing filled in, or what it says is recorded already (a return read twice);
- rejected, with the reason: an unknown action, another agency's action (an agency's return never
  touches another's actions), an impossible date (not a date, before the review began, after today),
  a status or kind of evidence not in the list, a status going back from evidenced;
- conflicting: the action changed in actions.yaml since the workbook was exported (the row's key is
  not the action's now), so the update is not applied but kept in ``build/actions/conflicts.csv`` for
  the business unit to agree with the agency: never lost.

Returns are never changed (they are raw submissions); actions.yaml is written once, after every
return is read, through the store's guard (never over a hand edit made meanwhile).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..atomic import write_atomic
from ..config import Agency, Review
from ..errors import DateError, IntakeFileError, ReviewbenchError, RowRejected
from ..intake.agency_returns import ReturnedFile, ReturnsRead, choice_of, find_table, relative_name, returned_by
from ..intake.agency_returns import return_files as returns_in
from ..intake.columns import Header, heading_key, rows_from_grid
from ..intake.dates import parse_date
from ..intake.readers import read_document
from ..model import Grid, RawRow, Reject
from ..suggest import did_you_mean
from .actions import Action, ActionPlan, Evidence, StatusEntry, load_actions
from .statuses import plan_terms
from .workbook import COLUMNS, EXPORT_DIR, MARK_PREFIX, UPDATE

RETURNS_DIR = "action_returns"
REPORT_JSON, CONFLICTS_CSV = "returns_report.json", "conflicts.csv"
STATUS_KEYS = ("update_date", "new_status", "note", "updated_by")
EVIDENCE_KEYS = ("evidence_date", "evidence_kind", "evidence_summary", "evidence_link")
CONFLICT_COLUMNS = ("file", "location", "action", "reason", "exported_key", "current_key", *STATUS_KEYS,
                    *EVIDENCE_KEYS)


@dataclass
class ReturnFile(ReturnedFile):
    rows_accepted: int = 0
    rows_conflicting: int = 0


@dataclass
class ReturnsResult(ReturnsRead):
    accepted: list[dict] = field(default_factory=list)      # file, location, action, what was added
    conflicts: list[dict] = field(default_factory=list)
    COUNTS: ClassVar[tuple[str, ...]] = ("read", "accepted", "rejected", "unchanged", "conflicting")

    def as_dict(self) -> dict:
        return {**super().as_dict(), "accepted": self.accepted, "conflicts": self.conflicts}


# -- finding the table --------------------------------------------------------------------------

_HEADINGS = {heading_key(heading): key for key, heading, _ in COLUMNS}


def _header(grid: Grid) -> Header | None:
    """The header row of a return's table: one naming at least the action id and the row key."""
    return find_table(grid, _HEADINGS, {"action", "row_key"})


def _agency(review: Review, rel: str, identifier: str | None, grid: Grid) -> Agency:
    return returned_by(review, rel, identifier, grid, MARK_PREFIX, "action plan return", RETURNS_DIR,
                       "reviewbench actions DIR --export")


# -- one row ------------------------------------------------------------------------------------

def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def review_began(review: Review) -> dt.date:
    """The first day an update can be dated: the review's start (``dates.start``), else its earliest
    recorded date, else the end of the period it looks at."""
    dates = [d for d in review.dates.model_dump().values() if d is not None]
    return review.dates.start or (min(dates) if dates else review.scope.end)


def _day(value: object, heading: str, review: Review, today: dt.date) -> dt.date:
    try:
        parsed = parse_date(value)
    except DateError as exc:
        raise RowRejected(f"'{heading}': {exc.reason}") from exc
    if parsed.precision != "day":
        raise RowRejected(f"'{heading}' ({_text(value)}) must be a day (dd/mm/yyyy), not only a month or a year.")
    day = dt.date.fromisoformat(parsed.iso)
    began = review_began(review)
    if day < began:
        raise RowRejected(f"'{heading}' ({day.strftime('%d/%m/%Y')}) is before the review began "
                          f"({began.strftime('%d/%m/%Y')}): an update to its action plan cannot be.")
    if day > today:
        raise RowRejected(f"'{heading}' ({day.strftime('%d/%m/%Y')}) is in the future (today is "
                          f"{today.strftime('%d/%m/%Y')}): date an update the day it was true.")
    return day


_HEADING_OF = {key: heading for key, heading, _ in COLUMNS}


def _update(values: dict, review: Review, today: dt.date) -> tuple[StatusEntry | None, Evidence | None]:
    """The status and the evidence a row gives (either may be None)."""
    terms = plan_terms()
    status = evidence = None
    if any(_text(values.get(k)) for k in STATUS_KEYS):
        if not _text(values.get("new_status")):
            raise RowRejected(f"'{_HEADING_OF['new_status']}' is empty: an update needs a status (the current "
                              "one if it has not changed).")
        if not _text(values.get("update_date")):
            raise RowRejected(f"'{_HEADING_OF['update_date']}' is empty: an update needs the day it was true.")
        status = StatusEntry(date=_day(values["update_date"], _HEADING_OF["update_date"], review, today),
                             status=choice_of(_text(values["new_status"]), {s.id: s.label for s in terms.statuses},
                                            _HEADING_OF["new_status"]),
                             note=_text(values.get("note")), by=_text(values.get("updated_by")))
    if any(_text(values.get(k)) for k in EVIDENCE_KEYS):
        missing = [_HEADING_OF[k] for k in ("evidence_date", "evidence_kind", "evidence_summary")
                   if not _text(values.get(k))]
        if missing:
            raise RowRejected(f"evidence needs its {', '.join(repr(m) for m in missing)} too.")
        evidence = Evidence(date=_day(values["evidence_date"], _HEADING_OF["evidence_date"], review, today),
                            kind=choice_of(_text(values["evidence_kind"]), terms.evidence_kinds,
                                         _HEADING_OF["evidence_kind"]),
                            summary=_text(values["evidence_summary"]), link=_text(values.get("evidence_link")))
    return status, evidence


def _applied(action: Action, status: StatusEntry | None, evidence: Evidence | None) -> Action:
    """``action`` with the update appended to its history: nothing recorded before is changed."""
    final = {s.id for s in plan_terms().statuses if s.final}
    if status is not None:
        if action.status in final and status.status != action.status:
            raise RowRejected(f"{action.id} is {action.status} (since {action.status_date}); its status cannot go "
                              f"back to {status.status}.")
        if action.status_date and status.date < action.status_date:
            raise RowRejected(f"the update is dated {status.date.strftime('%d/%m/%Y')}, before {action.id}'s last "
                              f"status ({action.status_date.strftime('%d/%m/%Y')}): the history is kept in date "
                              "order.")
    return action.model_copy(update={
        "status_history": [*action.status_history, *([status] if status else [])],
        "evidence": [*action.evidence, *([evidence] if evidence else [])]})


@dataclass
class _Reading:
    """The state of one read of returns: the actions as updated so far, and what each row became."""

    plan: ActionPlan
    today: dt.date
    result: ReturnsResult
    actions: dict[str, Action] = field(default_factory=dict)

    def row(self, raw: RawRow, agency: Agency, counts: ReturnFile, seen: set[str]) -> None:
        values = raw.values
        if not any(_text(values.get(k)) for k, _, _ in UPDATE):
            counts.rows_unchanged += 1
            self.result.unchanged.append(Reject(raw.file, raw.location, "nothing filled in"))
            return
        try:
            action = self._action(_text(values.get("action")), agency, seen)
            status, evidence = _update(values, self.plan.review, self.today)
            if (status is None or status in action.status_history) and (evidence is None or
                                                                         evidence in action.evidence):
                counts.rows_unchanged += 1
                self.result.unchanged.append(Reject(raw.file, raw.location, f"already recorded in {action.id}"))
                return
            if _text(values.get("row_key")) != action.row_key():
                self._conflict(raw, action)
                counts.rows_conflicting += 1
                return
            self.actions[action.id] = _applied(action, status, evidence)
        except RowRejected as exc:
            counts.rows_rejected += 1
            self.result.rejects.append(Reject(raw.file, raw.location, exc.reason))
            return
        counts.rows_accepted += 1
        added = ([f"status {status.status} on {status.date.isoformat()}"] if status else []) + \
                ([f"{evidence.kind} evidence of {evidence.date.isoformat()}"] if evidence else [])
        self.result.accepted.append({"file": raw.file, "location": raw.location, "action": action.id,
                                     "added": "; ".join(added)})

    def _action(self, action_id: str, agency: Agency, seen: set[str]) -> Action:
        if not action_id:
            raise RowRejected("the row has no action id: a return updates the actions it was sent with.")
        action = self.actions.get(action_id)
        if action is None:
            raise RowRejected(f"there is no action '{action_id}' in authored/actions.yaml"
                              f"{did_you_mean(action_id, self.actions, aside=True)}.")
        owner = self.plan.owner(action)
        if owner != agency.name:
            raise RowRejected(f"action {action_id} belongs to {owner}, not to {agency.name}, whose return this "
                              "is: an agency updates only its own actions.")
        if action_id in seen:
            raise RowRejected(f"a second row for action {action_id} in this return: put each update to an "
                              "action in its one row.")
        seen.add(action_id)
        return action

    def _conflict(self, raw: RawRow, action: Action) -> None:
        values = raw.values
        self.result.conflicts.append({
            "file": raw.file, "location": raw.location, "action": action.id,
            "reason": f"{action.id} changed in authored/actions.yaml after this workbook was exported, so the "
                      "update was not applied: agree it with the agency, then record it.",
            "exported_key": _text(values.get("row_key")), "current_key": action.row_key(),
            **{k: _cell(values.get(k)) for k in (*STATUS_KEYS, *EVIDENCE_KEYS)}})


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return _text(value)


def _read_file(reading: _Reading, path: Path) -> ReturnFile:
    review = reading.plan.review
    rel = relative_name(review, path)
    counts = ReturnFile(rel)
    try:
        doc = read_document(path, rel)
        found = [(grid, header) for grid in doc.grids if (header := _header(grid)) is not None]
        if not found:
            raise IntakeFileError(rel, "holds no action plan table (no sheet with the headings 'Action id' and "
                                       "'Row key').", hint="Return the workbook made by 'reviewbench actions DIR "
                                                           "--export', filled in.")
        grid, header = found[0]
        agency = _agency(review, rel, doc.identifier, grid)
    except IntakeFileError as exc:
        counts.status, counts.error = "failed", str(exc)
        return counts
    counts.agency = agency.name
    rows, _repeats = rows_from_grid(rel, grid, header)
    seen: set[str] = set()
    for raw in rows:
        counts.rows_read += 1
        reading.row(raw, agency, counts, seen)
    return counts


def return_files(review: Review) -> list[Path]:
    """The returns in the review's ``action_returns/`` folder (Office lock files left out)."""
    return returns_in(review.root / RETURNS_DIR)


def _write_conflicts(path: Path, conflicts: list[dict]) -> None:
    """Add the conflicts to build/actions/conflicts.csv, keeping every one recorded before."""
    rows: list[dict] = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    known = {json.dumps(r, sort_keys=True) for r in rows}
    rows += [c for c in conflicts if json.dumps({k: str(v) for k, v in c.items()}, sort_keys=True) not in known]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CONFLICT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, out.getvalue())


def read_returns(review: Review, files: list[Path] | None = None, *, today: dt.date | None = None) -> ReturnsResult:
    """Read each return (default: every workbook in ``action_returns/``), apply what is accepted to
    authored/actions.yaml, and write ``build/actions/returns_report.json`` and ``conflicts.csv``."""
    plan = load_actions(review)
    files = return_files(review) if files is None else [Path(f) for f in files]
    if not files:
        raise ReviewbenchError(f"there are no returns to read in {review.root / RETURNS_DIR}.",
                               hint="Put the workbooks the agencies sent back there, or name them after --read.")
    result = ReturnsResult(review, [])
    reading = _Reading(plan, today or dt.date.today(), result, {a.id: a for a in plan.actions})
    result.files = [_read_file(reading, path) for path in files]
    if result.total("accepted"):
        plan.save([reading.actions[a.id] for a in plan.actions])
    folder = review.root.joinpath(*EXPORT_DIR)
    write_atomic(folder / REPORT_JSON, json.dumps(result.as_dict(), indent=1, ensure_ascii=False) + "\n")
    result.outputs = [folder / REPORT_JSON]
    if result.conflicts or (folder / CONFLICTS_CSV).exists():
        _write_conflicts(folder / CONFLICTS_CSV, result.conflicts)
        result.outputs.append(folder / CONFLICTS_CSV)
    return result
