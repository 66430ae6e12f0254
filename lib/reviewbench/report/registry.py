"""The registry of fills: what fills a section of the outline, and the tables a ``table`` fill draws.

Each fill is a function registered under its name, ``@fill("findings")``, called with the report
builder, the section, its number and its level; it returns the section's HTML. The names are
those :mod:`reviewbench.methodology` accepts in method.yaml (``FILL_KINDS``, ``TABLES``): a name
it does not know is refused here with "did you mean", and :func:`check_complete` (run when
:mod:`reviewbench.report.fills` has registered the built-ins) fails on a name with no function.
"""

from __future__ import annotations

from typing import Callable

from ..errors import ReviewbenchError
from ..methodology import FILL_KINDS, TABLES, unknown_name

Fill = Callable[..., object]


class Registry:
    """Functions by name, for one kind of name ("fill", "table") whose allowed names are fixed."""

    def __init__(self, kind: str, names: tuple[str, ...]):
        self.kind = kind
        self.names = names
        self.functions: dict[str, Fill] = {}

    def register(self, name: str) -> Callable[[Fill], Fill]:
        """A decorator registering its function as the one for ``name``."""
        self._check(name)

        def decorate(function: Fill) -> Fill:
            if name in self.functions:
                raise ReviewbenchError(f"the {self.kind} '{name}' is registered twice "
                                       f"({self.functions[name].__module__} and {function.__module__}).")
            self.functions[name] = function
            return function
        return decorate

    def __getitem__(self, name: str) -> Fill:
        self._check(name)
        return self.functions[name]

    def _check(self, name: str) -> None:
        if name not in self.names:
            raise ReviewbenchError(unknown_name(self.kind, name, self.names) + ".",
                                   hint="method.yaml's names are listed in reviewbench.methodology.")

    def missing(self) -> list[str]:
        return [n for n in self.names if n not in self.functions]


FILLS = Registry("fill", FILL_KINDS)
TABLE_FILLS = Registry("table", TABLES)


def fill(name: str) -> Callable[[Fill], Fill]:
    """Register the function that fills a section with ``fill: <name>``."""
    return FILLS.register(name)


def table(name: str) -> Callable[[Fill], Fill]:
    """Register the function that draws the table of a section with ``fill: table, table: <name>``."""
    return TABLE_FILLS.register(name)


def check_complete() -> None:
    """Every name method.yaml may use has its function: a fill added to the list without one fails
    as the report is imported, not when a report first uses it."""
    for registry in (FILLS, TABLE_FILLS):
        missing = registry.missing()
        if missing:
            raise ReviewbenchError(f"no function is registered for the {registry.kind}(s) {', '.join(missing)}.",
                                   hint=f"Register one with @{registry.kind}(name) in reviewbench.report.fills.")
