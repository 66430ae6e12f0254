"""Multi-agency case audits (issue 17, item 6): the question set as data with the child's voice in every
audit, a review's own questions merged; a workbook per agency, one row per case and question with the
scale's drop-down; the returns read back by row with the intake's strictness (another agency's row, an
unknown case or question, an answer off the scale: each rejected with its reason), a changed answer
reported and its history kept; the summary scored; the audit in the portfolio's table."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

import yaml_files
from audits import AUDITED, EXAMPLE_AUDIT, answer_choices, audit_review, fill_return, sheet
from conftest import REPO
from reviewbench.audit import load_answers, load_questions, summarise
from reviewbench.build import run_audit_export, run_audit_read, run_audit_summary
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError, ReviewConfigError
from reviewbench.intake.blank_templates import SHEET_INSTRUCTIONS
from reviewbench.portfolio import build_portfolio

VOICE = ["V1", "V2", "V3", "V4"]


@pytest.fixture
def exported(tmp_path) -> Path:
    """A case audit of two cases by three agencies, its workbooks exported."""
    folder = audit_review(tmp_path / "audit")
    run_audit_export(folder)
    return folder


def _own_questions(folder: Path, data: dict) -> None:
    (folder / "authored" / "audit_questions.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")


# -- the questions --------------------------------------------------------------------------------

@pytest.mark.parametrize("set_id", ["multi-agency", "single-agency"])
def test_every_question_set_asks_the_standard_voice_of_the_child_questions_first(tmp_path, set_id):
    questions = load_questions(load_review(audit_review(tmp_path / "a", questions=set_id)))
    assert questions.ids[:4] == VOICE and len(questions.ids) > 4
    assert {q.section for q in questions.questions[:4]} == {"voice-of-the-child"}
    assert questions.standard == frozenset(VOICE)
    for question in questions.questions:                       # every scale has a scored top answer
        assert questions.scale_of(question).top


def test_an_unknown_question_set_is_refused_with_the_nearest(tmp_path):
    with pytest.raises(ReviewConfigError, match="'multi-agncy' is not a question set: did you mean 'multi-agency'"):
        load_questions(load_review(audit_review(tmp_path / "a", questions="multi-agncy")))


@pytest.mark.parametrize("data, said", [
    ({"questions": [{"id": "N1", "text": "A question?", "section": "neglect", "scael": "grade"}]},
     "unknown key 'questions.0.scael': did you mean 'scale'?"),
    ({"question": []}, "unknown key 'question': did you mean 'questions'?"),
    ({"questions": [{"id": "N1", "text": "A question?", "section": "neglect", "scale": "grades"}]},
     "question N1: 'grades' is not a scale: did you mean 'grade'?"),
    ({"questions": [{"id": "V2", "text": "Reworded?", "section": "voice-of-the-child", "scale": "grade"}]},
     "question V2 is a standard question on the child's voice, which every audit asks: it cannot be replaced"),
    ({"remove": ["V1"]}, "question V1 is a standard question on the child's voice"),
    ({"remove": ["Q9"]}, "remove: 'Q9' is not a question of the set 'multi-agency'"),
    ({"questions": [{"id": "N1", "text": "A?", "section": "s", "scale": "grade"},
                    {"id": "N1", "text": "B?", "section": "s", "scale": "grade"}]},
     "question N1 is listed more than once"),
    ({"questions": [{"id": "N1", "text": "", "section": "s", "scale": "grade"}]}, "key 'questions.0.text'"),
    ({"scales": {"rag": {"values": [{"id": "red", "label": "Red", "score": 0}]}}},
     "key 'scales.rag.values'"),
])
def test_a_reviews_question_file_refuses_bad_questions_naming_the_file_and_key(tmp_path, data, said):
    folder = audit_review(tmp_path / "a")
    _own_questions(folder, data)
    with pytest.raises(ReviewConfigError) as caught:
        load_questions(load_review(folder))
    assert str(caught.value).startswith(str(folder / "authored" / "audit_questions.yaml"))
    assert said in str(caught.value)


def test_a_reviews_own_questions_replace_add_and_remove_the_sets_and_bring_their_scale(tmp_path):
    folder = audit_review(tmp_path / "a")
    _own_questions(folder, {
        "scales": {"rag": {"label": "Red, amber, green", "values": [{"id": "green", "label": "Green", "score": 2},
                                                                   {"id": "amber", "label": "Amber", "score": 1},
                                                                   {"id": "red", "label": "Red", "score": 0}]}},
        "questions": [{"id": "Q3", "text": "Was the neglect assessment tool used well?", "section": "assessment",
                       "scale": "rag"},
                      {"id": "N1", "text": "Were the home conditions described?", "section": "neglect",
                       "scale": "yes-partly-no"}],
        "remove": ["Q6"]})
    questions = load_questions(load_review(folder))
    assert questions.ids == [*VOICE, "Q1", "Q2", "Q3", "Q4", "Q5", "N1"]
    assert questions.question("q3").text == "Was the neglect assessment tool used well?"
    assert questions.scale_of(questions.question("Q3")).ids == ("green", "amber", "red")


@pytest.mark.parametrize("overrides, said", [
    ({"kind": "audit"}, "a case audit (kind: audit) needs an 'audit:' block"),
    ({"audit": {"cases": [{"ref": "TC-01"}]}}, "'audit:' is read only for a case audit: add 'kind: audit'"),
    ({"kind": "audit", "audit": {"cases": [{"ref": "TC-01"}], "agencies": ["Polise"]}},
     "audit.agencies: 'Polise' is not an agency of 'agencies': did you mean 'Police'?"),
    ({"kind": "audit", "audit": {"cases": [{"ref": "TC-01"}, {"ref": "tc-01"}]}},
     "key 'audit.cases': the case reference(s) TC-01, tc-01 are listed more than once"),
    ({"kind": "audit", "audit": {"cases": [{"reff": "TC-01"}]}},
     "unknown key 'audit.cases.0.reff': did you mean 'ref'?"),
    ({"kind": "audit", "audit": {"cases": []}}, "key 'audit.cases'"),
])
def test_review_yaml_checks_the_audit_block(tmp_path, overrides, said):
    from conftest import make_review
    with pytest.raises(ReviewConfigError) as caught:
        load_review(make_review(tmp_path / "r", **overrides))
    assert said in str(caught.value)


# -- the workbooks --------------------------------------------------------------------------------

def test_each_audited_agency_gets_a_workbook_of_one_row_per_case_and_question_with_the_scale_list(exported):
    built = exported / "build" / "audit"
    assert sorted(p.name for p in built.glob("*.xlsx")) == ["CSC.xlsx", "HV.xlsx", "POL.xlsx"]   # not School, GP
    wb, ws, columns, rows = sheet(built / "POL.xlsx")
    questions = load_questions(load_review(exported))
    assert sorted(rows) == sorted((case, q) for case in ("TC-01", "TC-02") for q in questions.ids)
    assert ws.max_row - 4 == len(rows) == 20
    assert wb.properties.identifier == "reviewbench audit return: test-audit: Police"
    assert SHEET_INSTRUCTIONS in wb.sheetnames and ws.protection.sheet
    row = rows[("TC-02", "Q3")]
    assert ws.cell(row=row, column=columns["Question"]).value == questions.question("Q3").text
    assert ws.cell(row=row, column=columns["Question id"]).protection.locked
    assert not ws.cell(row=row, column=columns["Answer"]).protection.locked
    assert not ws.cell(row=row, column=columns["Comment (evidence from the record)"]).protection.locked
    assert wb["Lists"].sheet_state == "hidden"
    for (_case, question_id), row in rows.items():       # every answer cell offers its own question's scale
        scale = questions.scale_of(questions.question(question_id))
        assert answer_choices(wb, ws, columns["Answer"], row) == ("list", [v.label for v in scale.values])
    [stop] = {v.errorStyle for v in ws.data_validations.dataValidation}
    assert stop == "stop"


def test_an_audit_command_on_a_review_that_is_not_an_audit_says_so(tmp_path):
    from conftest import make_review
    with pytest.raises(ReviewbenchError, match="is not a case audit: its review.yaml has no 'audit:' block"):
        run_audit_export(make_review(tmp_path / "r"))


# -- reading the returns --------------------------------------------------------------------------

def test_a_return_is_applied_by_row_and_every_row_is_accounted_for(exported):
    fill_return(exported, "CSC", {
        ("TC-01", "V1"): {"Answer": "Yes", "Comment (evidence from the record)": "Seen alone (FICTIONAL)."},
        ("TC-01", "Q1"): {"Answer": "requires improvement"},                       # an id or label, any case
        ("TC-02", "Q1"): {"Answer": "Brilliant"},                                  # not on the scale
        ("TC-02", "V2"): {"Answer": "Yes", "Agency": "Police"},                    # answers for another agency
        ("TC-09", "Q1"): {"Answer": "Good"},                                       # no such case
        ("TC-01", "Q99"): {"Answer": "Good"},                                      # no such question
        ("TC-02", "Q2"): {"Comment (evidence from the record)": "Shared late."},   # a comment without an answer
    })
    result = run_audit_read(exported)
    totals = {w: result.total(w) for w in ("read", "applied", "rejected", "unchanged")}
    assert totals == {"read": 22, "applied": 2, "rejected": 5, "unchanged": 15}
    assert totals["read"] == totals["applied"] + totals["rejected"] + totals["unchanged"]
    reasons = {r.location: r.reason for r in result.rejects}
    assert all(r.file == "audit_returns/csc_return.xlsx" for r in result.rejects)
    _, _, _, rows = sheet(exported / "build" / "audit" / "CSC.xlsx")
    row_of = {key: f"sheet 'Audit', row {r}" for key, r in rows.items()}
    assert reasons[row_of[("TC-02", "Q1")]].startswith(
        f"cell G{rows[('TC-02', 'Q1')]}: 'Answer' (Brilliant) is not in the list; choose one of outstanding, good")
    assert reasons[row_of[("TC-02", "V2")]] == ("the row answers for Police, but the return is Children's Social "
                                                "Care's: an agency answers only for itself.")
    assert reasons[row_of[("TC-02", "Q2")]].startswith(f"cell G{rows[('TC-02', 'Q2')]} ('Answer') is empty but a "
                                                       "comment is given")
    assert any("the case 'TC-09' is not one of the audit's cases" in r for r in reasons.values())
    assert any("the question 'Q99' is not in the audit's questions" in r for r in reasons.values())
    answers = load_answers(load_review(exported)).answers
    assert sorted(answers) == [("TC-01", "Q1", "Children's Social Care"), ("TC-01", "V1", "Children's Social Care")]
    assert answers[("TC-01", "Q1", "Children's Social Care")].answer == "requires-improvement"
    assert answers[("TC-01", "V1", "Children's Social Care")].source == \
        f"audit_returns/csc_return.xlsx, {row_of[('TC-01', 'V1')]}"
    report = yaml_files.safe_load((exported / "build" / "audit" / "returns_report.json").read_text(encoding="utf-8"))
    assert (report["rows_read"], report["rows_applied"], len(report["rejects"])) == (22, 2, 5)


@pytest.mark.slow
def test_a_return_never_touches_another_agencys_answers_and_one_not_asked_is_refused(exported, tmp_path):
    fill_return(exported, "CSC", {("TC-01", "V1"): {"Answer": "Yes"}})
    fill_return(exported, "POL", {("TC-01", "V1"): {"Answer": "No"}})
    run_audit_read(exported)
    answers = load_answers(load_review(exported)).answers
    assert answers[("TC-01", "V1", "Children's Social Care")].answer == "yes"
    assert answers[("TC-01", "V1", "Police")].answer == "no"
    school = audit_review(tmp_path / "other", agencies=[*AUDITED, "School"])
    run_audit_export(school)
    shutil.copy(school / "build" / "audit" / "SCH.xlsx", exported / "audit_returns" / "school.xlsx")
    result = run_audit_read(exported)
    errors = {f.file: f.error for f in result.failed}
    assert "is the case audit return of the review" not in errors["audit_returns/school.xlsx"]   # same id
    assert "is School's return, but the audit does not ask School" in errors["audit_returns/school.xlsx"]


def test_a_changed_answer_on_a_second_read_is_reported_and_the_earlier_one_kept(exported):
    path = fill_return(exported, "HV", {("TC-02", "Q4"): {"Answer": "Good", "Comment (evidence from the record)":
                                                          "Plan followed."}})
    first = run_audit_read(exported, [path])
    assert (first.total("applied"), first.changed) == (1, [])
    again = run_audit_read(exported, [path])                           # read twice: nothing new
    assert (again.total("applied"), again.total("unchanged")) == (0, 20)
    fill_return(exported, "HV", {("TC-02", "Q4"): {"Answer": "Inadequate", "Comment (evidence from the record)":
                                                   "Plan not followed after all."}})
    changed = run_audit_read(exported, [path])
    [change] = changed.changed
    assert (change["case"], change["question"], change["was"], change["now"]) == ("TC-02", "Q4", "good", "inadequate")
    answer = load_answers(load_review(exported)).answers[("TC-02", "Q4", "Health Visiting")]
    assert answer.answer == "inadequate" and answer.comment == "Plan not followed after all."
    assert [(h.answer, h.comment) for h in answer.history] == [("good", "Plan followed.")]
    assert path.read_bytes() == (exported / "audit_returns" / "hv_return.xlsx").read_bytes()   # returns not touched


def test_a_damaged_return_fails_by_itself_and_the_rest_are_read(exported):
    fill_return(exported, "CSC", {("TC-01", "V1"): {"Answer": "Yes"}})
    (exported / "audit_returns" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = run_audit_read(exported)
    [failed] = result.failed
    assert failed.error.startswith("audit_returns/broken.xlsx: cannot be opened")
    assert result.total("applied") == 1


# -- the summary ----------------------------------------------------------------------------------

def test_the_summary_scores_each_question_section_and_agency_and_lists_what_is_not_given(exported):
    fill_return(exported, "CSC", {("TC-01", "Q1"): {"Answer": "Outstanding"}, ("TC-02", "Q1"): {"Answer": "Inadequate"},
                                  ("TC-01", "V1"): {"Answer": "Yes"}, ("TC-02", "V1"): {"Answer": "Not applicable"}})
    fill_return(exported, "POL", {("TC-01", "Q1"): {"Answer": "Good"}, ("TC-01", "V2"): {"Answer": "Partly"}})
    run_audit_read(exported)
    summary = run_audit_summary(exported)
    q1 = summary.row("question", "Q1")
    assert (q1["expected"], q1["answered"], q1["not_given"], q1["scored"]) == (6, 3, 3, 3)
    assert q1["distribution"] == "Outstanding: 1; Good: 1; Inadequate: 1"
    assert q1["score"] == round(100 * (3 + 2 + 0) / (3 * 3))                      # mean of the scores over the top
    assert q1["missing"] == "TC-01 (Health Visiting), TC-02 (Health Visiting), TC-02 (Police)"
    assert summary.row("question", "Q1", "Children's Social Care")["score"] == 50
    voice = summary.row("section", "voice-of-the-child")                          # its four questions together
    assert (voice["expected"], voice["answered"], voice["scored"]) == (24, 3, 2)   # not applicable: not scored
    assert voice["score"] == round(100 * (2 + 1) / (2 * 2))
    assert summary.row("question", "Q5")["score"] == "" and summary.row("question", "Q5")["answered"] == 0
    assert len(summary.missing) == 60 - 6
    with (exported / "build" / "audit_summary.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(summary.rows) == (1 + 7 + 10) * 4          # overall, 7 sections, 10 questions
    html = (exported / "build" / "audit_summary.html").read_text(encoding="utf-8")
    assert "The voice of the child (its questions together)" in html and "Outstanding: 1; Good: 1" in html
    assert "Requires improvement" not in q1["distribution"]


def test_the_command_exports_reads_and_summarises(tmp_path, capsys):
    folder = audit_review(tmp_path / "audit")
    assert main(["audit", str(folder), "--export"]) == 0
    fill_return(folder, "POL", {("TC-01", "V1"): {"Answer": "Yes"}, ("TC-09", "V1"): {"Answer": "Yes"}})
    capsys.readouterr()
    assert main(["audit", str(folder), "--read"]) == 0
    out = capsys.readouterr().out
    assert "Read 21 rows from 1 returns: 1 applied (0 changed), 1 rejected, 19 unchanged or not answered." in out
    assert "Rejected: audit_returns/pol_return.xlsx, sheet 'Audit', row 25: the case 'TC-09'" in out
    assert main(["audit", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2 cases, 3 agencies, 10 questions; 1 of 60 answers given, 59 not given." in out
    assert "voice-of-the-child" in out and (folder / "build" / "audit_summary.html").is_file()


# -- the example and the portfolio ------------------------------------------------------------------

def test_the_example_audits_return_is_what_its_answers_record(tmp_path):
    folder = tmp_path / "audit"
    shutil.copytree(EXAMPLE_AUDIT, folder, ignore=shutil.ignore_patterns("build"))
    result = run_audit_read(folder)
    assert result.failed == [] and result.total("rejected") == 0
    assert result.total("applied") == 0 and result.total("read") == 40           # recorded already
    summary = summarise(load_review(folder))
    assert summary.overall["answered"] == len(load_answers(load_review(folder)).answers) > 30
    assert summary.row("question", "N1")["text"].startswith("Was a recognised neglect assessment tool used")


@pytest.mark.slow
def test_the_portfolio_builds_with_an_audit_in_its_table(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    (root / "portfolio.yaml").write_text(yaml_files.safe_dump({"partnership": "Testshire Partnership (fictional)"}),
                                         encoding="utf-8")
    shutil.copytree(EXAMPLE_AUDIT, root / "audit", ignore=shutil.ignore_patterns("build"))
    result = build_portfolio(root, as_of=dt.date(2026, 11, 30), workers=1)
    [outcome] = result.outcomes
    assert outcome.ok and outcome.built == ["audit"] and outcome.problems == []
    with (root / "build" / "portfolio.csv").open(encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    expected = summarise(load_review(root / "audit"))
    assert (row["kind"], row["build"]) == ("audit", "ok")
    assert (row["audit_cases"], row["audit_agencies"], row["audit_questions"]) == ("4", "3", "10")
    assert row["audit_answered"] == str(expected.overall["answered"])
    assert row["audit_voice_score"] == str(expected.row("section", "voice-of-the-child")["score"])
    assert (root / "audit" / "build" / "audit_summary.csv").is_file()
    assert build_portfolio(root, as_of=dt.date(2026, 11, 30), workers=1).outcomes[0].built == []   # current


def test_the_example_portfolio_lists_the_audit():
    from reviewbench.portfolio import load_portfolio
    assert EXAMPLE_AUDIT in load_portfolio(REPO / "examples" / "portfolio").review_folders()
