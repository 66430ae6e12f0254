"""Small case audit folders and filled-in audit returns, for the tests of reviewbench.audit (plain helpers;
the fixtures are in conftest.py or the test files). Every case reference and answer in them is invented."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from agency_workbooks import fill_workbook, table
from conftest import REPO, make_review
from reviewbench.audit.template import HEADER_ROW, SHEET_AUDIT

EXAMPLE_AUDIT = REPO / "examples" / "portfolio" / "audit-neglect-2026"
CASES = [{"ref": "TC-01", "note": "Fictional case one"}, {"ref": "TC-02", "note": "Fictional case two"}]
AUDITED = ["Children's Social Care", "Police", "Health Visiting"]


def audit_review(root: Path, **audit) -> Path:
    """A case audit (kind: audit) of two cases by three of the five agencies of conftest's review."""
    block = {"questions": "multi-agency", "cases": CASES, "agencies": AUDITED, **audit}
    return make_review(root, id="test-audit", title="Test case audit (fictional)", kind="audit", audit=block)


KEYS = ("Case", "Question id")


def sheet(path: Path):
    """The workbook, its Audit sheet, the column of each heading, and the row of each (case, question id)."""
    return table(path, SHEET_AUDIT, HEADER_ROW, KEYS)


def fill_return(folder: Path, code: str, answers: dict[tuple[str, str], dict], name: str | None = None) -> Path:
    """The agency's exported workbook filled in: ``answers`` by (case, question id), each {heading: value}."""
    return fill_workbook(folder / "build" / "audit" / f"{code}.xlsx", SHEET_AUDIT, HEADER_ROW, KEYS, answers,
                         folder / "audit_returns" / (name or f"{code.lower()}_return.xlsx"))


def answer_choices(wb, ws, column: int, row: int) -> tuple[str, list[str]]:
    """The type of the data validation on the answer cell (``column``, ``row``) and the answers it offers
    (read from the range of the hidden Lists sheet its formula names)."""
    cell = f"{openpyxl.utils.get_column_letter(column)}{row}"
    [validation] = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    first, last = validation.formula1.split("!")[1].replace("$", "").split(":")
    return validation.type, [found[0].value for found in wb["Lists"][first:last]]
