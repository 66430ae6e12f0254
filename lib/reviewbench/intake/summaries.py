"""A filled rapid review agency summary form read back: each heading's text becomes its field.

The form is read, never changed. Every field keeps where it came from (the file, its SHA-256,
the heading and the paragraphs under it), so the rapid review cites its source for each
agency's words. A form that cannot be tied to one agency cannot be used and fails like any other
submission; a heading taken out of the form, or left with nothing under it, is a problem named
with the file and the heading (an ingest warning, and a gap where the report shows that field).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import docx

from ..config import Agency, Review
from ..errors import IntakeFileError
from ..model import SourceDocument
from ..vocabulary import normalise_heading
from .agency import agency_of_file
from .summary_form import AGENCY_LABEL, COVER_LABELS, FIELDS, INTRODUCTION, TITLE, agency_in_mark, heading_of

_FORM_TEXTS = frozenset(normalise_heading(t) for t in (TITLE, INTRODUCTION, *(f.guidance for f in FIELDS)))


@dataclass
class SummaryField:
    text: str                 # the agency's words under the heading, paragraphs joined by blank lines
    location: str             # "heading 'Immediate actions', paragraphs 9-11"


@dataclass
class AgencySummary:
    """One agency's filled summary form, as the ingest report keeps it (``agency_summaries``)."""

    agency: str
    file: str
    sha256: str
    completed_by: str = ""
    date_completed: str = ""
    fields: dict[str, SummaryField] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)      # "<file>: the heading 'X' is missing ..."

    def as_dict(self) -> dict:
        return asdict(self)


def read_summary(review: Review, doc: SourceDocument, path: Path, sha256: str) -> AgencySummary:
    """The summary form ``doc`` (already opened by the intake's reader) as fields with provenance.

    Raises:
        IntakeFileError: the form does not say, or says ambiguously, which agency sent it.
    """
    cover = [[str(c) for c in row.cells if c is not None] for grid in doc.grids for row in grid.rows]
    agency = _agency(review, doc, cover)
    summary = AgencySummary(agency=agency.name, file=doc.file, sha256=sha256,
                            completed_by=_cover_value(cover, COVER_LABELS[1]),
                            date_completed=_cover_value(cover, COVER_LABELS[2]))
    paragraphs = [p.text.strip() for p in docx.Document(str(path)).paragraphs]
    found: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, text in enumerate(paragraphs, start=1):
        if not text:
            continue
        form_field = heading_of(text)
        if form_field is not None:
            if form_field.id in found:
                summary.problems.append(f"{doc.file}: the heading '{form_field.heading}' is there twice (paragraph "
                                        f"{number}); the text under both is read as one.")
                current = found[form_field.id][1]
            else:
                current = []
                found[form_field.id] = (form_field.heading, current)
            continue
        if current is not None and normalise_heading(text) not in _FORM_TEXTS:
            current.append((number, text))
    for form_field in FIELDS:
        if form_field.id not in found:
            summary.problems.append(
                f"{doc.file}: the heading '{form_field.heading}' is missing, so nothing was read for it. Ask the "
                "agency to put the heading back, as in the blank form, with its text under it (or 'None').")
            continue
        heading, lines = found[form_field.id]
        if not lines:
            summary.problems.append(f"{doc.file}: nothing is written under the heading '{heading}'. Ask the agency "
                                    "for it (or for 'None' if nothing applies).")
            continue
        first, last = lines[0][0], lines[-1][0]
        where = f"paragraph {first}" if first == last else f"paragraphs {first}-{last}"
        summary.fields[form_field.id] = SummaryField("\n\n".join(t for _, t in lines),
                                                     f"heading '{heading}', {where}")
    return summary


def _cover_value(cover: list[list[str]], label: str) -> str:
    wanted = normalise_heading(label)
    for cells in cover:
        if len(cells) >= 2 and normalise_heading(cells[0]) == wanted:
            return " ".join(c.strip() for c in cells[1:] if c.strip())
    return ""


def _agency(review: Review, doc: SourceDocument, cover: list[list[str]]) -> Agency:
    """review.yaml's ``sources`` first, then the form's "Agency:" cell, its marker, its file name."""
    source = review.source_for(doc.file)
    if source is None or not source.agency:
        written = _cover_value(cover, AGENCY_LABEL)
        if written:
            agency = review.agency_named(written)
            if agency is None:
                raise IntakeFileError(
                    doc.file, f"its '{AGENCY_LABEL}' cell says '{written}', which is not one of the review's agencies "
                              f"({', '.join(a.name for a in review.agencies)}).", location="cover table",
                    hint=f"If it is one of them under another name, add '{written}' to its aliases in review.yaml.")
            return agency
        marked = agency_in_mark(doc.identifier)
        if marked and (agency := review.agency_named(marked)) is not None:
            return agency
    return agency_of_file(review, doc.file, cover)
