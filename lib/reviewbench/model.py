"""The domain model shared by every stage.

Readers turn files into :class:`SourceDocument` grids; everything after that works on
:class:`RawRow`, :class:`Entry` and the chronology DataFrame (its columns and their types:
:mod:`reviewbench.chronology.schema`) and knows a row's provenance, never its format. The intake
makes entries and the chronology merges them: both meet here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .dates import date_span

# Canonical keys a submission column can map to (ARCHITECTURE.md section 3), then our additions
# (issue 12): whether the child was seen alone, who was present, the child's attendance at school
# or nursery, and how the agency took part in a meeting.
CANONICAL_KEYS = (
    "date", "time", "end_date", "agency", "event_type", "description", "outcome",
    "practitioner_role", "source", "with", "child_seen",
    "seen_alone", "present", "attendance", "meeting_attendance",
)


@dataclass
class GridRow:
    """One row of a table as found in the file. ``label`` says where it is ("row 12", "line 7")."""

    label: str
    cells: list[Any]


@dataclass(frozen=True)
class UnsavedFormula:
    """An Excel cell holding a formula whose result was never saved in the file (a program that
    does not calculate formulas wrote it): its value is unknown, which is not the same as blank."""

    formula: str

    def __str__(self) -> str:
        shown = f": ={self.formula}" if self.formula else ""
        return f"(a formula with no saved value{shown})"


@dataclass
class Grid:
    """A table found in a submission: an Excel sheet, a Word table, or a whole CSV file.

    ``name`` locates it inside the file ("sheet 'Chronology'", "table 2"; empty for CSV).
    Cell values are what the library gave: str, or for Excel also datetime/int/float/None, and
    :class:`UnsavedFormula` for a formula whose value the file does not hold.
    Merged cells carry their value into every position they cover.
    """

    name: str
    rows: list[GridRow]


@dataclass
class SourceDocument:
    """Everything read from one submission file, before any interpretation."""

    file: str                      # path relative to the review folder, with forward slashes
    grids: list[Grid]
    text: list[str] = field(default_factory=list)   # prose outside tables (Word paragraphs)
    warnings: list[str] = field(default_factory=list)
    identifier: str | None = None  # the Office document property; an intake template's agency marker


@dataclass
class RawRow:
    """A data row mapped to canonical keys, with its provenance; values are still unparsed."""

    file: str
    location: str                  # "sheet 'Chronology', row 12"
    order: int                     # position in the file, for stable sorting
    values: dict[str, Any]


@dataclass
class Reject:
    file: str
    location: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "location": self.location, "reason": self.reason}


@dataclass(frozen=True)
class ParsedDate:
    """A date at its precision: ``iso`` is "2022-03-03", "2022-03" or "2022"."""

    iso: str
    precision: str            # day | month | year
    time: str = ""            # "HH:MM" when the same cell carried a time
    approximate: bool = False
    two_digit_year: bool = False   # the century was chosen by the review's rule (intake/dates.py)
    unreadable_time: str = ""      # a time written in the date cell that is not a time of day ("24:00")

    @cached_property
    def _span(self) -> tuple[dt.date, dt.date]:
        # Worked out once: the intake shares one ParsedDate between every row written the same way.
        span = date_span(self.iso, self.precision)
        if span is None:
            raise ValueError(f"{self.iso!r} is not an ISO date at {self.precision} precision")
        return span

    @property
    def first_day(self) -> dt.date:
        """The first day it can mean (:func:`reviewbench.dates.date_span`): 1 March for "2022-03"."""
        return self._span[0]

    @property
    def last_day(self) -> dt.date:
        """The last day it can mean: 31 March for "2022-03"."""
        return self._span[1]


@dataclass
class Entry:
    """One accepted row before merging: parsed, with its agency and provenance."""

    agency: str
    agency_code: str
    date: ParsedDate
    time: str
    end_date: str
    event_kind: str
    text: dict[str, str]
    with_agencies: list[str]
    file: str
    location: str
    order: int
    flags: list[str] = field(default_factory=list)
