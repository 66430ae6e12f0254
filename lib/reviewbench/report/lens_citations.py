"""Lens rows cited in authored text: ``[voice:3]`` (the third row of voice.csv) or ``[voice:HV-2a01b741]``
(the one row of the voice lens holding that entry).

A KPE, finding or text section may cite a row of a lens the way it names an entry; the report shows
the citation with the row's entries, linked to the chronology in the draft and named by agency and
date in the public edition (a lens row's own words are records' words and never reach the public
edition). The entries of a row a KPE or finding cites count as cited by it. A citation of a lens or
row that does not exist, or of lenses not built or out of date, is a problem in the file that holds
it, as an unknown entry id is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..authored import Authored
from ..errors import FileProblem, ReviewbenchError
from ..lens_tables import LensTables, lens_named

LENS_REF = re.compile(r"\[([a-z][a-z0-9_-]*):([A-Za-z0-9][\w.-]*)\]")


@dataclass(frozen=True)
class LensCitation:
    """One cited row: the lens, the row's key (``voice:3``) and its entry ids."""

    lens: str
    key: str
    entries: tuple[str, ...]


def authored_texts(authored: Authored) -> Iterator[tuple[str, str, str, str]]:
    """(file, item, field, text) of every authored text that may cite a lens row; the file is the one read
    (a methodology's variant file where it replaced the base's)."""
    kpes, findings = authored.where("authored/kpes.yaml"), authored.where("authored/findings.yaml")
    for kpe in authored.kpes:
        for name in ("description", "appraisal", "explanation"):
            yield kpes, f"KPE {kpe.id}", name, getattr(kpe, name) or ""
    for finding in authored.findings:
        yield findings, f"finding {finding.id}", "statement", finding.statement or ""
        for name, value in finding.extra.items():
            for text in value if isinstance(value, list) else [value]:
                yield findings, f"finding {finding.id}", name, str(text or "")
    for name, body in authored.sections.items():
        yield authored.where(f"authored/sections/{name}.md"), None, "", body or ""


def cited_tokens(text: str) -> list[str]:
    """The lens citations in ``text``, as written between the brackets (``voice:3``)."""
    return [f"{m.group(1)}:{m.group(2)}" for m in LENS_REF.finditer(text or "")]


def resolve(authored: Authored, lenses: LensTables | None, unavailable: str | None
            ) -> tuple[dict[str, LensCitation], list[FileProblem]]:
    """Every lens citation of the authored text, resolved to its row; and a problem for each that cannot
    be (``unavailable``: why there are no lenses to cite, when ``lenses`` is None)."""
    found: dict[str, LensCitation] = {}
    problems: list[FileProblem] = []
    for file, item, field, text in authored_texts(authored):
        for token in cited_tokens(text):
            if token in found:
                continue
            name, ref = token.split(":", 1)
            try:
                lens_named(name)
                if lenses is None:
                    raise ReviewbenchError(f"{unavailable[:1].upper()}{unavailable[1:]} Then render again.")
                table = lenses.lens(name)
                position = table.find(ref)
            except ReviewbenchError as exc:
                problems.append(FileProblem(file, f"[{token}] cites no row: {exc}", item, field or None))
                continue
            found[token] = LensCitation(name, table.key(position), table.entries[position])
    return found, problems
