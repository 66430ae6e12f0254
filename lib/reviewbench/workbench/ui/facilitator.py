"""The learning-event view: one KPE at a time, large enough for a projector, and a capture box.

What the practitioners say is saved at once as a contribution (by role, with the KPE's id),
so nothing typed in the room depends on the laptop staying up. Everything shown goes through
the names register (every form of a registered person or place replaced) unless the facilitator
unticks it, and the capture box refuses text holding any registered form, naming whose it is by
pseudonym only (the screen is projected). The reviewers' draft appraisal is hidden unless asked
for: the room is asked how things looked at the time, not told what the reviewers think of it.
A lens can be shown for the KPE: its rows that cite one of the KPE's entries or are dated within
its period (what the room knew at that meeting), pseudonymised like everything else.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as W

from ...errors import NameInTextError, ReviewbenchError
from ..api import Workbench
from ..filters import esc
from ..lensrows import row_cells
from ..views import register_view
from .controls import ANY, _guarded, _set_options, _short, button

TIMELINE_PAD_DAYS = 3


class FacilitatorView:
    """Widgets for running a learning event from a laptop and a projector."""

    def __init__(self, workbench: Workbench, kpe: str | None = None):
        self.wb = workbench
        self._quiet = False
        self._timelines: dict[tuple, bytes] = {}
        self.kpe = W.Dropdown(options=self._choices(), layout=W.Layout(width="50em"))
        self.previous = button(description="Previous KPE", icon="chevron-left")
        self.next = button(description="Next KPE", icon="chevron-right")
        self.size = W.IntSlider(value=22, min=14, max=40, description="Type size", continuous_update=False)
        self.pseudonymised = W.Checkbox(value=True, description="pseudonymised names", indent=False)
        self.show_appraisal = W.Checkbox(value=False, description="show the reviewers' appraisal", indent=False)
        self.show_timeline = W.Checkbox(value=True, description="timeline", indent=False)
        self.lens = W.Dropdown(options=[("no lens", ANY)] + [(f"lens: {n}", n) for n in workbench.lens_names],
                               layout=W.Layout(width="14em"))
        self.heading = W.HTML()
        self.lens_rows = W.HTML()
        self.entries = W.HTML()
        self.timeline = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.kind = W.ToggleButtons(options=[("Practitioner", "practitioner"), ("Family", "family")])
        self.role = W.Text(placeholder="a role, never a name: e.g. Health visitor (HV1)", description="Role",
                           layout=W.Layout(width="40em"))
        self.words = W.Textarea(placeholder="What they say about this episode", rows=5,
                                layout=W.Layout(width="100%"))
        self.capture = button(description="Save what was said", button_style="primary", icon="save")
        self.ordinary_ok = W.Checkbox(value=False, indent=False, layout=W.Layout(display="none"),
                                      description="the words flagged above are ordinary words here, not names")
        self.message = W.HTML()
        self.captured = W.HTML()

        self.kpe.observe(lambda _: self.draw(), names="value")
        for control in (self.size, self.pseudonymised, self.show_appraisal, self.show_timeline, self.lens):
            control.observe(lambda _: self.draw(), names="value")
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(1))
        self.capture.on_click(self._capture)
        workbench.on_change(self._workbench_changed)

        self.widget = W.VBox([
            W.HBox([self.previous, self.kpe, self.next]),
            W.HBox([self.size, self.pseudonymised, self.show_appraisal, self.show_timeline, self.lens]),
            self.heading, self.timeline, self.entries, self.lens_rows,
            W.HTML("<hr><b style='font-size:18px'>What the practitioners say</b>"),
            W.HBox([self.kind, self.role]), self.words, self.capture, self.message, self.ordinary_ok, self.captured,
        ])
        self.widget.add_class("rb-facilitator")
        if kpe is not None:
            self.kpe.value = kpe
        self.draw()

    def _choices(self) -> list:
        kpes = self.wb.kpes
        if not kpes:
            return [("no KPE yet: add them in the workbench first", ANY)]
        return [(f"{k.id}: {_short(k.title, 90)}", k.id) for k in kpes]

    def step(self, offset: int) -> None:
        values = [v for _, v in self.kpe.options]
        if self.kpe.value in values:
            index = min(max(0, values.index(self.kpe.value) + offset), len(values) - 1)
            self.kpe.value = values[index]

    def _clean(self, text: str) -> str:
        return self.wb.pseudonymise(text) if self.pseudonymised.value else text

    def draw(self) -> None:
        if self._quiet:
            return
        kpe = next((k for k in self.wb.kpes if k.id == self.kpe.value), None)
        self.previous.disabled = self.next.disabled = self.capture.disabled = kpe is None
        size = self.size.value
        if self.pseudonymised.value and self.wb.register_error:
            # Nothing can be pseudonymised: show nothing rather than the names.
            self.heading.value = (f"<div style='font-size:{size}px;color:#a00'>The names register cannot be read, so "
                                  "nothing is shown while <i>pseudonymised names</i> is ticked. Fix it and press "
                                  f"'Reload from the files'.</div><pre>{esc(self.wb.register_error)}</pre>")
            self.entries.value = self.captured.value = self.lens_rows.value = ""
            self.timeline.layout.display = "none"
            return
        if kpe is None:
            self.heading.value = f"<div style='font-size:{size}px'>There are no key practice episodes yet.</div>"
            self.entries.value = self.captured.value = self.lens_rows.value = ""
            self.timeline.layout.display = "none"
            return
        register = self.wb.register
        parts = []
        if self.pseudonymised.value and register.empty and not register.names_no_one:
            parts.append("<div style='color:#a00'>The names register lists no one, so names are shown as the "
                         "agencies recorded them.</div>")
        parts += [f"<div style='font-size:{round(size * 1.5)}px;font-weight:bold;line-height:1.2'>"
                 f"{esc(kpe.id)}: {esc(self._clean(kpe.title))}</div>",
                 f"<div style='font-size:{size}px;color:#444;margin:4px 0'>{esc(kpe.period)} &middot; "
                 f"{len(kpe.entries)} entr{'y' if len(kpe.entries) == 1 else 'ies'}</div>"]
        if kpe.description:
            parts.append(f"<div style='font-size:{size}px;white-space:pre-wrap'>{esc(self._clean(kpe.description))}"
                         "</div>")
        if self.show_appraisal.value:
            for label, text in (("Appraisal", kpe.appraisal), ("Explanation", kpe.explanation)):
                if text:
                    parts.append(f"<div style='font-size:{size}px;white-space:pre-wrap;background:#f3f0fa;"
                                 f"padding:6px;margin-top:6px'><b>{label}.</b> {esc(self._clean(text))}</div>")
        self.heading.value = "".join(parts)
        self.entries.value = self._entries_html(kpe.entries, size)
        self.lens_rows.value = self._lens_html(kpe.id, size)
        self._draw_timeline(kpe)
        self._draw_captured(kpe.id, size)

    def _entries_html(self, entry_ids: list[str], size: int) -> str:
        position = self.wb.index.position
        rows = self.wb.chronology.iloc[[position[e] for e in entry_ids if e in position]]
        if not len(rows):
            return f"<div style='font-size:{size}px'><i>No chronology entries are linked to this KPE yet.</i></div>"
        body = []
        for date, time, agency, event_type, description, outcome in zip(
                *(rows[c].tolist() for c in ("date", "time", "agency", "event_type", "description", "outcome"))):
            what = esc(self._clean(description))
            if event_type:
                what = f"<b>{esc(self._clean(event_type))}</b>: {what}"
            body.append(f"<tr><td style='white-space:nowrap'>{esc(date)}{' ' + esc(time) if time else ''}</td>"
                        f"<td>{esc(self._clean(agency))}</td><td>{what}</td><td>{esc(self._clean(outcome))}</td></tr>")
        cell = f"padding:{max(4, size // 4)}px 8px;vertical-align:top;border-bottom:1px solid #ddd"
        return (f"<style>.rb-projector td, .rb-projector th {{{cell}}} .rb-projector th {{text-align:left;"
                f"background:#eef1f5}}</style><table class='rb-projector' style='font-size:{size}px;"
                "border-collapse:collapse;width:100%;line-height:1.3'><thead><tr><th>Date</th><th>Agency</th>"
                "<th>What happened</th><th>Outcome</th></tr></thead><tbody>" + "".join(body) + "</tbody></table>")

    def _lens_html(self, kpe_id: str, size: int) -> str:
        """The rows of the chosen lens that belong to the KPE, one card each, without the lens's basis
        columns (its rules and matched words are for the reviewer, not the room)."""
        name = self.lens.value
        if not name:
            return ""
        state = self.wb.lens_state()
        small = f"font-size:{max(14, size - 4)}px"
        if state == "missing":
            return (f"<div style='{small};color:#a00'>The lenses are not built yet: build them in the workbench's "
                    "'Lenses' tab.</div>")
        try:
            table = self.wb.lens_tables().lens(name)
            positions = self.wb.lens_kpe_positions(name, kpe_id)
        except ReviewbenchError as exc:
            return f"<div style='{small};color:#a00'>{esc(str(exc))}</div>"
        stale = (" <span style='color:#7a5b00'>(the lenses are older than their inputs: build them again in the "
                 "workbench)</span>" if state == "stale" else "")
        head = (f"<div style='{small};margin-top:10px'><b>The {esc(name)} lens for {esc(kpe_id)}</b>: "
                f"{esc(self.wb.lens_about(name))}. Shown: {esc(self.wb.lens_kpe_rule(kpe_id))}.{stale}</div>")
        if not positions:
            return head + f"<div style='{small}'><i>No row of this lens belongs to {esc(kpe_id)}.</i></div>"
        cards = []
        for i in positions:
            cells = "".join(f"<tr><th style='text-align:left;padding-right:12px;color:#444'>"
                            f"{esc(column.replace('_', ' '))}</th><td>{html}</td></tr>"
                            for column, html in row_cells(table, i, self._clean, basis=False) if html)
            cards.append(f"<table style='font-size:{size}px;border:1px solid #ccc;margin:6px 0;width:100%;"
                         f"line-height:1.3'><caption style='text-align:left;color:#555'>{esc(table.key(i))}"
                         f"</caption>{cells}</table>")
        return head + "".join(cards)

    def _draw_timeline(self, kpe) -> None:
        if not self.show_timeline.value or not kpe.entries:
            self.timeline.layout.display = "none"
            return
        key = (kpe.id, tuple(kpe.entries), kpe.start, kpe.end)
        if key not in self._timelines:
            position = self.wb.index.position
            rows = self.wb.chronology.iloc[[position[e] for e in kpe.entries if e in position]]
            pad = dt.timedelta(days=TIMELINE_PAD_DAYS)
            try:
                self._timelines[key] = self.wb.swimlane_png(rows, kpe.start - pad, (kpe.end or kpe.start) + pad,
                                                            dpi=80)
            except ReviewbenchError:
                self.timeline.layout.display = "none"
                return
        self.timeline.value = self._timelines[key]
        self.timeline.layout.display = None

    def _draw_captured(self, kpe_id: str, size: int) -> None:
        said = [c for c in self.wb.contributions if c.kpe == kpe_id]
        if not said:
            self.captured.value = ""
            return
        items = "".join(f"<li style='margin-bottom:6px'><b>{esc(self._clean(c.role))}</b>: "
                        f"<span style='white-space:pre-wrap'>{esc(self._clean(c.body))}</span></li>" for c in said)
        self.captured.value = (f"<div style='font-size:{max(14, size - 4)}px'><b>Already recorded for "
                               f"{esc(kpe_id)}</b><ul>{items}</ul></div>")

    def _capture(self, _=None) -> None:
        kpe_id = self.kpe.value

        def action() -> str:
            if not kpe_id:
                raise ReviewbenchError("choose a KPE first.")
            try:
                item = self.wb.add_contribution(self.role.value, self.words.value, kind=self.kind.value, kpe=kpe_id,
                                                ordinary_words=self.ordinary_ok.value)
            except NameInTextError as exc:    # the typed text stays in the box, to be reworded
                self.ordinary_ok.layout.display = None if exc.only_ordinary_words else "none"
                raise
            return f"Saved as authored/contributions/{item.id}.md."
        if _guarded(self.message, action):
            self.words.value = ""
            self.ordinary_ok.value = False
            self.ordinary_ok.layout.display = "none"

    def _workbench_changed(self) -> None:
        self._quiet = True
        try:
            _set_options(self.kpe, self._choices())
        finally:
            self._quiet = False
        self.draw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


register_view("facilitator", FacilitatorView)        # Workbench.facilitator()
