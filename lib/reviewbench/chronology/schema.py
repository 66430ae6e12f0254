"""The integrated chronology's columns and their types; the one reader and the one writer of
``build/chronology.csv``; the days each entry covers.

Every column is one of four kinds:

- ``text``: a ``str``, ``""`` when empty; written and read as it is.
- ``date``: ISO text at its precision ("2022-03-03", "2022-03", "2022"); :func:`day_spans` (through
  :func:`reviewbench.dates.date_span`) gives the days it covers.
- ``boolean`` (``in_scope``): a ``bool`` in the frame, ``True``/``False`` in the CSV. Read back,
  ``true`` or ``false`` in any letter case (Excel saves ``TRUE``/``FALSE``), spaces around ignored;
  anything else, a blank too, is refused naming the file, the line and the value.
- ``list`` (``with``, ``flags``): the items joined by ``"; "``, in the frame as in the CSV (the
  column contract of ARCHITECTURE.md and the README); :func:`split_list` gives the items.

The frame the merge builds, the frame the reader returns and a frame made by hand (a test, a
notebook) all pass through :func:`typed`, so they have the same columns, in the same order, with
the same types.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..dates import date_span, date_to_day, span_precision
from ..errors import ReviewbenchError

TEXT, DATE, BOOLEAN, LIST = "text", "date", "boolean", "list"
LIST_SEPARATOR = "; "
NO_DAY = np.iinfo(np.int64).min              # the day number of an entry with no usable date
_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str                # text | date | boolean | list
    meaning: str


# build/chronology.* in order: ARCHITECTURE.md section 4, and our additions (end_date, event_kind,
# source, with, child_seen, and ``other``: "Heading: value" lines of any submission column that maps
# to no canonical key, so that nothing an agency wrote is lost), then the columns of
# SEEN_AND_ATTENDANCE, added last so that a file written by position before them still lines up.
COLUMNS = (
    Column("entry_id", TEXT, "agency code and a hash of the entry's content, stable across runs"),
    Column("date", DATE, "ISO date, or yyyy-mm / yyyy"),
    Column("date_precision", TEXT, "day, month or year"),
    Column("time", TEXT, "HH:MM when known"),
    Column("end_date", DATE, "end of an episode"),
    Column("agency", TEXT, "canonical agency name"),
    Column("event_type", TEXT, "the agency's own words"),
    Column("event_kind", TEXT, "the kind reviewbench classified it as"),
    Column("description", TEXT, "as written by the agency"),
    Column("outcome", TEXT, "as written by the agency"),
    Column("practitioner_role", TEXT, "as written by the agency"),
    Column("source", TEXT, "source of the information, as written by the agency"),
    Column("with", LIST, "other agencies involved, canonical names"),
    Column("child_seen", TEXT, "as written by the agency"),
    Column("source_file", TEXT, "the submission, relative to the review folder"),
    Column("source_location", TEXT, "the sheet or table and row in it"),
    Column("in_scope", BOOLEAN, "inside the review's scope (partial dates: if any day overlaps)"),
    Column("joint_event_id", TEXT, "shared by the entries of one event several agencies reported"),
    Column("flags", LIST, "out_of_scope, date_month_only, duplicate, joint_event, date_conflict..."),
    Column("other", TEXT, "submission columns that map to no key, as 'Heading: value' lines"),
    Column("seen_alone", TEXT, "as written by the agency"),
    Column("present", TEXT, "who was present, as written by the agency"),
    Column("attendance", TEXT, "the child's attendance at school or nursery, as written (\"94%\", \"absent\")"),
    Column("meeting_attendance", TEXT, "how the agency took part in a meeting, as written (attended, report only...)"),
)
CHRONOLOGY_COLUMNS = tuple(c.name for c in COLUMNS)
# Added in issue 12: a chronology.csv built before them is still read (the columns come back empty).
SEEN_AND_ATTENDANCE = ("seen_alone", "present", "attendance", "meeting_attendance")
KIND = {c.name: c.kind for c in COLUMNS}
REQUIRED_TO_ANALYSE = ("entry_id", "date", "agency")     # a hand-made frame needs at least these


def split_list(value: str) -> list[str]:
    """The items of a list column ("Police; School" -> ["Police", "School"]); blanks dropped."""
    return [item for item in (part.strip() for part in str(value).split(";")) if item]


def join_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


def with_item(values: Iterable[str], mask: Iterable[bool], item: str) -> list[str]:
    """List-column texts with ``item`` added at the end of each where ``mask`` is true."""
    return [(f"{value}{LIST_SEPARATOR}{item}" if value else item) if add else value
            for value, add in zip(values, mask)]


def _is_text(values: pd.Series) -> bool:
    """Every value a str (what the reader gives): then a column is used as it is, without a copy."""
    if not isinstance(values.dtype, pd.StringDtype) and pd.api.types.infer_dtype(values) not in ("string", "empty"):
        return False                   # (a string column holds nothing but text, or missing values)
    return not values.isna().any()


def distinct_values(values: pd.Series) -> tuple[np.ndarray, list]:
    """Each row's position among the column's distinct values, and those values (in order of first
    appearance): a writer works out each distinct value once. Only a text or boolean column is
    folded; in any other, values pandas would count as one (None and NaN, 1 and True) may be written
    differently, so every row stands for itself."""
    if values.dtype == bool or _is_text(values):
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return np.asarray(codes), uniques.tolist()
    return np.arange(len(values)), values.tolist()


def _as_text(values: pd.Series) -> pd.Series:
    return values if _is_text(values) else values.fillna("").astype(str)


def _as_list_text(values: pd.Series) -> pd.Series:
    if _is_text(values):
        return values
    return values.map(lambda v: join_list(str(i) for i in v) if isinstance(v, (list, tuple))
                      else "" if v is None or v != v else str(v))


def _boolean(value: object) -> bool | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return _BOOLEANS.get(str(value).strip().lower())


def _as_boolean(values: pd.Series, where: str, file: str | None, place) -> pd.Series:
    if values.dtype == bool:
        return values
    codes, uniques = pd.factorize(values, use_na_sentinel=False)      # a handful of distinct values
    meaning = [_boolean(u) for u in uniques]
    bad = np.flatnonzero(np.isin(codes, [i for i, m in enumerate(meaning) if m is None]))
    if len(bad):
        location = place(int(bad[0]))
        others = f" ({len(bad) - 1} more row(s) like it)" if len(bad) > 1 else ""
        raise ReviewbenchError(f"the in_scope column holds {values.iloc[bad[0]]!r}, which is neither true nor false"
                               f"{others}.", where=f"{where} ({location})", file=file, location=location,
                               key="in_scope", hint="Write true or false (any letter case) in every row, or "
                                                    "rebuild the chronology with 'reviewbench ingest'.")
    return pd.Series(np.array(meaning, dtype=bool)[codes] if len(codes) else np.zeros(0, dtype=bool),
                     index=values.index)


def typed(frame: pd.DataFrame, where: str = "the chronology", *, required: Sequence[str] = CHRONOLOGY_COLUMNS,
          columns: Sequence[str] = CHRONOLOGY_COLUMNS, lines: bool = False) -> pd.DataFrame:
    """``frame`` as the schema has it: ``columns`` in schema order, each of its kind, a fresh index.

    A column of ``required`` that is missing is an error naming ``where``; another missing column is
    empty (``in_scope``: True, everything counts). Other columns are left out. ``lines``: the frame
    was read from the CSV file ``where``, so a bad value is named by its line (the header is line 1).
    """
    file = where if lines else None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ReviewbenchError(f"is not a reviewbench chronology (no column {', '.join(missing)}).", where=where,
                               file=file, key=missing[0], hint="Run 'reviewbench ingest' to rebuild it.")
    place = (lambda i: f"line {i + 2}") if lines else (lambda i: f"row {i + 1}")
    index = pd.RangeIndex(len(frame))
    out = {}
    for name in (c for c in CHRONOLOGY_COLUMNS if c in columns):
        if name not in frame.columns:
            out[name] = pd.Series(True if KIND[name] == BOOLEAN else "", index=index)
            continue
        values = frame[name].set_axis(index)
        kind = KIND[name]
        if kind == BOOLEAN:
            values = _as_boolean(values, where, file, place)
        elif kind == LIST:
            values = _as_list_text(values)
        else:
            values = _as_text(values)
        out[name] = values
    return pd.DataFrame(out, index=index)


def read_chronology(path: str | Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``build/chronology.csv`` (or any file of its columns) as a typed frame (see the module's doc).

    ``columns``: only these (entry ids for a check, say), which is quicker on a large chronology.
    """
    wanted = list(columns or CHRONOLOGY_COLUMNS)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=lambda c: c in wanted)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ReviewbenchError(f"cannot be read as a chronology ({exc}).", where=str(path), file=str(path),
                               hint="Run 'reviewbench ingest' to rebuild it.") from exc
    required = [c for c in wanted if c not in SEEN_AND_ATTENDANCE]
    return typed(frame, str(path), required=required, columns=wanted, lines=True)


def write_chronology(frame: pd.DataFrame, path: Path) -> None:
    """The canonical record: UTF-8, "\\n" line ends, the schema's columns in order, exact text,
    ``True``/``False`` for a boolean (pandas' ``to_csv``, whose file this is byte for byte).

    A typed frame's columns go straight to the csv module, which pandas would call with the same
    dialect after converting every value; anything else is left to pandas."""
    columns = [frame[name] for name in CHRONOLOGY_COLUMNS]
    cells = [_csv_cells(values) for values in columns]
    if any(c is None for c in cells):
        frame.to_csv(path, columns=list(CHRONOLOGY_COLUMNS), index=False, encoding="utf-8", lineterminator="\n")
        return
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n", delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                            doublequote=True)
        writer.writerow(CHRONOLOGY_COLUMNS)
        writer.writerows(zip(*cells))


def _csv_cells(values: pd.Series) -> list[str] | None:
    """A column's cells as the CSV has them, or None for a column that is not plain text or booleans."""
    if values.dtype == bool:
        return np.array(["False", "True"], dtype=object)[values.to_numpy().astype(np.intp)].tolist()
    return values.tolist() if _is_text(values) else None


def day_spans(dates: pd.Series, precision: pd.Series | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First and last day number (days since 1970-01-01) each date covers, and the precision used
    (:func:`reviewbench.dates.date_span`, worked out once per distinct value); :data:`NO_DAY` and
    "" for an entry with no usable date."""
    date_codes, isos = pd.factorize(dates, use_na_sentinel=False)
    if precision is None:
        precision_codes, stated = np.zeros(len(dates), dtype=np.int64), np.array([""], dtype=object)
    else:
        precision_codes, stated = pd.factorize(precision, use_na_sentinel=False)
    codes, pairs = pd.factorize(date_codes * len(stated) + precision_codes)
    first = np.full(len(pairs), NO_DAY, dtype=np.int64)
    last = np.full(len(pairs), NO_DAY, dtype=np.int64)
    used = np.full(len(pairs), "", dtype=object)
    for i, pair in enumerate(pairs.tolist()):
        span = date_span(str(isos[pair // len(stated)]), str(stated[pair % len(stated)]))
        if span is not None:
            first[i], last[i] = date_to_day(span[0]), date_to_day(span[1])
            used[i] = span_precision(span)
    return first[codes], last[codes], used[codes]
