"""The report builder: the methodology's outline walked section by section, each filled by the
function the fill registry holds for it (:mod:`reviewbench.report.fills`), as HTML from templates.

Everything a person wrote or an agency recorded reaches the HTML through
:class:`~reviewbench.report.text.TextRenderer` (pseudonyms, escaping, links). A section with
nothing to show yet becomes a marked gap, never an empty heading or a missing section. What
each edition shows is decided by :class:`~reviewbench.report.edition.Edition`. Output depends
only on the inputs: no clock, sorted where the inputs have no order; gaps, tables and figures
are numbered in the order they are made, which is the order they appear.
"""

from __future__ import annotations

import base64
from typing import Iterator

from markupsafe import Markup

from ..authored import Authored
from ..config import Review
from ..errors import AuthoredError
from ..methodology import Methodology, Section
from ..publication.names import NameRegister
from .citations import citations, entry_labels, link_targets, placed_findings
from .edition import Edition
from .entries import entry_date_cell
from .lens_citations import LensCitation, resolve
from .outline import appendix_number
from .parts import Gap, Options, Part
from .prepare import Prepared
from .registry import FILLS
from .templating import macros, render
from .text import TextRenderer

SUMMARY_LIMIT = 180
LENS_REF_ENTRIES = 8           # entries shown in a lens citation; the rest are counted
NO_LENSES = "the lenses were not read for this report."
WIDTHS = {   # column widths (percent) per kind of table, so Word does not split them evenly
    "entries": (16, 13, 17, 54), "evidence": (16, 15, 17, 52), "chronology": (12, 10, 11, 12, 45, 10),
    "statements": (14, 62, 24), "agencies": (24, 10, 10, 36, 20), "recommendations": (6, 50, 12, 20, 12),
    "issues": (35, 65), "problems": (8, 16, 56, 20), "five-whys": (8, 12, 50, 30), "fishbone": (12, 22, 46, 20),
    "factors": (30, 70), "root-causes": (10, 25, 65), "enablers": (35, 15, 50), "typology": (10, 50, 40),
    "index": (14, 12, 14, 45, 15), "inputs": (45, 55), "parameters": (22, 38, 40),
    "sensitivity": (26, 60, 14), "measures": (16, 12, 72), "centrality": (40, 20, 20, 20),
    "lens-prompts": (30, 8, 62), "tor": (40, 35, 25), "work-system": (22, 48, 30),
}


class ReportBuilder:
    """Builds the parts of one report. Create, then :meth:`build`."""

    def __init__(self, review: Review, method: Methodology, authored: Authored, prepared: Prepared,
                 register: NameRegister, options: Options):
        self.review, self.method, self.authored, self.prepared = review, method, authored, prepared
        self.options = options
        self.edition = Edition.of(options)
        self.text = TextRenderer(register)
        self.m = macros(self)
        self.gaps: list[Gap] = []
        self.figure_count = 0
        self.table_count = 0
        self.rows = {r["entry_id"]: r for r in _records(prepared.chronology)}
        self.order = list(self.rows)
        self.positions = {entry_id: i for i, entry_id in enumerate(self.order)}     # the chronology's order
        self.chronology_anchored = False     # the first chronology table holds the entries' anchors
        self.sections = [s for _, s in self.edition.numbered(method)]
        self.placed_findings = placed_findings(authored, self.sections)
        self.lens_citations, problems = resolve(authored, prepared.lenses, prepared.lenses_unavailable or NO_LENSES)
        if problems:
            raise AuthoredError(problems)
        self.cited = citations(authored, self.rows, self.text,
                               {token: c.entries for token, c in self.lens_citations.items()})
        self.listed_ids = self.edition.chronology_ids(self.rows, self.cited)     # the appendix's view
        self.appendix_ids = self.appendix_entries(self.listed_ids)[0]
        self.chronology_workbook = False     # a chronology section said the chronology is in the workbook
        self.text.set_targets(link_targets(authored, self.sections, self.edition, self.appendix_ids,
                                           self.placed_findings),
                              entry_labels(self.rows, self.edition))
        self.text.set_lens_refs({token: self.lens_ref(c) for token, c in self.lens_citations.items()})

    # -- the outline ---------------------------------------------------------------------------------
    def build(self) -> tuple[list[Part], list[Gap]]:
        parts = [Part(section.id, self.section(section, str(i), 1))
                 for i, section in enumerate(self.edition.visible(self.method.outline), start=1)]
        parts += [Part(section.id, self.section(section, appendix_number(i), 1, appendix=True))
                  for i, section in enumerate(self.edition.visible(self.method.appendices))]
        return parts, self.gaps

    def section(self, section: Section, number: str, level: int, appendix: bool = False) -> Markup:
        """A section: its heading, what fills it, then its subsections."""
        body = FILLS[section.fill](self, section, number, level)
        children = Markup("").join(self.section(child, f"{number}.{i}", level + 1)
                                   for i, child in enumerate(self.edition.visible(section.sections), start=1))
        return render("section.html.j2", self, section=section, level=level, h=min(level, 6),
                      head=f"{number}:" if appendix and level == 1 else number, title=self.heading(section),
                      body=body, children=children)

    def heading(self, section: Section) -> str:
        return self.edition.heading(section)

    # -- pieces every fill uses ----------------------------------------------------------------------
    def gap(self, number: str, title: str, message: str, prompt: str = "") -> Markup:
        """A marked gap where content is missing; counted in both editions, shown only in the draft
        (render refuses the public edition while one remains)."""
        gap = Gap(f"gap-{len(self.gaps) + 1}", number, title, message)
        self.gaps.append(gap)
        if not self.edition.shows_working_notes:
            return Markup("")
        return render("gap.html.j2", self, gap=gap, prompt=prompt)

    def entry_refs(self, ids: list[str]) -> Markup:
        """Chronology entries: linked ids in the draft; agency and date in the public edition."""
        if self.edition.names_entries_by_id:
            return self.text.refs(ids)
        return Markup("; ").join(self.text.plain(self.text.labels.get(i, i)) for i in ids)

    def lens_ref(self, citation: LensCitation) -> Markup:
        """A cited lens row as the report shows it: the lens, the row (in the draft) and its entries as
        this edition names them; never the row's own words."""
        entries = list(citation.entries)
        row = citation.key.split(":", 1)[1] if self.edition.names_entries_by_id else ""
        return self.m.lens_ref(citation.lens, row,
                               self.entry_refs(entries[:LENS_REF_ENTRIES]), max(0, len(entries) - LENS_REF_ENTRIES))

    def summary(self, text: str, limit: int = SUMMARY_LIMIT) -> Markup:
        plain = " ".join(self.text.register.apply(text or "").split())
        if len(plain) > limit:
            plain = plain[:limit - 1].rstrip() + "…"
        return Markup.escape(plain)

    def table(self, caption: str, head: list[str], rows: list[list[Markup]], css: str = "",
              row_ids: list[str | None] | None = None, widths: tuple[int, ...] | None = None,
              private_column: int | None = None) -> Markup:
        """A table with a numbered caption; ``widths`` (percent) become a colgroup, which pandoc keeps.
        ``private_column`` (entry ids, file names) is left out of the public edition."""
        self.table_count += 1
        head, rows, widths = self.edition.columns(head, rows, widths or WIDTHS.get(css), private_column)
        return render("table.html.j2", self, number=self.table_count, caption=caption,
                      css=f"report-table {css}".strip(), head=head,
                      widths=widths if widths and len(widths) == len(head) else None,
                      rows=list(zip(row_ids or [None] * len(rows), rows)))

    def figure(self, png: bytes, caption: str, alt: str, anchor: str) -> Markup:
        self.figure_count += 1
        return render("figure.html.j2", self, number=self.figure_count, anchor=anchor, caption=caption, alt=alt,
                      data=base64.b64encode(png).decode("ascii"))

    def entry_cells(self, entry_id: str) -> list[Markup]:
        """Id, date, agency and a one-line summary of a chronology entry."""
        row = self.rows.get(entry_id)
        if row is None:
            return [Markup.escape(entry_id), Markup(""), Markup(""), Markup("(not in the chronology)")]
        return [self.text.ref(entry_id), Markup.escape(entry_date_cell(row)), self.text.plain(row["agency"]),
                self.summary(row["description"])]

    def appendix_entries(self, listed: list[str]) -> tuple[list[str], bool]:
        """The entries a chronology appendix of ``listed`` shows in the report, and whether the whole
        chronology is in the workbook instead (too many for a report: then only the cited ones)."""
        if self.edition.chronology_in_workbook(len(listed)):
            return [e for e in listed if e in self.cited], True
        return listed, False

    def cited_by(self, entry_id: str) -> Markup:
        return self.text.refs([item_id for _, item_id in self.cited.get(entry_id, [])])


def _records(frame) -> Iterator[dict]:
    """The rows of ``frame`` as dicts of plain Python values, as ``to_dict("records")`` gives them at
    a fraction of its cost (a 100,000-entry chronology)."""
    columns = list(frame.columns)
    return (dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns)))
