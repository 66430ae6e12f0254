"""The intake templates agencies fill in (``reviewbench templates DIR``): one pair per agency."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from conftest import make_review
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.intake.blank_templates import HEADINGS, template_paths, write_intake_templates
from reviewbench.intake.template_text import agency_in_mark
from reviewbench.vocabulary import builtin_event_kind_labels, header_synonyms, normalise_heading

EXPECTED_HEADINGS = [
    "Date", "Time", "End date", "Event type", "Details of contact", "Action taken",
    "Practitioner role", "Source of information", "Other agencies involved", "Child seen",
    "Seen alone", "Who was present", "Meeting attendance",
]


# The templates are written once per worker (templated_review, in conftest.py); a test that changes
# them works on its own copy (templates_copy).

@pytest.fixture()
def written(templates_copy):
    return load_review(templates_copy)


@pytest.fixture()
def police(templated_review):
    return template_paths(load_review(templated_review))["Police"]


@pytest.fixture()
def own_police(written):
    return template_paths(written)["Police"]


@pytest.mark.slow   # writes every agency's Word and Excel template itself
def test_each_agency_gets_an_xlsx_and_a_docx_named_after_it(tmp_path):
    review = load_review(make_review(tmp_path / "review"))
    files = write_intake_templates(review)
    names = sorted(p.name for p in files.written)
    assert len(names) == 2 * len(review.agencies) and files.kept == []
    assert {"police_chronology.xlsx", "police_chronology.docx", "children-s-social-care_chronology.xlsx",
            "health-visiting_chronology.docx", "gp_chronology.xlsx"} <= set(names)
    assert all(p.parent == review.root / "intake" and p.is_file() for p in files.written)


@pytest.mark.slow
def test_the_agency_is_visible_and_marked_in_both_documents(police):
    xlsx, docx_path = police
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    assert (ws["A1"].value, ws["B1"].value) == ("Agency:", "Police")
    assert agency_in_mark(openpyxl.load_workbook(xlsx).properties.identifier) == "Police"
    document = docx.Document(str(docx_path))
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Agency:", "Police"]
    assert agency_in_mark(document.core_properties.identifier) == "Police"


def test_every_heading_is_a_known_synonym_so_a_filled_template_reads_back():
    synonyms = header_synonyms()
    keys = [synonyms.get(normalise_heading(h)) for h in HEADINGS]
    assert None not in keys
    assert keys == ["date", "time", "end_date", "event_type", "description", "outcome",
                    "practitioner_role", "source", "with", "child_seen", "seen_alone", "present", "meeting_attendance"]


@pytest.mark.slow
def test_xlsx_has_bold_frozen_header_with_the_headings(police):
    xlsx, _ = police
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    assert [c.value for c in ws[3]] == EXPECTED_HEADINGS
    assert all(c.font.bold for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["B"].width


def _validations(ws):
    return list(ws.data_validations.dataValidation)


@pytest.mark.slow
def test_xlsx_date_columns_validate_dates_and_show_day_first(police):
    xlsx, _ = police
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    dates = [dv for dv in _validations(ws) if dv.type == "date"]
    assert len(dates) == 1
    ranges = {str(r) for r in dates[0].sqref.ranges}
    assert ranges == {"A4:A2003", "C4:C2003"}
    assert "dd/mm/yyyy" in dates[0].error
    assert ws["A4"].number_format == "dd/mm/yyyy"
    assert ws["C2003"].number_format == "dd/mm/yyyy"


def test_xlsx_event_type_drop_down_references_the_event_kind_labels(police):
    xlsx, _ = police
    wb = openpyxl.load_workbook(xlsx)
    lists = wb["Lists"]
    assert lists.sheet_state == "hidden"
    labels = builtin_event_kind_labels()
    assert [lists.cell(row=i, column=1).value for i in range(1, len(labels) + 1)] == labels
    [event_type] = [dv for dv in _validations(wb["Chronology"])
                    if dv.type == "list" and "Lists" in (dv.formula1 or "")]
    assert event_type.formula1 == f"'Lists'!$A$1:$A${len(labels)}"
    assert {str(r) for r in event_type.sqref.ranges} == {"D4:D2003"}


def test_xlsx_child_seen_and_seen_alone_are_yes_no_not_recorded_drop_downs(police):
    xlsx, _ = police
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    choices = [dv for dv in _validations(ws) if dv.formula1 == '"Yes,No,Not recorded"']
    assert sorted(str(r) for dv in choices for r in dv.sqref.ranges) == ["J4:J2003", "K4:K2003"]
    assert {dv.errorStyle for dv in choices} == {"warning"}     # a Y or N typed by hand is accepted, read the same


def test_xlsx_meeting_attendance_offers_the_three_ways_of_taking_part(police):
    xlsx, _ = police
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    [meeting] = [dv for dv in _validations(ws) if "report only" in (dv.formula1 or "")]
    assert meeting.formula1 == '"Attended,Sent a report only,Invited - did not attend"'
    assert {str(r) for r in meeting.sqref.ranges} == {"M4:M2003"}


def test_xlsx_has_plain_english_instructions_sheet(police):
    xlsx, _ = police
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Chronology"
    text = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value).lower()
    for phrase in ("one row", "facts, not opinion", "dd/mm/yyyy", "sw1", "action taken",
                   "source of information", "do not merge cells", "above the heading row"):
        assert phrase in text


def test_docx_has_cover_table_then_chronology_table_with_repeating_header(police):
    _, path = police
    doc = docx.Document(str(path))
    assert len(doc.tables) == 2
    cover, chronology = doc.tables
    assert [row.cells[0].text for row in cover.rows] == ["Agency:", "Author role:", "Period covered:"]
    assert [c.text for c in chronology.rows[0].cells] == EXPECTED_HEADINGS
    flag = chronology.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    assert len(chronology.rows) > 1


def test_docx_is_landscape(police):
    _, path = police
    section = docx.Document(str(path)).sections[0]
    assert section.page_width > section.page_height


def test_refuses_to_overwrite_when_every_template_exists(written, own_police):
    review = written
    xlsx, _ = own_police
    xlsx.write_bytes(b"filled in by an agency")
    with pytest.raises(ReviewbenchError, match="already exists"):
        write_intake_templates(review)
    assert xlsx.read_bytes() == b"filled in by an agency"


@pytest.mark.slow
def test_an_agency_added_later_gets_its_templates_and_the_others_are_kept(templates_copy, capsys):
    folder = templates_copy
    police_xlsx = folder / "intake" / "police_chronology.xlsx"
    police_xlsx.write_bytes(b"filled in by an agency")
    config = (folder / "review.yaml").read_text(encoding="utf-8")
    (folder / "review.yaml").write_text(config.replace("agencies:\n", "agencies:\n- name: Ambulance Service\n"),
                                        encoding="utf-8")
    capsys.readouterr()
    assert main(["templates", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Wrote" in out and "ambulance-service_chronology.xlsx" in out and "Kept" in out
    assert [line for line in out.splitlines() if line.startswith("Wrote")] == [
        f"Wrote {folder / 'intake' / name}" for name in
        ("ambulance-service_chronology.xlsx", "ambulance-service_chronology.docx")]
    assert police_xlsx.read_bytes() == b"filled in by an agency"


@pytest.mark.slow   # writes every agency's Word and Excel template again
def test_overwrite_replaces_the_templates_when_asked(written, own_police):
    review = written
    xlsx, _ = own_police
    xlsx.write_bytes(b"stale")
    write_intake_templates(review, overwrite=True)
    assert openpyxl.load_workbook(xlsx)["Chronology"]["B1"].value == "Police"


def test_templates_needs_a_review_folder(tmp_path, capsys):
    assert main(["templates", str(tmp_path)]) == 1
    assert "review.yaml" in capsys.readouterr().err
    assert not (tmp_path / "intake").exists()


def test_two_agencies_that_would_share_a_file_name_are_refused(tmp_path):
    folder = make_review(tmp_path / "review", agencies=[{"name": "Health Visiting", "code": "HV"},
                                                        {"name": "Health-visiting", "code": "HV2"}])
    assert main(["templates", str(folder)]) == 1      # refused here, or already by review.yaml's own checks
    assert not (folder / "intake").exists()
