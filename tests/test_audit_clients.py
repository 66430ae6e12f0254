"""A case audit workbook opened in LibreOffice Calc (issue 17, item 6): saved back as .xlsx by Calc, it
still holds one row per case and question, the locked and open cells and each answer's drop-down of its
question's scale, and a return filled in on Calc's copy is read back."""

from __future__ import annotations

import shutil

import pytest

import clients
from audits import answer_choices, audit_review, fill_return, sheet
from reviewbench.audit import load_answers, load_questions
from reviewbench.build import run_audit_export, run_audit_read
from reviewbench.config import load_review


@pytest.mark.client
@pytest.mark.slow
def test_calc_keeps_the_rows_the_drop_downs_and_the_locks_and_its_copy_reads_back(tmp_path):
    clients.need("calc")
    folder = audit_review(tmp_path / "audit")
    [exported] = [p for p in run_audit_export(folder) if p.stem == "HV"]
    saved = clients.convert(exported, "xlsx", tmp_path / "calc", tmp_path / "profile")
    questions = load_questions(load_review(folder))
    wb, ws, columns, rows = sheet(saved)
    assert sorted(rows) == sorted((case, q) for case in ("TC-01", "TC-02") for q in questions.ids)
    for (_case, question_id), row in rows.items():
        scale = questions.scale_of(questions.question(question_id))
        assert answer_choices(wb, ws, columns["Answer"], row) == ("list", [v.label for v in scale.values])
        assert not ws.cell(row=row, column=columns["Answer"]).protection.locked
        assert ws.cell(row=row, column=columns["Question id"]).protection.locked
    assert ws.protection.sheet
    shutil.copy(saved, folder / "build" / "audit" / "HV.xlsx")          # the agency filled in Calc's copy
    fill_return(folder, "HV", {("TC-02", "V3"): {"Answer": "Partly"}})
    result = run_audit_read(folder)
    assert (result.total("read"), result.total("applied"), result.total("rejected")) == (20, 1, 0)
    assert load_answers(load_review(folder)).answers[("TC-02", "V3", "Health Visiting")].answer == "partly"
