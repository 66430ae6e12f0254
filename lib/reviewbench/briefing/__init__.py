"""Dissemination of a review's learning: the seven-minute briefing and the learning-event deck (issue 17).

    write_briefing(review, day)        build/dissemination/briefing.docx and briefing.html: one A4 page,
                                       the seven boxes of reviewbench/data/briefing.yaml (:mod:`.fill`,
                                       :mod:`.caps`, :mod:`.layout`, :mod:`.word`, :mod:`.page`)
    write_learning_deck(review, day)   build/dissemination/deck.pptx (:mod:`.deck`)

Both are checked by the publication scanner as they are written, and say what it found. The use-case
layer (:func:`reviewbench.build.run_briefing`, :func:`~reviewbench.build.run_deck`) calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Review
from ..publication.check import safety_verdict, scan_lines
from ..publication.names import NameRegister
from ..publication.scan import DISSEMINATION_DIR, ScanResult, scan_review
from . import layout
from .deck import Deck, build_deck, read_cited_chronology, write_deck
from .fill import Box, Briefing, build_briefing
from .page import write_briefing_html
from .settings import AuthoredBriefing, BriefingSpec, briefing_spec, load_authored_briefing
from .word import write_briefing_docx

BRIEFING_DOCX = "briefing.docx"
BRIEFING_HTML = "briefing.html"
DECK_PPTX = "deck.pptx"


@dataclass
class Dissemination:
    """What a briefing or a deck command wrote, what it noticed, and what the publication scan found."""

    what: str                                      # "the briefing", "the deck"
    outputs: list[Path]
    scan: ScanResult
    register: NameRegister
    notes: list[str] = field(default_factory=list)
    fits: bool = True

    @property
    def ok(self) -> bool:
        """Safe to share as far as the scan can tell: nothing found, and a register to check against."""
        return self.scan.ok

    def verdict(self) -> str:
        return safety_verdict(f"Publication check of {self.what}", self.scan, self.register,
                              when_found="Do not share it until they are corrected at their source (the authored "
                                         "files, the names register) and it is made again.")

    def lines(self) -> list[str]:
        """What the command prints: each file, each note, each item found and problem, then the verdict."""
        out = [f"Wrote {path}" for path in self.outputs]
        out += [f"Note: {note[:1].upper() + note[1:]}" for note in self.notes]
        out += scan_lines(self.scan)
        out.append(self.verdict())
        return out


def _scanned(review: Review, what: str, outputs: list[Path], register: NameRegister, notes: list[str],
             fits: bool = True) -> Dissemination:
    scan = scan_review(review, outputs, base=review.build_dir, register=register)
    scan.stale = []                  # decisions about the report are not this file's business
    return Dissemination(what, outputs, scan, register, notes, fits)


def write_briefing(review: Review, day: dt.date) -> Dissemination:
    """Fill, fit and write the briefing (Word and HTML), then scan both."""
    briefing = build_briefing(review, day)
    fitted = layout.fit(briefing)
    notes = list(briefing.notes)
    if not fitted.fits:
        notes.append(layout.overflow_note(briefing, fitted))
    elif fitted.size < layout.SIZES[0]:
        notes.append(f"the briefing is set in {fitted.size:g} pt (not {layout.SIZES[0]:g}) to fit on one A4 page.")
    folder = review.build_dir / DISSEMINATION_DIR
    outputs = [write_briefing_docx(briefing, fitted, folder / BRIEFING_DOCX),
               write_briefing_html(briefing, fitted, folder / BRIEFING_HTML)]
    return _scanned(review, "the briefing", outputs, briefing.register, notes, fitted.fits)


def write_learning_deck(review: Review, day: dt.date, chronology: Path | None) -> Dissemination:
    """Write the learning-event deck (``chronology``: build/chronology.csv, current, for the notes'
    citations; None: the notes give the ids alone, and say so), then scan it."""
    briefing = build_briefing(review, day)
    deck = build_deck(briefing, read_cited_chronology(chronology) if chronology is not None else None)
    path = write_deck(deck, review.build_dir / DISSEMINATION_DIR / DECK_PPTX, day)
    kinds = {"key practice episode": len(briefing.authored.kpes), "finding": len(briefing.authored.findings)}
    made = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in kinds.items())
    notes = [f"the deck has {len(deck.slides)} slides: the title, {made} (one slide each), the recommendations "
             "and the questions for discussion; the speaker notes cite the evidence.", *deck.notes]
    if chronology is None:
        notes.append("there is no current chronology (build/chronology.csv), so the notes cite entries by id alone.")
    return _scanned(review, "the deck", [path], briefing.register, notes)


__all__ = ["BRIEFING_DOCX", "BRIEFING_HTML", "DECK_PPTX", "DISSEMINATION_DIR", "AuthoredBriefing", "Box", "Briefing",
           "BriefingSpec", "Deck", "Dissemination", "briefing_spec", "build_briefing", "build_deck",
           "load_authored_briefing", "write_briefing", "write_learning_deck"]
