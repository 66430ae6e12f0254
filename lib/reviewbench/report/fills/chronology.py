"""The chronology appendix (``fill: chronology``): the integrated chronology in the draft; in the public
edition, when asked for, the summary timeline of the entries the report cites."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..edition import CHRONOLOGY_SCOPES
from ..entries import entry_date
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
    ids = b.appendix_ids if view == b.edition.chronology_appendix else b.edition.chronology_ids(
        b.rows, b.cited, view)
    if not ids:
        outside = sum(1 for row in b.rows.values() if not row["in_scope"])
        why = (f" All {outside} entries fall outside the review's scope: check 'scope:' in review.yaml, "
               "or render with --chronology all." if outside and outside == len(b.rows) else "")
        return b.gap(number, section.title, "The chronology has no entries to show." + why)
    anchors = not b.chronology_anchored          # a second chronology table links to the first
    b.chronology_anchored = True
    rows = []
    for entry_id in ids:
        row = b.rows[entry_id]
        rows.append([b.m.entry_id(entry_id), Markup.escape(entry_date(row)), b.text.plain(row["agency"]),
                     b.text.plain(row.get("event_type") or row.get("event_kind") or ""),
                     b.m.recorded(row["description"], row.get("outcome"), row["in_scope"]), b.cited_by(entry_id)])
    scope = CHRONOLOGY_SCOPES[view]
    table = b.table(f"Integrated chronology ({scope})", COLUMNS, rows, "chronology",
                    [anchor("entry", e) for e in ids] if anchors else None)
    return render("chronology.html.j2", b, timeline=None, shown=len(ids), total=len(b.rows), scope=scope, table=table)
