"""Where the procedures should have fired (build/analysis/procedures.csv): each procedural clock the
records start, when it was due, the entries that met it, and how many working days it took.

The clocks are data (``procedures`` in lens_rules.yaml): Working Together 2023's child protection
timescales, and the local procedures' visiting frequency and escalation when a child on a plan is
not seen, whose figures are review settings. Working days leave out the bank holidays of the
review's jurisdiction (:mod:`reviewbench.process.calendar`). A clock not met whose due date falls
after the end of the records is "running", never "not met": the records cannot say.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..config import Review
from ..dates import date_to_day, day_to_date, long_date
from ..process.calendar import bank_holidays, deadline, working_days_between
from ..process.packs import UNIT_WORDS
from .process import Occurrence, Process, read_process
from .records import Records
from .refs import CHILD, GENERIC_CHILD
from .rules import Clock, LensRules

PROCEDURE_COLUMNS = ("clock", "child", "start_entry_id", "start_date", "due_date", "met_by_entry_id", "met_date",
                     "taken", "unit", "days_late", "status", "rule", "entry_ids", "detail", "basis")
UNIT_NAMES = {"working_days": "working days", "days": "days", "months": "days"}


def children_named(occurrence: Occurrence, records: Records) -> str:
    """The children the entries of ``occurrence`` name; the only subject child when they name none."""
    named = [r.key for f in occurrence.found for scan in f.record.scans for r in scan.refs
             if r.kind == CHILD and r.key and r.key != GENERIC_CHILD]
    if not named and len(records.family.subjects) == 1:
        named = [records.family.subjects[0].label]
    return "; ".join(dict.fromkeys(named))


def key_entry(occurrence: Occurrence, process: Process, also: Occurrence | None = None) -> str:
    """The entry that stands for an occurrence: one that also shows ``also`` (the section 47 enquiry
    of a strategy discussion), else the convening agency's, else the first."""
    ids = occurrence.entry_ids
    if also is not None:
        shared = [i for i in ids if i in set(also.entry_ids)]
        if shared:
            return shared[0]
    return next((i for i in ids if process.convener.get(i)), ids[0])


class _Clocks:
    """The clocks of one review's records."""

    def __init__(self, records: Records, rules: LensRules, review: Review):
        self.records, self.rules, self.review = records, rules, review
        self.process = read_process(records, rules, review)
        self.index = {r.entry_id: i for i, r in enumerate(records.records)}
        self.jurisdiction = review.jurisdiction
        last = records.records[-1].when if records.records else review.scope.end
        self.end = max(review.scope.end, last) if review.scope.end else last

    def _position(self, occ: Occurrence) -> int:
        return self.index[occ.found[0].record.entry_id]

    def _setting(self, value: int | str) -> int:
        return value if isinstance(value, int) else int(getattr(self.review.settings, value))

    def starts(self, clock: Clock) -> list[tuple[Occurrence, Occurrence | None]]:
        """(start, the occurrence of ``with`` that qualifies it) for each clock the records start."""
        pool = [o for event in clock.starts for o in self.process.of(event)
                if (not clock.during or self.process.plan_at(clock.during, o.day) is not None)
                and (not clock.outside or self.process.plan_at(clock.outside, o.day) is None)]
        resets = [o for event in clock.reset_by for o in self.process.of(event)]
        timeline = sorted([(o, False) for o in pool] + [(o, True) for o in resets],
                          key=lambda t: (self._position(t[0]), t[1]))
        count = self._setting(clock.count)
        out, run, armed = [], 0, True
        for occ, is_reset in timeline:
            if is_reset:
                run, armed = 0, True
                continue
            with_ = self.process.near(clock.with_, occ, self.rules.same_event_days) if clock.with_ else None
            if clock.with_ and with_ is None:
                continue
            run += 1
            if run >= count and armed:
                out.append((occ, with_))
                armed = count <= 1          # a count of visits in a row starts one clock until a reset
        return out

    def _after(self, events: tuple[str, ...], start: Occurrence) -> list[Occurrence]:
        """Occurrences of ``events`` after ``start`` began that are not ``start`` itself."""
        first = self._position(start)
        own = set(start.entry_ids)
        found = [o for e in events for o in self.process.of(e)
                 if self._position(o) > first and not (o.event == start.event and set(o.entry_ids) <= own)]
        return sorted(found, key=self._position)

    def rows(self, clock: Clock) -> list[dict]:
        amount = self._setting(clock.amount)
        return [self._row(clock, amount, start, with_) for start, with_ in self.starts(clock)]

    def _row(self, clock: Clock, amount: int, start: Occurrence, with_: Occurrence | None) -> dict:
        """One clock: met (in time or late), ended before it was due, running, or not met."""
        begun = day_to_date(start.day)
        due = deadline(begun, amount, clock.unit, self.jurisdiction)
        met = next(iter(self._after((clock.met_by,), start)), None)
        # a stop recorded with the meeting that would meet the clock wins ("ICPC not required"), the end of
        # the plan recorded at that meeting does not (the review conference that ends the plan was held)
        stops = [(self._position(s), 0, s) for s in self._after(clock.stopped_by, start)]
        plan = self.process.plan_at(clock.during, start.day) if clock.during else None
        if plan is not None and plan.end is not None and self._position(plan.end) > self._position(start):
            stops.append((self._position(plan.end), 1, plan.end))
        stop = next((s for at, after, s in sorted(stops, key=lambda t: t[:2])
                     if met is None or at + after <= self._position(met)), None)
        unit = UNIT_NAMES[clock.unit]
        row = {"clock": clock.id, "child": children_named(start, self.records),
               "start_entry_id": key_entry(start, self.process, with_), "start_date": begun.isoformat(),
               "due_date": due.isoformat(), "met_date": "", "taken": "", "unit": unit, "days_late": "",
               "rule": f"procedures.{clock.id}", "basis": clock.basis}
        behind = [*start.entry_ids, *(with_.entry_ids if with_ else [])]
        what = [f"{clock.label}: due {_amount(amount, clock.unit)} after {long_date(begun)}, by {long_date(due)}"]
        if met is not None and stop is None:
            done = day_to_date(met.day)
            late = max(0, self._between(due, done, clock.unit))
            row.update(met_by_entry_id=key_entry(met, self.process), met_date=done.isoformat(),
                       taken=self._between(begun, done, clock.unit), days_late=late,
                       status="late" if done > due else "met")
            behind += met.entry_ids
            counted = "days" if clock.unit == "months" else clock.unit       # lateness in days, never months
            what.append(f"recorded on {long_date(done)}" + (f", {_amount(late, counted)} after the due date"
                                                             if late else ""))
        elif stop is not None and day_to_date(stop.day) <= due:
            row.update(met_by_entry_id="ended", status="ended")
            behind += stop.entry_ids
            what.append(f"{_event(stop)} recorded on {long_date(day_to_date(stop.day))} before it was due")
        elif stop is None and due > self.end:
            row.update(met_by_entry_id="running", status="running")
            what.append(f"none recorded by the end of the records ({long_date(self.end)}): still running")
        else:
            until = day_to_date(stop.day) if stop is not None else self.end
            row.update(met_by_entry_id="not met", status="not met", days_late=self._between(due, until, clock.unit))
            what.append(f"none recorded by {long_date(until)}, " + (f"when {_event(stop)} was recorded"
                                                                    if stop is not None else "the end of the records"))
            behind += stop.entry_ids if stop is not None else []
        skipped = [d for d in bank_holidays(self.jurisdiction, begun + dt.timedelta(days=1), due)
                   if d.weekday() < 5] if clock.unit == "working_days" else []
        if skipped:
            what.append("bank holidays not counted: " + ", ".join(long_date(d) for d in skipped))
        if not clock.confirmed:
            what.append("a local figure, not a statutory one")
        row["entry_ids"] = ";".join(sorted(dict.fromkeys(behind), key=self.index.__getitem__))
        row["detail"] = "; ".join(what)
        return row

    def _between(self, first: dt.date, last: dt.date, unit: str) -> int:
        if unit == "working_days":
            return working_days_between(first, last, self.jurisdiction)
        return (last - first).days



def _amount(amount: int, unit: str) -> str:
    one, many = UNIT_WORDS[unit]
    return f"{amount} {one if amount == 1 else many}"


def _event(occ: Occurrence) -> str:
    """What stopped a clock, as the records put it: "cp plan end (CP plan ended)"."""
    return f"{occ.event.replace('-', ' ')} ({occ.words})" if occ.words else occ.event.replace("-", " ")


def procedures_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per clock the records start, in the order of their start entries."""
    clocks = _Clocks(records, rules, review)
    rows = [row for clock in rules.clocks for row in clocks.rows(clock)]
    rows.sort(key=lambda r: (date_to_day(dt.date.fromisoformat(r["start_date"])),
                             clocks.index[r["start_entry_id"]], r["clock"]))
    return pd.DataFrame(rows, columns=list(PROCEDURE_COLUMNS))
