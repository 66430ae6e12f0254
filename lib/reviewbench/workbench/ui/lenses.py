"""The Lenses tab: one lens of build/analysis/ at a time, its rows filtered as the chronology browser
filters entries (agencies, dates, words), a row's detail and key for citing it, and each of its
entries' detail. Opening the tab never builds: missing or out-of-date lenses are said so, with the
button that runs them (``reviewbench lenses``)."""

from __future__ import annotations

import ipywidgets as W

from ...errors import ReviewbenchError
from ..api import Workbench
from ..filters import esc
from .controls import SharedFilters, _label, _set_options, _short, _while_busy, button

STATE_TEXT = {
    "missing": "The lenses are not built yet.",
    "stale": "The lenses are older than the chronology, the names register or the lens rules: what is shown is "
             "the last build. Build them again to see them as they are now.",
}


def _telling_column(table) -> str | None:
    """The column that tells rows apart in the row picker: the first of words (not an id, date or agency)
    whose values differ ("words" of the voice lens, "adult" of the adults lens)."""
    plain = [c for c in table.rows.columns if c not in ("entry_id", "date", "agency")]
    return next((c for c in plain if table.rows[c].nunique() > 1), plain[0] if plain else None)


class LensesPanel:
    """Pick a lens; filter, read and pick its rows; pick an entry of a row to read it."""

    def __init__(self, workbench: Workbench):
        self.wb = wb = workbench
        self._quiet = False
        self.positions: list[int] = []
        self.status = W.HTML()
        self.build = button(description="Build the lenses", icon="cogs", button_style="warning",
                              tooltip="Run the lenses (as 'reviewbench lenses') over the chronology")
        self.build_message = W.HTML()
        self.lens = W.Dropdown(options=[(name, name) for name in wb.lens_names], description="Lens",
                               layout=W.Layout(width="24em"))
        self.about = W.HTML()
        self.notes = W.HTML()

        self.shared = shared = SharedFilters(wb)               # the chronology browser's filters
        self.agency, self.start, self.end, self.text = shared.agency, shared.start, shared.end, shared.text
        self.pseudonymised, self.clear, self.filter_message = shared.pseudonymised, shared.clear, shared.message

        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.rows = W.Select(options=[], rows=8, layout=W.Layout(width="100%"))
        self.row_detail = W.HTML()
        self.entries = W.Select(options=[], rows=6, layout=W.Layout(width="100%"))
        self.entry_detail = W.HTML()

        self.build.on_click(self._build)
        self.lens.observe(lambda _: self._lens_changed(), names="value")
        shared.observe(lambda _: self.refresh())
        self.pseudonymised.observe(lambda _: self.draw(), names="value")
        self.clear.on_click(self._clear)
        self.rows.observe(lambda _: self._row_picked(), names="value")
        self.entries.observe(lambda _: self._entry_picked(), names="value")
        workbench.on_change(self.refresh)

        filters = W.HBox([W.VBox([_label("Agencies", "100%"), self.agency]), W.VBox([self.start, self.end]),
                          W.VBox([self.text, W.HBox([self.clear, self.pseudonymised]), self.filter_message])],
                         layout=W.Layout(flex_flow="row wrap", justify_content="space-between"))
        side = W.VBox([W.HTML("<b>Pick a row</b> to see all of it and the key to cite it by"), self.rows,
                       self.row_detail, W.HTML("<b>Its entries</b>: pick one to read it"), self.entries,
                       self.entry_detail], layout=W.Layout(width="36%", padding="0 0 0 12px"))
        self.widget = W.VBox([W.HBox([self.status, self.build, self.build_message]),
                              W.HBox([self.lens, self.about]), self.notes, filters,
                              W.HBox([W.VBox([self.table], layout=W.Layout(width="64%")), side])])
        self.widget.add_class("rb-lenses")
        self.refresh()

    @property
    def name(self) -> str:
        return self.lens.value

    # -- state and filters ------------------------------------------------------------------------------
    def criteria_values(self) -> dict:
        return self.shared.values()

    def refresh(self) -> None:
        """Say whether the lenses are built and current, then filter the rows again and draw them."""
        if self._quiet:
            return
        state = self.wb.lens_state()
        self.status.value = ("" if state == "current" else
                             f"<span style='color:{'#8b0000' if state == 'missing' else '#7a5b00'}'>"
                             f"{esc(STATE_TEXT[state])}</span>")
        self.build.layout.display = None if state != "current" else "none"
        self.about.value = f"<div style='padding:4px 8px;color:#333'><i>{esc(self.wb.lens_about(self.name))}</i></div>"
        try:
            tables = self.wb.lens_tables()
            self.positions = self.wb.lens_positions(self.name, **self.criteria_values())
        except ReviewbenchError as exc:
            self.positions = []
            self.filter_message.value = ("" if state == "missing" else
                                         f"<span style='color:#8b0000'>{esc(str(exc))}</span>")
            self.notes.value = ""
            self.table.value = ""
            self._set_rows([])
            return
        self.filter_message.value = ""
        self.notes.value = "".join(f"<div style='color:#7a5b00'>Note: {esc(n)}</div>" for n in tables.notes)
        self.draw()

    def draw(self) -> None:
        """The table of the filtered rows, and the row picker."""
        try:
            self.table.value = self.wb.lens_html(self.name, self.positions, pseudonymised=self.pseudonymised.value)
            table = self.wb.lens_tables().lens(self.name)
        except ReviewbenchError as exc:
            self.table.value = f"<span style='color:#8b0000'>{esc(str(exc))}</span>"
            self._set_rows([])
            return
        clean = self.wb.pseudonymise if self.pseudonymised.value else (lambda text: text)
        first = _telling_column(table)
        options = []
        for i in self.positions:
            label = " ".join(str(table.rows.at[i, c]) for c in ("date", "agency") if c in table.rows.columns)
            what = clean(str(table.rows.at[i, first])) if first else ""
            options.append((f"{table.key(i)}  {label}  {_short(what, 60)}".replace("  ", " ").strip(), i))
        self._set_rows(options)

    def _set_rows(self, options: list) -> None:
        self._quiet = True
        try:
            _set_options(self.rows, options)
        finally:
            self._quiet = False
        self._row_picked()

    def _lens_changed(self) -> None:
        self.rows.value = None
        self.refresh()

    def _clear(self, _=None) -> None:
        self._quiet = True
        try:
            self.shared.reset()
        finally:
            self._quiet = False
        self.refresh()

    # -- picking ----------------------------------------------------------------------------------------
    def pick(self, position: int) -> None:
        """Pick a row of the lens (its position in the lens's CSV), as a click in the list does."""
        self.rows.value = position

    def pick_entry(self, entry_id: str) -> None:
        self.entries.value = entry_id

    def _row_picked(self) -> None:
        if self._quiet:
            return
        position = self.rows.value
        if position is None:
            self.row_detail.value = "<i>Pick a row to see all of it.</i>"
            _set_options(self.entries, [])
            self._entry_picked()
            return
        row = self.wb.lens_row(self.name, position)
        self.row_detail.value = self.wb.lens_row_html(self.name, position, pseudonymised=self.pseudonymised.value)
        position_of = self.wb.index.position
        options = []
        for entry_id in row["entries"]:
            if entry_id in position_of:
                entry = self.wb.chronology.iloc[position_of[entry_id]]
                options.append((f"{entry_id}  {entry['date']}  {entry['agency']}  "
                                f"{_short(entry['event_type'] or entry['event_kind'], 40)}", entry_id))
            else:
                options.append((f"{entry_id} (not in this chronology: build the lenses again)", entry_id))
        _set_options(self.entries, options)
        if options and self.entries.value is None:
            self.entries.value = options[0][1]
        self._entry_picked()

    def _entry_picked(self) -> None:
        entry_id = self.entries.value
        if entry_id is None:
            self.entry_detail.value = ""
            return
        try:
            self.entry_detail.value = self.wb.entry_html(entry_id, pseudonymised=self.pseudonymised.value)
        except ReviewbenchError as exc:
            self.entry_detail.value = f"<span style='color:#8b0000'>{esc(str(exc))}</span>"

    def _build(self, _=None) -> None:
        def action() -> str:
            self.wb.build_lenses()
            return "Built the lenses."
        _while_busy(self.build, self.build_message, "Running the lenses...", action)
