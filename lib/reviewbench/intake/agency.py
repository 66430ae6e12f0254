"""Which agency sent a file: its ``sources`` entry, else its file name, else its cover.

Never guessed: when none of these names exactly one of the review's agencies, the file is
reported and the reviewer is told how to say it in ``review.yaml``. A returned reviewbench
intake template is read by its own rules: its "Agency:" cell and its marker decide, and its own
instructions and drop-down lists are never taken for the agency's words.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..config import Agency, Review
from ..errors import IntakeFileError
from ..vocabulary import normalise_heading
from .template_text import AGENCY_LABEL, agency_in_mark, is_marked, is_template_text, looks_like_template

_LABELS = {"agency", "organisation", "organization", "agency name", "name of agency",
           "service", "agency service", "agency organisation", "submitting agency"}


def _mentioned(review: Review, text: str) -> list[Agency]:
    """Agencies whose name or an alias appears in ``text`` as whole words."""
    haystack = f" {normalise_heading(text)} "
    found = []
    for agency in review.agencies:
        labels = [normalise_heading(x) for x in [agency.name, *agency.aliases]]
        if any(label and f" {label} " in haystack for label in labels):
            found.append(agency)
    return found


def _labelled_values(cover: list[list[str]]) -> list[str]:
    """Values written beside an "Agency:" label, in a cover table or a line of prose."""
    values = []
    for cells in cover:
        for i, cell in enumerate(cells):
            label, _, rest = cell.partition(":")
            if normalise_heading(label) in _LABELS:
                if rest.strip():
                    values.append(rest.strip())
                elif i + 1 < len(cells) and cells[i + 1].strip():
                    values.append(cells[i + 1])
    return values


def agency_of_file(review: Review, rel: str, cover: list[list[str]], mark: str | None = None) -> Agency:
    """Resolve the submitting agency. ``cover`` holds text rows found outside the chronology;
    ``mark`` is the file's ``identifier`` document property (a template's agency marker).

    Raises:
        IntakeFileError: the sources entry names an unknown agency, or no single agency is named.
    """
    source = review.source_for(rel)
    if source is not None and source.agency:
        agency = review.agency_named(source.agency)
        if agency is None:
            raise IntakeFileError(
                rel, f"review.yaml gives its agency as '{source.agency}', which is not one of the "
                "review's agencies or their aliases.",
                hint="Add it to 'agencies' (or as an alias) or correct the name in 'sources'.")
        return agency
    if is_marked(mark) or looks_like_template(cover):
        return _template_agency(review, rel, cover, agency_in_mark(mark))

    candidates: list[Agency] = []
    by_name = _mentioned(review, PurePosixPath(rel).stem.replace("_", " "))
    if len(by_name) == 1:
        return by_name[0]
    candidates += by_name
    for value in _labelled_values(cover):
        named = _mentioned(review, value)
        if len(named) == 1:
            return named[0]
        candidates += named
    if not candidates:
        for cells in cover:
            named = _mentioned(review, " ".join(c for c in cells if not is_template_text(c)))
            if len(named) == 1:
                return named[0]
            candidates += named
    names = sorted({a.name for a in candidates})
    why = (f"its name and cover mention several agencies ({', '.join(names)})" if names
           else "neither its file name nor a cover table names one of the review's agencies")
    raise IntakeFileError(
        rel, f"reviewbench cannot tell which agency sent this file: {why}.",
        hint=f"Add to {_in_sources(rel)}  (or add the name used in the file as an alias of the agency).")


def _in_sources(rel: str) -> str:
    return f"review.yaml under 'sources':  - file: {rel}  agency: <agency name>"


def _template_agency(review: Review, rel: str, cover: list[list[str]], marked_name: str | None) -> Agency:
    """A returned intake template: its "Agency:" cell, else its marker, else its file name; else ask.

    The cell is what a person at the agency sees and may have corrected, so it wins over the file
    name; a cell that disagrees with the marker is refused rather than settled either way.
    """
    values = [v for v in _labelled_values(cover) if not is_template_text(v)]
    known = ", ".join(a.name for a in review.agencies)
    if values:
        written = {v: _written_agency(review, v) for v in values}
        named = {a.name: a for found in written.values() for a in found}
        unknown = [v for v, found in written.items() if not found]
        if unknown:
            raise IntakeFileError(
                rel, f"its '{AGENCY_LABEL}' cell says '{unknown[0]}', which is not one of the review's agencies "
                     f"({known}).",
                hint=f"If that is one of them under another name, add '{unknown[0]}' to its aliases in review.yaml; "
                     f"or add to {_in_sources(rel)}.")
        if len(named) > 1:
            raise IntakeFileError(
                rel, f"its '{AGENCY_LABEL}' cell names several agencies ({', '.join(sorted(named))}).",
                hint=f"Ask the agency which of them sent it and add to {_in_sources(rel)}.")
        [agency] = named.values()
        marked = review.agency_named(marked_name) if marked_name else None
        if marked is not None and marked.name != agency.name:
            raise IntakeFileError(
                rel, f"it is the intake template made for {marked.name}, but its '{AGENCY_LABEL}' cell says "
                     f"'{values[0]}'; reviewbench does not choose between them.",
                hint=f"Ask the agency which it is and add to {_in_sources(rel)}.")
        return agency
    if marked_name:
        agency = review.agency_named(marked_name)
        if agency is None:
            raise IntakeFileError(
                rel, f"it is the intake template made for '{marked_name}', which is not one of the review's "
                     f"agencies now ({known}), and its '{AGENCY_LABEL}' cell is blank.",
                hint=f"Add '{marked_name}' to the aliases of the agency it now is in review.yaml, or "
                     f"add to {_in_sources(rel)}.")
        return agency
    by_name = _mentioned(review, PurePosixPath(rel).stem.replace("_", " "))
    if len(by_name) == 1:
        return by_name[0]
    raise IntakeFileError(
        rel, f"it is reviewbench's intake template with its '{AGENCY_LABEL}' cell blank, so reviewbench cannot "
             "tell which agency sent it (its instructions and lists are the template's words, not the agency's).",
        hint=f"Ask the agency which it is and add to {_in_sources(rel)} (one of: {known}); the file itself "
             "need not change. 'reviewbench templates DIR' makes a template per agency, its name already in it.")


def _written_agency(review: Review, value: str) -> list[Agency]:
    """The agency a person wrote in an "Agency:" cell: a name or alias, else the one it mentions."""
    agency = review.agency_named(value)
    return [agency] if agency is not None else _mentioned(review, value)


def canonical_agency(review: Review, value: str) -> Agency | None:
    """A per-row agency cell (for a merged multi-agency sheet) resolved through aliases."""
    agency = review.agency_named(value)
    if agency is not None:
        return agency
    named = _mentioned(review, value)
    return named[0] if len(named) == 1 else None


def split_agencies(review: Review, value: str) -> tuple[list[str], list[str]]:
    """A ``with`` cell ("HV, school; police") -> (canonical names, parts not recognised)."""
    known: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[;,/\n]|\band\b|&", value):
        part = part.strip()
        if not part:
            continue
        agency = canonical_agency(review, part)
        if agency is None:
            unknown.append(part)
        elif agency.name not in known:
            known.append(agency.name)
    return known, unknown
