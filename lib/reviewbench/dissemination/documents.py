"""The products published beside the report, written as the report is: one HTML body made from a Jinja2
template, put in a self-contained page (the report's stylesheet inline) and turned into Word by pandoc
with the report's reference document (:func:`reviewbench.render.export.export_docx`). Each is then read
back by the publication scanner, with the review's names register, and the result kept with it.

    write_response(review, plan)   build/response.html, build/response.docx
    write_summary(review)          build/dissemination/summary.html, summary.docx

The response is the safeguarding partners' own statement: it is published as they wrote it (nothing in
it is replaced), and the scan says what in it could identify someone. The summary is drawn from the
report's authored content, so it is anonymised as the report is (the register's pseudonyms), then scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..atomic import write_atomic
from ..authored import load_authored
from ..authored.validate import PLAIN_SUMMARY  # authored/sections/plain_summary.md: the reviewer's own words
from ..config import Review, as_review
from ..dates import dmy, long_date
from ..errors import AuthoredError, FileProblem
from ..publication.check import CheckResult, scan_lines
from ..publication.names import NameRegister, review_register
from ..publication.scan import DISSEMINATION_DIR, ScanResult, scan_review
from ..render.export import export_docx, reference_docx, templates_root
from ..report.text import TextRenderer
from .response import WHERE, Plan, load_response, response_rows

RESPONSE_HTML, RESPONSE_DOCX = "response.html", "response.docx"
SUMMARY_HTML, SUMMARY_DOCX = "summary.html", "summary.docx"

_ENV = Environment(loader=PackageLoader("reviewbench.dissemination", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)


@dataclass
class DocumentResult:
    """A product written and scanned: ``notes`` say what it lacks or where its parts came from."""

    html: Path
    docx: Path
    scan: ScanResult
    register: NameRegister
    review: Review
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing found that could identify someone, and the check could run (a register, files read)."""
        return self.scan.ok

    def lines(self) -> list[str]:
        """What the command says: the notes, each item found with its places, what to do, the verdict."""
        out = [*self.notes, *scan_lines(self.scan), CheckResult(self.review, self.scan, {}, self.register).verdict()]
        return out + [f"Wrote {self.html}", f"Wrote {self.docx}"]


def _css() -> str:
    return (templates_root() / "report" / "report.css").read_text(encoding="utf-8")


def _write(review: Review, folder: Path, stem: str, title: str, subtitle: str, body: str, published: bool,
           register: NameRegister, notes: list[str]) -> DocumentResult:
    """Write ``stem``.html and .docx in ``folder`` from ``body``, then scan both."""
    html, docx = folder / f"{stem}.html", folder / f"{stem}.docx"
    page = _ENV.get_template("page.html.j2").render(title=title, css=Markup(_css()), body=Markup(body))
    write_atomic(html, page)
    export_docx(body, title, subtitle, docx, reference_docx(publish=published))
    scan = scan_review(review, [html, docx], base=review.build_dir, register=register)
    return DocumentResult(html, docx, scan, register, review, notes)


def write_response(review: Review | str | Path, plan: Plan | None) -> DocumentResult:
    """The partners' response (authored/response.yaml) beside the report, with the actions of ``plan`` (the
    review's action plan, read by the caller; None: no actions shown).

    Raises:
        AuthoredError: the review has no response.yaml, or it (or the authored content) has problems.
    """
    review = as_review(review)
    loaded = load_response(review)
    if loaded is None:
        raise AuthoredError([FileProblem(WHERE, "does not exist, so there is no response to render. Write it: "
                                                "published (a date, or empty while a draft), by, statement, and "
                                                "under recommendations one {recommendation, response, text} per "
                                                "recommendation of authored/recommendations.yaml.")])
    response = loaded.response
    title = f"{review.title}: the safeguarding partners' response"
    subtitle = f"Response to the {review.title} review"
    body = _ENV.get_template("response.html.j2").render(
        title=title, subtitle=subtitle, response=response, rows=response_rows(loaded, plan),
        unanswered=loaded.unanswered, published=long_date(response.published) if response.published else "",
        text=TextRenderer(NameRegister.from_mapping({})), dmy=dmy)
    notes = []
    if loaded.unanswered:
        notes.append(f"Not yet answered in {WHERE}: {', '.join(loaded.unanswered)} (shown as '"
                     "No response recorded').")
    if plan is None or not plan.actions:
        notes.append("The review has no action plan (authored/actions.yaml): no actions are shown.")
    if response.published is None:
        notes.append(f"The response is a draft: {WHERE} has no 'published' date.")
    return _write(review, review.build_dir, "response", title, subtitle, body, response.published is not None,
                  review_register(review), notes)


def write_summary(review: Review | str | Path) -> DocumentResult:
    """The plain-language summary: who the review was about, what happened (the reviewer's
    authored/sections/plain_summary.md, else the report's summary section), what was learned (the findings)
    and what will change (the recommendations and the partners' answers)."""
    review = as_review(review)
    authored = load_authored(review)
    register = review_register(review)
    loaded = load_response(review, authored)
    own = authored.sections.get(PLAIN_SUMMARY, "").strip()
    drawn = []
    if own:
        what_happened = own
    else:
        what_happened = authored.sections.get("summary", "").strip()
        drawn.append("what happened (the report's summary section, authored/sections/summary.md; write your own "
                     "in plain words in authored/sections/plain_summary.md)" if what_happened else
                     "nothing for what happened: write it in authored/sections/plain_summary.md")
    # The partners' answers are theirs once published: a draft response is neither quoted nor said to be out.
    published = loaded if loaded is not None and loaded.response.published is not None else None
    drawn += ["what we learned (the findings' titles and statements)",
              "what will change (the recommendations" + (" and the partners' answers)" if published else ")")]
    subject = next((p.pseudonym for p in register.people if p.subject and p.pseudonym), review.title)
    title = f"{review.title}: a summary in plain words"
    body = _ENV.get_template("summary.html.j2").render(
        title=title, partnership=review.partnership or "", subject=subject,
        period=f"{long_date(review.scope.start)} and {long_date(review.scope.end)}", what_happened=what_happened,
        findings=authored.findings, recommendations=authored.recommendations,
        answers={a.recommendation: a for a in published.response.recommendations} if published else {},
        has_response=published is not None, drawn=drawn, text=TextRenderer(register))
    notes = [f"Drawn automatically: {part}." for part in drawn]
    if loaded is not None and published is None:
        notes.append("The partners' answers are left out: their response (authored/response.yaml) is a draft, "
                     "with no 'published' date.")
    return _write(review, review.build_dir / DISSEMINATION_DIR, "summary", title,
                  "A summary of the review in plain words", body, True, register, notes)
