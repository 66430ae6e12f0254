"""How a chronology entry reads in the report (a table's date column, the public edition's name for it)."""

from __future__ import annotations

from .. import dates

NBSP = "\u00a0"


def entry_date(row: dict) -> str:
    """How a chronology entry's date reads in the report: written out, as every date of the report is
    ("3 March 2022 at 14:30", "March 2022": :func:`reviewbench.dates.entry_date_text`)."""
    return dates.entry_date_text(row.get("date", ""), row.get("date_precision", ""), row.get("time", ""))


def entry_date_cell(row: dict) -> str:
    """:func:`entry_date` for a table's date column: the day, month and year joined by no-break spaces,
    so that a cell never splits a date across two lines, in Word as in HTML (the time may go to the
    next line)."""
    day, at, time = entry_date(row).partition(" at ")
    return day.replace(" ", NBSP) + (at + time.replace(" ", NBSP) if at else "")


def entry_label(row: dict) -> str:
    """An entry as the public edition names it: its agency and date, never its id."""
    return f"{row['agency']}, {entry_date(row)}"
