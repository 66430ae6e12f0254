"""Workbooks sent to each agency to fill in, and read back by the intake's readers: what an action plan
return (:mod:`reviewbench.portfolio.workbook`) and a case audit return (:mod:`reviewbench.audit`) share.

A workbook is marked with what it is, the review and the agency (its ``identifier`` property, and an
"Agency:" cell above the table), so a returned copy is recognised even when renamed; its own columns
are locked and the agency's are open; a hidden sheet holds the lists its drop-downs choose from. Read
back, the table is found by its headings, and the agency by the marker (or the "Agency:" cell).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import ClassVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..config import Agency, Review
from ..errors import IntakeFileError, RowRejected
from ..model import Grid, Reject
from ..suggest import did_you_mean
from ..vocabulary import normalise_heading
from .columns import HEADER_SEARCH_ROWS, Header, heading_key

AGENCY_LABEL, REVIEW_LABEL = "Agency:", "Review:"
SHEET_LISTS = "Lists"
LOCKED_FILL, OPEN_FILL = PatternFill("solid", fgColor="E7E6E6"), PatternFill("solid", fgColor="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


@dataclass
class ReturnedFile:
    """One return: whose it is, and what became of each of its rows (each count is ``rows_<what>``)."""

    file: str
    agency: str = ""
    status: str = "read"                  # read | failed (the file as a whole could not be used)
    error: str = ""
    rows_read: int = 0
    rows_rejected: int = 0
    rows_unchanged: int = 0


@dataclass
class ReturnsRead:
    """What reading some returns did: each file, and each row rejected or left unchanged with the reason.
    A kind of return adds what its accepted rows became, and their counts to ``COUNTS``."""

    review: Review
    files: list
    rejects: list[Reject] = field(default_factory=list)
    unchanged: list[Reject] = field(default_factory=list)     # file, location, why nothing changed
    outputs: list[Path] = field(default_factory=list)
    COUNTS: ClassVar[tuple[str, ...]] = ("read", "rejected", "unchanged")

    def total(self, what: str) -> int:
        return sum(getattr(f, f"rows_{what}") for f in self.files)

    @property
    def failed(self) -> list:
        return [f for f in self.files if f.status == "failed"]

    def as_dict(self) -> dict:
        return {"review": self.review.id, **{f"rows_{w}": self.total(w) for w in self.COUNTS},
                "files": [asdict(f) for f in self.files], "rejects": [r.as_dict() for r in self.rejects],
                "unchanged": [u.as_dict() for u in self.unchanged]}


def mark_for(prefix: str, review: Review, agency: Agency) -> str:
    """The marker in a workbook's ``identifier`` property: what it is, the review and the agency it is for."""
    return f"{prefix}: {review.id}: {agency.name}"


def marked(prefix: str, identifier: str | None) -> tuple[str, str] | None:
    """(review id, agency name) from a workbook's marker, or None when it is not a ``prefix`` one."""
    head, _, rest = (identifier or "").partition(":")
    review_id, _, agency = rest.partition(":")
    if head.strip().lower() != prefix or not review_id.strip() or not agency.strip():
        return None
    return review_id.strip(), agency.strip()


def title_rows(ws: Worksheet, review: Review, agency: Agency, note: str) -> None:
    """The rows above the table: the agency and the review (bold), and how to fill it in."""
    for cell, value in (("A1", AGENCY_LABEL), ("B1", agency.name), ("D1", REVIEW_LABEL),
                        ("E1", f"{review.title} ({review.id})")):
        ws[cell] = value
        ws[cell].font = Font(bold=True)
    ws["A2"] = note
    ws["A2"].font = Font(italic=True, color="595959")


def header_row(ws: Worksheet, row: int, columns: tuple[tuple[str, str, int], ...]) -> dict[str, str]:
    """The table's headings, from ``columns`` ((key, heading, width)); the column letter of each key."""
    letters = {key: get_column_letter(i) for i, (key, _, _) in enumerate(columns, start=1)}
    for i, (key, heading, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=i, value=heading)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letters[key]].width = width
    return letters


def fill_cell(ws: Worksheet, row: int, column: int, value: object, *, open_: bool) -> None:
    """One cell of the table: the agency's (open, white) or the workbook's own (locked, grey)."""
    cell = ws.cell(row=row, column=column, value=value)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if open_:
        cell.protection = Protection(locked=False)
        cell.fill = OPEN_FILL
    else:
        cell.fill = LOCKED_FILL


def lists_sheet(wb: Workbook, lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A hidden sheet with each list in a column; the range of each, for the drop-downs."""
    ws = wb.create_sheet(SHEET_LISTS)
    ranges = {}
    for column, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column)
        for row, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        ranges[key] = f"{quote_sheetname(SHEET_LISTS)}!${letter}$1:${letter}${len(values)}"
    ws.sheet_state = "hidden"
    return ranges


def choice_list(formula: str, error: str) -> DataValidation:
    """A drop-down that refuses anything not in the list at ``formula``."""
    return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                          errorStyle="stop", errorTitle="From the list", error=error)


def protect(ws: Worksheet, first_open_row: int) -> None:
    """The sheet protected without a password (it guards against a slip, not a determined hand), rows and
    columns still resizable, the table's header frozen."""
    ws.freeze_panes = f"B{first_open_row}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def find_table(grid: Grid, headings: dict[str, str], required: set[str]) -> Header | None:
    """The header row of a returned table: the first row naming every key of ``required``
    (``headings``: heading as normalised by :func:`heading_key` -> key)."""
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        keys = {col: headings[heading_key(cell)] for col, cell in enumerate(row.cells) if heading_key(cell) in headings}
        if required <= set(keys.values()):
            shown = {col: " ".join(str(cell).split()) for col, cell in enumerate(row.cells) if cell is not None}
            return Header(index, keys, shown, tuple(heading_key(c) for c in row.cells))
    return None


def labelled(grid: Grid, label: str) -> str:
    """The value beside ``label`` ("Agency:") in the rows above the table."""
    for row in grid.rows[:HEADER_SEARCH_ROWS]:
        for col, cell in enumerate(row.cells[:-1]):
            if normalise_heading(cell or "") == normalise_heading(label) and row.cells[col + 1] is not None:
                return str(row.cells[col + 1]).strip()
    return ""


def returned_by(review: Review, rel: str, identifier: str | None, grid: Grid, prefix: str, what: str,
                folder: str, export: str) -> Agency:
    """The agency whose return ``rel`` is: by the workbook's marker, else by its "Agency:" cell.

    ``what`` names the kind of return ("action plan return"), ``folder`` where returns go and ``export``
    the command that writes the workbooks, for the messages.

    Raises:
        IntakeFileError: the return is another review's, or names no agency of review.yaml.
    """
    mark = marked(prefix, identifier)
    if mark and mark[0] != review.id:
        raise IntakeFileError(rel, f"is the {what} of the review '{mark[0]}', not of {review.id}.",
                              hint=f"Put it in the {folder}/ folder of the review '{mark[0]}'.")
    name = mark[1] if mark else labelled(grid, AGENCY_LABEL)
    agency = review.agency_named(name) if name else None
    if agency is None:
        names = [a.name for a in review.agencies]
        said = f"names the agency '{name}', which is not an agency of review.yaml" if name else \
            "does not say which agency returned it (no 'Agency:' cell)"
        raise IntakeFileError(rel, f"{said}{did_you_mean(name, names, aside=True) if name else ''}.",
                              location=f"sheet '{grid.name}'",
                              hint=f"Send the agency its own workbook again ('{export}').")
    return agency


def choice_of(value: str, known: dict[str, str], heading: str) -> str:
    """An id of ``known`` (id -> label) from an id or a label as written.

    Raises:
        RowRejected: ``value`` is neither, naming the column ``heading`` and the nearest choice.
    """
    by_name = {normalise_heading(k): k for k in known} | {normalise_heading(v): k for k, v in known.items()}
    found = by_name.get(normalise_heading(value))
    if found is None:
        raise RowRejected(f"'{heading}' ({value}) is not in the list{did_you_mean(value, known, aside=True)}; "
                          f"choose one of {', '.join(known)}.")
    return found


def return_files(folder: Path) -> list[Path]:
    """The workbooks in ``folder`` (Office lock files left out); none when there is no such folder."""
    return sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", "."))) if folder.is_dir() else []


def relative_name(review: Review, path: Path) -> str:
    """``path`` as the review names it (``audit_returns/police.xlsx``), or as given when it is elsewhere."""
    root, resolved = review.root, Path(path).resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)
