"""A lens's rows against the chronology: which agencies and days each row touches, the filters of the
chronology browser applied to them, the rows of one KPE, and the rows as HTML.

A row's agencies are its own ``agency`` column (when the lens has one) and the agencies of its
entries; its days are those of its date columns and of its entries. A filter keeps a row when one
of its agencies is picked and one of its days falls in the period, as the browser keeps an entry.
A row belongs to a KPE (what the room knew at that meeting) when it cites one of the KPE's entries
or one of its own dates falls within the KPE's period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..chronology.schema import NO_DAY, day_spans
from ..dates import date_to_day
from ..lens_tables import BASIS_COLUMNS, LensTable, entry_columns, split_ids
from .filters import ChronologyIndex, Criteria, esc

SHOWN_IDS = 6            # entry ids shown in a cell; the rest are counted
CELL_TEXT = 400          # characters of a cell shown in the table (all of them in the row's detail)
KPE_RULE = ("rows that cite one of the KPE's entries, or whose own date falls within the KPE's period "
            "({period})")


@dataclass
class LensRows:
    """One lens prepared once for filtering against one chronology."""

    table: LensTable
    agencies: list[frozenset[str]]             # per row
    own_days: list[list[tuple[int, int]]]      # per row: (first, last) day of each of its date cells
    entry_days: list[list[tuple[int, int]]]    # per row: (first, last) day of each of its entries
    text: list[str]                            # per row: its cells, lower-cased, for the text filter

    @classmethod
    def of(cls, table: LensTable, index: ChronologyIndex) -> "LensRows":
        rows = table.rows
        own = [[] for _ in range(len(rows))]
        for column in table.date_columns:
            first, last, _ = day_spans(rows[column])
            for i, (a, b) in enumerate(zip(first.tolist(), last.tolist())):
                if a != NO_DAY:
                    own[i].append((a, b))
        agencies, entry_days = [], []
        for i, ids in enumerate(table.entries):
            positions = [index.position[e] for e in ids if e in index.position]
            agencies.append(frozenset(table.agencies(i, index.agency_of)))
            entry_days.append([(int(index.first_day[p]), int(index.last_day[p])) for p in positions
                               if index.first_day[p] != NO_DAY])
        text = ["\n".join(values).lower() for values in zip(*(rows[c].tolist() for c in rows.columns))] \
            if len(rows.columns) else [""] * len(rows)
        return cls(table, agencies, own, entry_days, text)

    def positions(self, criteria: Criteria) -> list[int]:
        """The rows (positions) that meet the agency, date and text criteria, in the lens's order."""
        start = date_to_day(criteria.start) if criteria.start else None
        end = date_to_day(criteria.end) if criteria.end else None
        wanted = set(criteria.agency)
        terms = criteria.terms
        found = []
        for i in range(len(self.text)):
            if wanted and not (self.agencies[i] & wanted):
                continue
            if (start is not None or end is not None) and not _any_within(
                    self.own_days[i] + self.entry_days[i], start, end):
                continue
            if terms and not criteria.finds(self.text[i], terms):
                continue
            found.append(i)
        return found

    def of_kpe(self, entries: list[str], start: dt.date, end: dt.date | None) -> list[int]:
        """The rows of a KPE: citing one of its entries, or dated (by their own dates) within its period."""
        kpe_entries = set(entries)
        first, last = date_to_day(start), date_to_day(end or start)
        return [i for i, ids in enumerate(self.table.entries)
                if kpe_entries.intersection(ids) or _any_within(self.own_days[i], first, last)]


def _any_within(days: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    return any((start is None or b >= start) and (end is None or a <= end) for a, b in days)


# -- HTML ----------------------------------------------------------------------------------------------

LENS_CSS = """<style>
.rb-lens {font-size: 12.5px; line-height: 1.3; white-space: normal;}
.rb-lens table {border-collapse: collapse; width: 100%;}
.rb-lens th {text-align: left; background: #eef1f5; padding: 4px 6px; border-bottom: 2px solid #c8ced6;}
.rb-lens td {vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e3e6ea; overflow-wrap: anywhere;}
.rb-lens .rb-id {font-family: monospace; font-size: 11px; color: #555;}
.rb-lens .rb-count {margin: 2px 0 6px 0; color: #333;}
.rb-lens .rb-nowrap {white-space: nowrap; overflow-wrap: normal;}
</style>"""


def _ids_cell(ids: list[str]) -> str:
    shown = ", ".join(f"<span class='rb-nowrap'>{esc(e)}</span>" for e in ids[:SHOWN_IDS])
    more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    return f"<span class='rb-id'>{shown}{more}</span>"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def row_cells(table: LensTable, i: int, clean: Callable[[str], str], *, basis: bool = True,
              limit: int | None = CELL_TEXT) -> list[tuple[str, str]]:
    """(column, HTML of its cell) of row ``i``: text pseudonymised by ``clean`` and escaped, entry ids
    as ids; ``basis``: with the rule and the words that matched."""
    ids_columns = entry_columns(list(table.rows.columns))
    cells = []
    for column in table.rows.columns:
        if not basis and column in BASIS_COLUMNS:
            continue
        value = str(table.rows.at[i, column])
        if column in ids_columns:
            cells.append((column, _ids_cell(split_ids(value))))
        else:
            text = clean(value)
            cells.append((column, esc(_cut(text, limit) if limit else text)))
    return cells


def lens_table_html(table: LensTable, positions: list[int], clean: Callable[[str], str]) -> str:
    """The rows at ``positions`` as an escaped HTML table, each headed by its citation key."""
    if not positions:
        why = ("This lens has no rows: its rules recognised nothing in these records. That is not a sign it did "
               "not happen: the rules read only the words they know." if table.rows.empty else
               "No row of this lens matches these filters. Clear a filter to see more.")
        return (f"{LENS_CSS}<div class='rb-lens'><div class='rb-empty' style='padding:12px;background:#fff8e1;"
                f"border:1px solid #e0c080'>{why}</div></div>")
    head = "".join(f"<th>{esc(c.replace('_', ' '))}</th>" for c in table.rows.columns)
    dates = set(table.date_columns)
    body = []
    for i in positions:
        cells = "".join(f"<td{' class=rb-nowrap' if c in dates else ''}>{html}</td>"
                        for c, html in row_cells(table, i, clean))
        body.append(f"<tr><td class='rb-id rb-nowrap'>{esc(table.key(i))}</td>{cells}</tr>")
    count = (f"<div class='rb-count'><b>{len(positions):,}</b> of {len(table.rows):,} row"
             f"{'' if len(table.rows) == 1 else 's'}</div>")
    return (f"{LENS_CSS}<div class='rb-lens'>{count}<table><thead><tr><th>Row</th>{head}</tr></thead><tbody>"
            + "".join(body) + "</tbody></table></div>")


def lens_row_html(table: LensTable, i: int, clean: Callable[[str], str]) -> str:
    """The whole of one row, with the key the report cites it by."""
    rows = "".join(f"<tr><th>{esc(c.replace('_', ' '))}</th><td>{html}</td></tr>"
                   for c, html in row_cells(table, i, clean, limit=None))
    return (f"{LENS_CSS}<div class='rb-lens'><div style='font-weight:bold;font-size:14px'>Row "
            f"{esc(table.key(i))} of the {esc(table.name)} lens</div><div style='color:#444'>Cite it in a KPE or "
            f"finding as <code>[{esc(table.key(i))}]</code>.</div><table>{rows}</table></div>")
