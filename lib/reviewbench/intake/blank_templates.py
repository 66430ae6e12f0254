"""Chronology templates to send to agencies (``reviewbench templates DIR``), one per agency.

A template that agencies fill in is the cheapest way to a clean merge: every heading is a
synonym the header detector already knows (``data/column_synonyms.yaml``), dates are
validated as dates at the keyboard, and the event type offers the same labels the
classifier uses. The same columns go into an Excel workbook and a Word document, because
some agencies can only work in one of them. Each agency of ``review.yaml`` gets its own pair,
its name in the file name, in a visible "Agency:" cell and in a marker (the ``identifier``
document property), so a returned template is recognised as that agency's even if renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
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

from ..config import Agency, Review
from ..errors import ReviewbenchError
from ..vocabulary import builtin_event_kind_labels, normalise_heading
from . import summary_form
from .template_text import (
    AGENCY_LABEL,
    AGENCY_NOTE,
    COVER_LABELS,
    DOCX_INSTRUCTIONS_TITLE,
    INSTRUCTIONS,
    TITLE,
    XLSX_INSTRUCTIONS_TITLE,
    mark_for,
)

INTAKE_DIR = "intake"

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
    ("Child seen", 12),
    # Added in issue 12, after the first columns so that templates sent out before still read the same.
    ("Seen alone", 12),
    ("Who was present", 22),
    ("Meeting attendance", 22),
)
HEADINGS: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
DATE_HEADINGS = ("Date", "End date")
HEADER_ROW = 3                       # row 1: "Agency:" and its name; row 2 left empty
DATA_ROWS = 2000                     # rows below the header that carry validation and formats
DATE_FORMAT = "dd/mm/yyyy"
YES_NO = ("Yes", "No", "Not recorded")          # Y and N, written by hand, are read the same
MEETING = ("Attended", "Sent a report only", "Invited - did not attend")

SHEET_CHRONOLOGY = "Chronology"
SHEET_INSTRUCTIONS = "Instructions"
SHEET_LISTS = "Lists"


@dataclass(frozen=True)
class TemplateFiles:
    """What ``write_intake_templates`` did: the files written and those left as they were."""

    written: list[Path]
    kept: list[Path]


def template_stem(agency: Agency) -> str:
    """``police_chronology``: the agency's name as the intake reads file names, then the kind."""
    words = normalise_heading(agency.name).split() or [agency.short.lower()]
    return "-".join(words) + "_chronology"


def template_paths(review: Review) -> dict[str, tuple[Path, Path]]:
    """Agency name -> (xlsx, docx) under ``<review>/intake/``; two agencies never share a file."""
    paths: dict[str, tuple[Path, Path]] = {}
    owners: dict[str, str] = {}
    for agency in review.agencies:
        stem = template_stem(agency)
        if stem in owners:
            raise ReviewbenchError(
                f"the agencies '{owners[stem]}' and '{agency.name}' would get the same template file "
                f"({stem}.xlsx), so no template was written.", where=str(review.root / "review.yaml"),
                hint="Give them names that differ in letters or digits, not only in punctuation or case.")
        owners[stem] = agency.name
        folder = review.root / INTAKE_DIR
        paths[agency.name] = (folder / f"{stem}.xlsx", folder / f"{stem}.docx")
    return paths


def summary_form_path(review: Review, agency: Agency) -> Path:
    """``intake/police_rapid-review-summary.docx``: the agency's rapid review summary form."""
    return review.root / INTAKE_DIR / template_stem(agency).replace("_chronology", "_rapid-review-summary.docx")


def write_intake_templates(review: Review, *, overwrite: bool = False, rapid_review: bool = False) -> TemplateFiles:
    """Write an XLSX and a DOCX template for each agency into ``<review>/intake/``; with
    ``rapid_review``, its rapid review agency summary form (DOCX) too.

    An existing template is kept unless ``overwrite`` is true, because an agency may already have
    filled it in; the missing ones are written (an agency added to review.yaml later gets its own).
    Refuses, writing nothing, when every template already exists and ``overwrite`` is false.
    """
    paths = template_paths(review)
    if not paths:
        raise ReviewbenchError("review.yaml lists no agencies, so there is no one to send a template to.",
                               where=str(review.root / "review.yaml"), hint="List the agencies under 'agencies'.")
    forms = {a.name: summary_form_path(review, a) for a in review.agencies} if rapid_review else {}
    targets = [path for pair in paths.values() for path in pair] + list(forms.values())
    kept = [] if overwrite else [path for path in targets if path.exists()]
    if kept and len(kept) == len(targets):
        raise ReviewbenchError(
            f"every agency's intake template already exists in {review.root / INTAKE_DIR}; none was overwritten.",
            hint="Use --force to write fresh copies over them (an agency may already have filled one in: "
                 "move those first).")
    (review.root / INTAKE_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    for agency in review.agencies:
        xlsx, docx = paths[agency.name]
        if xlsx not in kept:
            _xlsx_template(agency).save(xlsx)
            written.append(xlsx)
        if docx not in kept:
            _docx_template(agency).save(str(docx))
            written.append(docx)
        form = forms.get(agency.name)
        if form is not None and form not in kept:
            summary_form_document(agency.name).save(str(form))
            written.append(form)
    return TemplateFiles(written, kept)


# --- Excel ---------------------------------------------------------------------------

def _xlsx_template(agency: Agency) -> Workbook:
    wb = Workbook()
    wb.properties.title = f"{TITLE}: {agency.name}"
    wb.properties.identifier = mark_for(agency.name)
    ws = wb.active
    ws.title = SHEET_CHRONOLOGY
    ws["A1"] = AGENCY_LABEL
    ws["A1"].font = Font(bold=True)
    ws["B1"] = agency.name
    ws["B1"].font = Font(bold=True)
    ws["B1"].fill = PatternFill("solid", fgColor="FFF2CC")
    ws["C1"] = AGENCY_NOTE
    ws["C1"].font = Font(italic=True, color="595959")
    for cell in (ws["A1"], ws["B1"], ws["C1"]):
        cell.alignment = Alignment(vertical="top")
    letters = {name: get_column_letter(i) for i, (name, _) in enumerate(COLUMNS, start=1)}
    headings = [name for name, _ in COLUMNS]
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    for i, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=name)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        column = ws.column_dimensions[letters[name]]
        column.width = width
        column.alignment = Alignment(wrap_text=True, vertical="top")
    first, last = HEADER_ROW + 1, HEADER_ROW + DATA_ROWS
    ws.freeze_panes = f"A{first}"

    for name in DATE_HEADINGS:
        ws.column_dimensions[letters[name]].number_format = DATE_FORMAT
        column = headings.index(name) + 1
        for row in range(first, last + 1):          # by number: a cell named "A123" is parsed, 4,000 times
            ws.cell(row=row, column=column).number_format = DATE_FORMAT
    ws.column_dimensions[letters["Time"]].number_format = "hh:mm"

    dates = DataValidation(
        type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2099,12,31)",
        allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle="Date needed",
        error="Enter a date as dd/mm/yyyy, for example 03/03/2022. If only the month is known, "
              "press Yes to keep text such as 'March 2022'.",
        promptTitle="Date", prompt="Day first: dd/mm/yyyy", showInputMessage=True)
    for name in DATE_HEADINGS:
        dates.add(f"{letters[name]}{first}:{letters[name]}{last}")
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
    kinds.add(f"{letters['Event type']}{first}:{letters['Event type']}{last}")
    ws.add_data_validation(kinds)

    for heading, options, error in (
            ("Child seen", YES_NO, "Choose Yes if the child was seen during this contact, No if not, or Not "
                                   "recorded if the record does not say."),
            ("Seen alone", YES_NO, "Choose Yes if the child was seen or spoken with alone, away from parents "
                                   "and carers, No if not, or Not recorded."),
            ("Meeting attendance", MEETING, "For a meeting: choose whether your agency attended, sent a report "
                                            "only, or was invited and did not attend.")):
        choice = DataValidation(
            type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
            showErrorMessage=True, errorStyle="warning", errorTitle=heading, error=error)
        choice.add(f"{letters[heading]}{first}:{letters[heading]}{last}")
        ws.add_data_validation(choice)

    instructions_sheet(wb, XLSX_INSTRUCTIONS_TITLE, INSTRUCTIONS)
    wb.active = 0
    return wb


def instructions_sheet(wb: Workbook, title: str, instructions: tuple[str, ...]) -> None:
    """A second sheet, Instructions: ``title``, then each instruction numbered, one a row (a workbook sent
    to an agency says how to fill it in where it is filled in)."""
    info = wb.create_sheet(SHEET_INSTRUCTIONS, index=1)
    info.column_dimensions["A"].width = 110
    info["A1"] = title
    info["A1"].font = Font(bold=True, size=14)
    for i, text in enumerate(instructions, start=3):
        cell = info.cell(row=i, column=1, value=f"{i - 2}. {text}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- Word ----------------------------------------------------------------------------

def _docx_template(agency: Agency):
    doc = Document()
    doc.core_properties.title = f"{TITLE}: {agency.name}"
    doc.core_properties.identifier = mark_for(agency.name)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    if section.page_width < section.page_height:
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))

    doc.add_heading(TITLE, level=1)
    cover = doc.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for label in COVER_LABELS:
        cells = cover.add_row().cells
        cells[0].text = label
        _bold(cells[0])
        if label == AGENCY_LABEL:
            cells[1].text = agency.name
            _bold(cells[1])
        cells[0].width, cells[1].width = Cm(5), Cm(15)
    doc.add_paragraph(AGENCY_NOTE)

    doc.add_paragraph(DOCX_INSTRUCTIONS_TITLE)
    for text in INSTRUCTIONS:
        doc.add_paragraph(text, style="List Bullet")

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


def summary_form_document(agency_name: str):
    """The rapid review agency summary form for ``agency_name``: a cover table, then each heading of
    :data:`summary_form.FIELDS` with its guidance under it, for the agency to write below."""
    doc = Document()
    doc.core_properties.title = f"{summary_form.TITLE}: {agency_name}"
    doc.core_properties.identifier = summary_form.mark_for(agency_name)
    doc.add_heading(summary_form.TITLE, level=1)
    cover = doc.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for label in summary_form.COVER_LABELS:
        cells = cover.add_row().cells
        cells[0].text = label
        _bold(cells[0])
        if label == summary_form.AGENCY_LABEL:
            cells[1].text = agency_name
            _bold(cells[1])
        cells[0].width, cells[1].width = Cm(5), Cm(11)
    doc.add_paragraph(summary_form.INTRODUCTION)
    for form_field in summary_form.FIELDS:
        doc.add_heading(form_field.heading, level=2)
        guidance = doc.add_paragraph()
        run = guidance.add_run(form_field.guidance)
        run.font.italic = True
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
