"""Joint events (one meeting reported by several agencies) and the date conflicts between them.

No entry is ever removed or merged away: entries of one joint event share a
``joint_event_id``; entries that look like one event on dates a day or two apart are listed
as a conflict for the reviewer to resolve.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..vocabulary import EventKind
from .attendance import MeetingReader


def _flag(frame: pd.DataFrame, mask, flag: str) -> None:
    for flags in frame.loc[mask, "flags"]:
        flags.append(flag)


def find_joint_events(frame: pd.DataFrame, kinds: tuple[EventKind, ...], window_days: int,
                      reader: MeetingReader | None = None) -> tuple[list[dict], list[dict]]:
    """Set ``joint_event_id`` and flags in ``frame`` (in place); return events and conflicts.

    With a ``reader``, each event says how each agency took part (``attendance``: agency ->
    attended, report-only or invited-absent), the agencies its entries name with a state included.
    """
    labels = {k.id: k.label for k in kinds if k.joint}
    candidates = frame[frame["event_kind"].isin(labels) & (frame["date_precision"] == "day")]
    if candidates.empty:
        return [], []
    keys = ["event_kind", "date"]
    agencies = candidates.groupby(keys, sort=True)["agency"].agg(lambda s: sorted(set(s)))

    joint_keys = agencies[agencies.map(len) >= 2]
    joint_rows = candidates.set_index(keys).index.isin(joint_keys.index)
    joint = candidates[joint_rows]
    joint_ids = "J-" + joint["date"] + "-" + joint["event_kind"]
    frame.loc[joint.index, "joint_event_id"] = joint_ids
    rows = meeting_rows(joint) if reader is not None else []
    position = {index: i for i, index in enumerate(joint.index)}
    events = [{"joint_event_id": f"J-{date}-{kind}", "kind": kind, "label": labels[kind], "date": date,
               "agencies": joint_keys[(kind, date)], "entries": list(group["entry_id"]),
               **({"attendance": reader.meeting(rows[position[i]] for i in group.index)} if reader is not None
                  else {})}
              for (kind, date), group in joint.groupby(keys, sort=True)]
    _flag(frame, frame.index.isin(joint.index), "joint_event")
    events.sort(key=lambda e: (e["date"], e["kind"]))

    conflicts = []
    conflict_mask = pd.Series(False, index=frame.index)
    rows_of_kind = dict(tuple(candidates.groupby("event_kind", sort=True)))
    for kind in agencies.index.get_level_values(0).unique():
        by_date = agencies[kind]
        for cluster in _clusters(list(by_date.index), window_days):
            on = {d: by_date[d] for d in cluster}
            if len(cluster) < 2 or all(on[d] == on[cluster[0]] for d in cluster):
                continue     # one date, or the same agencies meeting twice: not a conflict
            rows = rows_of_kind[kind][rows_of_kind[kind]["date"].isin(cluster)]
            conflict_mask[rows.index] = True
            said = "; ".join(f"{', '.join(on[d])} on {d}" for d in cluster)
            conflicts.append({"kind": kind, "label": labels[kind], "dates": cluster, "agencies_by_date": on,
                              "entries": list(rows["entry_id"]),
                              "message": f"{labels[kind]}: recorded by {said}. Is this one event? "
                                         "Check the date with the agencies."})
    _flag(frame, conflict_mask, "date_conflict")
    conflicts.sort(key=lambda c: (c["dates"][0], c["kind"]))
    return events, conflicts


def meeting_rows(entries: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(agency, meeting_attendance column, its words, event kind) of each of ``entries``, as
    :class:`MeetingReader` reads a meeting's entries."""
    texts = (entries["event_type"] + "\n" + entries["description"] + "\n" + entries["outcome"]).tolist()
    return list(zip(entries["agency"].tolist(), entries["meeting_attendance"].tolist(), texts,
                    entries["event_kind"].tolist()))


def _clusters(dates: list[str], window_days: int) -> list[list[str]]:
    """Sorted ISO dates chained together while each is within ``window_days`` of the previous."""
    clusters: list[list[str]] = []
    for date in dates:
        if clusters and (dt.date.fromisoformat(date) - dt.date.fromisoformat(clusters[-1][-1])).days <= window_days:
            clusters[-1].append(date)
        else:
            clusters.append([date])
    return clusters
