"""The case audit workbook sent to each agency (``reviewbench audit DIR --export``):
``build/audit/<agency code>.xlsx``, one row per case and question.

The case, the question and its scale are locked; the Answer (a drop-down of the question's scale) and
the Comment are the agency's. The workbook is marked with the review and the agency (the ``identifier``
property and the "Agency:" cell), so a returned copy is recognised even when renamed
(:mod:`reviewbench.intake.agency_returns`, shared with the action plan returns).
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from ..atomic import write_atomic
from ..config import Agency, Review
from ..intake.agency_returns import choice_list, fill_cell, header_row, lists_sheet, mark_for, protect, title_rows
from ..intake.blank_templates import instructions_sheet
from .questions import QuestionSet, load_questions

EXPORT_DIR = ("build", "audit")
SHEET_AUDIT = "Audit"
MARK_PREFIX = "reviewbench audit return"
HEADER_ROW = 4

# (key, heading, width): the case and question (locked), then the agency's answer (open).
LOCKED = (("case", "Case", 12), ("agency", "Agency", 22), ("section", "Section", 22), ("question", "Question id", 11),
          ("text", "Question", 60), ("scale", "Answers", 30))
OPEN = (("answer", "Answer", 22), ("comment", "Comment (evidence from the record)", 50))
COLUMNS = (*LOCKED, *OPEN)

INSTRUCTIONS = (
    "This workbook holds the case audit's questions for your agency: one row for each case and each question. "
    "The grey columns are locked.",
    "For each row, choose the Answer from the list (the answers the question allows are in the Answers column) "
    "and write in the Comment what in your agency's record supports it. Refer to the child and family by the "
    "case reference only, never by name.",
    "Leave a row empty if you cannot answer it yet: it is listed as not given. Do not add rows, and do not "
    "change the Case, the Agency or the Question id: a row that does not match the audit is refused.",
    "Answer only for your own agency. If you send the workbook again with an answer changed, the new answer "
    "is recorded and the earlier one kept in the answer's history.",
    "Return the workbook to the partnership's business unit.",
)


def export_path(review: Review, agency: Agency) -> Path:
    return review.root.joinpath(*EXPORT_DIR) / f"{agency.short}.xlsx"


def audit_workbook(review: Review, questions: QuestionSet, agency: Agency) -> Workbook:
    """The workbook of ``agency``'s questions (see the module's docstring)."""
    wb = Workbook()
    wb.properties.title = f"Case audit return: {review.title}: {agency.name}"
    wb.properties.identifier = mark_for(MARK_PREFIX, review, agency)
    ws = wb.active
    ws.title = SHEET_AUDIT
    title_rows(ws, review, agency, "Fill in the white columns only; see the Instructions sheet.")
    letters = header_row(ws, HEADER_ROW, COLUMNS)
    open_keys = {key for key, _, _ in OPEN}
    used = [s for s in questions.scales if any(q.scale == s for q in questions.questions)]
    ranges = lists_sheet(wb, {s: tuple(v.label for v in questions.scales[s].values) for s in used})
    choices = {s: choice_list(ranges[s], "Choose an answer from the list.") for s in used}
    row = HEADER_ROW
    for case in review.audit.cases:
        for question in questions.questions:
            row += 1
            scale = questions.scale_of(question)
            values = {"case": case.ref, "agency": agency.name, "section": question.section, "question": question.id,
                      "text": question.text, "scale": ", ".join(v.label for v in scale.values)}
            for i, (key, _, _) in enumerate(COLUMNS, start=1):
                fill_cell(ws, row, i, values.get(key), open_=key in open_keys)
            choices[question.scale].add(f"{letters['answer']}{row}")
    for choice in choices.values():
        ws.add_data_validation(choice)
    protect(ws, HEADER_ROW + 1)
    instructions_sheet(wb, f"How to return your answers to the case audit {review.title}", INSTRUCTIONS)
    wb.active = 0
    return wb


def export_templates(review: Review) -> list[Path]:
    """Write ``build/audit/<agency code>.xlsx`` for each agency the audit asks; returns them."""
    questions = load_questions(review)
    written = []
    for agency in review.audited_agencies():
        buffer = io.BytesIO()
        audit_workbook(review, questions, agency).save(buffer)
        path = export_path(review, agency)
        write_atomic(path, buffer.getvalue())
        written.append(path)
    return written
