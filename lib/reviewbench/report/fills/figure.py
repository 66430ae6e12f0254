"""Figures (``fill: figure``): the network figures of the build, or a fishbone per problem (RCA)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ...methodology import Section
from ..builder import ReportBuilder
from ..outline import anchor
from ..registry import fill

CAPTIONS = {
    "swimlane": "Entries recorded by each agency over the review period",
    "network": "Exchanges between agencies found in the chronology; under each agency, its entries in the review "
               "period",
    "heatmap": "Contacts per agency per month",
    "fishbone": "Contributory factors of a problem (fishbone)",
}


def no_fishbone(b: ReportBuilder, section: Section, number: str) -> Markup:
    return b.gap(number, section.title, Markup("No fishbone factors yet ({}).").format(
        b.m.code("authored/fishbone.yaml")), section.prompt)


@fill("figure")
def figure(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    name = section.figure
    if name == "fishbone":
        from ..figures import fishbone_pngs  # matplotlib: loaded only for a report that draws one (RCA)
        if not b.authored.fishbone:
            return no_fishbone(b, section, number)
        out = Markup("")
        for problem_id, png in fishbone_pngs(b.authored, b.text.register):
            problem = b.authored.problem(problem_id)
            caption = f"Contributory factors of {problem_id}: {problem.title if problem else ''}"
            out += b.figure(png, caption, caption, anchor("fishbone", problem_id))
        return out
    path = b.prepared.figures.get(name)
    if path is None or not Path(path).is_file():
        return b.gap(number, section.title, f"The {name} figure is not available: it was not produced.",
                     section.prompt)
    return b.figure(Path(path).read_bytes(), CAPTIONS[name], f"{CAPTIONS[name]} ({b.review.title})", f"figure-{name}")
