"""The three-way merge of an edit: what the person typed, what was read, what is in the file now.

A form shows an item as it was read; the person changes some fields; meanwhile someone may edit
the file by hand (the save is then refused, and *Reload from the files* reads it again). What is
saved, and what the form shows after the reload, is the item as it is in the file now with the
fields the person changed on top: a field edited by hand is kept unless the person changed it
too, and nothing typed is lost. Plain values in, plain values out: no widgets, so every case is
tested on its own (``tests/test_workbench_merge.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class MergedEdit:
    """The outcome of :func:`merge_edit`."""

    values: dict[str, Any]          # what to save, and what the form shows after a reload
    touched: frozenset[str]         # the fields the person changed since the item was read
    conflicts: frozenset[str]       # touched fields the file changed too, to something else: the person's value is kept


def merge_edit(typed: Mapping[str, Any], read: Mapping[str, Any], now: Mapping[str, Any] | None) -> MergedEdit:
    """The item as in the file now, with the fields the person changed since it was read.

    Args:
        typed: the form's values as they are.
        read: the values the form showed when the item was read (for a new item, the empty form).
        now: the item as in the file now, or ``None`` when the file does not hold it: a new item,
            or one deleted on disk since it was read. Then what is in the form is all there is,
            and saving it creates the item (again).
    """
    touched = frozenset(key for key, value in typed.items() if value != read.get(key))
    if now is None:
        return MergedEdit(dict(typed), touched, frozenset())
    values = {**now, **{key: typed[key] for key in touched}}
    conflicts = frozenset(key for key in touched
                          if key in now and now[key] != read.get(key) and now[key] != typed[key])
    return MergedEdit(values, touched, conflicts)
