"""The child's voice (build/analysis/voice.csv): what each child said or showed, who heard it, and
what happened next.

A child's words are a verb of speaking whose subject is a child ("T said...", "told class
teacher '...'", "Macy seen alone: '...'"); a child's behaviour is a behaviour cue whose subject
is a child (crying, hiding, a drawing; for a baby, how the baby responds). Who the subject is
is :func:`.subjects.subject_of`'s work. A child's own quoted words never count as behaviour,
and what a parent says about a child is the parent's account, not the child's voice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import pandas as pd

from ..config import Review
from .records import Record, Records
from .refs import CHILD, GENERIC_CHILD, PROFESSIONAL, Ref
from .rules import Cue, LensRules
from .subjects import subject_of
from .text import EntryText

VOICE_COLUMNS = ("entry_id", "date", "agency", "child", "words", "heard_by", "what_next", "rule", "matched")
NEXT_SHOWN = 10          # entries listed in what_next; more are counted


def _overlaps(cues: tuple[Cue, ...], text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 20):end + 20]
    offset = max(0, start - 20)
    return any(offset + m.start() < end and start < offset + m.end()
               for cue in cues for m in cue.regex.finditer(window))


class _Listener:
    """Finds the child's voice in one review's records."""

    def __init__(self, records: Records, rules: LensRules):
        self.records = records
        self.rules = rules
        self.infants = {c.label: c for c in records.children}
        subjects = records.family.subjects or records.children
        self.only_child = subjects[0].label if len(subjects) == 1 else None

    def _infant(self, actor: Ref, record: Record) -> bool:
        if actor.infant:
            return True
        child = self.infants.get(actor.key) or self.infants.get(self.only_child or "")
        months = child.months_old(record.when) if child is not None else None
        return months is not None and 0 <= months < self.rules.infant_months

    def findings(self, record: Record) -> list[dict]:
        out = []
        for entry, scan in zip(record.texts, record.scans):
            text = entry.text
            relayed = [m.start() for cue in self.rules.relayed for m in cue.regex.finditer(text)]
            speech = sorted((m.start(), m.end(), cue, m) for cue in self.rules.speech for m in cue.regex.finditer(text)
                            if not (entry.in_quote(m.start()) and m.start() not in entry.quote_starts)
                            and not _overlaps(self.rules.not_speech, text, m.start(), max(m.end(), m.start() + 1)))
            for i, (start, end, cue, m) in enumerate(speech):
                clause = entry.clauses[entry.clause_at(start)]
                if any(clause.start <= s0 < start for s0, *_ in speech[:i]):
                    continue                    # a verb before it in the clause says whose words they are
                for actor in subject_of(entry, scan.refs, start, cue.speaker):
                    if actor.kind == CHILD:
                        heard = self._heard_by(entry, scan.refs, end, record, relayed, start)
                        out.append(self._finding(entry, actor, m, f"voice.{cue.id}", heard))
            cues = [(c, False) for c in self.rules.behaviour] + [(c, True) for c in self.rules.infant_behaviour]
            for cue, infant_only in cues:
                for m in cue.regex.finditer(text):
                    if entry.in_quote(m.start()) or _overlaps(self.rules.not_behaviour, text, m.start(), m.end()):
                        continue
                    for actor in subject_of(entry, scan.refs, m.start()):
                        if actor.kind != CHILD or (infant_only and not self._infant(actor, record)):
                            continue
                        heard = self._heard_by(entry, [], m.end(), record, relayed, m.start())
                        out.append(self._finding(entry, actor, m, f"voice.{cue.id}", heard))
        return out

    def _finding(self, entry: EntryText, actor: Ref, m, rule: str, heard: str) -> dict:
        start, _ = entry.sentence_of(actor.start)
        _, end = entry.sentence_of(m.start())
        child = self.only_child if actor.key == GENERIC_CHILD and self.only_child else actor.key
        return {"child": child, "words": " ".join(entry.text[start:end].split()), "rule": rule,
                "matched": " ".join(m.group(0).split()), "heard_by": heard, "pos": m.start()}

    def _heard_by(self, entry: EntryText, refs: list[Ref], pos: int, record: Record, relayed: list[int],
                  cue_start: int) -> str:
        """The professional the child spoke to when the record names them ("told class teacher"),
        else the practitioner who wrote the entry; "(passed on)" when another agency heard it."""
        clause = entry.clauses[entry.clause_at(pos)] if entry.clauses else None
        named = next((r.text for r in refs if r.kind == PROFESSIONAL and pos <= r.start
                      and clause is not None and r.end <= clause.end and r.start - pos <= 12), None)
        heard = named or record.practitioner_role or record.agency
        if any(p < cue_start for p in relayed):
            heard += " (passed on)"
        return heard


def _what_next(records: list[Record], days: list[int], i: int, window: int) -> str:
    """The entries of every agency in the ``window`` days after entry ``i`` (the same day's other
    agencies included), and the next entry of its own agency however late."""
    this = records[i]
    first = bisect_left(days, this.day)
    last = bisect_right(days, this.day + window)
    chosen = [j for j in range(first, last) if j != i and not (records[j].day == this.day
                                                               and records[j].agency == this.agency and j < i)]
    if not any(records[j].agency == this.agency for j in chosen):
        own = next((j for j in range(i + 1, len(records)) if records[j].agency == this.agency), None)
        if own is not None:
            chosen.append(own)
    if not chosen:
        return f"nothing recorded by any agency within {window} days"
    shown = [f"{records[j].entry_id} ({records[j].agency}, {records[j].date}: {records[j].event_type})"
             for j in chosen[:NEXT_SHOWN]]
    more = len(chosen) - NEXT_SHOWN
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def voice_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per entry and child: the child's words or behaviour as recorded; what_next lists the
    entries of the ``voice_next_days`` (a review setting) after it."""
    next_days = review.settings.voice_next_days
    listener = _Listener(records, rules)
    days = [r.day for r in records.records]
    rows = []
    for i, record in enumerate(records.records):
        by_child: dict[str, list[dict]] = {}
        for finding in listener.findings(record):
            by_child.setdefault(finding["child"], []).append(finding)
        if not by_child:
            continue
        what_next = _what_next(records.records, days, i, next_days)
        for child, found in by_child.items():
            found.sort(key=lambda f: f["pos"])
            rows.append({"entry_id": record.entry_id, "date": record.date, "agency": record.agency, "child": child,
                         "words": " ".join(dict.fromkeys(f["words"] for f in found)),
                         "heard_by": found[0]["heard_by"], "what_next": what_next,
                         "rule": "; ".join(dict.fromkeys(f["rule"] for f in found)),
                         "matched": "; ".join(dict.fromkeys(f["matched"] for f in found))})
    return pd.DataFrame(rows, columns=list(VOICE_COLUMNS))
