"""Which exchanges a meeting was: agencies that attended together, a report sent to it, an invitation
not taken up.

An initial conference is joint with the GP only if the GP attended: a GP who sent a report shared
information with the agency that convened it (its kind ``convenes`` the meeting's event kind in
``agency_records.yaml``), and an agency invited that did not come exchanged nothing there. How each
agency took part is read by :class:`reviewbench.chronology.attendance.MeetingReader`, the same way
the ingest reads it for the joint events it reports.
"""

from __future__ import annotations

import pandas as pd

from ..agency_records import ATTENDED, INVITED_ABSENT, REPORT_ONLY, AgencyKind
from ..chronology.attendance import MeetingReader
from ..chronology.joint import meeting_rows

MEETING_COLUMNS = ("meeting", "date", "event_kind", "agency", "attendance", "entry_ids")



class Meetings:
    """How each agency took part in the meetings of a chronology (its entries of meeting kinds)."""

    def __init__(self, entries: pd.DataFrame, reader: MeetingReader, kinds: dict[str, AgencyKind | None],
                 meeting_kinds: frozenset[str]):
        self.reader, self.kinds, self.meeting_kinds = reader, kinds, meeting_kinds
        ids = entries["joint_event_id"].str.strip()
        joint = entries[ids != ""]
        by_event: dict[str, list] = {}
        for jid, row in zip(ids[ids != ""].tolist(), meeting_rows(joint)):
            by_event.setdefault(jid, []).append(row)
        self.joint = {jid: reader.meeting(rows) for jid, rows in sorted(by_event.items())}
        self._single: dict[tuple, dict[str, str]] = {}

    def at(self, joint_id: str, event_kind: str, recorder: str, column: str, text: str) -> dict[str, str] | None:
        """agency -> state at the meeting an entry records (its joint event's, or what the entry alone
        says); None when the entry is not a meeting."""
        if joint_id:
            return self.joint.get(joint_id, {})
        if event_kind not in self.meeting_kinds:
            return None
        key = (event_kind, recorder, column, text)
        if key not in self._single:
            self._single[key] = {**self.reader.mentioned(text, recorder),
                                 recorder: self.reader.own(recorder, column, text, event_kind) or ATTENDED}
        return self._single[key]

    def convener(self, event_kind: str, states: dict[str, str]) -> str | None:
        """The agency that attended and whose kind usually convenes meetings of this kind."""
        return next((agency for agency in sorted(states) if states[agency] == ATTENDED
                     and (kind := self.kinds.get(agency)) is not None and event_kind in kind.convenes), None)

    def exchange(self, event_kind: str, recorder: str, other: str,
                 states: dict[str, str]) -> tuple[str, str, str, str] | None:
        """(from, to, kind, note) of what passed between ``recorder`` and ``other`` at a meeting, or None
        when nothing did: a meeting both attended is a joint meeting; a report goes from the agency that
        sent it to the convener (to each agency attending when no convener is known)."""
        mine, theirs = states.get(recorder, ATTENDED), states.get(other, ATTENDED)
        if INVITED_ABSENT in (mine, theirs) or mine == theirs == REPORT_ONLY:
            return None
        if REPORT_ONLY in (mine, theirs):
            sender, receiver = (recorder, other) if mine == REPORT_ONLY else (other, recorder)
            convener = self.convener(event_kind, states)
            if convener is not None and receiver != convener:
                return None
            return sender, receiver, "information-shared", f"{sender} sent a report only"
        return recorder, other, "joint-meeting", ""

    def table(self, entries: pd.DataFrame) -> pd.DataFrame:
        """One row per meeting and agency: how it took part, and the entries that say so."""
        rows = []
        ids = entries["joint_event_id"].str.strip()
        members: dict[str, list] = {}
        for jid, entry_id, date, kind in zip(ids.tolist(), entries["entry_id"].tolist(), entries["date"].tolist(),
                                             entries["event_kind"].tolist()):
            if jid:
                members.setdefault(jid, [date, kind, []])[2].append(entry_id)
        for jid, (date, kind, entry_ids) in sorted(members.items()):
            for agency, state in self.joint.get(jid, {}).items():
                rows.append((jid, date, kind, agency, state, entry_ids))
        single = entries[(ids == "") & entries["event_kind"].isin(self.meeting_kinds)]
        for entry_id, date, (agency, column, text, kind) in zip(single["entry_id"], single["date"],
                                                                 meeting_rows(single)):
            for name, state in sorted(self.at("", kind, agency, column, text).items()):
                rows.append((entry_id, date, kind, name, state, [entry_id]))
        return pd.DataFrame(rows, columns=list(MEETING_COLUMNS))

    def recorders(self, entries: pd.DataFrame) -> list[str]:
        """For each entry, how its own agency took part in the meeting it records ("" for other entries)."""
        out = []
        for jid, kind, agency, column, text in zip(
                entries["joint_event_id"].str.strip(), entries["event_kind"], entries["agency"],
                entries["meeting_attendance"], entries["event_type"] + "\n" + entries["description"] + "\n"
                + entries["outcome"]):
            states = self.at(jid, kind, agency, column, text) if jid or kind in self.meeting_kinds else None
            out.append(states.get(agency, ATTENDED) if states is not None else "")
        return out
