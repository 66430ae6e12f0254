"""Whom a clause is about: the subject of a verb of speaking or of a behaviour (the voice lens), and
whose relative "his partner" or "my dad" is (the adults lens).

Records drop subjects all the time ("T hungry, unkempt, said...", "Poppy 8/52 check. Smiling,
babbling."), so the subject is found by walking back: the first person named in the clause
before the word, else the nearest clause before it that names someone, in its sentence or the
few before it.
"""

from __future__ import annotations

import re

from .refs import CHILD, GENERIC_CHILD, PROFESSIONAL, PRONOUN, Ref
from .text import EntryText

WALK_BACK = 12           # clauses to look back for the subject
SENTENCES_BACK = 3       # sentences to look back ("Poppy 8/52 check. Smiling, babbling.")
_JOIN = re.compile(r"\s*(?:,|and|&|,\s*and)\s*", re.IGNORECASE)


def subject_of(entry: EntryText, refs: list[Ref], pos: int, speaker: str = "subject") -> list[Ref]:
    """The people a cue at ``pos`` is said of (see the module's doc): the subject, and the children
    joined to it ("T and R seen together, both laughing"). The subject is the first person named in
    the cue's clause before it, else in the nearest clause before it that names someone, in its
    sentence or the sentences before ("Poppy 8/52 check. Smiling, babbling."; there a child only
    the word "child" names is no one's subject). A pronoun gives the person named
    before it; a child named after a preposition ("session with Macy") is the last resort. With
    ``speaker="before"``, the person named last before the cue in its clause ("HoY asked M: '...'")."""
    clauses = entry.clauses
    if not clauses:
        return []
    owner = [r for r in refs if r.possessive and r.kind == CHILD and not r.in_quote and 0 <= pos - r.end <= 3]
    if owner:                                   # "Freya's play themes"
        return owner[-1:]
    valid = [r for r in refs if not r.in_quote and not r.possessive]
    at = entry.clause_at(pos)
    if speaker == "before":
        named = [r for r in valid if clauses[at].start <= r.start and r.end <= pos and r.kind != PROFESSIONAL]
        found = _resolve(named[-1], refs) if named else None
        return [found] if found is not None else []
    home = clauses[at].sentence
    last_resort = None
    for k in range(at, max(-1, at - 1 - WALK_BACK), -1):
        clause = clauses[k]
        if clause.sentence < home - SENTENCES_BACK:
            break
        here = [r for r in valid if clause.start <= r.start < clause.end and r.end <= pos]
        subject = [r for r in here if not r.after_preposition]
        if subject and clause.sentence != home and subject[0].key == GENERIC_CHILD:
            continue                            # "previous child (7) lives with MGM. Says...": not the speaker
        if subject:
            first = _resolve(subject[0], refs)
            return _joined(first, valid, entry.text) if first is not None else []
        last_resort = last_resort or next((r for r in here if r.kind == CHILD), None)
    return [last_resort] if last_resort else []


def _joined(first: Ref, refs: list[Ref], text: str) -> list[Ref]:
    """The subject and the children joined to it by "and" or a comma."""
    chain = [first]
    if first.kind != CHILD:
        return chain
    for ref in refs:
        if ref.start >= chain[-1].end and ref.kind == CHILD:
            if _JOIN.fullmatch(text[chain[-1].end:ref.start]):
                chain.append(ref)
            else:
                break
    return chain


def _resolve(ref: Ref, refs: list[Ref]) -> Ref | None:
    if ref.kind != PRONOUN:
        return ref
    before = [r for r in refs if r.end <= ref.start and r.kind != PRONOUN and not r.in_quote]
    return before[-1] if before else None
