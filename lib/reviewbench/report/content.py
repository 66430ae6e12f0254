"""The report's content: the methodology's outline, each section filled from authored text,
the chronology, the network outputs or a table, as HTML fragments.

Everything a person wrote or an agency recorded reaches the HTML through
:class:`~reviewbench.report.text.TextRenderer` (pseudonyms, escaping, links). A section with
nothing to show yet becomes a marked gap, never an empty heading or a missing section.
Output depends only on the inputs: no clock, sorted where the inputs have no order.

The public edition (``Options.publish``) is the same build with a few conditions: sections the
methodology keeps for the review team are left out (``Section.in_public_edition``), gaps are
counted but not shown (render refuses to publish while there is one), prompts are not shown,
and no entry id, submission file name or hash appears. The chronology appendix becomes, when
asked for (``Options.timeline``), a summary timeline of the entries the report cites.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from ..authored import Authored
from ..config import Review
from ..dates import entry_date, long_date
from ..methodology import Methodology, Section
from ..publication.names import NameRegister
from .parts import Gap, Options, Part
from .prepare import Prepared
from .provenance import provenance_html
from .text import TextRenderer, link

FIGURE_CAPTIONS = {
    "swimlane": "Entries recorded by each agency over the review period",
    "network": "Exchanges between agencies found in the chronology",
    "heatmap": "Contacts per agency per month",
    "fishbone": "Contributory factors of a problem (fishbone)",
}
SUMMARY_LIMIT = 180
WIDTHS = {   # column widths (percent) per kind of table, so Word does not split them evenly
    "entries": (16, 13, 17, 54), "evidence": (16, 15, 17, 52), "chronology": (12, 10, 11, 12, 45, 10),
    "statements": (14, 62, 24), "agencies": (24, 10, 10, 36, 20), "recommendations": (6, 50, 12, 20, 12),
    "issues": (35, 65), "problems": (8, 16, 56, 20), "five-whys": (8, 12, 50, 30), "fishbone": (12, 22, 46, 20),
    "factors": (30, 70), "root-causes": (10, 25, 65), "enablers": (35, 15, 50), "typology": (10, 50, 40),
    "index": (14, 12, 14, 45, 15), "inputs": (45, 55), "parameters": (22, 38, 40),
}
TIMELINE_TITLE = "Summary timeline"


def anchor(prefix: str, item_id: str) -> str:
    """The HTML id of an item, which is also its Word bookmark: Word keeps 40 characters, so a
    long id is shortened with a hash of the whole (still the same on every run)."""
    full = f"{prefix}-{item_id}"
    if len(full) <= 40:
        return full
    return f"{full[:31]}-{hashlib.sha256(item_id.encode()).hexdigest()[:8]}"


def edition_filter(options: Options) -> Callable[[Section], bool]:
    """Which sections the edition shows: every one in the draft, the public ones in the public edition."""
    if not options.publish:
        return lambda section: True
    return lambda section: section.in_public_edition(options.timeline)


def appendix_number(index: int) -> str:
    return f"Appendix {chr(ord('A') + index) if index < 26 else f'A{index}'}"


def numbered(method: Methodology, shown: Callable[[Section], bool] = lambda s: True):
    """(number, section) of each section ``shown``, in report order, numbered as the report prints them."""
    def walk(section: Section, number: str):
        yield number, section
        for i, child in enumerate([c for c in section.sections if shown(c)], start=1):
            yield from walk(child, f"{number}.{i}")
    for i, section in enumerate([s for s in method.outline if shown(s)], start=1):
        yield from walk(section, str(i))
    for i, section in enumerate([s for s in method.appendices if shown(s)]):
        yield from walk(section, appendix_number(i))


def _without_column(index: int, head: list, rows: list[list], widths: tuple[int, ...] | None):
    """A table less one column; the other columns' widths scaled back to 100%."""
    head = head[:index] + head[index + 1:]
    rows = [r[:index] + r[index + 1:] for r in rows]
    if widths:
        rest = widths[:index] + widths[index + 1:]
        widths = tuple(round(w * 100 / sum(rest)) for w in rest)
    return head, rows, widths


def _date(row: dict) -> str:
    """How a chronology entry's date reads in a table (:func:`reviewbench.dates.entry_date`)."""
    return entry_date(row["date"], row["date_precision"], row["time"])


class ReportBuilder:
    """Builds the parts of one report. Create, then :meth:`build`."""

    def __init__(self, review: Review, method: Methodology, authored: Authored, prepared: Prepared,
                 register: NameRegister, options: Options):
        self.review, self.method, self.authored, self.prepared = review, method, authored, prepared
        self.options = options
        self.public = options.publish
        self.shown = edition_filter(options)
        self.text = TextRenderer(register)
        self.gaps: list[Gap] = []
        self.figure_count = 0
        self.table_count = 0
        self.rows = {r["entry_id"]: r for r in prepared.chronology.to_dict("records")}
        self.order = list(self.rows)
        self._chronology_done = False
        self.sections = sections = [s for _, s in numbered(method, self.shown)]     # those this edition shows
        fills = {s.fill for s in sections}
        self.has_chronology = "chronology" in fills
        self.placed_findings = self._placed_findings(sections)
        self.cited = self._citations()
        self.appendix_ids = self._appendix_ids()
        targets: dict[str, str] = {}
        if self.has_chronology and not self.public:
            targets.update({i: anchor("entry", i) for i in self.appendix_ids})
        if "kpes" in fills:
            targets.update({k.id: anchor("kpe", k.id) for k in authored.kpes})
        targets.update({f.id: anchor("finding", f.id) for f in authored.findings if f.id in self.placed_findings})
        if any(s.fill == "table" and s.table == "problems" for s in sections):
            targets.update({p.id: anchor("problem", p.id) for p in authored.problems})
        if "recommendations" in fills:
            targets.update({r.id: anchor("rec", r.id) for r in authored.recommendations})
        labels = {i: f"{row['agency']}, {_date(row)}" for i, row in self.rows.items()} if self.public else None
        self.text.set_targets(targets, labels)

    # -- who cites what ---------------------------------------------------------------------------
    def _placed_findings(self, sections: list[Section]) -> set[str]:
        placed = set()
        for section in sections:
            if section.fill == "findings":
                wanted = set(section.categories) if section.categories else None
                placed |= {f.id for f in self.authored.findings if wanted is None or f.category in wanted}
        return placed

    def _texts(self):
        a = self.authored
        for kpe in a.kpes:
            yield ("kpe", kpe.id), [kpe.description, kpe.appraisal, kpe.explanation]
        for finding in a.findings:
            yield ("finding", finding.id), [finding.statement, *[str(v) for v in finding.extra.values()]]
        for contribution in a.contributions:
            yield ("contribution", contribution.id), [contribution.body]
        for name, body in a.sections.items():
            yield ("section", name), [body]

    def _citations(self) -> dict[str, list[tuple[str, str]]]:
        """Entry id -> the KPEs, findings and problems that cite it, in report order."""
        cited: dict[str, list[tuple[str, str]]] = {}

        def add(entry_id: str, kind: str, item_id: str) -> None:
            if entry_id in self.rows and (kind, item_id) not in cited.setdefault(entry_id, []):
                cited[entry_id].append((kind, item_id))

        for kpe in self.authored.kpes:
            for e in kpe.entries:
                add(e, "kpe", kpe.id)
        for finding in self.authored.findings:
            for e in finding.evidence:
                add(e, "finding", finding.id)
        for problem in self.authored.problems:
            for e in problem.entries:
                add(e, "problem", problem.id)
        ids = set(self.rows)
        for (kind, item_id), texts in self._texts():
            for text in texts:
                for e in sorted(self.text.mentioned(text, ids)):
                    if kind in ("kpe", "finding"):
                        add(e, kind, item_id)
                    else:
                        cited.setdefault(e, [])
        return cited

    def _appendix_ids(self) -> list[str]:
        view = self.options.chronology_appendix
        chosen = []
        for entry_id in self.order:
            row = self.rows[entry_id]
            if entry_id in self.cited or view == "all" or (view == "in-scope" and row["in_scope"]):
                chosen.append(entry_id)
        return chosen

    # -- small pieces ------------------------------------------------------------------------------
    def gap(self, number: str, title: str, message: str, prompt: str = "") -> Markup:
        gap_id = f"gap-{len(self.gaps) + 1}"
        self.gaps.append(Gap(gap_id, number, title, message))
        if self.public:             # counted, never shown: render refuses the public edition while one remains
            return Markup("")
        out = Markup('<div class="gap" id="{}" data-custom-style="Gap"><p><strong>[GAP]</strong> {}</p>').format(
            gap_id, message)
        if prompt:
            out += Markup('<p class="gap-prompt">What goes here: {}</p>').format(self.text.inline(prompt))
        return out + Markup("</div>\n")

    def label(self, text: str) -> Markup:
        return Markup('<p class="field-label"><strong>{}</strong></p>\n').format(text)

    def ref(self, item_id: str) -> Markup:
        anchor = self.text.targets.get(item_id)
        return link(anchor, item_id) if anchor else Markup.escape(item_id)

    def refs(self, ids: list[str]) -> Markup:
        return Markup(", ").join(self.ref(i) for i in ids)

    def entry_refs(self, ids: list[str]) -> Markup:
        """Chronology entries: linked ids in the draft; agency and date in the public edition."""
        if not self.public:
            return self.refs(ids)
        return Markup("; ").join(self.text.plain(self.text.labels.get(i, i)) for i in ids)

    def heading(self, section: Section) -> str:
        """A section's title; in the public edition the chronology appendix is the summary timeline."""
        return TIMELINE_TITLE if self.public and section.fill == "chronology" else section.title

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
        out = Markup('<table class="{}">\n<caption>Table {}: {}</caption>\n').format(
            f"report-table {css}".strip(), self.table_count, self.text.plain(caption))
        widths = widths or WIDTHS.get(css)
        if self.public and private_column is not None:
            head, rows, widths = _without_column(private_column, head, rows, widths)
        if widths and len(widths) == len(head):
            out += Markup("<colgroup>{}</colgroup>\n").format(Markup("").join(
                Markup('<col style="width: {}%">').format(w) for w in widths))
        out += Markup("<thead><tr>")
        out += Markup("").join(Markup("<th>{}</th>").format(h) for h in head) + Markup("</tr></thead>\n<tbody>\n")
        for i, cells in enumerate(rows):
            row_id = row_ids[i] if row_ids else None
            out += Markup('<tr id="{}">').format(row_id) if row_id else Markup("<tr>")
            out += Markup("").join(Markup("<td>{}</td>").format(c) for c in cells) + Markup("</tr>\n")
        return out + Markup("</tbody>\n</table>\n")

    def figure(self, png: bytes, caption: str, alt: str, anchor: str) -> Markup:
        self.figure_count += 1
        data = base64.b64encode(png).decode("ascii")
        return Markup('<figure id="{}"><img src="data:image/png;base64,{}" alt="{}">'
                      '<figcaption>Figure {}: {}</figcaption></figure>\n').format(
            anchor, data, self.text.plain(alt), self.figure_count, self.text.plain(caption))

    def entry_cells(self, entry_id: str) -> list[Markup]:
        row = self.rows.get(entry_id)
        if row is None:
            return [Markup.escape(entry_id), Markup(""), Markup(""), Markup("(not in the chronology)")]
        return [self.ref(entry_id), Markup.escape(_date(row)), self.text.plain(row["agency"]),
                self.summary(row["description"])]

    def cited_by(self, entry_id: str) -> Markup:
        return self.refs([item_id for _, item_id in self.cited.get(entry_id, [])])

    # -- the outline -----------------------------------------------------------------------------
    def visible(self, sections: list[Section]) -> list[Section]:
        return [s for s in sections if self.shown(s)]

    def build(self) -> tuple[list[Part], list[Gap]]:
        parts = []
        for i, section in enumerate(self.visible(self.method.outline), start=1):
            parts.append(Part(section.id, self.section(section, str(i), 1)))
        appendices = self.visible(self.method.appendices)
        if appendices:
            appendix = Markup('<h1 class="appendices-title" id="appendices">Appendices</h1>\n')
            for i, section in enumerate(appendices):
                appendix += self.section(section, appendix_number(i), 1, appendix=True)
                parts.append(Part(section.id, appendix))
                appendix = Markup("")
        return parts, self.gaps

    def section(self, section: Section, number: str, level: int, appendix: bool = False) -> Markup:
        h = min(level, 6)
        title = self.text.plain(self.heading(section))
        head = f"{number}:" if appendix and level == 1 else number
        out = Markup('<section class="report-section level-{}">\n<h{} id="section-{}">{} {}</h{}>\n').format(
            level, h, section.id, head, title, h)
        children = self.visible(section.sections)
        if section.fill != "none":
            out += self.fill(section, number, level)
        elif not children:
            out += self.gap(number, section.title, "This section has no content yet.", section.prompt)
        elif section.prompt and not self.public:
            out += Markup('<p class="section-prompt">{}</p>\n').format(self.text.inline(section.prompt))
        for i, child in enumerate(children, start=1):
            out += self.section(child, f"{number}.{i}", level + 1)
        return out + Markup("</section>\n")

    def fill(self, section: Section, number: str, level: int) -> Markup:
        handler: Callable = getattr(self, f"fill_{section.fill.replace('-', '_')}")
        return handler(section, number, level)

    # -- fills -------------------------------------------------------------------------------------
    def fill_text(self, section: Section, number: str, level: int) -> Markup:
        name = section.text or section.id
        body = self.authored.section(name)
        if not body:
            return self.gap(number, section.title, Markup("No text yet. Write it in <code>authored/sections/{}.md"
                                                          "</code>.").format(name), section.prompt)
        return self.text.markdown(body, level=level + 1)

    def fill_kpes(self, section: Section, number: str, level: int) -> Markup:
        if not self.authored.kpes:
            prompt = section.prompt or (self.method.input("kpes").prompt if self.method.uses("kpes") else "")
            return self.gap(number, section.title, Markup("No key practice episodes yet "
                                                          "(<code>authored/kpes.yaml</code>)."), prompt)
        out = Markup("")
        h = min(level + 1, 6)
        for kpe in self.authored.kpes:
            agencies = sorted({self.rows[e]["agency"] for e in kpe.entries if e in self.rows})
            out += Markup('<div class="kpe">\n<h{} id="{}">{}: {}</h{}>\n').format(
                h, anchor("kpe", kpe.id), kpe.id, self.text.plain(kpe.title), h)
            meta = Markup("Period: {}").format(kpe.period)
            if agencies:
                meta += Markup(" · Agencies: {}").format(self.text.plain(", ".join(agencies)))
            out += Markup('<p class="meta">{}</p>\n').format(meta)
            out += self.text.markdown(kpe.description, level=h + 1)
            where = f"{number} {section.title}, {kpe.id}"
            for label, value, what in (("Appraisal of practice", kpe.appraisal, "appraisal"),
                                       ("Explanation", kpe.explanation, "explanation")):
                out += self.label(label)
                out += self.text.markdown(value, level=h + 1) if value else self.gap(
                    where, section.title, f"No {what} of {kpe.id} yet.")
            if kpe.entries:
                out += self.table(f"Chronology entries of {kpe.id}", ["Entry", "Date", "Agency", "What was recorded"],
                                  [self.entry_cells(e) for e in kpe.entries], "entries", private_column=0)
            else:
                out += self.gap(where, section.title, f"{kpe.id} cites no chronology entries.")
            voices = [c for c in self.authored.contributions if c.kpe == kpe.id]
            if voices:
                out += Markup('<p class="meta">Contributions: {}</p>\n').format(Markup(", ").join(
                    link(anchor("contrib", c.id), self.text.plain(c.role)) for c in voices))
            citing = [f.id for f in self.authored.findings if kpe.id in f.evidence]
            if citing:
                out += Markup('<p class="meta">Cited by: {}</p>\n').format(self.refs(citing))
            out += Markup("</div>\n")
        return out

    def fill_findings(self, section: Section, number: str, level: int) -> Markup:
        wanted = set(section.categories) if section.categories else None
        findings = [f for f in self.authored.findings if wanted is None or f.category in wanted]
        spec = self.method.findings
        noun = spec.label or "Finding"
        if not findings:
            labels = [self.method.typology.label_of(c) for c in sorted(wanted or ())]
            which = "" if wanted is None else " in " + ", ".join(labels)
            prompt = section.prompt or (self.method.input("findings").prompt if self.method.input("findings") else "")
            return self.gap(number, section.title, Markup("No {}{} yet (<code>authored/findings.yaml</code>).").format(
                (spec.plural or "findings").lower(), which), prompt)
        out = Markup("")
        h = min(level + 1, 6)
        for finding in findings:
            where = f"{number} {section.title}, {finding.id}"
            out += Markup('<div class="finding">\n<h{} id="{}">{} {}: {}</h{}>\n').format(
                h, anchor("finding", finding.id), noun, finding.id, self.text.plain(finding.title), h)
            out += Markup('<p class="meta">{}: {}</p>\n').format(
                self.text.plain(self.method.typology.label),
                self.text.plain(self.method.typology.label_of(finding.category)))
            out += self.text.markdown(finding.statement, level=h + 1) if finding.statement else self.gap(
                where, section.title, f"No statement of {finding.id} yet.")
            extra = finding.extra
            for key, fspec in spec.fields.items():
                value = extra.get(key)
                if value in (None, "", []):
                    if fspec.required:
                        out += self.label(fspec.label)
                        out += self.gap(where, section.title, f"No '{fspec.label}' for {finding.id} yet.", fspec.prompt)
                    continue
                out += self.label(fspec.label)
                out += self.field_value(value, fspec.kind, h + 1)
            out += self.label("Evidence")
            if finding.evidence:
                out += self.table(f"Evidence for {finding.id}", ["Evidence", "Date", "Agency", "What it shows"],
                                  [self.evidence_cells(ref) for ref in finding.evidence], "evidence",
                                  private_column=0)
            else:
                out += self.gap(where, section.title, f"{finding.id} cites no evidence yet: every finding should be "
                                "tied to chronology entries or KPEs.")
            recs = [r.id for r in self.authored.recommendations if finding.id in r.findings]
            if recs and any(s.fill == "recommendations" for s in self.sections):
                out += Markup('<p class="meta">Recommendations: {}</p>\n').format(self.refs(recs))
            out += Markup("</div>\n")
        return out

    def field_value(self, value, kind: str, level: int) -> Markup:
        if kind == "list":
            return Markup("<ul>\n{}</ul>\n").format(Markup("").join(
                Markup("<li>{}</li>\n").format(self.text.inline(v)) for v in value))
        if kind == "problem-refs":
            return Markup("<p>{}</p>\n").format(Markup(", ").join(
                Markup("{} {}").format(self.ref(p), self.text.plain(self.authored.problem(p).title))
                for p in value))
        if kind == "date" and isinstance(value, dt.date):
            return Markup("<p>{}</p>\n").format(long_date(value))
        return self.text.markdown(str(value), level=level)

    def evidence_cells(self, ref: str) -> list[Markup]:
        kpe = self.authored.kpe(ref)
        if kpe is not None:
            agencies = sorted({self.rows[e]["agency"] for e in kpe.entries if e in self.rows})
            return [self.ref(ref), Markup.escape(kpe.period), self.text.plain(", ".join(agencies)),
                    self._named(ref, Markup("Key practice episode: {}").format(self.text.plain(kpe.title)))]
        problem = self.authored.problem(ref)
        if problem is not None:
            return [self.ref(ref), Markup(""), Markup(""), self._named(ref, Markup("{}: {}").format(
                problem.kind_label, self.text.plain(problem.title)))]
        return self.entry_cells(ref)

    def _named(self, ref: str, what: Markup) -> Markup:
        """The public edition has no id column in evidence tables: a KPE or problem names itself."""
        return Markup("{} ({})").format(what, self.ref(ref)) if self.public else what

    def fill_recommendations(self, section: Section, number: str, level: int) -> Markup:
        spec = self.method.recommendations
        recs = self.authored.recommendations
        if not recs:
            prompt = section.prompt or (self.method.input("recommendations").prompt
                                        if self.method.input("recommendations") else "")
            return self.gap(number, section.title, Markup("No {} yet (<code>authored/recommendations.yaml</code>).")
                            .format((spec.plural or "recommendations").lower()), prompt)
        rows, ids = [], []
        for rec in recs:
            where = f"{number} {section.title}, {rec.id}"
            cell = self.text.inline(rec.text)
            for key, fspec in spec.fields.items():
                value = rec.extra.get(key)
                if value in (None, "", []):
                    if fspec.required:
                        cell += Markup("<br>") + self.gap(where, section.title,
                                                          f"No '{fspec.label}' for {rec.id} yet.", fspec.prompt)
                    continue
                shown = "; ".join(value) if isinstance(value, list) else str(value)
                cell += Markup("<br><em>{}:</em> {}").format(fspec.label, self.text.inline(shown))
            owner = self.text.inline(rec.owner) if rec.owner else (
                self.gap(where, section.title, f"No owner for {rec.id} yet (SMART).") if spec.smart else Markup("—"))
            due = Markup.escape(long_date(rec.due)) if rec.due else (
                self.gap(where, section.title, f"No date for {rec.id} yet (SMART: time-bound).") if spec.smart
                else Markup("—"))
            rows.append([Markup.escape(rec.id), cell, self.refs(rec.findings) or Markup("—"), owner, due])
            ids.append(anchor("rec", rec.id))
        return self.table(section.title, ["", spec.label or "Recommendation", "Findings", "Owner", "Due"], rows,
                          "recommendations", ids)

    def fill_issues_for_board(self, section: Section, number: str, level: int) -> Markup:
        rows = []
        for finding in self.authored.findings:
            issues = finding.extra.get("issues_for_board") or []
            if issues:
                rows.append([Markup("{}: {}").format(self.ref(finding.id), self.text.plain(finding.title)),
                             Markup("<ul>{}</ul>").format(Markup("").join(
                                 Markup("<li>{}</li>").format(self.text.inline(i)) for i in issues))])
        if not rows:
            return self.gap(number, section.title, "No issues for the Board yet (issues_for_board of each finding "
                            "in authored/findings.yaml).", section.prompt)
        return self.table(section.title, ["Finding", "Issues for the Board to consider"], rows, "issues")

    def fill_contributions(self, section: Section, number: str, level: int) -> Markup:
        items = [c for c in self.authored.contributions if section.kind is None or c.kind == section.kind]
        if not items:
            who = {"family": "family ", "practitioner": "practitioner "}.get(section.kind or "", "")
            return self.gap(number, section.title, Markup("No {}contributions yet (<code>authored/contributions/"
                                                          "*.md</code>).").format(who), section.prompt)
        out = Markup("")
        h = min(level + 1, 6)
        for item in items:
            title = item.title or item.role
            out += Markup('<div class="contribution">\n<h{} id="{}">{}</h{}>\n').format(
                h, anchor("contrib", item.id), self.text.plain(title), h)
            meta = Markup("{}: {}").format("Family" if item.kind == "family" else "Practitioner",
                                           self.text.plain(item.role))
            if item.kpe:
                meta += Markup(" · about {}").format(self.ref(item.kpe))
            out += Markup('<p class="meta">{}</p>\n').format(meta)
            out += self.text.markdown(item.body, level=h + 1) if item.body else self.gap(
                f"{number} {section.title}, {item.id}", section.title, "This contribution has no text yet.")
            out += Markup("</div>\n")
        return out

    def fill_chronology(self, section: Section, number: str, level: int) -> Markup:
        if self.public:             # the summary timeline: the cited entries only, by agency and date
            return Markup('<p class="meta">The entries of the agencies\' records that this report cites, in date '
                          'order, each summarised in one line.</p>\n') + self.table_evidence_index(section, number)
        view = section.view or self.options.chronology_appendix
        ids = self.appendix_ids if view == self.options.chronology_appendix else [
            e for e in self.order
            if e in self.cited or view == "all" or (view == "in-scope" and self.rows[e]["in_scope"])]
        if not ids:
            outside = sum(1 for e in self.order if not self.rows[e]["in_scope"])
            why = (f" All {outside} entries fall outside the review's scope: check 'scope:' in review.yaml, "
                   "or render with --chronology all." if outside and outside == len(self.order) else "")
            return self.gap(number, section.title, "The chronology has no entries to show." + why)
        anchors = not self._chronology_done
        self._chronology_done = True
        rows = []
        for entry_id in ids:
            row = self.rows[entry_id]
            what = self.text.record(row["description"])
            if row.get("outcome"):
                what += Markup("<br><em>Outcome:</em> ") + self.text.record(row["outcome"])
            if not row["in_scope"]:
                what += Markup(" <em>(outside the review scope)</em>")
            event = row.get("event_type") or row.get("event_kind") or ""
            rows.append([Markup('<span class="entry-id">{}</span>').format(entry_id), Markup.escape(_date(row)),
                         self.text.plain(row["agency"]), self.text.plain(event), what, self.cited_by(entry_id)])
        scope = {"in-scope": "entries in the review scope and every entry cited",
                 "all": "every entry", "cited": "entries cited in this report"}[view]
        intro = Markup('<p class="meta">{} of {} entries: {}. Entry ids are those of build/chronology.csv.</p>\n'
                       ).format(
            len(ids), len(self.rows), scope)
        return intro + self.table(f"Integrated chronology ({scope})",
                                  ["Entry", "Date", "Agency", "Event", "What was recorded", "Cited in"], rows,
                                  "chronology", [anchor("entry", e) for e in ids] if anchors else None)

    def fill_figure(self, section: Section, number: str, level: int) -> Markup:
        name = section.figure
        if name == "fishbone":
            from .figures import fishbone_pngs  # matplotlib: loaded only for a report that draws one (RCA)
            if not self.authored.fishbone:
                return self.gap(number, section.title, Markup("No fishbone factors yet (<code>authored/fishbone.yaml"
                                                              "</code>)."), section.prompt)
            out = Markup("")
            for problem_id, png in fishbone_pngs(self.authored, self.text.register):
                problem = self.authored.problem(problem_id)
                caption = f"Contributory factors of {problem_id}: {problem.title if problem else ''}"
                out += self.figure(png, caption, caption, anchor("fishbone", problem_id))
            return out
        path = self.prepared.figures.get(name)
        if path is None or not Path(path).is_file():
            return self.gap(number, section.title, f"The {name} figure is not available: it was not produced.",
                            section.prompt)
        return self.figure(Path(path).read_bytes(), FIGURE_CAPTIONS[name], f"{FIGURE_CAPTIONS[name]} "
                           f"({self.review.title})", f"figure-{name}")

    def fill_table(self, section: Section, number: str, level: int) -> Markup:
        handler = getattr(self, f"table_{section.table.replace('-', '_')}")
        return handler(section, number)

    def fill_provenance(self, section: Section, number: str, level: int) -> Markup:
        return provenance_html(self, section)

    def fill_none(self, section: Section, number: str, level: int) -> Markup:
        return Markup("")

    # -- tables ------------------------------------------------------------------------------------
    def table_agencies(self, section: Section, number: str) -> Markup:
        report = self.prepared.ingest_report
        metrics = (self.prepared.metrics or {}).get("agencies", {})
        in_scope: dict[str, int] = {}
        for row in self.rows.values():
            if row["in_scope"]:
                in_scope[row["agency"]] = in_scope.get(row["agency"], 0) + 1
        rows = []
        for agency in [a.name for a in self.review.agencies]:
            info = report.get("by_agency", {}).get(agency)
            if info is None:
                rows.append([self.text.plain(agency), Markup("0"), Markup("0"), Markup("<em>no submission</em>"),
                             Markup("—")])
                continue
            m = metrics.get(agency)
            rows.append([self.text.plain(agency), Markup.escape(info["entries"]),
                         Markup.escape(in_scope.get(agency, 0)),
                         self.text.plain(", ".join(Path(f).name for f in info.get("files", []))),
                         Markup.escape(m["degree"]) if m else Markup("—")])
        return self.table(section.title, ["Agency", "Entries", "In scope", "Submission", "Agencies exchanged with"],
                          rows, "agencies", private_column=3)

    def table_network_statements(self, section: Section, number: str) -> Markup:
        rows = []
        for s in self.prepared.metrics.get("statements", []):
            ids = s.get("entry_ids", [])
            more = Markup(" and {} more").format(len(ids) - 8) if len(ids) > 8 else Markup("")
            shown = self.entry_refs(ids[:8]) + more
            rows.append([self.text.plain(s["topic"].replace("-", " ")), self.text.inline(s["text"]), shown])
        if not rows:
            return self.gap(number, section.title, "The network analysis made no statements.")
        intro = Markup("") if self.public else Markup(
            '<p class="meta">Computed from the integrated chronology. These are prompts for the review team, not '
            'findings.</p>\n')
        return intro + self.table(section.title, ["Topic", "What the chronology shows", "Entries"], rows, "statements")

    def table_problems(self, section: Section, number: str) -> Markup:
        if not self.authored.problems:
            return self.gap(number, section.title, Markup("No care or service delivery problems yet "
                                                          "(<code>authored/problems.yaml</code>)."), section.prompt)
        rows, ids = [], []
        for p in self.authored.problems:
            what = Markup("<strong>{}</strong><br>{}").format(self.text.plain(p.title), self.text.inline(p.description))
            rows.append([Markup.escape(p.id), Markup.escape(p.kind_label), what,
                         self.entry_refs(p.entries) or Markup("—")])
            ids.append(anchor("problem", p.id))
        return self.table(section.title, ["", "Kind", "Problem", "Entries"], rows, "problems", ids)

    def table_five_whys(self, section: Section, number: str) -> Markup:
        if not self.authored.five_whys:
            return self.gap(number, section.title, Markup("No five-whys chains yet (<code>authored/five_whys.yaml"
                                                          "</code>)."), section.prompt)
        rows = []
        for chain in self.authored.five_whys:
            whys = Markup("<ol>{}</ol>").format(Markup("").join(Markup("<li>{}</li>").format(self.text.inline(w))
                                                                for w in chain.whys))
            root = self.text.inline(chain.root_cause) if chain.root_cause else self.gap(
                f"{number} {section.title}, {chain.id}", section.title, f"No root cause for chain {chain.id} yet.")
            rows.append([Markup.escape(chain.id), self.ref(chain.problem), whys, root])
        return self.table(section.title, ["", "Problem", "Why?", "Root cause"], rows, "five-whys")

    def table_fishbone(self, section: Section, number: str) -> Markup:
        if not self.authored.fishbone:
            return self.gap(number, section.title, Markup("No fishbone factors yet (<code>authored/fishbone.yaml"
                                                          "</code>)."), section.prompt)
        order = {c: i for i, c in enumerate(self.method.typology.ids)}
        factors = sorted(self.authored.fishbone, key=lambda f: (f.problem, order.get(f.category, 99)))
        rows = [[self.ref(f.problem), self.text.plain(self.method.typology.label_of(f.category)),
                 self.text.inline(f.factor), self.entry_refs(f.entries) or Markup("—")] for f in factors]
        return self.table(section.title, ["Problem", "Heading", "Factor", "Entries"], rows, "fishbone")

    def table_contributory_factors(self, section: Section, number: str) -> Markup:
        by_category: dict[str, list[Markup]] = {}
        for f in self.authored.fishbone:
            by_category.setdefault(f.category, []).append(
                Markup("{} ({})").format(self.text.inline(f.factor), self.ref(f.problem)))
        for finding in self.authored.findings:
            for factor in finding.extra.get("contributory_factors") or []:
                by_category.setdefault(finding.category, []).append(
                    Markup("{} ({})").format(self.text.inline(factor), self.ref(finding.id)))
        if not by_category:
            return self.gap(number, section.title, "No contributory factors yet (fishbone.yaml, or "
                            "contributory_factors of each finding).", section.prompt)
        rows = [[self.text.plain(c.label), Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li>{}</li>").format(x) for x in by_category[c.id]))]
            for c in self.method.typology.categories if c.id in by_category]
        return self.table(section.title, [self.method.typology.label, "Factors"], rows, "factors")

    def table_root_causes(self, section: Section, number: str) -> Markup:
        rows = [[self.ref(f.id), self.text.plain(self.method.typology.label_of(f.category)),
                 self.text.inline(f.extra.get("root_cause") or f.title)] for f in self.authored.findings]
        if not rows:
            return self.gap(number, section.title, "No root causes yet (authored/findings.yaml).", section.prompt)
        return self.table(section.title, ["", self.method.typology.label, "Root cause"], rows, "root-causes")

    def table_enablers(self, section: Section, number: str) -> Markup:
        rows = []
        for f in self.authored.findings:
            enablers = f.extra.get("enablers") or []
            if enablers:
                rows.append([Markup("{}: {}").format(self.ref(f.id), self.text.plain(f.title)),
                             self.text.plain(self.method.typology.label_of(f.category)),
                             Markup("<ul>{}</ul>").format(Markup("").join(
                                 Markup("<li>{}</li>").format(self.text.inline(e)) for e in enablers))])
        if not rows:
            return self.gap(number, section.title, "No enablers yet (enablers of each theme in "
                            "authored/findings.yaml).", section.prompt)
        return self.table(section.title, ["Theme", self.method.typology.label, "What enabled it"], rows, "enablers")

    def table_typology(self, section: Section, number: str) -> Markup:
        if not self.authored.findings:
            return self.gap(number, section.title, "No findings yet, so no themes to count.", section.prompt)
        rows = []
        for c in self.method.typology.categories:
            ids = [f.id for f in self.authored.findings if f.category == c.id]
            if ids:
                rows.append([Markup.escape(c.id), self.text.plain(c.label), self.refs(ids)])
        return self.table(section.title, ["", self.method.typology.label, "Findings"], rows, "typology")

    def table_evidence_index(self, section: Section, number: str) -> Markup:
        ids = [e for e in self.order if self.cited.get(e)]
        if not ids:
            return self.gap(number, self.heading(section), "No chronology entry is cited yet.", section.prompt)
        rows = [[*self.entry_cells(e), self.cited_by(e)] for e in ids]
        return self.table(self.heading(section), ["Entry", "Date", "Agency", "What was recorded", "Cited in"], rows,
                          "index", private_column=0)

    def table_key_entries(self, section: Section, number: str) -> Markup:
        return self.table_evidence_index(section, number)
