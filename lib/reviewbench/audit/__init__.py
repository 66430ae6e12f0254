"""Multi-agency case audits (issue 17, item 6): a review folder with ``kind: audit`` and an ``audit:``
block (question set, cases, agencies) in review.yaml.

    load_questions(review)          the question set, the review's own questions merged (:mod:`.questions`)
    export_templates(review)        build/audit/<agency code>.xlsx per agency (:mod:`.template`)
    read_audit_returns(review, f)   the agencies' returns recorded in authored/audit_answers.yaml (:mod:`.returns`)
    write_summary(review)           build/audit_summary.csv and .html, scored (:mod:`.summary`)

The writers are run by the use-case layer (:mod:`reviewbench.build`'s ``run_audit_*``), as every build step is.
"""

from __future__ import annotations

from .answers import Answer, AnswerBook, load_answers
from .questions import VOICE_SECTION, Question, QuestionSet, Scale, load_questions
from .returns import AuditReadResult, read_audit_returns
from .summary import AuditSummary, summarise, write_summary
from .template import export_templates

__all__ = ["VOICE_SECTION", "Answer", "AnswerBook", "AuditReadResult", "AuditSummary", "Question", "QuestionSet",
           "Scale", "export_templates", "load_answers", "load_questions", "read_audit_returns", "summarise",
           "write_summary"]
