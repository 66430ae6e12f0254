"""The blank intake templates agencies fill in (``reviewbench templates DIR``)."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from reviewbench.errors import ReviewbenchError
from reviewbench.intake.blank_templates import (
    DOCX_NAME,
    HEADINGS,
    XLSX_NAME,
    write_intake_templates,
)
from reviewbench.vocabulary import builtin_event_kind_labels, header_synonyms, normalise_heading

EXPECTED_HEADINGS = [
    "Date", "Time", "End date", "Event type", "Details of contact", "Action taken",
    "Practitioner role", "Source of information", "Other agencies involved", "Child seen",
]


@pytest.fixture()
def written(tmp_path):
    paths = write_intake_templates(tmp_path)
    return tmp_path, paths


def test_writes_both_templates_into_intake_folder(written):
    review, paths = written
    assert paths == [review / "intake" / XLSX_NAME, review / "intake" / DOCX_NAME]
    assert all(p.is_file() for p in paths)


def test_every_heading_is_a_known_synonym_so_a_filled_template_reads_back():
    synonyms = header_synonyms()
    keys = [synonyms.get(normalise_heading(h)) for h in HEADINGS]
    assert None not in keys
    assert keys == ["date", "time", "end_date", "event_type", "description", "outcome",
                    "practitioner_role", "source", "with", "child_seen"]


def test_xlsx_has_bold_frozen_header_with_the_headings(written):
    _, (xlsx, _) = written
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    assert [c.value for c in ws[1]] == EXPECTED_HEADINGS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["B"].width


def _validations(ws):
    return list(ws.data_validations.dataValidation)


def test_xlsx_date_columns_validate_dates_and_show_day_first(written):
    _, (xlsx, _) = written
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    dates = [dv for dv in _validations(ws) if dv.type == "date"]
    assert len(dates) == 1
    ranges = {str(r) for r in dates[0].sqref.ranges}
    assert ranges == {"A2:A2000", "C2:C2000"}
    assert "dd/mm/yyyy" in dates[0].error
    assert ws["A2"].number_format == "dd/mm/yyyy"
    assert ws["C2000"].number_format == "dd/mm/yyyy"


def test_xlsx_event_type_drop_down_references_the_event_kind_labels(written):
    _, (xlsx, _) = written
    wb = openpyxl.load_workbook(xlsx)
    lists = wb["Lists"]
    assert lists.sheet_state == "hidden"
    labels = builtin_event_kind_labels()
    assert [lists.cell(row=i, column=1).value for i in range(1, len(labels) + 1)] == labels
    [event_type] = [dv for dv in _validations(wb["Chronology"])
                    if dv.type == "list" and "Lists" in (dv.formula1 or "")]
    assert event_type.formula1 == f"'Lists'!$A$1:$A${len(labels)}"
    assert {str(r) for r in event_type.sqref.ranges} == {"D2:D2000"}


def test_xlsx_child_seen_is_a_yes_no_drop_down(written):
    _, (xlsx, _) = written
    ws = openpyxl.load_workbook(xlsx)["Chronology"]
    [seen] = [dv for dv in _validations(ws) if dv.formula1 == '"Y,N"']
    assert {str(r) for r in seen.sqref.ranges} == {"J2:J2000"}


def test_xlsx_has_plain_english_instructions_sheet(written):
    _, (xlsx, _) = written
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Chronology"
    text = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value).lower()
    for phrase in ("one row", "facts, not opinion", "dd/mm/yyyy", "sw1", "action taken",
                   "source of information", "do not merge cells", "above the heading row"):
        assert phrase in text


def test_docx_has_cover_table_then_chronology_table_with_repeating_header(written):
    _, (_, path) = written
    doc = docx.Document(str(path))
    assert len(doc.tables) == 2
    cover, chronology = doc.tables
    assert [row.cells[0].text for row in cover.rows] == ["Agency:", "Author role:", "Period covered:"]
    assert [c.text for c in chronology.rows[0].cells] == EXPECTED_HEADINGS
    flag = chronology.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    assert len(chronology.rows) > 1


def test_docx_is_landscape(written):
    _, (_, path) = written
    section = docx.Document(str(path)).sections[0]
    assert section.page_width > section.page_height


def test_refuses_to_overwrite_an_existing_template(written):
    review, (xlsx, _) = written
    xlsx.write_bytes(b"filled in by an agency")
    with pytest.raises(ReviewbenchError, match="already exists"):
        write_intake_templates(review)
    assert xlsx.read_bytes() == b"filled in by an agency"


def test_overwrite_replaces_the_templates_when_asked(written):
    review, (xlsx, _) = written
    xlsx.write_bytes(b"stale")
    write_intake_templates(review, overwrite=True)
    assert openpyxl.load_workbook(xlsx)["Chronology"]["A1"].value == "Date"
