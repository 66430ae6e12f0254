"""The rapid review agency summary form: its words, its headings and how a returned one is known.

One place for both sides, as :mod:`.template_text` is for the chronology templates:
:mod:`.blank_templates` writes the form (``reviewbench templates DIR --rapid-review``) and
:mod:`.summaries` reads a filled one back. Each heading is a field of the summary; the text an
agency writes under a heading is that field. A returned form is known by its marker (the
``identifier`` document property, which survives renaming and saving again) or, failing that,
by its title paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import normalise_heading

MARK_PREFIX = "reviewbench rapid review summary"
TITLE = "Rapid review: agency summary"
AGENCY_LABEL = "Agency:"
COVER_LABELS = (AGENCY_LABEL, "Completed by (role):", "Date completed:")
INTRODUCTION = (
    "The safeguarding partners hold a rapid review of every serious incident notified to the Child "
    "Safeguarding Practice Review Panel. Please write, under each heading below, what your agency knows "
    "now: facts from your records, not opinion, and role codes (SW1, HV1, PC1) instead of names of staff. "
    "Keep every heading as it is, and write 'None' under a heading that does not apply, so that the "
    "review team knows it was not missed.")


@dataclass(frozen=True)
class FormField:
    """One heading of the form and the field its text becomes."""

    id: str
    heading: str
    guidance: str


FIELDS: tuple[FormField, ...] = (
    FormField("involvement", "Involvement with the child and family",
              "What contact your agency had with the child and family, when, and what it knew of them."),
    FormField("immediate_actions", "Immediate actions",
              "What your agency did to keep the child, brothers and sisters and other children safe since the "
              "incident, and why (the rationale for each action)."),
    FormField("learning", "Initial learning",
              "What your agency sees already that could be learned, for itself or for the partnership."),
    FormField("good_practice", "Good practice",
              "What went well in your agency's work with the child and family."),
    FormField("contact", "Contact person",
              "The role, team and telephone number or e-mail of the person the review team can ask about "
              "this summary."),
)
FIELD_IDS: tuple[str, ...] = tuple(f.id for f in FIELDS)


def field_named(field_id: str) -> FormField:
    return next(f for f in FIELDS if f.id == field_id)


def mark_for(agency_name: str) -> str:
    """The marker stored in a form's ``identifier`` document property."""
    return f"{MARK_PREFIX}: {agency_name}"


def agency_in_mark(identifier: str | None) -> str | None:
    """The agency name a form's marker holds, or None when ``identifier`` is not a form's marker."""
    head, sep, name = (identifier or "").partition(":")
    if not sep or head.strip().lower() != MARK_PREFIX:
        return None
    return name.strip() or None


def is_summary_form(identifier: str | None, paragraphs: list[str]) -> bool:
    """Whether a Word document is a rapid review agency summary form: its marker, or its title."""
    if (identifier or "").strip().lower().startswith(MARK_PREFIX):
        return True
    title = normalise_heading(TITLE)
    return any(normalise_heading(p) == title for p in paragraphs)


def heading_of(paragraph: str) -> FormField | None:
    """The form field whose heading ``paragraph`` is ("Immediate actions:" and "IMMEDIATE ACTIONS" too)."""
    text = normalise_heading(paragraph)
    return next((f for f in FIELDS if normalise_heading(f.heading) == text), None)
