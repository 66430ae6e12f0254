"""Figures (``fill: figure``): the network figures of the build, or drawn from the authored content: a fishbone
per problem and the contributory-factor chart (RCA), the work system (SEIPS)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ...authored.dismissals import DISMISSALS_FILE, quoted, review_prompts
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
# The network figures drawn with the gaps the analysis found marked on them (build/network/swimlane.png):
# drawn by 'reviewbench graph', before the review team judged its prompts.
GAP_RULES = {"swimlane": ("gap.contact", "gap.child-not-seen")}


def dismissed_gaps_note(b: ReportBuilder, name: str) -> Markup:
    """Under a network figure that marks gaps: the gaps it marks that the review team dismissed as wrong,
    so that the figure never says what the report's text no longer does."""
    rules = GAP_RULES.get(name, ())
    prompts = review_prompts(b.prepared.metrics.get("statements", []), b.authored.dismissals)
    marked = [(s, d) for s, d in prompts.dismissed if s.get("rule") in rules]
    if not marked:
        return Markup("")
    said = Markup("; ").join(Markup("{} (dismissed by {}: {})").format(
        b.text.plain(quoted(str(s.get("text") or d.text))), b.text.plain(d.dismissed_by), b.text.plain(d.reason))
        for s, d in marked)
    return Markup('<p class="meta">The figure is drawn from the network analysis as built, and still marks {} '
                  "gap{} the review team dismissed as wrong ({}): {}.</p>").format(
        len(marked), "" if len(marked) == 1 else "s", b.m.code(DISMISSALS_FILE), said)


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
    return (b.figure(Path(path).read_bytes(), CAPTIONS[name], f"{CAPTIONS[name]} ({b.review.title})", f"figure-{name}")
            + dismissed_gaps_note(b, name))
