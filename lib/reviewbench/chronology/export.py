"""Writing the chronology as CSV, Excel and JSON, and reading it back.

The CSV is the canonical record (exact text). The Excel copy is for people: filters, a frozen
header, a colour per agency, and no cell that Excel could run as a formula.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..model import CHRONOLOGY_COLUMNS

# A qualitative palette, light enough to read black text on (ColorBrewer Pastel1 + Set3).
PALETTE = ("FBB4AE", "B3CDE3", "CCEBC5", "DECBE4", "FED9A6", "FFFFCC", "E5D8BD", "FDDAEC",
           "8DD3C7", "FFFFB3", "BEBADA", "FB8072", "80B1D3", "FDB462", "B3DE69", "FCCDE5",
           "D9D9D9", "BC80BD", "CCEBC5", "FFED6F")
_FORMULA_START = ("=", "+", "-", "@")
_WIDTHS = {"description": 60, "outcome": 40, "other": 30, "source_location": 24, "event_type": 22,
           "agency": 24, "source_file": 28}


def agency_colours(agencies: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    """A fixed colour per agency (sorted order), honouring colours set in review.yaml."""
    given = given or {}
    return {name: given.get(name, PALETTE[i % len(PALETTE)]).lstrip("#").upper()
            for i, name in enumerate(sorted(agencies))}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_json(frame: pd.DataFrame, path: Path) -> None:
    """A list of entry objects, one per line: readable, diff-friendly and quick to write."""
    columns = list(frame.columns)
    values = zip(*(frame[c].tolist() for c in columns))     # tolist(): plain Python values
    lines = (json.dumps(dict(zip(columns, row)), ensure_ascii=False) for row in values)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n" + ",\n".join(lines) + "\n]\n")


def write_xlsx(frame: pd.DataFrame, path: Path, colours: dict[str, str]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Chronology")
    columns = list(frame.columns)
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 14)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    fills = {name: PatternFill("solid", fgColor=rgb) for name, rgb in colours.items()}
    wrap = Alignment(wrap_text=True, vertical="top")
    agency_col = columns.index("agency")
    text_cols = {columns.index(c) for c in ("description", "outcome", "other") if c in columns}
    for row in frame.itertuples(index=False, name=None):
        out = []
        for i, value in enumerate(row):
            if isinstance(value, str) and value.startswith(_FORMULA_START) or i == agency_col or i in text_cols:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str) and value.startswith(_FORMULA_START):
                    cell.data_type = "s"          # stored as text: never evaluated
                    cell.quotePrefix = True       # Excel's own marker for "text that looks like a formula"
                if i == agency_col and value in fills:
                    cell.fill = fills[value]
                if i in text_cols:
                    cell.alignment = wrap
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    wb.save(path)


def read_chronology(path: str | Path) -> pd.DataFrame:
    """Read build/chronology.csv back: every column text, empty cells as "", in_scope as bool."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CHRONOLOGY_COLUMNS if c not in frame.columns]
    if missing:
        from ..errors import ReviewbenchError
        raise ReviewbenchError(f"is not a reviewbench chronology (missing columns {', '.join(missing)}).",
                               where=str(path), hint="Run 'reviewbench ingest' to rebuild it.")
    frame["in_scope"] = frame["in_scope"].map({"True": True, "False": False}).fillna(False).astype(bool)
    return frame
