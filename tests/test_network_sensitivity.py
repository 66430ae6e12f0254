"""Sensitivity: each threshold's finding counted at half, at and at double its setting (issue 12, item 6)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from network_support import chronology, entry, make_review
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.network import analyse, write_network
from reviewbench.network.sensitivity import SENSITIVITY_COLUMNS, THRESHOLDS

CSC = "Children's Social Care"


def row(result, setting: str) -> dict:
    found = [r for r in result.sensitivity if r["setting"] == setting]
    assert len(found) == 1, (setting, [r["setting"] for r in result.sensitivity])
    return found[0]


def counts(result, setting: str) -> tuple[int, int, int, int, int]:
    """(half, double, at half, at the setting, at double)."""
    r = row(result, setting)
    return r["half"], r["double"], r["at_half"], r["at_setting"], r["at_double"]


def test_contact_gaps_are_counted_at_half_and_double_gap_days(tmp_path):
    review = make_review(tmp_path / "r", scope=("2022-01-01", "2022-12-31"), settings={"gap_days": 30})
    days = ["2022-01-01", "2022-01-21", "2022-03-02", "2022-05-11", "2022-12-31"]   # gaps of 20, 40, 70, 234
    result = analyse(review, chronology([entry(f"HV-{i}", d, "Health Visiting", "home-visit", "Visit.")
                                         for i, d in enumerate(days)]))
    assert counts(result, "gap_days") == (15, 60, 4, 3, 2)
    assert row(result, "gap_days")["at_setting"] == len(result.patterns["contact_gaps"])
    assert row(result, "gap_days")["text"] == ("Periods over 30 days with no agency contact: 3; at 15 days: 4; "
                                               "at 60 days: 2.")
    assert row(result, "gap_days")["depends_on_setting"] is True


def test_unanswered_referrals_are_counted_at_half_and_double_the_response_days(tmp_path):
    review = make_review(tmp_path / "r", settings={"referral_response_days": 8})
    result = analyse(review, chronology([   # answered after 3, 6 and 12 days
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-03-04", CSC, "referral-received", "Referral received from school."),
        entry("GP-1", "2022-05-02", "GP", "referral", "Referred to MASH."),
        entry("CSC-2", "2022-05-08", CSC, "referral-received", "Referral received from the GP."),
        entry("POL-1", "2022-07-01", "Police", "referral", "Referred to MASH."),
        entry("CSC-3", "2022-07-13", CSC, "referral-received", "Referral received from police."),
    ]))
    assert counts(result, "referral_response_days") == (4, 16, 2, 1, 0)
    assert row(result, "referral_response_days")["at_setting"] == len(result.unanswered())
    assert result.settings["referral_response_days"] == 8                  # the analysis itself is unchanged
    assert row(result, "referral_response_days")["text"].startswith(
        "Referrals and notifications with no answer within 8 days: 1; at 4 days: 2; at 16 days: 0.")


def test_repeated_nfa_is_counted_at_half_and_double_the_repeat_count(tmp_path):
    review = make_review(tmp_path / "r", settings={"repeat_nfa_count": 2})
    rows = [entry(f"CSC-{i}", f"2022-0{i}-10", CSC, "referral-received", "Referral.", outcome="NFA")
            for i in range(1, 4)]
    rows.append(entry("POL-1", "2022-05-11", "Police", "police-incident", "Incident.", outcome="NFA"))
    result = analyse(review, chronology(rows))
    assert counts(result, "repeat_nfa_count") == (1, 4, 2, 1, 0)
    assert row(result, "repeat_nfa_count")["text"] == ("Agencies closing 2 or more referrals with no further action: "
                                                       "1; at 1 or more: 2; at 4 or more: 0.")


def test_missing_ties_are_counted_at_half_and_double_the_concern_window(tmp_path):
    review = make_review(tmp_path / "r", settings={"concern_window_days": 20})
    result = analyse(review, chronology([   # School and GP concerns 10 days apart; Housing and Police 40
        entry("SCH-1", "2022-03-01", "School", "other", "Bruise on the cheek; concern logged."),
        entry("GP-1", "2022-03-11", "GP", "appointment", "Concern about weight loss."),
        entry("HOU-1", "2022-07-01", "Housing", "home-visit", "Concern about neglect in the flat."),
        entry("POL-1", "2022-08-10", "Police", "police-incident", "Concern for the child's welfare."),
    ]))
    assert counts(result, "concern_window_days") == (10, 40, 1, 1, 2)
    assert row(result, "concern_window_days")["at_setting"] == len(result.network["expected_missing_ties"])
    assert row(result, "concern_window_days")["depends_on_setting"] is True


def test_the_child_unseen_is_counted_only_when_sightings_are_recorded(tmp_path):
    review = make_review(tmp_path / "r", scope=("2022-01-01", "2022-06-30"), settings={"child_not_seen_days": 40})
    seen = analyse(review, chronology([
        entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit.", seen="Y"),
        entry("HV-2", "2022-02-04", "Health Visiting", "home-visit", "Visit.", seen="Y"),     # 30 days
        entry("HV-3", "2022-04-05", "Health Visiting", "home-visit", "Visit.", seen="Y"),     # 60 days
        entry("HV-4", "2022-06-30", "Health Visiting", "home-visit", "Visit.", seen="Y"),     # 86 days
    ]))
    assert counts(seen, "child_not_seen_days") == (20, 80, 3, 2, 1)
    unrecorded = analyse(review, chronology([entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit.")]))
    assert "child_not_seen_days" not in {r["setting"] for r in unrecorded.sensitivity}


def test_date_conflicts_are_counted_at_half_and_double_the_conflict_window(tmp_path):
    review = make_review(tmp_path / "r", settings={"conflict_window_days": 2})
    result = analyse(review, chronology([   # one meeting on dates 2 days apart, another 3 days apart
        entry("CSC-1", "2022-03-01", CSC, "strategy-discussion", "Strategy discussion."),
        entry("POL-1", "2022-03-03", "Police", "strategy-discussion", "Strategy meeting."),
        entry("CSC-2", "2022-06-01", CSC, "strategy-discussion", "Strategy discussion."),
        entry("POL-2", "2022-06-04", "Police", "strategy-discussion", "Strategy meeting."),
    ]))
    assert counts(result, "conflict_window_days") == (1, 4, 0, 1, 2)
    assert row(result, "conflict_window_days")["text"] == ("Meetings recorded on dates up to 2 days apart (date "
                                                           "conflicts): 1; at 1 day: 0; at 4 days: 2.")


def test_half_never_goes_below_what_review_yaml_accepts(tmp_path):
    review = make_review(tmp_path / "r", settings={"gap_days": 1, "repeat_nfa_count": 1,
                                                   "referral_response_days": 0, "conflict_window_days": 1})
    result = analyse(review, chronology([entry("HV-1", "2022-01-05", "Health Visiting", "home-visit", "Visit.")]))
    assert counts(result, "gap_days")[:2] == (1, 2)
    assert counts(result, "repeat_nfa_count")[:2] == (1, 2)
    assert counts(result, "referral_response_days")[:2] == (0, 0)
    assert counts(result, "conflict_window_days")[:2] == (1, 2)


def test_an_unchanged_count_does_not_depend_on_the_setting(tmp_path):
    review = make_review(tmp_path / "r", scope=("2022-01-01", "2022-03-31"), settings={"gap_days": 20})
    result = analyse(review, chronology([entry(f"HV-{d}", f"2022-{d}", "Health Visiting", "home-visit", "Visit.")
                                         for d in ("01-01", "01-11", "01-21", "01-31", "02-10", "02-20", "03-02",
                                                   "03-12", "03-22", "03-31")]))
    assert counts(result, "gap_days") == (10, 40, 0, 0, 0)
    assert row(result, "gap_days")["depends_on_setting"] is False


def test_sensitivity_is_written_to_its_csv_and_to_metrics_json(tmp_path):
    review = make_review(tmp_path / "r", settings={"gap_days": 30})
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-06-08", CSC, "referral-received", "Referral received from school.", outcome="NFA"),
    ]))
    write_network(result, tmp_path / "out", figures=False)
    table = pd.read_csv(tmp_path / "out" / "sensitivity.csv", keep_default_na=False)
    assert tuple(table.columns) == SENSITIVITY_COLUMNS
    assert table["setting"].tolist() == [t.setting for t in THRESHOLDS if t.setting != "child_not_seen_days"]
    assert table.set_index("setting").loc["gap_days", "at_setting"] == len(result.patterns["contact_gaps"])
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["sensitivity"] == table.to_dict("records")
    assert metrics["settings"]["conflict_window_days"] == 2


@pytest.mark.slow
def test_on_the_example_the_conflicts_at_the_setting_are_those_of_the_ingest(built_example):
    review = load_review(built_example)
    result = analyse(review, read_chronology(built_example / "build" / "chronology.csv"))
    report = json.loads((built_example / "build" / "ingest_report.json").read_text(encoding="utf-8"))
    assert row(result, "conflict_window_days")["at_setting"] == len(report["conflicts"])
    assert row(result, "repeat_nfa_count")["at_setting"] == len(result.patterns["repeated_nfa"])
    assert row(result, "child_not_seen_days")["at_setting"] == len(result.patterns["child_not_seen"])
    assert {r["setting"] for r in result.sensitivity} == {t.setting for t in THRESHOLDS}


# What each setting's prompts count in a full analysis (the counters share the main run's work).
FULL_COUNT = {
    "gap_days": lambda a: len(a.patterns["contact_gaps"]),
    "child_not_seen_days": lambda a: len(a.patterns["child_not_seen"]),
    "concern_window_days": lambda a: len(a.network["expected_missing_ties"]),
    "referral_response_days": lambda a: len(a.unanswered()),
    "repeat_nfa_count": lambda a: len(a.patterns["repeated_nfa"]),
}


@pytest.mark.slow
def test_counts_at_half_and_double_are_what_an_analysis_at_that_setting_finds(built_example):
    review = load_review(built_example)
    frame = read_chronology(built_example / "build" / "chronology.csv")
    result = analyse(review, frame)
    checked = set()
    for r in result.sensitivity:
        if r["setting"] not in FULL_COUNT:
            continue
        for value, counted in ((r["half"], r["at_half"]), (r["double"], r["at_double"])):
            settings = review.settings.model_copy(update={r["setting"]: value})
            rerun = analyse(review.model_copy(update={"settings": settings}), frame)
            assert FULL_COUNT[r["setting"]](rerun) == counted, (r["setting"], value)
        checked.add(r["setting"])
    assert checked == set(FULL_COUNT)      # the example has a count for every one of them
