"""The chronology read as the network stage reads it, without the graph: each agency's kind, the
entries prepared, how each agency took part in each meeting. The lenses read meetings and kinds
through here, so a lens (and a report notebook, which reads the lenses) does not load networkx.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..agency_records import RECORDS_FILE, AgencyRecords, agency_records
from ..chronology.attendance import MeetingReader, conveners
from ..chronology.schema import split_list
from ..config import Review
from ..vocabulary import EVENT_KINDS_FILE, EventKind, event_kinds
from .entries import prepare_entries
from .interactions import agency_labels
from .meetings import Meetings
from .rules import RULES_FILE, Rules, interaction_rules


@dataclass(frozen=True)
class ChronologyReading:
    """The chronology as the network stage reads it, and the review's files it was read with."""

    rules: Rules                        # interaction_rules.yaml, with the review's own
    records: AgencyRecords              # agency_records.yaml, with the review's own
    kinds: dict                         # each agency's kind (agency_kinds)
    vocabulary: tuple[EventKind, ...]   # the event kinds, with the review's own
    every: pd.DataFrame                 # every entry, prepared (prepare_entries)

    @property
    def meeting_kinds(self) -> frozenset[str]:
        return frozenset(k.id for k in self.vocabulary if k.joint)


def read_for_network(review: Review, chronology: pd.DataFrame, rules: Rules | None = None) -> ChronologyReading:
    """``chronology`` read as the network stage reads it: the analysis, the meetings lens and the process
    lens start from here (``rules``: interaction rules other than the review's, for a sensitivity run)."""
    rules = rules or review.overlay(RULES_FILE, interaction_rules)
    records = review.overlay(RECORDS_FILE, agency_records)
    kinds = agency_kinds(review, records, chronology)
    vocabulary = review.overlay(EVENT_KINDS_FILE, event_kinds)
    every = prepare_entries(chronology, rules, vocabulary, records=records, agency_kinds=kinds)
    return ChronologyReading(rules, records, kinds, vocabulary, every)


def agency_kinds(review: Review, records: AgencyRecords, chronology: pd.DataFrame) -> dict:
    """Each agency's kind (agency_records.yaml): those of review.yaml, then any other the chronology has."""
    kinds = records.kinds_of(review.agencies)
    recorded = chronology["agency"].astype(str).str.strip().unique().tolist() if "agency" in chronology else []
    for name in recorded:    # a chronology without the column is refused by prepare_entries
        if name not in kinds:
            kinds[name] = records.kind_of(name)
    return kinds


def meeting_table(review: Review, reading: ChronologyReading) -> pd.DataFrame:
    """How each agency took part in each meeting of the chronology in scope (``Meetings.table``), read
    as the network stage reads it: for the meetings lens, without the rest of the analysis."""
    every = reading.every
    meetings = meetings_and_names(review, every, reading.records, reading.kinds, reading.meeting_kinds)[0]
    return meetings.table(every[every["_dated"] & every["in_scope"]])


def meetings_and_names(review: Review, every: pd.DataFrame, records: AgencyRecords, kinds: dict,
                       meeting_kinds: frozenset[str]) -> tuple[Meetings, dict, set[str]]:
    """How each agency took part in the meetings, the agencies' names and aliases, and the agencies
    the chronology has that review.yaml does not."""
    known = [a.name for a in review.agencies]
    extra = (distinct(every["agency"]) | _with_names(every)) - set(known) - {""}
    labels = agency_labels(review.agencies, sorted(extra))
    return Meetings(every, MeetingReader(records.meetings, labels, conveners(kinds)), kinds, meeting_kinds), \
        labels, extra


def distinct(*columns: pd.Series) -> set[str]:
    """The distinct values of string columns (iterating a pandas string column is slow)."""
    return {v for column in columns for v in column.unique().tolist()}


def _with_names(entries: pd.DataFrame) -> set[str]:
    names: set[str] = set()
    for value in entries["with"].unique():
        names.update(split_list(value))
    return names
