"""Which entries hold a referral or notification expecting a response, and what interactions.csv says of them."""

from __future__ import annotations

import pandas as pd
import pytest

from network_support import chronology, entry, make_review
from reviewbench.errors import ReviewConfigError
from reviewbench.network import analyse, write_network

CSC = "Children's Social Care"
AGENCIES = [
    {"name": CSC, "aliases": ["CSC", "MASH", "EDT", "SW", "children's services"]},
    {"name": "Police", "aliases": ["police", "PPU"]},
    {"name": "School", "aliases": ["Oak Primary", "school"]},
    {"name": "GP", "aliases": ["surgery", "practice"]},
    {"name": "Health Visiting", "aliases": ["HV", "health visitor"]},
    {"name": "Early Help", "aliases": ["EH", "early help", "family hub"]},
    {"name": "Community Pharmacy", "aliases": ["pharmacy", "pharmacist"]},
]


@pytest.fixture
def review(tmp_path):
    return make_review(tmp_path / "review", agencies=AGENCIES, scope=("2023-01-01", "2023-12-31"))


def sent(result) -> set[tuple[str, str, str, str]]:
    """(entry, receiver, kind, rule) of each referral followed up."""
    table = result.followthrough
    return set(zip(table["entry_id"], table["to_agency"], table["kind"], table["rule"]))


def test_police_notifications_in_the_words_forces_use_go_to_the_mash(review):
    result = analyse(review, chronology([
        entry("POL-1", "2023-03-01", "Police", "", "DA incident, child present.", outcome="PPN raised for MASH."),
        entry("POL-2", "2023-03-02", "Police", "", "Public protection notice submitted to MASH."),
        entry("POL-3", "2023-03-03", "Police", "", "Found in London by the Met. MERLIN shared."),
        entry("POL-4", "2023-03-06", "Police", "", "Encompass email to Oak Primary re DA incident 04/03."),
    ]))
    assert sent(result) == {("POL-1", CSC, "notification", "ppn"), ("POL-2", CSC, "notification", "ppn"),
                            ("POL-3", CSC, "notification", "merlin"),
                            ("POL-4", "School", "notification", "operation-encompass")}


def test_a_message_is_a_notification_only_at_the_front_door_or_a_closed_case(review):
    result = analyse(review, chronology([
        entry("PH-1", "2023-03-01", "Community Pharmacy", "", "Insulin not collected. Rang the surgery."),
        entry("SCH-1", "2023-03-02", "School", "", "DSL emailed the SW about the holiday worries."),
        entry("SCH-2", "2023-03-03", "School", "", "DSL emailed SW (case closed) with concerns."),
        entry("SCH-3", "2023-03-04", "School", "", "DSL rang the MASH inbox: new bruise."),
        entry("SCH-4", "2023-03-05", "School", "", "DSL rang MASH TM to challenge the decision."),
        entry("HV-1", "2023-03-06", "Health Visiting", "", "Visit summary emailed to the MASH inbox."),
        entry("HV-2", "2023-03-07", "Health Visiting", "", "MASH request for health information. Reply sent to MASH."),
    ]))
    assert {(e, to) for e, to, _, _ in sent(result)} == {("PH-1", "GP"), ("SCH-2", CSC), ("SCH-3", CSC)}


def test_informed_is_a_notification_when_it_brings_news_not_when_it_passes_on_an_outcome(review):
    result = analyse(review, chronology([
        entry("HV-1", "2023-03-01", "Health Visiting", "", "Baby seen with a bruise. EDT notified."),
        entry("HV-2", "2023-03-02", "Health Visiting", "", "Visit done. SW informed by email."),
        entry("POL-2", "2023-03-02", "Police", "", "Investigation finalised. CSC PW3 informed by email."),
        entry("CSC-1", "2023-03-03", CSC, "", "Assessment completed.", outcome="EH informed - case to step up."),
        entry("POL-1", "2023-03-04", "Police", "", "CPS: no further action.", outcome="MASH informed of the outcome."),
        entry("SCH-1", "2023-03-05", "School", "", "Child upset in class. HV informed for awareness."),
    ]))
    assert {(e, to) for e, to, _, _ in sent(result)} == {("HV-1", CSC), ("CSC-1", "Early Help")}


def test_plans_history_suggestions_and_notes_are_not_referrals(review):
    result = analyse(review, chronology([
        entry("HV-1", "2023-04-10", "Health Visiting", "", "Discussed in supervision. Agreed referral to MASH."),
        entry("CSC-1", "2023-04-26", CSC, "", "Escalation reviewed. EH referral made 21/04."),
        entry("SCH-1", "2023-04-27", "School", "", "File (incl. PPN Jan 2022) sent to the HV by secure transfer."),
        entry("SCH-2", "2023-04-28", "School", "", "DSL rang MASH - TM suggested an EHA."),
        entry("CSC-2", "2023-04-28", CSC, "", "SW rang the HV to give the outcome and to advise an early help assessment."),
        entry("GP-1", "2023-04-29", "GP", "", "Mother says she was referred to the HV in 2019."),
        entry("SCH-3", "2023-04-30", "School", "", "Late again. DSL considering an early help request."),
    ]))
    assert sent(result) == set()


def test_a_referral_received_types_the_interaction_and_is_not_followed_up(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2023-05-02", CSC, "", "Police notification re missing episode 30/04.",
              event_type="Missing notification - open case"),
        entry("SCH-1", "2023-05-03", "School", "", "Encompass call received 08:15; child quiet.",
              event_type="Op Encompass received"),
    ]))
    assert sent(result) == set()
    table = result.interactions
    assert set(zip(table["entry_id"], table["from_agency"], table["to_agency"], table["kind"], table["rule"])) == {
        ("CSC-1", "Police", CSC, "notification", "notification"),
        ("SCH-1", "Police", "School", "notification", "operation-encompass")}


@pytest.mark.slow
def test_the_agency_sending_is_not_a_receiver_and_a_copy_keeps_the_form(review):
    result = analyse(review, chronology([
        entry("CSC-1", "2023-06-01", CSC, "", "Referral from Oak Primary DSL. School referral screened.",
              event_type="Contact - school referral"),
        entry("HOSP-1", "2023-06-02", "Police", "", "Not brought.", outcome="WNB letter to the surgery; copy to the HV."),
        entry("SCH-1", "2023-06-03", "School", "", "School nurse noted weight loss. Oak Primary referral to the HV."),
        entry("GP-1", "2023-06-04", "GP", "", "Mood no better.", outcome="Referral to the HV sent via e-RS."),
    ]))
    assert {(e, to) for e, to, _, _ in sent(result)} == {("HOSP-1", "GP"), ("HOSP-1", "Health Visiting"),
                                                          ("SCH-1", "Health Visiting"), ("GP-1", "Health Visiting")}


def test_interactions_csv_holds_every_referral_followed_up_with_its_rule_and_words(review, tmp_path):
    result = analyse(review, chronology([
        entry("POL-1", "2023-03-01", "Police", "", "DA incident.", outcome="PPN raised."),         # usual receiver
        entry("SCH-1", "2023-03-02", "School", "referral", "Bruise on arm. Referred to MASH."),
        entry("HV-1", "2023-03-03", "Health Visiting", "referral", "Plan: referral to MASH if no change."),
        entry("CSC-1", "2023-03-04", CSC, "", "Referral from Oak Primary screened.", outcome="RFS sent to early help."),
    ]))
    write_network(result, tmp_path / "out", figures=False)
    table = pd.read_csv(tmp_path / "out" / "interactions.csv", dtype=str, keep_default_na=False)
    follow = pd.read_csv(tmp_path / "out" / "followthrough.csv", dtype=str, keep_default_na=False)
    outgoing = table[(table["from_agency"] == table["recorded_by"]) & table["kind"].isin(["referral", "notification"])]
    assert set(zip(outgoing["entry_id"], outgoing["to_agency"], outgoing["kind"], outgoing["rule"])) == \
        set(zip(follow["entry_id"], follow["to_agency"], follow["kind"], follow["rule"])) == \
        {("POL-1", CSC, "notification", "ppn"), ("SCH-1", CSC, "referral", "referral"),
         ("CSC-1", "Early Help", "referral", "referral")}
    assert outgoing.set_index("entry_id").loc["SCH-1", "evidence"] == "text: Referred to MASH"
    planned = table[table["entry_id"] == "HV-1"].iloc[0]        # the plan is a mention, not a referral
    assert (planned["kind"], planned["rule"]) == ("contact", "not-a-referral")


def test_a_review_can_name_its_own_front_door(tmp_path):
    review = make_review(tmp_path / "review", agencies=AGENCIES, scope=("2023-01-01", "2023-12-31"))
    (review.root / "interaction_rules.yaml").write_text('referrals:\n  front_door: ["\\\\bhub\\\\b"]\n', encoding="utf-8")
    result = analyse(review, chronology([
        entry("SCH-1", "2023-03-02", "School", "", "DSL rang the family hub: no food at home."),
    ]))
    assert {(e, to) for e, to, _, _ in sent(result)} == {("SCH-1", "Early Help")}


def test_a_message_without_an_id_names_the_file(tmp_path):
    review = make_review(tmp_path / "review", agencies=AGENCIES)
    (review.root / "interaction_rules.yaml").write_text("referrals:\n  messages:\n    - {pattern: 'rang'}\n",
                                                        encoding="utf-8")
    with pytest.raises(ReviewConfigError, match=r"interaction_rules.yaml.*messages item 1"):
        analyse(review, chronology([entry("HV-1", "2022-07-01", "Health Visiting")]))
