"""The action plan workbook sent to each agency (``reviewbench actions DIR --export``):
``build/actions/<agency code>.xlsx`` with that agency's actions only.

The action's own columns are locked (the sheet is protected without a password: it guards against a
slip, not against a determined hand); the update area beside them is open: a dated status, a note and
who gives it, and a dated piece of evidence of impact. Each row carries the action's fingerprint
(:meth:`.actions.Action.row_key`) in a hidden column, so a return made from this copy is known to be
stale once the action changes in actions.yaml (:mod:`.returns` reports it as a conflict, never applies
it). The workbook is marked with the review and the agency (the ``identifier`` property and the
"Agency:" cell), so a returned copy is recognised even when renamed.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import write_atomic
from ..config import Agency, Review
from ..errors import ReviewbenchError
from ..intake import agency_returns
from ..intake.agency_returns import AGENCY_LABEL, choice_list, fill_cell, header_row, lists_sheet, protect, title_rows
from ..intake.blank_templates import instructions_sheet
from .actions import Action, ActionPlan, load_actions
from .statuses import plan_terms

EXPORT_DIR = ("build", "actions")
SHEET_ACTIONS = "Actions"
MARK_PREFIX = "reviewbench action return"
__all__ = ["AGENCY_LABEL", "COLUMNS", "EXPORT_DIR", "HEADER_ROW", "SHEET_ACTIONS", "UPDATE", "agency_workbook",
           "export_path", "export_returns", "mark_for", "marked"]
HEADER_ROW = 4
DATE_FORMAT = "dd/mm/yyyy"

# (key, heading, width): the action as exported (locked), then the agency's update (open), then the key.
LOCKED = (("action", "Action id", 10), ("recommendation", "Recommendation", 15),
          ("recommendation_text", "Recommendation text", 45), ("lead_role", "Lead role", 24),
          ("due", "Due", 12), ("success_criteria", "Success criteria", 45),
          ("current_status", "Current status", 14), ("status_date", "Status date", 12),
          ("evidence_so_far", "Evidence so far", 40))
UPDATE = (("update_date", "Update date", 13), ("new_status", "New status", 14), ("note", "Note", 40),
          ("updated_by", "Updated by (role)", 22), ("evidence_date", "Evidence date", 13),
          ("evidence_kind", "Evidence kind", 20), ("evidence_summary", "Evidence summary", 45),
          ("evidence_link", "Evidence link", 30))
ROW_KEY = ("row_key", "Row key (do not change)", 18)
COLUMNS = (*LOCKED, *UPDATE, ROW_KEY)
DATE_KEYS = ("update_date", "evidence_date")

INSTRUCTIONS = (
    "This workbook holds your agency's actions from the review's action plan, one row each. The grey "
    "columns say what was agreed and where it stands; they are locked.",
    "For each action you have news of, fill in the white columns of its row: the Update date (dd/mm/yyyy, "
    "today or earlier), the New status (choose from the list: the current one if it has not changed), a "
    "Note and who gives the update (by role, never by name).",
    "Evidence of impact (an audit's result, data, what practitioners say) goes in the Evidence columns: its "
    "date, its kind (from the list), a short summary and where it can be read (a link or a document name).",
    "Leave the row of an action with no news empty: it is left as it is. Do not add rows, and do not change "
    "the Action id or the Row key: a row that does not match an action of your agency is refused.",
    "Once an action is Evidenced it stays Evidenced. Updates are added to the action's history; nothing "
    "recorded before is changed.",
    "Return the workbook to the partnership's business unit. If the action plan changed after this workbook "
    "was made, your update to that action is not applied but passed to the business unit to agree with you.",
)


def mark_for(review: Review, agency: Agency) -> str:
    """The marker in the workbook's ``identifier`` property: the review and the agency it is for."""
    return agency_returns.mark_for(MARK_PREFIX, review, agency)


def marked(identifier: str | None) -> tuple[str, str] | None:
    """(review id, agency name) from a workbook's marker, or None when it is not one."""
    return agency_returns.marked(MARK_PREFIX, identifier)


def export_path(review: Review, agency: Agency) -> Path:
    return review.root.joinpath(*EXPORT_DIR) / f"{agency.short}.xlsx"


def _evidence_so_far(action: Action) -> str:
    return "\n".join(f"{e.date.strftime('%d/%m/%Y')} {e.kind}: {e.summary}" for e in action.evidence)


def _values(plan: ActionPlan, action: Action) -> dict[str, object]:
    return {"action": action.id, "recommendation": action.recommendation,
            "recommendation_text": plan.recommendations.get(action.recommendation, ""),
            "lead_role": action.lead_role, "due": action.due, "success_criteria": action.success_criteria,
            "current_status": action.status, "status_date": action.status_date,
            "evidence_so_far": _evidence_so_far(action), "row_key": action.row_key()}


def agency_workbook(plan: ActionPlan, agency: Agency) -> Workbook:
    """The workbook of ``agency``'s actions (see the module's docstring)."""
    review = plan.review
    wb = Workbook()
    wb.properties.title = f"Action plan return: {review.title}: {agency.name}"
    wb.properties.identifier = mark_for(review, agency)
    ws = wb.active
    ws.title = SHEET_ACTIONS
    title_rows(ws, review, agency, "Fill in the white columns only; see the Instructions sheet.")
    letters = header_row(ws, HEADER_ROW, COLUMNS)
    ws.column_dimensions[letters["row_key"]].hidden = True
    actions = plan.of_agency(agency.name)
    update_keys = {key for key, _, _ in UPDATE}
    for offset, action in enumerate(actions):
        row = HEADER_ROW + 1 + offset
        values = _values(plan, action)
        for i, (key, _, _) in enumerate(COLUMNS, start=1):
            fill_cell(ws, row, i, values.get(key), open_=key in update_keys)
            if key in ("due", "status_date", *DATE_KEYS):
                ws.cell(row=row, column=i).number_format = DATE_FORMAT
    last = HEADER_ROW + max(1, len(actions))
    terms = plan_terms()
    ranges = lists_sheet(wb, {"new_status": terms.status_ids, "evidence_kind": tuple(terms.evidence_kinds)})
    for key, error in (("new_status", "Choose a status from the list."),
                       ("evidence_kind", "Choose a kind of evidence from the list.")):
        choice = choice_list(ranges[key], error)
        choice.add(f"{letters[key]}{HEADER_ROW + 1}:{letters[key]}{last}")
        ws.add_data_validation(choice)
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2099,12,31)",
                           allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle="Date needed",
                           error="Enter a date as dd/mm/yyyy.")
    for key in DATE_KEYS:
        dates.add(f"{letters[key]}{HEADER_ROW + 1}:{letters[key]}{last}")
    ws.add_data_validation(dates)
    protect(ws, HEADER_ROW + 1)
    instructions_sheet(wb, f"How to return your update to the action plan of {review.title}", INSTRUCTIONS)
    wb.active = 0
    return wb


def export_returns(review: Review, plan: ActionPlan | None = None) -> list[Path]:
    """Write ``build/actions/<agency code>.xlsx`` for each agency that owns an action; returns them."""
    plan = plan or load_actions(review)
    if not plan.actions:
        raise ReviewbenchError(f"there are no actions in {plan.path}, so no workbook was written.",
                               hint="Write the action plan first (see the README section 'The portfolio and "
                                    "action plans').")
    written = []
    for agency in review.agencies:
        if not plan.of_agency(agency.name):
            continue
        buffer = io.BytesIO()
        agency_workbook(plan, agency).save(buffer)
        path = export_path(review, agency)
        write_atomic(path, buffer.getvalue())
        written.append(path)
    return written
