"""Whether each entry records the child seen, seen alone or not seen, and the child's school attendance.

The columns decide first (``child_seen``, ``seen_alone``, then a day's ``attendance``); otherwise the
words of the entry, through the ``child_seen`` rules of ``interaction_rules.yaml``, where ``{child}``
stands for the child: its names matched as written (initials such as "T", the names a review adds)
and words such as "baby" in any case. "Mum seen alone" is not the child seen alone, and "T at
school" in a health visitor's entry says where T was, not that T went unseen. Entries that report
another agency's sighting (a notification received, a check answered) are read only for what the
recording agency itself saw (``seen_patterns`` of its kind in ``agency_records.yaml``: a school's
"T in school today").

Attendance figures (an ``attendance`` column, or "attendance 94%" in the entries of an agency whose
records hold attendance) cover the school term up to their date, or the entry's own dates: at or
above ``most_days_percent`` the child was seen at school on most days of that time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..agency_records import AgencyKind, ChildAttendance
from ..chronology.schema import NO_DAY, day_spans
from ..dates import date_to_day, day_to_date
from ..errors import ReviewConfigError
from ..vocabulary import normalise_heading

SEEN, SEEN_ALONE, NOT_SEEN = "seen", "seen-alone", "not-seen"
SIGHTED = (SEEN, SEEN_ALONE)
ATTENDANCE_COLUMNS = ("entry_id", "agency", "from_day", "to_day", "percent", "most_days")


@dataclass(frozen=True)
class Mentions:
    """Where a text names the child: at a name (``names``) or at a name or a word (``any``)."""

    names: tuple[int, ...]
    any: tuple[int, ...]


@dataclass(frozen=True)
class PatternGroup:
    """Patterns that say one thing (seen alone, seen, not seen), split for speed: those that start
    with the child (``{child}``, ``{name}``, after any lookbehind or ``^``) are tried only where the
    text names the child; the others are one alternation searched in the whole text."""

    at_child: tuple[re.Pattern, ...]
    at_name: tuple[re.Pattern, ...]
    free: re.Pattern | None

    def found(self, text: str, mentions: Mentions) -> str:
        """The words the first matching pattern matched, spaces squeezed ("" when none)."""
        for patterns, starts in ((self.at_child, mentions.any), (self.at_name, mentions.names)):
            for start in starts:
                for pattern in patterns:
                    match = pattern.match(text, start)
                    if match is not None:
                        return " ".join(match.group().split())
        match = self.free.search(text) if self.free is not None else None
        return " ".join(match.group().split()) if match is not None else ""


_LED = re.compile(r"^((?:\^|\(\?<[!=][^)]*\))*)\{(child|name)\}")
NO_PATTERNS = PatternGroup((), (), None)


@dataclass(frozen=True)
class ChildSeenRules:
    """The ``child_seen`` section of the interaction rules, compiled (patterns on the entry's own text)."""

    yes: tuple[str, ...]
    alone: tuple[str, ...]
    no: tuple[str, ...]
    unknown: tuple[str, ...]
    child: str                              # the regex {child} stands for
    name: str                               # the regex {name} stands for
    names: re.Pattern | None                # the child's names, as written
    words: re.Pattern | None                # the words for a child, in lower-cased text
    reported: re.Pattern | None             # searched in the event type only
    seen_alone: PatternGroup
    seen: PatternGroup
    not_seen: PatternGroup
    _by_kind: dict = field(default_factory=dict, compare=False, repr=False)

    def value(self, written: str) -> str:
        """What a child_seen or seen_alone cell says: seen-alone, seen, not-seen or "" (nothing)."""
        key = normalise_heading(written) if written else ""
        if not key or key in self.unknown:
            return ""
        for options, state in ((self.alone, SEEN_ALONE), (self.yes, SEEN), (self.no, NOT_SEEN)):
            if any(key == o or key.startswith(o + " ") for o in options):
                return state
        return ""

    def mentions(self, text: str) -> Mentions:
        names = [m.start() for m in self.names.finditer(text)] if self.names is not None else []
        low = text.lower()
        words = [m.start() for m in self.words.finditer(low if len(low) == len(text) else text)] \
            if self.words is not None else []
        return Mentions(tuple(names), tuple(sorted(names + words)))

    def of_kind(self, kind: AgencyKind | None) -> PatternGroup:
        """The seen patterns of an agency kind, with {child} filled in (compiled once per kind)."""
        if kind is None or not kind.seen_patterns:
            return NO_PATTERNS
        if kind.id not in self._by_kind:
            self._by_kind[kind.id] = _group(kind.seen_patterns, self.child, self.name, f"agency kind '{kind.id}'")
        return self._by_kind[kind.id]


def _compile(patterns: list[str], where: str) -> re.Pattern | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise ReviewConfigError(f"a pattern is not a valid regular expression ({exc}).", where=where) from exc


def _group(patterns: Any, child: str, name: str, where: str) -> PatternGroup:
    """``patterns`` compiled on the entry's own text, {child} and {name} filled in."""
    at_child, at_name, free = [], [], []
    for pattern in (str(p) for p in patterns or []):
        led = _LED.match(pattern)
        filled = pattern.replace("{child}", child).replace("{name}", name)
        if led is None:
            free.append(filled)
        else:
            compiled = _compile([filled], where)
            (at_name if led.group(2) == "name" else at_child).append(compiled)
    return PatternGroup(tuple(at_child), tuple(at_name), _compile(free, where))


def child_seen_rules(section: dict, origin: str) -> ChildSeenRules:
    """The compiled ``child_seen`` section (its keys are checked with the rest of the rules file)."""
    names = [str(n) for n in section.get("child_names") or []]
    words = [str(w) for w in section.get("child_words") or []]
    name = r"(?-i:\b(?:" + "|".join(names) + r")\b(?!['\u2019]))" if names else r"(?!x)x"
    word = r"\b(?:" + "|".join(words) + r")\b" if words else r"(?!x)x"
    child = f"(?:{name}|{word})"
    where = f"{origin}, child_seen"
    try:
        finders = (re.compile(r"(?<![\w'\u2019-])(?:" + "|".join(names) + r")(?![\w'\u2019])") if names else None,
                   re.compile(word.lower()) if words else None)
    except re.error as exc:
        raise ReviewConfigError(f"a child's name or word is not a valid regular expression ({exc}).",
                                where=where) from exc
    return ChildSeenRules(
        yes=tuple(normalise_heading(v) for v in section.get("yes_values") or []),
        alone=tuple(normalise_heading(v) for v in section.get("alone_values") or []),
        no=tuple(normalise_heading(v) for v in section.get("no_values") or []),
        unknown=tuple(normalise_heading(v) for v in section.get("unknown_values") or []),
        child=child, name=name, names=finders[0], words=finders[1],
        reported=_compile([str(p) for p in section.get("reported_event_types") or []], where),
        seen_alone=_group(section.get("seen_alone_patterns"), child, name, where),
        seen=_group(section.get("seen_patterns"), child, name, where),
        not_seen=_group(section.get("not_seen_patterns"), child, name, where))


def seen_states(frame: pd.DataFrame, rules: ChildSeenRules, kinds: dict[str, AgencyKind | None],
                meeting_kinds: frozenset[str], attendance: ChildAttendance) -> tuple[np.ndarray, np.ndarray]:
    """For each entry of ``frame`` (the chronology with its analysis columns): seen-alone, seen, not-seen
    or "", and what said so (the column and its value, or the words that matched)."""
    by_value = {v: rules.value(v) for v in frame["child_seen"].unique().tolist()}
    states = frame["child_seen"].map(by_value).to_numpy(dtype=object)
    evidence = np.where(states != "", "child_seen: " + frame["child_seen"].to_numpy(dtype=object), "")
    alone = frame["seen_alone"].map(lambda v: rules.value(v) if v else "").to_numpy(dtype=object)
    alone = np.isin(alone, SIGHTED) & (states != NOT_SEEN)      # "Yes" under "Seen alone" is seen alone
    states = np.where(alone, SEEN_ALONE, states)
    evidence = np.where(alone, "seen_alone: " + frame["seen_alone"].to_numpy(dtype=object), evidence)
    day = frame["attendance"].map(lambda v: _day_attendance(v, attendance)).to_numpy(dtype=object)
    by_day = (states == "") & (day != "")
    states = np.where(by_day, day, states)
    evidence = np.where(by_day, "attendance: " + frame["attendance"].to_numpy(dtype=object), evidence)
    texts = (frame["event_type"] + "\n" + frame["description"] + "\n" + frame["outcome"]).to_numpy()
    agencies, event_kinds = frame["agency"].to_numpy(), frame["event_kind"].to_numpy()
    event_types = frame["event_type"].to_numpy()
    for i in np.flatnonzero(states == SEEN):        # "Y" in the column, "T seen alone" in the words
        words = rules.seen_alone.found(texts[i], rules.mentions(texts[i]))
        if words:
            states[i], evidence[i] = SEEN_ALONE, f"{evidence[i]}; {words}"
    read: dict[tuple, tuple[str, str]] = {}       # the same words by the same kind of agency read once
    for i in np.flatnonzero(states == ""):
        kind = kinds.get(agencies[i])
        reported = rules.reported is not None and rules.reported.search(event_types[i]) is not None
        may_miss = event_kinds[i] not in meeting_kinds and not (kind is not None and kind.sees_parent_only)
        key = (texts[i], kind.id if kind is not None else "", reported, may_miss)
        if key not in read:
            read[key] = _read(texts[i], rules, rules.of_kind(kind), reported, may_miss)
        states[i], evidence[i] = read[key]
    return states, evidence


def _read(text: str, rules: ChildSeenRules, own: PatternGroup, reported: bool, may_miss: bool) -> tuple[str, str]:
    """(state, the words that say so) from an entry's own words; ("", "") when they say nothing."""
    tries = [(SEEN_ALONE, rules.seen_alone), (SEEN, own)] if reported else \
        [(SEEN_ALONE, rules.seen_alone), (SEEN, rules.seen), (SEEN, own)] + ([(NOT_SEEN, rules.not_seen)] if may_miss
                                                                             else [])
    mentions = rules.mentions(text)
    for state, group in tries:
        words = group.found(text, mentions)
        if words:
            return state, words
    return "", ""


def _day_attendance(value: str, attendance: ChildAttendance) -> str:
    """A day's attendance cell: present is the child seen at school that day, absent not seen."""
    key = normalise_heading(value) if value else ""
    if key in attendance.present_values:
        return SEEN
    if key in attendance.absent_values:
        return NOT_SEEN
    return ""


_PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*(%?)\s*$")


def _percent(column: str, text: str, reads_text: bool, attendance: ChildAttendance) -> float | None:
    if column and (match := _PERCENT.match(column)):
        figure = float(match.group(1))
        # An Excel cell formatted as a percentage holds the fraction: 0.94 is 94%.
        return figure * 100 if not match.group(2) and "." in match.group(1) and figure <= 1 else figure
    if reads_text and attendance.summary is not None:
        figures = [float(m.group("percent")) for m in attendance.summary.finditer(text) if m.group("percent")]
        figures = [f for f in figures if f <= 100]
        if figures:
            return min(figures)      # "Attendance J 90%, T 88%": the lowest says the least
    return None


def attendance_spans(frame: pd.DataFrame, kinds: dict[str, AgencyKind | None],
                     attendance: ChildAttendance) -> pd.DataFrame:
    """The attendance figures of ``frame``: the days each covers, the figure, and whether it says the
    child was at school on most days (``most_days``)."""
    reads = {name: kind is not None and "attendance" in kind.records for name, kind in kinds.items()}
    columns = frame["attendance"].to_numpy()
    candidates = np.flatnonzero((columns != "") | frame["agency"].map(reads).fillna(False).to_numpy(dtype=bool))
    if not len(candidates):
        return pd.DataFrame(columns=list(ATTENDANCE_COLUMNS))
    rows = frame.iloc[candidates]
    texts = (rows["event_type"] + "\n" + rows["description"] + "\n" + rows["outcome"]).tolist()
    ends = day_spans(rows["end_date"])[1]
    out = []
    for entry_id, agency, column, text, start, last_day, precision, end in zip(
            rows["entry_id"], rows["agency"], rows["attendance"], texts, rows["_start"].to_numpy(),
            rows["_end"].to_numpy(), rows["_precision"], ends):
        percent = _percent(column, text, reads.get(agency, False), attendance)
        if percent is None or precision != "day":
            continue
        if end != NO_DAY and end >= start:
            first, last = int(start), int(end)
        else:
            first, last = date_to_day(attendance.term_start(day_to_date(int(last_day)))), int(last_day)
        out.append((entry_id, agency, first, last, percent, percent >= attendance.most_days_percent))
    return pd.DataFrame(out, columns=list(ATTENDANCE_COLUMNS))
