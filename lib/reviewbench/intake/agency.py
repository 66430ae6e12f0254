"""Which agency sent a file: its ``sources`` entry, else its file name, else its cover.

Never guessed: when none of these names exactly one of the review's agencies, the file is
reported and the reviewer is told how to say it in ``review.yaml``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..config import Agency, Review
from ..errors import IntakeFileError
from ..vocabulary import normalise_heading

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


def agency_of_file(review: Review, rel: str, cover: list[list[str]]) -> Agency:
    """Resolve the submitting agency. ``cover`` holds text rows found outside the chronology.

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
            named = _mentioned(review, " ".join(cells))
            if len(named) == 1:
                return named[0]
            candidates += named
    names = sorted({a.name for a in candidates})
    why = (f"its name and cover mention several agencies ({', '.join(names)})" if names
           else "neither its file name nor a cover table names one of the review's agencies")
    raise IntakeFileError(
        rel, f"reviewbench cannot tell which agency sent this file: {why}.",
        hint=f"Add to review.yaml under 'sources':  - file: {rel}  agency: <agency name>  "
             "(or add the name used in the file as an alias of the agency).")


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
