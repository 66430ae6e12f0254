"""The workbooks sent to the agencies (action plan returns, case audit returns) as a test reads them and
fills them in with openpyxl, as an agency would (plain helpers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def table(path: Path, sheet: str, header_row: int, keys: tuple[str, ...]):
    """The workbook, its sheet, the column of each heading, and the row of each key (the values of the
    ``keys`` headings in the row, as a tuple)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    columns = {cell.value: cell.column for cell in ws[header_row]}
    rows = {tuple(ws.cell(row=r, column=columns[k]).value for k in keys): r for r in range(header_row + 1,
                                                                                          ws.max_row + 1)}
    return wb, ws, columns, rows


def fill_workbook(source: Path, sheet: str, header_row: int, keys: tuple[str, ...], updates: dict[tuple, dict],
                  target: Path) -> Path:
    """``source`` filled in and saved as ``target``: ``updates`` by key, each {heading: value}; a key not in
    the workbook takes a new row below the table (as a careless copy-and-paste would)."""
    wb, ws, columns, rows = table(source, sheet, header_row, keys)
    for key, values in updates.items():
        row = rows.get(key)
        if row is None:
            row = ws.max_row + 1
            for heading, value in zip(keys, key):
                ws.cell(row=row, column=columns[heading], value=value)
        for heading, value in values.items():
            ws.cell(row=row, column=columns[heading], value=value)
    target.parent.mkdir(exist_ok=True)
    wb.save(target)
    return target
