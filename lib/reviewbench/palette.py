"""One colour per agency, everywhere: the swimlane and network figures, the workbench, and the
agency cells of the Excel chronology (filled with the colour itself, their text black or white,
whichever reads better on it).

An agency's ``colour`` in review.yaml wins; the others take matplotlib's qualitative palettes
(tab10, or tab20, tab20b and tab20c for more than ten agencies) in the sorted order of the names,
so a time slice, a re-run or another machine gives every agency the same colour.
"""

from __future__ import annotations

from collections.abc import Iterable

TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
         "#17becf")
TAB20 = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd",
         "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d",
         "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede", "#637939", "#8ca252", "#b5cf6b",
         "#cedb9c", "#8c6d31", "#bd9e39", "#e7ba52", "#e7cb94", "#843c39", "#ad494a", "#d6616b", "#e7969c",
         "#7b4173", "#a55194", "#ce6dbd", "#de9ed6", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef", "#e6550d",
         "#fd8d3c", "#fdae6b", "#fdd0a2", "#31a354", "#74c476", "#a1d99b", "#c7e9c0", "#756bb1", "#9e9ac8",
         "#bcbddc", "#dadaeb", "#636363", "#969696", "#bdbdbd", "#d9d9d9")
UNKNOWN = "#888888"


def agency_colours(agencies: Iterable, extra: Iterable[str] = ()) -> dict[str, str]:
    """``{name: "#rrggbb"}`` for the review's agencies (objects with ``name`` and ``colour``) and any
    other agency names in ``extra`` (e.g. found in the chronology)."""
    own = {a.name: a.colour for a in agencies}
    names = sorted(set(own) | {e for e in extra if e})
    palette = TAB10 if len(names) <= len(TAB10) else TAB20
    return {name: (own.get(name) or palette[i % len(palette)]).lower() for i, name in enumerate(names)}


def text_colour(colour: str) -> str:
    """Black or white, whichever has the higher contrast on ``colour`` (WCAG relative luminance)."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(colour.lstrip("#")[i:i + 2], 16)) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"
