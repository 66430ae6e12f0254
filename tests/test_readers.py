"""File readers: every format as agencies really send it, and every bad file they send.

Fixtures are built in tmp_path with openpyxl, python-docx or raw bytes, one behaviour each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl.chart import BarChart, Reference

from reviewbench.errors import IntakeFileError
from reviewbench.intake.readers import SUPPORTED_SUFFIXES, delimited, is_ignorable, read_document, xlsx
from reviewbench.intake.readers.docx import table_grid
from reviewbench.model import UnsavedFormula

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(path: Path):
    return read_document(path, f"agency_reports/{path.name}")


def rows(grid):
    return [(row.label, row.cells) for row in grid.rows]


def read_error(path: Path) -> IntakeFileError:
    with pytest.raises(IntakeFileError) as info:
        read(path)
    err = info.value
    assert err.file == f"agency_reports/{path.name}"
    assert f"agency_reports/{path.name}" in str(err)
    assert "Traceback" not in str(err)
    return err


# --------------------------------------------------------------------------- Excel

def save_workbook(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def chronology_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws["A1"] = "  Police chronology for Child T  "
    ws["A2"] = "Prepared by: DS Smith"
    ws.append(["Date", "Event", "Outcome"])
    ws.append([dt.datetime(2023, 1, 5), "Home visit", "Child seen"])
    return wb


def test_xlsx_title_rows_above_header_are_kept_with_excel_row_labels(tmp_path):
    doc = read(save_workbook(chronology_workbook(), tmp_path / "police.xlsx"))
    assert doc.file == "agency_reports/police.xlsx"
    [grid] = doc.grids
    assert grid.name == "sheet 'Chronology'"
    assert rows(grid) == [
        ("row 1", ["Police chronology for Child T", None, None]),
        ("row 2", ["Prepared by: DS Smith", None, None]),
        ("row 3", ["Date", "Event", "Outcome"]),
        ("row 4", [dt.datetime(2023, 1, 5), "Home visit", "Child seen"]),
    ]
    assert doc.warnings == []


def test_xlsx_merged_cells_fill_every_position_down_and_across(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Event", "Description", "Outcome"])
    ws.append([dt.datetime(2023, 2, 1), "Visit", "Saw child and mother", None])
    ws.append([None, "Call", "Phoned school", "Noted"])
    ws.append([None, "Letter", None, None])
    ws.merge_cells("A2:A4")   # a date merged down over three rows
    ws.merge_cells("C2:D2")   # a description merged across two columns
    ws.merge_cells("C4:D5")   # a block, whose top-left is empty
    doc = read(save_workbook(wb, tmp_path / "merged.xlsx"))
    assert rows(doc.grids[0])[1:] == [
        ("row 2", [dt.datetime(2023, 2, 1), "Visit", "Saw child and mother",
                   "Saw child and mother"]),
        ("row 3", [dt.datetime(2023, 2, 1), "Call", "Phoned school", "Noted"]),
        ("row 4", [dt.datetime(2023, 2, 1), "Letter", None, None]),
    ]


def test_xlsx_merge_refs_are_found_across_chunk_boundaries(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    for n in range(1, 40):
        ws.append([f"value {n}", None, None])
    for n in range(1, 38, 3):
        ws.merge_cells(f"A{n}:C{n + 1}")
    path = save_workbook(wb, tmp_path / "many_merges.xlsx")
    monkeypatch.setattr(xlsx, "_CHUNK", 7)   # split every tag across reads
    with zipfile.ZipFile(path) as archive:
        refs, formulas, unlike = xlsx._scan_merge_refs(archive, "xl/worksheets/sheet1.xml")
    assert sorted(refs) == sorted(f"A{n}:C{n + 1}" for n in range(1, 38, 3))
    assert not formulas
    assert not unlike


def test_xlsx_unsaved_formulas_are_found_across_chunk_boundaries(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Event"])
    for n in range(2, 30):
        ws.append([f"0{n % 9 + 1}/01/2023", f"=A{n}&\" visit\"" if n % 5 == 0 else "Visit"])
    path = save_workbook(wb, tmp_path / "formulas.xlsx")
    monkeypatch.setattr(xlsx, "_CHUNK", 7)   # split every tag across reads
    unsaved = [(row.label, cell.formula) for row in read(path).grids[0].rows for cell in row.cells
               if isinstance(cell, UnsavedFormula)]
    assert unsaved == [(f"row {n}", f'A{n}&" visit"') for n in range(5, 30, 5)]


def test_xlsx_real_dates_are_datetime_and_text_dates_stay_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([dt.datetime(2023, 3, 14, 9, 30), "14/03/2023", "March 2023", dt.date(2023, 3, 15)])
    [row] = read(save_workbook(wb, tmp_path / "dates.xlsx")).grids[0].rows
    assert row.cells[0] == dt.datetime(2023, 3, 14, 9, 30)
    assert row.cells[1:3] == ["14/03/2023", "March 2023"]
    assert isinstance(row.cells[3], dt.datetime)


def test_xlsx_text_is_stripped_keeps_inner_newlines_and_numbers_stay_numbers(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["  Visit\nto home  ", "   ", 3, 4.5, None, None])
    [row] = read(save_workbook(wb, tmp_path / "values.xlsx")).grids[0].rows
    assert row.cells == ["Visit\nto home", None, 3, 4.5]


def test_xlsx_blank_rows_are_skipped_but_labels_keep_excel_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Date"
    ws["B1"] = "Event"
    ws["A3"] = "   "          # whitespace only counts as blank
    ws["A5"] = "01/01/2023"
    ws["B7"] = "Visit"
    doc = read(save_workbook(wb, tmp_path / "gaps.xlsx"))
    assert rows(doc.grids[0]) == [
        ("row 1", ["Date", "Event"]),
        ("row 5", ["01/01/2023", None]),
        ("row 7", [None, "Visit"]),
    ]


def test_xlsx_several_sheets_give_several_grids_in_workbook_order(tmp_path):
    wb = chronology_workbook()
    wb.create_sheet("Notes")["A1"] = "Read me"
    wb.create_sheet("Empty")
    doc = read(save_workbook(wb, tmp_path / "sheets.xlsx"))
    assert [grid.name for grid in doc.grids] == ["sheet 'Chronology'", "sheet 'Notes'",
                                                 "sheet 'Empty'"]
    assert rows(doc.grids[1]) == [("row 1", ["Read me"])]
    assert doc.grids[2].rows == []


def test_xlsx_hidden_sheet_is_read_with_a_warning_naming_it(tmp_path):
    wb = chronology_workbook()
    hidden = wb.create_sheet("Old entries")
    hidden["A1"] = "01/01/2022"
    hidden.sheet_state = "hidden"
    doc = read(save_workbook(wb, tmp_path / "hidden.xlsx"))
    assert rows(doc.grids[1]) == [("row 1", ["01/01/2022"])]
    assert len(doc.warnings) == 1
    assert "'Old entries'" in doc.warnings[0] and "hidden" in doc.warnings[0]


def test_xlsx_chart_sheets_are_skipped(tmp_path):
    wb = chronology_workbook()
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=2, min_row=3, max_row=4))
    wb.create_chartsheet("Chart").add_chart(chart)
    doc = read(save_workbook(wb, tmp_path / "chart.xlsx"))
    assert [grid.name for grid in doc.grids] == ["sheet 'Chronology'"]


def test_xlsx_wrong_dimension_element_does_not_cut_rows_off(tmp_path):
    wb = openpyxl.Workbook()
    for n in range(1, 11):
        wb.active.append([f"entry {n}"])
    good = save_workbook(wb, tmp_path / "good.xlsx")
    bad = tmp_path / "bad_dimension.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert count == 1
            dst.writestr(info, data)
    assert len(read(bad).grids[0].rows) == 10


def test_xlsx_sheet_whose_part_is_missing_is_warned_about(tmp_path):
    wb = chronology_workbook()
    wb.create_sheet("Notes")["A1"] = "x"
    good = save_workbook(wb, tmp_path / "good.xlsx")
    bad = tmp_path / "missing_part.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                dst.writestr(info, src.read(info))
    doc = read(bad)
    assert [grid.name for grid in doc.grids] == ["sheet 'Chronology'"]
    assert any("'Notes'" in w and "missing" in w for w in doc.warnings)


def test_xlsx_that_openpyxl_cannot_accept_is_a_sentence_not_a_traceback(tmp_path):
    wb = chronology_workbook()
    wb.create_chartsheet("Empty chart")   # no drawing part: openpyxl fails on reading it
    path = save_workbook(wb, tmp_path / "odd.xlsx")
    with pytest.raises(IntakeFileError) as info:
        xlsx.read_xlsx(path, f"agency_reports/{path.name}", engine="openpyxl")
    err = info.value
    assert "does not accept" in err.message
    assert "save it again as .xlsx" in str(err)
    assert err.__cause__ is not None


def test_xlsx_chart_sheet_openpyxl_cannot_accept_is_skipped_by_the_fast_reader(tmp_path):
    wb = chronology_workbook()
    wb.create_chartsheet("Empty chart")   # no drawing part: openpyxl fails on reading it
    doc = read(save_workbook(wb, tmp_path / "odd.xlsx"))
    assert [grid.name for grid in doc.grids] == ["sheet 'Chronology'"]
    assert rows(doc.grids[0])[2] == ("row 3", ["Date", "Event", "Outcome"])


def test_xlsm_name_is_read_like_xlsx(tmp_path):
    doc = read(save_workbook(chronology_workbook(), tmp_path / "macro.xlsm"))
    assert rows(doc.grids[0])[2] == ("row 3", ["Date", "Event", "Outcome"])


def test_xlsx_with_only_empty_sheets_is_an_error(tmp_path):
    err = read_error(save_workbook(openpyxl.Workbook(), tmp_path / "blank.xlsx"))
    assert "no data" in err.message and "empty" in err.message


# --------------------------------------------------------------------------- Word

def word_file(path: Path, *blocks: str, paragraphs: tuple[str, ...] = ()) -> Path:
    """A .docx whose body holds the given paragraphs, then the given raw XML blocks."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    body = document.element.body
    for block in blocks:
        tag = re.match(r"<([\w:]+)", block).group(1)
        body.insert(len(body) - 1, parse_xml(block.replace(f"<{tag}", f"<{tag} {nsdecls('w')}", 1)))
    document.save(path)
    return path


def tc(text: str = "", props: str = "") -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{line}</w:t></w:r></w:p>"
                         for line in text.split("|")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def tbl(*trs: str, cols: int = 3) -> str:
    grid = "".join("<w:gridCol w:w='2000'/>" for _ in range(cols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>"


def test_docx_multi_paragraph_cell_is_joined_with_newlines_and_stripped(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.text = "  Home visit  "
    cell.add_paragraph("   ")
    cell.add_paragraph(" Child seen alone ")
    table.cell(0, 1).add_paragraph("")    # only empty paragraphs: an empty cell
    document.save(tmp_path / "paragraphs.docx")
    doc = read(tmp_path / "paragraphs.docx")
    assert rows(doc.grids[0]) == [("row 1", ["Home visit\n\nChild seen alone", None])]


def test_docx_tabs_and_line_breaks_inside_runs_are_kept(tmp_path):
    run = ("<w:p><w:r><w:t>Seen</w:t><w:tab/><w:t>at home</w:t><w:br/><w:t>with mum</w:t>"
           "<w:br w:type='page'/></w:r></w:p>")
    path = word_file(tmp_path / "runs.docx", tbl(tr(f"<w:tc>{run}</w:tc>"), cols=1))
    assert read(path).grids[0].rows[0].cells == ["Seen\tat home\nwith mum"]


def test_docx_grid_span_repeats_text_in_every_column_it_covers(tmp_path):
    path = word_file(tmp_path / "span.docx", tbl(
        tr(tc("Date"), tc("Event"), tc("Outcome")),
        tr(tc("01/02/2023"), tc("Visit and outcome", "<w:gridSpan w:val='2'/>")),
    ))
    assert rows(read(path).grids[0])[1] == (
        "row 2", ["01/02/2023", "Visit and outcome", "Visit and outcome"])


def test_docx_vertical_merge_continuation_takes_the_text_above(tmp_path):
    restart = "<w:vMerge w:val='restart'/>"
    path = word_file(tmp_path / "vmerge.docx", tbl(
        tr(tc("Date"), tc("Event")),
        tr(tc("03/02/2023", restart), tc("Visit")),
        tr(tc("", "<w:vMerge/>"), tc("Call")),
        tr(tc("", "<w:vMerge w:val='continue'/>"), tc("Letter")),
        tr(tc("04/02/2023"), tc("Meeting")),
        cols=2,
    ))
    assert [row.cells[0] for row in read(path).grids[0].rows] == [
        "Date", "03/02/2023", "03/02/2023", "03/02/2023", "04/02/2023"]


def test_docx_grid_before_and_after_pad_rows_so_columns_line_up(tmp_path):
    path = word_file(tmp_path / "gridbefore.docx", tbl(
        tr(tc("Date"), tc("Event"), tc("Outcome")),
        tr(tc("Visit"), props="<w:gridBefore w:val='1'/><w:gridAfter w:val='1'/>"),
        tr(tc("05/02/2023"), tc("Call"), props="<w:gridAfter w:val='1'/>"),
    ))
    assert rows(read(path).grids[0]) == [
        ("row 1", ["Date", "Event", "Outcome"]),
        ("row 2", [None, "Visit", None]),
        ("row 3", ["05/02/2023", "Call", None]),
    ]


def test_docx_repeated_header_row_is_returned_as_an_ordinary_row(tmp_path):
    header = tr(tc("Date"), tc("Event"), props="<w:tblHeader/>")
    path = word_file(tmp_path / "repeat.docx", tbl(
        header, tr(tc("01/01/2023"), tc("Visit")),
        tr(tc("Date"), tc("Event")), tr(tc("02/01/2023"), tc("Call")), cols=2))
    assert [row.cells for row in read(path).grids[0].rows] == [
        ["Date", "Event"], ["01/01/2023", "Visit"], ["Date", "Event"], ["02/01/2023", "Call"]]


def test_docx_blank_table_rows_are_skipped_but_labels_keep_row_numbers(tmp_path):
    path = word_file(tmp_path / "blank_rows.docx", tbl(
        tr(tc("Date"), tc("Event")), tr(tc(), tc()), tr(tc("01/01/2023"), tc("Visit")), cols=2))
    assert [row.label for row in read(path).grids[0].rows] == ["row 1", "row 3"]


def test_docx_several_tables_are_returned_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Chronology part 1")
    first = document.add_table(rows=2, cols=2)
    first.cell(0, 0).text, first.cell(1, 0).text = "Date", "01/01/2023"
    document.add_paragraph("Chronology part 2")
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "02/01/2023"
    document.save(tmp_path / "tables.docx")
    doc = read(tmp_path / "tables.docx")
    assert [grid.name for grid in doc.grids] == ["table 1", "table 2"]
    assert rows(doc.grids[0]) == [("row 1", ["Date", None]), ("row 2", ["01/01/2023", None])]
    assert rows(doc.grids[1]) == [("row 1", ["02/01/2023", None])]   # declared width kept


def test_docx_text_holds_body_paragraphs_and_first_section_header_footer(tmp_path):
    document = docx.Document()
    document.add_paragraph("  Agency: Police  ")
    document.add_paragraph("")
    document.add_paragraph("Author: DS Smith")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Table text"
    document.add_paragraph("After the table")
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL SENSITIVE"
    section.footer.paragraphs[0].text = "Kent Police chronology"
    document.save(tmp_path / "text.docx")
    doc = read(tmp_path / "text.docx")
    assert doc.text == ["Agency: Police", "Author: DS Smith", "After the table",
                        "OFFICIAL SENSITIVE", "Kent Police chronology"]


def test_docx_text_box_text_is_read_once_despite_its_fallback_copy(tmp_path):
    box = "<w:txbxContent><w:p><w:r><w:t>Agency: Police</w:t></w:r></w:p></w:txbxContent>"
    para = ("<w:p><w:r><mc:AlternateContent xmlns:mc='http://schemas.openxmlformats.org/"
            f"markup-compatibility/2006'><mc:Choice Requires='wps'><w:drawing>{box}</w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r><w:r><w:t>Chronology</w:t></w:r></w:p>")
    doc = read(word_file(tmp_path / "textbox.docx", para))
    assert doc.text == ["Chronology", "Agency: Police"]


def test_docx_without_tables_gives_no_grids_but_keeps_text(tmp_path):
    path = word_file(tmp_path / "letter.docx", paragraphs=("Dear reviewer,", "No contact."))
    doc = read(path)
    assert doc.grids == []
    assert doc.text == ["Dear reviewer,", "No contact."]


def test_docx_reads_tracked_insertions_hyperlinks_and_skips_deleted_text(tmp_path):
    w = "<w:r><w:t>{}</w:t></w:r>"
    para = ("<w:p>" + w.format("Seen ") + "<w:ins w:id='1' w:author='a'>" + w.format("alone ")
            + "</w:ins><w:del w:id='2' w:author='a'><w:r><w:delText>with mum </w:delText></w:r>"
            "</w:del><w:hyperlink>" + w.format("(record 7)") + "</w:hyperlink></w:p>")
    path = word_file(tmp_path / "tracked.docx", tbl(tr(f"<w:tc>{para}</w:tc>"), cols=1))
    assert read(path).grids[0].rows[0].cells == ["Seen alone (record 7)"]


def test_docx_tables_and_rows_inside_content_controls_are_read(tmp_path):
    row = tr(tc("01/03/2023"))
    rows_in_control = f"<w:sdt><w:sdtPr/><w:sdtContent>{row}</w:sdtContent></w:sdt>"
    table = tbl(tr(tc("Date")), rows_in_control, cols=1)
    control = f"<w:sdt><w:sdtPr/><w:sdtContent>{table}</w:sdtContent></w:sdt>"
    path = word_file(tmp_path / "controls.docx", tbl(tr(tc("First")), cols=1), control)
    doc = read(path)
    assert [grid.name for grid in doc.grids] == ["table 1", "table 2"]
    assert rows(doc.grids[1]) == [("row 1", ["Date"]), ("row 2", ["01/03/2023"])]


def test_docx_xml_walk_matches_python_docx_api_on_merged_tables(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).merge(table.cell(3, 0))
    table.cell(2, 2).merge(table.cell(3, 3))
    table.cell(1, 3).add_paragraph(" second ")
    document.save(tmp_path / "api.docx")
    table = docx.Document(str(tmp_path / "api.docx")).tables[0]
    via_api = [["\n".join(p.text.strip() for p in cell.paragraphs).strip() or None
                for cell in row.cells] for row in table.rows]
    assert [row.cells for row in table_grid(table._tbl, "table 1").rows] == via_api


def test_docx_with_no_text_and_no_tables_is_an_error(tmp_path):
    docx.Document().save(tmp_path / "nothing.docx")
    err = read_error(tmp_path / "nothing.docx")
    assert "no text and no tables" in err.message


# --------------------------------------------------------------------------- CSV / TSV / TXT

def text_file(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    lines = [["Date", "Event", "Outcome"], ["01/01/2023", "Visit, at home", "Seen"],
             ["02/01/2023", "Call", "No answer"]]
    body = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in line)
                     for line in lines) + "\n"
    doc = read(text_file(tmp_path / "chron.csv", body))
    assert [row.cells for row in doc.grids[0].rows] == lines
    assert doc.grids[0].name == ""


def test_csv_semicolon_file_with_decimal_commas_is_semicolon(tmp_path):
    path = text_file(tmp_path / "eu.csv", "Datum;Ereignis;Dauer\n01.01.2023;Besuch;1,5\n"
                                          "02.01.2023;Anruf;0,5\n")
    assert read(path).grids[0].rows[1].cells == ["01.01.2023", "Besuch", "1,5"]


def test_tsv_is_always_tab_separated(tmp_path):
    path = text_file(tmp_path / "chron.tsv", "Date\tEvent, with comma, and more\n"
                                             "01/01/2023\tVisit, Call, Letter\n")
    assert read(path).grids[0].rows[1].cells == ["01/01/2023", "Visit, Call, Letter"]


def test_txt_is_sniffed_like_csv(tmp_path):
    path = text_file(tmp_path / "chron.txt", "Date|Event\n01/01/2023|Visit\n")
    assert read(path).grids[0].rows[1].cells == ["01/01/2023", "Visit"]


def test_csv_sniffer_failure_falls_back_to_counting_outside_quotes():
    sample = 'Date;Note\n01/01/2023;"a; b; c"\n'
    assert delimited.sniff_delimiter(sample) == ";"
    assert delimited.sniff_delimiter("Date\n01/01/2023\n") == ","   # one column
    assert delimited._count_delimiter('A|B|C\n"x|y"|2|3\n1|2|3\n') == "|"


def test_csv_excel_sep_line_names_the_delimiter(tmp_path):
    path = text_file(tmp_path / "sep.csv", "sep=;\nDate;Event, notes\n01/01/2023;Visit, ok\n")
    assert rows(read(path).grids[0]) == [("line 2", ["Date", "Event, notes"]),
                                         ("line 3", ["01/01/2023", "Visit, ok"])]


def test_csv_utf8_bom_is_removed_without_warning(tmp_path):
    path = text_file(tmp_path / "bom.csv", "\ufeffDate,Event\n01/01/2023,Café visit\n")
    doc = read(path)
    assert doc.grids[0].rows[0].cells == ["Date", "Event"]
    assert doc.grids[0].rows[1].cells[1] == "Café visit"
    assert doc.warnings == []


def test_csv_windows_1252_is_read_with_a_warning(tmp_path):
    body = "Date,Event\n01/01/2023,Paid £20 \u2018bus fare\u2019\n"
    path = text_file(tmp_path / "cp1252.csv", body, encoding="cp1252")
    doc = read(path)
    assert doc.grids[0].rows[1].cells[1] == "Paid £20 \u2018bus fare\u2019"
    assert len(doc.warnings) == 1 and "Windows-1252" in doc.warnings[0]


def test_csv_bytes_invalid_in_windows_1252_fall_back_to_latin_1(tmp_path):
    path = text_file(tmp_path / "latin.csv", b"Date,Event\n01/01/2023,Visit \x81\xe9\n")
    doc = read(path)
    assert doc.grids[0].rows[1].cells[1] == "Visit \x81\xe9"
    assert "Latin-1" in doc.warnings[0]


def test_csv_utf16_unicode_text_from_excel_is_read(tmp_path):
    path = text_file(tmp_path / "unicode.txt", "Date\tEvent\r\n01/01/2023\tVisit\r\n", "utf-16")
    assert read(path).grids[0].rows[1].cells == ["01/01/2023", "Visit"]


def test_csv_quoted_multiline_cell_is_one_cell_and_next_label_is_its_start_line(tmp_path):
    body = ('Date,Description,Outcome\r\n'
            '01/01/2023,"Visit.\r\nChild seen.\r\n""Fine"", said mum",Closed\r\n'
            '02/01/2023,Call,Open\r\n')
    doc = read(text_file(tmp_path / "multi.csv", body))
    assert rows(doc.grids[0]) == [
        ("line 1", ["Date", "Description", "Outcome"]),
        ("line 2", ["01/01/2023", 'Visit.\r\nChild seen.\r\n"Fine", said mum', "Closed"]),
        ("line 5", ["02/01/2023", "Call", "Open"]),
    ]
    assert doc.warnings == []


def test_csv_blank_records_dropped_cells_stripped_empty_cells_none(tmp_path):
    body = "Date, Event ,Outcome\n\n , ,\n01/01/2023,  Visit ,\n02/01/2023\n"
    doc = read(text_file(tmp_path / "blank.csv", body))
    assert rows(doc.grids[0]) == [
        ("line 1", ["Date", "Event", "Outcome"]),
        ("line 4", ["01/01/2023", "Visit", None]),
        ("line 5", ["02/01/2023", None, None]),
    ]


def test_csv_unclosed_quote_at_end_of_file_is_warned_about(tmp_path):
    body = 'Date,Event\n01/01/2023,Visit\n02/01/2023,"Call\n03/01/2023,Letter\n'
    doc = read(text_file(tmp_path / "unclosed.csv", body))
    assert doc.grids[0].rows[-1].label == "line 3"
    assert len(doc.warnings) == 1 and "line 3" in doc.warnings[0]
    assert "closing quote" in doc.warnings[0]


def test_csv_unclosed_quote_running_past_the_csv_modules_limit_is_warned_about_naming_the_line(tmp_path):
    body = 'Date,Event\n01/01/2023,Visit\n02/01/2023,"Call\n' + "x" * 140_000 + "\n"
    doc = read(text_file(tmp_path / "runaway.csv", body))
    assert doc.grids[0].rows[-1].label == "line 3"
    assert len(doc.warnings) == 1 and "line 3" in doc.warnings[0] and "closing quote" in doc.warnings[0]


def test_csv_with_only_blank_lines_is_an_error(tmp_path):
    err = read_error(text_file(tmp_path / "blank_lines.csv", "\n \r\n\t\n"))
    assert "no data" in err.message


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("name", ["empty.xlsx", "empty.docx", "empty.csv"])
def test_zero_byte_file_is_an_error(tmp_path, name):
    err = read_error(text_file(tmp_path / name, b""))
    assert "empty" in err.message
    assert "send the file again" in str(err)


def half_of(path: Path, target: Path) -> Path:
    data = path.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def test_truncated_xlsx_is_reported_as_damaged(tmp_path):
    full = save_workbook(chronology_workbook(), tmp_path / "full.xlsx")
    err = read_error(half_of(full, tmp_path / "truncated.xlsx"))
    assert "cannot be opened as an Excel workbook" in err.message
    assert "damaged or incomplete" in err.message
    assert "Ask the agency to send the file again" in str(err)


def test_truncated_docx_is_reported_as_damaged(tmp_path):
    word_file(tmp_path / "full.docx", paragraphs=("Agency: Police",) * 50)
    err = read_error(half_of(tmp_path / "full.docx", tmp_path / "truncated.docx"))
    assert "cannot be opened as a Word document" in err.message
    assert "damaged or incomplete" in err.message


def test_xlsx_zip_with_broken_parts_is_damaged_not_a_traceback(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "this is not xml")
    err = read_error(path)
    assert "damaged or incomplete" in err.message
    assert err.__cause__ is not None


def test_docx_zip_with_broken_xml_is_damaged_not_a_traceback(tmp_path):
    good = word_file(tmp_path / "good.docx", paragraphs=("Agency: Police",))
    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:40] if info.filename == "word/document.xml" else data)
    err = read_error(bad)
    assert "damaged or incomplete" in err.message
    assert err.__cause__ is not None


@pytest.mark.parametrize("name", ["locked.xlsx", "locked.docx"])
def test_ole2_file_with_office_name_is_password_protected_or_old(tmp_path, name):
    err = read_error(text_file(tmp_path / name, OLE2 + bytes(range(256)) * 8))
    assert "password-protected" in err.message
    assert "97-2003" in err.message
    assert "remove" in str(err) and "password" in str(err)


def test_encrypted_ooxml_is_named_password_protected(tmp_path):
    junk = OLE2 + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    err = read_error(text_file(tmp_path / "secret.xlsx", junk))
    assert "password-protected (encrypted)" in err.message
    assert "remove the password" in str(err)


@pytest.mark.parametrize("name, stream, app, target", [
    ("old.xls", "Workbook", "Excel", ".xlsx"), ("old.doc", "WordDocument", "Word", ".docx")])
def test_legacy_office_file_is_not_supported_and_says_save_as(tmp_path, name, stream, app, target):
    data = OLE2 + b"\x00" * 600 + stream.encode("utf-16-le") + b"\x00" * 100
    err = read_error(text_file(tmp_path / name, data))
    assert "97-2003" in err.message and "cannot read" in err.message
    assert f"Open it in {app}" in str(err) and "Save As" in str(err) and target in str(err)


def test_xls_that_is_really_an_old_format_xlsx_name_says_save_as(tmp_path):
    data = OLE2 + b"\x00" * 600 + "Workbook".encode("utf-16-le")
    err = read_error(text_file(tmp_path / "renamed.xlsx", data))
    assert "is named .xlsx but is an old-format Excel 97-2003 workbook" in err.message
    assert "Save As" in str(err)


def test_csv_that_is_really_an_excel_workbook_says_rename(tmp_path):
    wb_path = save_workbook(chronology_workbook(), tmp_path / "real.xlsx")
    err = read_error(text_file(tmp_path / "police.csv", wb_path.read_bytes()))
    assert "is named .csv but is an Excel workbook" in err.message
    assert "Rename it to end in .xlsx" in str(err)


def test_docx_that_is_really_an_excel_workbook_says_rename(tmp_path):
    wb_path = save_workbook(chronology_workbook(), tmp_path / "real.xlsx")
    err = read_error(text_file(tmp_path / "police.docx", wb_path.read_bytes()))
    assert "is named .docx but is an Excel workbook" in err.message


def test_xlsx_that_is_really_text_says_what_it_is(tmp_path):
    err = read_error(text_file(tmp_path / "export.xlsx", "Date,Event\n01/01/2023,Visit\n"))
    assert "is named .xlsx but is a text file" in err.message
    assert ".csv" in str(err)


def test_xls_that_is_really_a_modern_workbook_says_rename(tmp_path):
    wb_path = save_workbook(chronology_workbook(), tmp_path / "real.xlsx")
    err = read_error(text_file(tmp_path / "police.xls", wb_path.read_bytes()))
    assert "is named .xls but is an Excel workbook" in err.message
    assert "Rename it to end in .xlsx" in str(err)


def test_xls_that_is_really_a_web_page_says_save_as_xlsx(tmp_path):
    err = read_error(text_file(tmp_path / "export.xls", "<html><body><table><tr><td>x</td>"))
    assert "web page" in err.message and ".xlsx" in str(err)


@pytest.mark.parametrize("name", ["chronology.pdf", "scan.png", "notes"])
def test_unsupported_type_lists_what_is_supported(tmp_path, name):
    err = read_error(text_file(tmp_path / name, b"%PDF-1.7 whatever"))
    assert "cannot read" in err.message
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in err.message


def test_unsupported_name_with_excel_content_suggests_renaming(tmp_path):
    wb_path = save_workbook(chronology_workbook(), tmp_path / "real.xlsx")
    err = read_error(text_file(tmp_path / "chronology.final", wb_path.read_bytes()))
    assert "rename it to end in .xlsx" in str(err)


def test_missing_file_is_an_intake_error(tmp_path):
    err = read_error(tmp_path / "gone.csv")
    assert "cannot be read" in err.message


# --------------------------------------------------------------------------- raw data safety

def test_reading_never_modifies_the_file(tmp_path):
    wb = chronology_workbook()
    wb.active.merge_cells("A1:C1")
    paths = [
        save_workbook(wb, tmp_path / "a.xlsx"),
        word_file(tmp_path / "b.docx", tbl(tr(tc("Date"))), paragraphs=("Agency: Police",)),
        text_file(tmp_path / "c.csv", "Date,Event\n01/01/2023,Visit £\n", "cp1252"),
    ]
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    for path in paths:
        read(path)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    assert before == after
    assert sorted(tmp_path.iterdir()) == sorted(paths)   # no lock or temp files left


@pytest.mark.parametrize("name, ignorable", [
    ("~$police.docx", True), ("~$chronology.xlsx", True), (".DS_Store", True),
    ("Thumbs.db", True), ("desktop.ini", True), (".hidden.csv", True),
    (".~lock.police.xlsx#", True), ("~WRL0005.tmp", True),
    ("police.docx", False), ("chronology.xlsx", False), ("~tilde-name.csv", False),
])
def test_lock_and_system_files_are_ignorable(name, ignorable):
    assert is_ignorable(Path("agency_reports") / name) is ignorable
    assert is_ignorable(name) is ignorable


def test_supported_suffixes_are_the_documented_ones():
    assert SUPPORTED_SUFFIXES == (".xlsx", ".xlsm", ".docx", ".csv", ".tsv", ".txt")


def test_excel_date_out_of_range_is_warned_about(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 1
    ws["A2"] = 10 ** 9
    ws["A2"].number_format = "dd/mm/yyyy"
    doc = read(save_workbook(wb, tmp_path / "bad_date.xlsx"))
    assert doc.grids[0].rows[1].cells == ["#VALUE!"]
    assert any("A2" in w and "not a valid date" in w and "'Sheet'" in w for w in doc.warnings)


def test_delimited_decode_never_fails_on_any_bytes():
    text, _ = delimited.decode(bytes(range(1, 256)))
    assert isinstance(text, str)


def test_grid_rows_are_rectangular(tmp_path):
    doc = read(text_file(tmp_path / "ragged.csv", "A,B\n1\n1,2,3\n"))
    assert {len(row.cells) for row in doc.grids[0].rows} == {3}
