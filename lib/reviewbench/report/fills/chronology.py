"""The chronology appendix (``fill: chronology``): the integrated chronology in the draft; in the public
edition, when asked for, the summary timeline of the entries the report cites.

A draft appendix of more entries than review.yaml's ``settings: chronology_appendix_limit`` would make
a report of thousands of pages: it lists the entries the report cites and says that the whole
chronology is in the workbook beside the report (``build/report_chronology.xlsx``, written by render)."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ...publication.scan import METHODOLOGIES_DIR, REPORT_CHRONOLOGY
from ..builder import ReportBuilder
from ..edition import CHRONOLOGY_SCOPES
from ..entries import entry_date_cell
from ..outline import anchor
from ..registry import fill
from ..templating import render
from .tables import evidence_index

COLUMNS = ["Entry", "Date", "Agency", "Event", "What was recorded", "Cited in"]


@fill("chronology")
def chronology(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    if b.edition.chronology_as_timeline:
        return render("chronology.html.j2", b, timeline=evidence_index(b, section, number))
    view = section.view or b.edition.chronology_appendix
    listed = b.listed_ids if view == b.edition.chronology_appendix else b.edition.chronology_ids(
        b.rows, b.cited, view)
    if not listed:
        outside = sum(1 for row in b.rows.values() if not row["in_scope"])
        why = (f" All {outside} entries fall outside the review's scope: check 'scope:' in review.yaml, "
               "or render with --chronology all." if outside and outside == len(b.rows) else "")
        return b.gap(number, section.title, "The chronology has no entries to show." + why)
    ids, in_workbook = b.appendix_entries(listed)
    scope = CHRONOLOGY_SCOPES[view]
    table = _table(b, ids, "cited" if in_workbook else view) if ids else Markup("")
    if in_workbook:
        b.chronology_workbook = True
        # beside the report: in build/, or in build/methodologies/<id>/ for a draft with another methodology
        folder = "build" if b.method.id == b.review.methodology else f"build/{METHODOLOGIES_DIR}/{b.method.id}"
        return render("chronology.html.j2", b, timeline=None, workbook=REPORT_CHRONOLOGY, folder=folder,
                      listed=f"{len(listed):,}",
                      total=f"{len(b.rows):,}", limit=f"{b.edition.chronology_limit:,}", scope=scope,
                      shown=len(ids), table=table)
    return render("chronology.html.j2", b, timeline=None, workbook=None, shown=len(ids), total=len(b.rows),
                  scope=scope, table=table)


def _table(b: ReportBuilder, ids: list[str], view: str) -> Markup:
    anchors = not b.chronology_anchored          # a second chronology table links to the first
    b.chronology_anchored = True
    rows = []
    for entry_id in ids:
        row = b.rows[entry_id]
        rows.append([b.m.entry_id(entry_id), Markup.escape(entry_date_cell(row)), b.text.plain(row["agency"]),
                     b.text.plain(row.get("event_type") or row.get("event_kind") or ""),
                     b.m.recorded(row["description"], row.get("outcome"), row["in_scope"]), b.cited_by(entry_id)])
    return b.table(f"Integrated chronology ({CHRONOLOGY_SCOPES[view]})", COLUMNS, rows, "chronology",
                   [anchor("entry", e) for e in ids] if anchors else None)
