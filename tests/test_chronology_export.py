"""The chronology's other copies. JSON: each line what ``json.dumps`` gives for the entry. Excel: its
cells written as XML a column's distinct values at a time (``engine="fast"``), in a workbook
XlsxWriter made around them, hold what XlsxWriter writes cell by cell (``engine="xlsxwriter"``, the
reference), and what a person opens is the same."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest

from reviewbench.chronology import read_chronology
from reviewbench.chronology.export import CUT_MARK, EXCEL_CELL_LIMIT, excel_length, write_json, write_xlsx
from reviewbench.chronology.headings import heading
from reviewbench.provenance.content import office_parts

COLOURS = {"Children's Social Care": "#1f77b4", "Police": "#ff7f0e", "Health Visiting": "#2ca02c"}
EMOJI = "\N{GRINNING FACE}"


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Rows in the chronology's shape (only the columns given; the writer takes any columns)."""
    columns = ["entry_id", "date", "agency", "event_type", "description", "outcome", "in_scope", "flags", "other"]
    return pd.DataFrame([{c: row.get(c, "") for c in columns} | {"in_scope": row.get("in_scope", True)}
                         for row in rows], columns=columns)


HOSTILE = _frame([
    {"entry_id": "CSC-1", "date": "2022-03-03", "agency": "Children's Social Care", "event_type": "Visit",
     "description": "Seen at home.\nSecond line", "flags": "approximate_date"},
    {"entry_id": "POL-2", "date": "2022-03", "agency": "Police", "description": "=HYPERLINK(\"http://x\")",
     "outcome": "+44 7000 000000", "other": "-1", "in_scope": False},
    {"entry_id": "HV-3", "date": "2022", "agency": "Health Visiting", "event_type": "@mention",
     "description": "  leading and trailing spaces  ", "outcome": "tab\tinside"},
    {"entry_id": "X-4", "date": "2022-04-01", "agency": "An agency with no colour",
     "description": "control \x01\x02 characters, \x1f too, and a literal _x0041_ escape, \ufffe \uffff"},
    {"entry_id": "CSC-5", "date": "2022-04-02", "agency": "Children's Social Care",
     "description": "markup <b>&amp;</b> & < > \" ' stays text", "outcome": "\u00e9l\u00e8ve \u2013 \u201cquoted\u201d"},
    {"entry_id": "CSC-6", "date": "2022-04-03", "agency": "Children's Social Care",
     "description": "x" * (EXCEL_CELL_LIMIT + 10), "outcome": EMOJI * 20_000},
    {"entry_id": "POL-7", "date": "", "agency": "Police", "description": "", "outcome": " "},
])


ODD = HOSTILE.assign(flags=[1.5, None, 3, "x", True, float("nan"), ""])     # not only text: as booleans


@pytest.mark.parametrize("frame", [HOSTILE, HOSTILE.iloc[:0], HOSTILE.iloc[[1, 3]], ODD],
                         ids=["hostile", "empty", "two", "not-only-text"])
def test_the_fast_workbook_holds_the_parts_xlsxwriter_writes_cell_by_cell(frame, tmp_path):
    write_xlsx(frame, tmp_path / "fast.xlsx", COLOURS)
    write_xlsx(frame, tmp_path / "reference.xlsx", COLOURS, engine="xlsxwriter")
    fast, reference = office_parts(tmp_path / "fast.xlsx"), office_parts(tmp_path / "reference.xlsx")
    assert fast.keys() == reference.keys()
    assert [name for name in fast if fast[name] != reference[name]] == []


@pytest.mark.slow
def test_the_example_chronology_workbook_is_byte_for_byte_xlsxwriters(built_example, tmp_path):
    frame = read_chronology(built_example / "build" / "chronology.csv")
    colours = {name: "#17becf" for name in frame["agency"].unique()}
    write_xlsx(frame, tmp_path / "fast.xlsx", colours)
    write_xlsx(frame, tmp_path / "reference.xlsx", colours, engine="xlsxwriter")
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "reference.xlsx").read_bytes()


def test_what_a_person_opens_has_every_text_its_colour_and_its_formula_mark(tmp_path):
    write_xlsx(HOSTILE, tmp_path / "chronology.xlsx", COLOURS)
    sheet = openpyxl.load_workbook(tmp_path / "chronology.xlsx").active
    header = [c.value for c in sheet[1]]
    assert sorted(header) == sorted(heading(c) for c in HOSTILE.columns) and all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:I{len(HOSTILE) + 1}"
    rows = list(sheet.iter_rows(min_row=2))
    col = {name: header.index(heading(name)) for name in HOSTILE.columns}
    assert rows[0][col["description"]].value == "Seen at home.\nSecond line"
    assert rows[0][col["description"]].alignment.wrap_text
    assert rows[2][col["description"]].value == "  leading and trailing spaces  "
    assert rows[4][col["description"]].value == "markup <b>&amp;</b> & < > \" ' stays text"
    formula_like = [rows[1][col[c]] for c in ("description", "outcome", "other")] + [rows[2][col["event_type"]]]
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)
    assert [c.value for c in formula_like] == ["=HYPERLINK(\"http://x\")", "+44 7000 000000", "-1", "@mention"]
    fills = [rows[i][col["agency"]].fill.fgColor.rgb for i in (0, 1, 2, 3)]
    assert [f[-6:].lower() for f in fills[:3]] == [COLOURS[r[col["agency"]].value][1:] for r in rows[:3]]
    assert fills[3] == "00000000"                                       # no colour for an unknown agency
    assert [r[col["in_scope"]].value for r in rows[:3]] == [True, False, True]
    assert rows[6][col["date"]].value is None and rows[6][col["outcome"]].value == " "


def test_a_text_that_looks_like_rich_text_markup_is_written_as_text(tmp_path):
    """XlsxWriter puts a text "<r>...</r>" into the sheet as markup (a workbook Excel repairs); here it
    is a text like any other."""
    frame = _frame([{"entry_id": "CSC-1", "agency": "Police", "description": "<r><t>not markup</t></r>"}])
    write_xlsx(frame, tmp_path / "chronology.xlsx", COLOURS)
    sheet = openpyxl.load_workbook(tmp_path / "chronology.xlsx").active
    assert sheet.cell(2, [c.value for c in sheet[1]].index("What happened") + 1).value == "<r><t>not markup</t></r>"


def test_a_text_longer_than_a_cell_is_cut_with_a_mark_counting_as_excel_counts(tmp_path):
    """Excel counts UTF-16 units: an emoji is two, so 20,000 of them pass the limit though they are
    20,000 characters; XlsxWriter would have cut them without the mark."""
    write_xlsx(HOSTILE, tmp_path / "chronology.xlsx", COLOURS)
    sheet = openpyxl.load_workbook(tmp_path / "chronology.xlsx", read_only=True).active
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Entry")] == "CSC-6")
    description, outcome = row[header.index("What happened")], row[header.index("Outcome")]
    assert description.endswith(CUT_MARK) and excel_length(description) == EXCEL_CELL_LIMIT
    assert outcome.endswith(CUT_MARK) and excel_length(outcome) <= EXCEL_CELL_LIMIT
    assert outcome.startswith(EMOJI * 100) and excel_length(EMOJI * 20_000) == 40_000


@pytest.mark.parametrize("frame", [HOSTILE, HOSTILE.iloc[:0]], ids=["hostile", "empty"])
def test_each_json_line_is_json_dumps_of_its_entry(frame, tmp_path):
    odd = frame.assign(flags=ODD["flags"].iloc[:len(frame)].to_numpy())
    write_json(odd, tmp_path / "chronology.json")
    written = (tmp_path / "chronology.json").read_text(encoding="utf-8")
    rows = [json.dumps(row, ensure_ascii=False) for row in odd.to_dict(orient="records")]
    assert written == "[\n" + ",\n".join(rows) + "\n]\n"
    assert len(json.loads(written.replace("NaN", "null"))) == len(frame)


# -- the workbook as a person opens and prints it ------------------------------------------------------

DATED = pd.DataFrame([
    {"entry_id": "CSC-1", "date": "2022-03-03", "date_precision": "day", "time": "10:00",
     "agency": "Children's Social Care", "description": "Seen at home.", "outcome": "", "in_scope": True},
    {"entry_id": "POL-2", "date": "2022-03", "date_precision": "month", "time": "", "agency": "Police",
     "description": "Called to the address. " * 12, "outcome": "Advice.\nReferral to CSC.\nNo further action.",
     "in_scope": True},
    {"entry_id": "HV-3", "date": "2021", "date_precision": "year", "time": "", "agency": "Health Visiting",
     "description": "New birth visit.", "outcome": "", "in_scope": False},
    {"entry_id": "X-4", "date": "not a date", "date_precision": "day", "time": "", "agency": "Police",
     "description": "A date the intake never writes stays text.", "outcome": "", "in_scope": True},
])


def _opened(frame: pd.DataFrame, tmp_path, **page) -> tuple[openpyxl.Workbook, dict]:
    write_xlsx(frame, tmp_path / "chronology.xlsx", COLOURS, **page)
    book = openpyxl.load_workbook(tmp_path / "chronology.xlsx")
    header = [c.value for c in book["Chronology"][1]]
    return book, {name: header.index(heading(name)) + 1 for name in frame.columns}


def test_the_workbook_prints_landscape_one_page_wide_with_its_header_row_title_marking_and_page_numbers(tmp_path):
    book, col = _opened(DATED, tmp_path, title="Child Q & the Fictional Family", marking="OFFICIAL-SENSITIVE")
    sheet = book["Chronology"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (None, 0)   # 1 (the default) wide
    assert sheet.print_title_rows == "$1:$1"                          # the header row on every page
    assert sheet.oddHeader.left.text == "Child Q && the Fictional Family"        # "&&" is Excel's "&"
    assert "OFFICIAL-SENSITIVE" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE" and sheet.oddFooter.right.text == "Page &P of &N"
    printed = sheet.print_area.split("!")[1].replace("$", "")
    assert printed == f"A1:{openpyxl.utils.get_column_letter(col['in_scope'])}{len(DATED) + 1}"


def test_dates_are_excel_dates_shown_at_their_precision_which_keeps_its_column(tmp_path):
    book, col = _opened(DATED, tmp_path)
    sheet = book["Chronology"]
    cells = [sheet.cell(row, col["date"]) for row in range(2, 6)]
    assert [c.value for c in cells[:3]] == [dt.datetime(2022, 3, 3), dt.datetime(2022, 3, 1), dt.datetime(2021, 1, 1)]
    assert [c.number_format for c in cells[:3]] == ["dd/mm/yyyy", "mm/yyyy", "yyyy"]
    assert cells[3].value == "not a date" and cells[3].data_type == "s"
    assert [sheet.cell(row, col["date_precision"]).value for row in range(2, 6)] == ["day", "month", "year", "day"]
    assert sheet.cell(2, col["time"]).value == "10:00"


def test_headings_are_words_the_description_is_near_the_left_and_a_second_sheet_names_each_field(tmp_path):
    book, col = _opened(DATED, tmp_path)
    header = [c.value for c in book["Chronology"][1]]
    assert header[:4] == ["Date", "Time", "Agency", "What happened"] and "description" not in header
    columns = [[c.value for c in row] for row in book["Columns"].iter_rows()]
    assert columns[0] == ["Heading", "Field in chronology.csv", "Meaning"]
    assert [(h, f) for h, f, _ in columns[1:]] == [(heading(f), f) for f in
                                                   ["date", "time", "agency", "description", "outcome", "entry_id",
                                                    "in_scope", "date_precision"]]
    assert all(meaning for _, _, meaning in columns[1:])


def test_wrapped_texts_get_rows_tall_enough_for_them(tmp_path):
    book, col = _opened(DATED, tmp_path)
    sheet = book["Chronology"]
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(col["description"])].width
    long_text = DATED.loc[1, "description"]
    needed = len(long_text) / width                                   # lines at one character a width unit
    assert sheet.row_dimensions[3].height >= 15 * needed and sheet.row_dimensions[3].customHeight
    assert sheet.row_dimensions[3].height >= 15 * 3                   # the outcome's three lines at least
    assert sheet.row_dimensions[4].height is None                     # one line: the default height
    assert all(sheet.cell(3, col[c]).alignment.wrap_text for c in ("description", "outcome", "agency"))


def test_the_marking_is_the_review_setting_and_defaults_to_official_sensitive(tmp_path):
    from conftest import make_review
    from reviewbench.build import run_ingest
    from reviewbench.config import DEFAULT_PROTECTIVE_MARKING, load_review, protective_marking

    plain = load_review(make_review(tmp_path / "plain"))
    assert protective_marking(plain) == DEFAULT_PROTECTIVE_MARKING == "OFFICIAL-SENSITIVE"
    folder = make_review(tmp_path / "marked", settings={"protective_marking": "OFFICIAL"})
    (folder / "agency_reports" / "police.csv").write_text("Date,Details\n03/03/2022,Called to the address.\n",
                                                          encoding="utf-8")
    assert run_ingest(folder, progress=False).ok
    sheet = openpyxl.load_workbook(folder / "build" / "chronology.xlsx")["Chronology"]
    assert sheet.oddFooter.center.text == "OFFICIAL" and sheet.oddHeader.left.text == "Test Review (fictional)"
