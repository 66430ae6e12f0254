"""reviewbench.dates: the days a chronology date covers, worked out in one place for everyone (the
merge's scope, the network's time slices, the workbench's filters), and the one set of formatters."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reviewbench.chronology.schema import NO_DAY, day_spans, typed
from reviewbench.dates import (
    date_span,
    date_to_day,
    day_to_date,
    day_to_text,
    dmy,
    entry_date_text,
    long_date,
    parse_bound,
    period,
)
from reviewbench.errors import ReviewbenchError
from reviewbench.intake.dates import parse_date
from reviewbench.network.entries import prepare_entries
from reviewbench.network.rules import interaction_rules
from reviewbench.vocabulary import event_kinds
from reviewbench.workbench.filters import ChronologyIndex

D = dt.date


@pytest.mark.parametrize("iso, precision, span", [
    ("2022-03-03", "day", (D(2022, 3, 3), D(2022, 3, 3))),
    ("2022-03-03", "", (D(2022, 3, 3), D(2022, 3, 3))),
    ("2024-02", "month", (D(2024, 2, 1), D(2024, 2, 29))),             # a leap year
    ("2023-02", "", (D(2023, 2, 1), D(2023, 2, 28))),
    ("2022", "year", (D(2022, 1, 1), D(2022, 12, 31))),
    ("2022-03", "day", (D(2022, 3, 1), D(2022, 3, 31))),               # the text is coarser: it wins
    ("2022-03-03", "month", (D(2022, 3, 1), D(2022, 3, 31))),          # the stated precision is coarser
    ("2022-03-03", "YEAR", (D(2022, 1, 1), D(2022, 12, 31))),
    ("2022-03-03 14:30", "day", (D(2022, 3, 3), D(2022, 3, 3))),
    ("2022-03-03", "fortnight", (D(2022, 3, 3), D(2022, 3, 3))),       # an unknown precision is ignored
])
def test_the_days_a_date_covers(iso, precision, span):
    assert date_span(iso, precision) == span


@pytest.mark.parametrize("iso", ["", "March 2022", "2022-13", "2022-02-30", "22-03-03", "03/03/2022"])
def test_text_that_is_no_iso_date_covers_no_days(iso):
    assert date_span(iso) is None


def test_a_parsed_date_covers_the_same_days_approximate_or_not():
    for text in ("February 2024", "2022", "? 03/03/2022", "03/03/2022"):
        parsed = parse_date(text)
        assert (parsed.first_day, parsed.last_day) == date_span(parsed.iso, parsed.precision)
    assert parse_date("? 03/03/2022").approximate


def test_day_spans_are_date_span_for_a_whole_column():
    dates = pd.Series(["2022-03-03", "2022-03", "2022", "", "2022-03", "soon"])
    precision = pd.Series(["day", "month", "year", "", "day", ""])
    first, last, used = day_spans(dates, precision)
    for i, (iso, stated) in enumerate(zip(dates, precision)):
        span = date_span(iso, stated)
        if span is None:
            assert (first[i], last[i], used[i]) == (NO_DAY, NO_DAY, "")
        else:
            assert (day_to_date(first[i]), day_to_date(last[i])) == span
    assert list(used) == ["day", "month", "year", "", "month", ""]


def test_the_network_and_the_workbench_see_the_same_days():
    frame = typed(pd.DataFrame({
        "entry_id": [f"E-{i}" for i in range(5)], "agency": ["Police"] * 5,
        "date": ["2022-03-03", "2022-02", "2021", "2022-03-03", "2022-04-01"],
        "date_precision": ["day", "month", "year", "month", "day"],
        "end_date": ["", "", "", "", "2022-05"]}), required=("entry_id", "date", "agency"))
    network = prepare_entries(frame, interaction_rules(None), event_kinds())
    index = ChronologyIndex(frame)
    expected = [date_span(d, p) for d, p in zip(frame["date"], frame["date_precision"])]
    assert [(day_to_date(a), day_to_date(b)) for a, b in zip(network["_start"], network["_end"])] == expected
    assert [day_to_date(a) for a in index.first_day] == [span[0] for span in expected]
    assert [day_to_date(b) for b in index.last_day[:4]] == [span[1] for span in expected[:4]]
    assert day_to_date(index.last_day[4]) == D(2022, 5, 31)                # an episode runs to its end date
    assert index.day_range(np.arange(5)) == (D(2021, 1, 1), D(2022, 5, 31))


def test_day_numbers_count_from_1970():
    assert date_to_day(D(1970, 1, 2)) == 1 and day_to_date(date_to_day(D(2022, 3, 4))) == D(2022, 3, 4)
    assert day_to_text(date_to_day(D(2022, 3, 4))) == "4 March 2022"


def test_the_formatters():
    assert dmy(D(2022, 3, 4)) == "04/03/2022" and dmy(dt.datetime(2022, 12, 31, 23, 59)) == "31/12/2022"
    assert long_date(D(2022, 3, 4)) == "4 March 2022" and long_date(D(2023, 11, 30)) == "30 November 2023"
    assert entry_date_text("2022-03-04", "day", "14:30") == "4 March 2022 at 14:30"
    assert entry_date_text("2022-03-04", "month") == "March 2022" and entry_date_text("2022-03", "day") == "March 2022"
    assert period(D(2022, 3, 3), D(2022, 3, 14)) == "3 March 2022 to 14 March 2022" and period(D(2022, 3, 3)) == \
        "3 March 2022"
    assert entry_date_text("2022-03-04") == "4 March 2022" and entry_date_text("2022-03") == "March 2022"
    assert entry_date_text("2022") == "2022" and entry_date_text("unknown") == "unknown"


def test_a_period_bound_is_a_date_or_nothing():
    assert parse_bound("2022-03-01", "start") == D(2022, 3, 1)
    assert parse_bound(dt.datetime(2022, 3, 1, 9, 0), "start") == D(2022, 3, 1)
    assert parse_bound("", "end") is None and parse_bound(None, "end") is None
    with pytest.raises(ReviewbenchError, match="the end date '1 March' is not a date"):
        parse_bound("1 March", "end")
