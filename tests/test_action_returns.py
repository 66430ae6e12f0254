"""The agencies' action plan workbooks (issue 17, item 2): exported one per agency with the action's
columns locked, filled in with openpyxl as an agency would, and read back through the intake's readers,
every row accounted for: accepted (appended to the history), rejected with its reason, unchanged, or
conflicting (reported, never applied)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import yaml_files
from action_plans import ACTIONS, plan_review, write_actions
from agency_workbooks import fill_workbook, table
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.intake.blank_templates import SHEET_INSTRUCTIONS
from reviewbench.portfolio import load_actions
from reviewbench.portfolio.returns import read_returns
from reviewbench.portfolio.workbook import HEADER_ROW, SHEET_ACTIONS, export_returns

TODAY = dt.date(2025, 3, 10)


@pytest.fixture
def exported(tmp_path) -> Path:
    """A review with actions for Children's Social Care (A1, A2) and the Police (P1), its workbooks exported."""
    folder = plan_review(tmp_path / "r")
    export_returns(load_review(folder))
    return folder


def _sheet(path: Path):
    wb, ws, columns, rows = table(path, SHEET_ACTIONS, HEADER_ROW, ("Action id",))
    return wb, ws, columns, {key[0]: row for key, row in rows.items()}


def _return(folder: Path, code: str, updates: dict[str, dict], name: str | None = None) -> Path:
    """The agency's exported workbook filled in: ``updates`` by action id (a new id takes an empty row)."""
    return fill_workbook(folder / "build" / "actions" / f"{code}.xlsx", SHEET_ACTIONS, HEADER_ROW, ("Action id",),
                         {(action_id,): values for action_id, values in updates.items()},
                         folder / "action_returns" / (name or f"{code.lower()}_return.xlsx"))


def _history(folder: Path, action_id: str) -> list[dict]:
    """The action's status history as recorded, dates as text (a date written quoted or not is the same date)."""
    data = yaml_files.safe_load((folder / "authored" / "actions.yaml").read_text(encoding="utf-8"))
    history = next(a for a in data["actions"] if a["id"] == action_id).get("status_history", [])
    return [{**step, "date": str(step["date"])} for step in history]


def test_each_agency_gets_a_workbook_of_its_own_actions_with_the_action_columns_locked(exported):
    built = exported / "build" / "actions"
    assert sorted(p.name for p in built.glob("*.xlsx")) == ["CSC.xlsx", "POL.xlsx"]   # agencies owning actions
    wb, ws, columns, rows = _sheet(built / "CSC.xlsx")
    assert sorted(rows) == ["A1", "A2"]
    assert wb.properties.identifier == "reviewbench action return: test-review: Children's Social Care"
    assert SHEET_INSTRUCTIONS in wb.sheetnames and ws.protection.sheet
    row = rows["A1"]
    assert ws.cell(row=row, column=columns["Action id"]).protection.locked
    assert ws.cell(row=row, column=columns["Due"]).protection.locked
    assert not ws.cell(row=row, column=columns["Update date"]).protection.locked
    assert not ws.cell(row=row, column=columns["Evidence summary"]).protection.locked
    key_letter = openpyxl.utils.get_column_letter(columns["Row key (do not change)"])
    assert ws.column_dimensions[key_letter].hidden
    assert ws.cell(row=row, column=columns["Row key (do not change)"]).value == \
        load_actions(load_review(exported)).action("A1").row_key()


def test_a_return_is_applied_by_row_and_every_row_is_accounted_for(exported):
    before = _history(exported, "A1")
    _return(exported, "CSC", {
        "A1": {"Update date": dt.datetime(2025, 3, 3), "New status": "At risk", "Note": "Audit postponed.",
               "Updated by (role)": "Head of MASH", "Evidence date": "01/03/2025", "Evidence kind": "data",
               "Evidence summary": "Screening records: 14 of 20 complete."},
        "P1": {"Update date": "03/03/2025", "New status": "complete"},          # the Police's action
        "A9": {"Update date": "03/03/2025", "New status": "complete"},          # no such action
    })
    result = read_returns(load_review(exported), today=TODAY)
    totals = {w: result.total(w) for w in ("read", "accepted", "rejected", "unchanged", "conflicting")}
    assert totals == {"read": 4, "accepted": 1, "rejected": 2, "unchanged": 1, "conflicting": 0}
    reasons = {r.location: r.reason for r in result.rejects}
    assert any("action P1 belongs to Police, not to Children's Social Care" in r for r in reasons.values())
    assert any("there is no action 'A9' in authored/actions.yaml" in r for r in reasons.values())
    assert all(loc.startswith("sheet 'Actions', row ") for loc in reasons)
    after = _history(exported, "A1")
    assert after[:len(before)] == before                                      # history appended, not rewritten
    assert after[-1] == {"date": "2025-03-03", "status": "at-risk", "note": "Audit postponed.", "by": "Head of MASH"}
    plan = load_actions(load_review(exported))
    assert plan.action("A1").evidence[-1].summary == "Screening records: 14 of 20 complete."
    assert plan.action("P1").status_history == []                             # the Police's action untouched
    report = yaml_files.safe_load((exported / "build" / "actions" / "returns_report.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == 4 and report["rows_accepted"] == 1


@pytest.mark.parametrize("written, reason", [
    ("31/02/2025", "'Update date': '31/02/2025' is not a real date: February 2025 has 28 days"),
    ("12/12/2023", "'Update date' (12/12/2023) is before the review began (01/01/2024)"),
    ("11/03/2025", "'Update date' (11/03/2025) is in the future (today is 10/03/2025)"),
    ("March 2025", "'Update date' (March 2025) must be a day (dd/mm/yyyy)"),
])
def test_an_impossible_update_date_rejects_the_row_with_the_reason(exported, written, reason):
    _return(exported, "CSC", {"A1": {"Update date": written, "New status": "on-track"}})
    result = read_returns(load_review(exported), today=TODAY)
    [reject] = result.rejects
    assert reject.reason.startswith(reason)
    assert (reject.file, reject.location) == ("action_returns/csc_return.xlsx", "sheet 'Actions', row 5")
    assert load_actions(load_review(exported)).action("A1").status == "on-track"


def test_a_status_going_back_from_evidenced_is_rejected(exported):
    _return(exported, "CSC", {"A2": {"Update date": "01/03/2025", "New status": "on-track"}})
    [reject] = read_returns(load_review(exported), today=TODAY).rejects
    assert "A2 is evidenced (since 2024-09-01); its status cannot go back to on-track" in reject.reason


def test_an_edit_to_an_action_since_the_export_is_reported_as_a_conflict_and_not_applied(exported):
    _return(exported, "CSC", {"A1": {"Update date": "03/03/2025", "New status": "complete",
                                     "Note": "Done, we think."}})
    changed = [dict(a) for a in ACTIONS]
    changed[0] = {**changed[0], "due": "2025-09-30"}                           # the plan moved on meanwhile
    write_actions(exported, changed)
    result = read_returns(load_review(exported), today=TODAY)
    assert (result.total("conflicting"), result.total("accepted")) == (1, 0)
    assert _history(exported, "A1")[-1]["status"] == "on-track"               # not applied
    conflicts = (exported / "build" / "actions" / "conflicts.csv").read_text(encoding="utf-8")
    assert "A1 changed in authored/actions.yaml after this workbook was exported" in conflicts
    assert "03/03/2025,complete,\"Done, we think.\"" in conflicts           # what the agency said, kept
    read_returns(load_review(exported), today=TODAY)                          # read again: kept once
    assert (exported / "build" / "actions" / "conflicts.csv").read_text(encoding="utf-8") == conflicts


def test_a_return_read_twice_adds_nothing_the_second_time(exported):
    _return(exported, "CSC", {"A1": {"Update date": "03/03/2025", "New status": "at-risk"}})
    read_returns(load_review(exported), today=TODAY)
    once = (exported / "authored" / "actions.yaml").read_text(encoding="utf-8")
    again = read_returns(load_review(exported), today=TODAY)
    assert (again.total("accepted"), again.total("unchanged")) == (0, 2)
    assert "already recorded in A1" in [u.reason for u in again.unchanged]
    assert (exported / "authored" / "actions.yaml").read_text(encoding="utf-8") == once


def test_a_return_for_another_review_or_a_damaged_file_fails_as_a_whole_naming_it(exported, tmp_path):
    other = plan_review(tmp_path / "other", id="other-review")
    export_returns(load_review(other))
    shutil.copy(other / "build" / "actions" / "CSC.xlsx", _return(exported, "CSC", {}).parent / "theirs.xlsx")
    (exported / "action_returns" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = read_returns(load_review(exported), today=TODAY)
    errors = {f.file: f.error for f in result.failed}
    assert "is the action plan return of the review 'other-review', not of test-review" in \
        errors["action_returns/theirs.xlsx"]
    assert errors["action_returns/broken.xlsx"].startswith("action_returns/broken.xlsx: cannot be opened")
    assert result.total("read") == 2                                        # the good return is still read


def test_the_command_exports_then_reads_the_returns_folder(tmp_path, capsys):
    folder = plan_review(tmp_path / "r")
    assert main(["actions", str(folder), "--export"]) == 0
    _return(folder, "POL", {"P1": {"Update date": "03/03/2025", "New status": "on-track",
                                   "Updated by (role)": "Detective Inspector"}})
    capsys.readouterr()
    assert main(["actions", str(folder), "--read", "--as-of", "2025-03-10"]) == 0
    out = capsys.readouterr().out
    assert "Read 1 rows from 1 returns: 1 accepted, 0 rejected, 0 unchanged, 0 conflicting." in out
    assert main(["actions", str(folder), "--as-of", "2025-03-10"]) == 0
    listing = capsys.readouterr().out
    assert "P1" in listing and "on-track" in listing and "[Overdue]" in listing     # due 31/01/2025, not done
