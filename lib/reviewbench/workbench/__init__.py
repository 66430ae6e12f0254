"""The interactive workbench: chronology browser, tagging, authoring and the learning-event view.

:class:`Workbench` is the Python API (tested without a browser); :func:`open_workbench` and
``Workbench(dir).show()`` give the ipywidgets view for JupyterLab (:mod:`.ui`, which registers
its views in :mod:`.views` when imported here: the API never imports the UI); :func:`launch_lab`
starts JupyterLab on a review's workbench notebook (``reviewbench lab DIR``).
"""

from ..authored.tags import SIGNIFICANCE, EntryTags, TagStore
from ..authored.themes import Taxonomy, Theme, load_themes
from .api import Workbench
from .filters import ChronologyIndex, Criteria
from .lab import lab_command, launch_lab, workbench_notebook
from .ui import FacilitatorView, ProblemPanel, WorkbenchUI, open_workbench

__all__ = ["SIGNIFICANCE", "ChronologyIndex", "Criteria", "EntryTags", "FacilitatorView", "ProblemPanel",
           "TagStore", "Taxonomy", "Theme", "Workbench", "WorkbenchUI", "lab_command", "launch_lab", "load_themes",
           "open_workbench", "workbench_notebook"]
