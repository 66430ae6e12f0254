"""The registry of the workbench's views: what ``Workbench.show()`` and ``Workbench.facilitator()`` open.

The API (:mod:`.api`) never imports the widgets. The UI package (:mod:`.ui`) registers each of
its views here when it is imported, the way papermill's engines register, and the package
``reviewbench.workbench`` imports it, so ``Workbench(dir).show()`` works wherever ``Workbench``
can be imported. A view is called with the workbench, then any further arguments.
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import ReviewbenchError

View = Callable[..., Any]
_VIEWS: dict[str, View] = {}


def register_view(name: str, view: View) -> None:
    """Make ``view`` (a class or function taking the workbench first) the view called ``name``."""
    _VIEWS[name] = view


def get_view(name: str) -> View:
    """The view registered as ``name``."""
    view = _VIEWS.get(name)
    if view is None:
        known = ", ".join(sorted(_VIEWS)) or "none yet"
        raise ReviewbenchError(f"there is no workbench view '{name}' (registered: {known}).",
                               hint="Import reviewbench.workbench: it registers the widgets' views.")
    return view
