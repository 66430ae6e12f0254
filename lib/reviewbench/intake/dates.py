"""Dates and times as UK practitioners write them: always day first, never rolled over.

A date keeps the precision it was given (``day``, ``month`` or ``year``) so that "March 2022"
is not silently turned into the 1st of March. Anything that is not a real date raises
:class:`~reviewbench.errors.DateError` with a reason a reviewer can act on.

What is read is also checked against the review (:class:`DateRules`): a two-digit year is put
in a century by a rule stated in the ingest report, and every date so resolved, every date
after the day of the ingest and every date centuries away from the scope is flagged for the
reviewer. Nothing is rejected for these: the agency wrote it, the reviewer decides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..config import Review
from ..errors import DateError
from ..model import ParsedDate  # the date type lives with the model; re-exported here
from ..register import child_birth

__all__ = ["DateRules", "ParsedDate", "parse_date", "parse_time"]

# A two-digit year is read as the year ending in those digits within the hundred years that end
# here. Without a review: the POSIX window, 1969-2068. With one: the scope's end plus a margin,
# because a chronology looks back from the review (parents' births, earlier children) far more
# often than it looks forward (an appointment booked after the scope ended).
POSIX_LATEST_YEAR = 2068
TWO_DIGIT_YEAR_MARGIN = 10
IMPLAUSIBLE_YEARS = 100       # a date further than this before the scope or after it is flagged

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


def _year(text: str, latest: int, shown: str) -> int:
    """A year as written; two digits become the year ending in them in the 100 years up to ``latest``."""
    year = int(text)
    if len(text) == 2:
        year = latest - (latest - year) % 100
    elif year == 0:
        raise DateError(f"'{shown}' has the year 0, which no calendar has: a placeholder? Have it dated at source.")
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
    if isinstance(value, str):
        time, problem = _written_time(value)
        if problem:
            raise DateError(problem)
        return time
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:          # Excel time-of-day fraction
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return _time_in_words(str(value))


@lru_cache(maxsize=1 << 12)
def _written_time(value: str) -> tuple[str, str]:
    """:func:`parse_time` of a text as (time, "") or ("", the reason it is not a time), once per text."""
    try:
        return _time_in_words(value), ""
    except DateError as exc:
        return "", exc.reason


def _time_in_words(value: str) -> str:
    text = value.strip()
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


def parse_date(value: object, latest_year: int = POSIX_LATEST_YEAR) -> ParsedDate:
    """Read a date cell, day first. See the module docstring.

    ``latest_year`` ends the hundred years a two-digit year is read in (:class:`DateRules`).
    A time in the same cell that is not a time of day ("03/03/2022 24:00") does not lose the
    date: it comes back in ``unreadable_time``, as a time column's would be flagged.

    Raises:
        DateError: blank, not a date, or an impossible date.
    """
    if isinstance(value, str):
        found = _written_date(value, latest_year)
        if isinstance(found, str):
            raise DateError(found)
        return found
    if value is None:
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
    return _date_in_words(str(value), latest_year)


@lru_cache(maxsize=1 << 14)
def _written_date(value: str, latest_year: int) -> ParsedDate | str:
    """:func:`parse_date` of a text, or the reason it is not a date; worked out once per distinct
    text, as a chronology repeats its dates (the dates are immutable, so sharing them is safe)."""
    if not value.strip():
        return "the row has no date."
    try:
        return _date_in_words(value, latest_year)
    except DateError as exc:
        return exc.reason


def _date_in_words(value: str, latest_year: int) -> ParsedDate:
    text = " ".join(value.split())
    approximate = bool(_APPROX.match(text))
    text = _APPROX.sub("", text)
    parsed = _parse_text(text, latest_year)
    if parsed is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise DateError(f"'{shown}' is not a date (expected e.g. 03/03/2022, 3rd March 2022 or March 2022).")
    if approximate:
        parsed = replace(parsed, approximate=True)
    return parsed


def _time_in_date(written: str) -> tuple[str, str]:
    """(time, "") for a time of day, ("", as written) for one that is not."""
    try:
        return parse_time(written), ""
    except DateError:
        return "", written.strip()


def _parse_text(text: str, latest: int) -> ParsedDate | None:
    for pattern in (_NUMERIC, _ISO, _NAMED, _NAMED_US):
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
            date = _real_date(int(groups["d"]), month, _year(groups["y"], latest, text), text)
            time, unreadable = _time_in_date(groups["time"]) if groups.get("time") else ("", "")
            return ParsedDate(date.isoformat(), "day", time, two_digit_year=len(groups["y"]) == 2,
                              unreadable_time=unreadable)
    for pattern in (_MONTH_ONLY, _NUM_MONTH_ONLY, _ISO_MONTH):
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
            if not 1 <= month <= 12:
                raise DateError(f"'{text}' has no month {month}.")
            year = _year(groups["y"], latest, text)
            return ParsedDate(f"{year:04d}-{month:02d}", "month", two_digit_year=len(groups["y"]) == 2)
    match = _YEAR_ONLY.match(text)
    if match:
        return ParsedDate(f"{_year(match['y'], latest, text):04d}", "year")
    if re.fullmatch(r"\d+(\.\d+)?", text):          # a serial typed or exported as text
        number = float(text)
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            return _from_serial(number)
    return None


@dataclass(frozen=True)
class DateRules:
    """How one review's dates are read and checked; made once per ingest and passed down.

    ``today`` is the day of the ingest: dates after it are flagged, never rejected. ``born`` is the
    earliest date of birth of the children the review is about (``subject: true`` in the names
    register), when known: dates before it are flagged.
    """

    scope_start: dt.date
    scope_end: dt.date
    today: dt.date
    born: dt.date | None = None

    @classmethod
    def for_review(cls, review: Review, today: dt.date | None = None) -> "DateRules":
        born, _ = child_birth(review)
        return cls(review.scope.start, review.scope.end, today or dt.date.today(), born)

    @property
    def latest_two_digit_year(self) -> int:
        return self.scope_end.year + TWO_DIGIT_YEAR_MARGIN

    def parse(self, value: object) -> ParsedDate:
        return parse_date(value, self.latest_two_digit_year)

    def flags(self, date: ParsedDate) -> list[str]:
        """The flags a reviewer needs on a date: how its century was chosen, and whether it can be right."""
        return list(_date_flags(self, date))

    def describe(self) -> list[str]:
        """The rules as sentences for the ingest report (no wall-clock date: the report stays reproducible)."""
        latest = self.latest_two_digit_year
        return [
            f"A two-digit year is read as the year ending in those digits within {latest - 99}-{latest}: the "
            f"hundred years that end {TWO_DIGIT_YEAR_MARGIN} years after the review's scope ends "
            f"({self.scope_end.isoformat()}). So {(latest + 1) % 100:02d} is {latest - 99} and "
            f"{latest % 100:02d} is {latest}. Every entry whose date was written so is flagged "
            "two_digit_year, for the reviewer to confirm.",
            "A date after the day of the ingest is kept and flagged date_in_future.",
            ("A date before the date of birth of the child the review is about (subject: true in "
             "private/names.yaml; the date itself stays there) is kept and flagged date_before_birth."
             if self.born else "No date of birth of the child the review is about is in private/names.yaml "
             "(a person with subject: true and date_of_birth), so no date was checked against it."),
            f"A date more than {IMPLAUSIBLE_YEARS} years before the scope starts or after it ends (before "
            f"{self.scope_start.year - IMPLAUSIBLE_YEARS} or after {self.scope_end.year + IMPLAUSIBLE_YEARS}, "
            "such as 31/12/9999) is kept and flagged date_implausible.",
            "A time that is not a time of day (24:00, 25:15), in a date cell or in a time column, is kept "
            "out of the time column and flagged time_unreadable, the time as written going to 'other'; the "
            "date is kept.",
        ]


@lru_cache(maxsize=1 << 14)
def _date_flags(rules: DateRules, date: ParsedDate) -> tuple[str, ...]:
    """:meth:`DateRules.flags`, once per distinct date."""
    flags = ["two_digit_year"] if date.two_digit_year else []
    if date.first_day > rules.today:
        flags.append("date_in_future")
    if rules.born is not None and date.last_day < rules.born:
        flags.append("date_before_birth")
    if (date.last_day.year < rules.scope_start.year - IMPLAUSIBLE_YEARS
            or date.first_day.year > rules.scope_end.year + IMPLAUSIBLE_YEARS):
        flags.append("date_implausible")
    return tuple(flags)
