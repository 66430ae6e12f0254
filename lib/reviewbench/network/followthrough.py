"""Referral follow-through: did the agency referred to record anything in response?

Only referrals and notifications that expect a response are followed: the forms agencies use
(a PPN, a MERLIN, a referral, a request for support, a liaison form...) found clause by clause
by the ``referrals`` rules, sent by the recording agency to an agency the clause names (or the
form's usual receiver), never a plan, an offer declined or someone else's referral told as
history. A referral from A to B is answered when B records within N days an entry that is a
referral received, or names A, or belongs to the same joint event; "too-recent" when nothing
answers it and the chronology ends inside those N days; otherwise "unanswered", with the first
later entry of B that names A (or shares the joint event) as a late answer. The whole
chronology is searched, so a referral made on the last day of a time slice can still be
answered the day after.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..chronology.schema import NO_DAY
from .interactions import AgencyNames
from .rules import Rules

# The columns of build/network/followthrough.csv: the first eleven since the first release.
FOLLOWTHROUGH_COLUMNS = ("entry_id", "date", "from_agency", "to_agency", "kind", "status",
                         "answered_by", "answered_date", "days_to_answer", "how", "note",
                         "late_answer", "late_answer_date", "rule", "evidence")
STATUSES = ("answered", "unanswered", "too-recent", "undated")
_CLAUSE = re.compile(r"\.(?:\s|$)|;|\n")
_REACH = 30      # characters before a name searched for the words that make it a sender, not a receiver
_FOREVER = 10 ** 9


def detect_referrals(entries: pd.DataFrame, names: AgencyNames, rules: Rules) -> pd.DataFrame:
    """One row per entry and agency it sent a referral or notification expecting a response."""
    rows = []
    if rules.referral_form is None:
        return _referral_frame(rows, entries)
    form_at = rules.referral_form.search
    skip = set(rules.referral_skip_event_kinds)
    columns = zip(entries["_row"].to_numpy(), entries["agency"].to_numpy(), entries["_low"].to_numpy(),
                  entries["event_kind"].to_numpy())
    for row, recorder, low, event_kind in columns:
        if event_kind in skip or form_at(low) is None:
            continue
        received = rules.received_entry is not None and rules.received_entry.search(low.split("\n", 1)[0])
        found: dict[str, tuple[str, str, str]] = {}
        for clause in _CLAUSE.split(low):
            first = form_at(clause)
            if first is None or (rules.not_referral is not None and rules.not_referral.search(clause)):
                continue
            form = rules.referral_forms[int(first.lastgroup[1:])]
            evidence = " ".join(clause.split())
            receivers = _receivers(clause, recorder, names, rules, bool(received))
            if not receivers:
                for match in rules.referral_form.finditer(clause):
                    usual = _usual_receiver(rules.referral_forms[int(match.lastgroup[1:])], recorder, names)
                    if usual:
                        receivers = [usual]
                        break
            for agency in receivers:
                found.setdefault(agency, (form.kind, form.id, evidence))
        for agency, (kind, rule, evidence) in found.items():
            rows.append((row, recorder, agency, kind, rule, evidence))
    return _referral_frame(rows, entries)


def _receivers(clause: str, recorder: str, names: AgencyNames, rules: Rules, received: bool) -> list[str]:
    """The agencies a clause names as receivers: not the recorder, not a name that is itself part
    of a form ("PPN" as an alias of the police), not a sender ("from the school"; in an entry
    recording something received, "school referral")."""
    forms = [m.span() for m in rules.referral_form.finditer(clause)]
    out = []
    for match in names.regex.finditer(clause):
        if any(start <= match.start() < end for start, end in forms):
            continue
        if received and any(0 <= start - match.end() <= 12 for start, _ in forms):
            continue
        words = match.group()
        agency = names.seen[words] if words in names.seen else names.seen.setdefault(words, names.resolve(words))
        if agency is None or agency == recorder or agency in out:
            continue
        before = clause[max(0, match.start() - _REACH):match.start()]
        if rules.not_receiver_before is not None and rules.not_receiver_before.search(before):
            continue
        out.append(agency)
    return out


def _usual_receiver(form, recorder: str, names: AgencyNames) -> str | None:
    for words in form.to:
        agency = names.resolve(words)
        if agency and agency != recorder:
            return agency
    return None


def _referral_frame(rows: list[tuple], entries: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["_row", "from_agency", "to_agency", "kind", "rule", "evidence"])
    frame["_row"] = frame["_row"].astype(np.int64)
    index = pd.Index(entries["_row"].to_numpy()).get_indexer(frame["_row"].to_numpy())
    for column in ("date", "entry_id", "_start", "_end", "event_kind"):
        frame[column] = entries[column].to_numpy()[index] if len(frame) else \
            pd.Series([], dtype=entries[column].dtype)
    return frame


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


def answer_indexes(entries: pd.DataFrame, interactions: pd.DataFrame, rules: Rules) -> dict[str, dict]:
    """The entries that can answer a referral, indexed once for any response window (searching the
    forms in every entry's text is most of the work): received, naming, joint, recording."""
    dated = entries[entries["_dated"]]
    # Entries of B that involve A, whichever way: "B names A".
    involved = interactions[interactions["_start"] != NO_DAY].copy()
    involved["_other"] = np.where(involved["_outgoing"], involved["to_agency"], involved["from_agency"])
    return {"received": _indexes(dated[dated["event_kind"].isin(list(rules.received_event_kinds))], ["agency"]),
            "naming": _indexes(involved, ["recorded_by", "_other"]),
            "joint": _indexes(dated[dated["joint_event_id"].str.strip() != ""], ["joint_event_id", "agency"]),
            "recording": _indexes(_with_forms(dated, rules), ["agency", "_form"])}


def follow_through(referrals: pd.DataFrame, entries: pd.DataFrame, interactions: pd.DataFrame,
                   rules: Rules, days: int, ends: int | None = None, indexes: dict | None = None) -> pd.DataFrame:
    """One row per referral: answered (by which entry, after how many days), unanswered or too recent.

    ``ends``: the day the chronology's period ends (the review scope's end); the last dated
    entry counts when it is later. ``indexes``: :func:`answer_indexes` of the same entries, when
    the referrals are followed for several windows.
    """
    dated = entries[entries["_dated"]]
    indexes = answer_indexes(entries, interactions, rules) if indexes is None else indexes
    received, naming, joint_members, recording = (indexes[k] for k in ("received", "naming", "joint", "recording"))
    recorders = set(entries["agency"].unique().tolist())
    last_day = int(dated["_end"].max()) if len(dated) else None
    if ends is not None:
        last_day = max(ends, last_day) if last_day is not None else ends
    referral_rows = entries["entry_id"].isin(set(referrals["entry_id"].tolist()))
    joint_of = dict(zip(entries.loc[referral_rows, "entry_id"].tolist(),
                        entries.loc[referral_rows, "joint_event_id"].str.strip().tolist()))

    rows = []
    columns = zip(*(referrals[c].to_numpy() for c in
                    ("entry_id", "date", "from_agency", "to_agency", "kind", "_start", "_end", "rule",
                     "evidence")))
    for entry_id, date, a, b, kind, start, end, rule, evidence in columns:
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
        best = _first(sources, window)
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
            late = _first(sources[1:], (window[1] + 1, _FOREVER))
            if late is not None:
                index, pos, how = late
                record.update(late_answer=str(index.ids[pos]), late_answer_date=str(index.dates[pos]))
                notes.append(f"{b} recorded {index.ids[pos]} on {index.dates[pos]}, later than {days} days.")
        if end != start:
            notes.append("The referral is dated only to the month or year.")
        record["note"] = " ".join(notes)
        rows.append(record)
    frame = pd.DataFrame(rows, columns=list(FOLLOWTHROUGH_COLUMNS))
    frame["days_to_answer"] = frame["days_to_answer"].astype("Int64")
    return frame


def _with_forms(entries: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """One row per entry and referral form its text uses (``_form``: the form's id): the receiver
    recording "MERLIN received" answers a MERLIN whether or not it names the sender."""
    if rules.referral_form is None or not len(entries):
        return entries.iloc[:0].assign(_form="")
    positions, forms = [], []
    for i, low in enumerate(entries["_low"].tolist()):
        for form_id in {rules.referral_forms[int(m.lastgroup[1:])].id for m in rules.referral_form.finditer(low)}:
            positions.append(i)
            forms.append(form_id)
    return entries.iloc[positions].assign(_form=forms)


def _first(sources: list[tuple], window: tuple[int, int]) -> tuple | None:
    """The earliest entry of any of ``sources`` (index, how) overlapping ``window``: (index, position, how)."""
    best = None
    for index, how in sources:
        if index is None:
            continue
        pos = index.first(*window)
        if pos is not None and (best is None or index.start[pos] < best[0].start[best[1]]):
            best = (index, pos, how)
    return best
