"""Sections of authored prose (``fill: text``) and sections made of their subsections (``fill: none``)."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..registry import fill


@fill("text")
def text(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    """authored/sections/<text or id>.md, its headings below the section's."""
    name = section.text or section.id
    body = b.authored.section(name)
    if not body:
        return b.gap(number, section.title, Markup("No text yet. Write it in {}.").format(
            b.m.code(f"authored/sections/{name}.md")), section.prompt)
    return b.text.markdown(body, level=level + 1)


@fill("none")
def subsections(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    """Nothing but its subsections: a gap when this edition shows none; in the draft, the prompt."""
    if not b.edition.visible(section.sections):
        return b.gap(number, section.title, "This section has no content yet.", section.prompt)
    if section.prompt and b.edition.shows_working_notes:
        return b.m.prompt(section.prompt)
    return Markup("")
