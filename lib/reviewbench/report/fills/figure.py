"""Figures (``fill: figure``): the network figures of the build, or drawn from the authored content: a fishbone
per problem and the contributory-factor chart (RCA), the work system (SEIPS)."""

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
    "contributory-factors": "Contributory factors found under each heading",
    "work-system": "The work system: the factors the analysis found in each of its components",
}


def no_fishbone(b: ReportBuilder, section: Section, number: str) -> Markup:
    return b.gap(number, section.title, Markup("No fishbone factors yet ({}).").format(
        b.m.code(b.authored.where("authored/fishbone.yaml"))), section.prompt)


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
    if name == "contributory-factors":
        from ..figures import contributory_factor_counts, contributory_factors_figure, png_bytes
        counts = contributory_factor_counts(b.authored)
        if not counts:
            return b.gap(number, section.title, "No contributory factors yet (fishbone.yaml, or contributory_factors "
                         "of each finding).", section.prompt)
        png = png_bytes(contributory_factors_figure(counts))
        return b.figure(png, CAPTIONS[name], f"{CAPTIONS[name]} ({b.review.title})", f"figure-{name}")
    if name == "work-system":
        from ...palette import agency_colours
        from ..figures import work_system_png
        if not b.authored.work_system:
            return b.gap(number, section.title, Markup("No work system factors yet ({}).").format(
                b.m.code(b.authored.where("authored/work_system.yaml"))), section.prompt)
        agency_of = {entry: row["agency"] for entry, row in b.rows.items()}
        colours = agency_colours(b.review.agencies, set(agency_of.values()))
        png = work_system_png(b.authored, b.text.register, agency_of, colours)
        return b.figure(png, CAPTIONS[name], f"{CAPTIONS[name]} ({b.review.title})", f"figure-{name}")
    path = b.prepared.figures.get(name)
    if path is None or not Path(path).is_file():
        return b.gap(number, section.title, f"The {name} figure is not available: it was not produced.",
                     section.prompt)
    return b.figure(Path(path).read_bytes(), CAPTIONS[name], f"{CAPTIONS[name]} ({b.review.title})", f"figure-{name}")
