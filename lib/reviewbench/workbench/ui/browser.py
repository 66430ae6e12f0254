"""The chronology browser: filters, a paged table, an entry's detail, tagging, KPE membership, swimlane."""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np

from ...authored.tags import SIGNIFICANCE
from ...errors import ReviewbenchError
from ..api import Workbench
from ..filters import PAGE_SIZES, esc, page_bounds, refused_html
from .controls import ANY, IN_ANY, IN_NONE, SharedFilters, _area, _guarded, _label, _set_options, _short, button, say


class ChronologyBrowser:
    """Filters, a paged table, the detail of an entry, tagging, KPE membership and the swimlane."""

    def __init__(self, workbench: Workbench):
        self.wb = workbench
        self.page = 0
        self.positions = np.arange(0)
        self._quiet = False
        wb = workbench

        # filters
        self.shared = shared = SharedFilters(wb)
        self.agency, self.start, self.end, self.text = shared.agency, shared.start, shared.end, shared.text
        self.pseudonymised, self.clear, self.filter_message = shared.pseudonymised, shared.clear, shared.message
        counts = wb.chronology["event_kind"].value_counts()
        self.kind = W.Dropdown(description="Kind", layout=W.Layout(width="21em"), options=[("any kind", ANY)] + [
            (f"{k.replace('-', ' ')} ({counts.get(k, 0)})", k) for k in wb.index.kinds])
        self.kpe = W.Dropdown(description="KPE", layout=W.Layout(width="21em"), options=self._kpe_filter_options())
        self.tag = W.Dropdown(description="Tag", layout=W.Layout(width="21em"), options=self._tag_options())
        self.joint = W.Dropdown(description="Joint", layout=W.Layout(width="21em"), options=[
            ("all entries", ANY), ("joint events only", "yes"), ("no joint events", "no")])
        self.in_scope = W.Checkbox(description="in the review's scope only", value=False, indent=False)

        # table and pages
        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.previous = button(description="Previous", icon="chevron-left")
        self.next = button(description="Next", icon="chevron-right")
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
        self.save_tags = button(description="Save tags", button_style="primary", icon="save")
        self.tags_message = W.HTML()

        # KPE membership (every picked entry)
        self.kpe_target = W.Dropdown(options=self._kpe_options(), layout=W.Layout(width="100%"))
        self.add_to_kpe = button(description="Add picked entries", icon="plus")
        self.remove_from_kpe = button(description="Remove picked entries", icon="minus")
        self.kpe_message = W.HTML()

        # swimlane
        self.draw = button(description="Draw the swimlane of the filtered entries", icon="chart-line")
        self.swimlane = W.Image(format="png", layout=W.Layout(max_width="100%", display="none"))
        self.swimlane_message = W.HTML()

        shared.observe(self._filters_changed)
        for control in (self.kind, self.kpe, self.tag, self.joint, self.in_scope):
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
            W.HTML("<small>To start a new KPE, open the 'KPEs' tab: it takes the entries "
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
        return {**self.shared.values(), "kind": self.kind.value or None, "kpe": kpe, "tag": self.tag.value or None,
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
        except ReviewbenchError as exc:                 # no results from filters that cannot be used
            self.filter_message.value = f"<span style='color:#8b0000'>{esc(str(exc))}</span>"
            self.positions = np.arange(0)
            self.page = 0
            self.draw_page()
            self.table.value = refused_html(str(exc))
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
            self.shared.reset()
            self.kind.value = self.kpe.value = self.tag.value = self.joint.value = ANY
            self.in_scope.value = False
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
                raise ReviewbenchError("there is no KPE yet: create one in the 'KPEs' tab.")
            if not picked:
                raise ReviewbenchError("pick one or more entries first.")
            kpe = (self.wb.add_to_kpe if add else self.wb.remove_from_kpe)(kpe_id, picked)
            return (f"{'Added' if add else 'Removed'} {len(picked)} entr{'y' if len(picked) == 1 else 'ies'} "
                    f"{'to' if add else 'from'} {kpe_id}, which now has {len(kpe.entries)} "
                    "(saved to authored/kpes.yaml).")
        _guarded(self.kpe_message, action)

    # -- swimlane ----------------------------------------------------------------------------------
    def _draw_swimlane(self, _=None) -> None:
        entries = self.wb.chronology.iloc[self.positions]
        try:
            values = self.criteria_values()
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
