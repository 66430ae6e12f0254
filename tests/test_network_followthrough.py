"""Referral follow-through: answered within N days, or listed as unanswered."""

from __future__ import annotations

import json

import pytest

from network_support import chronology, entry, make_review, statements
from reviewbench.network import analyse, write_network

CSC = "Children's Social Care"


def status(result) -> dict[str, str]:
    return dict(zip(result.followthrough["entry_id"], result.followthrough["status"]))


@pytest.fixture
def review(tmp_path):
    return make_review(tmp_path / "review")


def test_referral_answered_by_a_referral_received_within_seven_days(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-03-08", CSC, "referral-received", "Contact screened by the duty team."),
    ]))
    row = result.followthrough.iloc[0]
    assert (row["status"], row["answered_by"], row["days_to_answer"], row["how"]) == \
        ("answered", "CSC-1", 7, "referral received")


def test_referral_answered_when_the_recipient_names_the_referrer(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-03-01", "Health Visiting", "notification", "Concerns shared with the GP."),
        entry("GP-1", "2022-03-04", "GP", "appointment", "Mother seen; HV concerns discussed."),
    ]))
    assert status(result) == {"HV-1": "answered"}
    assert result.followthrough.iloc[0]["how"] == "names Health Visiting"


def test_referral_answered_through_the_same_joint_event(review):
    result = analyse(review, chronology([
        entry("POL-1", "2022-03-01", "Police", "referral", "Referral to CSC at the strategy discussion.", joint="J1"),
        entry("CSC-1", "2022-03-01", CSC, "strategy-discussion", "Strategy discussion.", joint="J1"),
    ]))
    answered = result.followthrough[result.followthrough["entry_id"] == "POL-1"].iloc[0]
    assert answered["status"] == "answered" and answered["answered_by"] == "CSC-1"


def test_referral_with_no_answer_within_seven_days_is_unanswered(review, tmp_path):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-03-09", CSC, "referral-received", "Referral received from school."),
        entry("CSC-0", "2022-02-27", CSC, "referral-received", "Referral received from Police."),
    ]))
    assert status(result) == {"SCH-1": "unanswered"}
    said = statements(result, "unanswered-referral")
    assert len(said) == 1 and said[0].entry_ids == ["SCH-1"]
    assert "School referred to Children's Social Care on 1 March 2022" in said[0].text
    write_network(result, tmp_path / "out", figures=False)
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    unanswered = metrics["referral_followthrough"]["unanswered"]
    assert [(u["entry_id"], u["date"], u["from_agency"], u["to_agency"]) for u in unanswered] == \
        [("SCH-1", "2022-03-01", "School", CSC)]
    assert metrics["referral_followthrough"]["referrals"] == 1


@pytest.mark.slow
def test_response_days_come_from_review_settings(tmp_path):
    rows = [entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
            entry("CSC-1", "2022-03-05", CSC, "referral-received", "Contact screened.")]
    strict = make_review(tmp_path / "strict", settings={"referral_response_days": 3})
    loose = make_review(tmp_path / "loose", settings={"referral_response_days": 4})
    assert status(analyse(strict, chronology(rows))) == {"SCH-1": "unanswered"}
    assert status(analyse(loose, chronology(rows))) == {"SCH-1": "answered"}
    assert analyse(strict, chronology(rows)).settings["referral_response_days"] == 3


def test_unanswered_referral_to_an_agency_without_entries_says_so(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to Housing."),
        entry("SCH-2", "2022-06-01", "School", "other", "Term ended."),
    ]))
    row = result.followthrough.iloc[0]
    assert row["status"] == "unanswered"
    assert "Housing recorded no entries" in row["note"]


def test_only_referrals_sent_by_the_recorder_are_followed_through(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2022-03-01", CSC, "referral-received", "Referral received from school."),
    ]))
    assert len(result.followthrough) == 0


def test_answer_after_the_end_of_a_time_slice_still_counts(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-31", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-04-02", CSC, "referral-received", "Contact screened."),
    ]), start="2022-03-01", end="2022-03-31")
    assert status(result) == {"SCH-1": "answered"}
    assert list(result.entries["entry_id"]) == ["SCH-1"]


def test_the_receivers_next_entry_answers_when_nothing_else_does(review):
    result = analyse(review, chronology([
        entry("HOSP-1", "2022-03-01", "Hospital", "other", "Discharged home.", outcome="Notification to the HV."),
        entry("HV-1", "2022-03-05", "Health Visiting", "home-visit", "New birth visit. Baby seen, feeding well."),
    ]))
    row = result.followthrough.iloc[0]
    assert (row["status"], row["answered_by"], row["how"]) == ("answered", "HV-1", "next entry of Health Visiting")


def test_the_next_entry_is_no_answer_when_it_answers_another_agencys_request(review):
    result = analyse(review, chronology([
        entry("POL-1", "2022-03-01", "Police", "other", "Encompass email to Oak Primary re DA incident."),
        entry("SCH-1", "2022-03-03", "School", "other", "Information request from MASH: attendance given."),
    ]))
    assert status(result) == {"POL-1": "unanswered"}


def test_a_late_answer_refers_back_to_the_referral(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-04-20", CSC, "assessment", "Visit. School staff spoken to about attendance."),
        entry("CSC-2", "2022-05-02", CSC, "assessment", "School referral of 01/03 found and screened."),
    ]))
    row = result.followthrough.iloc[0]
    assert (row["status"], row["late_answer"]) == ("unanswered", "CSC-2")
    assert "refers to the referral of 1 March 2022" in row["note"]


def test_a_record_that_the_message_was_never_read_answers_nothing_from_its_sender(review):
    result = analyse(review, chronology([
        entry("HV-1", "2022-03-01", "Health Visiting", "other", "Concern form emailed to the MASH inbox."),
        entry("SCH-1", "2022-03-02", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-03-04", CSC, "assessment",
              "School referral screened. HV email of 01/03 found in the inbox, unread."),
    ]))
    assert status(result) == {"HV-1": "unanswered", "SCH-1": "answered"}


def test_the_summary_says_how_many_answers_are_only_the_receivers_next_entry():
    """An answer taken from the receiving agency's next entry is an assumption: the summary counts it apart."""
    import pandas as pd

    from reviewbench.network.followthrough import NEXT_ENTRY_HOW
    from reviewbench.network.statements import followthrough_statements

    table = pd.DataFrame({"entry_id": ["POL-1", "SCH-1"], "status": ["answered", "answered"],
                          "how": ["referral received", f"{NEXT_ENTRY_HOW} Children's Social Care"]})
    [summary] = followthrough_statements(table, 7)
    assert "2 had a recorded answer within 7 days (1 of them only the receiving agency's next entry" in summary.text
    [read] = followthrough_statements(table.assign(how="referral received"), 7)
    assert "next entry" not in read.text
