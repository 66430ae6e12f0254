"""The whole workbench in JupyterLab: header, problems, *Reload from the files*, and the tabs.

:func:`open_workbench` is what the workbench notebook calls; ``Workbench(dir).show()`` gives
the same widget for a workbench already open: :class:`WorkbenchUI` is registered in
:mod:`reviewbench.workbench.views`, so the API never imports the widgets.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W

from ...errors import ReviewbenchError, StaleBuildError
from ..api import Workbench
from ..filters import esc
from ..views import register_view
from .browser import ChronologyBrowser
from .controls import _while_busy, button, say
from .facilitator import FacilitatorView
from .items import ContributionForm, FindingForm, KPEForm, RecommendationForm
from .lenses import LensesPanel
from .prompts import PromptsPanel


class WorkbenchUI:
    """Header, problems, *Reload from the files*, and the tabs: chronology, KPEs, findings,
    recommendations, contributions, the prompts of the agency network, the lenses. Displays itself in a notebook."""

    TABS = ("Chronology", "KPEs", "Findings", "Recommendations", "Contributions", "Prompts", "Lenses")

    def __init__(self, workbench: Workbench):
        self.workbench = wb = workbench
        self.header = W.HTML()
        self.problems = W.HTML()
        self.reload = button(description="Reload from the files", icon="refresh",
                               tooltip="Read authored/ again, after someone edited a file by hand")
        self.rebuild = button(description="Rebuild", icon="cogs", button_style="warning",
                                tooltip="Run the ingest again: the chronology is older than its inputs")
        self.message = W.HTML()
        self.browser = ChronologyBrowser(wb)
        self.kpe_form = KPEForm(wb, self.browser)
        self.finding_form = FindingForm(wb, self.browser)
        self.recommendation_form = RecommendationForm(wb, self.browser)
        self.contribution_form = ContributionForm(wb)
        self.prompts = PromptsPanel(wb)
        self.lenses = LensesPanel(wb)
        self.tabs = W.Tab(children=[self.browser.widget, self.kpe_form.widget, self.finding_form.widget,
                                    self.recommendation_form.widget, self.contribution_form.widget,
                                    self.prompts.widget, self.lenses.widget])
        self.tabs.titles = self.TABS
        self.reload.on_click(self._reload)
        self.rebuild.on_click(self._rebuild)
        wb.on_change(self._show_state)
        self._facilitator: FacilitatorView | None = None
        self.widget = W.VBox([self.header, self.problems, W.HBox([self.reload, self.rebuild, self.message]),
                              self.tabs])
        self.widget.add_class("rb-workbench")
        self._show_state()

    def _show_state(self) -> None:
        wb = self.workbench
        review = wb.review
        self.header.value = (
            f"<div style='font-size:16px'><b>{esc(review.title)}</b> &middot; {esc(wb.methodology.title)} "
            f"&middot; scope {review.scope.start} to {review.scope.end}</div><div style='color:#444'>"
            f"{len(wb.chronology):,} entries, {len(wb.kpes)} KPEs, {len(wb.findings)} findings, "
            f"{len(wb.recommendations)} recommendations, {len(wb.contributions)} contributions. "
            "Every save goes straight to the review's authored/ folder.</div>")
        self.rebuild.layout.display = None if wb.stale else "none"
        notes = [("#8b0000", p) for p in wb.problems] + [("#7a5b00", w) for w in wb.warnings]
        self.problems.value = "" if not notes else (
            "<div style='background:#fdecea;border:1px solid #e6a19a;padding:6px 8px'><b>To fix in the files "
            "(then press 'Reload from the files'):</b><ul style='margin:2px 0'>"
            + "".join(f"<li style='color:{c}'>{esc(t)}</li>" for c, t in notes) + "</ul></div>")

    def _reload(self, _=None) -> None:
        problems = self.workbench.reload()
        if problems:
            say(self.message, f"Reloaded; {len(problems)} problem(s) to fix in the files (listed above).", ok=False)
        else:
            say(self.message, "Reloaded everything from the files.")

    def _rebuild(self, _=None) -> None:
        def action() -> str:
            self.workbench.rebuild()
            return f"Rebuilt: {len(self.workbench.chronology):,} entries."
        _while_busy(self.rebuild, self.message, "Running the ingest...", action)

    def facilitator_view(self) -> FacilitatorView:
        """The learning-event view, sharing this workbench (so saves never contradict each other)."""
        if self._facilitator is None:
            self._facilitator = FacilitatorView(self.workbench)
        return self._facilitator

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class ProblemPanel:
    """What ``open_workbench`` shows when the review cannot be opened: the sentence saying why, and,
    when only the chronology is missing, a button that builds it (the use-case layer's ingest)."""

    def __init__(self, text: str, review_dir: str | Path | None = None):
        self.text = W.HTML(f"<div style='color:#8b0000;background:#fdecea;border:1px solid #e6a19a;"
                           f"padding:8px'><b>The workbench cannot open this review.</b> {esc(text)}</div>")
        self.build = button(description="Build the chronology", icon="cogs", button_style="warning")
        self.build.layout.display = "none" if review_dir is None else None
        self.message = W.HTML()
        self.review_dir = review_dir
        self.build.on_click(self._build)
        self.widget = W.VBox([self.text, W.HBox([self.build, self.message])])

    def _build(self, _=None) -> None:
        say(self.message, "Running the ingest...")
        try:
            Workbench(self.review_dir, rebuild=True)
        except ReviewbenchError as exc:
            say(self.message, str(exc), ok=False)
        else:
            say(self.message, "Built. Run the cell again to open the workbench.")

    def facilitator_view(self):
        return self

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def open_workbench(review_dir: str | Path, *, rebuild: bool = False) -> WorkbenchUI | ProblemPanel:
    """The workbench widget for a review folder; a problem is shown as a sentence, not a traceback."""
    try:
        return WorkbenchUI(Workbench(review_dir, rebuild=rebuild))
    except StaleBuildError as exc:
        return ProblemPanel(str(exc), review_dir)
    except ReviewbenchError as exc:
        return ProblemPanel(str(exc))


register_view("workbench", WorkbenchUI)                # Workbench.show()
