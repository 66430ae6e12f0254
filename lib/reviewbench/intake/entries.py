"""A mapped row becomes an accepted entry or a reject with its reason: nothing in between."""

from __future__ import annotations

import datetime as dt

from ..chronology.export import EXCEL_CELL_LIMIT, excel_length
from ..config import Agency, Review
from ..dates import dmy
from ..errors import DateError
from ..model import Entry, RawRow, Reject, UnsavedFormula
from ..vocabulary import EventKind, classify
from .agency import canonical_agency, split_agencies
from .dates import DateRules, parse_time

__all__ = ["Entry", "to_entry"]

_TEXT_KEYS = ("event_type", "description", "outcome", "practitioner_role", "source", "child_seen", "seen_alone",
              "present", "attendance", "meeting_attendance", "other")


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


def _unsaved_formulas(raw: RawRow) -> Reject | None:
    """A row whose mapped cells hold formulas with no saved value cannot be read: say why and what to do."""
    if UnsavedFormula not in map(type, raw.values.values()):
        return None                      # (the usual case, told quickly: this runs on every row)
    unsaved = [(key, value) for key, value in raw.values.items() if isinstance(value, UnsavedFormula)]
    if not unsaved:
        return None
    cells = " and ".join(f"'{key}' cell (={value.formula})" if value.formula else f"'{key}' cell"
                         for key, value in unsaved)
    holds = "holds a formula" if len(unsaved) == 1 else "hold formulas"
    return Reject(raw.file, raw.location,
                  f"the {cells} {holds} whose result is not saved in the file (it was written by a program "
                  "that does not calculate formulas), so the value is unknown. Open the workbook in Excel or "
                  "LibreOffice Calc and save it (that stores every formula's result), or ask the agency to, "
                  "and put the saved copy in agency_reports/.")


def _written_time(text: dict[str, str], flags: list[str], warnings: list[str], where: str,
                  written: str, reason: str) -> None:
    """A time that is not a time of day: flagged, kept as written in 'other', the entry kept."""
    flags.append("time_unreadable")
    warnings.append(f"{where}: time not understood, kept out of the time column: {reason}")
    text["other"] = "\n".join(filter(None, [text["other"], f"Time (as written): {written}"]))


def _cut_in_excel(text: dict[str, str], flags: list[str], warnings: list[str], where: str) -> None:
    if max(map(len, text.values())) <= EXCEL_CELL_LIMIT // 2:
        return                           # no text this short can pass the limit (UTF-16 units)
    long = [(key, excel_length(value)) for key, value in text.items() if excel_length(value) > EXCEL_CELL_LIMIT]
    if long:
        flags.append("text_cut_in_excel")
        sizes = ", ".join(f"the {key} is {size:,} characters long" for key, size in long)
        warnings.append(f"{where}: {sizes}; an Excel cell holds at most {EXCEL_CELL_LIMIT:,}, so "
                        "chronology.xlsx shows its start, marked as cut, and chronology.csv and .json keep "
                        "it whole. The entry is flagged text_cut_in_excel.")


def to_entry(review: Review, raw: RawRow, file_agency: Agency, kinds: tuple[EventKind, ...],
             warnings: list[str], rules: DateRules | None = None) -> Entry | Reject:
    """Parse one row. Returns a Reject (never raises) when the row cannot be dated or placed.

    ``rules``: how dates are read and checked (:class:`DateRules`, by default the review's as of today).
    """
    values = raw.values
    where = f"{raw.file} ({raw.location})"
    rules = rules or DateRules.for_review(review)
    unreadable = _unsaved_formulas(raw)
    if unreadable is not None:
        return unreadable
    try:
        date = rules.parse(values.get("date"))
    except DateError as exc:
        if values.get("date") is None or not _text(values.get("date")):
            reason = f"no date: a note or heading typed into the table?{_snippet(raw)} Have it dated at source."
        else:
            reason = f"date not accepted: {exc.reason}"
        return Reject(raw.file, raw.location, reason)

    text = {}
    for key in _TEXT_KEYS:               # (a loop: _text is called a million times on a large review)
        value = values.get(key)
        text[key] = value.strip() if type(value) is str else _text(value)
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
    if date.unreadable_time:
        _written_time(text, flags, warnings, where, date.unreadable_time,
                      f"'{date.unreadable_time}' (in the date cell) is not a time of day.")
    if values.get("time") is not None and _text(values.get("time")):
        try:
            time = parse_time(values["time"])
        except DateError as exc:
            _written_time(text, flags, warnings, where, _text(values["time"]), exc.reason)
    end_date = ""
    if _text(values.get("end_date")):
        try:
            ended = rules.parse(values["end_date"])
            end_date = ended.iso
            if ended.two_digit_year:
                flags.append("two_digit_year")
        except DateError as exc:
            flags.append("end_date_unreadable")
            warnings.append(f"{where}: end date not understood: {exc.reason}")
            written = f"End date (as written): {_text(values['end_date'])}"
            text["other"] = "\n".join(filter(None, [text["other"], written]))
    if date.precision != "day":
        flags.append(f"date_{date.precision}_only")
    if date.approximate:
        flags.append("approximate_date")
    flags = list(dict.fromkeys(flags + rules.flags(date)))       # each flag once, in the order found

    with_agencies: list[str] = []
    if _text(values.get("with")):
        with_agencies, unknown = split_agencies(review, _text(values["with"]))
        with_agencies = [a for a in with_agencies if a != agency.name]
        if unknown:
            warnings.append(f"{where}: other agencies not recognised: {', '.join(unknown)} "
                            "(add them as aliases in review.yaml to link them).")
            text["other"] = "\n".join(filter(None, [text["other"], f"With (not recognised): {', '.join(unknown)}"]))

    _cut_in_excel(text, flags, warnings, where)
    kind = classify(kinds, text["event_type"], f"{text['description']}\n{text['outcome']}")
    return Entry(agency.name, agency.short, date, time, end_date, kind.id, text, with_agencies,
                 raw.file, raw.location, raw.order, flags)
