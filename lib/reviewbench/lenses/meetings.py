"""What each meeting knew (build/analysis/meetings.csv): for every strategy discussion, conference,
core group and other meeting, how each agency took part, and what it held before.

How an agency took part (attended, report only, invited and absent) is read once, by the network
stage's :func:`reviewbench.network.reading.meeting_table` (the attendance reader of
``chronology/attendance.py``); this lens adds the entries each agency recorded in the
``meeting_known_days`` (a review setting) before the meeting, and whether what it held could reach
the meeting (it attended or sent a report). An agency of the review that the meeting's records
never name but that held entries before it is listed as "not recorded" (``meetings.list_unnamed``)
when the records name at least two agencies at the meeting (an attendance list to be missing from):
what it knew may never have reached the room. Agencies that neither took part nor held anything
are left out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..agency_records import ATTENDED, INVITED_ABSENT, REPORT_ONLY
from ..config import Review
from ..dates import date_to_day
from ..network.reading import meeting_table
from .records import Records
from .rules import LensRules

MEETING_LENS_COLUMNS = ("joint_event_id", "date", "kind", "agency", "status", "known_before", "shared", "entry_ids",
                        "rule", "note")
STATUS = {ATTENDED: "attended", REPORT_ONLY: "report only", INVITED_ABSENT: "invited and absent"}
NOT_RECORDED = "not recorded"


def _day(date: str) -> int | None:
    try:
        return date_to_day(dt.date.fromisoformat(date)) if len(date) == 10 else None
    except ValueError:
        return None


def meetings_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per meeting and agency that took part in it, or held entries before it."""
    columns = list(MEETING_LENS_COLUMNS)
    if records.chronology is None or not records.records:
        return pd.DataFrame(columns=columns)
    window = review.settings.meeting_known_days
    table = meeting_table(review, records.network_reading(review))
    held: dict[str, list] = {}
    for record in records.records:
        held.setdefault(record.agency, []).append(record)
    agencies = [a.name for a in review.agencies]
    rows = []
    for meeting, group in table.groupby("meeting", sort=False):
        first = group.iloc[0]
        own = set(first["entry_ids"])
        day = _day(first["date"])
        joint = meeting if meeting not in own else ""
        before = {agency: [r.entry_id for r in held.get(agency, [])
                           if day is not None and day - window <= r.day <= day and r.entry_id not in own]
                  for agency in set(agencies) | set(group["agency"])}

        note = "" if day is not None else "the meeting has no day-precise date: what each agency held before it " \
                                          "is not listed"
        base = {"joint_event_id": joint, "date": first["date"], "kind": first["event_kind"],
                "entry_ids": "; ".join(first["entry_ids"])}
        named = set(group["agency"])
        for agency, state in zip(group["agency"], group["attendance"]):
            rows.append({**base, "agency": agency, "status": STATUS.get(state, state),
                         "known_before": "; ".join(before[agency]),
                         "shared": "yes" if state in (ATTENDED, REPORT_ONLY) else "no",
                         "rule": f"meetings.{state}", "note": note})
        if rules.list_unnamed and day is not None and len(named) >= 2:     # the records say who took part
            for agency in agencies:
                known = before[agency]
                if agency not in named and known:
                    rows.append({**base, "agency": agency, "status": NOT_RECORDED, "known_before": "; ".join(known),
                                 "shared": "no", "rule": "meetings.not-recorded",
                                 "note": f"no record of the meeting names {agency}; it held entries in the "
                                         f"{window} days before"})
    return pd.DataFrame(rows, columns=columns)
