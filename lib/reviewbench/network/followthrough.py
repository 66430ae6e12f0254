"""Referral follow-through: did the agency referred to record anything in response?

Only referrals and notifications that expect a response are followed: those ``referrals.py``
reads in the recording agency's words (a PPN, a MERLIN, a referral, a request for support, a
liaison form, news rung through to a front door...). A referral from A to B is answered when B
records within N days an entry that is a referral received, or records something from A (an
interaction from A, or a mention of A that is not B's own message to A), or uses the same
distinctive form ("MERLIN received"), or belongs to the same joint event, and that does not say
B was never told ("PO had not been told of the incident"); "too-recent" when nothing answers it and the
chronology ends inside those N days; otherwise "unanswered", with the first later such entry of
B (not counting a referral received about someone else's referral) as a late answer. The whole
chronology is searched, so a referral made on the last day of a time slice can still be answered
the day after.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

from ..chronology.schema import NO_DAY
from ..dates import entry_date_text
from .interactions import REFERRAL_KINDS
from .rules import Rules

# The columns of build/network/followthrough.csv: the first eleven since the first release.
FOLLOWTHROUGH_COLUMNS = ("entry_id", "date", "from_agency", "to_agency", "kind", "status",
                         "answered_by", "answered_date", "days_to_answer", "how", "note",
                         "late_answer", "late_answer_date", "rule", "evidence")
STATUSES = ("answered", "unanswered", "too-recent", "undated")
NEXT_ENTRY_HOW = "next entry of"     # `how` of an answer taken from the receiver's next entry (assumed)
_FOREVER = 10 ** 9


class _Index:
    """Entries of one agency sorted by start day, for "anything between day x and day y?"."""

    def __init__(self, start: np.ndarray, end: np.ndarray, ids: np.ndarray, dates: np.ndarray, rows: np.ndarray):
        self.start, self.end, self.ids, self.dates, self.rows = start, end, ids, dates, rows
        self.reach = np.maximum.accumulate(end) if len(end) else end

    def first(self, start: int, end: int, skip: frozenset | set = frozenset()) -> int | None:
        """Position of the earliest-starting entry overlapping [start, end] and not in ``skip``
        (chronology rows), or None.

        ``reach`` (the running maximum of the end days) first reaches ``start`` exactly at
        an entry that itself ends on or after ``start``.
        """
        pos = int(np.searchsorted(self.reach, start, side="left"))
        while pos < len(self.start) and self.start[pos] <= end:
            if self.end[pos] >= start and int(self.rows[pos]) not in skip:
                return pos
            pos += 1
        return None


def _indexes(frame: pd.DataFrame, keys: list[str]) -> dict:
    """An :class:`_Index` per group of ``keys``, from one sort of the whole frame."""
    if not len(frame):
        return {}
    frame = frame.sort_values(["_start", "_row"], kind="stable")
    start, end, ids, dates, rows = (frame[c].to_numpy() for c in ("_start", "_end", "entry_id", "date", "_row"))
    groups = frame.groupby(keys if len(keys) > 1 else keys[0], sort=False).indices
    return {key: _Index(start[pos], end[pos], ids[pos], dates[pos], rows[pos]) for key, pos in groups.items()}


def referrals_to_follow(detected: pd.DataFrame, interactions: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The referrals found by their forms, and the outgoing interactions the rules say to follow
    (``followthrough: kinds / event_kinds``), one row per entry and receiver, in entry order."""
    mask = interactions["_outgoing"] & (interactions["kind"] != "joint-meeting") & (
        interactions["kind"].isin(list(rules.followthrough_kinds))
        | interactions["event_kind"].isin(list(rules.followthrough_event_kinds)))
    by_kind = interactions[mask].assign(rule=lambda f: "kind:" + f["kind"], evidence=lambda f: f["evidence"])
    columns = ["_row", "entry_id", "date", "from_agency", "to_agency", "kind", "_start", "_end", "rule", "evidence"]
    both = pd.concat([detected[columns], by_kind[columns]], ignore_index=True)
    both = both.drop_duplicates(["_row", "to_agency"], keep="first")
    return both.sort_values(["_row", "to_agency"], kind="stable").reset_index(drop=True)


def follow_through(referrals: pd.DataFrame, entries: pd.DataFrame, interactions: pd.DataFrame,
                   rules: Rules, days: int, ends: int | None = None,
                   never_told: dict[str, set[int]] | None = None) -> pd.DataFrame:
    """One row per referral: answered (by which entry, after how many days), unanswered or too recent
    (:class:`Answers`, for one response window)."""
    return Answers(referrals, entries, interactions, rules, ends, never_told).within(days)


class Answers:
    """Where each referral's answer may be, read once and searched for any response window: the
    analysis and its sensitivity re-runs (half and double the window) share it.

    ``ends``: the day the chronology's period ends (the review scope's end); the last dated
    entry counts when it is later. ``never_told``: agency -> the rows that say the agency's message
    never arrived or was never read (``referrals.never_told``); they answer nothing from it.
    """

    def __init__(self, referrals: pd.DataFrame, entries: pd.DataFrame, interactions: pd.DataFrame, rules: Rules,
                 ends: int | None = None, never_told: dict[str, set[int]] | None = None):
        self.referrals, self.rules, self.never_told = referrals, rules, never_told or {}
        told = dated = entries.loc[entries["_dated"], ["_row", "entry_id", "date", "agency", "event_kind",
                                                       "joint_event_id", "_start", "_end", "_low"]]
        self.received = _indexes(told[told["event_kind"].isin(list(rules.received_event_kinds))], ["agency"])
        # Entries of B that record something from A: A's interaction with B, or B naming A, but not B's
        # own message to A ("rang Sampleton Homes", "report to the police").
        involved = interactions[(interactions["_start"] != NO_DAY) & interactions["_row"].isin(told["_row"])
                                & ~(interactions["_outgoing"] & interactions["_cued"])].copy()
        involved["_other"] = np.where(involved["_outgoing"], involved["to_agency"], involved["from_agency"])
        self.naming = _indexes(involved, ["recorded_by", "_other"])
        self.joint_members = _indexes(dated[dated["joint_event_id"].str.strip() != ""], ["joint_event_id", "agency"])
        # B recording the same distinctive form ("MERLIN received"), read as received (interactions' rule).
        distinctive = [f.id for f in rules.referral_forms if f.distinctive]
        forms = interactions[~interactions["_outgoing"] & interactions["rule"].isin(distinctive)
                             & interactions["_row"].isin(told["_row"])]
        self.recording = _indexes(forms, ["recorded_by", "rule"])
        self.later = _Later(told, interactions, forms, referrals)
        self.recorders = set(entries["agency"].unique().tolist())
        last_day = int(dated["_end"].max()) if len(dated) else None
        if ends is not None:
            last_day = max(ends, last_day) if last_day is not None else ends
        self.last_day = last_day
        referral_rows = entries["entry_id"].isin(set(referrals["entry_id"].tolist()))
        self.joint_of = dict(zip(entries.loc[referral_rows, "entry_id"].tolist(),
                                 entries.loc[referral_rows, "joint_event_id"].str.strip().tolist()))

    def within(self, days: int) -> pd.DataFrame:
        """One row per referral, answered within ``days`` or not (build/network/followthrough.csv)."""
        referrals, rules, never_told, later = self.referrals, self.rules, self.never_told, self.later
        received, naming, recording, joint_members = self.received, self.naming, self.recording, self.joint_members
        recorders, last_day, joint_of = self.recorders, self.last_day, self.joint_of
        rows = []
        columns = zip(*(referrals[c].to_numpy() for c in
                        ("entry_id", "date", "from_agency", "to_agency", "kind", "_start", "_end", "rule",
                         "evidence", "_row")))
        for entry_id, date, a, b, kind, start, end, rule, evidence, row in columns:
            record = {"entry_id": entry_id, "date": date, "from_agency": a, "to_agency": b,
                      "kind": kind, "status": "unanswered", "answered_by": "", "answered_date": "",
                      "days_to_answer": None, "how": "", "note": "", "late_answer": "", "late_answer_date": "",
                      "rule": rule, "evidence": evidence}
            notes = []
            if start == NO_DAY:
                record["status"] = "undated"
                record["note"] = "The referral has no usable date, so its answer cannot be looked for."
                rows.append(record)
                continue
            window = (int(start), int(end) + days)
            sources = [(received.get(b), "referral received"), (naming.get((b, a)), f"names {a}"),
                       (recording.get((b, rule)), f"records the {rule}")]
            jid = joint_of.get(entry_id, "")
            if jid:
                sources.append((joint_members.get((jid, b)), f"same joint event {jid}"))
            skip = never_told.get(a, set())
            best = _first(sources, window, skip)
            if best is None and rules.next_entry_answers:
                best = later.next_entry(a, b, int(start), int(row), window[1], skip)
            if best is not None:
                index, pos, how = best
                record.update(status="answered", answered_by=str(index.ids[pos]), answered_date=str(index.dates[pos]),
                              days_to_answer=max(0, int(index.start[pos]) - int(start)), how=how)
            elif last_day is not None and last_day < window[1]:
                record["status"] = "too-recent"
                notes.append(f"The chronology ends less than {days} days after this referral, too soon to judge "
                             "whether it was answered.")
            else:
                if b not in recorders:
                    notes.append(f"{b} recorded no entries in the chronology.")
                late = later.late_answer(a, b, rule, str(date), int(start), window[1], skip)
                if late is not None:
                    answer_id, answer_date, how = late
                    record.update(late_answer=answer_id, late_answer_date=answer_date)
                    notes.append(f"{b} recorded {answer_id} on {entry_date_text(answer_date)}, later than {days} days "
                                 f"({how}).")
            if end != start:
                notes.append("The referral is dated only to the month or year.")
            record["note"] = " ".join(notes)
            rows.append(record)
        frame = pd.DataFrame(rows, columns=list(FOLLOWTHROUGH_COLUMNS))
        frame["days_to_answer"] = frame["days_to_answer"].astype("Int64")
        return frame


class _Later:
    """The receiving agency's entries in order, for its next entry after a referral and for a late answer.

    B's next entry answers only when it is not B answering a third agency's request for
    information. A late answer (after the response window) must refer back to this very message:
    it gives the referral's date ("RFS dated 24/11/22 allocated"), or records a referral or
    notification from the sender (or the same distinctive form) with no later one from the sender
    in between, so a PPN received in August does not answer a notification of May.
    """

    HORIZON = 366          # days after the window searched for a late answer

    def __init__(self, told: pd.DataFrame, interactions: pd.DataFrame, forms: pd.DataFrame, referrals: pd.DataFrame):
        frame = told.sort_values(["_start", "_row"], kind="stable")
        groups = frame.groupby("agency", sort=False).indices
        columns = {c: frame[c].to_numpy() for c in ("_start", "_row", "entry_id", "date", "_low")}
        self.by_agency = {agency: {c: values[pos] for c, values in columns.items()} for agency, pos in groups.items()}
        incoming = interactions[~interactions["_outgoing"] & interactions["_row"].isin(told["_row"])]
        asked = incoming[incoming["kind"] == "information-requested"]
        self.asked_by = asked.groupby("_row")["from_agency"].agg(set).to_dict()
        incoming = incoming[incoming["kind"].isin(REFERRAL_KINDS)]
        self.from_sender = incoming.groupby(["recorded_by", "from_agency"])["_row"].agg(set).to_dict()
        self.with_form = forms.groupby(["recorded_by", "rule"])["_row"].agg(set).to_dict() if len(forms) else {}
        self.sent = {pair: np.sort(group.to_numpy()) for pair, group in
                     referrals[referrals["_start"] != NO_DAY].groupby(["from_agency", "to_agency"])["_start"]}

    def next_entry(self, a: str, b: str, start: int, row: int, last: int, skip: set[int]) -> tuple | None:
        """B's first entry after the referral (later that day, or on a later day) up to day ``last``."""
        mine = self.by_agency.get(b)
        if mine is None:
            return None
        pos = int(np.searchsorted(mine["_start"], start, side="left"))
        while pos < len(mine["_start"]) and mine["_start"][pos] == start and mine["_row"][pos] <= row:
            pos += 1
        if pos >= len(mine["_start"]) or mine["_start"][pos] > last:
            return None
        next_row = int(mine["_row"][pos])
        if next_row in skip or self.asked_by.get(next_row, set()) - {a}:
            return None
        index = _Index(mine["_start"], mine["_start"], mine["entry_id"], mine["date"], mine["_row"])
        return index, pos, f"{NEXT_ENTRY_HOW} {b}"

    def late_answer(self, a: str, b: str, rule: str, date: str, start: int, after: int,
                    skip: set[int]) -> tuple | None:
        """(entry id, date, how) of B's first entry after day ``after`` that refers back to this referral."""
        mine = self.by_agency.get(b)
        if mine is None:
            return None
        said = _date_said(date)
        from_a = self.from_sender.get((b, a), set())
        same_form = self.with_form.get((b, rule), set())
        sent = self.sent.get((a, b), np.array([], dtype=np.int64))
        pos = int(np.searchsorted(mine["_start"], after, side="right"))
        while pos < len(mine["_start"]) and mine["_start"][pos] <= after + self.HORIZON:
            day, row = int(mine["_start"][pos]), int(mine["_row"][pos])
            if row in skip:
                pos += 1
                continue
            if said is not None and said.search(mine["_low"][pos]):
                return (str(mine["entry_id"][pos]), str(mine["date"][pos]),
                        f"it refers to the referral of {entry_date_text(date)}")
            newer = int(np.searchsorted(sent, day, side="right")) - int(np.searchsorted(sent, start, side="right"))
            if (row in from_a or row in same_form) and newer == 0:
                return str(mine["entry_id"][pos]), str(mine["date"][pos]), f"it records the {rule} from {a}"
            pos += 1
        return None


@functools.lru_cache(maxsize=4096)
def _date_said(iso: str) -> re.Pattern | None:
    """How a record refers to a day: 24/11, 24/11/22, 24/11/2022 (a day of the month not padded or padded)."""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return re.compile(rf"(?<![\d/])0?{day.day}/0?{day.month}(?:/(?:{day.year % 100:02d}|{day.year}))?(?![\d/])")


def _first(sources: list[tuple], window: tuple[int, int], skip: set[int]) -> tuple | None:
    """The earliest entry of any of ``sources`` (index, how) overlapping ``window`` and not in ``skip``:
    (index, position, how)."""
    best = None
    for index, how in sources:
        if index is None:
            continue
        pos = index.first(*window, skip)
        if pos is not None and (best is None or index.start[pos] < best[0].start[best[1]]):
            best = (index, pos, how)
    return best
