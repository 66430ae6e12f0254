"""A mapped row becomes an accepted entry or a reject with its reason: nothing in between."""

from __future__ import annotations

import datetime as dt

from ..config import Agency, Review
from ..dates import dmy
from ..errors import DateError
from ..model import Entry, RawRow, Reject
from ..vocabulary import EventKind, classify
from .agency import canonical_agency, split_agencies
from .dates import parse_date, parse_time

__all__ = ["Entry", "to_entry"]

_TEXT_KEYS = ("event_type", "description", "outcome", "practitioner_role", "source", "child_seen", "other")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return dmy(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _snippet(raw: RawRow) -> str:
    text = " ".join(_text(raw.values.get(k)) for k in ("description", "event_type", "outcome", "other"))
    text = " ".join(text.split())
    return f" ('{text[:70]}{'...' if len(text) > 70 else ''}')" if text else ""


def to_entry(review: Review, raw: RawRow, file_agency: Agency, kinds: tuple[EventKind, ...],
             warnings: list[str]) -> Entry | Reject:
    """Parse one row. Returns a Reject (never raises) when the row cannot be dated or placed."""
    values = raw.values
    where = f"{raw.file} ({raw.location})"
    try:
        date = parse_date(values.get("date"))
    except DateError as exc:
        if values.get("date") is None or not _text(values.get("date")):
            reason = f"no date: a note or heading typed into the table?{_snippet(raw)} Have it dated at source."
        else:
            reason = f"date not accepted: {exc.reason}"
        return Reject(raw.file, raw.location, reason)

    text = {k: _text(values.get(k)) for k in _TEXT_KEYS}
    if not (text["description"] or text["event_type"] or text["outcome"]):
        return Reject(raw.file, raw.location,
                      "the row has a date but no description, event type or outcome.")

    agency = file_agency
    if _text(values.get("agency")):
        named = canonical_agency(review, _text(values["agency"]))
        if named is None:
            return Reject(raw.file, raw.location,
                          f"agency '{_text(values['agency'])}' is not one of the review's agencies; "
                          "add it (or an alias) to review.yaml.")
        agency = named

    flags: list[str] = []
    time = date.time
    if values.get("time") is not None and _text(values.get("time")):
        try:
            time = parse_time(values["time"])
        except DateError as exc:
            flags.append("time_unreadable")
            warnings.append(f"{where}: time not understood, kept out of the time column: {exc.reason}")
            text["other"] = "\n".join(filter(None, [text["other"], f"Time (as written): {_text(values['time'])}"]))
    end_date = ""
    if _text(values.get("end_date")):
        try:
            end_date = parse_date(values["end_date"]).iso
        except DateError as exc:
            flags.append("end_date_unreadable")
            warnings.append(f"{where}: end date not understood: {exc.reason}")
            written = f"End date (as written): {_text(values['end_date'])}"
            text["other"] = "\n".join(filter(None, [text["other"], written]))
    if date.precision != "day":
        flags.append(f"date_{date.precision}_only")
    if date.approximate:
        flags.append("approximate_date")

    with_agencies: list[str] = []
    if _text(values.get("with")):
        with_agencies, unknown = split_agencies(review, _text(values["with"]))
        with_agencies = [a for a in with_agencies if a != agency.name]
        if unknown:
            warnings.append(f"{where}: other agencies not recognised: {', '.join(unknown)} "
                            "(add them as aliases in review.yaml to link them).")
            text["other"] = "\n".join(filter(None, [text["other"], f"With (not recognised): {', '.join(unknown)}"]))

    kind = classify(kinds, text["event_type"], f"{text['description']}\n{text['outcome']}")
    return Entry(agency.name, agency.short, date, time, end_date, kind.id, text, with_agencies,
                 raw.file, raw.location, raw.order, flags)
