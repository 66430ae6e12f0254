"""Blank chronology templates to send to agencies (``reviewbench templates DIR``).

A template that agencies fill in is the cheapest way to a clean merge: every heading is a
synonym the header detector already knows (``data/column_synonyms.yaml``), dates are
validated as dates at the keyboard, and the event type offers the same labels the
classifier uses. The same columns go into an Excel workbook and a Word document, because
some agencies can only work in one of them.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import ReviewbenchError
from ..vocabulary import builtin_event_kind_labels

INTAKE_DIR = "intake"
XLSX_NAME = "chronology_template.xlsx"
DOCX_NAME = "chronology_template.docx"

# (heading, Excel column width). Every heading must normalise to an entry of
# column_synonyms.yaml, so that a filled-in template is read back without any mapping.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("Date", 13),
    ("Time", 8),
    ("End date", 13),
    ("Event type", 24),
    ("Details of contact", 60),
    ("Action taken", 40),
    ("Practitioner role", 16),
    ("Source of information", 22),
    ("Other agencies involved", 22),
    ("Child seen", 10),
)
HEADINGS: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
DATE_HEADINGS = ("Date", "End date")
DATA_ROWS = 2000                     # rows 2..DATA_ROWS carry validation and formats
DATE_FORMAT = "dd/mm/yyyy"
YES_NO = ("Y", "N")

SHEET_CHRONOLOGY = "Chronology"
SHEET_INSTRUCTIONS = "Instructions"
SHEET_LISTS = "Lists"

INSTRUCTIONS: tuple[str, ...] = (
    "Write one row for each contact or event: a visit, a phone call, a meeting, a referral, "
    "an appointment (kept or missed), a letter or a decision.",
    "Record facts, not opinion: what happened, who was there, what was said and seen.",
    "Enter dates day first, as dd/mm/yyyy (for example 03/03/2022). If only the month is "
    "known, write it as 'March 2022'; if the date is approximate, write a '?' before it.",
    "Use role codes (SW1, HV1, GP1, PC1, DSL1) instead of names of staff. Keep a separate list "
    "of who each code is, for the review team only.",
    "Record the action taken after each event, or why no action was taken.",
    "Always fill in 'Source of information': the record the entry comes from "
    "(for example 'HV1 case notes', 'GP record', 'MASH contact record').",
    "One event per row: do not put two visits or two meetings in the same row.",
    "Do not merge cells, and do not add title rows or notes above the heading row.",
    "In 'Other agencies involved', name any other agency that took part or was informed.",
    "In 'Child seen', write Y if the child was seen during the contact and N if not.",
)


def write_intake_templates(review_dir: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the blank XLSX and DOCX templates into ``review_dir/intake/`` and return their paths.

    Refuses to replace an existing template unless ``overwrite`` is true, because an agency
    may already have filled it in.
    """
    intake = Path(review_dir) / INTAKE_DIR
    targets = [intake / XLSX_NAME, intake / DOCX_NAME]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise ReviewbenchError(
                    "the blank intake template already exists and was not overwritten.",
                    where=str(target),
                    hint="Move or rename it first if you want a fresh copy "
                         "(an agency may already have filled it in).")
    intake.mkdir(parents=True, exist_ok=True)
    _xlsx_template().save(targets[0])
    _docx_template().save(str(targets[1]))
    return targets


# --- Excel ---------------------------------------------------------------------------

def _xlsx_template() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_CHRONOLOGY
    letters = {name: get_column_letter(i) for i, (name, _) in enumerate(COLUMNS, start=1)}
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    for i, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        column = ws.column_dimensions[letters[name]]
        column.width = width
        column.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    last = DATA_ROWS

    for name in DATE_HEADINGS:
        ws.column_dimensions[letters[name]].number_format = DATE_FORMAT
        for row in range(2, last + 1):
            ws[f"{letters[name]}{row}"].number_format = DATE_FORMAT
    ws.column_dimensions[letters["Time"]].number_format = "hh:mm"

    dates = DataValidation(
        type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2099,12,31)",
        allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle="Date needed",
        error="Enter a date as dd/mm/yyyy, for example 03/03/2022. If only the month is known, "
              "press Yes to keep text such as 'March 2022'.",
        promptTitle="Date", prompt="Day first: dd/mm/yyyy", showInputMessage=True)
    for name in DATE_HEADINGS:
        dates.add(f"{letters[name]}2:{letters[name]}{last}")
    ws.add_data_validation(dates)

    labels = builtin_event_kind_labels()
    lists = wb.create_sheet(SHEET_LISTS)
    for i, label in enumerate(labels, start=1):
        lists.cell(row=i, column=1, value=label)
    lists.sheet_state = "hidden"
    kinds = DataValidation(
        type="list", formula1=f"{quote_sheetname(SHEET_LISTS)}!$A$1:$A${len(labels)}",
        allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle="Event type",
        error="Choose an event type from the list, or press Yes to keep your own wording.")
    kinds.add(f"{letters['Event type']}2:{letters['Event type']}{last}")
    ws.add_data_validation(kinds)

    seen = DataValidation(
        type="list", formula1='"' + ",".join(YES_NO) + '"', allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Child seen",
        error="Enter Y if the child was seen during this contact, or N if not.")
    seen.add(f"{letters['Child seen']}2:{letters['Child seen']}{last}")
    ws.add_data_validation(seen)

    info = wb.create_sheet(SHEET_INSTRUCTIONS, index=1)
    info.column_dimensions["A"].width = 110
    info["A1"] = "How to fill in this chronology"
    info["A1"].font = Font(bold=True, size=14)
    for i, text in enumerate(INSTRUCTIONS, start=3):
        cell = info.cell(row=i, column=1, value=f"{i - 2}. {text}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.active = 0
    return wb


# --- Word ----------------------------------------------------------------------------

def _docx_template():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    if section.page_width < section.page_height:
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))

    doc.add_heading("Agency chronology for a case review", level=1)
    doc.add_paragraph("How to fill it in:")
    for text in INSTRUCTIONS:
        doc.add_paragraph(text, style="List Bullet")

    cover = doc.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for label in ("Agency:", "Author role:", "Period covered:"):
        cells = cover.add_row().cells
        cells[0].text = label
        _bold(cells[0])
        cells[0].width, cells[1].width = Cm(5), Cm(15)

    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, name in zip(header.cells, HEADINGS):
        cell.text = name
        _bold(cell)
    _repeat_as_header(header)
    for _ in range(5):
        table.add_row()
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(10)
    return doc


def _bold(cell) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.bold = True


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of each page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
