"""The portfolio's themes matrix in JupyterLab: reviews × themes as a grid of cells; choosing one lists
the findings (with their evidence) and the tagged entries behind it.

It reads what ``reviewbench portfolio DIR`` wrote (build/themes.json) and never builds: a matrix
missing, or older than portfolio.yaml or a review's findings, tags or theme list, is said so, with
the command that brings it up to date.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import ipywidgets as W

from ...authored.tags import TAGS_REL
from ...authored.themes import THEMES_FILE
from ...portfolio import PORTFOLIO_FILE, ThemeMatrix, load_portfolio
from ...portfolio.theme_figure import STAR, cell_text
from ...portfolio.theme_outputs import THEMES_JSON
from ..filters import esc

INPUTS = ("authored/findings.yaml", TAGS_REL, THEMES_FILE)


def matrix_state(folder: str | Path) -> tuple[ThemeMatrix | None, str]:
    """The matrix as last built, and what to say about it ("" when it is current)."""
    portfolio = load_portfolio(folder)
    built = portfolio.build_dir / THEMES_JSON
    run = f"run 'reviewbench portfolio {folder}' to build it"
    if not built.is_file():
        return None, f"The themes matrix of {portfolio.partnership} is not built yet: {run}."
    matrix = ThemeMatrix.from_dict(json.loads(built.read_text(encoding="utf-8")))
    when = built.stat().st_mtime
    inputs = [portfolio.root / PORTFOLIO_FILE] + [f / name for f in portfolio.review_folders() for name in INPUTS]
    newer = [p for p in inputs if p.is_file() and p.stat().st_mtime > when]
    if newer:
        names = ", ".join(Path(os.path.relpath(p, portfolio.root)).as_posix() for p in newer[:4])
        return matrix, (f"The matrix shown is older than {names}{' and more' if len(newer) > 4 else ''}: "
                        f"{run} again.")
    return matrix, ""


class ThemesView:
    """The matrix as buttons (one per review and theme); pressing one shows what is behind it."""

    def __init__(self, folder: str | Path):
        self.matrix, said = matrix_state(folder)
        self.status = W.HTML(f"<p style='color:#8a4b00'>{esc(said)}</p>" if said else "")
        self.detail = W.HTML("<p>Choose a cell to list the findings and entries behind it.</p>")
        self.cells: dict[tuple[str, str], W.Button] = {}
        self.grid = self._grid() if self.matrix else W.HTML("")
        self.widget = W.VBox([self.status, self.grid, self.detail])

    def _grid(self) -> W.GridBox:
        matrix = self.matrix
        heads = [W.HTML("<b>Review</b>")] + [
            W.HTML(f"<b>{STAR + ' ' if c.priority else ''}{esc(c.label)}</b>"
                   + ("" if c.in_vocabulary else f"<br><i>{esc(c.id)}: not in the vocabulary</i>"))
            for c in matrix.columns]
        items = list(heads)
        for rid, title in matrix.reviews:
            items.append(W.HTML(f"{esc(rid)}<br><small>{esc(title)}</small>"))
            for column in matrix.columns:
                cell = matrix.cell(rid, column.id)
                press = W.Button(description=cell_text(len(cell.entries), len(cell.findings)).replace("\n", " / "),
                                 disabled=cell.empty, tooltip=f"{rid}: {column.label}",
                                 layout=W.Layout(width="auto"))
                press.on_click(lambda _b, key=(rid, column.id): self.choose(*key))
                self.cells[(rid, column.id)] = press
                items.append(press)
        template = f"minmax(9em, 1.2fr) repeat({len(matrix.columns)}, minmax(7em, 1fr))"
        return W.GridBox(items, layout=W.Layout(grid_template_columns=template, grid_gap="4px"))

    def choose(self, review: str, theme: str) -> None:
        """List what review ``review`` holds on ``theme``: its findings with their evidence, its tagged entries."""
        cell = self.matrix.cell(review, theme)
        label = next((c.label for c in self.matrix.columns if c.id == theme), theme)
        parts = [f"<h4>{esc(review)}: {esc(label)}</h4>"]
        if cell.findings:
            parts.append("<p><b>Findings</b></p><ul>" + "".join(
                f"<li><b>{esc(f['id'])}</b> {esc(f['title'])}<br><small>evidence: "
                f"{esc(', '.join(f['evidence']) or 'none cited')}</small></li>" for f in cell.findings) + "</ul>")
        if cell.entries:
            parts.append("<p><b>Chronology entries tagged</b></p><ul>"
                         + "".join(f"<li>{esc(e)}</li>" for e in cell.entries) + "</ul>")
        if cell.empty:
            parts.append("<p>Nothing in this review on this theme.</p>")
        self.detail.value = "".join(parts)


def show_themes(folder: str | Path) -> W.VBox:
    """The themes matrix of the portfolio in ``folder``, for a notebook cell."""
    return ThemesView(folder).widget
