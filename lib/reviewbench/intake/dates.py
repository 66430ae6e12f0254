"""Dates and times as UK practitioners write them: always day first, never rolled over.

A date keeps the precision it was given (``day``, ``month`` or ``year``) so that "March 2022"
is not silently turned into the 1st of March. Anything that is not a real date raises
:class:`~reviewbench.errors.DateError` with a reason a reviewer can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import DateError
from ..model import ParsedDate  # the date type lives with the model; re-exported here

__all__ = ["ParsedDate", "parse_date", "parse_time"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"
_TIME = (r"(?:[T\s,]+(?:at\s+)?(?P<time>\d{1,2}(?:[:.]\d{2}(?:[:.]\d{2})?)?\s*(?:[ap]\.?m\.?|hrs?|hours)?"
         r"|\d{4}\s*(?:hrs?|hours)))?")
_APPROX = re.compile(r"^\s*(?:\?|c\.|circa|approx\.?|approximately|about|around)\s*", re.IGNORECASE)

_NUMERIC = re.compile(rf"^(?P<d>\d{{1,2}})\s*[/.\-]\s*(?P<m>\d{{1,2}})\s*[/.\-]\s*(?P<y>\d{{2}}|\d{{4}})"
                      rf"{_TIME}\s*$", re.I)
_ISO = re.compile(rf"^(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_TIME}\s*$", re.I)
_NAMED = re.compile(
    rf"^{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?P<mon>{_MONTH_RE})\.?,?[\s\-/.]*(?P<y>\d{{4}}|\d{{2}}){_TIME}\s*$",
    re.I)
_NAMED_US = re.compile(
    rf"^{_WEEKDAY}(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}\s*$", re.I)
_MONTH_ONLY = re.compile(rf"^(?P<mon>{_MONTH_RE})\.?[\s\-/,]*(?P<y>\d{{4}}|\d{{2}})\s*$", re.I)
_NUM_MONTH_ONLY = re.compile(r"^(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})\s*$")
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_YEAR_ONLY = re.compile(r"^(?P<y>\d{4})$")
_TIME_ONLY = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?)?"
                        r"\s*(?P<ap>[ap])?\.?m?\.?\s*(?:hrs?|hours)?$", re.I)
_TIME_4 = re.compile(r"^(?P<h>\d{2})(?P<mi>\d{2})\s*(?:hrs?|hours)?$", re.I)

# Excel serial day numbers we accept: 1 Jan 1950 to 31 Dec 2099 (others are not plausible here).
_SERIAL_MIN, _SERIAL_MAX = 18264, 73415
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # POSIX pivot: 00-68 -> 2000s, 69-99 -> 1900s
        year += 2000 if year <= 68 else 1900
    return year


def _real_date(day: int, month: int, year: int, shown: str) -> dt.date:
    if not 1 <= month <= 12:
        hint = (" It looks month-first (US style); dates are read day first (dd/mm/yyyy)."
                if 1 <= day <= 12 and month <= 31 else " Dates are read day first (dd/mm/yyyy).")
        raise DateError(f"'{shown}' has no month {month}.{hint}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"'{shown}' is not a real date: {calendar.month_name[month]} {year} "
                        f"has {last} days. It was not rolled over; correct it at source.")
    return dt.date(year, month, day)


def parse_time(value: object) -> str:
    """"14:30", "14.30", "2.30pm", "2pm", "1430hrs", a time or datetime -> "HH:MM"; "" if blank.

    Raises:
        DateError: the value is present but is not a time of day.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:          # Excel time-of-day fraction
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = str(value).strip()
    if not text:
        return ""
    match = _TIME_4.match(text) or _TIME_ONLY.match(text)
    if not match:
        raise DateError(f"'{text}' is not a time of day.")
    hour, minute = int(match["h"]), int(match["mi"] or 0)
    ampm = (match.groupdict().get("ap") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(f"'{text}' is not a time of day.")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif match.re is _TIME_ONLY and match["mi"] is None:
        raise DateError(f"'{text}' is not a time of day (write it as 14:30 or 2.30pm).")
    if hour > 23 or minute > 59:
        raise DateError(f"'{text}' is not a time of day.")
    return f"{hour:02d}:{minute:02d}"


def _from_serial(value: float) -> ParsedDate:
    moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
    time = parse_time(float(value) % 1) if float(value) % 1 else ""
    return ParsedDate(moment.date().isoformat(), "day", time)


def parse_date(value: object) -> ParsedDate:
    """Read a date cell, day first. See the module docstring.

    Raises:
        DateError: blank, not a date, or an impossible date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DateError("the row has no date.")
    if isinstance(value, dt.datetime):
        time = value.strftime("%H:%M") if (value.hour, value.minute) != (0, 0) else ""
        return ParsedDate(value.date().isoformat(), "day", time)
    if isinstance(value, dt.date):
        return ParsedDate(value.isoformat(), "day")
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date.")
    if isinstance(value, (int, float)):
        if isinstance(value, int) and 1900 <= value <= 2100:
            return ParsedDate(f"{value:04d}", "year")
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return _from_serial(value)
        raise DateError(f"the number {value} is not a date.")

    text = " ".join(str(value).split())
    approximate = bool(_APPROX.match(text))
    text = _APPROX.sub("", text)
    parsed = _parse_text(text)
    if parsed is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise DateError(f"'{shown}' is not a date (expected e.g. 03/03/2022, 3rd March 2022 or March 2022).")
    if approximate:
        parsed = ParsedDate(parsed.iso, parsed.precision, parsed.time, True)
    return parsed


def _parse_text(text: str) -> ParsedDate | None:
    for pattern in (_NUMERIC, _ISO, _NAMED, _NAMED_US):
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
            date = _real_date(int(groups["d"]), month, _year(groups["y"]), text)
            time = parse_time(groups["time"]) if groups.get("time") else ""
            return ParsedDate(date.isoformat(), "day", time)
    for pattern in (_MONTH_ONLY, _NUM_MONTH_ONLY, _ISO_MONTH):
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
            if not 1 <= month <= 12:
                raise DateError(f"'{text}' has no month {month}.")
            return ParsedDate(f"{_year(groups['y']):04d}-{month:02d}", "month")
    match = _YEAR_ONLY.match(text)
    if match:
        return ParsedDate(match["y"], "year")
    if re.fullmatch(r"\d+(\.\d+)?", text):          # a serial typed or exported as text
        number = float(text)
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            return _from_serial(number)
    return None
