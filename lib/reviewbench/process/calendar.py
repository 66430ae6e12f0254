"""Working days with the bank holidays of England or Wales (the ``holidays`` package), and deadlines.

Every clock of a rules pack is counted here, forwards ("within 5 working days of becoming aware")
or backwards ("at least 7 working days before publication").
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

SUBDIVISIONS = {"england": "ENG", "wales": "WLS"}


@lru_cache(maxsize=64)
def _bank_holidays(jurisdiction: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=SUBDIVISIONS[jurisdiction], years=year))


def bank_holidays(jurisdiction: str, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Bank holidays (date -> name) between two dates (in either order), for ``england`` or ``wales``."""
    first, last = min(first, last), max(first, last)
    found = holidays.country_holidays("GB", subdiv=SUBDIVISIONS[jurisdiction],
                                      years=range(first.year, last.year + 1))
    return {day: name for day, name in sorted(found.items()) if first <= day <= last}


def is_working_day(day: dt.date, jurisdiction: str = "england") -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(jurisdiction, day.year)


def add_working_days(start: dt.date, amount: int, jurisdiction: str = "england") -> dt.date:
    """The ``amount``-th working day after ``start`` (``start`` itself is day 0, whatever it is);
    a negative ``amount`` counts backwards: the ``-amount``-th working day before ``start``."""
    step = dt.timedelta(days=1 if amount >= 0 else -1)
    day = start
    counted = 0
    while counted < abs(amount):
        day += step
        if is_working_day(day, jurisdiction):
            counted += 1
    return day


def working_days_between(first: dt.date, last: dt.date, jurisdiction: str = "england") -> int:
    """Working days after ``first`` up to and including ``last`` (negative when ``last`` is earlier)."""
    if last < first:
        return -working_days_between(last, first, jurisdiction)
    return sum(is_working_day(first + dt.timedelta(days=n), jurisdiction)
               for n in range(1, (last - first).days + 1))


def deadline(start: dt.date, amount: int, unit: str, jurisdiction: str = "england") -> dt.date:
    """``amount`` ``unit``s after ``start`` (before it when ``amount`` is negative)."""
    if unit == "working_days":
        return add_working_days(start, amount, jurisdiction)
    if unit == "months":
        return start + relativedelta(months=amount)       # month ends are clamped (31 Aug -> 28 Feb)
    return start + dt.timedelta(days=amount)
