"""The chronology as the network analysis needs it: dates as day numbers, kinds and flags.

Everything here is computed once per chronology, in whole columns, so that a time slice is
only a row selection and 100,000 entries stay fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..agency_records import AgencyKind, AgencyRecords, agency_records
from ..chronology.schema import NO_DAY, REQUIRED_TO_ANALYSE, day_spans, typed
from ..vocabulary import EventKind, classify
from .rules import Rules
from .sightings import SIGHTED, seen_states


def _matches(pattern, texts: list[str], rows: np.ndarray | None = None) -> np.ndarray:
    """Which texts the (lower-case) pattern is found in; only ``rows`` are searched when given."""
    found = np.zeros(len(texts), dtype=bool)
    if pattern is None:
        return found
    search = pattern.search
    positions = range(len(texts)) if rows is None else np.flatnonzero(rows).tolist()
    for i in positions:
        if search(texts[i]) is not None:
            found[i] = True
    return found


def prepare_entries(chronology: pd.DataFrame, rules: Rules, kinds: tuple[EventKind, ...],
                    where: str = "chronology", records: AgencyRecords | None = None,
                    agency_kinds: dict[str, AgencyKind | None] | None = None) -> pd.DataFrame:
    """The chronology with the analysis columns added (names start with an underscore).

    ``records`` (what each kind of agency records) and ``agency_kinds`` (agency -> its kind) default
    to the built-in data and the kinds the agencies' names suggest.
    """
    frame = typed(chronology, where, required=REQUIRED_TO_ANALYSE)
    frame["_row"] = np.arange(len(frame), dtype=np.int64)
    frame["_start"], frame["_end"], frame["_precision"] = day_spans(frame["date"], frame["date_precision"])
    frame["_dated"] = frame["_start"] != NO_DAY
    frame["agency"] = frame["agency"].str.strip()

    # Every rule is searched in this lower-cased text (see rules.casefree).
    texts = [t.lower() for t in (frame["event_type"] + "\n" + frame["description"] + "\n" + frame["outcome"]).tolist()]
    frame["_low"] = texts
    by_id = {k.id: k for k in kinds}
    unknown = ~frame["event_kind"].isin(list(by_id))
    if unknown.any():   # a chronology from before the intake classified entries
        pos = np.flatnonzero(unknown.to_numpy())
        events, descs = frame["event_type"].to_numpy(), frame["description"].to_numpy()
        outs = frame["outcome"].to_numpy()
        frame.loc[unknown, "event_kind"] = [classify(kinds, events[i], f"{descs[i]} {outs[i]}").id for i in pos]
    interaction = {k.id: k.interaction for k in kinds}
    interaction.update({k: v.get("kind", interaction.get(k, "contact")) for k, v in rules.event_kinds.items()})
    event_kind = frame["event_kind"]
    frame["_kind"] = event_kind.map(interaction).fillna("none")

    frame["_contact"] = ~event_kind.isin(list(rules.not_contact_event_kinds)).to_numpy()
    by_kind = event_kind.isin(list(rules.concern_event_kinds)).to_numpy()
    frame["_concern"] = by_kind | _matches(rules.concern, texts, ~by_kind)
    nfa_rows = event_kind.isin(list(rules.nfa_event_kinds)).to_numpy() if rules.nfa_event_kinds else None
    frame["_nfa"] = _matches(rules.nfa, texts, nfa_rows)
    by_kind = event_kind.isin(list(rules.missed_event_kinds)).to_numpy()
    missed = by_kind | _matches(rules.missed, texts, ~by_kind)
    frame["_missed"] = missed
    frame["_not_brought"] = _matches(rules.not_brought, texts, missed)

    # Seen, seen alone or not seen: the columns first, then the words (sightings.py).
    records = records or agency_records()
    agency_kinds = {name: records.kind_of(name) for name in frame["agency"].unique().tolist()} \
        if agency_kinds is None else agency_kinds
    meetings = frozenset(k.id for k in kinds if k.joint)
    frame["_seen_state"], frame["_seen_evidence"] = seen_states(frame, rules.child_seen, agency_kinds, meetings,
                                                                records.attendance)
    frame["_seen"] = np.isin(frame["_seen_state"].to_numpy(dtype=object), SIGHTED)
    return frame
