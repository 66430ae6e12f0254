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
