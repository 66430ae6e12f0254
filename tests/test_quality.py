"""Statutory timescales over bank holidays, the 18 quality markers as data, and build/quality.*."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from conftest import make_review
from reviewbench.config import Dates, load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.intake.ingest import ingest, write_ingest
from reviewbench.publication import check_review
from reviewbench.quality import (
    add_working_days,
    deadline,
    quality_markers,
    review_timescales,
    reviewer_assessments,
    timescale_rules,
)
from reviewbench.quality.evidence import CHECKS
from reviewbench.quality.timescales import assess

D = dt.date


def _rule(rule_id: str):
    return next(r for r in timescale_rules() if r.id == rule_id)


# -- working days and bank holidays -------------------------------------------------------------
@pytest.mark.parametrize("jurisdiction", ["england", "wales"])
def test_notification_due_on_fifth_working_day_after_christmas_bank_holidays(jurisdiction):
    # Aware Thursday 23 Dec 2021. Christmas and Boxing Day fell on a weekend: substitute bank
    # holidays Mon 27 and Tue 28 Dec; New Year's Day (Sat) gave Mon 3 Jan 2022.
    # Working days: Fri 24 (1), Wed 29 (2), Thu 30 (3), Fri 31 (4), Tue 4 Jan (5).
    item = assess(_rule("notification"), Dates(aware=D(2021, 12, 23)), jurisdiction)
    assert item.due == "2022-01-04"
    assert "27 December 2021" in item.detail and "3 January 2022" in item.detail
    assert add_working_days(D(2021, 12, 23), 15, jurisdiction) == D(2022, 1, 18)


@pytest.mark.parametrize("jurisdiction", ["england", "wales"])
def test_jubilee_bank_holidays_are_skipped(jurisdiction):
    # Aware Wed 1 June 2022; Thu 2 and Fri 3 June 2022 were bank holidays (Spring, Platinum Jubilee).
    assert add_working_days(D(2022, 6, 1), 5, jurisdiction) == D(2022, 6, 10)


def test_plain_weekend_counts_no_working_days():
    assert add_working_days(D(2023, 3, 3), 1) == D(2023, 3, 6)        # Friday -> Monday
    assert add_working_days(D(2023, 3, 4), 5) == D(2023, 3, 10)       # from a Saturday


def test_completion_is_six_calendar_months_with_month_ends_clamped():
    assert deadline(D(2022, 3, 15), 6, "months") == D(2022, 9, 15)
    assert deadline(D(2022, 8, 31), 6, "months") == D(2023, 2, 28)
    assert deadline(D(2023, 8, 31), 6, "months") == D(2024, 2, 29)
    assert deadline(D(2023, 1, 1), 10, "days") == D(2023, 1, 11)


# -- statuses against an explicit today ------------------------------------------------------------
def test_open_deadline_is_overdue_only_after_the_due_day_given_as_today():
    rule, dates = _rule("notification"), Dates(aware=D(2021, 12, 23))
    assert assess(rule, dates, today=D(2022, 1, 4)).status == "due"
    overdue = assess(rule, dates, today=D(2022, 1, 6))
    assert overdue.status == "overdue" and overdue.flagged
    assert "2 working days overdue" in overdue.detail
    assert assess(rule, dates).status == "open"          # no today: no judgement on open items


def test_actual_date_decides_met_or_late_whatever_today_is():
    rule = _rule("rapid_review")
    met = assess(rule, Dates(aware=D(2021, 12, 23), rapid_review=D(2022, 1, 18)), today=D(2030, 1, 1))
    late = assess(rule, Dates(aware=D(2021, 12, 23), rapid_review=D(2022, 1, 20)))
    assert (met.status, met.flagged) == ("met", False)
    assert (late.status, late.flagged) == ("late", True)
    assert "2 working days after the due date" in late.detail


def test_missing_from_date_gives_unknown_naming_the_key():
    item = assess(_rule("completion"), Dates(), today=D(2024, 1, 1))
    assert item.status == "unknown" and item.due is None
    assert "dates.decision" in item.detail


def test_target_after_due_date_is_noted():
    item = assess(_rule("completion"), Dates(decision=D(2022, 1, 10), target_completion=D(2022, 9, 1)))
    assert item.due == "2022-07-10"
    assert "target date" in item.detail


# -- review.yaml and the rules as data ---------------------------------------------------------------
def test_review_yaml_dates_and_jurisdiction_are_typed(tmp_path):
    folder = make_review(tmp_path / "r", jurisdiction="Wales",
                         dates={"aware": "2021-12-23", "decision": "2022-02-01"})
    review = load_review(folder)
    assert review.jurisdiction == "wales"
    assert review.dates.aware == D(2021, 12, 23) and review.dates.notification is None
    assert load_review(make_review(tmp_path / "e")).jurisdiction == "england"


@pytest.mark.parametrize("change, words", [
    ({"dates": {"aware": "2021-13-01"}}, ["dates.aware"]),
    ({"dates": {"awre": "2021-12-01"}}, ["unknown key 'dates.awre': did you mean 'aware'?"]),
    ({"jurisdiction": "scotland"}, ["jurisdiction", "england"]),
])
def test_bad_dates_name_their_key(tmp_path, change, words):
    with pytest.raises(ReviewConfigError) as err:
        load_review(make_review(tmp_path / "r", **change))
    for word in words:
        assert word in str(err.value)


def test_a_review_can_change_and_drop_rules(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23"})
    (folder / "timescales.yaml").write_text(yaml.safe_dump({"rules": [
        {"id": "notification", "amount": 3},
        {"id": "completion", "enabled": False},
        {"id": "panel_copy", "label": "Copy to the Panel", "from": "aware", "amount": 2, "unit": "days"},
    ]}), encoding="utf-8")
    items = {t.id: t for t in review_timescales(load_review(folder))}
    assert set(items) == {"notification", "rapid_review", "panel_copy"}
    assert items["notification"].due == "2021-12-30"
    assert items["panel_copy"].due == "2021-12-25"


def test_a_rule_naming_an_unknown_date_is_refused(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "timescales.yaml").write_text("rules:\n  - {id: notification, from: awareness}\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="awareness"):
        review_timescales(load_review(folder))


# -- the quality markers --------------------------------------------------------------------------
def test_the_eighteen_markers_are_data_in_scie_order():
    markers = quality_markers()
    assert [m.number for m in markers] == list(range(1, 19))
    assert markers[5].name == "Commissioning" and markers[12].name == "Analysis"
    assert [m.stage for m in markers].count("setup") == 5 and markers[-1].stage == "outputs"
    assert all(m.statement and m.prompts for m in markers)
    assert {e for m in markers for e in m.evidence} <= set(CHECKS)
    assert len({m.id for m in markers}) == 18


def test_reviewer_assessment_by_id_number_or_name(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "authored" / "quality.yaml").write_text(
        "13-analysis: {status: partly, evidence: Hindsight addressed in section 4.}\n"
        "17: {status: n/a, evidence: Not for publication.}\n"
        "Governance: met\n", encoding="utf-8")
    found = reviewer_assessments(load_review(folder))
    assert found["13-analysis"].status == "partly"
    assert found["17-publication"].status == "n/a"
    assert found["07-governance"].status == "met"


def test_reviewer_assessment_missing_file_means_not_assessed(tmp_path):
    assert reviewer_assessments(load_review(make_review(tmp_path / "r"))) is None


@pytest.mark.parametrize("text, words", [
    ("13-analyis: {status: met}\n", ["13-analyis", "13-analysis"]),
    ("13: {status: done}\n", ["13.status", "met, partly"]),
])
def test_reviewer_assessment_errors_name_the_key(tmp_path, text, words):
    folder = make_review(tmp_path / "r")
    (folder / "authored" / "quality.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReviewConfigError) as err:
        reviewer_assessments(load_review(folder))
    for word in words:
        assert word in str(err.value)


# -- check writes build/quality.json and quality.md ---------------------------------------------------
@pytest.fixture
def assessed_review(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23", "notification": "2022-01-05",
                                                "decision": "2022-02-01"})
    (folder / "agency_reports" / "police.csv").write_text(
        "Date;Details;Action taken\n10/05/2022;Strategy discussion with CSC;PPN submitted\n", encoding="utf-8")
    write_ingest(ingest(load_review(folder), progress=False))
    entry = (folder / "build" / "chronology.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    authored = folder / "authored"
    (authored / "findings.yaml").write_text(yaml.safe_dump({"findings": [
        {"id": "F1", "title": "Referrals were not followed up", "category": "tools", "evidence": [entry]},
        {"id": "F2", "title": "No evidence yet", "category": "management-systems"},
    ]}), encoding="utf-8")
    (authored / "recommendations.yaml").write_text(yaml.safe_dump({"recommendations": [
        {"id": "R1", "text": "Audit referrals", "owner": "Partnership", "due": "2023-03-31"},
    ]}), encoding="utf-8")
    (authored / "contributions").mkdir()
    (authored / "contributions" / "learning-event.md").write_text(
        "---\nkind: practitioner\nrole: Social worker\n---\nWith hindsight it is easy to see...\n",
        encoding="utf-8")
    (authored / "quality.yaml").write_text("5: {status: met, evidence: Terms of reference agreed.}\n", encoding="utf-8")
    (folder / "private" / "names.yaml").write_text("names:\n  Jane Example: Mother\n", encoding="utf-8")
    (folder / "build" / "report.html").write_text("<html><body><h1>Report</h1><p>Child T.</p></body></html>",
                                                  encoding="utf-8")
    return folder


def test_check_writes_quality_with_timescales_evidence_and_markers(assessed_review):
    result = check_review(assessed_review, today=D(2022, 1, 20))
    data = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))
    timescales = {t["id"]: t for t in data["timescales"]}
    assert data["as_of"] == "2022-01-20"
    assert timescales["notification"].items() >= {"due": "2022-01-04", "actual": "2022-01-05", "status": "late",
                                                  "flagged": True}.items()
    assert timescales["rapid_review"]["status"] == "overdue" and timescales["rapid_review"]["due"] == "2022-01-18"
    assert timescales["completion"].items() >= {"due": "2022-08-01", "status": "due", "flagged": False}.items()
    evidence = data["evidence"]
    assert evidence["scope_set"]["status"] == "met"
    assert evidence["submissions_received"]["status"] == "partly"          # 1 of 5 agencies
    assert "Children's Social Care" in evidence["submissions_received"]["detail"]
    assert evidence["practitioner_contributions"]["status"] == "met"
    assert evidence["family_contributions"]["status"] == "not-met"
    assert evidence["findings_linked"]["status"] == "partly" and "F2" in evidence["findings_linked"]["detail"]
    assert evidence["recommendations_owned"]["status"] == "met"
    assert evidence["hindsight_statement"]["status"] == "met"
    assert evidence["timescales_met"]["status"] == "not-met"
    assert evidence["publication_safe"]["status"] == "met"
    marker5 = next(m for m in data["markers"] if m["number"] == 5)
    assert marker5["reviewer"] == {"status": "met", "evidence": "Terms of reference agreed."}
    assert next(m for m in data["markers"] if m["number"] == 6)["reviewer"]["status"] == "not assessed"
    assert result.ok and [t["id"] for t in result.flagged_timescales] == ["notification", "rapid_review"]
    md = (assessed_review / "build" / "quality.md").read_text(encoding="utf-8")
    assert "**OVERDUE**" in md and "**LATE**" in md and "13. Analysis" in md
    assert any("Timescale OVERDUE" in line for line in result.lines())


def test_findings_citing_unknown_entries_are_not_linked(assessed_review):
    (assessed_review / "authored" / "findings.yaml").write_text(
        "findings:\n- {id: F1, title: T, category: tools, evidence: [CSC-00000000]}\n", encoding="utf-8")
    check_review(assessed_review, today=D(2022, 1, 20))
    data = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))
    assert data["evidence"]["findings_linked"]["status"] == "partly"
    assert "CSC-00000000" in data["evidence"]["findings_linked"]["detail"]


def test_authored_files_with_problems_make_their_checks_unknown_naming_the_problem(assessed_review):
    (assessed_review / "authored" / "findings.yaml").write_text(
        "findings:\n- {id: F1, title: T, category: no-such-category}\n", encoding="utf-8")
    check_review(assessed_review, today=D(2022, 1, 20))
    evidence = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))["evidence"]
    for key in ("findings_linked", "recommendations_owned", "practitioner_contributions"):
        assert evidence[key]["status"] == "unknown"
        assert "no-such-category" in evidence[key]["detail"]
    assert evidence["scope_set"]["status"] == "met"


def test_quality_json_is_the_same_for_the_same_as_of_day(assessed_review):
    check_review(assessed_review, today=D(2022, 1, 20))
    first = (assessed_review / "build" / "quality.json").read_bytes()
    check_review(assessed_review, today=D(2022, 1, 20))
    assert (assessed_review / "build" / "quality.json").read_bytes() == first
