"""A date typed day first (dd/mm/yyyy), whatever the browser's language.

ipywidgets' ``DatePicker`` is the browser's ``<input type=date>``, which shows and takes dates in
the browser's locale: mm/dd/yyyy in a browser set to US English, as many are. A reviewer in
England or Wales types 03/04/2022 meaning 3 April; so the workbench's dates are text boxes read by
:func:`reviewbench.dates.parse_uk_date`, with the sentence of what is wrong under the box.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as W
import traitlets

from ...dates import dmy, parse_uk_date
from ...errors import ReviewbenchError
from ..filters import esc

PLACEHOLDER = "dd/mm/yyyy"


class DateField(W.VBox):
    """A text box for a date, day first. ``value`` is the date (None: empty), as a ``DatePicker``'s;
    ``error`` the sentence saying why what is typed is no date ("" when it is one, or empty).

    Setting ``value`` shows the date as dd/mm/yyyy. While ``error`` is set, ``value`` is None, and
    :meth:`check` raises it (a filter or a save refuses rather than use a date nobody meant).
    """

    value = traitlets.Any(None, allow_none=True)
    error = traitlets.Unicode("")

    def __init__(self, description: str = "", *, name: str | None = None, width: str = "18em"):
        self.name = name or (f"The {description} date" if description else "The date")
        self.text = W.Text(description=description, placeholder=PLACEHOLDER,
                           layout=W.Layout(width=width))
        self.message = W.HTML()
        super().__init__([self.text, self.message])
        self._echo = False
        self.text.observe(self._typed, names="value")

    @traitlets.observe("value")
    def _value_set(self, change) -> None:
        if self._echo:
            return
        value = change["new"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if value is not None and not isinstance(value, dt.date):
            raise traitlets.TraitError(f"{self.name} must be a date, not {value!r}.")
        self._echo = True
        try:
            self.text.value = dmy(value) if value else ""
            self.error = ""
            self.message.value = ""
        finally:
            self._echo = False

    def _typed(self, change) -> None:
        if self._echo:
            return
        try:
            day = parse_uk_date(change["new"], self.name)
        except ReviewbenchError as exc:
            day, self.error = None, str(exc)
            self.message.value = f"<span style='color:#8b0000;font-size:12px'>{esc(self.error)}</span>"
        else:
            self.error = ""
            self.message.value = ""
        self._echo = True
        try:
            self.value = day
        finally:
            self._echo = False

    @property
    def disabled(self) -> bool:
        return self.text.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self.text.disabled = value

    def check(self) -> dt.date | None:
        """The date, or the sentence of what is wrong with what is typed (a ReviewbenchError)."""
        if self.error:
            raise ReviewbenchError(self.error)
        return self.value
