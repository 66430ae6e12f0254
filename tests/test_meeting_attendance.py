"""Attended, sent a report only, or invited and did not attend: three different parts in a meeting,
in the joint events the ingest reports and in the exchanges the network draws. Fictional text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import make_review as write_review
from network_support import chronology, entry, make_review, pairs
from reviewbench.agency_records import agency_records
from reviewbench.chronology.attendance import MeetingReader
from reviewbench.cli import main
from reviewbench.network import analyse, write_network

CSC = "Children's Social Care"
LABELS = {"Children's Social Care": CSC, "CSC": CSC, "Police": "Police", "GP": "GP", "surgery": "GP",
          "Health Visiting": "Health Visiting", "HV": "Health Visiting", "Housing": "Housing", "School": "School",
          "Oak Primary": "School"}


@pytest.fixture(scope="module")
def reader():
    return MeetingReader(agency_records().meetings, LABELS, {CSC: frozenset({"child-protection-conference"})})


@pytest.mark.parametrize("agency, column, text, state", [
    ("GP", "", "ICPC: GP report submitted; GP1 unable to attend.", "report-only"),
    ("GP", "", "RCPC. Report sent, not attended.", "report-only"),
    ("Police", "", "ICPC invitation received in the generic inbox; PC unable to attend at short notice.",
     "invited-absent"),
    ("School", "", "ICPC attended by DSL1 (Teams).", "attended"),
    ("School", "Sent a report only", "ICPC.", "report-only"),        # the column decides first
    ("Health Visiting", "Invited - did not attend", "Core group.", "invited-absent"),
    ("GP", "", "ICPC.", ""),                                          # says nothing: whoever records it attended
])
def test_an_agency_says_how_it_took_part(reader, agency, column, text, state):
    assert reader.own(agency, column, text) == state


def test_what_the_convener_writes_of_the_others_is_read_and_not_taken_as_its_own(reader):
    text = ("ICPC. Attended: CSC, Police, HV1, Oak Primary; GP report received. Housing: invited - not attended. "
            "Father: invited - did not attend.")
    assert reader.mentioned(text, CSC) == {"Police": "attended", "Health Visiting": "attended", "School": "attended",
                                           "GP": "report-only", "Housing": "invited-absent"}
    assert reader.own(CSC, "", text, "child-protection-conference") == "attended"      # it convened the meeting
    assert reader.own(CSC, "", "Core group. Father: invited - did not attend.") == ""


def test_a_meeting_gathers_each_agencys_part_from_every_entry(reader):
    states = reader.meeting([
        (CSC, "", "ICPC. Attended: CSC, Police; GP report received.", "child-protection-conference"),
        ("GP", "", "ICPC: report submitted, unable to attend.", "child-protection-conference"),
        ("Police", "", "ICPC attended by DS1.", "child-protection-conference"),
    ])
    assert states == {CSC: "attended", "GP": "report-only", "Police": "attended"}


ROWS = [
    entry("CSC-1", "2022-12-08", CSC, "child-protection-conference",
          "ICPC. Attended: CSC, Police, HV; GP report received. Housing: invited - not attended.", joint="J-1"),
    entry("GP-1", "2022-12-08", "GP", "child-protection-conference", "ICPC: GP report submitted; unable to attend.",
          joint="J-1"),
    entry("POL-1", "2022-12-08", "Police", "child-protection-conference", "ICPC attended by DS1.", joint="J-1",
          with_="Children's Social Care; GP"),
    entry("HV-1", "2022-12-08", "Health Visiting", "child-protection-conference", "ICPC attended by HV1.",
          joint="J-1"),
]


@pytest.mark.slow
def test_a_report_sent_is_information_shared_with_the_convener_not_a_joint_meeting(tmp_path):
    result = analyse(make_review(tmp_path / "r"), chronology(ROWS))
    found = pairs(result)
    assert ("GP", CSC, "information-shared") in found
    assert not {p for p in found if "GP" in p[:2] and p[2] == "joint-meeting"}
    assert not {p for p in found if "GP" in p[:2] and CSC not in p[:2]}      # the police met no GP there
    assert not {p for p in found if "Housing" in p[:2]}                     # invited, did not come: no exchange
    assert {(CSC, "Police", "joint-meeting"), ("Police", CSC, "joint-meeting")} <= found
    evidence = result.interactions.loc[result.interactions["from_agency"] == "GP", "evidence"].tolist()
    assert evidence and all("GP sent a report only" in e for e in evidence)
    by_entry = dict(zip(result.entries["entry_id"], result.entries["_attendance"]))
    assert (by_entry["GP-1"], by_entry["POL-1"]) == ("report-only", "attended")     # drawn apart in the swimlane


def test_build_network_lists_each_agencys_part_in_each_meeting(tmp_path):
    result = analyse(make_review(tmp_path / "r"), chronology(ROWS))
    write_network(result, tmp_path / "out", figures=False)
    meetings = pd.read_csv(tmp_path / "out" / "meetings.csv", dtype=str, keep_default_na=False)
    assert list(meetings.columns) == ["meeting", "date", "event_kind", "agency", "attendance", "entry_ids"]
    assert dict(zip(meetings["agency"], meetings["attendance"])) == {
        CSC: "attended", "GP": "report-only", "Health Visiting": "attended", "Housing": "invited-absent",
        "Police": "attended"}
    assert set(meetings["entry_ids"]) == {"CSC-1; GP-1; HV-1; POL-1"}


def test_the_ingest_reports_who_attended_each_joint_event(tmp_path):
    folder = write_review(tmp_path / "r")
    reports = folder / "agency_reports"
    (reports / "csc_chronology.csv").write_text(
        "Date,Event type,Details\n08/12/2022,Initial child protection conference,"
        "\"ICPC. Attended: CSC, Police; GP report received.\"\n", encoding="utf-8")
    (reports / "gp_chronology.csv").write_text(
        "Date,Event type,Details,Meeting attendance\n08/12/2022,Initial child protection conference,ICPC.,"
        "Sent a report only\n", encoding="utf-8")
    (reports / "police_chronology.csv").write_text(
        "Date,Event type,Details\n08/12/2022,Initial child protection conference,ICPC attended by DS1.\n",
        encoding="utf-8")
    assert main(["ingest", str(folder)]) == 0
    report = json.loads((folder / "build" / "ingest_report.json").read_text(encoding="utf-8"))
    (event,) = report["joint_events"]
    assert event["agencies"] == [CSC, "GP", "Police"]          # who recorded it, as before
    assert event["attendance"] == {CSC: "attended", "GP": "report-only", "Police": "attended"}
    text = (folder / "build" / "ingest_report.md").read_text(encoding="utf-8")
    assert f"{CSC}, Police attended; GP sent a report only" in text
