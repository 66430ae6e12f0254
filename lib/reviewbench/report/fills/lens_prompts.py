"""The prompts from the lenses (``fill: table``, ``table: lens-prompts``): for each lens of build/analysis/,
how many rows it found, the agencies and period they touch, and the rows to start with, each with
the key a KPE or finding cites it by. Prompts for the review team, not findings: like the
chronology's prompts, never in the public edition (the rows' words are the records' words)."""

from __future__ import annotations

from markupsafe import Markup

from ...dates import entry_date_text
from ...methodology import Section
from ..builder import ReportBuilder
from ..registry import table
from ..templating import render

FIRST_ROWS = 5           # rows named per lens, each with its first entries
ROW_ENTRIES = 3
TOP_AGENCIES = 6


def _where_to_look(b: ReportBuilder, lens) -> dict:
    """What one lens found, counted: rows, rows per agency, the period its rows' dates cover, first rows."""
    agency_of = lambda entry_id: (b.rows.get(entry_id) or {}).get("agency")      # noqa: E731
    per_agency: dict[str, int] = {}
    days: list[str] = []
    for i in range(len(lens.rows)):
        for name in lens.agencies(i, agency_of):
            per_agency[name] = per_agency.get(name, 0) + 1
        days += [d for d in lens.dates(i) if d[:4].isdigit()]
    agencies = sorted(per_agency.items(), key=lambda item: (-item[1], item[0]))
    first = [(lens.key(i), b.entry_refs(list(lens.entries[i][:ROW_ENTRIES])),
              max(0, len(lens.entries[i]) - ROW_ENTRIES)) for i in range(min(FIRST_ROWS, len(lens.rows)))]
    period = (entry_date_text(min(days)), entry_date_text(max(days))) if days else None
    return {"name": lens.name, "about": lens.lens.about, "rows": len(lens.rows),
            "agencies": agencies[:TOP_AGENCIES], "more_agencies": max(0, len(agencies) - TOP_AGENCIES),
            "period": period, "first": first, "more_rows": max(0, len(lens.rows) - FIRST_ROWS)}


@table("lens-prompts")
def lens_prompts(b: ReportBuilder, section: Section, number: str) -> Markup:
    lenses = b.prepared.lenses
    if lenses is None:
        return b.m.meta(f"No prompts from the lenses: {b.prepared.lenses_unavailable or 'they were not read.'}")
    items = [_where_to_look(b, lens) for lens in lenses.tables.values()]
    rows = [[render("lens_prompts.html.j2", b, part="lens", item=item),
             Markup.escape(f"{item['rows']:,}"), render("lens_prompts.html.j2", b, part="where", item=item)]
            for item in items]
    intro = render("lens_prompts.html.j2", b, part="intro", item=None, missing=lenses.missing,
                   example=next((f["first"][0][0] for f in items if f["first"]), "voice:1"))
    notes = b.m.notes(lenses.notes) if lenses.notes else Markup("")
    return intro + b.table(section.title, ["Lens", "Rows", "Where to look"], rows, "lens-prompts") + notes
