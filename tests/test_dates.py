"""Dates as UK practitioners write them: day first, never rolled over, precision kept."""

import datetime as dt

import pytest

from reviewbench.errors import DateError
from reviewbench.intake.dates import parse_date, parse_time


@pytest.mark.parametrize("value, iso, precision, time", [
    ("03/03/2022", "2022-03-03", "day", ""),
    ("04/03/2022", "2022-03-04", "day", ""),           # day first: 4 March, not 3 April
    ("4/3/22", "2022-03-04", "day", ""),               # dd/mm/yy
    ("4.3.22", "2022-03-04", "day", ""),               # d.m.yy
    ("3rd March 2022", "2022-03-03", "day", ""),
    ("Thursday 3rd March 2022", "2022-03-03", "day", ""),
    ("21st Sept 2022", "2022-09-21", "day", ""),
    ("03-Mar-22", "2022-03-03", "day", ""),
    ("2022-03-04", "2022-03-04", "day", ""),           # ISO is year-month-day
    ("04/03/2022 14:30", "2022-03-04", "day", "14:30"),  # date and time in one cell
    ("4th March 2022 at 2.30pm", "2022-03-04", "day", "14:30"),
    ("2022-03-04T09:05", "2022-03-04", "day", "09:05"),
    ("March 2022", "2022-03", "month", ""),
    ("Mar-22", "2022-03", "month", ""),
    ("03/2022", "2022-03", "month", ""),
    ("2022", "2022", "year", ""),
    (2022, "2022", "year", ""),
    (44624, "2022-03-04", "day", ""),                  # Excel serial
    (44624.625, "2022-03-04", "day", "15:00"),         # Excel serial with time
    ("44624", "2022-03-04", "day", ""),                # serial exported as text
    (dt.datetime(2022, 3, 4, 9, 15), "2022-03-04", "day", "09:15"),
    (dt.datetime(2022, 3, 4), "2022-03-04", "day", ""),
    (dt.date(2022, 3, 4), "2022-03-04", "day", ""),
])
def test_uk_date_forms_parse_day_first_with_precision(value, iso, precision, time):
    parsed = parse_date(value)
    assert (parsed.iso, parsed.precision, parsed.time) == (iso, precision, time)


def test_two_digit_years_pivot_into_the_right_century():
    assert parse_date("01/01/68").iso == "2068-01-01"
    assert parse_date("01/01/85").iso == "1985-01-01"


def test_approximate_marker_is_kept():
    parsed = parse_date("? 03/03/2022")
    assert parsed.approximate and parsed.iso == "2022-03-03"


def test_impossible_date_is_rejected_not_rolled_over():
    with pytest.raises(DateError) as err:
        parse_date("31/02/2022")
    assert "not a real date" in err.value.reason and "February 2022 has 28 days" in err.value.reason


def test_leap_day_only_in_leap_years():
    assert parse_date("29/02/2024").iso == "2024-02-29"
    with pytest.raises(DateError):
        parse_date("29/02/2023")


def test_month_first_date_is_explained():
    with pytest.raises(DateError) as err:
        parse_date("03/25/2022")
    assert "day first" in err.value.reason


@pytest.mark.parametrize("value", [None, "", "   ", "TBC", "Records archived - see paper file",
                                   "PHASE 2", True, 12.5])
def test_non_dates_are_rejected_with_a_reason(value):
    with pytest.raises(DateError) as err:
        parse_date(value)
    assert err.value.reason


def test_partial_date_bounds_cover_the_whole_period():
    month = parse_date("February 2024")
    assert (month.first_day, month.last_day) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    year = parse_date("2022")
    assert (year.first_day, year.last_day) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


@pytest.mark.parametrize("value, expected", [
    ("14:30", "14:30"), ("14.30", "14:30"), ("2.30pm", "14:30"), ("2:30 PM", "14:30"),
    ("9:05 a.m.", "09:05"), ("2pm", "14:00"), ("12am", "00:00"), ("12pm", "12:00"),
    ("1430hrs", "14:30"), ("14:30:59", "14:30"), (0.75, "18:00"), (dt.time(8, 5), "08:05"),
    (None, ""), ("", ""),
])
def test_times(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "14:75", "13pm", "morning", "14"])
def test_bad_times_raise(value):
    with pytest.raises(DateError):
        parse_time(value)


def test_a_text_read_again_gives_the_same_date_and_the_same_refusal():
    """Each distinct text is read once (a chronology repeats its dates): the rule for two-digit
    years is part of what is remembered, and a refusal is raised afresh every time."""
    assert parse_date("03/03/49", latest_year=2068).iso == "2049-03-03"
    assert parse_date("03/03/49", latest_year=2032).iso == "1949-03-03"
    assert parse_date("03/03/49", latest_year=2068).iso == "2049-03-03"
    assert parse_date(" 4th March 2022 ") is parse_date(" 4th March 2022 ")
    for _ in range(2):
        with pytest.raises(DateError, match="February 2022 has 28 days"):
            parse_date("30/02/2022")
        with pytest.raises(DateError, match="no date"):
            parse_date("   ")
        with pytest.raises(DateError, match="not a time of day"):
            parse_time("25:99")
    assert parse_time(" 2.30pm") == parse_time("2.30pm ") == "14:30"
