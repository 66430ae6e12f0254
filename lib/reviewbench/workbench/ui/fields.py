"""A methodology's own fields of a finding or recommendation (``method.yaml``) as widgets, and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as W

from ...methodology import FieldSpec
from .controls import _area
from .datefield import DateField


def _field_widget(spec: FieldSpec, choices: list[str]) -> W.Widget:
    """A widget for one of the methodology's own fields of a KPE, finding or recommendation."""
    if spec.kind == "choice":            # nothing chosen yet is a choice of its own: the report shows the gap
        return W.Dropdown(options=[("(not chosen yet)", "")] + [(c.label, c.id) for c in spec.choices],
                          layout=W.Layout(width="100%"))
    if spec.kind == "date":
        return DateField(name=f"The date of '{spec.label}'", width="10em")
    if spec.kind == "problem-refs":
        return W.SelectMultiple(options=[(c, c) for c in choices], rows=4, layout=W.Layout(width="100%"))
    return _area(3 if spec.kind == "list" else 4, spec.prompt or ("one per line" if spec.kind == "list" else ""))


def _field_to_widget(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "date":
        return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value))
    if spec.kind == "problem-refs":
        return tuple(value or ())
    if spec.kind == "list":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    return str(value or "")


def _field_from_widget(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "choice":
        return value or None
    if spec.kind == "problem-refs":
        return list(value)
    if spec.kind == "list":
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value
