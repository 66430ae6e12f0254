"""What family members and practitioners said (``fill: contributions``, of one kind or both)."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import fill
from ..templating import render

WHO = {"family": "family ", "practitioner": "practitioner "}


@fill("contributions")
def contributions(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    shown = [c for c in b.authored.contributions if section.kind is None or c.kind == section.kind]
    if not shown:
        return b.gap(number, section.title, Markup("No {}contributions yet ({}).").format(
            WHO.get(section.kind or "", ""), b.m.code("authored/contributions/*.md")), section.prompt)
    h = min(level + 1, 6)
    items = [{"contribution": c, "anchor": anchor("contrib", c.id), "title": c.title or c.role,
              "who": "Family" if c.kind == "family" else "Practitioner",
              "body": b.text.markdown(c.body, level=h + 1) if c.body else b.gap(
                  f"{number} {section.title}, {c.id}", section.title, "This contribution has no text yet.")}
             for c in shown]
    return render("contributions.html.j2", b, items=items, h=h)
