"""The cells of the Excel chronology as SpreadsheetML, a column's distinct values at a time.

Why: XlsxWriter spends about 10 microseconds of Python on every cell it writes, and a
100,000-entry chronology has two million of them: 20 seconds, the slowest output of an ingest.
Here each distinct value of a column becomes its XML once (most columns repeat: agencies, dates,
kinds, flags), and each row is joined from those pieces. XlsxWriter still writes everything around
the cells (styles, column widths, the frozen header, the filter, the document properties): see
:func:`reviewbench.chronology.export.write_xlsx`, which puts these rows into the sheet it wrote.

The XML is the one XlsxWriter writes for the same cell in its constant-memory mode (an inline
string, its ``_xHHHH_`` escapes, ``xml:space="preserve"`` for a text starting or ending with a
space), with one exception: a text that looks like rich-text markup (``<r>...</r>``) is written
as text, where XlsxWriter would put it into the file as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Callable, Hashable, Iterator

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from .schema import distinct_values

EXCEL_CELL_LIMIT = 32_767          # UTF-16 units an Excel cell holds; XlsxWriter would cut silently
CUT_MARK = f" [... cut here: an Excel cell holds {EXCEL_CELL_LIMIT:,} characters; the whole text is in chronology.csv]"

_ESCAPED_LOOKALIKE = re.compile("(_x[0-9a-fA-F]{4}_)")     # Excel's escape written literally
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")          # no XML 1.0 document may hold these
_ROWS_PER_CHUNK = 2_000

# What decides a cell's look: a style key for each (column, value), None for no style.
StyleOf = Callable[[int, str], Hashable | None]


@dataclass(frozen=True)
class Number:
    """A number cell (a date's serial number) and the style key of its number format."""

    value: float
    style: Hashable


BOOLEAN = "boolean"       # the style key of every boolean cell

# Which texts are numbers in the sheet: a Number for a (column, text), None for a text cell.
NumberOf = Callable[[int, str], Number | None]


def excel_length(text: str) -> int:
    """Length as Excel counts it: UTF-16 units (a character beyond U+FFFF, an emoji, counts two)."""
    if len(text) <= EXCEL_CELL_LIMIT // 2:
        return len(text)                 # too short to exceed the limit: skip the encoding
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def excel_text(text: str) -> str:
    """``text`` as an Excel cell holds it: whole, or cut with :data:`CUT_MARK` at its end."""
    if excel_length(text) <= EXCEL_CELL_LIMIT:
        return text
    room, kept = EXCEL_CELL_LIMIT - len(CUT_MARK), 0
    for index, char in enumerate(text):
        kept += 2 if ord(char) > 0xFFFF else 1
        if kept > room:
            return text[:index] + CUT_MARK
    return text + CUT_MARK               # not reached: the text is longer than the room


def inline_string(text: str, style: int | None, escapes: bool = True) -> str:
    """The end of a ``<c>`` element holding ``text`` as an inline string: from the closing quote of
    its reference on. ``escapes``: whether ``text`` may hold what Excel escapes as ``_xHHHH_``
    (:func:`needs_escapes`); without, the scan for it is skipped."""
    if escapes:
        text = _ESCAPED_LOOKALIKE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = f' s="{style}"' if style is not None else ""
    return f'"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def needs_escapes(texts: list[str]) -> bool:
    """Whether any of ``texts`` holds a character or a sequence :func:`inline_string` escapes (one
    scan of them all: most columns hold none)."""
    joined = "".join(texts)              # an escape-like sequence across two texts only costs a closer look
    return bool(_ESCAPED_LOOKALIKE.search(joined) or _CONTROL.search(joined)
                or "\ufffe" in joined or "\uffff" in joined)


def boolean(value: bool, style: int | None = None) -> str:
    """The end of a ``<c>`` element holding a boolean, from the closing quote of its reference on."""
    s = f' s="{style}"' if style is not None else ""
    return f'"{s} t="b"><v>{int(value)}</v></c>'


def number(value: float, style: int | None) -> str:
    """The end of a ``<c>`` element holding a number, as XlsxWriter's ``write_number`` writes it."""
    s = f' s="{style}"' if style is not None else ""
    return f'"{s}><v>{value:.16G}</v></c>'


def row_start(row: int, height: int = 0) -> str:
    """A ``<row>`` element's start: with its height in points when it has one (XlsxWriter's ``set_row``)."""
    return f'<row r="{row}" ht="{height}" customHeight="1">' if height else f'<row r="{row}">'


@dataclass
class SheetCells:
    """The data rows of a sheet, column by column: each column's distinct values, the style key of
    each, and for each row the position of its value among them.

    ``styles`` holds the style keys in the order of their first use, row by row and left to right:
    the order XlsxWriter numbers formats in, which the workbook around the cells must follow.
    """

    rows: int
    codes: list[np.ndarray] = field(default_factory=list)
    texts: list[list[object]] = field(default_factory=list)     # str (as the cell holds it), Number, bool, or None
    keys: list[list[Hashable | None]] = field(default_factory=list)
    escapes: list[bool] = field(default_factory=list)           # per column: see needs_escapes()
    styles: list[Hashable] = field(default_factory=list)
    filled: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))   # rows with a cell
    characters: int = 0                  # of the texts, all cells counted: what the XML is a little longer than

    @classmethod
    def of(cls, frame: pd.DataFrame, style_of: StyleOf, number_of: NumberOf | None = None) -> "SheetCells":
        """The cells of ``frame``: a text as :func:`excel_text` has it (an empty one is no cell), or as
        the :class:`Number` ``number_of`` makes of it; anything else as a boolean, as XlsxWriter's
        ``write_boolean`` would have it."""
        cells = cls(len(frame), filled=np.zeros(len(frame), dtype=bool))
        first_use: dict[Hashable, tuple[int, int]] = {}
        for column, name in enumerate(frame.columns):
            codes, uniques = distinct_values(frame[name])
            texts, keys = [], []
            for value in uniques:
                made = number_of(column, value) if number_of and isinstance(value, str) and value else None
                if made is not None:
                    text, key = made, made.style
                elif isinstance(value, str):
                    text = excel_text(value) if value else None
                    key = style_of(column, text) if text else None
                else:
                    text, key = bool(value), BOOLEAN
                texts.append(text)
                keys.append(key)
            if len(codes):
                first = np.unique(codes, return_index=True)[1]      # the row each value is first in
                for key, row in zip(keys, first.tolist()):
                    if key is not None and (row, column) < first_use.get(key, (len(frame), column)):
                        first_use[key] = (row, column)
                empty = np.array([text is None for text in texts], dtype=bool)
                cells.filled |= ~empty[codes]
                lengths = np.array([len(text) if isinstance(text, str) else 1 for text in texts], dtype=np.int64)
                cells.characters += int(lengths[codes].sum())
            cells.codes.append(codes)
            cells.texts.append(texts)
            cells.keys.append(keys)
            cells.escapes.append(needs_escapes([text for text in texts if isinstance(text, str)]))
        cells.styles = sorted(first_use, key=first_use.__getitem__)
        return cells

    @property
    def last_row(self) -> int:
        """The last data row (1 for the first under the header) with a cell in it; 0 if none has."""
        return int(np.flatnonzero(self.filled)[-1]) + 1 if self.filled.any() else 0

    def row_chunks(self, style_index: dict[Hashable, int], heights: np.ndarray | None = None) -> Iterator[str]:
        """The ``<row>`` elements of the data rows (row 2 onwards), a few thousand at a time; a row
        with no cell has none, as XlsxWriter writes none.

        ``style_index``: the workbook's number for each style key (the ``s`` attribute); ``heights``:
        each data row's height in points, 0 for the default.
        """
        columns, gaps = [], []
        for codes, texts, keys, escapes in zip(self.codes, self.texts, self.keys, self.escapes):
            ends = np.array([_cell_end(text, None if key is None else style_index[key], escapes)
                             for text, key in zip(texts, keys)] + [""], dtype=object)
            columns.append(ends[codes])
            gaps.append(any(text is None for text in texts))      # a column with no cell in some row
        starts = [f'<c r="{xl_col_to_name(c)}' for c in range(len(columns))]
        for start in range(0, self.rows, _ROWS_PER_CHUNK):
            stop = min(start + _ROWS_PER_CHUNK, self.rows)
            numbers = np.array([str(n) for n in range(start + 2, stop + 2)], dtype=object)
            tall = heights[start:stop] if heights is not None else np.zeros(stop - start, dtype=np.int64)
            cells = [[row_start(n, int(h)) for n, h in zip(range(start + 2, stop + 2), tall.tolist())]]
            for begin, ends, gap in zip(starts, columns, gaps):        # elementwise, in numpy's loops
                ends = ends[start:stop]
                cells.append((np.where(ends != "", begin + numbers + ends, "") if gap else begin + numbers + ends)
                             .tolist())
            rows = map("".join, zip(*cells, repeat("</row>")))
            filled = self.filled[start:stop]
            yield "".join(rows if filled.all() else compress(rows, filled.tolist()))


def _cell_end(text: object, style: int | None, escapes: bool) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return inline_string(text, style, escapes)
    if isinstance(text, Number):
        return number(text.value, style)
    return boolean(bool(text), style)
