"""The chronology's other copies: JSON, and Excel for people.

The CSV is the canonical record (:mod:`.schema` writes and reads it). The Excel copy has filters,
a frozen header, a colour per agency, and no cell that Excel could run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Hashable

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..palette import tint
from .schema import distinct_values
from .sheet_xml import CUT_MARK, EXCEL_CELL_LIMIT, SheetCells, excel_length, excel_text

__all__ = ["CUT_MARK", "EXCEL_CELL_LIMIT", "excel_length", "write_json", "write_xlsx"]

_FORMULA_START = ("=", "+", "-", "@")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_WIDTHS = {"description": 60, "outcome": 40, "other": 30, "source_location": 24, "event_type": 22,
           "agency": 24, "source_file": 28}
_SHEET_PART = "xl/worksheets/sheet1.xml"      # the one sheet's part, as XlsxWriter names it
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_STYLE = re.compile(r' s="(\d+)"')
_ZIP64_CHARACTERS = zipfile.ZIP64_LIMIT // 4  # a sheet this long may pass the zip limit (4 bytes a character)
_CELL_MARKUP = 64                             # characters of XML around a cell's text, at most


def write_json(frame: pd.DataFrame, path: Path) -> None:
    """A list of entry objects, one per line: readable, diff-friendly and quick to write.

    Each distinct value of a column is encoded once (a chronology repeats its agencies, dates and
    kinds on every row), and each line joined from those pieces: what ``json.dumps`` gives for the
    row's dict, at a fraction of the cost."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    pieces = []
    for name in frame.columns:
        codes, uniques = distinct_values(frame[name])
        key = encode(name) + ": "
        pieces.append(np.array([key + encode(value) for value in uniques] or [""], dtype=object)[codes])
    lines = ("{" + ", ".join(row) + "}" for row in zip(*pieces))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n" + ",\n".join(lines) + "\n]\n")


def write_xlsx(frame: pd.DataFrame, path: Path, colours: dict[str, str], engine: str = "fast") -> None:
    """The chronology for people, each agency's cell in a light tint of its colour (``colours``,
    :func:`reviewbench.palette.agency_colours`). Every text is a text cell, so nothing is ever a
    formula, and one that starts like a formula carries Excel's own "text" mark. A text longer than
    a cell holds is cut with :data:`CUT_MARK` at its end (the intake flags the entry
    ``text_cut_in_excel``).

    ``engine``: "fast" writes the cells with :mod:`.sheet_xml` into a workbook XlsxWriter made around
    them; "xlsxwriter" writes every cell through XlsxWriter (the reference, kept for comparison: the
    two workbooks hold the same parts).
    """
    if engine == "xlsxwriter":
        _write_cell_by_cell(frame, path, colours)
        return
    columns = list(frame.columns)
    agency_col, wrap_col = columns.index("agency"), columns.index("description")

    def style_of(column: int, text: str) -> Hashable | None:
        if text.startswith(_FORMULA_START):
            return "wrapped_safe" if column == wrap_col else "safe"
        if column == agency_col:
            return ("fill", text) if text in colours else None
        return "wrap" if column == wrap_col else None

    cells = SheetCells.of(frame, style_of)
    made = io.BytesIO()
    workbook, sheet, formats = _workbook(made, columns, len(frame), colours)
    for position, key in enumerate(cells.styles):          # one cell per style, in the order of first use
        sheet.write_string(1, position, "x", formats[key])
    workbook.close()
    with zipfile.ZipFile(made) as template, zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type, part.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            if info.filename != _SHEET_PART:
                out.writestr(part, template.read(info.filename))
                continue
            head, styles, tail = _split_sheet(template.read(info.filename).decode("utf-8"), len(cells.styles))
            head = _DIMENSION.sub(f'<dimension ref="{_dimension(len(columns), cells.last_row)}"/>', head, count=1)
            index = dict(zip(cells.styles, styles))
            with out.open(part, "w", force_zip64=_long(cells, len(columns))) as stream:
                stream.write(head.encode("utf-8"))
                for chunk in cells.row_chunks(index):
                    stream.write(chunk.encode("utf-8"))
                stream.write(tail.encode("utf-8"))


def _workbook(target, columns: list[str], rows: int, colours: dict[str, str]):
    """The workbook without its data rows: header, widths, frozen header row, filter, and a format
    for each style a cell may have (XlsxWriter numbers a format when a cell first uses it)."""
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}
    wb = xlsxwriter.Workbook(target, options)
    wb.set_properties({"created": _FIXED_TIME})         # no wall-clock time in the content
    ws = wb.add_worksheet("Chronology")
    for i, name in enumerate(columns):
        ws.set_column(i, i, _WIDTHS.get(name, 14))
    ws.write_row(0, 0, columns, wb.add_format({"bold": True}))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, rows, len(columns) - 1)
    formats = {("fill", name): wb.add_format({"bg_color": tint(colour)}) for name, colour in colours.items()}
    formats["wrap"] = wb.add_format({"text_wrap": True, "valign": "top"})
    formats["safe"] = wb.add_format({"quote_prefix": True})             # Excel's own "text, not formula" mark
    formats["wrapped_safe"] = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
    return wb, ws, formats


def _split_sheet(xml: str, styles: int) -> tuple[str, list[int], str]:
    """The sheet XlsxWriter wrote around the header row and one cell per style: the XML up to the
    end of the header row, the style numbers of the cells after it, and the XML from the end of the
    sheet's data on."""
    header_end = xml.find("</row>") + len("</row>")
    data_end = xml.find("</sheetData>")
    numbers = [int(n) for n in _STYLE.findall(xml, header_end, data_end)]
    if header_end < len("</row>") or data_end < header_end or len(numbers) != styles:
        raise RuntimeError(f"the sheet XlsxWriter {xlsxwriter.__version__} wrote is not laid out as expected "
                           f"({len(numbers)} styled cells after the header, {styles} expected)")
    return xml[:header_end], numbers, xml[data_end:]


def _long(cells: SheetCells, columns: int) -> bool:
    """Whether the sheet may pass the size a zip part has without its 64-bit extension."""
    return cells.characters + cells.rows * columns * _CELL_MARKUP > _ZIP64_CHARACTERS


def _dimension(columns: int, last_row: int) -> str:
    """The sheet's used range as XlsxWriter gives it: the header row and the rows with a cell."""
    last = xl_rowcol_to_cell(last_row, columns - 1)
    return "A1" if last == "A1" else f"A1:{last}"


def _write_cell_by_cell(frame: pd.DataFrame, path: Path, colours: dict[str, str]) -> None:
    """The reference: every cell through XlsxWriter's ``write_string`` / ``write_boolean``."""
    columns = list(frame.columns)
    wb, ws, formats = _workbook(str(path), columns, len(frame), colours)
    wrap, safe, wrapped_safe = formats["wrap"], formats["safe"], formats["wrapped_safe"]
    agency_col, wrap_col = columns.index("agency"), columns.index("description")
    write_string, write_boolean = ws.write_string, ws.write_boolean
    rows = zip(*(frame[c].tolist() for c in columns))       # plain values: itertuples boxes each cell
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    continue
                value = excel_text(value)
                if value.startswith(_FORMULA_START):
                    write_string(r, c, value, wrapped_safe if c == wrap_col else safe)
                elif c == agency_col:
                    write_string(r, c, value, formats.get(("fill", value)))
                elif c == wrap_col:
                    write_string(r, c, value, wrap)
                else:
                    write_string(r, c, value)
            else:
                write_boolean(r, c, bool(value))
    wb.close()
