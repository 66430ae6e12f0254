"""The interactive workbench: chronology browser, tagging, authoring and the learning-event view.

:class:`Workbench` is the Python API (tested without a browser); ``Workbench(dir).show()``
and :func:`open_workbench` give the ipywidgets view for JupyterLab; :func:`launch_lab` starts
JupyterLab on a review's workbench notebook (``reviewbench lab DIR``).
"""

from .api import Workbench
from .filters import ChronologyIndex, Criteria
from .lab import lab_command, launch_lab, workbench_notebook
from .tags import SIGNIFICANCE, EntryTags, TagStore
from .themes import Taxonomy, Theme, load_themes


def open_workbench(review_dir, *, rebuild: bool = False):
    """The workbench widget for a review folder; a problem is shown as a sentence, not a traceback."""
    from .widgets import WorkbenchUI, problem_panel
    from ..errors import ReviewbenchError
    try:
        return WorkbenchUI(Workbench(review_dir, rebuild=rebuild))
    except ReviewbenchError as exc:
        return problem_panel(str(exc))


__all__ = ["SIGNIFICANCE", "ChronologyIndex", "Criteria", "EntryTags", "TagStore", "Taxonomy", "Theme", "Workbench",
           "lab_command", "launch_lab", "load_themes", "open_workbench", "workbench_notebook"]
