"""The SEIPS work system as a table (``table: work-system``): its factors by component, with their evidence."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import table

NONE = Markup("—")


@table("work-system")
def work_system(b: ReportBuilder, section: Section, number: str) -> Markup:
    factors = b.authored.work_system
    if not factors:
        return b.gap(number, section.title, Markup("No work system factors yet ({}).").format(
            b.m.code(b.authored.where("authored/work_system.yaml"))), section.prompt)
    components = b.method.typology
    rows, ids = [], []
    for component in components.categories:
        for factor in (f for f in factors if f.component == component.id):
            evidence = b.entry_refs(factor.entries)
            cited = b.text.refs([*factor.kpes, *factor.findings])
            rows.append([b.text.plain(component.label), b.text.inline(factor.text),
                         Markup("; ").join(part for part in (evidence, cited) if part) or NONE])
            ids.append(anchor("factor", factor.id))
    return b.table(section.title, [components.label, "Factor", "Evidence"], rows, "work-system", ids)
