"""A case audit scored and summarised (``reviewbench audit DIR``): ``build/audit_summary.csv`` and
``build/audit_summary.html`` (and ``.docx`` when asked).

For each question, and for each section (the voice-of-the-child questions together), per agency and
for all agencies: how many answers were expected (a case each), given and not given, their
distribution on the scale, and a score: the mean of the scored answers as a percentage of the scale's
top score (answers without a score, such as "not applicable", are counted but not scored). The answers
not given are listed by case and agency. Cases are named by their pseudonymous reference only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from ..atomic import write_atomic
from ..config import Review
from .answers import Answer, load_answers
from .questions import VOICE_SECTION, Question, QuestionSet, load_questions

SUMMARY_CSV, SUMMARY_HTML, SUMMARY_DOCX = "audit_summary.csv", "audit_summary.html", "audit_summary.docx"
ALL_AGENCIES = "All agencies"
# The audit's numbers in the portfolio's table (build/portfolio.csv), blank for a review that is not an audit.
COUNT_COLUMNS = ("audit_cases", "audit_agencies", "audit_questions", "audit_expected", "audit_answered",
                 "audit_not_given", "audit_score", "audit_voice_score")
COLUMNS = ("level", "section", "question", "text", "agency", "expected", "answered", "not_given", "distribution",
           "scored", "score", "missing")


@dataclass
class AuditSummary:
    review: Review
    questions: QuestionSet
    agencies: list[str]
    rows: list[dict]
    missing: list[dict]                                 # case, question, agency of each answer not given
    outputs: list[Path] = field(default_factory=list)
    changed: bool = False                               # what was written differs from what was there

    def row(self, level: str, key: str, agency: str = ALL_AGENCIES) -> dict:
        field_name = "question" if level == "question" else "section"
        return next(r for r in self.rows if r["level"] == level and r[field_name] == key and r["agency"] == agency)

    @property
    def overall(self) -> dict:
        return self.row("audit", "", ALL_AGENCIES)

    def counts(self) -> dict[str, object]:
        """The audit in a few numbers, for the portfolio's table."""
        voice = next((r for r in self.rows if r["level"] == "section" and r["section"] == VOICE_SECTION
                      and r["agency"] == ALL_AGENCIES), None)
        overall = self.overall
        return {"audit_cases": len(self.review.audit.cases), "audit_agencies": len(self.agencies),
                "audit_questions": len(self.questions.questions), "audit_expected": overall["expected"],
                "audit_answered": overall["answered"], "audit_not_given": overall["not_given"],
                "audit_score": overall["score"], "audit_voice_score": voice["score"] if voice else ""}


def _tally(questions: QuestionSet, pairs: list[tuple[Question, Answer | None]]) -> dict[str, object]:
    """Expected, answered, distribution and score of the (question, answer) pairs given."""
    counts: dict[str, int] = {}
    scored: list[float] = []
    for question, answer in pairs:
        if answer is None:
            continue
        scale = questions.scale_of(question)
        value = next((v for v in scale.values if v.id == answer.answer), None)
        label = value.label if value else answer.answer
        counts[label] = counts.get(label, 0) + 1
        if value is not None and value.score is not None and scale.top:
            scored.append(value.score / scale.top)
    answered = sum(counts.values())
    order = [v.label for q, _ in pairs for v in questions.scale_of(q).values]
    shown = sorted(counts, key=lambda label: order.index(label) if label in order else len(order))
    return {"expected": len(pairs), "answered": answered, "not_given": len(pairs) - answered,
            "distribution": "; ".join(f"{label}: {counts[label]}" for label in shown),
            "scored": len(scored), "score": round(100 * sum(scored) / len(scored)) if scored else ""}


def summarise(review: Review) -> AuditSummary:
    """The audit's answers scored per question, per section and overall, per agency and for all agencies."""
    questions = load_questions(review)
    answers = load_answers(review).answers
    agencies = [a.name for a in review.audited_agencies()]
    cases = [c.ref for c in review.audit.cases]

    def pairs(chosen: list[Question], agency: str | None) -> list[tuple[Question, Answer | None]]:
        return [(q, answers.get((case, q.id, name))) for q in chosen for name in ([agency] if agency else agencies)
                for case in cases]

    rows = []
    sections = list(dict.fromkeys(q.section for q in questions.questions))
    groups = [("audit", "", "", "", list(questions.questions))]
    groups += [("section", s, "", "", [q for q in questions.questions if q.section == s]) for s in sections]
    groups += [("question", q.section, q.id, q.text, [q]) for q in questions.questions]
    for level, section, question_id, text, chosen in groups:
        for agency in [None, *agencies]:
            found = pairs(chosen, agency)
            missing = sorted({f"{case} ({name})" if agency is None else case
                              for q in chosen for name in ([agency] if agency else agencies) for case in cases
                              if (case, q.id, name) not in answers}) if level == "question" else []
            rows.append({"level": level, "section": section, "question": question_id, "text": text,
                         "agency": agency or ALL_AGENCIES, **_tally(questions, found), "missing": ", ".join(missing)})
    missing = [{"case": case, "question": q.id, "agency": name} for q in questions.questions for name in agencies
               for case in cases if (case, q.id, name) not in answers]
    return AuditSummary(review, questions, agencies, rows, missing)


_PAGE = Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ title }}: case audit summary</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #bbb; padding: .3em .6em;
vertical-align: top; text-align: left; } th { background: #d9e2f3; } td.n { text-align: right; }
</style></head><body>
<h1>{{ title }}: case audit summary</h1>
{{ body }}
</body></html>
""")
_BODY = Environment(autoescape=True).from_string("""
<p>{{ set_title }}: {{ cases }} cases, {{ agencies|length }} agencies ({{ agencies|join(", ") }}),
{{ questions }} questions. {{ overall.answered }} of {{ overall.expected }} answers given; overall score
{{ overall.score if overall.score != "" else "not scored" }}{{ "%" if overall.score != "" }}.</p>
<p>The score is the mean of the scored answers as a percentage of the scale's top answer; answers such as
"Not applicable" are counted but not scored. Cases are named by their reference only.</p>
{% for heading, level, part in parts %}
<h2>{{ heading }}</h2>
<table><thead><tr><th>{{ "Question" if level == "question" else "Section" }}</th><th>Agency</th><th>Answers</th>
<th>Not given</th><th>Distribution</th><th>Score</th></tr></thead><tbody>
{% for row in part %}
<tr><td>{{ (row.question ~ ": " ~ row.text) if level == "question" else row.section.replace("-", " ")|capitalize }}</td>
<td>{{ row.agency }}</td>
<td class="n">{{ row.answered }} of {{ row.expected }}</td><td class="n">{{ row.not_given }}</td>
<td>{{ row.distribution }}</td><td class="n">{{ row.score ~ "%" if row.score != "" else "" }}</td></tr>
{% endfor %}</tbody></table>
{% endfor %}
<h2>Answers not given</h2>
{% if missing %}<table><thead><tr><th>Case</th><th>Question</th><th>Agency</th></tr></thead><tbody>
{% for m in missing %}<tr><td>{{ m.case }}</td><td>{{ m.question }}</td><td>{{ m.agency }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>Every answer was given.</p>{% endif %}
""")


def summary_body(summary: AuditSummary) -> str:
    """The summary's content (its tables), as the HTML page and the Word document both hold it."""
    review = summary.review
    return _BODY.render(
        title=review.title, set_title=summary.questions.title, cases=len(review.audit.cases),
        agencies=summary.agencies, questions=len(summary.questions.questions), overall=summary.overall,
        missing=summary.missing, parts=[
            ("The voice of the child (its questions together)", "section",
             [r for r in summary.rows if r["level"] == "section" and r["section"] == VOICE_SECTION]),
            ("The other sections", "section",
             [r for r in summary.rows if r["level"] == "section" and r["section"] != VOICE_SECTION]),
            ("Each question", "question", [r for r in summary.rows if r["level"] == "question"])])


def summary_html(body: str, title: str) -> str:
    """The page of build/audit_summary.html around the summary's body (``summary_body``)."""
    return _PAGE.render(title=title, body=Markup(body))


def summary_csv(summary: AuditSummary) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(summary.rows)
    return out.getvalue()


def write_summary(review: Review, *, docx: bool = False) -> AuditSummary:
    """Score the audit and write build/audit_summary.csv and .html (atomically, only when they changed);
    with ``docx`` also build/audit_summary.docx, through the report's pandoc path (its reference
    document without the draft's marking)."""
    summary = summarise(review)
    body = summary_body(summary)                      # the same tables in the page and in the Word document
    summary.outputs = [review.build_dir / SUMMARY_CSV, review.build_dir / SUMMARY_HTML]
    for path, text in zip(summary.outputs, (summary_csv(summary), summary_html(body, review.title))):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            summary.changed = True
    if docx:                 # the render package (pandoc, the reference documents) is loaded only for this
        from ..render.export import export_docx, reference_docx

        summary.outputs.append(export_docx(body, f"{review.title}: case audit summary",
                                           summary.questions.title, review.build_dir / SUMMARY_DOCX,
                                           reference_docx(publish=True)))
    return summary
