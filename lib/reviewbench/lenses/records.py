"""The chronology as the lenses read it: the dated entries in scope, in order, each with who it names.

Entries out of the review's scope or without a usable date are left out (as the network stage
does), and a note says how many. Who an entry names is found in two passes (see
:mod:`.mentions`): the names of people the register does not hold are collected over the whole
chronology first, so that a bare "Ross" in May is known from "uncle Ross" in March; a text
that names none of them is not read again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..chronology.schema import NO_DAY, day_spans
from ..config import Review
from ..dates import day_to_date
from ..network.reading import ChronologyReading, read_for_network
from .family import Child, Family, fallback_initials
from .mentions import PeopleFinder, Scan
from .rules import LensRules
from .text import EntryText
from .unregistered import Newcomers

FIELDS = ("description", "outcome")


@dataclass
class Record:
    """One entry, its texts (description, outcome) and who each names."""

    entry_id: str
    day: int
    date: str
    agency: str
    event_type: str
    practitioner_role: str
    texts: list[EntryText]
    scans: list[Scan]

    @property
    def when(self) -> dt.date:
        return day_to_date(self.day)


@dataclass
class Records:
    records: list[Record]
    family: Family
    finder: PeopleFinder
    newcomers: Newcomers
    children: list[Child]               # the register's children and the initials the records use
    agencies: list[str]                 # every agency with an entry analysed, in chronology order
    notes: list[str]
    chronology: pd.DataFrame | None = None      # the chronology as given (other readings start from it)
    shared: dict = field(default_factory=dict, repr=False, compare=False)   # readings two lenses share, made once

    def network_reading(self, review: Review) -> ChronologyReading:
        """The chronology as the network stage reads it (event kinds, the child seen, meetings), made once per
        run for the lenses that start from it (meetings, process). Only with a chronology (``chronology``)."""
        if "network" not in self.shared:
            self.shared["network"] = read_for_network(review, self.chronology)
        return self.shared["network"]


def _role_they_hold(scan: Scan, held: set[str]) -> bool:
    """Whether a role word the first pass left unresolved may name someone the records name."""
    return any(r.key.startswith("role:") and r.key[5:].split("|")[0] in held for r in scan.refs)


def agency_words(review: Review) -> list[str]:
    """Every name and alias of the review's agencies: words for a service, never for a person."""
    return [w for a in review.agencies for w in (a.name, *a.aliases)]


def read_records(review: Review, chronology: pd.DataFrame, family: Family, rules: LensRules) -> Records:
    """The analysed entries of ``chronology`` with who each names."""
    first, _last, _used = day_spans(chronology["date"], chronology["date_precision"])
    dated = first != NO_DAY
    scoped = chronology["in_scope"].to_numpy(dtype=bool)
    notes = list(family.notes)
    undated = int((~dated).sum())
    out_of_scope = int((dated & ~scoped).sum())
    if undated:
        notes.append(f"{undated} {'entry has' if undated == 1 else 'entries have'} no usable date and "
                     f"{'is' if undated == 1 else 'are'} left out.")
    if out_of_scope:
        notes.append(f"{out_of_scope} {'entry is' if out_of_scope == 1 else 'entries are'} outside the review scope "
                     "and left out.")
    chosen = chronology[dated & scoped].assign(_day=first[dated & scoped])
    chosen = chosen.reset_index(drop=True).reset_index().sort_values(["_day", "index"], kind="stable")
    texts = [[EntryText(str(row[f])) for f in FIELDS] for row in chosen[list(FIELDS)].to_dict("records")]
    extra = fallback_initials([t.text for pair in texts for t in pair], family)
    if extra:
        notes.append(f"The records use {', '.join(c.label for c in extra)} for children; the lenses take "
                     f"{'it' if len(extra) == 1 else 'them'} for the children of the review.")
    words = agency_words(review)
    first_pass = PeopleFinder(family, rules, words, extra)
    first = [[first_pass.scan(t) for t in pair] for pair in texts]
    newcomers = Newcomers.collect([s for pair in first for scan in pair for s in scan.sightings])
    finder = PeopleFinder(family, rules, words, extra, newcomers)
    held = newcomers.roles_held()
    records = []
    for row, pair, scans in zip(chosen.to_dict("records"), texts, first):
        again = [finder.scan(t) if newcomers.named_in(t.text) or _role_they_hold(scan, held) else scan
                 for t, scan in zip(pair, scans)]
        records.append(Record(row["entry_id"], int(row["_day"]), row["date"], row["agency"], row["event_type"],
                              row["practitioner_role"], pair, again))
    agencies = list(dict.fromkeys(r.agency for r in records))
    return Records(records, family, finder, newcomers, [*family.children, *extra], agencies, notes, chronology)
