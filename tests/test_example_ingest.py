"""The bundled example review ingests with every planted mess handled (see examples/child-t/README.md)."""

import hashlib
import json

import pytest

from reviewbench.chronology import read_chronology
from reviewbench.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from conftest import EXAMPLE
    folder = tmp_path_factory.mktemp("ex") / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    raw = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "agency_reports").iterdir()}
    assert main(["ingest", str(folder)]) == 0
    report = json.loads((folder / "build" / "ingest_report.json").read_text())
    return folder, raw, report, read_chronology(folder / "build" / "chronology.csv")


@pytest.mark.slow
def test_every_row_is_accounted_for(built):
    _, _, report, frame = built
    assert report["rows_read"] == 201
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]
    assert report["rows_accepted"] == len(frame) == 196
    assert frame["entry_id"].is_unique


@pytest.mark.slow
def test_raw_submissions_are_untouched(built):
    folder, raw, _, _ = built
    assert raw == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "agency_reports").iterdir()}


def test_planted_bad_rows_are_rejected_where_they_are(built):
    _, _, report, _ = built
    places = {(r["file"].split("/")[-1], r["location"]) for r in report["rejects"]}
    assert places == {
        ("csc_chronology.xlsx", "sheet '2022', row 5"),
        ("csc_chronology.xlsx", "sheet '2023', row 22"),
        ("school_brookfield_chronology.xlsx", "sheet 'Safeguarding log', row 10"),
        ("police_occurrences.csv", "line 14"),
        ("housing_anyshire_homes.csv", "line 10"),
    }


def test_every_agency_is_found_including_from_a_cover_table(built):
    _, _, report, frame = built
    agencies = {f["file"].split("/")[-1]: f["agency"] for f in report["files"]}
    assert agencies["submission_03.docx"] == "Health Visiting"        # cover table only
    assert agencies["export_2023-07-04.tsv"] == "Adult Mental Health"  # sources entry only
    assert frame["agency"].nunique() == 9


def test_joint_events_and_the_conference_date_conflict(built):
    _, _, report, frame = built
    strategy = frame[frame["joint_event_id"] == "J-2022-11-16-strategy-discussion"]
    assert sorted(strategy["agency"]) == ["Children's Social Care", "Health Visiting", "Police", "School"]
    (conflict,) = report["conflicts"]
    assert conflict["dates"] == ["2022-12-08", "2022-12-09"]
    assert conflict["agencies_by_date"]["2022-12-09"] == ["Health Visiting"]


def test_out_of_scope_and_partial_dates_are_kept_and_flagged(built):
    _, _, report, frame = built
    assert report["out_of_scope"]["count"] == 5
    assert (~frame["in_scope"]).sum() == 5
    assert set(frame.loc[frame["date_precision"] != "day", "date"]) == {"2022-03", "2022"}


def test_provenance_points_back_to_sheet_table_and_line(built):
    _, _, _, frame = built
    locations = frame["source_location"]
    assert locations.str.startswith("sheet '").any()
    assert locations.str.match(r"^table \d+, row \d+$").any()
    assert locations.str.match(r"^line \d+$").any()
