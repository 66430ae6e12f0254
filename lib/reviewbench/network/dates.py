"""Day numbers (days since 1970-01-01) to and from the dates a reviewer reads and types."""

from __future__ import annotations

import datetime as dt

from ..errors import ReviewbenchError

_EPOCH = dt.date(1970, 1, 1)


def day_to_iso(day: int) -> str:
    return (_EPOCH + dt.timedelta(days=int(day))).isoformat()


def date_to_day(value: dt.date) -> int:
    return (value - _EPOCH).days


def parse_bound(value: object, name: str) -> dt.date | None:
    """A --start/--end value: a date, or text "YYYY-MM-DD"; None stays None."""
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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def day_to_text(day: int) -> str:
    """"4 March 2022": how dates read in a statement (independent of the machine's locale)."""
    date = _EPOCH + dt.timedelta(days=int(day))
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def iso_to_text(value: str) -> str:
    """A chronology date ("2022-03-04", "2022-03", "2022") as a statement shows it."""
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return day_to_text(date_to_day(dt.date.fromisoformat(value[:10])))
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value
