"""Case patterns: gaps in contact, the child not seen, repeated NFA, missed appointments, time slices."""

from __future__ import annotations

import pytest

from network_support import chronology, entry, make_review, statements
from reviewbench.network import analyse

CSC = "Children's Social Care"


@pytest.fixture
def review(tmp_path):
    return make_review(tmp_path / "review", scope=("2022-01-01", "2022-06-30"))


def test_a_period_without_agency_contact_longer_than_gap_days_is_a_gap(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit."),
        entry("GP-1", "2022-01-20", "GP", "appointment", "Seen."),
        entry("HV-2", "2022-03-10", "Health Visiting", "home-visit", "Visit."),
        entry("POL-1", "2022-03-15", "Police", "notification", "Letter to the GP."),
        entry("HV-3", "2022-06-20", "Health Visiting", "home-visit", "Visit."),
    ]))
    gaps = [(g["from"], g["to"], g["days"]) for g in result.patterns["contact_gaps"]]
    # 20 Jan -> 10 Mar is 49 days; 10 Mar -> 20 Jun is 102 days (the police letter is not contact)
    assert gaps == [("2022-01-20", "2022-03-10", 49), ("2022-03-10", "2022-06-20", 102)]
    said = statements(result, "contact-gap")
    assert said[0].text.startswith("No agency recorded contact with the family for 49 days, from 20 January 2022 to "
                                   "10 March 2022")
    assert said[0].entry_ids == ["GP-1", "HV-2"]


def test_gap_days_come_from_settings_and_the_start_of_the_period_counts(tmp_path):
    review = make_review(tmp_path / "r", scope=("2022-01-01", "2022-03-31"), settings={"gap_days": 60})
    result = analyse(review, chronology([
        entry("HV-1", "2022-03-05", "Health Visiting", "home-visit", "First visit."),
        entry("HV-2", "2022-03-31", "Health Visiting", "home-visit", "Visit."),
    ]))
    gaps = result.patterns["contact_gaps"]
    assert [(g["from"], g["to"], g["days"], g["opens_period"]) for g in gaps] == \
        [("2022-01-01", "2022-03-05", 63, True)]
    assert "from the start of the period to 5 March 2022" in statements(result, "contact-gap")[0].text


def test_child_not_seen_uses_the_column_first_then_the_text(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit.", seen="Yes"),
        entry("GP-1", "2022-02-01", "GP", "appointment", "Mother seen alone about her mood.", seen="N"),
        entry("CSC-1", "2022-02-10", CSC, "home-visit", "No answer at the door.", seen=""),
        entry("SCH-1", "2022-04-01", "School", "other", "Child was seen in class, happy."),
        entry("HV-2", "2022-06-25", "Health Visiting", "home-visit", "Visit.", seen="Y - seen alone"),
    ]))
    gaps = result.patterns["child_not_seen"]
    assert [(g["from"], g["to"], g["days"]) for g in gaps] == [("2022-01-05", "2022-04-01", 86),
                                                              ("2022-04-01", "2022-06-25", 85)]
    assert gaps[0]["contacts_meanwhile"] == ["GP-1", "CSC-1"]
    said = statements(result, "child-not-seen")[0]
    assert "although Children's Social Care and GP recorded 2 contacts in that time" in said.text
    assert said.entry_ids == ["HV-1", "GP-1", "CSC-1", "SCH-1"]


def test_without_any_record_of_seeing_the_child_the_statement_says_so(review):
    result = analyse(review, chronology([entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit.")]))
    said = statements(result, "child-not-seen")
    assert len(said) == 1 and "No entry records whether the child was seen" in said[0].text


def test_repeated_referrals_closed_with_no_further_action(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-01-10", CSC, "referral-received", "Referral from school.", outcome="NFA."),
        entry("CSC-2", "2022-02-10", CSC, "referral-received", "Referral from police.",
              outcome="Did not meet threshold."),
        entry("CSC-3", "2022-03-10", CSC, "referral-received", "Referral from GP.", outcome="No further action."),
        entry("POL-1", "2022-03-11", "Police", "police-incident", "Incident.", outcome="NFA"),
        entry("HV-1", "2022-03-12", "Health Visiting", "home-visit", "Visit; no further action needed."),
    ]))
    repeated = result.patterns["repeated_nfa"]
    assert [(r["agency"], r["count"]) for r in repeated] == [(CSC, 3)]
    assert [e["entry_id"] for e in repeated[0]["entries"]] == ["CSC-1", "CSC-2", "CSC-3"]
    said = statements(result, "repeated-nfa")[0]
    assert said.entry_ids == ["CSC-1", "CSC-2", "CSC-3"] and "closed 3 referrals" in said.text


def test_the_repeat_threshold_comes_from_settings(tmp_path):
    review = make_review(tmp_path / "r", settings={"repeat_nfa_count": 4})
    result = analyse(review, chronology([
        entry(f"CSC-{i}", f"2022-0{i}-10", CSC, "referral-received", "Referral.", outcome="NFA") for i in range(1, 4)
    ]))
    assert result.patterns["repeated_nfa"] == []


def test_missed_appointments_and_was_not_brought(review):
    result = analyse(review, chronology([
        entry("GP-1", "2022-01-10", "GP", "missed-appointment", "DNA immunisations."),
        entry("GP-2", "2022-02-10", "GP", "appointment", "Child was not brought to the clinic."),
        entry("HV-1", "2022-02-11", "Health Visiting", "home-visit", "No access visit."),
        entry("HV-2", "2022-02-12", "Health Visiting", "home-visit", "Visit, all well."),
    ]))
    missed = {m["agency"]: (m["count"], m["not_brought"]) for m in result.patterns["missed_appointments"]}
    assert missed == {"GP": (2, 1), "Health Visiting": (1, 0)}
    texts = [s.text for s in statements(result, "missed-appointments")]
    assert texts[0].startswith("GP recorded 2 missed appointments or visits, 1 recorded as 'was not brought'")


def test_contacts_per_agency_per_month(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit."),
        entry("HV-2", "2022-01-25", "Health Visiting", "home-visit", "Visit."),
        entry("GP-1", "2022-03", "GP", "appointment", "Seen some time in March."),
        entry("GP-2", "2022", "GP", "appointment", "Seen some time in the year."),
    ]))
    table = result.patterns["contacts_by_month"]
    assert list(table.columns) == ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06"]
    assert table.loc["Health Visiting"].tolist() == [2, 0, 0, 0, 0, 0]
    assert table.loc["GP"].tolist() == [0, 0, 1, 0, 0, 0]
    assert any("dated only to the year" in n for n in result.notes)


@pytest.mark.slow
def test_a_time_slice_limits_graph_metrics_and_patterns(review):
    rows = [
        entry("SCH-1", "2022-01-10", "School", "referral", "Referred to MASH."),
        entry("HOU-1", "2022-04-02", "Housing", "home-visit", "Tenancy visit."),
        entry("POL-1", "2022-05-01", "Police", "notification", "Information shared with Housing."),
        entry("OUT-1", "2022-05-02", "Police", "other", "Shared with Housing.", in_scope=False),
    ]
    whole = analyse(review, chronology(rows))
    spring = analyse(review, chronology(rows), start="2022-04-01", end="2022-06-30")
    assert len(whole.entries) == 3 and whole.basis == "review scope"
    assert list(spring.entries["entry_id"]) == ["HOU-1", "POL-1"] and spring.basis == "requested"
    assert set(spring.graph.nodes) == {"Housing", "Police"}
    assert set(whole.graph.nodes) == {"School", CSC, "Housing", "Police"}
    assert spring.network["isolates"] == []
    assert "OUT-1" not in set(whole.interactions["entry_id"])
    assert any("out of the review scope" in n for n in whole.notes)
    early = analyse(review, chronology(rows), end="2022-04-30")
    assert [i["agency"] for i in early.network["isolates"]] == ["Housing"]


# --- what the records could tell: attendance figures and a school's concerns log (issue 12) ----------

@pytest.fixture
def year(tmp_path):
    return make_review(tmp_path / "year", scope=("2022-01-01", "2022-12-31"))


def _periods(found):
    return [(g["from"], g["to"], g["days"]) for g in found]


def test_an_attendance_figure_covers_its_term_so_the_child_is_not_unseen_at_school(year):
    result = analyse(year, chronology([
        entry("HV-1", "2022-07-20", "Health Visiting", "home-visit", "Z seen at home with mum."),
        entry("SCH-1", "2022-10-21", "School", "other", "Autumn half-term 1: attendance 96%.", event_type="Attendance"),
        entry("HV-2", "2022-11-10", "Health Visiting", "home-visit", "Z seen, playing."),
        entry("HV-3", "2022-12-05", "Health Visiting", "home-visit", "Z seen with her brother."),
    ]))
    # the summer holiday is the only time nobody saw Z: the figure covers 1 September to 21 October
    assert _periods(result.patterns["child_not_seen"]) == [("2022-01-01", "2022-07-20", 200),
                                                         ("2022-07-20", "2022-09-01", 43)]
    summer = result.patterns["child_not_seen"][1]
    assert summer["could_not_tell"] == [] and summer["first_after"] == "SCH-1"     # the school was closed
    assert _periods(result.patterns["contact_gaps"])[-1] == ("2022-07-20", "2022-09-01", 43)
    assert result.attendance_table()[["from", "to", "percent", "most_days"]].values.tolist() == [
        ["2022-09-01", "2022-10-21", 96.0, True]]


def test_without_a_figure_the_prompt_names_the_school_whose_log_cannot_tell(year):
    result = analyse(year, chronology([
        entry("SCH-1", "2022-09-05", "School", "other", "Z tired in class; breakfast club offered."),
        entry("HV-1", "2022-09-10", "Health Visiting", "home-visit", "Z seen with mum."),
        entry("GP-1", "2022-10-12", "GP", "appointment", "Mother: low mood review."),
        entry("SCH-2", "2022-12-01", "School", "other", "Z upset at home time."),
    ]))
    period = result.patterns["child_not_seen"][1]
    assert (period["from"], period["to"], period["could_not_tell"]) == ("2022-09-10", "2022-12-01", ["School"])
    said = statements(result, "child-not-seen")[1]
    assert ("School's records cannot tell whether it saw the child then (its log records concerns, not attendance): "
            "ask for the child's attendance in that period.") in said.text
    assert "School" in said.agencies
    gap = next(s.text for s in statements(result, "contact-gap") if "from 12 October 2022" in s.text)
    assert gap.startswith("No agency recorded contact with the family for 50 days, from 12 October 2022 to 1 December "
                          "2022 (longer than 28 days), although School may have seen the child without recording it.")


def _autumn(review, school: dict) -> tuple:
    """Z seen on 2 September and in December, and what the school recorded in between: the analysis
    and the period from 2 September."""
    result = analyse(review, chronology([
        entry("HV-1", "2022-09-02", "Health Visiting", "home-visit", "Z seen."), school,
        entry("HV-2", "2022-12-15", "Health Visiting", "home-visit", "Z seen."),
    ]))
    (period,) = [p for p in result.patterns["child_not_seen"] if p["from"] == "2022-09-02"]
    return result, period


def test_a_low_attendance_figure_is_quoted_and_does_not_count_as_seeing_the_child(year):
    result, period = _autumn(year, entry("SCH-1", "2022-11-30", "School", "other",
                                         "Attendance 45% this term; letter to parents."))
    assert period["to"] == "2022-12-15" and period["could_not_tell"] == []
    assert period["attendance"] == ["School 45% (1 September 2022 to 30 November 2022)"]
    assert "Attendance recorded for the time: School 45% (1 September 2022 to 30 November 2022)." in \
        statements(result, "child-not-seen")[-1].text


def test_a_school_that_records_the_child_absent_can_tell_and_is_not_named(year):
    result, period = _autumn(year, entry("SCH-1", "2022-09-20", "School", "other",
                                         "Z absent all week; no call from mother."))
    assert period["could_not_tell"] == [] and "cannot tell" not in statements(result, "child-not-seen")[-1].text


@pytest.mark.parametrize("written", ["92%", "0.92"])      # 0.92: an Excel cell formatted as a percentage
@pytest.mark.slow
def test_an_attendance_column_with_an_end_date_covers_those_days_only(year, written):
    result = analyse(year, chronology([
        entry("HV-1", "2022-08-30", "Health Visiting", "home-visit", "Z seen."),
        entry("SCH-1", "2022-09-05", "School", "other", "Attendance return.", attendance=written, end_date="2022-10-20"),
        entry("HV-2", "2022-12-01", "Health Visiting", "home-visit", "Z seen."),
    ]))
    periods = _periods(result.patterns["child_not_seen"])
    assert ("2022-10-20", "2022-12-01", 42) in periods and not any(f <= "2022-10-01" <= t for f, t, _ in periods)


def test_seen_and_seen_alone_are_counted_apart(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-02-01", CSC, "home-visit", "Z seen alone in her room."),
        entry("HV-1", "2022-03-01", "Health Visiting", "home-visit", "Z and mum seen."),
        entry("SCH-1", "2022-03-08", "School", "other", "Z quiet in class."),
    ]))
    counts = result.patterns["child_seen"]
    assert (counts["seen"]["count"], counts["seen-alone"]["count"]) == (2, 1)
    (said,) = statements(result, "child-seen")
    assert said.text.startswith("Agencies recorded seeing the child in 3 entries, 1 of them alone") and \
        said.entry_ids == ["CSC-1"]
    assert result.child_seen_table()["seen"].tolist() == ["seen-alone", "seen", "seen"]
