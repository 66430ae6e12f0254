"""End to end: real XLSX, DOCX and CSV submissions in, the integrated chronology out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import make_review
from reviewbench.chronology import read_chronology
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.intake.ingest import ingest, write_ingest


def _csv_police(folder: Path) -> Path:
    path = folder / "agency_reports" / "occurrences.csv"
    path.write_text(
        "Occurrence Date;Summary;Action Taken;Officer\n"
        "10/05/2022 09:30;Strategy discussion with CSC and HV;PPN submitted;DS1\n"
        "\"11/05/2022\";\"Call to address.\nMother said all fine.\";No further action;PC1\n"
        "TBC;Note typed in the table;;\n",
        encoding="utf-8-sig")
    return path


def _xlsx_csc(folder: Path) -> Path:
    path = folder / "agency_reports" / "csc_chronology.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws.append(["Children's Social Care chronology - FICTIONAL"])
    ws.append([])
    ws.append(["Date", "Event type", "Details", "Outcome", "Significance"])
    ws.append([dt.datetime(2022, 5, 10), "Strategy discussion", "Held with police and HV", "S47 agreed", "key"])
    ws.append(["31/02/2022", "Home visit", "Impossible date", "", ""])
    ws.append([])
    ws.append(["3rd March 2022", "Home visit", "=Child seen", "", ""])
    ws["C7"].data_type = "s"          # typed text that merely looks like a formula
    wb.save(path)
    return path


def _docx_hv(folder: Path) -> Path:
    path = folder / "agency_reports" / "submission_03.docx"
    document = docx.Document()
    document.add_paragraph("FICTIONAL EXAMPLE")
    cover = document.add_table(rows=2, cols=2)
    cover.cell(0, 0).text, cover.cell(0, 1).text = "Agency", "Anyshire Health Visitor Service"
    cover.cell(1, 0).text, cover.cell(1, 1).text = "Author", "HV1"
    table = document.add_table(rows=4, cols=3)
    for row, values in enumerate([("Date", "Type of contact", "Details"),
                                  ("10.5.22", "Strategy meeting", "Attended by HV1"),
                                  ("Date", "Type of contact", "Details"),
                                  ("March 2022", "Clinic", "Weight check")]):
        for col, value in enumerate(values):
            table.cell(row, col).text = value
    table.cell(3, 2).add_paragraph("Second paragraph")
    document.save(path)
    return path


@pytest.fixture
def mixed_review(tmp_path):
    folder = make_review(tmp_path / "r", sources=[{
        "file": "agency_reports/occurrences.csv", "agency": "Police",
        "columns": {"date": "Occurrence Date", "description": "Summary", "outcome": "Action Taken"}}])
    _csv_police(folder)
    _xlsx_csc(folder)
    _docx_hv(folder)
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "agency_reports").iterdir()}


def test_mixed_formats_merge_into_one_accounted_chronology(mixed_review):
    before = _hashes(mixed_review)
    assert main(["ingest", str(mixed_review)]) == 0
    assert _hashes(mixed_review) == before, "raw submissions must never be modified"

    report = json.loads((mixed_review / "build" / "ingest_report.json").read_text())
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"] == 8
    assert report["rows_rejected"] == 2
    reasons = {r["location"]: r["reason"] for r in report["rejects"]}
    assert "no date" in reasons["line 5"] or "not a date" in reasons["line 5"]  # record 3 spans lines 3-4
    assert "not a real date" in reasons["sheet 'Chronology', row 5"]
    assert report["by_agency"]["Health Visiting"]["files"] == ["agency_reports/submission_03.docx"]

    frame = read_chronology(mixed_review / "build" / "chronology.csv")
    assert len(frame) == 6
    assert list(frame["date"]) == sorted(frame["date"])
    police = frame[frame["agency"] == "Police"].iloc[0]
    assert (police["date"], police["time"], police["source_location"]) == ("2022-05-10", "09:30", "line 2")
    assert frame[frame["description"].str.startswith("Call to")].iloc[0]["description"] == \
        "Call to address.\nMother said all fine."
    hv = frame[frame["agency"] == "Health Visiting"].set_index("date")
    assert hv.loc["2022-03", "description"] == "Weight check\nSecond paragraph"
    assert hv.loc["2022-03", "date_precision"] == "month"
    assert frame[frame["agency"] == "Children's Social Care"].iloc[-1]["other"] == "Significance: key"

    joint = frame[frame["joint_event_id"] != ""]
    assert sorted(joint["agency"]) == ["Children's Social Care", "Health Visiting", "Police"]
    assert joint["joint_event_id"].nunique() == 1


def test_excel_copy_is_filtered_frozen_coloured_and_formula_safe(mixed_review):
    result = ingest(load_review(mixed_review))
    write_ingest(result)
    ws = openpyxl.load_workbook(mixed_review / "build" / "chronology.xlsx").active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    formula_like = [row[header.index("What happened")] for row in ws.iter_rows(min_row=2)
                    if str(row[header.index("What happened")].value).startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    agency_cells = [row[header.index("Agency")] for row in ws.iter_rows(min_row=2)]
    assert len({c.fill.fgColor.rgb for c in agency_cells}) == 3


def test_same_input_gives_identical_outputs(mixed_review, tmp_path):
    assert main(["ingest", str(mixed_review)]) == 0
    first = {n: (mixed_review / "build" / n).read_bytes() for n in
             ("chronology.csv", "chronology.json", "ingest_report.json", "ingest_report.md")}
    assert main(["ingest", str(mixed_review)]) == 0
    for name, content in first.items():
        assert (mixed_review / "build" / name).read_bytes() == content, name


def test_strict_fails_when_rows_were_rejected(mixed_review, capsys):
    assert main(["ingest", str(mixed_review), "--strict"]) == 1
    assert "2 rows were rejected" in capsys.readouterr().err


@pytest.mark.parametrize("name, content, words", [
    ("police_broken.xlsx", b"PK\x03\x04 this zip was cut short", ["police_broken.xlsx", "damaged"]),
    ("police_locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ["police_locked.docx", "password"]),
    ("police_empty.csv", b"", ["police_empty.csv", "empty"]),
    ("police_real_excel.csv", None, ["police_real_excel.csv", ".xlsx"]),
    ("police_scan.pdf", b"%PDF-1.4", ["police_scan.pdf", ".docx"]),
    ("police_notes.csv", b"Name,Role\nA,B\n", ["police_notes.csv", "date column"]),
    ("mystery.csv", b"Date,Details\n01/02/2022,Visit\n", ["mystery.csv", "which agency", "sources"]),
])
def test_unusable_file_fails_the_ingest_with_a_clear_message(tmp_path, capsys, name, content, words):
    folder = make_review(tmp_path / "r")
    (folder / "agency_reports" / "csc.csv").write_text("Date,Details\n01/02/2022,Visit\n", encoding="utf-8")
    path = folder / "agency_reports" / name
    if content is None:
        _xlsx_csc(folder).rename(path)
    else:
        path.write_bytes(content)
    build = folder / "build"
    build.mkdir()
    (build / "chronology.csv").write_text("stale", encoding="utf-8")

    assert main(["ingest", str(folder)]) == 1
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "Traceback" not in err
    assert not (build / "chronology.csv").exists(), "a failed ingest must not leave a chronology that looks complete"
    report = json.loads((build / "ingest_report.json").read_text())
    assert report["status"] == "failed"


def test_excluded_file_is_skipped_and_listed(tmp_path):
    folder = make_review(tmp_path / "r", sources=[{"file": "agency_reports/police_locked.docx",
                                                    "exclude": True, "note": "awaiting re-send"}])
    (folder / "agency_reports" / "csc.csv").write_text("Date,Details\n01/02/2022,Visit\n", encoding="utf-8")
    (folder / "agency_reports" / "police_locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert main(["ingest", str(folder)]) == 0
    report = json.loads((folder / "build" / "ingest_report.json").read_text())
    statuses = {f["file"]: (f["status"], f["error"]) for f in report["files"]}
    assert statuses["agency_reports/police_locked.docx"] == ("excluded", "awaiting re-send")


def test_lock_files_are_ignored(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "agency_reports" / "csc.csv").write_text("Date,Details\n01/02/2022,Visit\n", encoding="utf-8")
    (folder / "agency_reports" / "~$csc.docx").write_bytes(b"owner file")
    assert main(["ingest", str(folder)]) == 0
    report = json.loads((folder / "build" / "ingest_report.json").read_text())
    assert report["ignored_files"] == ["agency_reports/~$csc.docx"]


def test_no_submissions_is_a_problem_not_a_crash(review_dir, capsys):
    assert main(["ingest", str(review_dir)]) == 1
    assert "no submissions" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest"])
    assert exit_info.value.code == 2


def test_new_scaffolds_a_valid_review_and_refuses_to_overwrite(tmp_path, capsys):
    folder = tmp_path / "child-x"
    assert main(["new", str(folder), "--methodology", "rca", "--title", "Child X"]) == 0
    review = load_review(folder)
    assert (review.title, review.methodology, review.id) == ("Child X", "rca", "child-x")
    for name in ("agency_reports", "authored", "private", "build"):
        assert (folder / name).is_dir()
    assert main(["new", str(folder), "--methodology", "rca"]) == 1
    assert "already holds a review" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "child-y"), "--methodology", "scie"]) == 1
    assert "Did you mean 'scie-learning-together'" in capsys.readouterr().err
    assert not (tmp_path / "child-y").exists()


def test_a_filled_blank_template_reads_back(templates_copy):
    folder = templates_copy                    # 'reviewbench templates' run on a new review (conftest)
    template = folder / "intake" / "health-visiting_chronology.xlsx"
    wb = openpyxl.load_workbook(template)
    ws = wb["Chronology"]
    headings = [c.value for c in ws[3]]
    row = {"Date": dt.datetime(2022, 4, 1), "Time": "2.30pm", "Event type": "Home visit",
           "Details of contact": "Child seen with mother", "Action taken": "None"}
    for col, heading in enumerate(headings, start=1):
        ws.cell(row=4, column=col, value=row.get(heading))
    wb.save(folder / "agency_reports" / "hv_chronology.xlsx")
    assert main(["ingest", str(folder)]) == 0
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert frame.iloc[0][["date", "time", "agency", "description", "event_kind"]].tolist() == [
        "2022-04-01", "14:30", "Health Visiting", "Child seen with mother", "home-visit"]


def _filled_template(folder, name: str, rows: list[dict], headings: list[str] | None = None) -> None:
    """The review's Health Visiting template filled with ``rows``; with ``headings``, only those
    columns are kept (a template sent out before the others were added)."""
    wb = openpyxl.load_workbook(folder / "intake" / "health-visiting_chronology.xlsx")
    ws = wb["Chronology"]
    written = [c.value for c in ws[3]]
    if headings is not None:
        for col in range(len(written), 0, -1):
            if written[col - 1] not in headings:
                ws.delete_cols(col)
        written = [c.value for c in ws[3]]
    for r, row in enumerate(rows, start=4):
        for col, heading in enumerate(written, start=1):
            ws.cell(row=r, column=col, value=row.get(heading))
    wb.save(folder / "agency_reports" / name)


OLD_TEMPLATE = ["Date", "Time", "End date", "Event type", "Details of contact", "Action taken", "Practitioner role",
                "Source of information", "Other agencies involved", "Child seen"]
VISIT = {"Date": dt.datetime(2022, 4, 1), "Event type": "Home visit", "Details of contact": "T seen with mother.",
         "Action taken": "None", "Child seen": "Y"}


@pytest.mark.slow
def test_a_template_sent_before_the_seen_and_meeting_columns_ingests_as_it_did(templates_copy):
    folder = templates_copy                    # 'reviewbench templates' run on a new review (conftest)
    _filled_template(folder, "hv_old.xlsx", [VISIT], OLD_TEMPLATE)
    assert main(["ingest", str(folder)]) == 0
    old = read_chronology(folder / "build" / "chronology.csv")
    (folder / "agency_reports" / "hv_old.xlsx").unlink()
    _filled_template(folder, "hv_new.xlsx", [VISIT])
    assert main(["ingest", str(folder)]) == 0
    new = read_chronology(folder / "build" / "chronology.csv")
    same = ["entry_id", "date", "agency", "description", "child_seen", "seen_alone", "present", "meeting_attendance",
            "other"]
    assert old[same].values.tolist() == new[same].values.tolist()
    assert old.iloc[0]["child_seen"] == "Y" and old.iloc[0]["other"] == ""


def test_the_seen_alone_present_and_meeting_columns_reach_the_chronology(templates_copy):
    folder = templates_copy                    # 'reviewbench templates' run on a new review (conftest)
    meeting = {"Date": dt.datetime(2022, 4, 8), "Event type": "Initial child protection conference",
               "Details of contact": "ICPC.", "Meeting attendance": "Sent a report only", "Child seen": "Not recorded"}
    _filled_template(folder, "hv.xlsx", [VISIT | {"Seen alone": "Yes", "Who was present": "Mother, T, Sibling 1"},
                                         meeting])
    assert main(["ingest", str(folder)]) == 0
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert frame[["seen_alone", "present", "meeting_attendance"]].values.tolist() == [
        ["Yes", "Mother, T, Sibling 1", ""], ["", "", "Sent a report only"]]


def test_a_word_chronology_split_into_a_headerless_second_table_is_read_whole(tmp_path):
    folder = make_review(tmp_path / "r")
    document = docx.Document()
    first = document.add_table(rows=2, cols=3)
    for col, value in enumerate(("Date", "Event", "Details")):
        first.cell(0, col).text = value
    for col, value in enumerate(("01/02/2022", "Visit", "Seen at home")):
        first.cell(1, col).text = value
    document.add_paragraph("(page break)")
    second = document.add_table(rows=1, cols=3)
    for col, value in enumerate(("03/02/2022", "Call", "Mother called")):
        second.cell(0, col).text = value
    sign_off = document.add_table(rows=1, cols=2)
    sign_off.cell(0, 0).text, sign_off.cell(0, 1).text = "Signed", "Head of service"
    document.save(folder / "agency_reports" / "gp_chronology.docx")

    result = ingest(load_review(folder))
    assert result.ok
    assert list(result.chronology["source_location"]) == ["table 1, row 2", "table 2, row 1"]
    assert any("continuation" in w for w in result.warnings)
    assert result.files[0].tables == ["table 1", "table 2"]
