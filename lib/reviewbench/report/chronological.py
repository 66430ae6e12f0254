"""The order of the report's evidence tables: by date, earliest first.

Each kind of evidence has one date it is placed by: a chronology entry its date (the first day of a
month or year it is dated to), a key practice episode its start, a problem (RCA) its earliest cited
entry. On the same day, entries come first in the chronology's own order (date, time, agency), then
episodes and problems as they were authored; evidence with no date (an entry not in the chronology)
comes last, as authored.
"""

from __future__ import annotations

import datetime as dt

from ..dates import date_span

ORDER_NOTE = ("Evidence is listed in date order: an entry by its date, a key practice episode by its start, "
              "a problem by its earliest cited entry.")


def entry_day(row: dict | None) -> dt.date | None:
    """The day a chronology entry (a row of the chronology, or None) is placed by."""
    span = date_span(row["date"], row.get("date_precision", "")) if row else None
    return span[0] if span else None


def evidence_day(b, ref: str) -> dt.date | None:
    """The day ``ref`` (an entry, a KPE or a problem of ``b``'s review) is placed by."""
    kpe = b.authored.kpe(ref)
    if kpe is not None:
        return kpe.start
    problem = b.authored.problem(ref)
    if problem is not None:
        days = [d for d in (entry_day(b.rows.get(e)) for e in problem.entries) if d is not None]
        return min(days) if days else None
    return entry_day(b.rows.get(ref))


def in_date_order(b, refs: list[str]) -> list[str]:
    """``refs`` (entries, KPEs, problems) earliest first (see the module's docstring)."""
    position = b.positions

    def key(item: tuple[int, str]) -> tuple:
        authored, ref = item
        day = evidence_day(b, ref)
        in_chronology = ref in position
        return (day is None, day or dt.date.min, not in_chronology,
                position[ref] if in_chronology else authored)
    return [ref for _, ref in sorted(enumerate(refs), key=key)]
