"""Joint events (one meeting reported by several agencies) and the date conflicts between them.

No entry is ever removed or merged away: entries of one joint event share a
``joint_event_id``; entries that look like one event on dates a day or two apart are listed
as a conflict for the reviewer to resolve.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..vocabulary import EventKind


def find_joint_events(frame: pd.DataFrame, kinds: tuple[EventKind, ...],
                      window_days: int) -> tuple[list[dict], list[dict]]:
    """Set ``joint_event_id`` and flags in ``frame`` (in place); return events and conflicts."""
    joint_kinds = {k.id: k.label for k in kinds if k.joint}
    candidates = frame[frame["event_kind"].isin(joint_kinds) & (frame["date_precision"] == "day")]
    events: list[dict] = []
    by_kind_date: dict[str, dict[str, pd.DataFrame]] = {}
    for (kind, date), group in candidates.groupby(["event_kind", "date"], sort=True):
        by_kind_date.setdefault(kind, {})[date] = group
        agencies = sorted(set(group["agency"]))
        if len(agencies) < 2:
            continue
        joint_id = f"J-{date}-{kind}"
        frame.loc[group.index, "joint_event_id"] = joint_id
        for flags in frame.loc[group.index, "flags"]:
            flags.append("joint_event")
        events.append({"joint_event_id": joint_id, "kind": kind, "label": joint_kinds[kind],
                       "date": date, "agencies": agencies, "entries": list(group["entry_id"])})

    conflicts: list[dict] = []
    for kind, dates in sorted(by_kind_date.items()):
        ordered = sorted(dates)
        cluster: list[str] = []
        for date in ordered:
            if cluster and (dt.date.fromisoformat(date) - dt.date.fromisoformat(cluster[-1])).days > window_days:
                conflicts += _conflict(kind, joint_kinds[kind], cluster, dates, frame)
                cluster = []
            cluster.append(date)
        conflicts += _conflict(kind, joint_kinds[kind], cluster, dates, frame)
    return events, conflicts


def _conflict(kind: str, label: str, cluster: list[str], dates: dict[str, pd.DataFrame],
              frame: pd.DataFrame) -> list[dict]:
    """One conflict when agencies report the same kind of event on different nearby dates."""
    if len(cluster) < 2:
        return []
    agencies_on = {d: sorted(set(dates[d]["agency"])) for d in cluster}
    # Only a conflict if some agency's report is not matched by its own report on another date,
    # i.e. the agencies split across the dates rather than each meeting twice.
    split = any(set(agencies_on[a]) != set(agencies_on[b]) for a in cluster for b in cluster if a < b)
    if not split:
        return []
    entries = [eid for d in cluster for eid in dates[d]["entry_id"]]
    for d in cluster:
        for flags in frame.loc[dates[d].index, "flags"]:
            flags.append("date_conflict")
    said = "; ".join(f"{', '.join(agencies_on[d])} on {d}" for d in cluster)
    return [{"kind": kind, "label": label, "dates": cluster, "agencies_by_date": agencies_on,
             "entries": entries,
             "message": f"{label}: recorded by {said}. Is this one event? Check the date with the agencies."}]
