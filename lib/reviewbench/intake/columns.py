"""Finding the chronology table(s) in a submission and mapping their columns to canonical keys.

A table is a chronology when one of its first rows names a date column and at least one of
description, event type or outcome. An explicit ``columns`` mapping in ``review.yaml`` always
wins over the built-in synonyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Grid, GridRow, RawRow
from ..vocabulary import header_synonyms, normalise_heading

HEADER_SEARCH_ROWS = 30
_CONTENT_KEYS = {"description", "event_type", "outcome"}
_JOINED_KEYS = {"description", "outcome"}       # several such columns are joined, not dropped
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def heading_key(cell: object) -> str:
    """Normalised heading with bracketed hints removed: "Date (dd/mm/yyyy)" -> "date"."""
    if cell is None:
        return ""
    return _heading_key(str(cell))


@lru_cache(maxsize=1 << 12)
def _heading_key(text: str) -> str:
    # Once per distinct text: every data row's date cell is checked for a repeated header.
    return normalise_heading(_PARENS.sub(" ", text))


@dataclass
class Header:
    """Where a chronology table's header is and what each column means."""

    row_index: int                         # index into grid.rows
    keys: dict[int, str]                   # column -> canonical key
    headings: dict[int, str]               # column -> heading as written (for "other" and messages)
    signature: tuple[str, ...] = field(default=())   # normalised headings, to spot repeated header rows

    def is_repeat(self, row: GridRow) -> bool:
        """A copy of the header inside the table (Word repeats it after a page break)."""
        cells = row.cells
        for col in self.keys:            # date column first: almost every data row fails here, cheaply
            cell = cells[col] if col < len(cells) else None
            if not isinstance(cell, str) or heading_key(cell) != self.signature[col]:
                return False
        return bool(self.keys)


def _classify_row(cells: list[object], explicit: dict[str, str]) -> tuple[dict[int, str], dict[int, str]]:
    wanted = {heading_key(v): k for k, v in explicit.items()}
    synonyms = header_synonyms()
    keys: dict[int, str] = {}
    headings: dict[int, str] = {}
    for col, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        norm = heading_key(cell)
        headings[col] = " ".join(str(cell).split())
        key = wanted.get(norm)
        if key is None and norm not in wanted and norm:
            key = synonyms.get(norm)
            if key in explicit:          # the explicit mapping owns that key
                key = None
        if key is not None:
            keys[col] = key
    return keys, headings


def find_header(grid: Grid, explicit: dict[str, str] | None = None) -> Header | None:
    """The first row in the top of ``grid`` that looks like a chronology header, if any."""
    explicit = explicit or {}
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        keys, headings = _classify_row(row.cells, explicit)
        found = set(keys.values())
        if "date" in found and found & _CONTENT_KEYS:
            signature = tuple(heading_key(c) for c in row.cells)
            keys = _dedupe(keys)
            date_first = dict(sorted(keys.items(), key=lambda item: item[1] != "date"))
            return Header(index, date_first, headings, signature)
    return None


def _dedupe(keys: dict[int, str]) -> dict[int, str]:
    """A key claimed twice keeps its first column, except description/outcome which join."""
    seen: set[str] = set()
    kept: dict[int, str] = {}
    for col in sorted(keys):
        key = keys[col]
        if key in seen and key not in _JOINED_KEYS:
            continue
        seen.add(key)
        kept[col] = key
    return kept


def headings_found(grid: Grid) -> list[str]:
    """Headings a reviewer would recognise, for error messages: the first non-blank row."""
    for row in grid.rows[:HEADER_SEARCH_ROWS]:
        texts = [" ".join(str(c).split()) for c in row.cells if c is not None and str(c).strip()]
        if len(texts) >= 2:
            return texts
    return []


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def rows_from_grid(file: str, grid: Grid, header: Header, start: int | None = None,
                   order_base: int = 0) -> tuple[list[RawRow], int]:
    """Map the data rows below ``header`` (or from ``start`` for a headerless continuation).

    Returns the rows and how many repeated header rows were skipped. Columns that map to no
    key are kept under ``other`` as "Heading: value" lines.
    """
    rows: list[RawRow] = []
    repeats = 0
    first = header.row_index + 1 if start is None else start
    keys = [header.keys.get(col) for col in range(max((len(r.cells) for r in grid.rows), default=0))]
    place = f"{grid.name}, " if grid.name else ""
    for offset, row in enumerate(grid.rows[first:]):
        if header.is_repeat(row):
            repeats += 1
            continue
        values: dict[str, object] = {}
        other: list[str] = []
        for col, (key, cell) in enumerate(zip(keys, row.cells)):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            if key is None:
                heading = header.headings.get(col, f"column {col + 1}")
                other.append(f"{heading}: {_text(cell)}")
            elif key in values and key in _JOINED_KEYS:
                values[key] = f"{_text(values[key])}\n{_text(cell)}"
            else:
                values[key] = cell
        if not values and not other:
            continue
        if other:
            values["other"] = "\n".join(other)
        rows.append(RawRow(file, place + row.label, order_base + first + offset, values))
    return rows, repeats
