"""Sections that are one table (``fill: table``, ``table: <name>``): the registered tables drawn from the
build and the authored findings. The RCA tables of problems are in :mod:`.problems`."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ...authored.dismissals import DISMISSALS_FILE, review_prompts
from ...chronology.counts import ENTRIES_LABEL, agency_entries
from ...methodology import Section
from ...vocabulary import topic_label
from ..builder import ReportBuilder
from ..registry import TABLE_FILLS, fill, table

NONE = Markup("—")
STATEMENT_ENTRIES = 8          # entries listed per network statement; the rest are counted
STATEMENTS_PER_TOPIC = 25      # more statements than the report's limit: the first of each topic, the rest counted


@fill("table")
def table_section(b: ReportBuilder, section: Section, number: str, level: int) -> Markup:
    return TABLE_FILLS[section.table](b, section, number)


@table("agencies")
def agencies(b: ReportBuilder, section: Section, number: str) -> Markup:
    report = b.prepared.ingest_report
    metrics = (b.prepared.metrics or {}).get("agencies", {})
    counted = agency_entries(b.prepared.chronology)                 # as the network figure counts them
    everything = b.prepared.chronology["agency"].value_counts().to_dict()
    rows = []
    for agency in [a.name for a in b.review.agencies]:
        info = report.get("by_agency", {}).get(agency)
        if info is None:
            rows.append([b.text.plain(agency), Markup("0"), Markup("0"), b.m.emphasis("no submission"), NONE])
            continue
        m = metrics.get(agency)
        inside = counted.get(agency, 0)
        rows.append([b.text.plain(agency), Markup.escape(inside), Markup.escape(everything.get(agency, 0) - inside),
                     b.text.plain(", ".join(Path(f).name for f in info.get("files", []))),
                     Markup.escape(m["degree"]) if m else NONE])
    return b.table(section.title, ["Agency", ENTRIES_LABEL, "Before or after it", "Submission",
                                   "Agencies exchanged with"], rows, "agencies", private_column=3)


@table("network-statements")
def network_statements(b: ReportBuilder, section: Section, number: str) -> Markup:
    prompts = review_prompts(b.prepared.metrics.get("statements", []), b.authored.dismissals)
    statements = prompts.live                  # a prompt the review team dismissed as wrong is left out
    everything = len(statements)
    statements, hidden = _first_of_each_topic(statements) if b.edition.over_limit(everything) else (statements, {})
    rows = []
    for i, s in enumerate(statements):
        ids = s.get("entry_ids", [])
        more = Markup(" and {} more").format(len(ids) - STATEMENT_ENTRIES) if len(ids) > STATEMENT_ENTRIES \
            else Markup("")
        topic = b.text.plain(topic_label(s["topic"]))
        rows.append([topic, b.text.inline(s["text"]), b.entry_refs(ids[:STATEMENT_ENTRIES]) + more])
        if hidden.get(s["topic"]) and (i + 1 == len(statements) or statements[i + 1]["topic"] != s["topic"]):
            rows.append([topic, b.m.emphasis(f"and {hidden[s['topic']]:,} more of this kind"), NONE])
    dismissed = (f" Prompts: {prompts.counts()} ({DISMISSALS_FILE}; 'reviewbench check' lists them with the "
                 "reasons)." if prompts.dismissed or prompts.gone else "")
    if not rows:
        return b.gap(number, section.title, "The network analysis made no statements." + dismissed)
    intro = Markup("")
    if b.edition.shows_working_notes:
        cut = (f" There are {everything:,}, more than a report holds (chronology_appendix_limit: "
               f"{b.edition.chronology_limit:,} in the settings of review.yaml): the first {STATEMENTS_PER_TOPIC} of "
               "each kind are listed, and every one is in build/network/metrics.json." if hidden else "")
        appendix = next((f" The measures behind them, and how much each depends on its setting, are in {at} "
                         f"({part.title})." for at, part in b.edition.numbered(b.method) if part.fill == "provenance"),
                        "")
        intro = b.m.meta("Computed from the integrated chronology. These are prompts for the review team, not "
                         "findings." + appendix + cut + dismissed)
    return intro + b.table(section.title, ["Topic", "What the chronology shows", "Entries"], rows, "statements")


def _first_of_each_topic(statements: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """The first :data:`STATEMENTS_PER_TOPIC` statements of each topic, grouped by topic in the order
    the topics come, and how many of each topic are left out."""
    kept: dict[str, list[dict]] = {}
    hidden: dict[str, int] = {}
    for s in statements:
        shown = kept.setdefault(s["topic"], [])
        if len(shown) < STATEMENTS_PER_TOPIC:
            shown.append(s)
        else:
            hidden[s["topic"]] = hidden.get(s["topic"], 0) + 1
    return [s for shown in kept.values() for s in shown], hidden


@table("contributory-factors")
def contributory_factors(b: ReportBuilder, section: Section, number: str) -> Markup:
    by_category: dict[str, list[tuple[str, str]]] = {}
    for f in b.authored.fishbone:
        by_category.setdefault(f.category, []).append((f.factor, f.problem))
    for finding in b.authored.findings:
        for factor in finding.extra.get("contributory_factors") or []:
            by_category.setdefault(finding.category, []).append((factor, finding.id))
    if not by_category:
        return b.gap(number, section.title, "No contributory factors yet (fishbone.yaml, or contributory_factors "
                     "of each finding).", section.prompt)
    typology = b.method.typology
    rows = [[b.text.plain(c.label), b.m.cited_factors(by_category[c.id])]
            for c in typology.categories if c.id in by_category]
    return b.table(section.title, [typology.label, "Factors"], rows, "factors")


@table("root-causes")
def root_causes(b: ReportBuilder, section: Section, number: str) -> Markup:
    typology = b.method.typology
    rows = [[b.text.ref(f.id), b.text.plain(typology.label_of(f.category)),
             b.text.inline(f.extra.get("root_cause") or f.title)] for f in b.authored.findings]
    if not rows:
        return b.gap(number, section.title, "No root causes yet (authored/findings.yaml).", section.prompt)
    return b.table(section.title, ["", typology.label, "Root cause"], rows, "root-causes")


@table("enablers")
def enablers(b: ReportBuilder, section: Section, number: str) -> Markup:
    typology = b.method.typology
    rows = [[b.m.titled(f.id, f.title), b.text.plain(typology.label_of(f.category)), b.m.bullets(f.extra["enablers"])]
            for f in b.authored.findings if f.extra.get("enablers")]
    if not rows:
        return b.gap(number, section.title, "No enablers yet (enablers of each theme in authored/findings.yaml).",
                     section.prompt)
    return b.table(section.title, ["Theme", typology.label, "What enabled it"], rows, "enablers")


@table("typology")
def typology(b: ReportBuilder, section: Section, number: str) -> Markup:
    if not b.authored.findings:
        return b.gap(number, section.title, "No findings yet, so no themes to count.", section.prompt)
    kinds = b.method.typology
    rows = []
    for c in kinds.categories:
        ids = [f.id for f in b.authored.findings if f.category == c.id]
        if ids:
            rows.append([Markup.escape(c.id), b.text.plain(c.label), b.text.refs(ids)])
    return b.table(section.title, ["", kinds.label, "Findings"], rows, "typology")


@table("evidence-index")
@table("key-entries")
def evidence_index(b: ReportBuilder, section: Section, number: str) -> Markup:
    """Every chronology entry the report cites, and what cites it (the public edition's summary timeline)."""
    title = b.heading(section)
    ids = [e for e in b.order if b.cited.get(e)]
    if not ids:
        return b.gap(number, title, "No chronology entry is cited yet.", section.prompt)
    rows = [[*b.entry_cells(e), b.cited_by(e)] for e in ids]
    return b.table(title, ["Entry", "Date", "Agency", "What was recorded", "Cited in"], rows, "index",
                   private_column=0)
