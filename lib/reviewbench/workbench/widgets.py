"""The workbench in JupyterLab (ipywidgets): chronology browser, tagging and the authoring forms.

Every control calls the :class:`~reviewbench.workbench.api.Workbench` API and shows its answer
next to the button that was pressed: "Saved ..." or the reason nothing was saved (a change
made to the file by hand, a name in a contribution, an unknown id). A refused save leaves
everything typed in the form, so the reviewer presses *Reload from the files* and saves again
without retyping. The widgets hold no state that matters: all of it is in ``authored/``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, Callable

import ipywidgets as W
import numpy as np

from ..errors import ReviewbenchError
from ..methodology import FieldSpec
from .api import Workbench, _ids
from .filters import PAGE_SIZES, esc, page_bounds
from .tags import SIGNIFICANCE

ANY, IN_ANY, IN_NONE = "", "__any__", "__none__"
WIDE = W.Layout(width="98%")


def say(target: W.HTML, text: str, ok: bool = True) -> None:
    """A message next to the button pressed: green when done, a red box when refused."""
    first = text.split(" ", 1)[0]
    if "/" not in first and "." not in first.rstrip(".,;:"):
        text = text[:1].upper() + text[1:]             # a sentence, unless it starts with a file name
    if ok:
        target.value = f"<div style='color:#1b5e20;padding:2px 0'>{esc(text)}</div>"
    else:
        target.value = (f"<div style='color:#8b0000;background:#fdecea;border:1px solid #e6a19a;padding:6px 8px;"
                        f"margin:2px 0'><b>Not saved.</b> {esc(text)}</div>")


def _guarded(target: W.HTML, action: Callable[[], str]) -> bool:
    """Run ``action``; show its result or the sentence of the problem it raised."""
    try:
        text = action()
    except ReviewbenchError as exc:
        say(target, str(exc), ok=False)
        return False
    say(target, text)
    return True


def _set_options(widget, options: list, keep: Any = None) -> None:
    """New options for a selection widget, keeping the current value(s) that are still offered."""
    values = [v for _, v in options]
    current = widget.value if keep is None else keep
    widget.options = options
    if isinstance(widget, W.SelectMultiple):
        widget.value = tuple(v for v in (current or ()) if v in values)
    elif current in values:
        widget.value = current


def _label(text: str, width: str = "9em") -> W.HTML:
    return W.HTML(f"<b>{esc(text)}</b>", layout=W.Layout(width=width))


def _row(label: str, widget: W.Widget, width: str = "9em") -> W.HBox:
    return W.HBox([_label(label, width), widget])


def _area(rows: int = 3, placeholder: str = "") -> W.Textarea:
    return W.Textarea(rows=rows, placeholder=placeholder, layout=W.Layout(width="100%"))


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- chronology browser --------------------------------------------------------------------------

class ChronologyBrowser:
    """Filters, a paged table, the detail of an entry, tagging, KPE membership and the swimlane."""

    def __init__(self, workbench: Workbench):
        self.wb = workbench
        self.page = 0
        self.positions = np.arange(0)
        self._quiet = False
        wb = workbench

        # filters
        self.agency = W.SelectMultiple(options=self._agency_options(), rows=6, layout=W.Layout(width="21em"))
        self.start = W.DatePicker(description="From", layout=W.Layout(width="18em"))
        self.end = W.DatePicker(description="To", layout=W.Layout(width="18em"))
        counts = wb.chronology["event_kind"].value_counts()
        self.kind = W.Dropdown(description="Kind", layout=W.Layout(width="21em"), options=[("any kind", ANY)] + [
            (f"{k.replace('-', ' ')} ({counts.get(k, 0)})", k) for k in wb.index.kinds])
        self.kpe = W.Dropdown(description="KPE", layout=W.Layout(width="21em"), options=self._kpe_filter_options())
        self.tag = W.Dropdown(description="Tag", layout=W.Layout(width="21em"), options=self._tag_options())
        self.joint = W.Dropdown(description="Joint", layout=W.Layout(width="21em"), options=[
            ("all entries", ANY), ("joint events only", "yes"), ("no joint events", "no")])
        self.in_scope = W.Checkbox(description="in the review's scope only", value=False, indent=False)
        self.text = W.Text(description="Text", placeholder="words to find (all must appear)",
                           layout=W.Layout(width="30em"))
        self.pseudonymised = W.Checkbox(description="pseudonymised names", value=False, indent=False)
        self.clear = W.Button(description="Clear filters", icon="times")
        self.filter_message = W.HTML()

        # table and pages
        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.previous = W.Button(description="Previous", icon="chevron-left", layout=W.Layout(width="8em"))
        self.next = W.Button(description="Next", icon="chevron-right", layout=W.Layout(width="8em"))
        self.page_size = W.Dropdown(options=list(PAGE_SIZES), value=PAGE_SIZES[0], description="Per page",
                                    layout=W.Layout(width="11em"))

        # picking and detail
        self.picker = W.SelectMultiple(options=[], rows=8, layout=W.Layout(width="100%"))
        self.detail = W.HTML("<i>Pick an entry to see its detail.</i>")

        # tagging (the first picked entry)
        self.tagging_for = W.HTML()
        self.significance = {key: W.Checkbox(description=label, value=False, indent=False,
                                             layout=W.Layout(width="9em")) for key, label in SIGNIFICANCE.items()}
        self.themes = W.SelectMultiple(options=self._theme_options(), rows=7, layout=W.Layout(width="100%"))
        self.note = _area(3, "The reviewer's note on this entry")
        self.save_tags = W.Button(description="Save tags", button_style="primary", icon="save")
        self.tags_message = W.HTML()

        # KPE membership (every picked entry)
        self.kpe_target = W.Dropdown(options=self._kpe_options(), layout=W.Layout(width="100%"))
        self.add_to_kpe = W.Button(description="Add picked entries", icon="plus", layout=W.Layout(width="14em"))
        self.remove_from_kpe = W.Button(description="Remove picked entries", icon="minus",
                                        layout=W.Layout(width="14em"))
        self.kpe_message = W.HTML()

        # swimlane
        self.draw = W.Button(description="Draw the swimlane of the filtered entries", icon="chart-line",
                             layout=W.Layout(width="24em"))
        self.swimlane = W.Image(format="png", layout=W.Layout(max_width="100%", display="none"))
        self.swimlane_message = W.HTML()

        for control in (self.agency, self.start, self.end, self.kind, self.kpe, self.tag, self.joint, self.in_scope,
                        self.text):
            control.observe(self._filters_changed, names="value")
        self.pseudonymised.observe(lambda _: self.draw_page(), names="value")
        self.page_size.observe(self._filters_changed, names="value")
        self.clear.on_click(self._clear)
        self.previous.on_click(lambda _: self.go(self.page - 1))
        self.next.on_click(lambda _: self.go(self.page + 1))
        self.picker.observe(self._picked, names="value")
        self.save_tags.on_click(self._save_tags)
        self.add_to_kpe.on_click(lambda _: self._kpe_membership(add=True))
        self.remove_from_kpe.on_click(lambda _: self._kpe_membership(add=False))
        self.draw.on_click(self._draw_swimlane)
        wb.on_change(self._workbench_changed)

        filters = W.HBox([
            W.VBox([_label("Agencies", "100%"), self.agency]),
            W.VBox([self.start, self.end, self.joint, self.in_scope]),
            W.VBox([self.kind, self.kpe, self.tag]),
            W.VBox([self.text, W.HBox([self.clear, self.pseudonymised]), self.filter_message]),
        ], layout=W.Layout(flex_flow="row wrap", justify_content="space-between"))
        pager = W.HBox([self.previous, self.next, self.page_size])
        side = W.VBox([
            W.HTML("<b>Pick entries of this page</b> (Ctrl or Shift for several)"), self.picker, self.detail,
            W.HTML("<hr style='margin:6px 0'><b>Tags</b>"), self.tagging_for,
            W.HBox(list(self.significance.values())), W.HTML("Themes (Ctrl or Shift for several)"), self.themes,
            self.note, self.save_tags, self.tags_message,
            W.HTML("<hr style='margin:6px 0'><b>Key practice episode</b> of the picked entries"), self.kpe_target,
            W.HBox([self.add_to_kpe, self.remove_from_kpe]), self.kpe_message,
            W.HTML("<small>To start a new KPE, open the <i>KPEs</i> tab: it takes the entries "
                   "picked here.</small>"),
        ], layout=W.Layout(width="36%", padding="0 0 0 12px"))
        self.widget = W.VBox([
            filters, pager,
            W.HBox([W.VBox([self.table], layout=W.Layout(width="64%")), side]),
            W.VBox([self.draw, self.swimlane_message, self.swimlane]),
        ])
        self.refresh()
        self._load_tags(None)

    # -- options ---------------------------------------------------------------------------------
    def _agency_options(self) -> list:
        counts = self.wb.chronology["agency"].value_counts()
        names = [a.name for a in self.wb.review.agencies]
        names += [a for a in self.wb.index.agencies if a not in names]
        return [(f"{name} ({counts.get(name, 0)})", name) for name in names]

    def _kpe_filter_options(self) -> list:
        return [("any", ANY), ("in any KPE", IN_ANY), ("in no KPE", IN_NONE)] + self._kpe_options()

    def _kpe_options(self) -> list:
        return [(f"{k.id}: {_short(k.title)}", k.id) for k in self.wb.kpes]

    def _tag_options(self) -> list:
        return ([("any", ANY), ("any tag", "any")] + [(label, key) for key, label in SIGNIFICANCE.items()]
                + [("has a note", "note")] + self._theme_options())

    def _theme_options(self) -> list:
        return [(_short(t.caption, 70), t.id) for t in self.wb.themes.themes.values()]

    # -- filtering and pages ------------------------------------------------------------------------
    def criteria_values(self) -> dict[str, Any]:
        """The filter widgets as arguments of ``Workbench.filter``."""
        kpe = {ANY: None, IN_ANY: True, IN_NONE: False}.get(self.kpe.value, self.kpe.value)
        return {"agency": list(self.agency.value) or None, "start": self.start.value, "end": self.end.value,
                "text": self.text.value, "kind": self.kind.value or None, "kpe": kpe, "tag": self.tag.value or None,
                "joint": {ANY: None, "yes": True, "no": False}[self.joint.value],
                "in_scope": True if self.in_scope.value else None}

    def _filters_changed(self, _change=None) -> None:
        if not self._quiet:
            self.page = 0
            self.refresh()

    def refresh(self) -> None:
        """Filter again and draw the current page."""
        try:
            criteria = self.wb.criteria(**self.criteria_values())
        except ReviewbenchError as exc:
            self.filter_message.value = f"<span style='color:#8b0000'>{esc(str(exc))}</span>"
            return
        self.filter_message.value = ""
        self.positions = self.wb.positions(criteria)
        self.draw_page()

    def go(self, page: int) -> None:
        self.page = page
        self.draw_page()

    def draw_page(self) -> None:
        total, size = len(self.positions), self.page_size.value
        self.page, first, last = page_bounds(total, self.page, size)
        self.table.value = self.wb.page_html(self.positions, self.page, size,
                                             pseudonymised=self.pseudonymised.value)
        self.previous.disabled = self.page == 0
        self.next.disabled = last >= total
        rows = self.wb.chronology.iloc[self.positions[first:last]]
        options = [(f"{e}  {d}  {a}  {_short(t or k, 40)}", e) for e, d, a, t, k in zip(
            rows["entry_id"].tolist(), rows["date"].tolist(), rows["agency"].tolist(), rows["event_type"].tolist(),
            rows["event_kind"].tolist())]
        kept = [e for e in self.picker.value if e in {v for _, v in options}]
        self._quiet = True
        try:
            self.picker.options = options
            self.picker.value = tuple(kept)
        finally:
            self._quiet = False
        self._show_detail()

    def _clear(self, _=None) -> None:
        self._quiet = True
        try:
            self.agency.value = ()
            self.start.value = self.end.value = None
            self.kind.value = self.kpe.value = self.tag.value = self.joint.value = ANY
            self.in_scope.value = False
            self.text.value = ""
        finally:
            self._quiet = False
        self.page = 0
        self.refresh()

    # -- picking -------------------------------------------------------------------------------------
    @property
    def picked(self) -> list[str]:
        return list(self.picker.value)

    @property
    def current(self) -> str | None:
        return self.picker.value[0] if self.picker.value else None

    def pick(self, *entry_ids: str) -> None:
        """Pick entries of the current page (what a click in the list does)."""
        self.picker.value = tuple(entry_ids)

    def _picked(self, _change=None) -> None:
        if self._quiet:
            return
        self._show_detail()
        self._load_tags(self.current)

    def _show_detail(self) -> None:
        current = self.current
        if current is None:
            self.detail.value = "<i>Pick an entry below the table to see its detail, its source and its tags.</i>"
        else:
            self.detail.value = self.wb.entry_html(current, pseudonymised=self.pseudonymised.value)

    # -- tagging ---------------------------------------------------------------------------------
    def _load_tags(self, entry_id: str | None) -> None:
        disabled = entry_id is None
        tags = self.wb.tags_of(entry_id) if entry_id else None
        for key, box in self.significance.items():
            box.value = bool(tags and key in tags.significance)
            box.disabled = disabled
        self.themes.value = tuple(t for t in (tags.themes if tags else []) if t in self.wb.themes.themes)
        self.note.value = tags.note if tags else ""
        self.themes.disabled = self.note.disabled = self.save_tags.disabled = disabled
        self.tagging_for.value = ("<i>Pick an entry to tag it.</i>" if disabled
                                  else f"Tags of <b>{esc(entry_id)}</b> (the first entry picked)")
        self.tags_message.value = ""

    def _save_tags(self, _=None) -> None:
        entry_id = self.current
        if entry_id is None:
            say(self.tags_message, "Pick an entry first.", ok=False)
            return

        def action() -> str:
            self.wb.tag(entry_id, significance=[k for k, box in self.significance.items() if box.value],
                        themes=list(self.themes.value), note=self.note.value)
            return f"Saved the tags of {entry_id} to authored/tags.yaml."
        _guarded(self.tags_message, action)                # the workbench's change listener redraws the page

    def _kpe_membership(self, add: bool) -> None:
        kpe_id, picked = self.kpe_target.value, self.picked

        def action() -> str:
            if not kpe_id:
                raise ReviewbenchError("there is no KPE yet: create one in the Key practice episodes tab.")
            if not picked:
                raise ReviewbenchError("pick one or more entries first.")
            kpe = (self.wb.add_to_kpe if add else self.wb.remove_from_kpe)(kpe_id, picked)
            return (f"{'Added' if add else 'Removed'} {len(picked)} entr{'y' if len(picked) == 1 else 'ies'} "
                    f"{'to' if add else 'from'} {kpe_id}, which now has {len(kpe.entries)} "
                    "(saved to authored/kpes.yaml).")
        _guarded(self.kpe_message, action)

    # -- swimlane ----------------------------------------------------------------------------------
    def _draw_swimlane(self, _=None) -> None:
        values = self.criteria_values()
        entries = self.wb.chronology.iloc[self.positions]
        try:
            self.swimlane.value = self.wb.swimlane_png(entries, values["start"], values["end"])
        except ReviewbenchError as exc:
            say(self.swimlane_message, str(exc), ok=False)
            return
        self.swimlane.layout.display = None
        self.swimlane_message.value = (f"<small>{len(entries):,} entries filtered; the swimlane draws those inside "
                                       "the review's scope.</small>")

    # -- after a save or a reload ----------------------------------------------------------------------
    def _workbench_changed(self) -> None:
        self._quiet = True
        try:
            _set_options(self.kpe, self._kpe_filter_options())
            _set_options(self.kpe_target, self._kpe_options())
            _set_options(self.tag, self._tag_options())
            _set_options(self.themes, self._theme_options())
        finally:
            self._quiet = False
        self.refresh()


# -- authoring forms ---------------------------------------------------------------------------------

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


def _field_widget(spec: FieldSpec, choices: list[str]) -> W.Widget:
    """A widget for one of the methodology's own fields of a finding or recommendation."""
    if spec.kind == "date":
        return W.DatePicker()
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
    if spec.kind == "problem-refs":
        return list(value)
    if spec.kind == "list":
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


class _Form(ABC):
    """A form bound to one item of ``authored/``, or to a new one.

    A save applies only the fields the reviewer changed since the item was shown, on top of the
    item as it is in the file now: after a refused save and *Reload*, a field someone edited by
    hand is kept, and so is everything typed in the form.
    """

    noun = "item"

    def __init__(self, workbench: Workbench):
        self.wb = workbench
        self._quiet = False
        self.inputs: dict[str, W.Widget] = {}          # filled by the subclass, then _chosen() is called
        self._baseline: dict[str, Any] = {}
        self.choose = W.Dropdown(options=self._choices(), value=ANY, layout=W.Layout(width="60%"))
        self.save = W.Button(description=f"Save {self.noun}", button_style="primary", icon="save")
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

    def refresh_options(self) -> None:                 # lists that depend on other items (KPEs, findings)
        pass

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

    def after_choose(self) -> None:
        pass

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

    def merged(self) -> dict[str, Any]:
        """The item as in the file now, with the fields the reviewer changed."""
        typed = self.read()
        current = self.item(self.editing)
        if current is None:
            return typed
        values = {k: _normal(self.inputs[k], v) for k, v in self.values_of(current).items()}
        values.update({k: v for k, v in typed.items() if v != self._baseline.get(k)})
        return values

    def _save(self, _=None) -> None:
        editing = self.editing if self.item(self.editing) is not None else None

        def action() -> str:
            saved = self.submit(self.merged(), editing)
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
            elif current is not None:
                fresh = self.values_of(current)
                typed = self.read()
                untouched = [k for k in self.inputs if typed[k] == self._baseline.get(k)]
                self._write(fresh, untouched)
                self._baseline = {k: _normal(self.inputs[k], fresh[k]) for k in self.inputs}
        finally:
            self._quiet = False

    def after_lost(self, item_id: str) -> None:
        say(self.message, f"{item_id} is no longer in the file (deleted by hand?); what is in the form is kept, "
                          "and saving creates it again.", ok=False)

    def _picked_into(self, area: W.Textarea, browser: ChronologyBrowser | None) -> None:
        picked = browser.picked if browser else []
        if not picked:
            say(self.message, "Pick entries in the Chronology tab first (Ctrl or Shift for several).", ok=False)
            return
        current = _ids(area.value)
        added = [e for e in picked if e not in current]
        area.value = "\n".join(current + added)
        say(self.message, f"Added {len(added)} entr{'y' if len(added) == 1 else 'ies'} picked in the browser "
                          "(not saved yet).")


class _ItemForm(_Form):
    """A KPE, finding or recommendation: an id, and a delete button that asks for a second click."""

    input_id = ""

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        self.browser = browser
        self._confirm: str | None = None
        super().__init__(workbench)
        self.id = W.Text(layout=W.Layout(width="12em"))
        self.delete = W.Button(description="Delete", button_style="danger", icon="trash")
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


class KPEForm(_ItemForm):
    noun = "KPE"
    input_id = "kpes"
    TEXTS = ("description", "appraisal", "explanation")

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        self.title = W.Text(layout=WIDE)
        self.start = W.DatePicker()
        self.end = W.DatePicker()
        self.entries = _area(5, "entry ids, one per line")
        self.add_picked = W.Button(description="Add the entries picked in the browser", icon="plus",
                                   layout=W.Layout(width="22em"))
        self.description = _area(3, "What happened in this episode")
        self.appraisal = _area(4, "Appraisal of practice: how adequate was it, against what was known at the time?")
        self.explanation = _area(4, "Explanation: why did it make sense to the people doing it at the time?")
        self.inputs = {"title": self.title, "start": self.start, "end": self.end, "entries": self.entries,
                       **{name: getattr(self, name) for name in self.TEXTS}}
        self.add_picked.on_click(lambda _: self._picked_into(self.entries, self.browser))
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Title", self.title),
            _row("Period", W.HBox([self.start, W.HTML("&nbsp;to&nbsp;"), self.end,
                                   W.HTML("<small>&nbsp;empty: the dates of its entries</small>")])),
            _row("Entries", W.VBox([self.entries, self.add_picked], layout=WIDE)),
            _row("Description", self.description), _row("Appraisal", self.appraisal),
            _row("Explanation", self.explanation), W.HBox([self.save, self.delete]), self.message,
        ])
        self._chosen()

    def values_of(self, item) -> dict[str, Any]:
        return {"title": item.title if item else "", "start": item.start if item else None,
                "end": item.end if item else None, "entries": "\n".join(item.entries) if item else "",
                **{name: getattr(item, name) if item else "" for name in self.TEXTS}}

    def submit(self, values: dict[str, Any], editing: str | None):
        return self.wb.add_kpe(editing or self.id.value.strip(), values["title"], _ids(values["entries"]),
                               start=values["start"], end=values["end"],
                               **{name: values[name] for name in self.TEXTS}, replace=editing is not None)


class FindingForm(_ItemForm):
    noun = "finding"
    input_id = "findings"

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        typology = workbench.methodology.typology
        self.title = W.Text(layout=WIDE)
        self.category = W.Dropdown(options=[(c.label, c.id) for c in typology.categories], layout=WIDE)
        self.statement = _area(3, "The finding, stated so it applies beyond this case")
        self.evidence_kpes = W.SelectMultiple(options=self._kpe_choices(), rows=4, layout=WIDE)
        self.evidence = _area(4, "entry ids, one per line")
        self.add_picked = W.Button(description="Add the entries picked in the browser", icon="plus",
                                   layout=W.Layout(width="22em"))
        self.add_picked.on_click(lambda _: self._picked_into(self.evidence, self.browser))
        self.specs = dict(workbench.methodology.findings.fields)
        self.fields = {key: _field_widget(spec, self._problem_ids()) for key, spec in self.specs.items()}
        self.inputs = {"title": self.title, "category": self.category, "statement": self.statement,
                       "evidence_kpes": self.evidence_kpes, "evidence": self.evidence,
                       **{f"field:{key}": widget for key, widget in self.fields.items()}}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Title", self.title),
            _row(typology.label, self.category), _row("Statement", self.statement),
            _row("Evidence: KPEs", self.evidence_kpes),
            _row("Evidence: entries", W.VBox([self.evidence, self.add_picked], layout=WIDE)),
            *[_row(spec.label, self.fields[key]) for key, spec in self.specs.items()],
            W.HBox([self.save, self.delete]), self.message,
        ])
        self._chosen()

    def _kpe_choices(self) -> list:
        return [(f"{k.id}: {_short(k.title)}", k.id) for k in self.wb.kpes]

    def _problem_ids(self) -> list[str]:
        return [p.id for p in self.wb.authored.problems] if self.wb.authored else []

    def refresh_options(self) -> None:
        _set_options(self.evidence_kpes, self._kpe_choices())
        for key, spec in self.specs.items():
            if spec.kind == "problem-refs":
                _set_options(self.fields[key], [(p, p) for p in self._problem_ids()])

    def values_of(self, item) -> dict[str, Any]:
        kpe_ids = {k.id for k in self.wb.kpes}
        evidence = list(item.evidence) if item else []
        extra = item.extra if item else {}
        category = item.category if item else self.wb.methodology.typology.ids[0]
        return {"title": item.title if item else "", "category": category,
                "statement": item.statement if item else "",
                "evidence_kpes": tuple(e for e in evidence if e in kpe_ids),
                "evidence": "\n".join(e for e in evidence if e not in kpe_ids),
                **{f"field:{key}": _field_to_widget(spec, extra.get(key)) for key, spec in self.specs.items()}}

    def submit(self, values: dict[str, Any], editing: str | None):
        fields = {key: _field_from_widget(spec, values[f"field:{key}"]) for key, spec in self.specs.items()}
        evidence = list(values["evidence_kpes"]) + _ids(values["evidence"])
        return self.wb.add_finding(editing or self.id.value.strip(), values["title"], values["category"],
                                   values["statement"], evidence, replace=editing is not None, **fields)


class RecommendationForm(_ItemForm):
    noun = "recommendation"
    input_id = "recommendations"

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        self.text = _area(3, "What should be done")
        self.findings = W.SelectMultiple(options=self._finding_choices(), rows=5, layout=WIDE)
        self.owner = W.Text(placeholder="who is responsible (a role or a body, not a person's name)", layout=WIDE)
        self.due = W.DatePicker()
        self.specs = dict(workbench.methodology.recommendations.fields)
        self.fields = {key: _field_widget(spec, []) for key, spec in self.specs.items()}
        self.inputs = {"text": self.text, "findings": self.findings, "owner": self.owner, "due": self.due,
                       **{f"field:{key}": widget for key, widget in self.fields.items()}}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Recommendation", self.text),
            _row("From findings", self.findings), _row("Owner", self.owner), _row("Due", self.due),
            *[_row(spec.label, self.fields[key]) for key, spec in self.specs.items()],
            W.HBox([self.save, self.delete]), self.message,
        ])
        self._chosen()

    def _finding_choices(self) -> list:
        return [(f"{f.id}: {_short(f.title)}", f.id) for f in self.wb.findings]

    def refresh_options(self) -> None:
        _set_options(self.findings, self._finding_choices())

    def values_of(self, item) -> dict[str, Any]:
        extra = item.extra if item else {}
        return {"text": item.text if item else "", "findings": tuple(item.findings) if item else (),
                "owner": item.owner if item else "", "due": item.due if item else None,
                **{f"field:{key}": _field_to_widget(spec, extra.get(key)) for key, spec in self.specs.items()}}

    def submit(self, values: dict[str, Any], editing: str | None):
        fields = {key: _field_from_widget(spec, values[f"field:{key}"]) for key, spec in self.specs.items()}
        return self.wb.add_recommendation(editing or self.id.value.strip(), values["text"], list(values["findings"]),
                                          values["owner"], values["due"], replace=editing is not None, **fields)


class ContributionForm(_Form):
    """What a practitioner or the family said, recorded by role: there is no name field, on purpose."""

    noun = "contribution"

    def __init__(self, workbench: Workbench):
        super().__init__(workbench)
        self.kind = W.ToggleButtons(options=[("Practitioner", "practitioner"), ("Family", "family")])
        self.role = W.Text(placeholder="a role, never a name: e.g. Health visitor (HV1), Maternal grandmother",
                           layout=WIDE)
        self.title = W.Text(placeholder="optional, e.g. Conversation with the review team", layout=WIDE)
        self.kpe = W.Dropdown(options=self._kpe_choices(), layout=WIDE)
        self.text = _area(8, "What was said, in their words")
        self.inputs = {"kind": self.kind, "role": self.role, "title": self.title, "kpe": self.kpe, "text": self.text}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Who", self.kind), _row("Role", self.role), _row("Title", self.title),
            _row("About KPE", self.kpe), _row("What was said", self.text), self.save, self.message,
            W.HTML("<small>Contributions are recorded by role, never by name; any form of a person or place in "
                   "the names register (private/names.yaml) is refused. Each is saved as authored/contributions/&lt;id&gt;.md."
                   "</small>"),
        ])
        self._chosen()

    def items(self) -> list:
        return self.wb.contributions

    def caption(self, item) -> str:
        return f"{item.id}: {item.role}" + (f" ({item.kpe})" if item.kpe else "")

    def _kpe_choices(self) -> list:
        return [("none", ANY)] + [(f"{k.id}: {_short(k.title)}", k.id) for k in self.wb.kpes]

    def refresh_options(self) -> None:
        _set_options(self.kpe, self._kpe_choices())

    def values_of(self, item) -> dict[str, Any]:
        return {"kind": item.kind if item else "practitioner", "role": item.role if item else "",
                "title": item.title if item else "", "kpe": (item.kpe or ANY) if item else ANY,
                "text": item.body if item else ""}

    def submit(self, values: dict[str, Any], editing: str | None):
        return self.wb.add_contribution(values["role"], values["text"], kind=values["kind"],
                                        kpe=values["kpe"] or None, title=values["title"], id=editing,
                                        replace=editing is not None)

    def saved_message(self, item) -> str:
        return f"Saved as authored/contributions/{item.id}.md."


# -- the whole workbench -------------------------------------------------------------------------------

class WorkbenchUI:
    """Header, problems, *Reload from the files*, and the tabs: chronology, KPEs, findings,
    recommendations, contributions. Displays itself in a notebook."""

    TABS = ("Chronology", "KPEs", "Findings", "Recommendations", "Contributions")

    def __init__(self, workbench: Workbench):
        self.workbench = wb = workbench
        self.header = W.HTML()
        self.problems = W.HTML()
        self.reload = W.Button(description="Reload from the files", icon="refresh",
                               tooltip="Read authored/ again, after someone edited a file by hand")
        self.message = W.HTML()
        self.browser = ChronologyBrowser(wb)
        self.kpe_form = KPEForm(wb, self.browser)
        self.finding_form = FindingForm(wb, self.browser)
        self.recommendation_form = RecommendationForm(wb, self.browser)
        self.contribution_form = ContributionForm(wb)
        self.tabs = W.Tab(children=[self.browser.widget, self.kpe_form.widget, self.finding_form.widget,
                                    self.recommendation_form.widget, self.contribution_form.widget])
        self.tabs.titles = self.TABS
        self.reload.on_click(self._reload)
        wb.on_change(self._show_state)
        self._facilitator = None
        self.widget = W.VBox([self.header, self.problems, W.HBox([self.reload, self.message]), self.tabs])
        self.widget.add_class("rb-workbench")
        self._show_state()

    def _show_state(self) -> None:
        wb = self.workbench
        review = wb.review
        self.header.value = (
            f"<div style='font-size:16px'><b>{esc(review.title)}</b> &middot; {esc(wb.methodology.title)} "
            f"&middot; scope {review.scope.start} to {review.scope.end}</div><div style='color:#444'>"
            f"{len(wb.chronology):,} entries, {len(wb.kpes)} KPEs, {len(wb.findings)} findings, "
            f"{len(wb.recommendations)} recommendations, {len(wb.contributions)} contributions. "
            "Every save goes straight to the review's authored/ folder.</div>")
        notes = [("#8b0000", p) for p in wb.problems] + [("#7a5b00", w) for w in wb.warnings]
        self.problems.value = "" if not notes else (
            "<div style='background:#fdecea;border:1px solid #e6a19a;padding:6px 8px'><b>To fix in the files "
            "(then press Reload):</b><ul style='margin:2px 0'>"
            + "".join(f"<li style='color:{c}'>{esc(t)}</li>" for c, t in notes) + "</ul></div>")

    def _reload(self, _=None) -> None:
        problems = self.workbench.reload()
        if problems:
            say(self.message, f"Reloaded; {len(problems)} problem(s) to fix in the files (listed above).", ok=False)
        else:
            say(self.message, "Reloaded everything from the files.")

    def facilitator_view(self):
        """The learning-event view, sharing this workbench (so saves never contradict each other)."""
        if self._facilitator is None:
            self._facilitator = self.workbench.facilitator()
        return self._facilitator

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class ProblemPanel:
    """What ``open_workbench`` shows when the review cannot be opened: the sentence saying why."""

    def __init__(self, text: str):
        self.widget = W.HTML(f"<div style='color:#8b0000;background:#fdecea;border:1px solid #e6a19a;"
                             f"padding:8px'><b>The workbench cannot open this review.</b> {esc(text)}</div>")

    def facilitator_view(self):
        return self

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def problem_panel(text: str) -> ProblemPanel:
    return ProblemPanel(text)
