"""The agencies' case audit returns read back (``reviewbench audit DIR --read``) and recorded.

A return is a workbook of :mod:`.template` filled in by one agency, read by the intake's readers (the
same checks of a damaged, mis-named or protected file, the same provenance "sheet 'Audit', row 7"). Every
row read is accounted for:

- applied: a new answer, or a changed one (the old answer kept in its history, the change reported);
- unchanged: nothing filled in (listed as not given in the summary), or the answer recorded already;
- rejected, with the reason: a case the audit does not list, a question not in its set, a row answering
  for another agency than the return's, an answer not on the question's scale (naming the cell), a
  question answered twice in one return.

A return for an agency the audit does not ask, or for another review, is refused as a whole. Returns are
never changed; ``authored/audit_answers.yaml`` is written once, after every return is read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from openpyxl.utils import get_column_letter

from ..atomic import write_atomic
from ..config import Agency, Review
from ..errors import IntakeFileError, ReviewbenchError, RowRejected
from ..intake.agency_returns import (
    ReturnedFile,
    ReturnsRead,
    choice_of,
    find_table,
    relative_name,
    return_files,
    returned_by,
)
from ..intake.columns import heading_key, rows_from_grid
from ..intake.readers import read_document
from ..model import RawRow, Reject
from ..suggest import did_you_mean
from .answers import Answer, AnswerBook, Earlier, load_answers
from .questions import QuestionSet, load_questions
from .template import COLUMNS, EXPORT_DIR, MARK_PREFIX

RETURNS_DIR = "audit_returns"
REPORT_JSON = "returns_report.json"
_HEADINGS = {heading_key(heading): key for key, heading, _ in COLUMNS}
_HEADING_OF = {key: heading for key, heading, _ in COLUMNS}


@dataclass
class AuditReturn(ReturnedFile):
    rows_applied: int = 0


@dataclass
class AuditReadResult(ReturnsRead):
    applied: list[dict] = field(default_factory=list)       # file, location, case, question, agency, answer
    changed: list[dict] = field(default_factory=list)       # the applied answers that replaced another
    COUNTS: ClassVar[tuple[str, ...]] = ("read", "applied", "rejected", "unchanged")

    def as_dict(self) -> dict:
        return {**super().as_dict(), "applied": self.applied, "changed": self.changed}


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


@dataclass
class _Reading:
    review: Review
    questions: QuestionSet
    book: AnswerBook
    result: AuditReadResult

    def row(self, raw: RawRow, agency: Agency, counts: AuditReturn, seen: set[tuple[str, str]],
            answer_cell: str) -> None:
        try:
            answer = self._answer(raw, agency, seen, answer_cell)
        except RowRejected as exc:
            counts.rows_rejected += 1
            self.result.rejects.append(Reject(raw.file, raw.location, exc.reason))
            return
        if answer is None:
            counts.rows_unchanged += 1
            self.result.unchanged.append(Reject(raw.file, raw.location, "not answered"))
            return
        before = self.book.answers.get(answer.key)
        if before is not None and (before.answer, before.comment) == (answer.answer, answer.comment):
            counts.rows_unchanged += 1
            self.result.unchanged.append(Reject(raw.file, raw.location, "answer recorded already"))
            return
        if before is not None:
            answer = answer.model_copy(update={"history": [*before.history, Earlier(
                answer=before.answer, comment=before.comment, source=before.source)]})
            self.result.changed.append({"file": raw.file, "location": raw.location, "case": answer.case,
                                        "question": answer.question, "agency": answer.agency,
                                        "was": before.answer, "now": answer.answer, "was_from": before.source})
        self.book.answers[answer.key] = answer
        counts.rows_applied += 1
        self.result.applied.append({"file": raw.file, "location": raw.location, "case": answer.case,
                                    "question": answer.question, "agency": answer.agency, "answer": answer.answer})

    def _answer(self, raw: RawRow, agency: Agency, seen: set[tuple[str, str]], answer_cell: str) -> Answer | None:
        values = raw.values
        written, comment = _text(values.get("answer")), _text(values.get("comment"))
        case_ref, question_id = _text(values.get("case")), _text(values.get("question"))
        if not written and not comment:
            return None
        refs = [c.ref for c in self.review.audit.cases]
        case = next((r for r in refs if r.lower() == case_ref.lower()), None)
        if case is None:
            raise RowRejected(f"the case '{case_ref}' is not one of the audit's cases (audit.cases in review.yaml"
                              f"{did_you_mean(case_ref, refs, aside=True)}: {', '.join(refs)}).")
        question = self.questions.question(question_id)
        if question is None:
            raise RowRejected(f"the question '{question_id}' is not in the audit's questions"
                              f"{did_you_mean(question_id, self.questions.ids, aside=True)}; its questions are "
                              f"{', '.join(self.questions.ids)}.")
        named = _text(values.get("agency"))
        if named and self.review.agency_named(named) is not agency:
            raise RowRejected(f"the row answers for {named}, but the return is {agency.name}'s: an agency answers "
                              "only for itself.")
        if not written:
            raise RowRejected(f"cell {answer_cell} ('{_HEADING_OF['answer']}') is empty but a comment is given: "
                              "choose the answer from the list too.")
        scale = self.questions.scale_of(question)
        try:
            chosen = choice_of(written, {v.id: v.label for v in scale.values}, _HEADING_OF["answer"])
        except RowRejected as exc:
            raise RowRejected(f"cell {answer_cell}: {exc.reason.rstrip('.')} (question {question.id}'s scale).") \
                from exc
        if (case, question.id) in seen:
            raise RowRejected(f"a second row for case {case}, question {question.id} in this return: keep one.")
        seen.add((case, question.id))
        return Answer(case=case, question=question.id, agency=agency.name, answer=chosen, comment=comment,
                      source=f"{raw.file}, {raw.location}")


def _read_file(reading: _Reading, path: Path) -> AuditReturn:
    review = reading.review
    rel = relative_name(review, path)
    counts = AuditReturn(rel)
    try:
        doc = read_document(path, rel)
        found = [(grid, header) for grid in doc.grids
                 if (header := find_table(grid, _HEADINGS, {"case", "question", "answer"})) is not None]
        if not found:
            raise IntakeFileError(rel, "holds no case audit table (no sheet with the headings 'Case', 'Question id' "
                                       "and 'Answer').", hint="Return the workbook made by 'reviewbench audit DIR "
                                                              "--export', filled in.")
        grid, header = found[0]
        agency = returned_by(review, rel, doc.identifier, grid, MARK_PREFIX, "case audit return", RETURNS_DIR,
                             "reviewbench audit DIR --export")
        asked = [a.name for a in review.audited_agencies()]
        if agency.name not in asked:
            raise IntakeFileError(rel, f"is {agency.name}'s return, but the audit does not ask {agency.name} "
                                       f"(audit.agencies in review.yaml: {', '.join(asked)}).",
                                  hint="Add the agency to audit.agencies, or leave the file out.")
    except IntakeFileError as exc:
        counts.status, counts.error = "failed", str(exc)
        return counts
    counts.agency = agency.name
    answer_column = get_column_letter(next(c for c, k in header.keys.items() if k == "answer") + 1)
    rows, _repeats = rows_from_grid(rel, grid, header)
    seen: set[tuple[str, str]] = set()
    for raw in rows:
        counts.rows_read += 1
        reading.row(raw, agency, counts, seen, f"{answer_column}{raw.location.rsplit('row ', 1)[-1]}")
    return counts


def read_audit_returns(review: Review, files: list[Path] | None = None) -> AuditReadResult:
    """Read each return (default: every workbook in ``audit_returns/``), record what is applied in
    authored/audit_answers.yaml, and write ``build/audit/returns_report.json``."""
    questions = load_questions(review)
    book = load_answers(review)
    files = return_files(review.root / RETURNS_DIR) if files is None else [Path(f) for f in files]
    if not files:
        raise ReviewbenchError(f"there are no returns to read in {review.root / RETURNS_DIR}.",
                               hint="Put the workbooks the agencies sent back there, or name them after --read.")
    result = AuditReadResult(review, [])
    reading = _Reading(review, questions, book, result)
    result.files = [_read_file(reading, path) for path in files]
    if result.total("applied"):
        book.save()
    report = review.root.joinpath(*EXPORT_DIR) / REPORT_JSON
    write_atomic(report, json.dumps(result.as_dict(), indent=1, ensure_ascii=False) + "\n")
    result.outputs = [report] + ([book.path] if result.total("applied") else [])
    return result
