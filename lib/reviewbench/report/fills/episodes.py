"""Key practice episodes (``fill: kpes``): each with its appraisal, explanation and the entries it cites."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..chronological import in_date_order
from ..outline import anchor
from ..registry import fill
from ..templating import render

ENTRY_COLUMNS = ["Entry", "Date", "Agency", "What was recorded"]


def _unplaced(b: ReportBuilder, section: Section, number: str) -> Markup:
    """A gap naming the KPEs whose choice (``only:``) is not made yet, once: in the first section of the
    report that filters on that field. A KPE not yet placed is never shown as if it had been."""
    out = Markup("")
    for key in section.only or {}:
        first = next(s for s in b.sections if s.fill == "kpes" and key in (s.only or {}))
        missing = [k.id for k in b.authored.kpes if k.extra.get(key) in (None, "")]
        if first.id != section.id or not missing:
            continue
        spec = b.method.kpes.fields[key]
        choices = " or ".join(f"'{c.id}' ({c.label.lower()})" for c in spec.choices)
        out += b.gap(number, section.title, f"{', '.join(missing)} not yet placed: write {key}: {choices} for "
                     f"each in {b.authored.where('authored/kpes.yaml')}.", spec.prompt)
    return out


@fill("kpes")
def kpes(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    a = b.authored
    if not a.kpes:
        prompt = section.prompt or (b.method.input("kpes").prompt if b.method.uses("kpes") else "")
        return b.gap(number, section.title, Markup("No key practice episodes yet ({}).").format(
            b.m.code(a.where("authored/kpes.yaml"))), prompt)
    wanted = section.only or {}
    shown = [k for k in a.kpes if all(k.extra.get(key) in values for key, values in wanted.items())]
    unplaced = _unplaced(b, section, number)
    if not shown:
        which = "; ".join(" or ".join(b.method.kpes.fields[key].choice_label(v) for v in values).lower()
                          for key, values in wanted.items())
        return unplaced + b.gap(number, section.title, f"No key practice episode placed under {which} yet.",
                                section.prompt)
    h = min(level + 1, 6)
    items = []
    for kpe in shown:
        where = f"{number} {section.title}, {kpe.id}"
        fields = [(label, b.text.markdown(value, level=h + 1) if value else b.gap(
            where, section.title, f"No {what} of {kpe.id} yet."))
            for label, value, what in (("Appraisal of practice", kpe.appraisal, "appraisal"),
                                       ("Explanation", kpe.explanation, "explanation"))]
        rows = [b.entry_cells(e) for e in in_date_order(b, kpe.entries)]
        entries = b.table(f"Chronology entries of {kpe.id}, in date order", ENTRY_COLUMNS, rows, "entries",
                          private_column=0) if kpe.entries else b.gap(where, section.title,
                                                                      f"{kpe.id} cites no chronology entries.")
        items.append({"kpe": kpe, "anchor": anchor("kpe", kpe.id), "fields": fields, "entries": entries,
                      "agencies": ", ".join(sorted({b.rows[e]["agency"] for e in kpe.entries if e in b.rows})),
                      "voices": [(anchor("contrib", c.id), c.role) for c in a.contributions if c.kpe == kpe.id],
                      "citing": [f.id for f in a.findings if kpe.id in f.evidence]})
    return unplaced + render("kpes.html.j2", b, items=items, h=h)
