"""The chronology's columns as a person reads them in Excel: a heading for each field, the order
they come in, and what each means (the workbook's "Columns" sheet).

build/chronology.csv and .json keep the field names (the contract of ARCHITECTURE.md); the Excel
copy is for people, so it says "What happened" where the CSV says ``description``, puts the date,
the agency and what happened on the left, and lists every heading with its field name and meaning
on a second sheet, so that a reader of the CSV and a reader of the workbook can talk about one column.
"""

from __future__ import annotations

from .schema import COLUMNS

HEADINGS = {
    "entry_id": "Entry", "date": "Date", "date_precision": "Date precision", "time": "Time",
    "end_date": "End date", "agency": "Agency", "event_type": "Event", "event_kind": "Kind of event",
    "description": "What happened", "outcome": "Outcome", "practitioner_role": "Practitioner",
    "source": "Source of the information", "with": "Other agencies involved", "child_seen": "Child seen",
    "source_file": "Submission", "source_location": "Where in the submission", "in_scope": "In the review period",
    "joint_event_id": "Joint event", "flags": "Flags", "other": "Other columns of the submission",
    "seen_alone": "Seen alone", "present": "Present", "attendance": "Attendance",
    "meeting_attendance": "Meeting attendance", "cited_in": "Cited in the report",
}
# Read first, left to right (and what a printed page holds): when, who, what happened and what came of
# it, who recorded it, and the entry's id; the rest after them in the CSV's order.
LEADING = ("date", "time", "agency", "description", "outcome", "event_type", "practitioner_role", "entry_id",
           "in_scope", "cited_in")
MEANINGS = {c.name: c.meaning for c in COLUMNS} | {
    "date": "when it happened: a date cell shown at its precision (dd/mm/yyyy, mm/yyyy or yyyy; a month or a "
            "year is its first day, so that date filters work); the CSV has it as ISO text",
    "end_date": "end of an episode: a date cell, as Date",
    "cited_in": "the findings, key practice episodes and other parts of the report that cite the entry",
}


def heading(field: str) -> str:
    """The heading of ``field`` in the workbook ("What happened" for ``description``)."""
    return HEADINGS.get(field) or field.replace("_", " ").capitalize()


def in_reading_order(fields: list[str]) -> list[str]:
    """``fields`` with the :data:`LEADING` ones first, the others after them in their own order."""
    return [f for f in LEADING if f in fields] + [f for f in fields if f not in LEADING]


def column_rows(fields: list[str]) -> list[tuple[str, str, str]]:
    """(heading, field name, meaning) of each of ``fields``: the rows of the "Columns" sheet."""
    return [(heading(f), f, MEANINGS.get(f, "")) for f in fields]
