"""Joint events (one meeting reported by several agencies) and the date conflicts between them.

No entry is ever removed or merged away: entries of one joint event share a
``joint_event_id``; entries that look like one event on dates a day or two apart are listed
as a conflict for the reviewer to resolve.

Worked out over plain lists, one pass over the rows and then over the (kind, date) groups: a large
chronology has thousands of groups, and a DataFrame slice per group costs more than the rest.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..vocabulary import EventKind
from .attendance import MeetingReader
from .schema import with_item


def find_joint_events(frame: pd.DataFrame, kinds: tuple[EventKind, ...], window_days: int,
                      reader: MeetingReader | None = None) -> tuple[list[dict], list[dict]]:
    """Set ``joint_event_id`` and add to ``flags`` in ``frame`` (in place); return events and conflicts.

    Candidates are the entries of a joint kind dated to the day. Those of one kind on one date
    from two or more agencies are one joint event; dates of one kind chained within ``window_days``
    of each other, with different agencies on them, are a conflict. With a ``reader``, each event
    says how each agency took part (``attendance``: agency -> attended, report-only or
    invited-absent), the agencies its entries name with a state included.
    """
    labels = {k.id: k.label for k in kinds if k.joint}
    rows: dict[tuple[str, str], list[int]] = {}          # (kind, date) -> rows, in frame order
    for i, (kind, date, precision) in enumerate(zip(frame["event_kind"].tolist(), frame["date"].tolist(),
                                                    frame["date_precision"].tolist())):
        if precision == "day" and kind in labels:
            rows.setdefault((kind, date), []).append(i)
    if not rows:
        return [], []
    agency, entry_id = frame["agency"].tolist(), frame["entry_id"].tolist()
    agencies = {key: sorted({agency[i] for i in rows[key]}) for key in sorted(rows)}

    joint_ids = frame["joint_event_id"].tolist()
    in_joint = [False] * len(frame)
    events = []
    for (kind, date), names in agencies.items():
        if len(names) < 2:
            continue
        event_id = f"J-{date}-{kind}"
        for i in rows[(kind, date)]:
            joint_ids[i], in_joint[i] = event_id, True
        event = {"joint_event_id": event_id, "kind": kind, "label": labels[kind], "date": date,
                 "agencies": names, "entries": [entry_id[i] for i in rows[(kind, date)]]}
        if reader is not None:
            event["attendance"] = reader.meeting(meeting_rows(frame.iloc[rows[(kind, date)]]))
        events.append(event)
    frame["joint_event_id"] = joint_ids
    frame["flags"] = with_item(frame["flags"].tolist(), in_joint, "joint_event")
    events.sort(key=lambda e: (e["date"], e["kind"]))

    conflicts = []
    in_conflict = [False] * len(frame)
    dates_of: dict[str, list[str]] = {}
    for kind, date in agencies:                             # sorted: each kind's dates in order
        dates_of.setdefault(kind, []).append(date)
    for kind, dates in dates_of.items():
        for cluster in _clusters(dates, window_days):
            on = {d: agencies[(kind, d)] for d in cluster}
            if len(cluster) < 2 or all(on[d] == on[cluster[0]] for d in cluster):
                continue     # one date, or the same agencies meeting twice: not a conflict
            members = sorted(i for d in cluster for i in rows[(kind, d)])
            for i in members:
                in_conflict[i] = True
            said = "; ".join(f"{', '.join(on[d])} on {d}" for d in cluster)
            conflicts.append({"kind": kind, "label": labels[kind], "dates": cluster, "agencies_by_date": on,
                              "entries": [entry_id[i] for i in members],
                              "message": f"{labels[kind]}: recorded by {said}. Is this one event? "
                                         "Check the date with the agencies."})
    frame["flags"] = with_item(frame["flags"].tolist(), in_conflict, "date_conflict")
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
