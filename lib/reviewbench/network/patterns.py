"""The case patterns reviews keep finding: silences, the child unseen, repeated NFA, missed appointments.

"Contact" here is any entry except the paper events between agencies listed in the rules
(``not_contact_event_kinds``). Entries dated only to the year are too vague to bound a gap
and are left out of gaps (the statements say how many); an entry dated to the month covers
its month. A silence is only a silence where the records could tell: a school attendance figure
covers the days it is about, and an agency whose records cannot tell whether it saw the child
(a school's concerns log, ``agency_records.yaml``) is named with each period it was involved in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..agency_records import ChildAttendance
from ..dates import day_to_date, day_to_iso, day_to_text
from .sightings import ATTENDANCE_COLUMNS, NOT_SEEN, SEEN, SEEN_ALONE


def contacts_by_month(entries: pd.DataFrame, agencies: list[str], first_day: int, last_day: int) -> pd.DataFrame:
    """Contacts per agency (rows, in ``agencies`` order) per calendar month (columns "YYYY-MM")."""
    months = pd.period_range(day_to_iso(first_day)[:7], day_to_iso(last_day)[:7], freq="M").strftime("%Y-%m")
    usable = _bounded(entries, entries["_contact"], ["agency", "_start"])
    month = pd.Series(usable["_start"].to_numpy().astype("datetime64[D]").astype("datetime64[M]")
                      .astype(str), index=usable.index)
    table = pd.crosstab(usable["agency"], month) if len(usable) else pd.DataFrame()
    return table.reindex(index=agencies, columns=list(months), fill_value=0).fillna(0).astype(int)


def find_gaps(starts: np.ndarray, ends: np.ndarray, first_day: int, last_day: int, threshold: int) -> list[dict]:
    """Stretches longer than ``threshold`` days within [first_day, last_day] not covered by any interval.

    A gap is measured from the last covered day to the next covered day (or the edge of the
    period), so two contacts 30 days apart leave a 30-day gap.
    """
    order, before, after = _edges(starts, ends, first_day, last_day)
    lengths, n = after - before, len(starts)
    gaps = []
    for i in np.flatnonzero(lengths > threshold):
        gaps.append({"from_day": int(before[i]), "to_day": int(after[i]), "days": int(lengths[i]),
                     "opens_period": bool(i == 0), "closes_period": bool(i == n),
                     "before": int(order[i - 1]) if i > 0 else None,
                     "after": int(order[i]) if i < n else None})
    return gaps


def _edges(starts: np.ndarray, ends: np.ndarray, first_day: int, last_day: int):
    """The intervals' order by start, and the day each stretch between them opens and closes on."""
    order = np.argsort(starts, kind="stable")
    e = np.clip(ends[order], first_day, last_day)
    reach = np.maximum.accumulate(e) if len(e) else e
    return order, np.concatenate([[first_day], reach]), np.concatenate([np.clip(starts[order], first_day, last_day),
                                                                         [last_day]])


def gap_lengths(starts: np.ndarray, ends: np.ndarray, first_day: int, last_day: int) -> np.ndarray:
    """The length of every stretch :func:`find_gaps` measures, gap or not."""
    _order, before, after = _edges(starts, ends, first_day, last_day)
    return after - before


def _gap_records(gaps: list[dict], ids: np.ndarray) -> list[dict]:
    out = []
    for gap in gaps:
        out.append({"from": day_to_iso(gap["from_day"]), "to": day_to_iso(gap["to_day"]), "days": gap["days"],
                    "opens_period": gap["opens_period"], "closes_period": gap["closes_period"],
                    "last_before": str(ids[gap["before"]]) if gap["before"] is not None else "",
                    "first_after": str(ids[gap["after"]]) if gap["after"] is not None else "",
                    "from_day": gap["from_day"], "to_day": gap["to_day"]})
    return out


def _bounded(entries: pd.DataFrame, mask: pd.Series | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """The entries (of ``mask``) dated to the day or month, only ``columns`` of them: a copy of a few
    columns, not of every column the analysis carries."""
    chosen = entries["_precision"].isin(["day", "month"])
    return entries.loc[chosen if mask is None else chosen & mask, columns or list(entries.columns)]


@dataclass(frozen=True)
class Silences:
    """What a period with nothing recorded can and cannot say: the child's school attendance figures
    (``attendance``: sightings.attendance_spans) and, per agency whose records cannot tell whether
    it saw the child, why not (``cannot_tell``: agency -> "its log records concerns, not attendance")."""

    attendance: pd.DataFrame
    cannot_tell: dict[str, str]
    terms: ChildAttendance | None = None       # school terms: a school cannot have seen the child in the holidays
    term_bound: frozenset[str] = frozenset()   # the agencies (schools, nurseries) the terms apply to

    def covering(self) -> pd.DataFrame:
        """Figures that say the child was at school on most days of the time they cover."""
        return self.attendance[self.attendance["most_days"].astype(bool)]


_SPAN = ["entry_id", "_start", "_end"]       # what an interval is made of
NO_SILENCES = Silences(pd.DataFrame(columns=list(ATTENDANCE_COLUMNS)), {})


def _intervals(frame: pd.DataFrame, silences: Silences) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starts, ends and ids of the entries of ``frame`` and of the attendance figures that cover days."""
    cover = silences.covering()
    return (np.concatenate([frame["_start"].to_numpy(), cover["from_day"].to_numpy(dtype=np.int64)]),
            np.concatenate([frame["_end"].to_numpy(), cover["to_day"].to_numpy(dtype=np.int64)]),
            np.concatenate([frame["entry_id"].to_numpy(dtype=object), cover["entry_id"].to_numpy(dtype=object)]))


def _what_cannot_tell(gaps: list[dict], entries: pd.DataFrame, silences: Silences) -> None:
    """Add to each gap the agencies involved then whose records cannot tell whether they saw the
    child (``could_not_tell``, with ``why``), and the lower attendance figures that overlap it."""
    dated = _bounded(entries, columns=["agency", "_start", "_end", "_seen_state"])
    grouped = dated.groupby("agency", sort=True)
    firsts, lasts = grouped["_start"].min().to_dict(), grouped["_end"].max().to_dict()
    said_not_seen = dated[dated["_seen_state"] == NOT_SEEN]
    not_seen_day, not_seen_by = said_not_seen["_start"].to_numpy(), said_not_seen["agency"].to_numpy(dtype=object)
    low = silences.attendance[~silences.attendance["most_days"].astype(bool)]
    low_from, low_to = low["from_day"].to_numpy(), low["to_day"].to_numpy()
    for gap in gaps:
        lo, hi = gap["from_day"], gap["to_day"]
        overlap = low[(low_from < hi) & (low_to > lo)]
        told = set(not_seen_by[(not_seen_day > lo) & (not_seen_day < hi)].tolist()) | set(overlap["agency"].tolist())
        in_term = silences.terms is None or silences.terms.in_term(day_to_date(lo), day_to_date(hi))
        names = [a for a in silences.cannot_tell if a in firsts and a not in told
                 and firsts[a] <= hi and lasts[a] >= lo
                 and (in_term or a not in silences.term_bound)]
        gap["could_not_tell"] = names
        gap["why"] = [f"{a}: {silences.cannot_tell[a]}" for a in names]
        gap["attendance"] = [f"{r.agency} {r.percent:g}% ({day_to_text(int(r.from_day))} to "
                             f"{day_to_text(int(r.to_day))})" for r in overlap.itertuples(index=False)]
        gap["attendance_entries"] = overlap["entry_id"].tolist()


def contact_gaps(entries: pd.DataFrame, first_day: int, last_day: int, threshold: int,
                 silences: Silences = NO_SILENCES) -> list[dict]:
    """Periods with no agency contact at all; a school attendance figure that says the child was
    there on most days is contact for the days it covers."""
    starts, ends, ids = _intervals(_bounded(entries, entries["_contact"], _SPAN), silences)
    gaps = _gap_records(find_gaps(starts, ends, first_day, last_day, threshold), ids)
    _what_cannot_tell(gaps, entries, silences)
    return gaps


def gap_counter(entries: pd.DataFrame, first_day: int, last_day: int, silences: Silences = NO_SILENCES,
                seen: bool = False):
    """How many periods :func:`contact_gaps` (or, ``seen``, :func:`child_not_seen`) finds at a given
    threshold, from the entries read once (the sensitivity re-runs)."""
    chosen = entries["_seen"] if seen else entries["_contact"]
    starts, ends, _ids = _intervals(_bounded(entries, chosen, _SPAN), silences)
    lengths = gap_lengths(starts, ends, first_day, last_day)
    return lambda threshold: int((lengths > threshold).sum())


def child_not_seen(entries: pd.DataFrame, first_day: int, last_day: int, threshold: int,
                   silences: Silences = NO_SILENCES) -> list[dict]:
    """Periods with no record of the child being seen (alone or not, or at school by an attendance
    figure), with the contacts made meanwhile and whose records could not tell."""
    starts, ends, ids = _intervals(_bounded(entries, entries["_seen"], _SPAN), silences)
    gaps = _gap_records(find_gaps(starts, ends, first_day, last_day, threshold), ids)
    contacts = _bounded(entries, entries["_contact"] & ~entries["_seen"], ["entry_id", "agency", "_start"]) \
        .sort_values("_start", kind="stable")
    starts = contacts["_start"].to_numpy()
    for gap in gaps:
        lo = np.searchsorted(starts, gap["from_day"], side="right")
        hi = np.searchsorted(starts, gap["to_day"], side="left")
        inside = contacts.iloc[lo:hi]
        gap["contacts_meanwhile"] = inside["entry_id"].tolist()
        gap["agencies_meanwhile"] = sorted(set(inside["agency"]))
    _what_cannot_tell(gaps, entries, silences)
    return gaps


def seen_counts(entries: pd.DataFrame) -> dict:
    """How often the entries record the child seen, seen alone and not seen, and the last of each."""
    out = {}
    for state in (SEEN, SEEN_ALONE, NOT_SEEN):
        rows = entries.loc[entries["_seen_state"] == state, ["entry_id", "date"]]
        out[state] = {"count": int(len(rows)), "last": str(rows["date"].max()) if len(rows) else "",
                      "entry_ids": rows["entry_id"].tolist()}
    return out


_LISTED = ["agency", "entry_id", "date", "event_type"]     # what a pattern lists of each entry


def _listing(frame: pd.DataFrame) -> list[dict]:
    return [{"entry_id": e, "date": d, "event_type": t}
            for e, d, t in zip(frame["entry_id"], frame["date"], frame["event_type"])]


def repeated_nfa(entries: pd.DataFrame, threshold: int) -> list[dict]:
    """Agencies that closed ``threshold`` or more referrals with no further action."""
    nfa = entries.loc[entries["_nfa"], _LISTED]
    out = []
    for name, group in nfa.groupby("agency", sort=True):
        if len(group) >= threshold:
            out.append({"agency": name, "count": len(group), "entries": _listing(group)})
    return out


def nfa_counter(entries: pd.DataFrame):
    """How many agencies :func:`repeated_nfa` names at a given threshold, from one count per agency."""
    per_agency = entries.loc[entries["_nfa"], "agency"].value_counts().to_numpy()
    return lambda threshold: int((per_agency >= threshold).sum())


def missed_appointments(entries: pd.DataFrame) -> list[dict]:
    """Missed appointments and visits per agency; "was not brought" counted apart."""
    missed = entries.loc[entries["_missed"], _LISTED + ["_not_brought"]]
    out = []
    for name, group in missed.groupby("agency", sort=True):
        out.append({"agency": name, "count": len(group), "not_brought": int(group["_not_brought"].sum()),
                    "entries": _listing(group)})
    return out
