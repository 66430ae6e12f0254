"""Excel reader: one Grid per worksheet, cell values as openpyxl gives them.

Why two libraries: python-calamine (Rust) reads cells several times faster than openpyxl, but
openpyxl's values are the reference (the rest of the intake was built on them). Calamine's are
turned into openpyxl's (a whole number is an int, a date a datetime); where the two could
differ, in a sheet holding error cells (#N/A), negative numbers (a negative serial formatted as
a date) or numbers beyond the last Excel date, the workbook is read with openpyxl instead, and
so it is when calamine cannot open it (openpyxl then says what is wrong).

Why our own scan for merged cells: neither streaming reader exposes merged ranges, and a date
merged down over three rows must reach all three rows. The same scan notices formulas; only a
sheet that has some is parsed again, to find the formulas whose result the file does not hold
(a workbook written by a program that does not calculate, such as openpyxl): those cells
become :class:`~reviewbench.model.UnsavedFormula`, so a reviewer is told why a row has no date
rather than that it looks like a heading.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.etree import ElementTree

import openpyxl
import python_calamine
from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from reviewbench.errors import IntakeFileError
from reviewbench.model import Grid, GridRow, SourceDocument, UnsavedFormula

# Errors meaning the zip or its XML is broken.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError,
            InvalidFileException, etree.XMLSyntaxError, ElementTree.ParseError)
# Errors openpyxl raises on XML it does not accept (values outside its schema checks, or
# parts it expects, such as a chart sheet's drawing).
_NOT_UNDERSTOOD = (ValueError, TypeError, AttributeError)

_MERGE_RE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["']""")
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
# What calamine gives differently from openpyxl: error cells (t="e"), negative numbers, and
# escaped characters in text ("_x000D_": calamine decodes them, openpyxl keeps them as written).
_ESCAPE = rb"_x[0-9A-Fa-f]{4}_"
_UNLIKE_RE = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt\s*=\s*["']e["']|<(?:\w+:)?v>\s*-|""" + _ESCAPE)
_ESCAPE_RE = re.compile(_ESCAPE)
_V_SPACE_RE = re.compile(rb"v>\s")
_LAST_EXCEL_DAY = 2_958_465           # 31/12/9999: openpyxl reads a larger date serial as '#VALUE!'
_CHUNK = 1 << 20
_DATE_WARNING = re.compile(r"Cell (\w+) is marked as a date but the serial value (\S+)")
_REL_OFFICE_DOC = "/officeDocument"
_REL_WORKSHEET = "/worksheet"
_REL_CORE = "/core-properties"
_REL_STRINGS = "/sharedStrings"
_DC_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"


@dataclass
class _Sheet:
    """What the scan of one sheet's XML found: merged ranges, formulas without a saved result
    by row and column (1-based), and whether calamine's values could differ from openpyxl's."""

    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    unsaved: dict[int, dict[int, str]] = field(default_factory=dict)
    unlike: bool = False


def read_xlsx(path: Path, rel: str, engine: str = "fast") -> SourceDocument:
    """Read every worksheet (hidden ones too, with a warning); chart sheets are skipped.

    ``engine``: "fast" reads with calamine where it gives what openpyxl gives, "openpyxl"
    always with openpyxl (the reference, kept for comparison).
    """
    with _library_errors(rel):
        archive = zipfile.ZipFile(path)
    with archive:
        with _library_errors(rel):
            parts = _worksheet_parts(archive)
        doc = _read_calamine(path, rel, archive, parts) if engine == "fast" else None
        if doc is None:
            doc = _read_openpyxl(path, rel, archive, parts)
    if not any(grid.rows for grid in doc.grids):
        raise IntakeFileError(rel, "contains no data: it has no worksheets, or every sheet is "
                                   "empty.",
                              hint="Check that the agency sent the completed chronology.")
    return doc


def _read_calamine(path: Path, rel: str, archive: zipfile.ZipFile,
                   parts: dict[str, str]) -> SourceDocument | None:
    """The workbook read with calamine, or None where openpyxl must read it (see the module's doc)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [meta for meta in book.sheets_metadata
                  if meta.typ == python_calamine.SheetTypeEnum.WorkSheet]
        if any(meta.name not in parts or parts[meta.name] not in archive.NameToInfo for meta in sheets):
            return None                  # openpyxl warns about a sheet missing from the file
        doc = SourceDocument(file=rel, grids=[])
        with _library_errors(rel):
            doc.identifier = _identifier(archive)
            scans = [_scan_sheet(archive, parts[meta.name], doc, meta.name) for meta in sheets]
        if any(scan.unlike for scan in scans) or _escaped_strings(archive):
            return None
        for meta, scan in zip(sheets, scans):
            rows = _openpyxl_values(book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
            if rows is None:
                return None
            doc.grids.append(_grid(meta.name, rows, scan))
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                doc.warnings.append(_hidden(meta.name))
    except python_calamine.CalamineError:
        return None                      # openpyxl reads it, or says what is wrong with it
    return doc


def _openpyxl_values(rows: list[list[Any]]) -> list[list[Any]] | None:
    """Calamine's rows with openpyxl's types, or None if a value may differ from openpyxl's.

    A number stored without a fraction is an int, a date a datetime at midnight. A number
    beyond the serial of 31/12/9999 (openpyxl: '#VALUE!' if formatted as a date) cannot be
    told apart here from one that is not a date.
    """
    out = []
    for row in rows:
        cells = []
        for value in row:
            kind = type(value)
            if kind is float:
                if value.is_integer():
                    if abs(value) > _LAST_EXCEL_DAY:
                        return None
                    value = int(value)
                elif abs(value) > _LAST_EXCEL_DAY:
                    return None
            elif kind is dt.date:
                value = dt.datetime(value.year, value.month, value.day)
            cells.append(value)
        out.append(cells)
    return out


def _read_openpyxl(path: Path, rel: str, archive: zipfile.ZipFile, parts: dict[str, str]) -> SourceDocument:
    """The reference reader: openpyxl in read-only mode, with its warnings about date cells."""
    doc = SourceDocument(file=rel, grids=[])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with _library_errors(rel):
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        doc.identifier = workbook.properties.identifier
        try:
            for sheet in workbook.worksheets:
                with _library_errors(rel):
                    scan = _scan_sheet(archive, parts.get(sheet.title), doc, sheet.title)
                seen = len(caught)
                # A wrong <dimension> element (written by some exporters) would silently cut rows off.
                sheet.reset_dimensions()
                doc.grids.append(_grid(sheet.title, _guarded(sheet.iter_rows(values_only=True), rel), scan))
                doc.warnings.extend(_date_warnings(caught[seen:], sheet.title))
                if sheet.sheet_state != "visible":
                    doc.warnings.append(_hidden(sheet.title))
        finally:
            workbook.close()
    for title in parts.keys() - set(workbook.sheetnames):
        doc.warnings.append(f"sheet '{title}' is listed in the workbook but its contents "
                            "are missing from the file, so it was not read; the file may "
                            "be damaged. Ask the agency to send it again.")
    return doc


def _escaped_strings(archive: zipfile.ZipFile) -> bool:
    """Whether the shared strings hold an escaped character ("_x000D_"), read as written by openpyxl."""
    for _rid, rel_type, target in _relationships(archive, _workbook_part(archive)):
        if rel_type.endswith(_REL_STRINGS) and target in archive.NameToInfo:
            with archive.open(target) as stream:
                tail = b""
                while chunk := stream.read(_CHUNK):
                    if _ESCAPE_RE.search(tail + chunk):
                        return True
                    tail = chunk[-6:]
    return False


def _hidden(title: str) -> str:
    return f"sheet '{title}' is hidden in the workbook; its rows were read like any other sheet's."


def _identifier(archive: zipfile.ZipFile) -> str | None:
    """The workbook's ``identifier`` document property (docProps/core.xml), as openpyxl gives it."""
    core = next((target for _rid, rel_type, target in _relationships(archive, "")
                 if rel_type.endswith(_REL_CORE)), None)
    if core is None or core not in archive.NameToInfo:
        return None
    element = ElementTree.fromstring(archive.read(core)).find(_DC_IDENTIFIER)
    return element.text if element is not None else None


@contextmanager
def _library_errors(rel: str) -> Iterator[None]:
    """Turn zip/XML/openpyxl failures into a sentence; our own bugs stay tracebacks."""
    try:
        yield
    except _DAMAGED as exc:
        raise IntakeFileError(rel, "cannot be opened as an Excel workbook: the file is damaged "
                                   "or incomplete.",
                              hint="Ask the agency to send the file again.") from exc
    except _NOT_UNDERSTOOD as exc:
        raise IntakeFileError(rel, f"cannot be read as an Excel workbook: it contains something "
                                   f"the Excel reader does not accept ({exc}).",
                              hint="Open it in Excel, save it again as .xlsx and put the saved "
                                   "copy in the folder instead.") from exc


def _guarded(rows: Iterator[tuple], rel: str) -> Iterator[tuple]:
    """openpyxl parses lazily, so its errors surface while rows are iterated."""
    with _library_errors(rel):
        yield from rows


def _grid(title: str, values_by_row: Iterable[Iterable[Any]], scan: _Sheet) -> Grid:
    """One sheet's rows from row 1 down; labels keep the real Excel row number of every row."""
    rows: list[GridRow] = []
    width = 0
    fill = _MergeFill(scan.merges)
    unsaved = scan.unsaved
    for number, values in enumerate(values_by_row, 1):
        cells = [(v.strip() or None) if type(v) is str else v for v in values]
        if number in unsaved:
            _mark_unsaved(cells, unsaved[number])
        if fill.pending(number):
            fill.apply(number, cells)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            rows.append(GridRow(f"row {number}", cells))
            width = max(width, len(cells))
    _pad(rows, width)
    return Grid(name=f"sheet '{title}'", rows=rows)


class _MergeFill:
    """Copy each merged range's top-left value into every cell it covers, row by row.

    Rows stream in order, so the top-left value is seen before the rows below it.
    Ranges: (min_row, min_col, max_row, max_col), 1-based.
    """

    def __init__(self, merges: list[tuple[int, int, int, int]]):
        self._waiting = sorted(merges, reverse=True)  # pop() gives the smallest min_row
        self._active: list[list[Any]] = []            # [max_row, min_col, max_col, value]

    def pending(self, number: int) -> bool:
        return bool(self._active) or bool(self._waiting and self._waiting[-1][0] <= number)

    def apply(self, number: int, cells: list[Any]) -> None:
        while self._waiting and self._waiting[-1][0] <= number:
            _min_row, min_col, max_row, max_col = self._waiting.pop()
            value = cells[min_col - 1] if min_col <= len(cells) else None
            self._active.append([max_row, min_col, max_col, value])
        for _max_row, min_col, max_col, value in self._active:
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            cells[min_col - 1:max_col] = [value] * (max_col - min_col + 1)
        self._active = [entry for entry in self._active if entry[0] > number]


def _mark_unsaved(cells: list[Any], formulas: dict[int, str]) -> None:
    """Put an UnsavedFormula where the library gave None for a formula without a saved result."""
    for col, formula in formulas.items():
        if col > len(cells):
            cells.extend([None] * (col - len(cells)))
        if cells[col - 1] is None:
            cells[col - 1] = UnsavedFormula(formula)


def _pad(rows: list[GridRow], width: int) -> None:
    for row in rows:
        if len(row.cells) < width:
            row.cells.extend([None] * (width - len(row.cells)))


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet name -> zip part name, following the package and workbook rels."""
    workbook_part = _workbook_part(archive)
    targets = {rid: target for rid, rel_type, target in _relationships(archive, workbook_part)
               if rel_type.endswith(_REL_WORKSHEET)}
    parts = {}
    for element in ElementTree.fromstring(archive.read(workbook_part)).iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        if rid in targets:
            parts[element.get("name", "")] = targets[rid]
    return parts


def _workbook_part(archive: zipfile.ZipFile) -> str:
    return next((target for _rid, rel_type, target in _relationships(archive, "")
                 if rel_type.endswith(_REL_OFFICE_DOC)), "xl/workbook.xml")


def _relationships(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, str, str]]:
    """(Id, Type, target part name) of each internal relationship of ``part``."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.NameToInfo:
        return
    for element in ElementTree.fromstring(archive.read(rels_name)):
        if element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        yield element.get("Id", ""), element.get("Type", ""), target


def _scan_sheet(archive: zipfile.ZipFile, part: str | None, doc: SourceDocument, title: str) -> _Sheet:
    """What the sheet's XML holds beyond its values (see :class:`_Sheet`)."""
    if part is None or part not in archive.NameToInfo:
        return _Sheet()
    refs, formulas, unlike = _scan_merge_refs(archive, part)
    return _Sheet(_merged_ranges(refs, doc, title), _unsaved_formulas(archive, part) if formulas else {}, unlike)


def _unsaved_formulas(archive: zipfile.ZipFile, part: str) -> dict[int, dict[int, str]]:
    """Cells with an <f> and no result: no <v>, or an empty one that is not an empty text result."""
    found: dict[int, dict[int, str]] = {}
    with archive.open(part) as stream:
        for _event, cell in etree.iterparse(stream, events=("end",), tag="{*}c"):
            formula = value = None
            for child in cell:
                name = etree.QName(child).localname
                if name == "f":
                    formula = child
                elif name == "v":
                    value = child
            ref = cell.get("r")
            if (formula is not None and ref and (value is None or (not value.text and cell.get("t") != "str"))):
                row, col = coordinate_to_tuple(ref)
                found.setdefault(row, {})[col] = (formula.text or "").strip()
            cell.clear()
            while cell.getprevious() is not None:
                del cell.getparent()[0]
    return found


def _merged_ranges(refs: list[str], doc: SourceDocument, title: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (min_row, min_col, max_row, max_col); a range that cannot be read is warned about."""
    merges = []
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except ValueError:
            doc.warnings.append(f"sheet '{title}': a merged range '{ref}' could not be "
                                "understood, so it was not filled in.")
            continue
        if None in (min_col, min_row, max_col, max_row):
            continue
        if (min_row, min_col) != (max_row, max_col):
            merges.append((min_row, min_col, max_row, max_col))
    return merges


def _scan_merge_refs(archive: zipfile.ZipFile, part: str) -> tuple[list[str], bool, bool]:
    """The <mergeCell ref="A1:B3"/> refs, whether any cell has a formula, and whether any is an
    error or a negative number (see the module's doc).

    Regex over decompressed chunks: far cheaper than parsing the sheet a second time.
    """
    refs: list[str] = []
    formulas = unlike = False
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            block = tail + chunk
            cut = block.rfind(b"<")   # keep an unfinished tag for the next chunk
            if cut < 0:
                cut = len(block)
            if b"mergeCell" in block:
                refs += [m.group(1).decode("ascii", "replace").replace("$", "")
                         for m in _MERGE_RE.finditer(block, 0, cut)]
            # Every formula closes an <f> somewhere ("</f>"): a byte search first, the regex only then.
            formulas = formulas or (b"f>" in block and _FORMULA_RE.search(block, 0, cut) is not None)
            unlike = unlike or (_may_be_unlike(block) and _UNLIKE_RE.search(block, 0, cut) is not None)
            tail = block[cut:]
    refs += [m.group(1).decode("ascii", "replace").replace("$", "") for m in _MERGE_RE.finditer(tail)]
    return (refs, formulas or _FORMULA_RE.search(tail) is not None,
            unlike or _UNLIKE_RE.search(tail) is not None)


def _may_be_unlike(block: bytes) -> bool:
    """Whether ``block`` may hold what :data:`_UNLIKE_RE` finds: each of its three forms needs a few
    bytes that a quick search finds (an error cell's ``"e"``, a value's ``v>`` before its minus, an
    escape's ``_x``); most sheets have none of them, and are spared the slow search, cell by cell."""
    return (any(quoted in block for quoted in (b'"e"', b"'e'", b'"e\'', b"'e\"")) or b"v>-" in block
            or b"_x" in block or _V_SPACE_RE.search(block) is not None)


def _date_warnings(caught: Iterable[warnings.WarningMessage], title: str) -> list[str]:
    """Keep openpyxl's notices about date cells it could not convert (evidence changed)."""
    found = []
    for item in caught:
        match = _DATE_WARNING.search(str(item.message))
        if match:
            found.append(f"sheet '{title}', cell {match.group(1)} is formatted as a date but "
                         f"holds {match.group(2)}, which is not a valid date; it was read as "
                         "'#VALUE!'.")
    return found
