"""Dates as reviewbench shows them, and the days a chronology date covers.

A chronology date is ISO text at its precision: "2022-03-03" (day), "2022-03" (month) or "2022"
(year). :func:`date_span` is the one place that turns one into the days it can mean; the
formatters here are the only ones the package uses, and none depends on the machine's locale.
Reading what agencies wrote ("3rd March 2022", "03/03/22") is the intake's work
(:mod:`reviewbench.intake.dates`). Day numbers (days since 1970-01-01) are what the network's
time calculations use.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from .errors import ReviewbenchError

PRECISIONS = ("day", "month", "year")         # finest first
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
EPOCH = dt.date(1970, 1, 1)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# -- the days a date covers -----------------------------------------------------------------------

def date_span(iso: str, precision: str = "") -> tuple[dt.date, dt.date] | None:
    """The first and last day a chronology date can mean, or None if the text is not one.

    "2022-03" is 1 to 31 March 2022 and "2022" the whole year. The precision used is the coarser of
    ``precision`` (the ``date_precision`` column; blank or unknown: ignored) and what the text holds,
    so "2022-03-03" stated as month precision is March and "2022-03" stated as day precision is still
    March. Anything after the first ten characters (a time) is ignored. An approximate date covers
    the same days as the date it gives: its flag ``approximate_date`` says it may be out.
    """
    return _span(str(iso).strip(), str(precision).strip().lower())


@lru_cache(maxsize=1 << 16)
def _span(iso: str, stated: str) -> tuple[dt.date, dt.date] | None:
    """:func:`date_span` once per distinct text: a chronology repeats its dates many times."""
    match = _ISO.match(iso)
    if match is None:
        return None
    year, month, day = match.groups()
    shape = "day" if day else "month" if month else "year"
    if stated in PRECISIONS and PRECISIONS.index(stated) > PRECISIONS.index(shape):
        shape = stated
    try:
        if shape == "year":
            return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        if shape == "month":
            last = calendar.monthrange(int(year), int(month))[1]
            return dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last)
        first = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None                                 # "2022-13", "2022-02-30": no such days
    return first, first


def span_precision(span: tuple[dt.date, dt.date]) -> str:
    """The precision of a span :func:`date_span` gave: day, month or year."""
    first, last = span
    return "day" if first == last else "month" if first.month == last.month else "year"


# -- day numbers ------------------------------------------------------------------------------------

def date_to_day(value: dt.date) -> int:
    return (value - EPOCH).days


def day_to_date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


def day_to_iso(day: int) -> str:
    return day_to_date(day).isoformat()


def day_to_text(day: int) -> str:
    """"4 March 2022" for a day number."""
    return long_date(day_to_date(day))


# -- formatters -------------------------------------------------------------------------------------

def dmy(day: dt.date) -> str:
    """03/03/2022: a date in a table, the title block of a report or a cell of a submission."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def long_date(day: dt.date) -> str:
    """3 March 2022: a date in a sentence."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period(first: dt.date, last: dt.date | None = None) -> str:
    """"3 March 2022 to 14 March 2022", or "3 March 2022" for one day: a period in the report."""
    if last is None or last == first:
        return long_date(first)
    return f"{long_date(first)} to {long_date(last)}"


def entry_date_text(iso: str, precision: str = "", time: str = "") -> str:
    """A chronology date as the report writes every date: "4 March 2022" (with its time, "4 March 2022 at
    14:30"), "March 2022" or "2022", by what the text holds and its ``precision`` (:func:`date_span`).

    Text that is no chronology date is shown as it is."""
    span = date_span(iso, precision)
    if span is None:
        return iso
    first = span[0]
    precision = span_precision(span)
    if precision == "day":
        return f"{long_date(first)} at {time}" if time else long_date(first)
    return f"{MONTHS[first.month - 1]} {first.year}" if precision == "month" else str(first.year)


# -- dates typed by a reviewer ----------------------------------------------------------------------

def parse_bound(value: object, name: str) -> dt.date | None:
    """A period's start or end (``graph --start``, a workbench filter): a date, or text "YYYY-MM-DD";
    None and "" stay None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ReviewbenchError(f"the {name} date '{value}' is not a date.",
                               hint="Write it as YYYY-MM-DD, for example 2022-03-01.") from exc


_UK_TYPED = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")


def parse_uk_date(text: str, name: str) -> dt.date | None:
    """A date a reviewer typed, day first as in England and Wales: "03/03/2022", "3/3/2022", "3.3.2022"
    or "3-3-2022"; "2022-03-03" (ISO) too. Empty text is no date (None).

    Raises:
        ReviewbenchError: naming ``name`` (e.g. "The From date"), what was typed and how to write it.
    """
    typed = (text or "").strip()
    if not typed:
        return None
    how = "Write it as dd/mm/yyyy, for example 03/03/2022."
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", typed)
    uk = _UK_TYPED.fullmatch(typed)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
        if len(uk.group(3)) != 4:
            raise ReviewbenchError(f"{name} '{typed}' needs the year in four digits.", hint=how)
    else:
        raise ReviewbenchError(f"{name} '{typed}' is not a date.", hint=how)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ReviewbenchError(f"{name} '{typed}' is not a day of the calendar (day {day}, month {month}).",
                               hint=how) from None
