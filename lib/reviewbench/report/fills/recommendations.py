"""Recommendations (``fill: recommendations``): one table, SMART gaps where the methodology asks for it."""

from __future__ import annotations

from markupsafe import Markup

from ...dates import long_date
from ...methodology import Section
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import fill

NONE = Markup("—")


@fill("recommendations")
def recommendations(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    spec = b.method.recommendations
    if not b.authored.recommendations:
        prompt = section.prompt or (b.method.input("recommendations").prompt
                                    if b.method.input("recommendations") else "")
        where = b.authored.where("authored/recommendations.yaml")
        return b.gap(number, section.title, Markup("No {} yet ({}).").format(
            (spec.plural or "recommendations").lower(), b.m.code(where)), prompt)
    rows, ids = [], []
    for rec in b.authored.recommendations:
        where = f"{number} {section.title}, {rec.id}"
        fields = []
        for key, fspec in spec.fields.items():
            value = rec.extra.get(key)
            if value not in (None, "", []):
                fields.append((fspec.label, "; ".join(value) if isinstance(value, list) else str(value), None))
            elif fspec.required:
                fields.append((fspec.label, "", b.gap(where, section.title, f"No '{fspec.label}' for {rec.id} yet.",
                                                      fspec.prompt)))
        owner = b.text.inline(rec.owner) if rec.owner else (
            b.gap(where, section.title, f"No owner for {rec.id} yet (SMART).") if spec.smart else NONE)
        due = Markup.escape(long_date(rec.due)) if rec.due else (
            b.gap(where, section.title, f"No date for {rec.id} yet (SMART: time-bound).") if spec.smart else NONE)
        rows.append([Markup.escape(rec.id), b.m.recommendation(rec.text, fields), b.text.refs(rec.findings) or NONE,
                     owner, due])
        ids.append(anchor("rec", rec.id))
    return b.table(section.title, ["", spec.label or "Recommendation", "Findings", "Owner", "Due"], rows,
                   "recommendations", ids)
