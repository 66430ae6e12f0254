"""The child-protection process as the records show it: strategy discussions, section 47 enquiries,
conferences, core groups, plans starting and ending, closures, visits with and without the child.

Read once per run and shared by the procedures and the signals lenses. Which entry is which step is
data (``process`` in lens_rules.yaml): the entry's event kind (event_kinds.yaml), its agency's kind
(agency_records.yaml), whether it records the child seen (the network stage's reading,
:mod:`reviewbench.network.sightings`, not a second one), and words in its event type or text. The
entries of one step within a few days of each other, or of one joint event, are one occurrence:
five agencies' records of one conference are one conference, the health visitor's note of it the
next day included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import Review
from ..network.reading import ChronologyReading
from ..network.sightings import NOT_SEEN, SIGHTED
from .records import Record, Records
from .rules import LensRules, ProcessEvent

SEEN_WORDS = {"seen": SIGHTED, "not-seen": (NOT_SEEN,)}


@dataclass(frozen=True)
class Found:
    """One entry showing one step: where (its event type, its text, or its kind alone) and the words."""

    record: Record
    how: str            # type | text | kind
    words: str
    pos: int = 0


@dataclass
class Occurrence:
    """One step of the process (a conference, a plan made), shown by one or more entries."""

    event: str
    found: list[Found]

    @property
    def first(self) -> Record:
        return self.found[0].record

    @property
    def day(self) -> int:
        return self.first.day

    @property
    def last_day(self) -> int:
        return self.found[-1].record.day

    @property
    def entry_ids(self) -> list[str]:
        return list(dict.fromkeys(f.record.entry_id for f in self.found))

    @property
    def words(self) -> str:
        return "; ".join(dict.fromkeys(f.words for f in self.found if f.words))


@dataclass
class Plan:
    """A plan (a child protection plan, a child in need plan) from its start to its end, if recorded."""

    kind: str
    start: Occurrence
    end: Occurrence | None

    def holds(self, day: int) -> bool:
        """Whether the plan ran on ``day``: started on or before it and not ended on or before it."""
        return self.start.day <= day and (self.end is None or self.end.day > day)


@dataclass
class Process:
    occurrences: dict[str, list[Occurrence]]        # event id -> its occurrences, in order
    plans: list[Plan]
    by_entry: dict[str, dict[str, Found]]           # entry id -> event id -> how the entry shows it
    seen: dict[str, str]                            # entry id -> seen | seen-alone | not-seen | ""
    convener: dict[str, str]                        # entry id -> the event kind its agency convenes ("" if none)
    concern: dict[str, bool] = field(default_factory=dict)   # entry id -> it raises a concern (network rules)
    notes: list[str] = field(default_factory=list)

    def of(self, event: str) -> list[Occurrence]:
        return self.occurrences.get(event, [])

    def near(self, event: str, occurrence: Occurrence, days: int) -> Occurrence | None:
        """The occurrence of ``event`` sharing an entry with ``occurrence`` or starting in its days
        (from its first day to ``days`` after its last)."""
        ids = set(occurrence.entry_ids)
        return next((o for o in self.of(event) if ids & set(o.entry_ids)
                     or occurrence.day <= o.day <= occurrence.last_day + days), None)

    def plan_at(self, kind: str, day: int) -> Plan | None:
        return next((p for p in self.plans if p.kind == kind and p.holds(day)), None)


def _seen_reading(reading: ChronologyReading) -> pd.DataFrame:
    """The chronology with the network stage's columns (event kinds, whether the child was seen), each entry's
    agency kind and whether that kind convenes its event kind."""
    frame, kinds = reading.every, reading.kinds
    kind_ids = {name: kind.id if kind is not None else "" for name, kind in kinds.items()}
    convenes = {name: kind.convenes if kind is not None else frozenset() for name, kind in kinds.items()}
    return frame.assign(_agency_kind=frame["agency"].map(kind_ids).fillna(""),
                        _convenes=[k in convenes.get(a, ()) for a, k in zip(frame["agency"], frame["event_kind"])])


def _text_hit(event: ProcessEvent, record: Record) -> tuple[str, int] | None:
    """The first words of ``event.text`` in the entry's description or outcome outside a sentence
    that ``event.not_text`` negates."""
    for offset, entry in enumerate(record.texts):
        for m in event.text.finditer(entry.text):
            start, end = entry.sentence_of(m.start())
            if event.not_text is not None and event.not_text.search(entry.text, start, end):
                continue
            return " ".join(m.group(0).split()), offset * 100_000 + m.start()
    return None


def _shows(event: ProcessEvent, record: Record, row: dict, seen: str) -> Found | None:
    if event.event_kinds is not None and row["event_kind"] not in event.event_kinds:
        return None
    if event.agency_kinds is not None and row["_agency_kind"] not in event.agency_kinds:
        return None
    if event.seen is not None and seen not in SEEN_WORDS[event.seen]:
        return None
    if event.type is None and event.text is None:
        return Found(record, "kind", row["event_type"] or row["event_kind"])
    if event.type is not None and (m := event.type.search(record.event_type)):
        return Found(record, "type", " ".join(m.group(0).split()))
    if event.text is not None and (hit := _text_hit(event, record)) is not None:
        return Found(record, "text", hit[0], hit[1])
    return None


def _one_of(found: dict[str, Found], rules: LensRules) -> dict[str, Found]:
    """Of the events of one ``one_of`` group an entry shows, the one its event type names, else the
    one its text names first."""
    groups: dict[str, list[str]] = {}
    for event in rules.process_events:
        if event.one_of and event.id in found:
            groups.setdefault(event.one_of, []).append(event.id)
    for ids in groups.values():
        if len(ids) > 1:
            typed = [i for i in ids if found[i].how == "type"]
            keep = typed[0] if typed else min(ids, key=lambda i: found[i].pos)
            for i in ids:
                if i != keep:
                    del found[i]
    return found


def _occurrences(event: ProcessEvent, found: list[Found], joint: dict[str, str], days: int) -> list[Occurrence]:
    """Each entry its own occurrence, or, for an event that gathers, the entries within ``days`` of
    the one before or of its joint event together."""
    out: list[Occurrence] = []
    for item in found:
        last = out[-1] if out and event.gather else None
        jid = joint.get(item.record.entry_id, "")
        if last is not None and (item.record.day - last.last_day <= days
                                 or (jid and jid in {joint.get(f.record.entry_id) for f in last.found})):
            last.found.append(item)
        else:
            out.append(Occurrence(event.id, [item]))
    return out


def _plans(occurrences: dict[str, list[Occurrence]], rules: LensRules) -> list[Plan]:
    plans = []
    for kind, (start, end) in rules.plans.items():
        ends = occurrences.get(end, [])
        current: Plan | None = None
        for occ in occurrences.get(start, []):
            if current is not None and (current.end is None or current.end.day > occ.day):
                continue                        # the plan made again at a later meeting: the same plan
            finish = next((e for e in ends if e.day > occ.day or (e.day == occ.day and e is not occ)), None)
            current = Plan(kind, occ, finish)
            plans.append(current)
    return sorted(plans, key=lambda p: (p.start.day, p.kind))


def read_process(records: Records, rules: LensRules, review: Review) -> Process:
    """The process steps of ``records`` (read once per run, kept in ``records.shared``)."""
    if "process" in records.shared:
        return records.shared["process"]
    frame = _seen_reading(records.network_reading(review)) if records.chronology is not None else None
    rows = {} if frame is None else {r["entry_id"]: r for r in frame[
        ["entry_id", "event_kind", "event_type", "joint_event_id", "_seen_state", "_agency_kind", "_convenes",
         "_concern"]
    ].to_dict("records")}
    found: dict[str, list[Found]] = {e.id: [] for e in rules.process_events}
    by_entry: dict[str, dict[str, Found]] = {}
    for record in records.records:
        row = rows.get(record.entry_id)
        if row is None:
            continue
        shown = {e.id: f for e in rules.process_events if (f := _shows(e, record, row, row["_seen_state"]))}
        shown = _one_of(shown, rules)
        if shown:
            by_entry[record.entry_id] = shown
            for event, item in shown.items():
                found[event].append(item)
    joint = {k: str(v["joint_event_id"]).strip() for k, v in rows.items()}
    occurrences = {e.id: _occurrences(e, found[e.id], joint, rules.same_event_days) for e in rules.process_events}
    process = Process(occurrences, _plans(occurrences, rules), by_entry,
                      {k: v["_seen_state"] for k, v in rows.items()},
                      {k: v["event_kind"] if v["_convenes"] else "" for k, v in rows.items()},
                      concern={k: bool(v["_concern"]) for k, v in rows.items()})
    records.shared["process"] = process
    return process
