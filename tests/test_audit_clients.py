"""A case audit's documents in LibreOffice (issue 17, item 6): the workbook saved back as .xlsx by Calc
still holds one row per case and question, the locked and open cells and each answer's drop-down of its
question's scale, and a return filled in on Calc's copy is read back; the Word summary opens in Writer
with its tables."""

from __future__ import annotations

import shutil

import pytest

import clients
from audits import EXAMPLE_AUDIT, answer_choices, audit_review, fill_return, sheet
from reviewbench.audit import load_answers, load_questions, summarise
from reviewbench.build import run_audit_export, run_audit_read
from reviewbench.cli import main
from reviewbench.config import load_review


@pytest.mark.client
@pytest.mark.slow
def test_calc_keeps_the_rows_the_drop_downs_and_the_locks_and_its_copy_reads_back(office_profile, tmp_path):
    clients.need("calc")
    folder = audit_review(tmp_path / "audit")
    [exported] = [p for p in run_audit_export(folder) if p.stem == "HV"]
    saved = clients.convert(exported, "xlsx", tmp_path / "calc", office_profile)
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


@pytest.mark.client
@pytest.mark.slow
def test_the_word_summary_opens_in_writer_with_its_tables(office_profile, tmp_path, capsys):
    clients.need("writer")
    folder = tmp_path / "audit"
    shutil.copytree(EXAMPLE_AUDIT, folder, ignore=shutil.ignore_patterns("build"))
    assert main(["audit", str(folder), "--docx"]) == 0
    docx = folder / "build" / "audit_summary.docx"
    assert f"Wrote {docx}" in capsys.readouterr().out
    text = " ".join(clients.convert(docx, "txt:Text", tmp_path / "txt", office_profile)
                    .read_text(encoding="utf-8-sig").split())
    summary = summarise(load_review(folder))
    assert f"{summary.review.title}: case audit summary" in text
    assert "The voice of the child (its questions together)" in text
    voice = summary.row("section", "voice-of-the-child")
    assert f"{voice['answered']} of {voice['expected']}" in text and f"{voice['score']}%" in text
    assert "Answers not given" in text and "NA-04" in text
