"""How each agency took part in a meeting: attended, sent a report only, or was invited and did not come.

An initial conference is not "joint with the GP" when the GP only sent a report. The state of an
agency comes, first found, from its entry's ``meeting_attendance`` column, from its own words
("GP report submitted; unable to attend"), from what the meeting's entries say of it ("GP report
received", "Police: invited - not attended", "Attended: CSC, Police, HV"), and otherwise it
attended (it recorded the meeting). The words are data (``agency_records.yaml``,
``meeting_attendance``); the ingest puts the states in the joint events it reports and the
network stage reads the same way which exchanges a meeting was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..agency_records import ATTENDED, RECORDS_FILE, MeetingAttendance, agency_records
from ..config import Review

_CLAUSE = re.compile(r"[^.;\n]+")
_SOMEONE = re.compile(r"\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*:")      # "Father: invited - did not attend"


class MeetingReader:
    """Reads meeting attendance for one review: its rules and the names and aliases of its agencies."""

    def __init__(self, rules: MeetingAttendance, labels: dict[str, str],
                 convenes: dict[str, frozenset[str]] | None = None):
        self.rules = rules
        self.convenes = convenes or {}      # agency -> the event kinds it convenes (and so attends)
        words = sorted({label for label in labels if label.strip()}, key=len, reverse=True)
        self.agency = {label.lower(): name for label, name in labels.items()}
        # A role code counts as its agency: "HV1", "GP2" (the digits are not part of the match).
        self.names = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w.lower()) for w in words)
                                + r")(?=\d{0,2}(?![\w-]))") if words else None

    def _named(self, low: str) -> Iterable[tuple[str, int, int]]:
        """(agency, start, end) of each agency name or alias in lower-cased text."""
        if self.names is None:
            return
        for match in self.names.finditer(low):
            yield self.agency[match.group()], match.start(), match.end()

    def own(self, agency: str, column: str, text: str, event_kind: str = "") -> str:
        """The state an entry gives its own agency ("" when it does not say): its column, else
        attended when it convenes meetings of this kind, else its words in the clauses that name no
        other agency and are not someone's line ("Father: invited - did not attend" is not about it)."""
        state = self.rules.from_value(column)
        if state:
            return state
        if event_kind and event_kind in self.convenes.get(agency, ()):
            return ATTENDED
        kept = []
        for clause in _CLAUSE.finditer(text):
            words = clause.group()
            low = words.lower()
            named = [name for name, _, _ in self._named(low)]
            if all(name == agency for name in named) and not (_SOMEONE.match(words) and not named):
                kept.append(low)
        return self.rules.from_own_words("; ".join(kept)) if kept else ""

    def mentioned(self, text: str, recorder: str) -> dict[str, str]:
        """The agencies other than ``recorder`` that ``text`` names with a state, and that state."""
        low = text.lower()
        found: dict[str, str] = {}
        for clause in _CLAUSE.finditer(low):
            start = clause.start()
            for name, first, last in self._named(clause.group()):
                if name == recorder or name in found:
                    continue
                state = self.rules.from_mention(low[start:start + first], low[start + last:clause.end()])
                if state:
                    found[name] = state
        return found

    def meeting(self, rows: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
        """Each agency's state at one meeting, from its entries ``(agency, meeting_attendance column,
        event type, description and outcome, event kind)``: every agency that recorded it, and those
        its entries name with a state."""
        rows = list(rows)
        own: dict[str, str] = {}
        said: dict[str, str] = {}
        for agency, column, text, event_kind in rows:
            own[agency] = own.get(agency) or self.own(agency, column, text, event_kind)
            for name, state in self.mentioned(text, agency).items():
                said.setdefault(name, state)
        states = {name: said[name] for name in said}
        states.update({agency: state or said.get(agency) or ATTENDED for agency, state in own.items()})
        return dict(sorted(states.items()))


def meeting_reader(review: Review) -> MeetingReader:
    """The review's reader: its agency_records.yaml overlay and the names and aliases in review.yaml."""
    records = review.overlay(RECORDS_FILE, agency_records)
    labels = {label: agency.name for agency in review.agencies for label in (agency.name, *agency.aliases)}
    return MeetingReader(records.meetings, labels, conveners(records.kinds_of(review.agencies)))


def conveners(kinds: dict) -> dict[str, frozenset[str]]:
    """agency -> the event kinds its kind convenes (``agency_records.yaml``)."""
    return {name: kind.convenes for name, kind in kinds.items() if kind is not None and kind.convenes}
