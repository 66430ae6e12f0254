"""The case patterns reviews keep finding: silences, the child unseen, repeated NFA, missed appointments.

"Contact" here is any entry except the paper events between agencies listed in the rules
(``not_contact_event_kinds``). Entries dated only to the year are too vague to bound a gap
and are left out of gaps (the statements say how many); an entry dated to the month covers
its month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dates import day_to_iso


def contacts_by_month(entries: pd.DataFrame, agencies: list[str], first_day: int, last_day: int) -> pd.DataFrame:
    """Contacts per agency (rows, in ``agencies`` order) per calendar month (columns "YYYY-MM")."""
    months = pd.period_range(day_to_iso(first_day)[:7], day_to_iso(last_day)[:7], freq="M").strftime("%Y-%m")
    usable = entries[entries["_contact"] & entries["_precision"].isin(["day", "month"])]
    month = pd.Series(usable["_start"].to_numpy().astype("datetime64[D]").astype("datetime64[M]")
                      .astype(str), index=usable.index)
    table = pd.crosstab(usable["agency"], month) if len(usable) else pd.DataFrame()
    return table.reindex(index=agencies, columns=list(months), fill_value=0).fillna(0).astype(int)


def find_gaps(starts: np.ndarray, ends: np.ndarray, first_day: int, last_day: int, threshold: int) -> list[dict]:
    """Stretches longer than ``threshold`` days within [first_day, last_day] not covered by any interval.

    A gap is measured from the last covered day to the next covered day (or the edge of the
    period), so two contacts 30 days apart leave a 30-day gap.
    """
    order = np.argsort(starts, kind="stable")
    s = np.clip(starts[order], first_day, last_day)
    e = np.clip(ends[order], first_day, last_day)
    reach = np.maximum.accumulate(e) if len(e) else e
    before = np.concatenate([[first_day], reach])
    after = np.concatenate([s, [last_day]])
    lengths = after - before
    gaps = []
    for i in np.flatnonzero(lengths > threshold):
        gaps.append({"from_day": int(before[i]), "to_day": int(after[i]), "days": int(lengths[i]),
                     "opens_period": bool(i == 0), "closes_period": bool(i == len(s)),
                     "before": int(order[i - 1]) if i > 0 else None,
                     "after": int(order[i]) if i < len(s) else None})
    return gaps


def _gap_records(gaps: list[dict], frame: pd.DataFrame) -> list[dict]:
    ids = frame["entry_id"].to_numpy()
    out = []
    for gap in gaps:
        out.append({"from": day_to_iso(gap["from_day"]), "to": day_to_iso(gap["to_day"]), "days": gap["days"],
                    "opens_period": gap["opens_period"], "closes_period": gap["closes_period"],
                    "last_before": str(ids[gap["before"]]) if gap["before"] is not None else "",
                    "first_after": str(ids[gap["after"]]) if gap["after"] is not None else "",
                    "from_day": gap["from_day"], "to_day": gap["to_day"]})
    return out


def _bounded(entries: pd.DataFrame) -> pd.DataFrame:
    return entries[entries["_precision"].isin(["day", "month"])]


def contact_gaps(entries: pd.DataFrame, first_day: int, last_day: int, threshold: int) -> list[dict]:
    """Periods with no agency contact at all."""
    contacts = _bounded(entries[entries["_contact"]])
    gaps = find_gaps(contacts["_start"].to_numpy(), contacts["_end"].to_numpy(), first_day, last_day, threshold)
    return _gap_records(gaps, contacts)


def child_not_seen(entries: pd.DataFrame, first_day: int, last_day: int, threshold: int) -> list[dict]:
    """Periods with no record of the child being seen, with the contacts made meanwhile."""
    seen = _bounded(entries[entries["_seen"]])
    gaps = _gap_records(find_gaps(seen["_start"].to_numpy(), seen["_end"].to_numpy(),
                                  first_day, last_day, threshold), seen)
    contacts = _bounded(entries[entries["_contact"] & ~entries["_seen"]]).sort_values("_start", kind="stable")
    starts = contacts["_start"].to_numpy()
    for gap in gaps:
        lo = np.searchsorted(starts, gap["from_day"], side="right")
        hi = np.searchsorted(starts, gap["to_day"], side="left")
        inside = contacts.iloc[lo:hi]
        gap["contacts_meanwhile"] = inside["entry_id"].tolist()
        gap["agencies_meanwhile"] = sorted(set(inside["agency"]))
    return gaps


def _listing(frame: pd.DataFrame) -> list[dict]:
    return [{"entry_id": e, "date": d, "event_type": t}
            for e, d, t in zip(frame["entry_id"], frame["date"], frame["event_type"])]


def repeated_nfa(entries: pd.DataFrame, threshold: int) -> list[dict]:
    """Agencies that closed ``threshold`` or more referrals with no further action."""
    nfa = entries[entries["_nfa"]]
    out = []
    for name, group in nfa.groupby("agency", sort=True):
        if len(group) >= threshold:
            out.append({"agency": name, "count": len(group), "entries": _listing(group)})
    return out


def missed_appointments(entries: pd.DataFrame) -> list[dict]:
    """Missed appointments and visits per agency; "was not brought" counted apart."""
    missed = entries[entries["_missed"]]
    out = []
    for name, group in missed.groupby("agency", sort=True):
        out.append({"agency": name, "count": len(group), "not_brought": int(group["_not_brought"].sum()),
                    "entries": _listing(group)})
    return out
