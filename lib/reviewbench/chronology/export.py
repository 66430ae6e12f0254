"""The chronology's other copies: JSON, and Excel for people.

The CSV is the canonical record (:mod:`.schema` writes and reads it). The Excel copy has filters,
a frozen header, a colour per agency, and no cell that Excel could run as a formula.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import xlsxwriter

from ..palette import tint

_FORMULA_START = ("=", "+", "-", "@")
EXCEL_CELL_LIMIT = 32_767          # characters an Excel cell holds; XlsxWriter would cut silently
CUT_MARK = f" [... cut here: an Excel cell holds {EXCEL_CELL_LIMIT:,} characters; the whole text is in chronology.csv]"
_FIXED_TIME = dt.datetime(2000, 1, 1)
_WIDTHS = {"description": 60, "outcome": 40, "other": 30, "source_location": 24, "event_type": 22,
           "agency": 24, "source_file": 28}


def write_json(frame: pd.DataFrame, path: Path) -> None:
    """A list of entry objects, one per line: readable, diff-friendly and quick to write."""
    columns = list(frame.columns)
    values = zip(*(frame[c].tolist() for c in columns))     # tolist(): plain Python values
    encode = json.JSONEncoder(ensure_ascii=False).encode    # json.dumps makes an encoder per call
    lines = (encode(dict(zip(columns, row))) for row in values)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n" + ",\n".join(lines) + "\n]\n")


def write_xlsx(frame: pd.DataFrame, path: Path, colours: dict[str, str]) -> None:
    """The chronology for people, each agency's rows in a light tint of its colour (``colours``,
    :func:`reviewbench.palette.agency_colours`). XlsxWriter, because it writes a large chronology
    about a third faster than openpyxl; every text goes through ``write_string``, so nothing is
    ever a formula. A text longer than a cell holds is cut with :data:`CUT_MARK` at its end (the
    intake flags the entry ``text_cut_in_excel``)."""
    columns = list(frame.columns)
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}
    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties({"created": _FIXED_TIME})         # no wall-clock time in the content
    ws = wb.add_worksheet("Chronology")
    for i, name in enumerate(columns):
        ws.set_column(i, i, _WIDTHS.get(name, 14))
    ws.write_row(0, 0, columns, wb.add_format({"bold": True}))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(frame), len(columns) - 1)
    fills = {name: wb.add_format({"bg_color": tint(colour)}) for name, colour in colours.items()}
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    safe = wb.add_format({"quote_prefix": True})            # Excel's own "text, not formula" mark
    wrapped_safe = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
    agency_col, wrap_col = columns.index("agency"), columns.index("description")
    write_string, write_boolean = ws.write_string, ws.write_boolean
    rows = zip(*(frame[c].tolist() for c in columns))       # plain values: itertuples boxes each cell
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    continue
                if len(value) > EXCEL_CELL_LIMIT:
                    value = value[:EXCEL_CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
                if value.startswith(_FORMULA_START):
                    write_string(r, c, value, wrapped_safe if c == wrap_col else safe)
                elif c == agency_col:
                    write_string(r, c, value, fills.get(value))
                elif c == wrap_col:
                    write_string(r, c, value, wrap)
                else:
                    write_string(r, c, value)
            else:
                write_boolean(r, c, bool(value))
    wb.close()
