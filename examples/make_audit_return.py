"""Make the filled-in case audit return of the example audit (``examples/portfolio/audit-neglect-2026``):
Health Visiting's workbook as ``reviewbench audit DIR --export`` writes it, filled in with openpyxl as the
agency would, saved to ``audit_returns/hv_return.xlsx``. Run it once with
``.venv/bin/python examples/make_audit_return.py``; the return is committed. Fixed answers and timestamps:
running it again gives the same answers.

ALL OF THIS IS FICTION. Anyshire, its services and the cases (known by their references only) are invented.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl

from reviewbench.audit.template import HEADER_ROW, SHEET_AUDIT
from reviewbench.build import run_audit_export

AUDIT = Path(__file__).resolve().parent / "portfolio" / "audit-neglect-2026"
STAMP = dt.datetime(2026, 5, 14, 9, 30)

# (case, question) -> (answer as the agency chose it from the list, comment). Left out: not answered yet.
ANSWERS = {
    ("NA-01", "V1"): ("Yes", "Seen at every contact, at home; too young to be seen alone (FICTIONAL)."),
    ("NA-01", "V2"): ("Not applicable", "Aged 2: wishes and feelings observed, recorded in V3."),
    ("NA-01", "V3"): ("Partly", "Home conditions described; the child's day not described."),
    ("NA-01", "V4"): ("No", "Plan does not refer to what was observed of the child."),
    ("NA-01", "Q1"): ("Good", "Concerns about weight referred to the GP within a week."),
    ("NA-01", "Q2"): ("Partly", "Weight concerns shared with early help, not with the nursery."),
    ("NA-01", "Q3"): ("Requires improvement", "History of the older sibling not considered."),
    ("NA-01", "Q4"): ("Requires improvement", "Early help plan has no health actions."),
    ("NA-01", "Q5"): ("Yes", "Supervision record of 3 March notes the case."),
    ("NA-01", "N1"): ("No", "No neglect tool used."),
    ("NA-02", "V1"): ("Partly", "Seen at the school nurse drop-in, not at home."),
    ("NA-02", "V2"): ("Yes", "Words of both siblings recorded."),
    ("NA-02", "V3"): ("Yes", "Lived experience summarised in the health plan."),
    ("NA-02", "V4"): ("Partly", "Views noted in the plan, actions unchanged."),
    ("NA-02", "Q1"): ("Good", "Referred after the second missed appointment."),
    ("NA-02", "Q2"): ("Yes", "Shared at the child in need meeting."),
    ("NA-02", "Q3"): ("Good", "Health needs assessment complete."),
    ("NA-02", "Q4"): ("Good", "Health actions in the child in need plan."),
    ("NA-02", "Q5"): ("Partly", "Oversight recorded once in six months."),
    ("NA-02", "N1"): ("Yes", "Graded care profile completed with the school."),
    ("NA-03", "V1"): ("Yes", "Seen alone at two visits."),
    ("NA-03", "V2"): ("Yes", "The child's own words recorded at each visit."),
    ("NA-03", "V3"): ("Partly", "School day described, evenings not."),
    ("NA-03", "V4"): ("Yes", "The child's wish for a set bedtime is in the plan."),
    ("NA-03", "Q1"): ("Outstanding", "Concern recognised from a single observation and escalated the same day."),
    ("NA-03", "Q2"): ("Yes", "Shared with social care and school the same day."),
    ("NA-03", "Q3"): ("Good", "Assessment draws on the family history."),
    ("NA-03", "Q4"): ("Good", "Health visiting actions in the plan carried out."),
    ("NA-03", "Q5"): ("Yes", "Reflective supervision recorded monthly."),
    ("NA-03", "N1"): ("Yes", "Graded care profile used and reviewed."),
    ("NA-04", "V1"): ("No", "Not seen at the last two contacts."),
    ("NA-04", "V2"): ("No", "No record of the child's views."),
    ("NA-04", "V3"): ("No", ""),
    ("NA-04", "Q1"): ("Inadequate", "Missed appointments not followed up."),
}


def main(audit: Path = AUDIT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / audit.name
        shutil.copytree(audit, copy, ignore=shutil.ignore_patterns("build", "audit_returns"))
        [exported] = [p for p in run_audit_export(copy) if p.stem == "HV"]
        wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_AUDIT]
    columns = {cell.value: cell.column for cell in ws[HEADER_ROW]}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        key = (ws.cell(row=row, column=columns["Case"]).value, ws.cell(row=row, column=columns["Question id"]).value)
        if key in ANSWERS:
            answer, comment = ANSWERS[key]
            ws.cell(row=row, column=columns["Answer"], value=answer)
            ws.cell(row=row, column=columns["Comment (evidence from the record)"], value=comment or None)
    wb.properties.created = wb.properties.modified = STAMP
    target = audit / "audit_returns" / "hv_return.xlsx"
    target.parent.mkdir(exist_ok=True)
    wb.save(target)
    return target


if __name__ == "__main__":
    print(f"Wrote {main(Path(sys.argv[1]) if len(sys.argv) > 1 else AUDIT)}")
