"""The report's content, built by plain functions (no Jupyter machinery) and shown by the
methodology notebooks: ``open_report(review_dir)`` then ``report.display()``.

``reviewbench.render`` executes those notebooks and turns them into report.html and
report.docx; tests reach the same content here without a kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pandas as pd

from ..authored import Authored, load_authored
from ..config import Review, load_review
from ..errors import ReviewbenchError
from ..methodology import Methodology, get_methodology, review_scale
from ..process.packs import review_pack
from ..publication.names import review_register
from . import fills  # noqa: F401  (registers the built-in fills)
from .builder import ReportBuilder
from .edition import Edition
from .front import DRAFT_MARK, front_matter
from .parts import Gap, Options, Part
from .prepare import Prepared, prepare

CHRONOLOGY_VIEWS = ("in-scope", "all")


@dataclass
class Report:
    """A rendered report: its parts in order, and the gaps still to fill."""

    review: Review
    methodology: Methodology
    authored: Authored
    prepared: Prepared
    parts: list[Part]
    gaps: list[Gap]
    options: Options
    warnings: list[str] = field(default_factory=list)
    chronology_workbook: bool = False    # the chronology appendix lists the cited entries; all are in the workbook

    @property
    def title(self) -> str:
        return self.review.title

    @property
    def subtitle(self) -> str:
        return report_titles(self.review, self.methodology, self.options.publish)[1]

    def html(self) -> str:
        """The report body as one HTML fragment (what the notebook displays, part by part)."""
        return "".join(str(p.html) for p in self.parts)

    def display(self) -> None:
        """Show every part in a notebook, one output each (the report notebook's last cell).

        The first output's metadata tells ``render`` the gaps, the warnings, and whether the
        chronology appendix is in the workbook (render writes it); output metadata never reaches
        the report itself.
        """
        from IPython.display import HTML, display  # only here: building a report needs no IPython
        for part in self.parts:
            meta: dict = {"part": part.id}
            if part.id == "front":
                meta.update(gaps=[f"{g.where}: {_plain(g.message)}" for g in self.gaps],
                            warnings=list(self.warnings))
                if self.chronology_workbook:
                    meta["chronology_workbook"] = True
            display(HTML(str(part.html)), metadata={"reviewbench": meta})

    def guide(self):
        """The methodology's stages, authored inputs and prompts, for the workbench (Markdown)."""
        from IPython.display import Markdown
        m = self.methodology
        lines = [f"**{m.title}** (version {m.version}). {m.summary}", "", "**Stages**", ""]
        lines += [f"{i}. **{s.title}**" + (f": {s.description}" if s.description else "")
                  for i, s in enumerate(m.stages, start=1)]
        lines += ["", "**What the review team writes** (in `authored/`)", ""]
        for item in m.inputs:
            have = len(self.authored.items(item.id))
            lines.append(f"- `{item.id}` ({'required' if item.required else 'optional'}; {have} so far)"
                         + (f": {item.prompt}" if item.prompt else ""))
        for topic, prompts in m.prompts.items():
            lines += ["", f"**Prompts: {topic.replace('_', ' ')}**", ""] + [f"- {p}" for p in prompts]
        if m.scales:
            lines += ["", "**Scales** (review.yaml `scale:`)", ""]
            lines += [f"- `{s.id}`: {s.title}" + (f". {s.description}" if s.description else "") for s in m.scales]
        if m.sources:
            lines += ["", "**Sources**", ""] + [f"- {s.line}" for s in m.sources]
        return Markdown("\n".join(lines))

    def readiness(self):
        """A table for the workbench: each section of the outline and whether it has content yet."""
        gaps: dict[str, int] = {}
        for gap in self.gaps:
            key = gap.number.split(" ")[0] if not gap.number.startswith("Appendix") else " ".join(
                gap.number.split(" ")[:2])
            gaps[key] = gaps.get(key, 0) + 1
        rows = []
        for number, section in Edition.of(self.options).numbered(self.methodology):
            count = sum(n for k, n in gaps.items() if k == number)
            rows.append({"section": f"{number} {section.title}", "fill": section.fill,
                         "required": section.required, "gaps": count})
        return pd.DataFrame(rows, columns=["section", "fill", "required", "gaps"])


def report_titles(review: Review, method: Methodology, publish: bool = False) -> tuple[str, str]:
    """The report's title and subtitle (the DOCX title block and the HTML ``<title>``); the public
    edition is not called a draft."""
    return review.title, method.report_kind if publish else method.report_subtitle


def check_edition(publish: bool, timeline: bool) -> None:
    """The summary timeline belongs to the public edition: the draft has the whole chronology."""
    if timeline and not publish:
        raise ReviewbenchError("a summary timeline is part of the public edition only; the draft has the "
                               "integrated chronology.", hint="Render with --publish --timeline.")


def _plain(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", str(markup)))


def check_options(publish: bool, timeline: bool, chronology_appendix: str) -> None:
    if chronology_appendix not in CHRONOLOGY_VIEWS:
        raise ReviewbenchError(f"chronology_appendix must be one of {', '.join(CHRONOLOGY_VIEWS)} "
                               f"(found {chronology_appendix!r}).")
    check_edition(publish, timeline)


def open_report(review_dir: str | Path, *, methodology: str | None = None, publish: bool = False,
                timeline: bool = False, chronology_appendix: str = "in-scope", versions: dict | None = None) -> Report:
    """Build the report of ``review_dir``: read its up-to-date chronology and network outputs, then
    :func:`build_report`.

    ``publish`` builds the public edition instead of the working draft; ``timeline`` adds its
    summary timeline of the cited entries."""
    check_options(publish, timeline, chronology_appendix)
    review = load_review(review_dir)
    method = get_methodology(methodology or review.methodology, review.root)
    return build_report(review, method, prepare(review), publish=publish, timeline=timeline,
                        chronology_appendix=chronology_appendix, versions=versions)


def build_report(review: Review, method: Methodology, prepared: Prepared, *, publish: bool = False,
                 timeline: bool = False, chronology_appendix: str = "in-scope",
                 versions: dict | None = None) -> Report:
    """The report of ``review`` from its ``prepared`` chronology and network outputs: read and check
    the authored content, fill the methodology's outline, then the front matter (which lists the gaps).
    The methodology speaks in the words of the review's rules pack (Wales: the regional safeguarding board)."""
    check_options(publish, timeline, chronology_appendix)
    method = method.worded(review_pack(review).pack.terms.partners)
    own = method if review.scale is None or method.id == review.methodology else get_methodology(
        review.methodology, review.root)
    scale, scale_note = review_scale(review.scale, own, method)
    authored = load_authored(review, prepared.entry_ids, methodology=method)
    if scale_note:
        authored.warnings.append(scale_note)
    register = review_register(review)
    parameters = {"review_dir": str(review.root), "methodology": method.id, "publish": bool(publish),
                  "timeline": bool(timeline), "chronology_appendix": chronology_appendix}
    options = Options(publish=bool(publish), timeline=bool(timeline), chronology_appendix=chronology_appendix,
                      chronology_limit=review.settings.chronology_appendix_limit, parameters=parameters,
                      versions=versions or {}, scale=scale)
    builder = ReportBuilder(review, method, authored, prepared, register, options)
    parts, gaps = builder.build()
    report = Report(review, method, authored, prepared, parts, gaps, options, list(authored.warnings),
                    chronology_workbook=builder.chronology_workbook)
    report.parts.insert(0, Part("front", front_matter(builder, report.subtitle)))
    return report


__all__ = ["DRAFT_MARK", "Gap", "Part", "Prepared", "Report", "build_report", "check_edition", "open_report",
           "prepare", "report_titles"]
