"""The swimlane timeline, the agency network and the contact heatmap; and the size of every
figure's text (the report's fishbone uses it too).

Deterministic by construction: a fixed layout (agencies on a circle in review.yaml order),
fixed colours per agency, no random state, and SVG/PNG written without dates and with a
fixed SVG hash salt, so the same chronology gives the same bytes. A figure with nothing to
draw says so on the figure itself.

Legible where the report shows them: each figure is drawn :data:`FIGURE_WIDTH` inches wide, the
width of the text on an A4 page, and saved at :data:`FIGURE_DPI`, so it is printed and shown on
screen at its own size, never shrunk; and all its text (labels, ticks, legends, notes) is
:data:`TEXT_PT` points, the report's body size, the title a little larger. A figure grows taller
for more agencies rather than its text smaller.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps, rc_context
from matplotlib import dates as mdates
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.ticker import MaxNLocator

from ..dates import MONTHS, day_to_text
from .results import NetworkAnalysis

KIND_STYLE = {   # marker, base area, label
    "referral": (">", 46, "referral"),
    "notification": ("^", 46, "notification"),
    "information-shared": ("s", 30, "information shared"),
    "information-requested": ("D", 26, "information requested"),
    "joint-meeting": ("h", 60, "joint meeting attended (linked across lanes)"),
    "report-only": ("p", 44, "report sent to a meeting, not attended (dotted link)"),
    "invited-absent": ("v", 40, "invited to a meeting, did not attend"),
    "contact": (".", 60, "other contact"),
    "none": ("|", 40, "other entry"),
    "missed": ("x", 40, "missed appointment / not brought"),
    "entries": ("s", 18, "entries (kinds not told apart)"),
}
MAX_MARKERS = 2500          # beyond this the swimlane groups entries into wider bins
BIN_DAYS = (1, 7, 14, 30, 91, 365)
MAX_ARROWS = 150            # beyond this the network draws undirected lines
MAX_LABELS = 12             # beyond this unanswered referrals are not labelled with their count
# Alerts are dark and drawn with their own line styles, so they stand out from any agency colour.
GAP_COLOUR, NOT_SEEN_COLOUR, ALERT, MISSING = "#d9d9d9", "#c0392b", "#8b0000", "#333333"
SEEN_COLOUR = "#2e7d32"
_SAVE_RC = {"svg.hashsalt": "reviewbench", "svg.fonttype": "path", "date.epoch": "1970-01-01T00:00:00"}
FIGURE_WIDTH = 6.3        # inches: the text width of an A4 page (and of the report's HTML at 100 dots an inch)
FIGURE_DPI = 100          # a 630-pixel image: shown at its own size on screen and printed at 6.3 inches
TEXT_PT = 12.0            # every text of a figure: the report's body size (16 px on screen, 12 pt printed)
TITLE_PT = 13.0
LINE_INCHES = TEXT_PT * 1.3 / 72      # a line of figure text, with its spacing
FIGURE_RC = {"font.size": TEXT_PT, "legend.fontsize": TEXT_PT, "xtick.labelsize": TEXT_PT,
             "ytick.labelsize": TEXT_PT, "axes.labelsize": TEXT_PT, "axes.titlesize": TITLE_PT,
             "figure.titlesize": TITLE_PT}


def save_figure(figure: Figure, base: Path) -> list[Path]:
    """Write ``base``.png and ``base``.svg, reproducibly (no dates, fixed SVG ids)."""
    png, svg = base.with_suffix(".png"), base.with_suffix(".svg")
    with rc_context({**_SAVE_RC, **FIGURE_RC}):
        figure.savefig(png, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": "reviewbench"})
    return [png, svg]


CHAR_INCHES = TEXT_PT * 0.62 / 72     # the width of an average character of figure text (a little over)
NETWORK_SPAN = 2.75                   # the network's axes reach this far either side of its circle of agencies


def new_figure(height: float = 4.0, layout: str | None = None) -> Figure:
    """A figure of the report's width (:data:`FIGURE_WIDTH`), its height set when it is laid out."""
    with rc_context(FIGURE_RC):
        return Figure(figsize=(FIGURE_WIDTH, height), layout=layout)


def title_lines(text: str) -> list[str]:
    return textwrap.wrap(text, int((FIGURE_WIDTH - 0.3) / (CHAR_INCHES * TITLE_PT / TEXT_PT)))


def note_lines(notes: list[str]) -> list[str]:
    return [part for line in notes for part in textwrap.wrap(line, int((FIGURE_WIDTH - 0.3) / CHAR_INCHES))]


LEGEND_CHARACTERS = int((FIGURE_WIDTH / 2 - 0.5) / CHAR_INCHES)     # a label's line in a two-column legend


def legend_height(handles: list) -> float:
    """The height in inches of a two-column legend of ``handles``, their labels wrapped to fit
    (:func:`wrap_labels`): matplotlib fills the first column first."""
    lines = [len(h.get_label().split("\n")) for h in handles]
    first = math.ceil(len(lines) / 2)
    tallest = max(sum(lines[:first]), sum(lines[first:]))
    return tallest * LINE_INCHES + first * 0.08 + 0.15


def wrap_labels(handles: list) -> list:
    """``handles`` with each label wrapped to half the figure's width, for a two-column legend."""
    for handle in handles:
        handle.set_label("\n".join(textwrap.wrap(handle.get_label(), LEGEND_CHARACTERS)))
    return handles


def lay_out(figure: Figure, ax, title: str, plot: float, *, left: float = 0.3, below: float = 0.1,
            right: float = 0.2, handles: list | None = None, notes: list[str] | None = None) -> tuple:
    """Stack the figure's parts from the top, in inches: the title, the axes ``plot`` inches tall (with
    ``left`` inches for its labels and ``below`` for its tick labels), the legend of ``handles``, the
    ``notes``; then size the figure to hold them all. Every text keeps its size: the figure grows."""
    heading = title_lines(title)
    top = len(heading) * LINE_INCHES + 0.2
    handles = wrap_labels(handles or [])
    legend = legend_height(handles) if handles else 0.0
    lines = note_lines(notes or [])
    foot = len(lines) * LINE_INCHES + (0.15 if lines else 0.0)
    height = top + plot + below + legend + foot
    figure.set_size_inches(FIGURE_WIDTH, height)
    box = (left / FIGURE_WIDTH, (foot + legend + below) / height, (FIGURE_WIDTH - left - right) / FIGURE_WIDTH,
           plot / height)
    ax.set_position(box)
    figure.text(0.1 / FIGURE_WIDTH, 1 - 0.08 / height, "\n".join(heading), ha="left", va="top", fontsize=TITLE_PT)
    if handles:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.1 / FIGURE_WIDTH, (foot + legend) / height),
                      ncol=2, fontsize=TEXT_PT, frameon=False, borderaxespad=0, handlelength=1.6,
                      columnspacing=1.0)
    if lines:
        figure.text(0.1 / FIGURE_WIDTH, 0.05 / height, "\n".join(lines), ha="left", va="bottom", fontsize=TEXT_PT,
                    color="#555555")
    return box


def label_inches(labels: list[str]) -> float:
    """Room for the longest of ``labels`` (axis labels at body size), and the gap to the axis."""
    longest = max([len(line) for label in labels for line in str(label).split("\n")] + [4])
    return min(FIGURE_WIDTH / 2, 0.25 + longest * CHAR_INCHES)


def _statement(ax, text: str, y: float = 0.5) -> None:
    ax.text(0.5, y, "\n".join(textwrap.wrap(text, 55)), transform=ax.transAxes, ha="center", va="center",
            fontsize=TEXT_PT, color="#333333", bbox={"boxstyle": "round,pad=0.6", "fc": "#fff8e1", "ec": "#e0c080"})


def _date_axis(ax, first_day: int, last_day: int) -> None:
    pad = max(1.0, (last_day - first_day) * 0.01)
    ax.set_xlim(first_day - pad, last_day + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# -- swimlane ---------------------------------------------------------------------------------

def _binned(frame: pd.DataFrame, first_day: int) -> tuple[pd.DataFrame, int, bool]:
    """Markers per (lane, bin, kind), or per (lane, bin) when that is still too many to draw.

    Returns the markers, the bin width in days and whether kinds were kept apart.
    """
    for by_kind, widths in ((True, (1, 7)), (False, BIN_DAYS)):
        for width in widths:
            x = first_day + (frame["x"] - first_day) // width * width + (width - 1) / 2
            keys = ["lane", "x", "mark"] if by_kind else ["lane", "x"]
            grouped = frame.assign(x=x).groupby(keys, sort=True).size().rename("count").reset_index()
            if len(grouped) <= MAX_MARKERS:
                if not by_kind:
                    grouped["mark"] = "entries"
                return grouped, width, by_kind
    return grouped, width, False


def swimlane_figure(analysis: NetworkAnalysis, whole: NetworkAnalysis | None = None) -> Figure:
    """The entries of ``analysis`` by agency over its period, and the child-seen lane.

    ``whole``: when ``analysis`` is of some entries only (the workbench's filtered entries), the
    analysis of every entry of the review over the same period. The child-seen lane and the gaps
    in contact are then drawn from it: the child seen by any agency, contact by any agency (an
    agency's own entries alone would show the child unseen whenever that agency did not see her).
    """
    entries = analysis.entries
    child = whole or analysis                    # the child-seen lane and the gaps: of every entry
    first_day, last_day = analysis.first_day, analysis.last_day
    recorders = set(entries["agency"].unique().tolist())
    lanes = [a for a in analysis.agency_order if a in recorders]
    figure = new_figure()
    ax = figure.add_subplot()
    heading = f"{analysis.title}: entries by agency, {day_to_text(first_day)} to {day_to_text(last_day)}"
    if not len(entries):
        ax.set_axis_off()
        _statement(ax, f"No entries fall {analysis.period}, so there is no timeline to draw.")
        lay_out(figure, ax, heading, 2.0)
        return figure

    y_of = {name: len(lanes) - i for i, name in enumerate(lanes)}   # lane 0 is "child seen"
    took_part = entries["_attendance"].to_numpy(dtype=object) if "_attendance" in entries else \
        np.full(len(entries), "", dtype=object)
    joint_ids = entries["joint_event_id"].str.strip().to_numpy()
    marks = np.where(entries["_missed"], "missed",
                     np.where(np.isin(took_part, ["report-only", "invited-absent"]), took_part,
                              np.where(joint_ids != "", "joint-meeting", entries["_kind"])))
    frame = pd.DataFrame({"lane": entries["agency"].map(y_of).to_numpy(),
                          "x": np.clip(entries["_start"].to_numpy(), first_day, last_day), "mark": marks})
    grouped, width, by_kind = _binned(frame, first_day)
    colours = {y: analysis.colours.get(name, "#888888") for name, y in y_of.items()}
    notes = []

    for lane in range(len(lanes) + 1):
        if lane % 2 == 0:
            ax.axhspan(lane - 0.5, lane + 0.5, color="#f6f6f6", zorder=0, lw=0)
    gap_days = analysis.settings["gap_days"]
    for gap in child.patterns["contact_gaps"]:
        ax.axvspan(gap["from_day"], gap["to_day"], color=GAP_COLOUR, alpha=0.7, zorder=0.5, lw=0)

    # Joint events: one vertical line across the lanes of the agencies that attended it; a dotted one
    # from an agency that sent a report only to the nearest of them.
    joint = entries[joint_ids != ""].assign(y=entries.loc[joint_ids != "", "agency"].map(y_of),
                                            took=took_part[joint_ids != ""])
    if len(joint):
        went = joint[joint["took"] != "report-only"]
        spans = went.groupby("joint_event_id").agg(x=("_start", "min"), lo=("y", "min"), hi=("y", "max"))
        solid = spans[spans["hi"] > spans["lo"]]
        ax.add_collection(LineCollection([[(x, lo), (x, hi)] for x, lo, hi in
                                          zip(np.clip(solid["x"], first_day, last_day), solid["lo"], solid["hi"])],
                                         colors="#7f7f7f", linewidths=0.8, zorder=1))
        sent = joint[(joint["took"] == "report-only") & joint["joint_event_id"].isin(spans.index)]
        dotted = [[(x, y), (x, min(max(y, spans.at[j, "lo"]), spans.at[j, "hi"]))] for x, y, j in
                  zip(np.clip(sent["_start"], first_day, last_day), sent["y"], sent["joint_event_id"])]
        ax.add_collection(LineCollection(dotted, colors="#7f7f7f", linewidths=0.8, linestyles=(0, (1, 2)),
                                         zorder=1))

    biggest = int(grouped["count"].max())
    for mark, (symbol, base, _label) in KIND_STYLE.items():
        part = grouped[grouped["mark"] == mark]
        if not len(part):
            continue
        sizes = base * np.minimum(np.sqrt(part["count"].to_numpy()), 12)
        colour = [colours[y] for y in part["lane"]]
        if symbol in ("x", "|"):
            ax.scatter(part["x"], part["lane"], s=sizes, marker=symbol, c=colour, linewidths=1.2, zorder=3)
        else:
            ax.scatter(part["x"], part["lane"], s=sizes, marker=symbol, c=colour, edgecolors="white",
                       linewidths=0.4, zorder=3)

    # Unanswered referrals: a red ring around the referral's marker.
    unanswered = analysis.followthrough
    unanswered = unanswered[unanswered["status"] == "unanswered"]
    if len(unanswered):
        rows = entries[entries["entry_id"].isin(set(unanswered["entry_id"].unique().tolist()))]
        x = np.clip(rows["_start"].to_numpy(), first_day, last_day)
        x = first_day + (x - first_day) // width * width + (width - 1) / 2
        rings = pd.DataFrame({"x": x, "y": rows["agency"].map(y_of).to_numpy()}).drop_duplicates()
        ax.scatter(rings["x"], rings["y"], s=150, facecolors="none", edgecolors=ALERT, linewidths=1.4, zorder=4)

    # The child-seen lane: seen, seen alone, and the time a school attendance figure says the child
    # was at school on most days.
    seen_by = child.entries
    state = seen_by["_seen_state"].to_numpy(dtype=object) if "_seen_state" in seen_by else \
        np.where(seen_by["_seen"], "seen", "")
    seen_days = np.unique(seen_by.loc[state == "seen", "_start"].to_numpy())
    alone_days = np.unique(seen_by.loc[state == "seen-alone", "_start"].to_numpy())
    if len(seen_days):
        ax.scatter(np.clip(seen_days, first_day, last_day), np.zeros(len(seen_days)), marker="|", s=120,
                   c=SEEN_COLOUR, linewidths=1.5, zorder=3)
    if len(alone_days):
        ax.scatter(np.clip(alone_days, first_day, last_day), np.zeros(len(alone_days)), marker="D", s=30,
                   c=SEEN_COLOUR, edgecolors="white", linewidths=0.5, zorder=3)
    at_school = child.patterns.get("attendance")
    at_school = at_school[at_school["most_days"].astype(bool)] if at_school is not None else []
    for lo, hi in zip(at_school["from_day"], at_school["to_day"]) if len(at_school) else ():
        ax.plot([max(lo, first_day), min(hi, last_day)], [0, 0], color=SEEN_COLOUR, lw=5, alpha=0.25,
                solid_capstyle="butt", zorder=1.5)
    for gap in child.patterns["child_not_seen"]:
        ax.plot([gap["from_day"], gap["to_day"]], [0, 0], color=NOT_SEEN_COLOUR, lw=5, alpha=0.55,
                solid_capstyle="butt", zorder=2)

    seen_label = "child seen" if child.patterns["child_seen_recorded"] else "child seen\n(not recorded)"
    ax.set_yticks(range(len(lanes) + 1), [seen_label] + lanes[::-1], fontsize=TEXT_PT)
    ax.set_ylim(-0.6, len(lanes) + 0.6)
    _date_axis(ax, first_day, last_day)
    ax.tick_params(axis="x", labelsize=TEXT_PT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    handles = [Line2D([], [], ls="", marker=KIND_STYLE[m][0], color="#444444", label=KIND_STYLE[m][2],
                      markersize=6) for m in KIND_STYLE if (grouped["mark"] == m).any()]
    if len(unanswered):
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="none", markeredgecolor=ALERT,
                              markersize=9, label="unanswered referral"))
    if child.patterns["contact_gaps"]:
        handles.append(Patch(color=GAP_COLOUR, label=f"no agency contact > {gap_days} days"))
    if len(seen_days):
        handles.append(Line2D([], [], ls="", marker="|", color=SEEN_COLOUR, markersize=9, label="child seen"))
    if len(alone_days):
        handles.append(Line2D([], [], ls="", marker="D", color=SEEN_COLOUR, markersize=5, label="child seen alone"))
    if len(at_school):
        handles.append(Line2D([], [], color=SEEN_COLOUR, lw=5, alpha=0.25,
                              label="at school most days (attendance figure)"))
    if child.patterns["child_not_seen"]:
        handles.append(Line2D([], [], color=NOT_SEEN_COLOUR, lw=5, alpha=0.55,
                              label=f"child not seen > {analysis.settings['child_not_seen_days']} days"))
    if width > 1 or not by_kind:
        what = "one agency and kind" if by_kind else "one agency, of any kind,"
        notes.append(f"Entries of {what} {'on the same day' if width == 1 else f'within {width} days'} are drawn "
                     f"as one marker whose area grows with their number (largest: {biggest:,} entries), so that "
                     f"no more than {MAX_MARKERS:,} markers are drawn.")
    elif biggest > 1:
        notes.append(f"Entries of one agency and kind on the same day are drawn as one marker whose area grows "
                     f"with their number (largest: {biggest:,} entries).")
    if (entries["_precision"] != "day").any():
        notes.append("Entries dated only to the month or year are placed at the first day of that month or year.")
    lay_out(figure, ax, heading, 0.34 * (len(lanes) + 1) + (0.15 if "\n" in seen_label else 0),
            left=label_inches([seen_label, *lanes]), below=0.45, handles=handles, notes=notes)
    return figure


# -- network ----------------------------------------------------------------------------------

def _positions(order: list[str]) -> dict[str, tuple[float, float]]:
    """Agencies on a circle, clockwise from the top, in review.yaml order: the same every time."""
    n = len(order)
    if n == 1:
        return {order[0]: (0.0, 0.0)}
    return {name: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
            for i, name in enumerate(order)}


def network_figure(analysis: NetworkAnalysis) -> Figure:
    graph = analysis.graph
    figure = new_figure()
    ax = figure.add_subplot()
    heading = (f"{analysis.title}: who exchanged information with whom, {day_to_text(analysis.first_day)} to "
               f"{day_to_text(analysis.last_day)}")
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_xlim(-NETWORK_SPAN, NETWORK_SPAN)
    ax.set_ylim(-1.9, 1.9)                                           # room for the labels above and below
    plot = (FIGURE_WIDTH - 0.5) * 3.8 / (2 * NETWORK_SPAN)           # the axes' height at equal aspect
    if graph.number_of_nodes() == 0:
        _statement(ax, f"No entries fall {analysis.period}, so there is no network to draw.")
        lay_out(figure, ax, heading, plot)
        return figure

    shown = [a for a in analysis.agency_order if a in graph or a in analysis.network["not_involved"]]
    pos = _positions(shown)
    fontsize = TEXT_PT
    most = max([graph.nodes[n]["entries"] for n in graph] + [1])
    size = {n: 180 + 1400 * math.sqrt(graph.nodes[n]["entries"] / most) for n in graph}
    notes = []

    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
    heaviest = max([d["weight"] for _, _, d in edges] + [1])

    def width(count: int) -> float:
        return 0.8 + 5 * math.log1p(count) / math.log1p(heaviest)

    def radius(name: str) -> float:   # in points, for shrinking arrows to the node's edge
        return math.sqrt(size.get(name, 60)) / 2 + 2

    ties = analysis.network["expected_missing_ties"]
    for tie in ties:
        a, b = tie["agencies"]
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color=MISSING, lw=1.6, ls=(0, (1, 2)), zorder=1)

    unanswered = analysis.followthrough
    unanswered = unanswered[unanswered["status"] == "unanswered"].groupby(["from_agency", "to_agency"]).size()
    arrows = len(edges) + len(unanswered) <= MAX_ARROWS
    if arrows:
        for source, target, data in edges:
            ax.add_patch(FancyArrowPatch(pos[source], pos[target], arrowstyle="-|>", mutation_scale=11,
                                         connectionstyle="arc3,rad=0.12", lw=width(data["weight"]),
                                         color=analysis.colours.get(source, "#888888"), alpha=0.75,
                                         shrinkA=radius(source), shrinkB=radius(target), zorder=2))
        for (source, target), count in sorted(unanswered.items()):
            ax.add_patch(FancyArrowPatch(pos[source], pos[target], arrowstyle="-|>", mutation_scale=13,
                                         connectionstyle="arc3,rad=0.3", lw=1.6, ls="--", color=ALERT,
                                         shrinkA=radius(source), shrinkB=radius(target), zorder=3))
            if len(unanswered) > MAX_LABELS:
                continue
            mx = (pos[source][0] + pos[target][0]) / 2 + 0.15 * (pos[source][1] - pos[target][1])
            my = (pos[source][1] + pos[target][1]) / 2 - 0.15 * (pos[source][0] - pos[target][0])
            ax.text(mx, my, f"{count} unanswered", color=ALERT, fontsize=fontsize, ha="center", va="center",
                    zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        if len(unanswered) > MAX_LABELS:
            notes.append(f"{len(unanswered)} pairs of agencies have unanswered referrals, too many to label; "
                         "followthrough.csv lists them.")
    else:   # too many to draw one by one: straight lines, no arrow heads
        pairs: dict[tuple[str, str], int] = {}
        for source, target, data in edges:
            key = tuple(sorted((source, target)))
            pairs[key] = pairs.get(key, 0) + data["weight"]
        ax.add_collection(LineCollection([[pos[a], pos[b]] for a, b in pairs], colors="#888888", alpha=0.35,
                                         zorder=2, linewidths=[width(w) / 2 for w in pairs.values()]))
        ax.add_collection(LineCollection([[pos[a], pos[b]] for a, b in sorted(unanswered.index)], colors=ALERT,
                                         linestyles="--", linewidths=0.8, alpha=0.6, zorder=3))
        notes.append(f"With {len(edges):,} exchanging pairs and {len(unanswered):,} with unanswered referrals, lines "
                     "are drawn straight and without arrow heads; interactions.csv and agency_graph.graphml have "
                     "the directions.")

    nodes = [n for n in shown if n in graph]
    isolated = [bool(graph.nodes[n].get("isolate", False)) for n in nodes]
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=[size[n] for n in nodes],
               c=[analysis.colours.get(n, "#888888") for n in nodes], zorder=4,
               edgecolors=[ALERT if i else "white" for i in isolated], linewidths=[2.5 if i else 1 for i in isolated])
    quiet = [n for n in shown if n not in graph]
    if quiet:
        ax.scatter([pos[n][0] for n in quiet], [pos[n][1] for n in quiet], s=80, facecolors="none",
                   edgecolors="#bbbbbb", zorder=4)
    for name in shown:
        x, y = pos[name]
        if name in graph:
            entries = graph.nodes[name]["entries"]
            label, colour = f"{_wrapped(name)}\n{entries:,} {'entry' if entries == 1 else 'entries'}", "#222222"
        else:
            label, colour = f"{_wrapped(name)}\n(nothing recorded)", "#999999"
        lx, ly = (x * 1.22, y * 1.22) if len(shown) > 1 else (0, -0.22)
        ax.text(lx, ly, label, fontsize=fontsize, color=colour, zorder=5,                # beside its node, outwards
                va="bottom" if ly > 0.6 else ("top" if ly < -0.6 else "center"),
                ha="center" if abs(lx) < 0.2 else ("left" if lx > 0 else "right"))

    handles = [Line2D([], [], color="#888888", lw=3, label="exchange (the wider, the more often)")] \
        if edges else []
    if len(unanswered):
        handles.append(Line2D([], [], color=ALERT, lw=1.8, ls="--", label="unanswered referral"))
    if ties:
        handles.append(Line2D([], [], color=MISSING, lw=1.6, ls=(0, (1, 2)),
                              label="no exchange, though both recorded concerns at the time"))
    if any(graph.nodes[n].get("isolate") for n in graph):
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="#dddddd", markeredgecolor=ALERT,
                              markeredgewidth=2, markersize=10, label="no exchange with any other agency"))
    if graph.number_of_edges() == 0:
        _statement(ax, f"No exchanges between agencies were found {analysis.period}.")
    lay_out(figure, ax, heading, plot, handles=handles, notes=notes)
    return figure


# -- heatmap ----------------------------------------------------------------------------------

def heatmap_figure(analysis: NetworkAnalysis) -> Figure:
    table = analysis.patterns["contacts_by_month"]
    rows, cols = table.shape
    figure = new_figure()
    ax = figure.add_subplot()
    heading = (f"{analysis.title}: contacts per agency per month, {day_to_text(analysis.first_day)} to "
               f"{day_to_text(analysis.last_day)}")
    if rows == 0 or int(table.to_numpy().sum()) == 0:
        ax.set_axis_off()
        _statement(ax, f"No agency recorded contact with the family {analysis.period}, so there is nothing to "
                   "count per month.")
        lay_out(figure, ax, heading, 2.0)
        return figure
    values = table.to_numpy()
    top = int(values.max())
    image = ax.imshow(values, aspect="auto", cmap=colormaps["Blues"], vmin=0, vmax=max(top, 1),
                      interpolation="nearest")
    left, right = label_inches(list(table.index)), 1.3                       # the names; the colour bar
    cell_inches = (FIGURE_WIDTH - left - right) / max(cols, 1)
    if rows * cols <= 600 and cell_inches >= CHAR_INCHES * len(str(top)) + 0.08:     # the counts fit in their cells
        for (r, c), v in np.ndenumerate(values):
            if v:
                ax.text(c, r, str(v), ha="center", va="center", fontsize=TEXT_PT,
                        color="white" if v > 0.6 * top else "#222222")
    step = max(1, math.ceil(cols / 12))
    ax.set_xticks(range(0, cols, step), [_month(m) for m in table.columns[::step]], rotation=90, fontsize=TEXT_PT)
    ax.set_yticks(range(rows), list(table.index), fontsize=TEXT_PT)
    bar = figure.add_axes((0.9, 0.1, 0.02, 0.8))
    colourbar = figure.colorbar(image, cax=bar)
    colourbar.set_label("contacts", fontsize=TEXT_PT)
    colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    colourbar.ax.tick_params(labelsize=TEXT_PT)
    notes = []
    year = int((analysis.entries["_precision"] == "year").sum())
    if year:
        notes.append(f"{year:,} {'entry' if year == 1 else 'entries'} dated only to the year "
                     f"{'is' if year == 1 else 'are'} not counted.")
    x, y, w, h = lay_out(figure, ax, heading, 0.34 * rows, left=left, right=right, below=1.0, notes=notes)
    bar.set_position((x + w + 0.15 / FIGURE_WIDTH, y, 0.18 / FIGURE_WIDTH, h))
    return figure


def _wrapped(name: str) -> str:
    """An agency's name on lines of at most 14 characters: the labels around the network stay inside it."""
    return "\n".join(textwrap.wrap(name, 14)) or name


def _month(iso: str) -> str:
    """"Mar 2022" for a month "2022-03" (a column of the contacts table)."""
    year, month = str(iso).split("-")[:2]
    return f"{MONTHS[int(month) - 1][:3]} {year}"


def draw_figures(analysis: NetworkAnalysis) -> dict[str, Figure]:
    return {"swimlane": swimlane_figure(analysis), "network": network_figure(analysis),
            "heatmap": heatmap_figure(analysis)}
