"""Saying how two versions of an output differ, in words a quality checker can act on.

Each ``explain_*`` returns ``None`` when the two files say the same thing, else one sentence
naming the first place they differ: a row and entry for a CSV, a key path for JSON, a cell for
Excel, a paragraph for Word, a cell for a notebook, a line for other text.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from pathlib import Path

from ..publication.extract import docx_blocks
from .content import NOTEBOOK, OFFICE, notebook_outputs, office_parts

TEXT = (".md", ".html", ".htm", ".txt", ".svg", ".graphml", ".xml", ".yaml", ".yml", ".tex")


def _rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    return list(csv.reader(io.StringIO(text), dialect=csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def explain_csv(built: Path, rerun: Path) -> str | None:
    a, b = _rows(built), _rows(rerun)
    if a == b:
        return None
    head_a, head_b = (a[0] if a else []), (b[0] if b else [])
    if head_a != head_b:
        gone = [c for c in head_a if c not in head_b]
        new = [c for c in head_b if c not in head_a]
        what = "; ".join(filter(None, [gone and f"only in the build: {', '.join(gone)}",
                                       new and f"only in the re-run: {', '.join(new)}"])) or "in another order"
        return f"the columns differ ({what})"
    rows_a, rows_b = [tuple(r) for r in a[1:]], [tuple(r) for r in b[1:]]
    changed = only_built = only_rerun = 0
    first = None
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, rows_a, rows_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changed += pairs
        only_built += (i2 - i1) - pairs
        only_rerun += (j2 - j1) - pairs
        if first is None:
            first = (tag, i1, j1)
    tag, i, j = first
    entry_col = head_a.index("entry_id") if "entry_id" in head_a else None
    row = rows_a[i] if i < len(rows_a) and tag != "insert" else rows_b[j]
    where = f"row {(i if tag != 'insert' else j) + 2}"
    if entry_col is not None and entry_col < len(row):
        where += f", entry {row[entry_col]}" + (" in the build" if tag != "insert" else " in the re-run")
    if tag == "replace":
        other = rows_b[j]
        columns = [head_a[c] for c in range(len(head_a))
                   if (row[c] if c < len(row) else None) != (other[c] if c < len(other) else None)]
        where += f" (column{'s' if len(columns) != 1 else ''} {', '.join(columns)})"
    elif tag == "delete":
        where += " (missing from the re-run)"
    else:
        where += " (not in the build)"
    parts = [f"{changed} changed" if changed else "", f"{only_built} only in the build" if only_built else "",
             f"{only_rerun} only in the re-run" if only_rerun else ""]
    total = changed + only_built + only_rerun
    verb = "differs" if total == 1 else "differ"
    return f"{_plural(total, 'row')} {verb} ({', '.join(p for p in parts if p)}), first at {where}"


def _first_json_difference(a, b, path: str = "") -> str | None:
    if type(a) is not type(b):
        return path or "(top level)"
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            here = f"{path}.{key}" if path else str(key)
            if key not in a or key not in b:
                return here
            found = _first_json_difference(a[key], b[key], here)
            if found:
                return found
        return None
    if isinstance(a, list):
        for n, (x, y) in enumerate(zip(a, b)):
            found = _first_json_difference(x, y, f"{path}[{n}]")
            if found:
                return found
        return f"{path}[{min(len(a), len(b))}] (lengths {len(a)} and {len(b)})" if len(a) != len(b) else None
    return None if a == b else (path or "(top level)")


def explain_json(built: Path, rerun: Path) -> str | None:
    try:
        a = json.loads(built.read_text(encoding="utf-8"))
        b = json.loads(rerun.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return explain_text(built, rerun) if built.read_bytes() != rerun.read_bytes() else None
    found = _first_json_difference(a, b)
    if found is None:
        return None if built.read_bytes() == rerun.read_bytes() else "same values, written differently"
    return f"first difference at key {found}"


def explain_text(built: Path, rerun: Path) -> str | None:
    if built.read_bytes() == rerun.read_bytes():
        return None
    a = built.read_text(encoding="utf-8", errors="replace").splitlines()
    b = rerun.read_text(encoding="utf-8", errors="replace").splitlines()
    for n, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return f"first difference at line {n}"
    if len(a) != len(b):
        return f"{_plural(len(a), 'line')} in the build, {len(b)} in the re-run"
    return "the line endings or final newline differ"


def _xlsx_cell(built: Path, rerun: Path) -> str | None:
    from openpyxl import load_workbook
    books = [load_workbook(p, read_only=True) for p in (built, rerun)]
    try:
        for ws_a, ws_b in zip(books[0].worksheets, books[1].worksheets):
            for row_a, row_b in zip(ws_a.iter_rows(), ws_b.iter_rows()):
                for cell_a, cell_b in zip(row_a, row_b):
                    if cell_a.value != cell_b.value:
                        return f"first difference at sheet '{ws_a.title}', cell {cell_a.coordinate}"
            if ws_a.max_row != ws_b.max_row:
                return f"sheet '{ws_a.title}' has {ws_a.max_row} rows in the build, {ws_b.max_row} in the re-run"
        return None
    finally:
        for book in books:
            book.close()


def _docx_paragraph(built: Path, rerun: Path) -> str | None:
    a, b = docx_blocks(built), docx_blocks(rerun)
    for x, y in zip(a, b):
        if x != y:
            return f"first difference at {x.place}"
    if len(a) != len(b):
        return f"{_plural(len(a), 'text block')} in the build, {len(b)} in the re-run"
    return None


def explain_office(built: Path, rerun: Path) -> str | None:
    a, b = office_parts(built), office_parts(rerun)
    if a == b:
        return None
    suffix = built.suffix.lower()
    detail = _xlsx_cell(built, rerun) if suffix in (".xlsx", ".xlsm") else _docx_paragraph(built, rerun) \
        if suffix == ".docx" else None
    if detail:
        return detail
    parts = sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
    return f"the same text, but the file's parts differ ({', '.join(parts[:4])})"


def explain_notebook(built: Path, rerun: Path, built_root: Path, rerun_root: Path) -> str | None:
    a, b = notebook_outputs(built, built_root), notebook_outputs(rerun, rerun_root)
    for n, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return f"the outputs of code cell {n} differ"
    if len(a) != len(b):
        return f"{_plural(len(a), 'code cell')} in the build, {len(b)} in the re-run"
    return None


def explain_difference(built: Path, rerun: Path, built_root: Path, rerun_root: Path) -> str | None:
    """``None`` if the build's file and the re-run's say the same, else how they differ."""
    suffix = built.suffix.lower()
    if suffix in OFFICE:
        return explain_office(built, rerun)
    if suffix == NOTEBOOK:
        return explain_notebook(built, rerun, built_root, rerun_root)
    if built.read_bytes() == rerun.read_bytes():
        return None
    if suffix in (".csv", ".tsv"):
        return explain_csv(built, rerun) or "the same rows, written differently"
    if suffix == ".json":
        return explain_json(built, rerun)
    if suffix in TEXT:
        return explain_text(built, rerun)
    return f"the contents differ ({built.stat().st_size:,} bytes in the build, {rerun.stat().st_size:,} in the re-run)"
