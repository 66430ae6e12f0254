"""Accepted entries as columns: the form in which they travel from where a file was read to the merge.

Why columns: the intake reads files in worker processes, and what a worker sends back is pickled
and unpickled. A hundred thousand :class:`~reviewbench.model.Entry` objects, each with its date,
texts and flags, cost seconds to send; the same entries as a few lists of strings cost a fraction
of that, and they are the shape the chronology frame is made of anyway. Whatever each entry needs
that depends on it alone (its content hash, whether it is in scope, its row of the chronology) is
worked out here, in the worker, so the merge is left with what needs all entries at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Iterable

from ..model import Entry
from .schema import CHRONOLOGY_COLUMNS, LIST_SEPARATOR, SEEN_AND_ATTENDANCE, join_list

# Every chronology column an entry fills by itself (the merge sets entry_id and joint_event_id).
OWN_COLUMNS = tuple(c for c in CHRONOLOGY_COLUMNS if c not in ("entry_id", "joint_event_id"))
_BATCH_COLUMNS = (*OWN_COLUMNS, "content_id", "order")        # in the order EntryBatch.of fills them


def content_key(entry: Entry) -> str:
    """Content, not position: ids survive rows being added above in a re-sent file."""
    parts = [entry.agency, entry.date.iso, entry.time, entry.text["event_type"],
             entry.text["description"], entry.text["outcome"], entry.text["practitioner_role"]]
    return "\x1f".join([" ".join(p.split()).lower() for p in parts])


def content_id(entry: Entry) -> str:
    """The agency's code and a hash of the entry's content: its id, before duplicates are numbered."""
    return f"{entry.agency_code}-{hashlib.sha1(content_key(entry).encode('utf-8')).hexdigest()[:8]}"


@dataclass
class EntryBatch:
    """Entries as columns: each of :data:`OWN_COLUMNS` (``flags`` joined as in the chronology,
    ``in_scope`` a bool), plus ``content_id`` (:func:`content_id`) and ``order`` (the position in
    the file, which breaks ties when sorting)."""

    columns: dict[str, list] = field(default_factory=lambda: {name: [] for name in _BATCH_COLUMNS})

    @classmethod
    def of(cls, entries: Iterable[Entry], scope_start: dt.date, scope_end: dt.date) -> "EntryBatch":
        """``entries`` as a batch; the review's scope (first and last day) decides ``in_scope``."""
        rows = []
        for entry in entries:
            text, date = entry.text, entry.date
            rows.append((date.iso, date.precision, entry.time, entry.end_date, entry.agency, text["event_type"],
                         entry.event_kind, text["description"], text["outcome"], text["practitioner_role"],
                         text["source"], join_list(entry.with_agencies), text["child_seen"], entry.file,
                         entry.location, date.last_day >= scope_start and date.first_day <= scope_end,
                         LIST_SEPARATOR.join(entry.flags), text["other"],
                         *[text.get(key, "") for key in SEEN_AND_ATTENDANCE], content_id(entry), entry.order))
        batch = cls()
        for name, values in zip(_BATCH_COLUMNS, zip(*rows)):
            batch.columns[name] = list(values)
        return batch

    @classmethod
    def joined(cls, batches: Iterable["EntryBatch"]) -> "EntryBatch":
        """One batch of all ``batches``' entries, in their order."""
        whole = cls()
        for batch in batches:
            for name, values in whole.columns.items():
                values += batch.columns[name]
        return whole

    def __len__(self) -> int:
        return len(self.columns["order"])
