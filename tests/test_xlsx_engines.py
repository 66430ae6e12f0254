"""The fast Excel reader (python-calamine) gives the rest of the intake exactly what openpyxl gives.

Every workbook here is read twice, with ``engine="fast"`` and with ``engine="openpyxl"`` (the
reference), and the grids, warnings and identifier compared: the example's submissions, the
intake templates, every .xlsx under tests/data, and workbooks built here with each kind of cell
an agency's chronology holds.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from conftest import EXAMPLE, REPO
from reviewbench.intake.readers import xlsx


def both(path: Path):
    """(fast, reference) readings as plain data: sheet names and typed cells, warnings, identifier."""
    def plain(doc):
        grids = [(g.name, [(r.label, [(type(c).__name__, c) for c in r.cells]) for r in g.rows]) for g in doc.grids]
        return grids, doc.warnings, doc.identifier
    rel = f"agency_reports/{path.name}"
    return plain(xlsx.read_xlsx(path, rel)), plain(xlsx.read_xlsx(path, rel, engine="openpyxl"))


def used_calamine(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return xlsx._read_calamine(path, path.name, archive, xlsx._worksheet_parts(archive)) is not None


SHIPPED = sorted([*(EXAMPLE / "agency_reports").glob("*.xlsx"), *(REPO / "tests" / "data").rglob("*.xlsx")])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_workbooks_read_the_same_with_both_engines(path):
    fast, reference = both(path)
    assert fast == reference
    assert used_calamine(path)


def test_example_has_workbooks_to_compare():
    assert len([p for p in SHIPPED if p.is_relative_to(EXAMPLE)]) >= 3


@pytest.mark.slow
def test_intake_templates_read_the_same_with_both_engines(templated_review):
    written = sorted((templated_review / "intake").glob("*.xlsx"))      # as 'reviewbench templates' wrote them
    assert written
    for path in written:
        fast, reference = both(path)
        assert fast == reference
        assert any("hidden" in w for w in fast[1])          # the template's Lists sheet
        assert fast[2]                                       # the agency marker


def every_kind_of_cell(path: Path, epoch_1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    if epoch_1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.properties.identifier = "agency:police"
    ws = wb.active
    ws.title = "Chronology"
    ws["C2"] = "  Title two columns in, under an empty row  "
    ws.append(["Date", "Time", "Event", "Count", "Share", "Seen", "Typed date", "Formula", "Rich"])
    rich = CellRichText(["Seen by ", TextBlock(InlineFont(b=True), "GP"), " at home"])
    ws.append([dt.datetime(2022, 3, 3), dt.time(14, 30), "Home visit", 3, 2.5, True, "03/03/2022", "=1+1", rich])
    ws.append([dt.datetime(2022, 3, 4, 9, 15, 30), dt.time(0, 0), "  padded text  ", 0, 0.1, False, "3rd March 2022",
               "=D4*2", "line one\nline two"])
    ws.append([dt.date(1904, 3, 1), dt.timedelta(hours=26), "Carriage\nreturn", 2_958_465, 1e-5, None,
               "2022-03-05", None, "café – “quoted”"])
    ws["A6"].number_format = "dd/mm/yyyy"
    ws["D5"].number_format = "dd/mm/yyyy"            # a date serial of 0 formatted as a date
    ws["E5"].number_format = "hh:mm"                 # a fraction formatted as a time
    ws.append([])
    ws.append([44000, 0.75, "Number formats", 44000.5, 45000.25])
    ws["A8"].number_format = "d mmm yyyy"
    ws["B8"].number_format = "h:mm AM/PM"
    ws["D8"].number_format = "0%"
    ws["E8"].number_format = "dd/mm/yyyy hh:mm"
    ws.append(["Merged date", None, "Merged across"])
    ws.merge_cells("A9:A11")
    ws.merge_cells("C9:E9")
    ws.append([None, None, "under the merge"])
    ws.append([None, None, None, None, None, None, None, None, "far right"])
    hidden = wb.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    hidden.append(["Police", "GP"])
    very = wb.create_sheet("Secret")
    very.sheet_state = "veryHidden"
    very["B3"] = dt.datetime(2021, 1, 1)
    wb.create_sheet("Empty")
    wb.save(path)
    return path


@pytest.mark.parametrize("epoch_1904", [False, True], ids=["1900", "1904"])
def test_every_kind_of_cell_reads_the_same_with_both_engines(tmp_path, epoch_1904):
    path = every_kind_of_cell(tmp_path / "kinds.xlsx", epoch_1904)
    fast, reference = both(path)
    assert fast == reference
    assert used_calamine(path)
    grids = dict(fast[0])
    assert grids["sheet 'Chronology'"][2] == ("row 4", [
        ("datetime", dt.datetime(2022, 3, 3)), ("time", dt.time(14, 30)), ("str", "Home visit"), ("int", 3),
        ("float", 2.5), ("bool", True), ("str", "03/03/2022"), ("UnsavedFormula", xlsx.UnsavedFormula("1+1")),
        ("str", "Seen by GP at home")])


@pytest.mark.parametrize("value, number_format", [
    ("#N/A", None),                   # an error cell
    ("Carriage_x000D_return", None),  # an escaped character: calamine decodes it, openpyxl does not
    (-5, "dd/mm/yyyy"),               # a negative serial formatted as a date
    (-2.5, "General"),
    (3_000_000, "dd/mm/yyyy"),        # beyond 31/12/9999: openpyxl reads '#VALUE!' and warns
    (12345678901234567890, "General"),  # more digits than a float holds
    (7700900123.5, "General"),
], ids=["error", "escaped", "negative-date", "negative", "beyond-9999", "huge-int", "large-float"])
def test_cells_calamine_reads_differently_are_read_with_openpyxl(tmp_path, value, number_format):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Event", "Value"])
    ws.append([dt.datetime(2022, 3, 3), "Visit", value])
    if number_format:
        ws["C2"].number_format = number_format
    if value == "#N/A":
        ws["C2"].data_type = "e"
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    fast, reference = both(path)
    assert fast == reference
    assert not used_calamine(path)


@pytest.mark.parametrize("xml", [
    b'<c r="C2" t="e"><v>#N/A</v></c>', b"<x:c r='C2' t='e'>", b'<c r="C2" t = "e\'>', b"<c t='e\" r=\"C2\">",
    b"<c r=\"C2\"><v>-5</v></c>", b"<x:v>\n -2.5</x:v>", b"<v>\t-1</v>", b"<t>Carriage_x000D_return</t>",
], ids=["error", "error-prefixed", "error-spaced", "error-mixed-quotes", "negative", "negative-spaced",
        "negative-tab", "escaped"])
def test_the_quick_look_for_cells_read_differently_never_misses_one(xml):
    """The sheet is searched cell by cell for what calamine reads differently only where a quick
    search for a few bytes finds that it may be there: it must find every form the search finds."""
    block = b'<sheetData><row r="2"><c r="A2" t="s"><v>0</v></c>' + xml + b"</row></sheetData>"
    assert xlsx._UNLIKE_RE.search(block) and xlsx._may_be_unlike(block)
    plain = b'<sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>44623</v></c></row></sheetData>'
    assert not xlsx._may_be_unlike(plain) and not xlsx._UNLIKE_RE.search(plain)


def test_large_whole_numbers_within_the_date_range_stay_fast_and_exact(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Date", "Event", "Case number"])
    wb.active.append([dt.datetime(2022, 3, 3), "Visit", 2_958_465])
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    fast, reference = both(path)
    assert fast == reference
    assert used_calamine(path)
