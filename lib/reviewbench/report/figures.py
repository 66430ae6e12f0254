"""Figures the report draws from authored content (the network figures come from build/network/).

The fishbone (cause-and-effect) diagram: one per problem, its contributory factors under the
methodology's headings. Drawn without pyplot and saved without metadata, so the same
content gives the same PNG bytes; at the width and text size of every figure of the report
(:data:`reviewbench.network.figures.FIGURE_WIDTH`, ``TEXT_PT``), each bone's factors wrapped to fit.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib import rc_context
from matplotlib.figure import Figure

from ..network.figures import FIGURE_DPI, FIGURE_RC, FIGURE_WIDTH, TEXT_PT, new_figure
from ..publication.names import NameRegister

MAX_FACTORS = 5


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def fishbone_figure(title: str, bones: list[tuple[str, list[str]]]) -> Figure:
    """A fishbone: the problem at the head, one bone per heading with its factors."""
    figure = new_figure(FIGURE_WIDTH * 1.25)
    ax = figure.add_axes((0.01, 0.02, 0.98, 0.96))
    ax.set_xlim(0, 12)
    ax.set_ylim(-4.1, 4.1)
    ax.set_axis_off()
    ax.annotate("", xy=(9.3, 0), xytext=(0.3, 0), arrowprops={"arrowstyle": "-|>", "lw": 2, "color": "#333333"})
    ax.text(9.4, 0, _wrap(title, 12), ha="left", va="center", fontsize=TEXT_PT, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.5", "fc": "#fdebd0", "ec": "#b9770e"})
    count = max(1, len(bones))
    slots = (count + 1) // 2
    for i, (heading, factors) in enumerate(bones):
        up = i % 2 == 0
        x = 8.6 - (i // 2) * (8.0 / max(1, slots))
        sign = 1 if up else -1
        top = (x - 1.3, sign * 2.7)
        ax.plot([x, top[0]], [0, top[1]], color="#555555", lw=1.4)
        lift = 0.55 if (i // 2) % 2 else 0.0          # neighbouring headings at two heights: they never touch
        ax.text(top[0], top[1] + sign * (0.15 + lift), _wrap(heading, 11), ha="center", va="bottom" if up else "top",
                fontsize=TEXT_PT, fontweight="bold", color="#1f3a5f")
        shown = factors[:MAX_FACTORS] + ([f"and {len(factors) - MAX_FACTORS} more"] if len(factors) > MAX_FACTORS
                                         else [])
        for j, factor in enumerate(shown):
            frac = 0.82 - j * (0.7 / max(1, len(shown)))
            px, py = x + (top[0] - x) * frac, top[1] * frac
            ax.plot([px - 0.05, px + 0.12], [py, py], color="#999999", lw=0.8)
            ax.text(px + 0.15, py, _wrap(factor, 11 if slots > 2 else 16), ha="left", va="center",
                    fontsize=TEXT_PT, color="#222222")
    return figure


def png_bytes(figure: Figure, dpi: int = FIGURE_DPI) -> bytes:
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "reviewbench", **FIGURE_RC}):
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def fishbone_pngs(authored, register: NameRegister) -> list[tuple[str, bytes]]:
    """(problem id, PNG) for every problem that has fishbone factors, in the problems' order."""
    order = [p.id for p in authored.problems]
    labels = {c.id: c.label for c in authored.methodology.typology.categories}
    headings = list(labels)
    out = []
    for problem_id in order + sorted({f.problem for f in authored.fishbone} - set(order)):
        factors = [f for f in authored.fishbone if f.problem == problem_id]
        if not factors:
            continue
        problem = authored.problem(problem_id)
        title = register.apply(f"{problem_id}: {problem.title}" if problem else problem_id)
        bones = []
        for category in headings:
            texts = [register.apply(f.factor) for f in factors if f.category == category]
            if texts:
                bones.append((labels[category], texts))
        out.append((problem_id, png_bytes(fishbone_figure(title, bones))))
    return out
