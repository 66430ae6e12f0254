"""The words of reviewbench's intake templates, and how a returned template tells its agency.

One place for both sides: :mod:`.blank_templates` writes these texts and the agency marker into
each template, and :mod:`.agency` recognises them when the filled template comes back. What the
template itself says (its instructions, the event types of its hidden drop-down list) is never
evidence of who sent it: "Police incident / call-out" in the list would otherwise file a GP's
rows as Police. The agency comes from the template's visible "Agency:" cell and its marker, a
document property (``identifier``) that survives renaming the file and saving it again.
"""

from __future__ import annotations

from functools import lru_cache

from ..vocabulary import builtin_event_kind_labels, normalise_heading

MARK_PREFIX = "reviewbench intake template"
AGENCY_LABEL = "Agency:"
TITLE = "Agency chronology for a case review"
XLSX_INSTRUCTIONS_TITLE = "How to fill in this chronology"
DOCX_INSTRUCTIONS_TITLE = "How to fill it in:"
COVER_LABELS = (AGENCY_LABEL, "Author role:", "Period covered:")
AGENCY_NOTE = ("The agency sending this chronology. It was filled in for you: leave it as it is, "
               "or write your agency's name if it is empty.")

INSTRUCTIONS: tuple[str, ...] = (
    "Write one row for each contact or event: a visit, a phone call, a meeting, a referral, "
    "an appointment (kept or missed), a letter or a decision.",
    "Record facts, not opinion: what happened, who was there, what was said and seen.",
    "Enter dates day first, as dd/mm/yyyy (for example 03/03/2022). If only the month is "
    "known, write it as 'March 2022'; if the date is approximate, write a '?' before it.",
    "Use role codes (SW1, HV1, GP1, PC1, DSL1) instead of names of staff. Keep a separate list "
    "of who each code is, for the review team only.",
    "Record the action taken after each event, or why no action was taken.",
    "Always fill in 'Source of information': the record the entry comes from "
    "(for example 'HV1 case notes', 'GP record', 'MASH contact record').",
    "One event per row: do not put two visits or two meetings in the same row.",
    "Do not merge cells, and do not add title rows or notes above the heading row "
    "(the 'Agency' line at the top is the only one).",
    "In 'Other agencies involved', name any other agency that took part or was informed.",
    "In 'Child seen', write Yes if the child was seen during the contact, No if not, and Not recorded "
    "if your record does not say.",
    "In 'Seen alone', write Yes if the child was seen or spoken with alone, away from parents and carers; "
    "in 'Who was present', who was there (mother, father, partner, siblings, other professionals).",
    "For a meeting (strategy discussion, conference, core group), write in 'Meeting attendance' whether "
    "your agency attended, sent a report only, or was invited and did not attend.",
)
# A document holding this many of the instructions is one of our templates, marker or not
# (templates sent out before they carried a marker, or copied into a new file).
_RECOGNISED_AT = 3


def mark_for(agency_name: str) -> str:
    """The marker stored in a template's ``identifier`` document property."""
    return f"{MARK_PREFIX}: {agency_name}"


def agency_in_mark(identifier: str | None) -> str | None:
    """The agency name a template's marker holds, or None when ``identifier`` is not our marker."""
    if not identifier:
        return None
    head, sep, name = identifier.partition(":")
    if not sep or head.strip().lower() != MARK_PREFIX:
        return None
    return name.strip() or None


def is_marked(identifier: str | None) -> bool:
    """Whether ``identifier`` is a reviewbench template marker (with or without an agency)."""
    return bool(identifier) and identifier.strip().lower().startswith(MARK_PREFIX)


@lru_cache(maxsize=1)
def _own_texts() -> frozenset[str]:
    numbered = (f"{n}. {text}" for n, text in enumerate(INSTRUCTIONS, start=1))     # as the workbook has them
    texts = [TITLE, XLSX_INSTRUCTIONS_TITLE, DOCX_INSTRUCTIONS_TITLE, AGENCY_NOTE, *INSTRUCTIONS, *numbered,
             *builtin_event_kind_labels()]
    return frozenset(normalise_heading(t) for t in texts)


def is_template_text(cell: str) -> bool:
    """True for a text the template itself wrote (an instruction, an event-type label...)."""
    return normalise_heading(cell) in _own_texts()


def _instructions_found(cover: list[list[str]]) -> int:
    wanted = {normalise_heading(t) for t in INSTRUCTIONS}
    found = set()
    for cells in cover:
        for cell in cells:
            norm = normalise_heading(cell)
            found |= {w for w in wanted if norm.endswith(w)}    # "3. Enter dates..." in the workbook
    return len(found)


def looks_like_template(cover: list[list[str]]) -> bool:
    """Whether the text outside the chronology table is our template's (its instructions)."""
    return _instructions_found(cover) >= _RECOGNISED_AT
