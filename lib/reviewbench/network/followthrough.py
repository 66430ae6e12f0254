"""Referral follow-through: did the agency referred to record anything in response?

A referral or notification from A to B, recorded by A, is answered when B records within N
days an entry that is a referral received, or names A, or belongs to the same joint event.
The whole chronology is searched for the answer, so a referral made on the last day of a
time slice can still be answered the day after.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..chronology.schema import NO_DAY
from .rules import Rules

FOLLOWTHROUGH_COLUMNS = ("entry_id", "date", "from_agency", "to_agency", "kind", "status",
                         "answered_by", "answered_date", "days_to_answer", "how", "note")


class _Index:
    """Entries of one agency sorted by start day, for "anything between day x and day y?"."""

    def __init__(self, start: np.ndarray, end: np.ndarray, ids: np.ndarray, dates: np.ndarray):
        self.start, self.end, self.ids, self.dates = start, end, ids, dates
        self.reach = np.maximum.accumulate(end) if len(end) else end

    def first(self, start: int, end: int) -> int | None:
        """Position of the earliest-starting entry overlapping [start, end], or None.

        ``reach`` (the running maximum of the end days) first reaches ``start`` exactly at
        an entry that itself ends on or after ``start``.
        """
        pos = int(np.searchsorted(self.reach, start, side="left"))
        return pos if pos < len(self.start) and self.start[pos] <= end else None


def _indexes(frame: pd.DataFrame, keys: list[str]) -> dict:
    """An :class:`_Index` per group of ``keys``, from one sort of the whole frame."""
    if not len(frame):
        return {}
    frame = frame.sort_values(["_start", "_row"], kind="stable")
    start, end, ids, dates = (frame[c].to_numpy() for c in ("_start", "_end", "entry_id", "date"))
    groups = frame.groupby(keys if len(keys) > 1 else keys[0], sort=False).indices
    return {key: _Index(start[pos], end[pos], ids[pos], dates[pos]) for key, pos in groups.items()}


def referrals_to_follow(interactions: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Referrals and notifications sent by the agency that recorded them."""
    mask = interactions["_outgoing"] & (interactions["kind"] != "joint-meeting") & (
        interactions["kind"].isin(list(rules.followthrough_kinds))
        | interactions["event_kind"].isin(list(rules.followthrough_event_kinds)))
    return interactions[mask]


def follow_through(referrals: pd.DataFrame, entries: pd.DataFrame, interactions: pd.DataFrame,
                   rules: Rules, days: int) -> pd.DataFrame:
    """One row per referral: answered (by which entry, after how many days) or unanswered."""
    dated = entries[entries["_dated"]]
    received = _indexes(dated[dated["event_kind"].isin(list(rules.received_event_kinds))], ["agency"])
    # Entries of B that involve A, whichever way: "B names A".
    involved = interactions[interactions["_start"] != NO_DAY].copy()
    involved["_other"] = np.where(involved["_outgoing"], involved["to_agency"], involved["from_agency"])
    naming = _indexes(involved, ["recorded_by", "_other"])
    joint_members = _indexes(dated[dated["joint_event_id"].str.strip() != ""], ["joint_event_id", "agency"])
    recorders = set(entries["agency"].unique().tolist())
    last_day = int(dated["_end"].max()) if len(dated) else None
    referral_rows = entries["entry_id"].isin(set(referrals["entry_id"].tolist()))
    joint_of = dict(zip(entries.loc[referral_rows, "entry_id"].tolist(),
                        entries.loc[referral_rows, "joint_event_id"].str.strip().tolist()))

    rows = []
    columns = zip(*(referrals[c].to_numpy() for c in
                    ("entry_id", "date", "from_agency", "to_agency", "kind", "_start", "_end")))
    for entry_id, date, a, b, kind, start, end in columns:
        record = {"entry_id": entry_id, "date": date, "from_agency": a, "to_agency": b,
                  "kind": kind, "status": "unanswered", "answered_by": "", "answered_date": "",
                  "days_to_answer": None, "how": "", "note": ""}
        notes = []
        if start == NO_DAY:
            record["status"] = "undated"
            record["note"] = "The referral has no usable date, so its answer cannot be looked for."
            rows.append(record)
            continue
        window = (int(start), int(end) + days)
        best = None
        sources = [(received.get(b), "referral received"), (naming.get((b, a)), f"names {a}")]
        jid = joint_of.get(entry_id, "")
        if jid:
            sources.append((joint_members.get((jid, b)), f"same joint event {jid}"))
        for index, how in sources:
            if index is None:
                continue
            pos = index.first(*window)
            if pos is not None and (best is None or index.start[pos] < best[0].start[best[1]]):
                best = (index, pos, how)
        if best is not None:
            index, pos, how = best
            record.update(status="answered", answered_by=str(index.ids[pos]), answered_date=str(index.dates[pos]),
                          days_to_answer=max(0, int(index.start[pos]) - int(start)), how=how)
        else:
            if b not in recorders:
                notes.append(f"{b} recorded no entries in the chronology.")
            if last_day is not None and last_day < window[1]:
                notes.append(f"The chronology ends less than {days} days after this referral.")
        if end != start:
            notes.append("The referral is dated only to the month or year.")
        record["note"] = " ".join(notes)
        rows.append(record)
    frame = pd.DataFrame(rows, columns=list(FOLLOWTHROUGH_COLUMNS))
    frame["days_to_answer"] = frame["days_to_answer"].astype("Int64")
    return frame
