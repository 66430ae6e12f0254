"""The workbench in JupyterLab (ipywidgets), one module per part.

- :mod:`.controls`: messages next to a button, option lists, labelled rows;
- :mod:`.browser`: the chronology browser (filters, table, detail, tagging, swimlane);
- :mod:`.merge`: the three-way merge of an edit, on plain values (no widgets);
- :mod:`.forms`: the form base classes; :mod:`.fields`: a methodology's own fields as widgets;
- :mod:`.items`: the KPE, finding, recommendation and contribution forms;
- :mod:`.facilitator`: the learning-event view;
- :mod:`.prompts`: the prompts of the agency network, their rules, and dismissing a wrong one;
- :mod:`.lenses`: the reviewer's lenses (build/analysis/), their rows filtered, and each row's entries;
- :mod:`.themes_matrix`: the portfolio's themes matrix (reviews × themes) and what is behind each cell;
- :mod:`.app`: the whole workbench, and :func:`open_workbench`.

Every control calls the :class:`~reviewbench.workbench.api.Workbench` API and shows its answer
next to the button pressed: "Saved ..." or the reason nothing was saved (a change made to the
file by hand, a name in a contribution, an unknown id). A refused save leaves everything typed
in the form, so the reviewer presses *Reload from the files* and saves again without retyping.
The widgets hold no state that matters: all of it is in ``authored/``. Importing this package
registers the views that ``Workbench.show()`` and ``Workbench.facilitator()`` open
(:mod:`reviewbench.workbench.views`).
"""

from .app import ProblemPanel, WorkbenchUI, open_workbench
from .browser import ChronologyBrowser
from .facilitator import FacilitatorView
from .items import ContributionForm, FindingForm, KPEForm, RecommendationForm
from .lenses import LensesPanel
from .merge import MergedEdit, merge_edit
from .prompts import PromptsPanel
from .themes_matrix import ThemesView, show_themes

__all__ = ["ChronologyBrowser", "ContributionForm", "FacilitatorView", "FindingForm", "KPEForm", "LensesPanel",
           "MergedEdit", "ProblemPanel", "PromptsPanel", "RecommendationForm", "WorkbenchUI", "merge_edit",
           "open_workbench"]
__all__ += ["ThemesView", "show_themes"]
