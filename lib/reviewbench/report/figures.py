"""Figures the report draws from authored content (the network figures come from build/network/).

The fishbone (cause-and-effect) diagram: one per problem, its contributory factors under the
methodology's headings. Drawn without pyplot and saved without metadata, so the same
content gives the same PNG bytes; at the width and text size of every figure of the report
(:data:`reviewbench.network.figures.FIGURE_WIDTH`, ``TEXT_PT``), each bone's factors wrapped to fit.
"""

from __future__ import annotations

import io
import math
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


def contributory_factors_figure(counts: list[tuple[str, int]]) -> Figure:
    """A lollipop chart: how many contributory factors were found under each heading of the typology."""
    figure = Figure(figsize=(8, 0.45 * max(3, len(counts)) + 1.0))
    ax = figure.add_axes((0.36, 0.12, 0.6, 0.8))
    labels = [_wrap(label, 34) for label, _ in counts]
    values = [count for _, count in counts]
    rows = list(range(len(counts)))[::-1]
    ax.hlines(rows, 0, values, color="#7f8c8d", lw=1.6)
    ax.plot(values, rows, "o", color="#1f3a5f", markersize=8)
    for row, value in zip(rows, values):
        ax.text(value + 0.12, row, str(value), va="center", fontsize=8.5)
    ax.set_yticks(rows, labels, fontsize=8.5)
    ax.set_xlim(0, max(values, default=1) + 1)
    ax.set_xlabel("Number of contributory factors (fishbone and root causes)", fontsize=8.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return figure


def contributory_factor_counts(authored) -> list[tuple[str, int]]:
    """(heading, number of factors) in the typology's order, from the fishbone and the findings'
    ``contributory_factors``: the same factors the contributory-factors table lists."""
    counts: dict[str, int] = {}
    for factor in authored.fishbone:
        counts[factor.category] = counts.get(factor.category, 0) + 1
    for finding in authored.findings:
        found = len(finding.extra.get("contributory_factors") or [])
        if found:
            counts[finding.category] = counts.get(finding.category, 0) + found
    return [(c.label, counts[c.id]) for c in authored.methodology.typology.categories if c.id in counts]


WORK_SYSTEM_SHOWN = 3          # factors written out per component; the rest are counted


LINE = 0.165                    # the height of a line of the components' text, in the axes' units


def work_system_figure(components: list[tuple[str, list[tuple[str, list[str]]]]],
                       colours: dict[str, str], centre: str = "Work system") -> Figure:
    """The SEIPS work system: each component in a box around it, with how many factors the analysis
    found there, the first few in short, and above the box a dot in the agency's colour for each agency
    whose entries show a factor. ``components``: (label, [(factor text, agencies)]) in the typology's order."""
    figure = Figure(figsize=(11, 7))
    ax = figure.add_axes((0.01, 0.01, 0.98, 0.98))
    ax.set_xlim(0, 13)
    ax.set_ylim(-1.3, 7.6)
    ax.set_axis_off()
    cx, cy = 6.5, 3.3
    ax.text(cx, cy, centre, ha="center", va="center", fontsize=12, fontweight="bold", color="#1f3a5f", zorder=3,
            bbox={"boxstyle": "circle,pad=0.6", "fc": "#eaf2f8", "ec": "#1f3a5f", "lw": 1.5})
    for index, (label, factors) in enumerate(components):      # clockwise around the centre, from the upper left
        angle = math.radians(150 - index * 360 / max(1, len(components)))
        x, y = cx + 4.3 * math.cos(angle), cy + 2.6 * math.sin(angle)
        ax.plot([cx, x], [cy, y], color="#95a5a6", lw=1.2, zorder=1)
        lines = [f"{label} ({len(factors)})"]
        lines += [_wrap(f"• {text}", 34) for text, _ in factors[:WORK_SYSTEM_SHOWN]]
        if len(factors) > WORK_SYSTEM_SHOWN:
            lines.append(f"and {len(factors) - WORK_SYSTEM_SHOWN} more")
        if not factors:
            lines.append("no factor recorded")
        text = "\n".join(lines)
        ax.text(x, y, text, ha="center", va="center", fontsize=7.2, linespacing=1.25, zorder=2,
                bbox={"boxstyle": "round,pad=0.45", "fc": "#fdfefe" if factors else "#f4f6f6",
                      "ec": "#1f3a5f" if factors else "#aab7b8"})
        agencies = sorted({a for _, names in factors for a in names})
        top = y + (text.count("\n") + 1) * LINE / 2 + 0.2
        for i, agency in enumerate(agencies):
            ax.plot(x + 0.2 * (i - (len(agencies) - 1) / 2), top, "o", markersize=6, zorder=2,
                    color=colours.get(agency, "#888888"))
    used = sorted({a for _, factors in components for _, names in factors for a in names})
    for i, agency in enumerate(used):
        column, row = i % 4, i // 4
        ax.plot(0.4 + column * 3.2, -0.75 - row * 0.32, "o", markersize=6, color=colours.get(agency, "#888888"))
        ax.text(0.6 + column * 3.2, -0.75 - row * 0.32, agency, va="center", fontsize=7.5)
    return figure


def work_system_png(authored, register: NameRegister, agency_of: dict[str, str], colours: dict[str, str]) -> bytes:
    """The work-system figure of the authored factors (pseudonymised), each agency in its colour."""
    components = []
    for component in authored.methodology.typology.categories:
        factors = [(register.apply(f.text), sorted({agency_of[e] for e in f.entries if e in agency_of}))
                   for f in authored.work_system if f.component == component.id]
        components.append((component.label, factors))
    return png_bytes(work_system_figure(components, colours))
