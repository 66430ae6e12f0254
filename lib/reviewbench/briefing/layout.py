"""The briefing's one A4 page: a heading cell and the seven boxes in a grid of two columns, and whether
they fit at a readable size.

Word and a browser lay text out themselves, so the fit is an estimate made before either does: lines
per paragraph from its characters and the column's width (Arial's average character is about half its
size wide), line and paragraph heights from the size. The largest of ``SIZES`` at which every row
fits is chosen; when even the smallest does not fit, the command says so. The client tests print the
example with LibreOffice and count its pages, which keeps the estimate honest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .fill import Box, Briefing

PAGE_WIDTH, PAGE_HEIGHT = 595.3, 841.9        # A4, points
MARGIN = 42.5                                 # 1.5 cm
COLUMNS = 2
CELL_PADDING = 6.0                            # left and right, and top and bottom, of each cell
GRID_GAP = 0.0
BULLET_INDENT = 12.0
SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)          # body text, largest first
CHAR_WIDTH = 0.55                             # of the size: an average character of Arial (0.5), DejaVu Sans (0.55)
LINE = 1.2                                    # line height, of the size
AFTER = 0.35                                  # space after a paragraph, of the size
SAFETY = 0.94                                 # of the page's height: what the estimate may fill
TITLE_SCALE = 1.9                             # the heading cell's title, of the body size


@dataclass(frozen=True)
class Fit:
    """The size the briefing is set in, each row's estimated height, and whether it fits one page."""

    size: float
    rows: list[float]             # points, the heading cell and box 1 first
    available: float
    fits: bool

    @property
    def spare(self) -> float:
        return max(0.0, self.available - sum(self.rows))

    def row_minimum(self, index: int) -> float:
        """The least height of a row: its estimate and a share of half the spare space, so the grid
        fills the page without leaning on the estimate's margin."""
        return self.rows[index] + self.spare / 2 / len(self.rows)


def cell_width() -> float:
    return (PAGE_WIDTH - 2 * MARGIN - GRID_GAP * (COLUMNS - 1)) / COLUMNS - 2 * CELL_PADDING


def _lines(text: str, width: float, size: float) -> int:
    per_line = max(1, int(width / (size * CHAR_WIDTH)))
    lines, current = 1, 0
    for word in text.split():
        extra = len(word) + (1 if current else 0)
        if current + extra > per_line and current:
            lines, current = lines + 1, len(word)
        else:
            current += extra
    return lines


def _paragraphs_height(paragraphs: list[str], width: float, size: float) -> float:
    return sum(_lines(p, width, size) * size * LINE + size * AFTER for p in paragraphs)


def box_height(box: Box, size: float) -> float:
    """The estimated height of a box's cell: its label, then its paragraphs (or its gap's sentence)."""
    width = cell_width() - (BULLET_INDENT if box.bullets else 0)
    shown = box.paragraphs or [f"To be written: {box.gap}."]
    label = _lines(f"{box.number}  {box.label}", cell_width(), size * 1.15) * size * 1.15 * LINE + size * AFTER
    return 2 * CELL_PADDING + label + _paragraphs_height(shown, width, size)


def heading_height(briefing: Briefing, size: float) -> float:
    title = size * TITLE_SCALE
    return (2 * CELL_PADDING + _lines(briefing.title, cell_width(), title) * title * LINE + size * AFTER
            + _paragraphs_height([briefing.subject, briefing.byline], cell_width(), size))


def fit(briefing: Briefing) -> Fit:
    """The largest size at which the heading cell and the boxes fit one page (or the smallest, not fitting)."""
    for size in SIZES:
        measured = _measured(briefing, size)
        if measured.fits:
            break
    return measured


def _measured(briefing: Briefing, size: float) -> Fit:
    available = (PAGE_HEIGHT - 2 * MARGIN) * SAFETY
    cells = [heading_height(briefing, size)] + [box_height(b, size) for b in briefing.boxes]
    cells += [0.0] * (len(cells) % COLUMNS)
    rows = [max(cells[i:i + COLUMNS]) for i in range(0, len(cells), COLUMNS)]
    return Fit(size, rows, available, sum(rows) <= available)


def overflow_note(briefing: Briefing, measured: Fit) -> str:
    """The sentence for a briefing that does not fit one page even at the smallest size."""
    over = math.ceil(sum(measured.rows) - measured.available)
    longest = sorted(briefing.boxes, key=lambda b: -box_height(b, measured.size))[:2]
    names = " and ".join(f"box {b.number} '{b.label}'" for b in longest)
    return (f"the briefing does not fit on one A4 page even at {measured.size:g} pt (about {over} pt too long): "
            f"shorten the longest boxes ({names}) in authored/briefing.yaml, or lower their caps.")
