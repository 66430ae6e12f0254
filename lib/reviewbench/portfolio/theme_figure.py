"""The themes matrix as a heat-map (build/themes.png and .svg): reviews down, themes across, each cell
its tagged entries (e) and findings (f), shaded by their sum; priority themes marked with a star.

Drawn without pyplot at the report's text size and saved reproducibly, as the network figures are
(:func:`reviewbench.network.figures.save_figure`). matplotlib is loaded only when the figure is drawn, as
for the network's figures: the portfolio's other commands (``actions``, the returns) do not pay for it.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from .themes import ThemeMatrix

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STAR = "\u2605"
LEGEND = "e: chronology entries tagged with the theme; f: findings naming it. \u2605 a priority learning theme."
# Past this many reviews the figure draws those with the most tagged entries and findings, in the
# portfolio's order, and says so: a row per review of hundreds would be unreadable (and past matplotlib's
# largest picture), and the tables hold every review.
MOST_REVIEWS_DRAWN = 40


def cell_text(entries: int, findings: int) -> str:
    return f"{entries} e\n{findings} f" if entries or findings else "\u2013"


def column_label(matrix: ThemeMatrix, index: int) -> str:
    column = matrix.columns[index]
    label = textwrap.fill(column.label, 16, break_long_words=False)
    outside = "" if column.in_vocabulary else "\n" + textwrap.fill(f"({column.id}: not in the vocabulary)", 16)
    return (f"{STAR} " if column.priority else "") + label + outside


def drawn_reviews(matrix: ThemeMatrix, most: int = MOST_REVIEWS_DRAWN) -> list[tuple[str, str]]:
    """The reviews the figure draws: every one, or past ``most`` the ``most`` with the most tagged entries and
    findings (a tie to the earlier in the portfolio), in the portfolio's order."""
    if len(matrix.reviews) <= most:
        return list(matrix.reviews)
    def weight(review: tuple[str, str]) -> int:
        return sum(len(c.entries) + len(c.findings) for c in (matrix.cell(review[0], col.id) for col in matrix.columns))
    order = {review: i for i, review in enumerate(matrix.reviews)}
    kept = set(sorted(matrix.reviews, key=lambda r: (-weight(r), order[r]))[:most])
    return [r for r in matrix.reviews if r in kept]


def themes_figure(matrix: ThemeMatrix, title: str, tables: str = "the themes tables") -> Figure:
    """The heat-map; with no review or no theme the figure says so. Past ``MOST_REVIEWS_DRAWN`` reviews it
    draws those with the most tagged entries and findings and says that the others are in ``tables``."""
    import numpy as np
    from matplotlib import colormaps

    from ..network.figures import FIGURE_WIDTH, TEXT_PT, new_figure
    reviews = drawn_reviews(matrix)
    rows, cols = len(reviews), len(matrix.columns)
    legend = LEGEND if rows == len(matrix.reviews) else (
        f"{LEGEND} The {rows} of the {len(matrix.reviews)} reviews with the most tagged entries and findings; "
        f"every review is in {tables}.")
    width = max(FIGURE_WIDTH, 2.4 + 1.25 * cols)
    figure = new_figure(2.6 + 0.55 * max(rows, 1), layout="constrained")
    figure.set_figwidth(width)
    ax = figure.add_subplot()
    ax.set_title(textwrap.fill(title, int(width * 9)), fontsize=TEXT_PT + 1)
    if not rows or not cols:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No themes recorded in any review yet.", ha="center", va="center", transform=ax.transAxes)
        return figure
    counts = [[(len(c.entries), len(c.findings)) for c in (matrix.cell(rid, col.id) for col in matrix.columns)]
              for rid, _ in reviews]
    totals = np.array([[e + f for e, f in row] for row in counts], dtype=float)
    cmap = colormaps["Blues"]
    top = max(totals.max(), 1.0)
    ax.imshow(totals, cmap=cmap, vmin=0, vmax=top * 1.25, aspect="auto")
    for r, row in enumerate(counts):
        for c, (entries, findings) in enumerate(row):
            dark = totals[r, c] / (top * 1.25) > 0.55
            ax.text(c, r, cell_text(entries, findings), ha="center", va="center", fontsize=TEXT_PT - 2,
                    color="white" if dark else "black")
    ax.set_xticks(range(cols), [column_label(matrix, i) for i in range(cols)], fontsize=TEXT_PT - 2)
    ax.set_yticks(range(rows), [textwrap.fill(f"{rid}: {t}" if t else rid, 24) for rid, t in reviews],
                  fontsize=TEXT_PT - 2)
    for i, column in enumerate(matrix.columns):
        if column.priority:
            ax.get_xticklabels()[i].set_fontweight("bold")
    ax.tick_params(top=True, bottom=False, labeltop=True, labelbottom=False)
    ax.set_xticks(np.arange(-0.5, cols), minor=True)
    ax.set_yticks(np.arange(-0.5, rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(textwrap.fill(legend, int(width * 11)), fontsize=TEXT_PT - 3)
    return figure


def write_themes_figure(matrix: ThemeMatrix, title: str, base: Path, tables: str = "the themes tables") -> list[Path]:
    """build/themes.png and build/themes.svg, each moved into place whole (drawn in a folder beside them);
    ``tables``: where every review is, said when the figure draws only some."""
    from ..network.figures import save_figure
    base.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base.parent, prefix=".themes-") as folder:
        drawn = save_figure(themes_figure(matrix, title, tables), Path(folder) / base.name)
        for path in drawn:
            os.replace(path, base.with_suffix(path.suffix))
    return [base.with_suffix(p.suffix) for p in drawn]
