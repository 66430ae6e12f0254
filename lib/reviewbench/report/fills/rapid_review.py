"""What a rapid review adds to the fills: the agencies' summary forms (``fill: agency-summaries``, read by
the ingest into build/ingest_report.json) and the decision on a local review against the criteria of
the review's rules pack (``fill: decision``, from review.yaml's ``process.decision``)."""

from __future__ import annotations

import re

from markupsafe import Markup

from ...dates import long_date
from ...intake.summary_form import FIELDS, field_named
from ...methodology import Section
from ...process import review_pack
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import fill
from ..templating import render

OUTCOMES = {
    "local_review": "a local child safeguarding practice review",
    "no_local_review": "no local child safeguarding practice review",
    "national_review": "the case is for a national review by the Child Safeguarding Practice Review Panel",
    "other_learning": "no local child safeguarding practice review; the learning is taken forward another way",
}
FORMS_HINT = "reviewbench templates DIR --rapid-review"


def _ordered(b: ReportBuilder) -> list[dict]:
    """The summary forms the ingest read, in review.yaml's order of agencies, then by file."""
    order = {a.name: i for i, a in enumerate(b.review.agencies)}
    found = b.prepared.ingest_report.get("agency_summaries", [])
    return sorted(found, key=lambda s: (order.get(s["agency"], len(order)), s["file"]))


def _field(b: ReportBuilder, form: dict, field_id: str, number: str, title: str) -> dict:
    heading = field_named(field_id).heading
    got = form["fields"].get(field_id)
    if got is None:
        said = [p for p in form["problems"] if f"'{heading}'" in p]
        message = said[0] if said else f"{form['file']}: nothing was read under the heading '{heading}'."
        return {"heading": heading, "gap": b.gap(number, f"{title}, {form['agency']}", message)}
    source = f"{form['file']}, {got['location']}" if b.edition.shows_working_notes else ""
    return {"heading": heading, "paragraphs": got["text"].split("\n\n"), "source": source, "gap": None}


@fill("agency-summaries")
def agency_summaries(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    """Each agency's summary form: every heading, or the ``fields:`` the section names, with its source."""
    forms = _ordered(b)
    title = b.heading(section)
    if not forms:
        return b.gap(number, title, Markup("No rapid review agency summary form has been read yet: "
                                           "{} writes one for each agency; the filled forms go in {}.").format(
            b.m.code(FORMS_HINT), b.m.code("agency_reports/")), section.prompt)
    field_ids = section.fields or [f.id for f in FIELDS]
    agencies = []
    for form in forms:
        meta = ", ".join(x for x in (form["completed_by"] and f"completed by {form['completed_by']}",
                                     form["date_completed"]) if x) if b.edition.shows_working_notes else ""
        slug = re.sub("[^A-Za-z0-9]+", "-", form["file"])
        agencies.append({"name": form["agency"], "anchor": anchor("summary", f"{section.id}-{slug}"),
                         "meta": meta, "fields": [_field(b, form, f, number, title) for f in field_ids]})
    prompt = b.m.prompt(section.prompt) if section.prompt and b.edition.shows_working_notes else Markup("")
    return prompt + render("agency_summaries.html.j2", b, agencies=agencies, h=min(level + 1, 6),
                           headings=len(field_ids) > 1)


@fill("decision")
def decision(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    """The recommendation on a local review and why, each criterion cited from the review's rules pack."""
    record = b.review.process.decision
    title = b.heading(section)
    if record is None or record.outcome is None:
        return b.gap(number, title, Markup("No decision is recorded yet: write it in review.yaml under {} "
                                           "(outcome, criteria, reasons, by) and its date under {}.").format(
            b.m.code("process.decision"), b.m.code("dates.decision")), section.prompt)
    pack = review_pack(b.review).pack
    criteria = [(pack.criteria[c].label, pack.cite(pack.criteria[c].citation)) for c in record.criteria]
    body = render("decision.html.j2", b, outcome=OUTCOMES[record.outcome], by=record.by or "",
                  on=long_date(b.review.dates.decision) if b.review.dates.decision else "",
                  criteria=criteria, reasons=record.reasons or "", pack=pack.heading)
    if not record.reasons:
        body += b.gap(number, title, Markup("The decision gives no reasons: write them in review.yaml under {}.")
                      .format(b.m.code("process.decision.reasons")), section.prompt)
    return body
