"""The bundled example (Child T) read as a lead reviewer would: no silence claimed where the school
recorded attendance, and no conference "joint with the GP" who only sent a report (issue 12)."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pandas as pd
import pytest

from conftest import EXAMPLE
from reviewbench.cli import main

pytestmark = pytest.mark.slow      # two ingests and two graphs of the example
SCHOOL = "agency_reports/school_brookfield_chronology.xlsx"


def _built(folder) -> tuple[dict, dict]:
    assert main(["ingest", str(folder)]) == 0 and main(["graph", str(folder)]) == 0
    metrics = json.loads((folder / "build" / "network" / "metrics.json").read_text(encoding="utf-8"))
    report = json.loads((folder / "build" / "ingest_report.json").read_text(encoding="utf-8"))
    return metrics, report


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ex") / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    return folder, *_built(folder)


def _spans(found: list[dict], day: str) -> list[dict]:
    return [p for p in found if p["from"] < day < p["to"]]


def test_no_silence_is_claimed_across_the_autumn_term_the_school_recorded_attendance_for(example):
    _, metrics, _ = example
    patterns = metrics["patterns"]
    assert _spans(patterns["child_not_seen"], "2022-10-01") == []
    assert _spans(patterns["contact_gaps"], "2022-10-01") == []
    texts = [s["text"] for s in metrics["statements"]]
    assert not [t for t in texts if "105 days" in t or "95 days" in t]
    (summer,) = _spans(patterns["child_not_seen"], "2022-08-15")        # the holiday is still a fact
    assert (summer["from"], summer["to"], summer["could_not_tell"]) == ("2022-08-02", "2022-09-01", [])
    autumn = [a for a in patterns["attendance"] if a["from"] == "2022-09-01"]
    assert [(a["to"], a["percent"], a["most_days"]) for a in autumn] == [("2022-10-21", 96.0, True)]


def test_the_months_t_was_out_of_school_and_unseen_are_still_reported(example):
    _, metrics, _ = example
    (spring,) = _spans(metrics["patterns"]["child_not_seen"], "2023-03-01")
    assert (spring["from"], spring["to"]) == ("2023-01-31", "2023-06-18")
    assert spring["could_not_tell"] == []           # the school recorded T absent: its records did tell


def test_the_conferences_are_not_joint_with_the_gp_who_sent_reports(example):
    folder, _, report = example
    icpc = next(e for e in report["joint_events"] if e["joint_event_id"] == "J-2022-12-08-child-protection-conference")
    assert icpc["attendance"]["GP"] == "report-only" and icpc["attendance"]["Police"] == "attended"
    interactions = pd.read_csv(folder / "build" / "network" / "interactions.csv", dtype=str, keep_default_na=False)
    conference = interactions[interactions["date"].isin(["2022-12-08", "2023-03-07"])]
    with_gp = conference[(conference["from_agency"] == "GP") | (conference["to_agency"] == "GP")]
    assert len(with_gp) and set(with_gp["kind"]) == {"information-shared"}
    assert set(zip(with_gp["from_agency"], with_gp["to_agency"])) == {("GP", "Children's Social Care")}
    meetings = pd.read_csv(folder / "build" / "network" / "meetings.csv", dtype=str, keep_default_na=False)
    assert set(meetings.loc[meetings["agency"] == "GP", "attendance"]) == {"report-only"}


def test_without_the_attendance_figure_the_prompt_says_the_schools_log_cannot_tell(tmp_path):
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    workbook = openpyxl.load_workbook(folder / SCHOOL)
    sheet = workbook["Safeguarding log"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if "attendance 96%" in str(sheet.cell(r, 3).value)]
    sheet.delete_rows(row)
    workbook.save(folder / SCHOOL)
    metrics, _ = _built(folder)
    (autumn,) = _spans(metrics["patterns"]["child_not_seen"], "2022-10-01")
    assert (autumn["from"], autumn["to"], autumn["could_not_tell"]) == ("2022-08-02", "2022-11-15", ["School"])
    said = next(s["text"] for s in metrics["statements"] if s["text"].startswith("Nobody recorded seeing the child "
                                                                                 "for 105 days"))
    assert "School's records cannot tell whether it saw the child then (its log records concerns, not " \
           "attendance)" in said
