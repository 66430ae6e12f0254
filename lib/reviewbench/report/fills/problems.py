"""The tables of root cause analysis (RCA): care and service delivery problems, five whys, fishbone factors."""

from __future__ import annotations

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import table
from .figure import no_fishbone

NONE = Markup("—")


@table("problems")
def problems(b: ReportBuilder, section: Section, number: str) -> Markup:
    if not b.authored.problems:
        return b.gap(number, section.title, Markup("No care or service delivery problems yet ({}).").format(
            b.m.code(b.authored.where("authored/problems.yaml"))), section.prompt)
    rows = [[Markup.escape(p.id), Markup.escape(p.kind_label), b.m.problem(p.title, p.description),
             b.entry_refs(p.entries) or NONE] for p in b.authored.problems]
    return b.table(section.title, ["", "Kind", "Problem", "Entries"], rows, "problems",
                   [anchor("problem", p.id) for p in b.authored.problems])


@table("five-whys")
def five_whys(b: ReportBuilder, section: Section, number: str) -> Markup:
    if not b.authored.five_whys:
        return b.gap(number, section.title, Markup("No five-whys chains yet ({}).").format(
            b.m.code(b.authored.where("authored/five_whys.yaml"))), section.prompt)
    rows = []
    for chain in b.authored.five_whys:
        root = b.text.inline(chain.root_cause) if chain.root_cause else b.gap(
            f"{number} {section.title}, {chain.id}", section.title, f"No root cause for chain {chain.id} yet.")
        rows.append([Markup.escape(chain.id), b.text.ref(chain.problem), b.m.steps(chain.whys), root])
    return b.table(section.title, ["", "Problem", "Why?", "Root cause"], rows, "five-whys")


@table("fishbone")
def fishbone(b: ReportBuilder, section: Section, number: str) -> Markup:
    if not b.authored.fishbone:
        return no_fishbone(b, section, number)
    typology = b.method.typology
    order = {c: i for i, c in enumerate(typology.ids)}
    factors = sorted(b.authored.fishbone, key=lambda f: (f.problem, order.get(f.category, 99)))
    rows = [[b.text.ref(f.problem), b.text.plain(typology.label_of(f.category)), b.text.inline(f.factor),
             b.entry_refs(f.entries) or NONE] for f in factors]
    return b.table(section.title, ["Problem", "Heading", "Factor", "Entries"], rows, "fishbone")
