"""Small pieces every view of the workbench shares: messages next to a button, option lists, rows.

A control calls the :class:`~reviewbench.workbench.api.Workbench` API and shows its answer
next to the button pressed (:func:`say`, :func:`_guarded`): "Saved ..." or the sentence of the
reason nothing was saved.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as W

from ...errors import ReviewbenchError
from ..filters import esc
from .datefield import DateField

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


def _while_busy(button: W.Button, target: W.HTML, doing: str, action: Callable[[], str]) -> None:
    """Run a long ``action`` (a build) with its button disabled: ``doing`` first, then its result or the
    sentence of the problem it raised."""
    say(target, doing)
    button.disabled = True
    try:
        text = action()
    except ReviewbenchError as exc:
        say(target, str(exc), ok=False)
    else:
        say(target, text)
    finally:
        button.disabled = False


def button(**kwargs) -> W.Button:
    """A button as wide as its label: ipywidgets' default width (148 px) cuts a longer one off with '...'
    ("Reload from the f..."), and a flex row would squeeze it; ``kwargs`` as ``W.Button``'s."""
    return W.Button(**kwargs, layout=W.Layout(width="auto", min_width="max-content", flex="0 0 auto"))


def _set_options(widget, options: list, keep: Any = None) -> None:
    """New options for a selection widget, keeping the current value(s) that are still offered."""
    values = [v for _, v in options]
    current = widget.value if keep is None else keep
    widget.options = options
    if isinstance(widget, W.SelectMultiple):
        widget.value = tuple(v for v in (current or ()) if v in values)
    elif current in values:
        widget.value = current


AGENCY_ROWS = (6, 12)           # the agency list's height in rows: at least, at most (then it scrolls)


def agency_rows(count: int) -> int:
    """Rows of the agency list: every agency of a review visible without scrolling (nine in the example,
    up to twelve), never fewer than six."""
    return max(AGENCY_ROWS[0], min(count, AGENCY_ROWS[1]))


def agency_options(wb) -> list:
    """The agencies of the review (then any other the chronology has), each with its number of entries:
    the options of an agency filter."""
    counts = wb.chronology["agency"].value_counts()
    names = [a.name for a in wb.review.agencies]
    names += [a for a in wb.index.agencies if a not in names]
    return [(f"{name} ({counts.get(name, 0)})", name) for name in names]


class SharedFilters:
    """The filters the chronology browser and the 'Lenses' tab share: agencies, dates, words, the
    pseudonymised view, *Clear filters*, and where a filter that cannot be used is said."""

    def __init__(self, wb):
        options = agency_options(wb)
        self.agency = W.SelectMultiple(options=options, rows=agency_rows(len(options)),
                                       layout=W.Layout(width="21em"))
        self.start = DateField("From")
        self.end = DateField("To")
        self.text = W.Text(description="Text", placeholder='whole words, or "a phrase"',
                           layout=W.Layout(width="30em"))
        self.pseudonymised = W.Checkbox(description="pseudonymised names", value=False, indent=False)
        self.clear = button(description="Clear filters", icon="times")
        self.message = W.HTML()
        for widget, name in ((self.agency, "rb-agencies"), (self.start, "rb-from"), (self.end, "rb-to"),
                             (self.text, "rb-text")):
            widget.add_class(name)                     # what a test driving a real browser finds them by

    def values(self) -> dict[str, Any]:
        """The shared filters as arguments of ``Workbench.filter`` and ``Workbench.lens_positions``."""
        return {"agency": list(self.agency.value) or None, "start": self.start.check(), "end": self.end.check(),
                "text": self.text.value}

    def observe(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback`` when any shared filter changes (a date typed wrong too: its sentence shows)."""
        for control in (self.agency, self.start, self.end, self.text):
            control.observe(callback, names="value")
        for control in (self.start, self.end):
            control.observe(callback, names="error")

    def reset(self) -> None:
        self.agency.value = ()
        self.start.value = self.end.value = None
        self.text.value = ""


def _label(text: str, width: str = "9em") -> W.HTML:
    return W.HTML(f"<b>{esc(text)}</b>", layout=W.Layout(width=width))


def _row(label: str, widget: W.Widget, width: str = "9em") -> W.HBox:
    return W.HBox([_label(label, width), widget])


def _area(rows: int = 3, placeholder: str = "") -> W.Textarea:
    return W.Textarea(rows=rows, placeholder=placeholder, layout=W.Layout(width="100%"))


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
