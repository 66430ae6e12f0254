"""The chronology's other copies: JSON, and Excel for people.

The CSV is the canonical record (:mod:`.schema` writes and reads it). The Excel copy is for people:
readable headings (:mod:`.headings`, with the field names on a second sheet), the date, the agency
and what happened on the left, real dates, wrapped text in rows tall enough to show it, filters, a
frozen header, each agency's cell in its colour, no cell that Excel could run as a formula, and a
print set-up (landscape A4, one page wide, the header row on every page, the review's title, the
protective marking and the page numbers in the header and footer). A printed page holds the
columns a reader needs (:data:`~.headings.LEADING`); the others are on screen, and in the CSV.
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

from ..config import DEFAULT_PROTECTIVE_MARKING
from ..dates import date_span, span_precision
from ..palette import text_colour
from .headings import LEADING, column_rows, heading, in_reading_order
from .schema import distinct_values
from .sheet_xml import BOOLEAN, CUT_MARK, EXCEL_CELL_LIMIT, Number, SheetCells, excel_length, excel_text

__all__ = ["CUT_MARK", "EXCEL_CELL_LIMIT", "excel_length", "write_json", "write_xlsx"]

_FORMULA_START = ("=", "+", "-", "@")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_WIDTHS = {"description": 50, "outcome": 32, "other": 30, "source_location": 22, "event_type": 18,
           "agency": 24, "source_file": 28, "date": 11, "time": 7, "entry_id": 15, "practitioner_role": 16,
           "cited_in": 16, "in_scope": 10}
DATE_FIELDS = ("date", "end_date")
DATE_FORMATS = {"day": "dd/mm/yyyy", "month": "mm/yyyy", "year": "yyyy"}     # a date shown at its precision
_EXCEL_EPOCH = dt.date(1899, 12, 30)          # day 0 of Excel's 1900 date system, as its serials count
LINE_POINTS = 15                              # the height of a line of 11-point Calibri (Carlito in LibreOffice)
MAX_ROW_POINTS = 405                          # a little under the tallest row Excel allows (408.75)
_CHARACTERS_PER_WIDTH = 0.9                   # of a column's width in characters, what a wrapped line holds
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


def write_xlsx(frame: pd.DataFrame, path: Path, colours: dict[str, str], engine: str = "fast", *,
               title: str = "", marking: str = DEFAULT_PROTECTIVE_MARKING) -> None:
    """The chronology for people (see the module's docstring), each agency's cell in its colour
    (``colours``, :func:`reviewbench.palette.agency_colours`). ``title`` (the review's) and ``marking``
    (:func:`reviewbench.config.protective_marking`) go in the printed header and footer.

    Every text is a text cell, so nothing is ever a formula, and one that starts like a formula
    carries Excel's own "text" mark. A text longer than a cell holds is cut with :data:`CUT_MARK` at
    its end (the intake flags the entry ``text_cut_in_excel``). A date the chronology holds at its
    precision is a date cell (a month or a year: its first day) in the format of that precision.

    ``engine``: "fast" writes the cells with :mod:`.sheet_xml` into a workbook XlsxWriter made around
    them; "xlsxwriter" writes every cell through XlsxWriter (the reference, kept for comparison: the
    two workbooks hold the same parts).
    """
    frame = frame[in_reading_order(list(frame.columns))]
    columns = list(frame.columns)
    cells = SheetCells.of(frame, _style_of(columns, colours), _number_of(columns))
    heights = row_heights(cells, [column_width(c) for c in columns])
    page = (title, marking)
    if engine == "xlsxwriter":
        _write_cell_by_cell(frame, path, colours, cells, heights, page)
        return
    made = io.BytesIO()
    workbook, sheet, formats = _workbook(made, columns, len(frame), colours, page)
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
                for chunk in cells.row_chunks(index, heights):
                    stream.write(chunk.encode("utf-8"))
                stream.write(tail.encode("utf-8"))


def column_width(field: str) -> int:
    """A column's width in characters: room for its texts, and for its heading on one line."""
    return max(_WIDTHS.get(field, 14), len(heading(field)) + 2)


def _style_of(columns: list[str], colours: dict[str, str]):
    """The style key of a text cell: every text wraps; an agency's cell has its colour; a text that
    starts like a formula carries the "text" mark."""
    agency_col = columns.index("agency") if "agency" in columns else -1

    def style_of(column: int, text: str) -> Hashable | None:
        if text.startswith(_FORMULA_START):
            return "wrapped_safe"
        if column == agency_col and text in colours:
            return ("fill", text)
        return "wrap"
    return style_of


def _number_of(columns: list[str]):
    """The date cell of a chronology date ("2022-03-03", "2022-03", "2022"), None for any other text."""
    dated = {i for i, name in enumerate(columns) if name in DATE_FIELDS}

    def number_of(column: int, text: str) -> Number | None:
        if column not in dated:
            return None
        span = date_span(text)
        if span is None:
            return None
        return Number((span[0] - _EXCEL_EPOCH).days, ("date", span_precision(span)))
    return number_of


def text_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes, wrapped in a column ``width`` characters wide (an estimate a
    little on the generous side: a wrapped line ends at a space, and fonts differ)."""
    per_line = max(1, int(width * _CHARACTERS_PER_WIDTH))
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n"))


def row_heights(cells: SheetCells, widths: list[int]) -> np.ndarray:
    """Each data row's height in points, for the tallest of its wrapped texts; 0 where one line is
    enough (the default height). Set, because LibreOffice does not grow a row to its wrapped text on
    opening a file, and prints the lines over each other."""
    lines = np.ones(cells.rows, dtype=np.int64)
    for codes, texts, width in zip(cells.codes, cells.texts, widths):
        if not len(codes):
            continue
        each = np.array([text_lines(t, width) if isinstance(t, str) else 1 for t in texts], dtype=np.int64)
        lines = np.maximum(lines, each[codes])
    return np.where(lines > 1, np.minimum(lines * LINE_POINTS, MAX_ROW_POINTS), 0)


def header_footer(title: str, marking: str) -> tuple[str, str]:
    """The printed header (the title left, the marking centred) and footer (the marking centred, "Page 3
    of 12" right), in Excel's codes: a "&" of the title is doubled; a header holds 255 characters."""
    title = title.replace("&", "&&")[:120]
    marking = marking.replace("&", "&&")[:60]
    return f'&L{title}&C&"-,Bold"{marking}', f"&C{marking}&RPage &P of &N"


def _workbook(target, columns: list[str], rows: int, colours: dict[str, str], page: tuple[str, str]):
    """The workbook without its data rows: header, widths, frozen header row, filter, print set-up, and
    a format for each style a cell may have (XlsxWriter numbers a format when a cell first uses it)."""
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}
    wb = xlsxwriter.Workbook(target, options)
    wb.set_properties({"created": _FIXED_TIME})         # no wall-clock time in the content
    ws = wb.add_worksheet("Chronology")
    for i, name in enumerate(columns):
        ws.set_column(i, i, column_width(name))
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#e7e9ee", "bottom": 1})
    ws.write_row(0, 0, [heading(c) for c in columns], head)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, rows, len(columns) - 1)
    ws.set_landscape()
    _print_set_up(ws, page)
    printed = [i for i, name in enumerate(columns) if name in LEADING]
    ws.print_area(0, 0, max(rows, 1), max(printed) if printed else len(columns) - 1)
    top = {"text_wrap": True, "valign": "top"}
    formats = {("fill", name): wb.add_format({"bg_color": colour, "font_color": text_colour(colour), **top})
               for name, colour in colours.items()}
    formats |= {("date", precision): wb.add_format({"num_format": shown, "valign": "top"})
                for precision, shown in DATE_FORMATS.items()}
    formats["wrap"] = wb.add_format(top)
    formats[BOOLEAN] = wb.add_format({"num_format": '"TRUE";"TRUE";"FALSE"', "valign": "top"})   # Calc shows 1/0
    formats["wrapped_safe"] = wb.add_format({**top, "quote_prefix": True})    # Excel's own "text, not formula" mark
    formats["head"] = head
    _columns_sheet(wb, columns, formats, page)   # here, before any data row, so that both engines number the
    return wb, ws, formats                       # formats in one order (XlsxWriter numbers one as a row is written)


def _print_set_up(ws, page: tuple[str, str]) -> None:
    """A4, one page wide and as many long as it takes, the header row on every page, the title,
    marking and page numbers in the header and footer."""
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    head, foot = header_footer(*page)
    ws.set_header(head, {"margin": 0.3})
    ws.set_footer(foot, {"margin": 0.3})


def _columns_sheet(wb, columns: list[str], formats: dict, page: tuple[str, str]) -> None:
    """The second sheet: each heading of the first, the field name it has in chronology.csv, and its meaning."""
    ws = wb.add_worksheet("Columns")
    _print_set_up(ws, page)
    widths = (26, 22, 80)
    for i, width in enumerate(widths):
        ws.set_column(i, i, width)
    ws.write_row(0, 0, ["Heading", "Field in chronology.csv", "Meaning"], formats["head"])
    for r, row in enumerate(column_rows(columns), start=1):
        lines = max(text_lines(text, width) for text, width in zip(row, widths))
        if lines > 1:
            ws.set_row(r, lines * LINE_POINTS)
        for c, text in enumerate(row):
            ws.write_string(r, c, text, formats["wrap"])


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


def _write_cell_by_cell(frame: pd.DataFrame, path: Path, colours: dict[str, str], cells: SheetCells,
                        heights: np.ndarray, page: tuple[str, str]) -> None:
    """The reference: every cell through XlsxWriter's ``write_string`` / ``write_number`` / ``write_boolean``."""
    columns = list(frame.columns)
    wb, ws, formats = _workbook(str(path), columns, len(frame), colours, page)
    style_of, number_of = _style_of(columns, colours), _number_of(columns)
    write_string, write_number, write_boolean = ws.write_string, ws.write_number, ws.write_boolean
    rows = zip(*(frame[c].tolist() for c in columns))       # plain values: itertuples boxes each cell
    for r, (row, height) in enumerate(zip(rows, heights.tolist()), start=1):
        if height:
            ws.set_row(r, height)
        for c, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    continue
                made = number_of(c, value)
                if made is not None:
                    write_number(r, c, made.value, formats[made.style])
                    continue
                value = excel_text(value)
                write_string(r, c, value, formats[style_of(c, value)])
            else:
                write_boolean(r, c, bool(value), formats[BOOLEAN])
    wb.close()
