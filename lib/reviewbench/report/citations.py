"""Who cites what: the entries each KPE, finding and problem cites, and where each id links to.

A KPE, finding or problem cites the entries it lists and those its text names, directly or through
a lens row it cites (``[voice:3]``); a section or a contribution that names an entry does not cite
it, but keeps it in the chronology appendix.
"""

from __future__ import annotations

from typing import Collection, Iterator

from ..authored import Authored
from ..methodology import Section
from .edition import Edition
from .entries import entry_label
from .lens_citations import cited_tokens
from .outline import anchor
from .text import TextRenderer

Citations = dict[str, list[tuple[str, str]]]       # entry id -> (kind, item id), in report order


def placed_findings(authored: Authored, sections: list[Section]) -> set[str]:
    """The findings a ``findings`` section of the report shows."""
    placed = set()
    for section in sections:
        if section.fill == "findings":
            wanted = set(section.categories) if section.categories else None
            placed |= {f.id for f in authored.findings if wanted is None or f.category in wanted}
    return placed


def _texts(authored: Authored) -> Iterator[tuple[tuple[str, str], list[str]]]:
    for kpe in authored.kpes:
        yield ("kpe", kpe.id), [kpe.description, kpe.appraisal, kpe.explanation]
    for finding in authored.findings:
        yield ("finding", finding.id), [finding.statement, *[str(v) for v in finding.extra.values()]]
    for contribution in authored.contributions:
        yield ("contribution", contribution.id), [contribution.body]
    shown = {s.text or s.id for s in authored.methodology.sections() if s.fill == "text"}
    for name, body in authored.sections.items():
        if name in shown:                  # a section another methodology's outline has cites nothing here
            yield ("section", name), [body]


def citations(authored: Authored, rows: Collection[str], text: TextRenderer,
              lens_entries: dict[str, tuple[str, ...]] | None = None) -> Citations:
    """Entry id -> the KPEs, findings and problems that cite it, in report order (``rows``: the
    chronology's entry ids, or its rows by id; ``lens_entries``: a lens citation, ``voice:3``, -> the
    entries of its row)."""
    cited: Citations = {}

    def add(entry_id: str, kind: str, item_id: str) -> None:
        if entry_id in rows and (kind, item_id) not in cited.setdefault(entry_id, []):
            cited[entry_id].append((kind, item_id))

    for kpe in authored.kpes:
        for e in kpe.entries:
            add(e, "kpe", kpe.id)
    for finding in authored.findings:
        for e in finding.evidence:
            add(e, "finding", finding.id)
    for problem in authored.problems:
        for e in problem.entries:
            add(e, "problem", problem.id)
    ids = set(rows)
    for (kind, item_id), texts in _texts(authored):
        for body in texts:
            through_lenses = [e for token in cited_tokens(body) for e in (lens_entries or {}).get(token, ())]
            for e in sorted(text.mentioned(body, ids) | (set(through_lenses) & ids)):
                if kind in ("kpe", "finding"):
                    add(e, kind, item_id)
                else:
                    cited.setdefault(e, [])
    return cited


def link_targets(authored: Authored, sections: list[Section], edition: Edition, appendix_ids: list[str],
                 placed: set[str]) -> dict[str, str]:
    """Id -> anchor of every item the report shows, so a mention of it links there."""
    fills = {s.fill for s in sections}
    targets: dict[str, str] = {}
    if "chronology" in fills and edition.names_entries_by_id:
        targets.update({i: anchor("entry", i) for i in appendix_ids})
    if "kpes" in fills:
        targets.update({k.id: anchor("kpe", k.id) for k in authored.kpes})
    targets.update({f.id: anchor("finding", f.id) for f in authored.findings if f.id in placed})
    if any(s.fill == "table" and s.table == "problems" for s in sections):
        targets.update({p.id: anchor("problem", p.id) for p in authored.problems})
    if "recommendations" in fills:
        targets.update({r.id: anchor("rec", r.id) for r in authored.recommendations})
    return targets


def entry_labels(rows: dict[str, dict], edition: Edition) -> dict[str, str] | None:
    """What an entry id shows as where it is not linked: its agency and date, in the public edition."""
    return None if edition.names_entries_by_id else {i: entry_label(row) for i, row in rows.items()}
