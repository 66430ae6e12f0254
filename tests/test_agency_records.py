"""What each kind of agency records (data/agency_records.yaml) and a review's own agency_records.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_review
from reviewbench.agency_records import RECORDS_FILE, agency_records
from reviewbench.config import load_review
from reviewbench.errors import ReviewConfigError


@pytest.mark.parametrize("name, aliases, kind", [
    ("Brookfield Primary School", [], "school"),
    ("Little Acorns Nursery", [], "nursery"),
    ("School Nursing", [], "school-nursing"),            # not a school: a health service
    ("Riverside Medical Practice", ["GP"], "gp"),
    ("Anyshire Police", [], "police"),
    ("Children's Social Care (Westshire)", [], "children-social-care"),
    ("Anyshire Homes", [], "housing"),
    ("Northmoor Recovery", [], "adult-services"),
    ("Sampleton General", ["ED", "paediatric ward"], "hospital"),     # found by an alias
])
def test_an_agency_gets_the_kind_its_name_or_an_alias_says(name, aliases, kind):
    assert agency_records().kind_of(name, aliases).id == kind


def test_what_each_kind_records_says_who_can_tell_whether_the_child_was_seen():
    records = agency_records()
    school, gp, probation = records.kind("school"), records.kind("gp"), records.kind_of("Probation Service")
    assert school.cannot_tell == "its log records concerns, not attendance" and "attendance" in school.records
    assert "sightings" in gp.records and gp.cannot_tell == ""
    assert probation.sees_parent_only and not gp.sees_parent_only
    assert "child-protection-conference" in records.kind("children-social-care").convenes
    assert records.kind_of("Ambulance Trust") is None


def test_a_review_adds_a_kind_pins_an_agency_and_changes_a_built_in_kind(tmp_path):
    folder = make_review(tmp_path / "r", agencies=[{"name": "Oak House"}, {"name": "Police"}])
    (folder / RECORDS_FILE).write_text(
        "kinds:\n"
        "  - id: register-school\n    label: school with its register\n    records: [attendance, sightings]\n"
        "  - id: police\n    cannot_tell: officers record incidents only\n"
        "agencies:\n  Oak House: register-school\n"
        "attendance:\n  most_days_percent: 90\n", encoding="utf-8")
    records = agency_records(folder)
    kinds = records.kinds_of(load_review(folder).agencies)
    assert kinds["Oak House"].id == "register-school" and kinds["Oak House"].cannot_tell == ""
    assert kinds["Police"].cannot_tell == "officers record incidents only"
    assert kinds["Police"].records == frozenset({"incidents", "meetings"})     # kept from the built-in kind
    assert records.attendance.most_days_percent == 90
    assert records.attendance.terms, "the built-in terms are kept when the review does not give its own"


@pytest.mark.parametrize("text, message", [
    ("kinds:\n  - id: school\n    record: [attendance]\n", "unknown key 'kinds.0.record': did you mean 'records'?"),
    ("kinds:\n  - id: school\n    records: [sightings, gossip]\n", "records holds 'gossip'"),
    ("kinds:\n  - id: school\n    names: ['(unclosed']\n", "not a valid regular expression"),
    ("agencies:\n  Police: polce\n", "pinned to the kind 'polce'.*Did you mean 'police'"),
    ("attendance:\n  most_day_percent: 90\n", "did you mean 'most_days_percent'"),
    ("attendance:\n  most_days_percent: 180\n", "from 1 to 100"),
    ("attendance:\n  terms:\n    - {name: autumn, start: 31-09, end: 12-20}\n", "'31-09' is not a month and day"),
    ("meeting_attendance:\n  values:\n    attend: [yes]\n", "did you mean 'attended'"),
    ("colour: red\n", "unknown key 'colour'"),
])
def test_a_mistake_in_the_reviews_file_names_the_file_and_the_key(tmp_path, text, message):
    folder = make_review(tmp_path / "r")
    (folder / RECORDS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ReviewConfigError, match=message) as caught:
        agency_records(folder)
    assert RECORDS_FILE in str(caught.value)


def test_pinning_a_name_that_is_not_an_agency_of_the_review_is_refused(tmp_path):
    folder = make_review(tmp_path / "r", agencies=[{"name": "Police"}, {"name": "School"}])
    (folder / RECORDS_FILE).write_text("agencies:\n  Scool: school\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="'Scool', which is not an agency of review.yaml.*'School'"):
        agency_records(folder).kinds_of(load_review(folder).agencies)


@pytest.mark.parametrize("day, start", [
    (dt.date(2022, 10, 21), dt.date(2022, 9, 1)),      # autumn half term: from the start of the autumn term
    (dt.date(2023, 1, 24), dt.date(2023, 1, 3)),
    (dt.date(2022, 7, 19), dt.date(2022, 4, 15)),      # end of the summer term
    (dt.date(2022, 8, 10), dt.date(2022, 4, 15)),      # in the holiday: the term before
])
def test_an_attendance_figure_is_about_the_term_it_falls_in(day, start):
    assert agency_records().attendance.term_start(day) == start


def test_the_summer_holiday_is_not_term_time():
    terms = agency_records().attendance
    assert not terms.in_term(dt.date(2022, 8, 2), dt.date(2022, 9, 1))
    assert terms.in_term(dt.date(2022, 8, 2), dt.date(2022, 9, 10))
    assert terms.in_term(dt.date(2022, 12, 18), dt.date(2023, 1, 20))
