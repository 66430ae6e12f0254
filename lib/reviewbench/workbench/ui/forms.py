"""The forms bound to one item of ``authored/``: choose an item or *New*, edit, *Save*, and *Delete*.

A save applies the fields the reviewer changed on top of the item as it is in the file now
(:func:`.merge.merge_edit`), so a refused save, *Reload from the files* and a second save lose
nothing typed and keep what someone edited by hand. The forms hold no state that matters: all
of it is in ``authored/``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import ipywidgets as W

from ...authored.models import id_list
from ..api import Workbench
from .browser import ChronologyBrowser
from .controls import ANY, _guarded, _set_options, _short, button, say
from .datefield import DateField
from .merge import MergedEdit, merge_edit


def _options(widget: W.Widget) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in widget.options]


def _normal(widget: W.Widget, value: Any) -> Any:
    """``value`` as ``widget`` would hold it (what a comparison with the widget's value needs)."""
    if isinstance(widget, W.SelectMultiple):
        offered = _options(widget)
        return tuple(v for v in (value or ()) if v in offered)
    if isinstance(widget, (W.Text, W.Textarea)):
        return "" if value is None else str(value)
    return value


class Form(ABC):
    """A form bound to one item of ``authored/``, or to a new one.

    A save applies only the fields the reviewer changed since the item was shown, on top of the
    item as it is in the file now (:func:`.merge.merge_edit`): after a refused save and *Reload*,
    a field someone edited by hand is kept, and so is everything typed in the form.
    """

    noun = "item"

    def __init__(self, workbench: Workbench):
        self.wb = workbench
        self._quiet = False
        self.inputs: dict[str, W.Widget] = {}          # filled by the subclass, then _chosen() is called
        self._baseline: dict[str, Any] = {}
        self.choose = W.Dropdown(options=self._choices(), value=ANY, layout=W.Layout(width="60%"))
        self.save = button(description=f"Save {self.noun}", button_style="primary", icon="save")
        self.message = W.HTML()
        self.choose.observe(self._chosen, names="value")
        self.save.on_click(self._save)
        workbench.on_change(self._workbench_changed)

    # what a subclass says
    @abstractmethod
    def items(self) -> list:
        """The items this form edits, as loaded."""

    @abstractmethod
    def caption(self, item) -> str:
        """How an item reads in the chooser."""

    @abstractmethod
    def values_of(self, item) -> dict[str, Any]:
        """The inputs' values for an item (None: a new one)."""

    @abstractmethod
    def submit(self, values: dict[str, Any], editing: str | None):
        """Save ``values`` as a new item, or over the item ``editing``."""

    def refresh_options(self) -> None:  # noqa: B027  a hook: lists that depend on other items (KPEs, findings)
        """Refresh the choices that depend on other items; most forms have none."""

    # the mechanics
    def _choices(self) -> list:
        return [(f"New {self.noun}", ANY)] + [(self.caption(i), i.id) for i in self.items()]

    @property
    def editing(self) -> str | None:
        return self.choose.value or None

    def item(self, item_id: str | None):
        return next((i for i in self.items() if i.id == item_id), None) if item_id else None

    def read(self) -> dict[str, Any]:
        return {k: _normal(w, w.value) for k, w in self.inputs.items()}

    def _write(self, values: dict[str, Any], keys=None) -> None:
        for key in keys if keys is not None else values:
            widget = self.inputs[key]
            value = _normal(widget, values[key])
            if isinstance(widget, (W.Dropdown, W.ToggleButtons)) and value not in _options(widget):
                continue
            widget.value = value

    def _show(self, item) -> None:
        values = self.values_of(item)
        self._write(values)
        self._baseline = self.read()

    def _chosen(self, _change=None) -> None:
        if self._quiet:
            return
        self._show(self.item(self.choose.value))
        self.message.value = ""
        self.after_choose()

    def after_choose(self) -> None:  # noqa: B027  a hook
        """Called after an item is chosen and its values shown; most forms need nothing."""

    def new(self) -> None:
        """Start a new item (what choosing "New ..." does)."""
        if self.choose.value == ANY:
            self._chosen()
        else:
            self.choose.value = ANY

    def edit(self, item_id: str) -> None:
        self.choose.value = item_id

    def _select(self, item_id: str) -> None:
        self._quiet = True
        try:
            self.choose.value = item_id
        finally:
            self._quiet = False

    def _as_shown(self, item) -> dict[str, Any]:
        """An item's values as the inputs would hold them (what a comparison with them needs)."""
        values = self.values_of(item)
        return {k: _normal(widget, values[k]) for k, widget in self.inputs.items()}

    def merge(self) -> MergedEdit:
        """What the reviewer typed, on top of the item as in the file now (see :mod:`.merge`)."""
        current = self.item(self.editing)
        return merge_edit(self.read(), self._baseline, None if current is None else self._as_shown(current))

    def _save(self, _=None) -> None:
        editing = self.editing if self.item(self.editing) is not None else None

        def action() -> str:
            for widget in self.inputs.values():
                if isinstance(widget, DateField):
                    widget.check()                     # a date typed wrong is said, never saved as no date
            saved = self.submit(self.merge().values, editing)
            self._saved = saved
            return self.saved_message(saved)
        if _guarded(self.message, action):
            self._select(self._saved.id)
            self._show(self._saved)
            self.after_choose()

    def saved_message(self, item) -> str:
        return f"Saved {self.noun} {item.id}."

    def _workbench_changed(self) -> None:
        editing = self.editing
        self._quiet = True
        try:
            _set_options(self.choose, self._choices())
            self.refresh_options()
            current = self.item(editing)
            if editing and current is None:
                self.choose.value = ANY
                self.after_lost(editing)
            elif current is not None:                  # fields not typed in: as in the file now
                merged = self.merge()
                self._write(merged.values, [k for k in self.inputs if k not in merged.touched])
                self._baseline = self._as_shown(current)
        finally:
            self._quiet = False

    def after_lost(self, item_id: str) -> None:
        say(self.message, f"{item_id} is no longer in the file (deleted by hand?); what is in the form is kept, "
                          "and saving creates it again.", ok=False)


class ItemForm(Form):
    """A KPE, finding or recommendation: an id, and a delete button that asks for a second click."""

    input_id = ""

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        self.browser = browser
        self._confirm: str | None = None
        super().__init__(workbench)
        self.id = W.Text(layout=W.Layout(width="12em"))
        self.delete = button(description="Delete", button_style="danger", icon="trash")
        self.delete.on_click(self._delete)

    def items(self) -> list:
        return getattr(self.wb, self.input_id)

    def caption(self, item) -> str:
        return f"{item.id}: {_short(getattr(item, 'title', '') or getattr(item, 'text', ''), 70)}"

    def after_choose(self) -> None:
        self._confirm = None
        self.delete.description = "Delete"
        editing = self.item(self.editing)
        self.id.disabled = editing is not None
        self.delete.disabled = editing is None
        self.id.value = editing.id if editing else self.wb.next_id(self.input_id)

    def after_lost(self, item_id: str) -> None:
        super().after_lost(item_id)
        self.id.disabled = False
        self.id.value = item_id
        self.delete.disabled = True

    def saved_message(self, item) -> str:
        return f"Saved {self.noun} {item.id} to authored/{self.input_id}.yaml."

    def _delete(self, _=None) -> None:
        item_id = self.editing
        if item_id is None:
            return
        if self._confirm != item_id:
            self._confirm = item_id
            self.delete.description = f"Click again to delete {item_id}"
            return

        def action() -> str:
            self.wb.delete(self.input_id, item_id)
            return f"Deleted {self.noun} {item_id} from authored/{self.input_id}.yaml."
        if _guarded(self.message, action):
            kept = self.message.value
            self.new()
            self.message.value = kept
        self._confirm = None
        self.delete.description = "Delete"

    def _picked_into(self, area: W.Textarea, browser: ChronologyBrowser | None) -> None:
        picked = browser.picked if browser else []
        if not picked:
            say(self.message, "Pick entries in the 'Chronology' tab first (Ctrl or Shift for several).", ok=False)
            return
        current = id_list(area.value)
        added = [e for e in picked if e not in current]
        area.value = "\n".join(current + added)
        say(self.message, f"Added {len(added)} entr{'y' if len(added) == 1 else 'ies'} picked in the browser "
                          "(not saved yet).")
