"""The terms-of-reference matrix (``fill: table``, ``table: terms-of-reference``): each question of
``authored/terms_of_reference.yaml`` with the findings and KPEs that answer it (their ``tor``).

A question nothing answers is a marked gap, as a missing required section is; with no terms of
reference at all, the matrix is one gap saying what to write and where.
"""

from __future__ import annotations

from markupsafe import Markup

from ...authored.validate import TOR
from ...methodology import Section
from ..builder import ReportBuilder
from ..registry import table

WRITE_THEM = ("questions: then, for each, '- id: Q1' and 'question: ...' (and 'lead:' if someone leads on it); "
              "then name in each finding and KPE the questions it answers (tor: [Q1, Q3]).")


@table("terms-of-reference")
def terms_of_reference(b: ReportBuilder, section: Section, number: str) -> Markup:
    title = b.heading(section)
    kinds = [kind for kind in ("findings", "kpes") if b.method.uses(kind)] or ["findings"]
    columns = ["Question", *[b.method.findings.plural or "Findings" if kind == "findings" else "Key practice episodes"
                             for kind in kinds]]
    questions = b.authored.terms_of_reference
    if not questions:
        missing = b.authored.stamps.get(TOR) is None
        message = Markup("{} {}: write {}").format(
            b.m.code(TOR), "is missing" if missing else "holds no questions yet", WRITE_THEM)
        return b.table(title, columns[:2], [[b.m.emphasis("No terms of reference"),
                                             b.gap(number, title, message, section.prompt)]], "tor")
    findings = b.method.findings.ordered(b.authored.findings)
    rows = []
    for question in questions:
        answers = {"findings": [f for f in findings if question.id in f.tor],
                   "kpes": [k for k in b.authored.kpes if question.id in k.tor]}
        asked = Markup("<strong>{}</strong> {}").format(question.id, b.text.inline(question.question))
        if question.lead:
            asked += b.m.meta(Markup("Lead: {}").format(b.text.plain(question.lead)))
        cells = [_answers(b, answers[kind]) for kind in kinds]
        if not any(answers.values()):
            cells[0] = b.gap(f"{number} {title}, {question.id}", title,
                             f"Nothing in the report answers {question.id} yet: add {question.id} to the tor of "
                             "the findings or KPEs that answer it, or say in the report why it cannot be answered.")
        rows.append([asked, *cells])
    return b.table(title, columns, rows, "tor")


def _answers(b: ReportBuilder, items: list) -> Markup:
    if not items:
        return Markup("—")
    return Markup("<br>").join(b.m.titled(item.id, item.title) for item in items)
