"""What each kind of agency routinely records (``data/agency_records.yaml``), loaded once per review.

A school's safeguarding log records concerns, not sightings: its silence says nothing about
whether the child was seen there. A GP records every consultation. Which is which is data a
reviewer extends in the review folder (``agency_records.yaml``), never code: the network stage
reads it to say which periods nobody saw the child and whose records could not tell, and the
ingest reads how an agency took part in a joint meeting. Loaded through
``Review.overlay(RECORDS_FILE, agency_records)`` like the other overlays, with the same strict keys.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config_problems import problems_message, unknown_keys
from .errors import ReviewConfigError
from .suggest import did_you_mean
from .vocabulary import normalise_heading
from .yamlio import builtin_yaml, with_overlay

RECORDS_FILE = "agency_records.yaml"
TOP_KEYS = ("kinds", "agencies", "attendance", "meeting_attendance")
KIND_KEYS = ("id", "label", "names", "records", "cannot_tell", "seen_patterns", "convenes")
RECORDS = ("sightings", "attendance", "concerns", "incidents", "meetings", "tenancy", "adult-contacts", "dispensing")
ATTENDANCE_KEYS = ("most_days_percent", "summary_patterns", "present_values", "absent_values", "terms")
TERM_KEYS = ("name", "start", "end")
MEETING_KEYS = ("values", "own_patterns", "mention_patterns", "list_patterns")
ATTENDED, REPORT_ONLY, INVITED_ABSENT = "attended", "report-only", "invited-absent"
STATES = (REPORT_ONLY, INVITED_ABSENT, ATTENDED)      # the order their patterns are tried in


@dataclass(frozen=True)
class AgencyKind:
    """A kind of agency and what its chronology routinely holds."""

    id: str
    label: str
    names: re.Pattern | None
    records: frozenset[str]
    cannot_tell: str = ""
    seen_patterns: tuple[str, ...] = ()
    convenes: frozenset[str] = frozenset()

    @property
    def sees_parent_only(self) -> bool:
        """Its appointments are the parent's: one missed is not the child unseen."""
        return "adult-contacts" in self.records and "sightings" not in self.records


@dataclass(frozen=True)
class Term:
    name: str
    start: tuple[int, int]      # (month, day)
    end: tuple[int, int]


@dataclass(frozen=True)
class ChildAttendance:
    """How the child's attendance at school or nursery is read (``attendance`` in the data file)."""

    most_days_percent: float
    summary: re.Pattern | None          # a named group "percent"
    present_values: frozenset[str]
    absent_values: frozenset[str]
    terms: tuple[Term, ...]

    def in_term(self, first: dt.date, last: dt.date) -> bool:
        """Whether any school day of a term falls strictly between ``first`` and ``last`` (True when no
        term is set: then every day may be a school day)."""
        if not self.terms:
            return True
        for year in range(first.year - 1, last.year + 1):
            for term in self.terms:
                start = dt.date(year, *term.start)
                end = dt.date(year + (term.end < term.start), *term.end)
                if start < last and end > first:
                    return True
        return False

    def term_start(self, day: dt.date) -> dt.date:
        """The first day of the term a figure dated ``day`` is about: the latest term to start on or
        before it (the day itself when no term is set)."""
        starts = [dt.date(year, t.start[0], t.start[1]) for t in self.terms for year in (day.year - 1, day.year)]
        earlier = [s for s in starts if s <= day]
        return max(earlier) if earlier else day


@dataclass(frozen=True)
class MeetingAttendance:
    """How an agency's part in a meeting is read (``meeting_attendance`` in the data file)."""

    values: dict[str, str]                                  # normalised column value -> state
    own: tuple[tuple[str, re.Pattern], ...]                 # (state, pattern) in the order tried
    mention: tuple[tuple[str, re.Pattern], ...]
    listed: tuple[tuple[str, re.Pattern], ...]

    def from_value(self, value: str) -> str:
        return self.values.get(normalise_heading(value), "") if value else ""

    def from_own_words(self, text: str) -> str:
        return next((state for state, pattern in self.own if pattern.search(text)), "")

    def from_mention(self, before: str, after: str) -> str:
        """The state the words right after an agency's name give it, else the list (the clause before
        its name) it is in, or ""."""
        return (next((state for state, pattern in self.mention if pattern.search(after)), "")
                or next((state for state, pattern in self.listed if pattern.search(before)), ""))


@dataclass(frozen=True)
class AgencyRecords:
    kinds: tuple[AgencyKind, ...]
    pinned: dict[str, str]              # agency name (as in review.yaml) -> kind id
    attendance: ChildAttendance
    meetings: MeetingAttendance
    origin: str

    def kind(self, kind_id: str) -> AgencyKind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def kind_of(self, name: str, aliases: tuple[str, ...] | list[str] = ()) -> AgencyKind | None:
        """The agency's kind: pinned by the review, else the first whose names match its name, then
        its aliases."""
        if name in self.pinned:
            return self.kind(self.pinned[name])
        for label in (name, *aliases):
            found = next((k for k in self.kinds if k.names is not None and k.names.search(label.lower())), None)
            if found is not None:
                return found
        return None

    def kinds_of(self, agencies) -> dict[str, AgencyKind | None]:
        """Agency name -> kind for the agencies of a review (``config.Agency``); a pinned name that is
        not one of them is refused, so a typo never leaves an agency with the wrong kind."""
        names = [a.name for a in agencies]
        for pinned in self.pinned:
            if pinned not in names:
                raise ReviewConfigError(f"'agencies' names '{pinned}', which is not an agency of review.yaml."
                                        f"{did_you_mean(pinned, names)}", file=self.origin, key=f"agencies.{pinned}",
                                        hint="Use the agency's name exactly as review.yaml writes it.")
        return {a.name: self.kind_of(a.name, a.aliases) for a in agencies}


def _compile(patterns: Any, where: str, origin: str, flags: int = re.IGNORECASE) -> re.Pattern | None:
    if not isinstance(patterns, list):
        raise ReviewConfigError("must be a list of patterns.", file=origin, where=where)
    items = [str(p) for p in patterns]
    if not items:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in items), flags)
    except re.error as exc:
        raise ReviewConfigError(f"a pattern is not a valid regular expression ({exc}).", file=origin,
                                where=where) from exc


def _mapping(value: Any, where: str, origin: str, allowed: tuple[str, ...] | None, at: tuple = ()) -> dict:
    """``value`` when it is a mapping of ``allowed`` keys (any keys when None), else a clear error."""
    if not isinstance(value, dict):
        raise ReviewConfigError("must be a mapping (key: value lines).", file=origin, where=where)
    if allowed is not None and (unknown := unknown_keys(value, allowed, at=at)):
        raise ReviewConfigError(problems_message(unknown), file=origin, where=where)
    return value


def _merge(base: dict, own: Any, origin: str) -> dict:
    """The review's file over the built-in one (see the header of the data file)."""
    own = _mapping(own if own is not None else {}, origin, origin, TOP_KEYS)
    merged = dict(base)
    if "kinds" in own:
        if not isinstance(own["kinds"], list):
            raise ReviewConfigError("'kinds' must be a list (one '- id: ...' per kind).", file=origin)
        kinds = {k["id"]: dict(k) for k in base["kinds"]}
        added = []
        for i, item in enumerate(own["kinds"], start=1):
            where = f"{origin}, kinds item {i}"
            item = _mapping(item, where, origin, KIND_KEYS, ("kinds", i - 1))
            if not item.get("id"):
                raise ReviewConfigError("each kind needs an 'id'.", file=origin, where=where)
            if item["id"] in kinds:
                kinds[item["id"]].update(item)
            else:
                added.append(dict(item))
        merged["kinds"] = added + list(kinds.values())
    if "agencies" in own:
        merged["agencies"] = {**(base.get("agencies") or {}),
                              **_mapping(own["agencies"] or {}, f"{origin}, agencies", origin, None)}
    for section, keys in (("attendance", ATTENDANCE_KEYS), ("meeting_attendance", MEETING_KEYS)):
        if section in own:
            merged[section] = {**base[section],
                               **_mapping(own[section] or {}, f"{origin}, {section}", origin, keys, (section,))}
    return merged


def _kind(item: Any, origin: str, i: int) -> AgencyKind:
    where = f"{origin}, kinds item {i}"
    item = _mapping(item, where, origin, KIND_KEYS, ("kinds", i - 1))
    if not item.get("id"):
        raise ReviewConfigError("each kind needs an 'id'.", file=origin, where=where)
    records = item.get("records") or []
    if not isinstance(records, list) or (bad := [r for r in records if r not in RECORDS]):
        shown = ", ".join(map(str, bad)) if isinstance(records, list) else str(records)
        raise ReviewConfigError(f"records holds '{shown}', which is not something agencies record; use "
                                f"{', '.join(RECORDS)}.", file=origin, where=where)
    seen = [str(p) for p in item.get("seen_patterns") or []]
    _compile([p.replace("{child}", "child") for p in seen], f"{where}, seen_patterns", origin)
    return AgencyKind(str(item["id"]), str(item.get("label") or item["id"]),
                      _compile(list(item.get("names") or []), f"{where}, names", origin),
                      frozenset(records), str(item.get("cannot_tell") or "").strip(), tuple(seen),
                      frozenset(str(k) for k in item.get("convenes") or []))


def _month_day(value: Any, where: str, origin: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(value).strip())
    try:
        if match is None:
            raise ValueError
        dt.date(2024, int(match.group(1)), int(match.group(2)))      # a leap year: 02-29 is a day
    except ValueError:
        raise ReviewConfigError(f"'{value}' is not a month and day written MM-DD (09-01 is 1 September).",
                                file=origin, where=where) from None
    return int(match.group(1)), int(match.group(2))


def _values(items: Any, where: str, origin: str) -> frozenset[str]:
    if not isinstance(items, list):
        raise ReviewConfigError("must be a list of values.", file=origin, where=where)
    return frozenset(normalise_heading(v) for v in items)


def _attendance(data: dict, origin: str) -> ChildAttendance:
    where = f"{origin}, attendance"
    data = _mapping(data, where, origin, ATTENDANCE_KEYS, ("attendance",))
    percent = data.get("most_days_percent", 80)
    if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 < percent <= 100:
        raise ReviewConfigError(f"most_days_percent must be a number from 1 to 100, not {percent!r}.", file=origin,
                                where=where)
    summary = _compile(list(data.get("summary_patterns") or []), f"{where}, summary_patterns", origin)
    if summary is not None and "percent" not in summary.groupindex:
        raise ReviewConfigError("each summary pattern needs a group named 'percent' ((?P<percent>...)).",
                                file=origin, where=f"{where}, summary_patterns")
    terms = []
    for i, term in enumerate(data.get("terms") or [], start=1):
        spot = f"{where}, terms item {i}"
        term = _mapping(term, spot, origin, TERM_KEYS, ("attendance", "terms", i - 1))
        terms.append(Term(str(term.get("name") or f"term {i}"), _month_day(term.get("start"), spot, origin),
                          _month_day(term.get("end"), spot, origin)))
    return ChildAttendance(float(percent), summary, _values(data.get("present_values") or [], where, origin),
                           _values(data.get("absent_values") or [], where, origin), tuple(terms))


def _states(section: Any, where: str, origin: str, compile_each: bool, at: tuple) -> list:
    section = _mapping(section or {}, where, origin, STATES, at)
    out = []
    for state in STATES:
        if state in section:
            if compile_each:
                pattern = _compile(list(section[state] or []), f"{where}, {state}", origin)
                if pattern is not None:
                    out.append((state, pattern))
            else:
                out.append((state, _values(section[state] or [], f"{where}, {state}", origin)))
    return out


def _meetings(data: dict, origin: str) -> MeetingAttendance:
    where = f"{origin}, meeting_attendance"
    data = _mapping(data, where, origin, MEETING_KEYS, ("meeting_attendance",))
    values = {v: state for state, items in _states(data.get("values"), f"{where}, values", origin, False,
                                                   ("meeting_attendance", "values")) for v in items}
    own = _states(data.get("own_patterns"), f"{where}, own_patterns", origin, True,
                  ("meeting_attendance", "own_patterns"))
    mention = _states(data.get("mention_patterns"), f"{where}, mention_patterns", origin, True,
                      ("meeting_attendance", "mention_patterns"))
    listed = _states(data.get("list_patterns"), f"{where}, list_patterns", origin, True,
                     ("meeting_attendance", "list_patterns"))
    return MeetingAttendance(values, tuple(own), tuple(mention), tuple(listed))


def _parse(data: dict, origin: str) -> AgencyRecords:
    kinds = [_kind(item, origin, i) for i, item in enumerate(data.get("kinds") or [], start=1)]
    ids = [k.id for k in kinds]
    pinned = {}
    for name, kind in _mapping(data.get("agencies") or {}, f"{origin}, agencies", origin, None).items():
        if kind not in ids:
            raise ReviewConfigError(f"agency '{name}' is pinned to the kind '{kind}', which is not defined."
                                    f"{did_you_mean(kind, ids)}", file=origin, key=f"agencies.{name}",
                                    hint=f"Use one of {', '.join(ids)}, or add the kind under 'kinds'.")
        pinned[str(name)] = str(kind)
    return AgencyRecords(tuple(kinds), pinned, _attendance(data.get("attendance") or {}, origin),
                         _meetings(data.get("meeting_attendance") or {}, origin), origin)


def agency_records(review_dir: Path | None = None) -> AgencyRecords:
    """The built-in agency records, overlaid with the review's own ``agency_records.yaml`` if present."""
    return _parse(*with_overlay(builtin_yaml(RECORDS_FILE), review_dir, RECORDS_FILE, _merge))
