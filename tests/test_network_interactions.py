"""Who each entry involves, which way, and as what kind of interaction."""

from __future__ import annotations

import pytest

from network_support import chronology, entry, make_review, pairs
from reviewbench.errors import ReviewConfigError
from reviewbench.network import analyse

CSC = "Children's Social Care"


@pytest.fixture
def review(tmp_path):
    return make_review(tmp_path / "review")


def test_referral_made_points_from_the_recording_agency_to_the_one_named(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-02-01", "School", "referral", "Bruise on arm. Referred to MASH."),
    ]))
    assert pairs(result) == {("School", CSC, "referral")}
    row = result.interactions.iloc[0]
    assert row["entry_id"] == "SCH-1" and row["date"] == "2022-02-01"
    assert row["evidence"] == "text: Referred to MASH"


def test_referral_received_points_from_the_agency_named_to_the_recorder(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-02-02", CSC, "referral-received", "Referral received from the school about a bruise."),
        entry("CSC-2", "2022-02-03", CSC, "telephone-contact", "Call from Police about the incident."),
        entry("CSC-3", "2022-02-04", CSC, "referral-received", "Contact received from the GP.",
              outcome="Checks requested from HV."),
        entry("CSC-4", "2022-02-05", CSC, "information-request", "Request from Police for records."),
    ]))
    assert pairs(result) == {("School", CSC, "referral"), ("Police", CSC, "contact"), ("GP", CSC, "referral"),
                             (CSC, "Health Visiting", "information-requested"),
                             ("Police", CSC, "information-requested")}


def test_a_cue_carries_over_to_agencies_listed_with_and(review):
    result = analyse(review, chronology([
        entry("POL-1", "2022-03-01", "Police", "referral", "Domestic incident. Referred to CSC and the GP."),
        entry("CSC-1", "2022-03-02", CSC, "referral-received", "Referral received from Police and Oak Primary."),
    ]))
    assert pairs(result) == {("Police", CSC, "referral"), ("Police", "GP", "referral"),
                             ("Police", CSC, "referral"), ("School", CSC, "referral")}


def test_information_requested_goes_to_the_agency_asked(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-03-01", CSC, "information-request", "Checks requested from the GP and Police."),
    ]))
    assert pairs(result) == {(CSC, "GP", "information-requested"), (CSC, "Police", "information-requested")}


def test_joint_meeting_connects_every_agency_that_reported_it(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-04-01", CSC, "strategy-discussion", "Strategy discussion.", joint="J1"),
        entry("POL-1", "2022-04-01", "Police", "strategy-discussion", "Strategy meeting.", joint="J1"),
        entry("HV-1", "2022-04-01", "Health Visiting", "strategy-discussion", "Attended strategy.", joint="J1"),
    ]))
    found = pairs(result)
    agencies = {CSC, "Police", "Health Visiting"}
    assert found == {(a, b, "joint-meeting") for a in agencies for b in agencies if a != b}
    assert set(result.interactions["via"]) == {"joint"}


def test_with_column_and_mentions_become_counterparts(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-05-01", "Health Visiting", "home-visit", "Visit with the social worker.", with_=CSC),
        entry("HV-2", "2022-05-03", "Health Visiting", "appointment", "Mother says the surgery changed her meds."),
    ]))
    assert pairs(result) == {("Health Visiting", CSC, "contact"), ("Health Visiting", "GP", "contact")}
    assert list(result.interactions["via"]) == ["with", "mention"]


def test_aliases_match_whole_words_any_case_and_apostrophes(review):
    result = analyse(review, chronology([
        entry("POL-1", "2022-06-01", "Police", "notification", "PPN sent to childrens services; copied to hv."),
        entry("POL-2", "2022-06-02", "Police", "other", "Spoke to the CSCS team and the HVAC engineer."),
        entry("POL-3", "2022-06-03", "Police", "other", "Pre-school booster overdue."),
    ]))
    assert pairs(result) == {("Police", CSC, "notification"),                  # a PPN is a notification
                             ("Police", "Health Visiting", "notification")}    # and so is its copy


def test_the_recording_agency_naming_itself_is_no_interaction(review):
    result = analyse(review, chronology([
        entry("POL-1", "2022-06-01", "Police", "police-incident", "Police attended; PPU informed."),
    ]))
    assert len(result.interactions) == 0


def test_a_review_can_teach_its_own_cue(tmp_path):
    review = make_review(tmp_path / "review")
    (review.root / "interaction_rules.yaml").write_text(
        "cues:\n  - id: tasked-by\n    pattern: 'tasked by'\n    direction: incoming\n    kind: referral\n",
        encoding="utf-8")
    result = analyse(review, chronology([
        entry("HV-1", "2022-07-01", "Health Visiting", "home-visit", "Visit tasked by MASH."),
    ]))
    assert pairs(result) == {(CSC, "Health Visiting", "referral")}


def test_a_broken_rules_file_names_the_file(tmp_path):
    review = make_review(tmp_path / "review")
    (review.root / "interaction_rules.yaml").write_text("cues:\n  - id: x\n    pattern: '('\n    direction: incoming\n",
                                                        encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="interaction_rules.yaml"):
        analyse(review, chronology([entry("HV-1", "2022-07-01", "Health Visiting")]))
