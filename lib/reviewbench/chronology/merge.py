"""Merge accepted entries into one sorted chronology with stable ids and scope flags."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..config import Review
from ..model import Entry
from ..vocabulary import EventKind
from .attendance import meeting_reader
from .batch import EntryBatch
from .joint import find_joint_events
from .schema import CHRONOLOGY_COLUMNS, typed, with_item

_SORT_KEYS = ("date", "time", "agency", "source_file", "order")


def build_chronology(review: Review, entries: list[Entry],
                     kinds: tuple[EventKind, ...]) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The integrated chronology of ``entries`` plus its joint events and date conflicts
    (:func:`merge_batch`)."""
    return merge_batch(review, EntryBatch.of(entries, review.scope.start, review.scope.end), kinds)


def merge_batch(review: Review, batch: EntryBatch,
                kinds: tuple[EventKind, ...]) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The integrated chronology plus its joint events and date conflicts.

    Sorted by date, time, agency, then source order; ``entry_id`` is the agency code and a hash
    of the entry's content, with ``-2``, ``-3`` for exact duplicates (which are flagged, kept).
    """
    columns = batch.columns
    keys = list(zip(*(columns[name] for name in _SORT_KEYS)))
    order = sorted(range(len(batch)), key=keys.__getitem__)
    seen: Counter[str] = Counter()
    entry_ids, duplicate = [], []
    for content_id in map(columns["content_id"].__getitem__, order):
        seen[content_id] += 1
        entry_ids.append(f"{content_id}-{seen[content_id]}" if seen[content_id] > 1 else content_id)
        duplicate.append(seen[content_id] > 1)
    data = {name: list(map(columns[name].__getitem__, order)) for name in CHRONOLOGY_COLUMNS if name in columns}
    data["entry_id"], data["joint_event_id"] = entry_ids, [""] * len(order)
    data["flags"] = with_item(data["flags"], duplicate, "duplicate")
    data["flags"] = with_item(data["flags"], [not kept for kept in data["in_scope"]], "out_of_scope")
    frame = typed(pd.DataFrame(data, columns=list(CHRONOLOGY_COLUMNS)))
    joint_events, conflicts = find_joint_events(frame, kinds, review.settings.conflict_window_days,
                                                meeting_reader(review))
    return frame, joint_events, conflicts
