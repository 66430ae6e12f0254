"""The lenses as written under build/analysis/, read back for the views that show them (the workbench,
the facilitator view) and the report that cites them.

Generic over :data:`~reviewbench.lenses.registry.LENSES` (looked up when used): a lens added to the
registry is read here with no change.
Which columns of a lens hold entry ids, and which hold dates, is told by their names
(:func:`entry_columns`, :func:`date_columns`), so a new lens needs only to name its columns the way
the others do. A row is cited as ``lens:N`` (its 1-based number in the lens's CSV) or ``lens:ENTRY``
(the one row of the lens whose entries include that entry id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import ReviewbenchError
from .lenses import registry
from .lenses.outputs import ANALYSIS, SUMMARY
from .lenses.registry import Lens
from .suggest import did_you_mean


def lenses() -> tuple[Lens, ...]:
    """The lenses of the registry, as it is now (looked up on each call, so a lens added is seen)."""
    return registry.LENSES


def lens_named(name: str) -> Lens:
    """The lens called ``name``; an unknown name is refused with "did you mean" and the lenses there are."""
    found = next((lens for lens in lenses() if lens.name == name), None)
    if found is None:
        names = [lens.name for lens in lenses()]
        raise ReviewbenchError(f"there is no lens '{name}'{did_you_mean(name, names, aside=True)}; the lenses "
                               f"are: {', '.join(names)}.")
    return found


ENTRY_COLUMN_NAMES = ("entry_id", "entry_ids", "known_before")
ENTRY_COLUMN_ENDINGS = ("_entry_id", "_entry_ids")
BASIS_COLUMNS = ("rule", "matched")          # why the lens made the row: for the reviewer, not the projector


def entry_columns(columns: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The columns of a lens that hold entry ids (``entry_id``, ``*_entry_id``, ``entry_ids``,
    ``known_before``), in the lens's order."""
    return tuple(c for c in columns if c in ENTRY_COLUMN_NAMES or c.endswith(ENTRY_COLUMN_ENDINGS))


def date_columns(columns: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The columns of a lens that hold a date of the row (``date``, ``*_date``)."""
    return tuple(c for c in columns if c == "date" or c.endswith("_date"))


def split_ids(value: str) -> list[str]:
    """The entry ids of one cell (``;``-joined), in order."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


@dataclass(frozen=True)
class LensTable:
    """One lens's rows as built (every cell text), with the entry ids of each row."""

    lens: Lens
    rows: pd.DataFrame
    entries: tuple[tuple[str, ...], ...]          # per row: its entry ids, each once, in column order

    @property
    def name(self) -> str:
        return self.lens.name

    @property
    def date_columns(self) -> tuple[str, ...]:
        return date_columns(list(self.rows.columns))

    def key(self, i: int) -> str:
        """How the report cites the row at position ``i``: ``voice:3``."""
        return f"{self.lens.name}:{i + 1}"

    def agencies(self, i: int, agency_of: Callable[[str], str | None]) -> set[str]:
        """The agencies of row ``i``: its own ``agency`` column, when the lens has one, and the agencies
        of its entries (``agency_of`` an entry id; None for an entry not in the chronology)."""
        names = {agency_of(e) for e in self.entries[i]} - {None, ""}
        if "agency" in self.rows.columns and self.rows.at[i, "agency"]:
            names.add(self.rows.at[i, "agency"])
        return names

    def dates(self, i: int) -> list[str]:
        """The dates of the row (its date columns), as written."""
        return [v for v in (str(self.rows.iat[i, self.rows.columns.get_loc(c)]) for c in self.date_columns) if v]

    def find(self, ref: str) -> int:
        """The position of the row a citation names: its number, or the one entry id only it holds."""
        if ref.isdigit():
            number = int(ref)
            if 1 <= number <= len(self.rows):
                return number - 1
            size = len(self.rows)
            raise ReviewbenchError(f"the {self.name} lens has no row {number} (it has {size} row"
                                   f"{'' if size == 1 else 's'}).")
        holding = [i for i, ids in enumerate(self.entries) if ref in ids]
        if len(holding) == 1:
            return holding[0]
        if not holding:
            known = sorted({e for ids in self.entries for e in ids})
            raise ReviewbenchError(f"no row of the {self.name} lens holds the entry '{ref}'"
                                   f"{did_you_mean(ref, known, aside=True)}.")
        raise ReviewbenchError(f"{len(holding)} rows of the {self.name} lens hold the entry '{ref}' (rows "
                               f"{', '.join(str(i + 1) for i in holding)}): cite one by its number instead.")


@dataclass
class LensTables:
    """Every lens of build/analysis/ that was built, and lenses.json's notes and settings."""

    tables: dict[str, LensTable]
    notes: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)      # lenses of the registry with no CSV (built before them)

    def lens(self, name: str) -> LensTable:
        table = self.tables.get(name)
        if table is None:
            lens_named(name)
            raise ReviewbenchError(f"the {name} lens was not built yet (build/analysis/ is older than it).",
                                   hint="Run 'reviewbench lenses' again.")
        return table


def _read_table(lens: Lens, path: Path, root: Path) -> LensTable:
    try:
        rows = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ReviewbenchError(f"{path.relative_to(root).as_posix()} cannot be read ({exc}).",
                               hint="Run 'reviewbench lenses' again to rebuild it.") from exc
    absent = [c for c in lens.columns if c not in rows.columns]
    if absent:
        raise ReviewbenchError(f"{path.relative_to(root).as_posix()} has no column(s) {', '.join(absent)}: it was "
                               "written by another version of reviewbench or changed by hand.",
                               hint="Run 'reviewbench lenses' again to rebuild it.")
    rows = rows[list(lens.columns)]
    columns = entry_columns(lens.columns)
    entries = []
    for values in zip(*(rows[c].tolist() for c in columns)) if columns else ((),) * len(rows):
        ids = [e for value in values for e in split_ids(value)]
        entries.append(tuple(dict.fromkeys(ids)))
    return LensTable(lens, rows.reset_index(drop=True), tuple(entries))


def read_lens_tables(build_dir: str | Path) -> LensTables:
    """The lenses under ``build_dir``/analysis/ (built by ``reviewbench lenses``); never builds them.
    No lenses.json there: a :class:`ReviewbenchError` saying what to run."""
    build = Path(build_dir)
    folder = build / ANALYSIS
    summary_path = folder / SUMMARY
    root = build.parent
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReviewbenchError(f"the lenses are not built yet (there is no build/{ANALYSIS}/{SUMMARY}).",
                               hint="Run 'reviewbench lenses' (in the workbench: Build the lenses).") from None
    except (OSError, ValueError) as exc:
        raise ReviewbenchError(f"build/{ANALYSIS}/{SUMMARY} cannot be read ({exc}).",
                               hint="Run 'reviewbench lenses' again to rebuild it.") from exc
    tables, missing = {}, []
    for lens in lenses():
        path = folder / lens.file
        if path.is_file():
            tables[lens.name] = _read_table(lens, path, root)
        else:
            missing.append(lens.name)
    notes = summary.get("notes") if isinstance(summary, dict) else None
    settings = summary.get("settings") if isinstance(summary, dict) else None
    return LensTables(tables, [str(n) for n in notes or []], dict(settings or {}), missing)
