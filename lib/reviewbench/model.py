"""The domain model shared by every stage.

Readers turn files into :class:`SourceDocument` grids; everything after that works on
:class:`RawRow` and the chronology DataFrame and knows a row's provenance, never its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Canonical keys a submission column can map to (ARCHITECTURE.md section 3).
CANONICAL_KEYS = (
    "date", "time", "end_date", "agency", "event_type", "description", "outcome",
    "practitioner_role", "source", "with", "child_seen",
)

# Columns of build/chronology.* in order (ARCHITECTURE.md section 4, plus our additions:
# end_date, event_kind, source, with, child_seen, and ``other``: "Heading: value" lines of any
# submission column that maps to no canonical key, so that nothing an agency wrote is lost).
CHRONOLOGY_COLUMNS = (
    "entry_id", "date", "date_precision", "time", "end_date", "agency", "event_type",
    "event_kind", "description", "outcome", "practitioner_role", "source", "with",
    "child_seen", "source_file", "source_location", "in_scope", "joint_event_id", "flags",
    "other",
)


@dataclass
class GridRow:
    """One row of a table as found in the file. ``label`` says where it is ("row 12", "line 7")."""

    label: str
    cells: list[Any]


@dataclass
class Grid:
    """A table found in a submission: an Excel sheet, a Word table, or a whole CSV file.

    ``name`` locates it inside the file ("sheet 'Chronology'", "table 2"; empty for CSV).
    Cell values are what the library gave: str, or for Excel also datetime/int/float/None.
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
