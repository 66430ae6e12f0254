"""Merge accepted entries into one sorted chronology with stable ids and scope flags."""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd

from ..config import Review
from ..model import Entry
from ..vocabulary import EventKind
from .attendance import meeting_reader
from .joint import find_joint_events
from .schema import CHRONOLOGY_COLUMNS, SEEN_AND_ATTENDANCE, join_list, typed


def _entry_key(entry: Entry) -> str:
    """Content, not position: ids survive rows being added above in a re-sent file."""
    parts = [entry.agency, entry.date.iso, entry.time, entry.text["event_type"],
             entry.text["description"], entry.text["outcome"], entry.text["practitioner_role"]]
    return "\x1f".join(" ".join(p.split()).lower() for p in parts)


def _in_scope(review: Review, entry: Entry) -> bool:
    return entry.date.last_day >= review.scope.start and entry.date.first_day <= review.scope.end


def build_chronology(review: Review, entries: list[Entry],
                     kinds: tuple[EventKind, ...]) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The integrated chronology plus its joint events and date conflicts.

    Sorted by date, time, agency, then source order; ``entry_id`` is the agency code and a hash
    of the entry's content, with ``-2``, ``-3`` for exact duplicates (which are flagged, kept).
    """
    entries = sorted(entries, key=lambda e: (e.date.iso, e.time, e.agency, e.file, e.order))
    seen: Counter[str] = Counter()
    records = []
    for entry in entries:
        digest = hashlib.sha1(_entry_key(entry).encode("utf-8")).hexdigest()[:8]
        base = f"{entry.agency_code}-{digest}"
        seen[base] += 1
        flags = list(entry.flags)
        entry_id = base
        if seen[base] > 1:
            entry_id = f"{base}-{seen[base]}"
            flags.append("duplicate")
        in_scope = _in_scope(review, entry)
        if not in_scope:
            flags.append("out_of_scope")
        records.append({
            "entry_id": entry_id, "date": entry.date.iso, "date_precision": entry.date.precision,
            "time": entry.time, "end_date": entry.end_date, "agency": entry.agency,
            "event_type": entry.text["event_type"], "event_kind": entry.event_kind,
            "description": entry.text["description"], "outcome": entry.text["outcome"],
            "practitioner_role": entry.text["practitioner_role"], "source": entry.text["source"],
            "with": join_list(entry.with_agencies), "child_seen": entry.text["child_seen"],
            **{key: entry.text.get(key, "") for key in SEEN_AND_ATTENDANCE},
            "source_file": entry.file, "source_location": entry.location, "in_scope": in_scope,
            "joint_event_id": "", "flags": flags, "other": entry.text["other"],
        })
    frame = pd.DataFrame.from_records(records, columns=list(CHRONOLOGY_COLUMNS))
    joint_events, conflicts = find_joint_events(frame, kinds, review.settings.conflict_window_days,
                                                meeting_reader(review))
    return typed(frame), joint_events, conflicts
