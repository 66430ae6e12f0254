"""Fast filtering of the chronology, and one page of it as an HTML table.

Everything a filter needs is computed once per chronology (:class:`ChronologyIndex`): agency
and kind codes, each entry's first and last day as day numbers (the chronology schema's
:func:`~reviewbench.chronology.schema.day_spans`: a month-only date covers the whole month), the
joint and in-scope flags, and the lower-cased text searched by the free text box (whole words
and quoted phrases: :func:`search_terms`). A filter is then a few numpy operations, and the text
search runs only over the rows the other filters kept, so that filtering 100,000 entries and
drawing a page stays well under the 150 ms a reviewer notices.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from ..chronology.schema import NO_DAY, day_spans
from ..dates import date_to_day, day_to_date, parse_bound

TEXT_COLUMNS = ("entry_id", "date", "agency", "event_type", "event_kind", "description", "outcome",
                "practitioner_role", "source", "with", "other")
PAGE_SIZES = (25, 50)
SNIPPET = 320                 # characters of a description shown in the table (all of it in the detail)
SIGNIFICANCE_STYLE = {"key-event": ("Key event", "#1f4e79"), "good-practice": ("Good practice", "#2e7d32"),
                      "concern": ("Concern", "#b03a2e")}


@dataclass(frozen=True)
class Criteria:
    """What the reviewer filters on; empty values filter nothing.

    ``ids`` (entry ids, for a KPE or a tag, resolved by the workbench) keeps only those entries.
    """

    agency: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    kind: tuple[str, ...] = ()
    joint: bool | None = None
    in_scope: bool | None = None
    ids: frozenset[str] | None = None

    @property
    def terms(self) -> list[re.Pattern]:
        """What the text box asks for (:func:`search_terms`)."""
        return search_terms(self.text)

    def finds(self, text: str, terms: list[re.Pattern] | None = None) -> bool:
        """Whether lower-cased ``text`` holds every term."""
        return all(term.search(text) for term in (self.terms if terms is None else terms))


_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def search_terms(text: str) -> list[re.Pattern]:
    """The text box's words and "quoted phrases", each as a pattern that finds it as whole words in
    lower-cased text: "Lee" finds "Lee shouts", not "sleep"; "at the door" finds those words in that
    order (any spaces or line breaks between them). An unclosed quote runs to the end."""
    terms = []
    for phrase, word in _TERM.findall(text.lower()):
        words = (phrase if phrase or not word else word).split()
        if words:
            terms.append(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"))
    return terms


def parse_day(value: object, what: str) -> dt.date | None:
    """A filter date: a date, a datetime, "YYYY-MM-DD", or nothing (the same rule as ``graph --start``)."""
    return parse_bound(value, what)


class ChronologyIndex:
    """The chronology prepared once for fast filtering (see the module docstring)."""

    def __init__(self, chronology: pd.DataFrame):
        frame = chronology
        self.size = len(frame)
        self.entry_ids: list[str] = frame["entry_id"].tolist()
        self.position = {e: i for i, e in enumerate(self.entry_ids)}
        agency = pd.Categorical(frame["agency"])
        kind = pd.Categorical(frame["event_kind"])
        self.agencies: list[str] = [str(a) for a in agency.categories]
        self.kinds: list[str] = [str(k) for k in kind.categories]
        self._agency_codes = np.asarray(agency.codes)
        self._kind_codes = np.asarray(kind.codes)
        first, last, _ = day_spans(frame["date"], frame["date_precision"])
        _, end_last, _ = day_spans(frame["end_date"])
        self.first_day = first
        self.last_day = np.where(end_last > last, end_last, last)       # an episode runs to its end date
        self.joint = (frame["joint_event_id"].str.strip() != "").to_numpy(dtype=bool)
        self.in_scope = frame["in_scope"].to_numpy(dtype=bool)
        text = frame[TEXT_COLUMNS[0]].astype(str)
        for column in TEXT_COLUMNS[1:]:
            if column in frame:
                text = text + "\n" + frame[column].astype(str)
        self._base: list[str] = text.str.lower().tolist()
        self._text: list[str] = list(self._base)
        self._noted: set[int] = set()

    # -- what the free text also searches ------------------------------------------------------
    def set_notes(self, notes: dict[str, str]) -> None:
        """Make the reviewer's notes searchable too (only the entries with a note are touched)."""
        for i in self._noted:
            self._text[i] = self._base[i]
        self._noted = set()
        for entry_id, note in notes.items():
            i = self.position.get(entry_id)
            if i is not None and note:
                self._text[i] = f"{self._base[i]}\n{note.lower()}"
                self._noted.add(i)

    # -- filtering ---------------------------------------------------------------------------------
    def _codes_mask(self, codes: np.ndarray, categories: list[str], wanted: Iterable[str]) -> np.ndarray:
        lookup = np.zeros(len(categories) + 1, dtype=bool)            # the extra slot: missing values (-1)
        index = {c: i for i, c in enumerate(categories)}
        for value in wanted:
            if value in index:
                lookup[index[value]] = True
        return lookup[codes]

    def positions(self, criteria: Criteria) -> np.ndarray:
        """Row positions (in chronology order) of the entries that meet every criterion."""
        mask = np.ones(self.size, dtype=bool)
        if criteria.agency:
            mask &= self._codes_mask(self._agency_codes, self.agencies, criteria.agency)
        if criteria.kind:
            mask &= self._codes_mask(self._kind_codes, self.kinds, criteria.kind)
        if criteria.start is not None:
            mask &= self.last_day >= date_to_day(criteria.start)
        if criteria.end is not None:
            mask &= (self.first_day <= date_to_day(criteria.end)) & (self.first_day != NO_DAY)
        if criteria.joint is not None:
            mask &= self.joint if criteria.joint else ~self.joint
        if criteria.in_scope is not None:
            mask &= self.in_scope if criteria.in_scope else ~self.in_scope
        if criteria.ids is not None:
            keep = np.zeros(self.size, dtype=bool)
            keep[[self.position[e] for e in criteria.ids if e in self.position]] = True
            mask &= keep
        found = np.flatnonzero(mask)
        text = self._text
        for term in criteria.terms:
            if not len(found):
                break
            found = found[np.fromiter((term.search(text[i]) is not None for i in found), dtype=bool,
                                      count=len(found))]
        return found

    def agency_of(self, entry_id: str) -> str | None:
        """The agency of an entry; None for an id not in the chronology or an entry with no agency."""
        position = self.position.get(entry_id)
        code = -1 if position is None else int(self._agency_codes[position])
        return self.agencies[code] if code >= 0 else None

    def day_range(self, positions: np.ndarray) -> tuple[dt.date, dt.date] | None:
        """The first and last day the given entries cover, if any is dated."""
        if not len(positions):
            return None
        first = self.first_day[positions]
        first = first[first != NO_DAY]
        if not len(first):
            return None
        return day_to_date(first.min()), day_to_date(self.last_day[positions].max())


# -- HTML ---------------------------------------------------------------------------------------

def esc(value: object) -> str:
    """Every text from a submission or a reviewer is escaped: a cell may hold ``<script>``."""
    return html.escape("" if value is None else str(value), quote=True)


def _badge(text: str, colour: str, title: str = "") -> str:
    tip = f' title="{esc(title)}"' if title else ""
    return (f'<span class="rb-badge" style="background:{colour}"{tip}>{esc(text)}</span>')


@dataclass
class Marks:
    """What the workbench knows about entries beyond the chronology, for the table's last column."""

    kpes: dict[str, list[str]] = field(default_factory=dict)          # entry id -> KPE ids
    significance: dict[str, list[str]] = field(default_factory=dict)  # entry id -> significance ids
    themes: dict[str, list[str]] = field(default_factory=dict)        # entry id -> theme ids
    notes: set[str] = field(default_factory=set)                      # entry ids with a note
    theme_labels: dict[str, str] = field(default_factory=dict)

    def cell(self, entry_id: str, joint: bool, in_scope: bool) -> str:
        parts = [_badge(k, "#6a1b9a", "key practice episode") for k in self.kpes.get(entry_id, ())]
        parts += [_badge(*SIGNIFICANCE_STYLE[s]) for s in self.significance.get(entry_id, ())]
        parts += [_badge(t, "#5f6b7a", self.theme_labels.get(t, "")) for t in self.themes.get(entry_id, ())]
        if entry_id in self.notes:
            parts.append(_badge("note", "#8d6e00", "the reviewer wrote a note"))
        if joint:
            parts.append(_badge("joint", "#00695c", "reported by several agencies as one event"))
        if not in_scope:
            parts.append(_badge("out of scope", "#9e9e9e"))
        return " ".join(parts)


TABLE_CSS = """<style>
.rb-page {font-size: 12.5px; line-height: 1.3; white-space: normal;}
.rb-page .rb-count {margin: 2px 0 6px 0; color: #333;}
.rb-table {border-collapse: collapse; width: 100%; table-layout: fixed;}
.rb-table th {text-align: left; background: #eef1f5; padding: 4px 6px; border-bottom: 2px solid #c8ced6;}
.rb-table td {vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e3e6ea; overflow-wrap: anywhere;}
.rb-table tr.rb-out td {color: #777;}
.rb-table .rb-id {font-family: monospace; font-size: 11px; color: #555;}
.rb-table .rb-kind {font-size: 11px; color: #555;}
.rb-chip {display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px;
  border: 1px solid #999; vertical-align: baseline;}
.rb-badge {display: inline-block; color: #fff; border-radius: 3px; padding: 0 4px; margin: 1px 1px;
  font-size: 11px; white-space: nowrap;}
.rb-empty {padding: 12px; background: #fff8e1; border: 1px solid #e0c080;}
</style>"""
_HEAD = ("<thead><tr><th style='width:7.5em'>Date, entry</th><th style='width:9.5em'>Agency, kind</th>"
         "<th>What happened</th><th style='width:24%'>Outcome</th><th style='width:8.5em'>Marked</th></tr></thead>")


def refused_html(reason: str) -> str:
    """What the table shows instead of entries when the filters cannot be used (an end before the start):
    no results, and why."""
    return (f"{TABLE_CSS}<div class='rb-page'><div class='rb-empty'><b>No entries shown:</b> {esc(reason)} "
            "Correct the filter to see the entries again.</div></div>")


def _date_cell(date: str, time: str, precision: str) -> str:
    shown = esc(date) + (f"<br>{esc(time)}" if time else "")
    return shown + (f" <small>({esc(precision)})</small>" if precision in ("month", "year") else "")


def page_bounds(total: int, page: int, page_size: int) -> tuple[int, int, int]:
    """The page clamped to what exists, and its first and last row (end excluded)."""
    pages = max(1, -(-total // page_size))
    page = min(max(0, page), pages - 1)
    return page, page * page_size, min(total, (page + 1) * page_size)


def render_page(chronology: pd.DataFrame, positions: Sequence[int], page: int, page_size: int,
                marks: Marks | None = None, colours: dict[str, str] | None = None,
                pseudonymise: Callable[[str], str] | None = None) -> str:
    """One page of the filtered entries as an escaped HTML table, with the count above it."""
    marks = marks or Marks()
    colours = colours or {}
    total = len(positions)
    if not total:
        return (f"{TABLE_CSS}<div class='rb-page'><div class='rb-empty'>No entry matches these filters. "
                "Clear a filter to see more.</div></div>")
    page, first, last = page_bounds(total, page, page_size)
    rows = chronology.iloc[np.asarray(positions[first:last])]
    clean = pseudonymise or (lambda text: text)
    body = []
    columns = ("entry_id", "date", "time", "date_precision", "agency", "event_type", "event_kind", "description",
               "outcome", "joint_event_id", "in_scope")
    for entry_id, date, time, precision, agency, event_type, kind, description, outcome, joint, in_scope in zip(
            *(rows[c].tolist() for c in columns)):
        description = clean(description)
        if len(description) > SNIPPET:
            description = description[:SNIPPET].rstrip() + " …"
        what = esc(description)
        if event_type:
            what = f"<b>{esc(clean(event_type))}</b>: {what}"
        chip = f"<span class='rb-chip' style='background:{esc(colours.get(agency, '#ffffff'))}'></span>"
        body.append(
            f"<tr{'' if in_scope else ' class=rb-out'}><td>{_date_cell(date, time, precision)}"
            f"<div class='rb-id'>{esc(entry_id)}</div></td><td>{chip}{esc(agency)}"
            f"<div class='rb-kind'>{esc(kind.replace('-', ' '))}</div></td><td>{what}</td>"
            f"<td>{esc(clean(outcome))}</td>"
            f"<td>{marks.cell(entry_id, bool(joint.strip()), bool(in_scope))}</td></tr>")
    pages = -(-total // page_size)
    count = (f"<div class='rb-count'>Entries <b>{first + 1:,}</b> to <b>{last:,}</b> of <b>{total:,}</b> "
             f"(page {page + 1:,} of {pages:,})</div>")
    return (f"{TABLE_CSS}<div class='rb-page'>{count}<table class='rb-table'>{_HEAD}<tbody>"
            + "".join(body) + "</tbody></table></div>")


DETAIL_CSS = """<style>
.rb-detail {font-size: 12.5px; line-height: 1.35; white-space: normal;}
.rb-detail .rb-detail-title {font-weight: bold; font-size: 14px; margin-bottom: 4px;}
.rb-detail table {border-collapse: collapse; width: 100%; table-layout: fixed;}
.rb-detail th {text-align: left; vertical-align: top; padding: 2px 8px 2px 0; color: #444; width: 9.5em;
  font-weight: 600;}
.rb-detail td {vertical-align: top; padding: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere;}
</style>"""
DETAIL_FIELDS = (("date", "Date"), ("date_precision", "Date precision"), ("time", "Time"),
                 ("end_date", "End date"), ("agency", "Agency"), ("event_type", "Event type (agency's words)"),
                 ("event_kind", "Kind"), ("description", "Description"), ("outcome", "Outcome / action"),
                 ("practitioner_role", "Practitioner"), ("source", "Source of information"),
                 ("with", "Other agencies involved"), ("child_seen", "Child seen"), ("seen_alone", "Seen alone"),
                 ("present", "Who was present"), ("attendance", "Attendance"),
                 ("meeting_attendance", "Meeting attendance"),
                 ("joint_event_id", "Joint event"), ("flags", "Flags"), ("other", "Other columns"),
                 ("source_file", "Source file"), ("source_location", "Location in the file"))


def render_entry(entry: dict, *, kpes: Sequence[str] = (), tags: dict | None = None,
                 cited_by: Sequence[str] = (), pseudonymise: Callable[[str], str] | None = None) -> str:
    """The detail of one entry, with its provenance, KPEs, tags and the findings that cite it."""
    clean = pseudonymise or (lambda text: text)
    rows = []
    for key, label in DETAIL_FIELDS:
        value = entry.get(key, "")
        if value in ("", None):
            continue
        text = clean(str(value)) if key in ("description", "outcome", "event_type", "other", "practitioner_role",
                                              "source") else str(value)
        rows.append(f"<tr><th>{esc(label)}</th><td>{esc(text)}</td></tr>")
    if not entry.get("in_scope", True):
        rows.append("<tr><th>Scope</th><td>outside the review's scope (kept for context)</td></tr>")
    tags = tags or {}
    if kpes:
        rows.append(f"<tr><th>Key practice episodes</th><td>{esc(', '.join(kpes))}</td></tr>")
    if tags.get("significance"):
        labels = ", ".join(SIGNIFICANCE_STYLE[s][0] for s in tags["significance"])
        rows.append(f"<tr><th>Significance</th><td>{esc(labels)}</td></tr>")
    if tags.get("themes"):
        rows.append(f"<tr><th>Themes</th><td>{esc(', '.join(tags['themes']))}</td></tr>")
    if tags.get("note"):
        rows.append(f"<tr><th>Reviewer's note</th><td>{esc(tags['note'])}</td></tr>")
    if cited_by:
        rows.append(f"<tr><th>Cited by</th><td>{esc(', '.join(cited_by))}</td></tr>")
    return (f"{DETAIL_CSS}<div class='rb-detail'><div class='rb-detail-title'>Entry {esc(entry.get('entry_id', ''))}"
            "</div><table>" + "".join(rows) + "</table></div>")
