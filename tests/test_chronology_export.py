"""The chronology's other copies. JSON: each line what ``json.dumps`` gives for the entry. Excel: its
cells written as XML a column's distinct values at a time (``engine="fast"``), in a workbook
XlsxWriter made around them, hold what XlsxWriter writes cell by cell (``engine="xlsxwriter"``, the
reference), and what a person opens is the same."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from reviewbench.chronology import read_chronology
from reviewbench.chronology.export import CUT_MARK, EXCEL_CELL_LIMIT, excel_length, write_json, write_xlsx
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
    assert header == list(HOSTILE.columns) and all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:I{len(HOSTILE) + 1}"
    rows = list(sheet.iter_rows(min_row=2))
    col = {name: header.index(name) for name in header}
    assert rows[0][col["description"]].value == "Seen at home.\nSecond line"
    assert rows[0][col["description"]].alignment.wrap_text
    assert rows[2][col["description"]].value == "  leading and trailing spaces  "
    assert rows[4][col["description"]].value == "markup <b>&amp;</b> & < > \" ' stays text"
    formula_like = [rows[1][col[c]] for c in ("description", "outcome", "other")] + [rows[2][col["event_type"]]]
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)
    assert [c.value for c in formula_like] == ["=HYPERLINK(\"http://x\")", "+44 7000 000000", "-1", "@mention"]
    fills = [rows[i][col["agency"]].fill.fgColor.rgb for i in (0, 1, 2, 3)]
    assert len(set(fills[:3])) == 3 and fills[3] == "00000000"          # no colour for an unknown agency
    assert [r[col["in_scope"]].value for r in rows[:3]] == [True, False, True]
    assert rows[6][col["date"]].value is None and rows[6][col["outcome"]].value == " "


def test_a_text_that_looks_like_rich_text_markup_is_written_as_text(tmp_path):
    """XlsxWriter puts a text "<r>...</r>" into the sheet as markup (a workbook Excel repairs); here it
    is a text like any other."""
    frame = _frame([{"entry_id": "CSC-1", "agency": "Police", "description": "<r><t>not markup</t></r>"}])
    write_xlsx(frame, tmp_path / "chronology.xlsx", COLOURS)
    sheet = openpyxl.load_workbook(tmp_path / "chronology.xlsx").active
    assert sheet.cell(2, 5).value == "<r><t>not markup</t></r>"


def test_a_text_longer_than_a_cell_is_cut_with_a_mark_counting_as_excel_counts(tmp_path):
    """Excel counts UTF-16 units: an emoji is two, so 20,000 of them pass the limit though they are
    20,000 characters; XlsxWriter would have cut them without the mark."""
    write_xlsx(HOSTILE, tmp_path / "chronology.xlsx", COLOURS)
    sheet = openpyxl.load_workbook(tmp_path / "chronology.xlsx", read_only=True).active
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "CSC-6")
    description, outcome = row[4], row[5]
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
