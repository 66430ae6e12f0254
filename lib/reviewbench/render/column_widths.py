"""Column widths fitted to a table's content, as a browser lays out an automatic table: every column
at least as wide as its longest word (so no date, word or entry id is broken across a cell line),
the rest of the width shared in proportion to how much more each column would take unwrapped.

Text is measured with Arial's character widths (the report's font; LibreOffice prints it with the
metric-compatible Liberation Sans), bold for the header row, slightly generously. Widths are in
twentieths of a point (twips, Word's ``dxa``).
"""

from __future__ import annotations

import re


def _advances(letters: str, widths: str) -> dict[str, int]:
    return dict(zip(letters, (int(w) for w in widths.split())))


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PUNCTUATION = " .,:;-/()'\"&_@%£’—"
# Arial's advance widths in thousandths of an em (regular, bold); digits 556; anything else DEFAULT.
REGULAR = {**_advances(_LOWER, "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 "
                               "500 722 500 500 500"),
           **_advances(_UPPER, "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 "
                               "667 944 667 667 611"),
           **_advances(_PUNCTUATION, "278 278 278 278 278 333 278 333 333 191 355 667 556 1015 889 556 222 1000"),
           **dict.fromkeys("0123456789", 556)}
BOLD = {**REGULAR,
        **_advances(_LOWER, "556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 "
                            "556 778 556 556 500"),
        **_advances(_UPPER, "722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 611 722 "
                            "667 944 667 667 611"),
        **_advances(_PUNCTUATION, "278 278 278 333 333 333 278 333 333 238 474 722 556 975 889 556 278 1000")}
DEFAULT = 600
MARGIN = 1.06                # rounding and hinting in the program that prints them
CELL_PADDING = 260           # twips: the table style's cell margins (80 + 80) and a little air


def text_width(text: str, points: float, bold: bool = False) -> int:
    """The width of ``text`` on one line at ``points`` points, in twips."""
    advances = BOLD if bold else REGULAR
    return round(sum(advances.get(c, DEFAULT) for c in text) * points * 20 / 1000 * MARGIN)


BREAKS = re.compile(r"[ \t\r\n]+")      # where a line may break: not at a no-break space (a date keeps together)


def _words(column: list[str]):
    """(word, bold) of every cell of ``column``; the first cell is the header, printed bold. Words are
    split where a line can break, so "3 March 2022" joined by no-break spaces is one word."""
    return ((word, i == 0) for i, cell in enumerate(column) for word in BREAKS.split(cell) if word)


def _lines(column: list[str]):
    return ((line, i == 0) for i, cell in enumerate(column) for line in cell.splitlines())


def _least(columns: list[list[str]], points: float) -> list[int]:
    """Each column's longest word, padded: the least width that breaks no word."""
    return [max((text_width(word, points, bold) for word, bold in _words(column)), default=0) + CELL_PADDING
            for column in columns]


def least_width(columns: list[list[str]], points: float) -> int:
    """The width (twips) a table of ``columns`` needs so that no word is broken across a cell line."""
    return sum(_least(columns, points))


def fitted_widths(columns: list[list[str]], available: int, points: float = 9) -> list[int]:
    """Widths (twips) for ``columns`` (each the texts of its cells, header included) summing to
    ``available``: each at least its longest word, when the words fit at all."""
    if not columns:
        return []
    least = _least(columns, points)
    most = [max((text_width(line, points, bold) for line, bold in _lines(column)), default=0) + CELL_PADDING
            for column in columns]
    most = [max(m, low) for m, low in zip(most, least)]
    if sum(most) <= available:                      # everything fits unwrapped: share out the spare width
        widths = _scaled(most, available)
    elif sum(least) >= available:                   # even the words do not fit: the least, scaled down
        widths = _scaled(least, available)
    else:
        spare, wants = available - sum(least), [m - low for m, low in zip(most, least)]
        widths = [low + spare * want / sum(wants) for low, want in zip(least, wants)]
    return _whole(widths, available)


def _scaled(widths: list[int], available: int) -> list[float]:
    total = sum(widths) or 1
    return [w * available / total for w in widths]


def _whole(widths: list[float], available: int) -> list[int]:
    """Round to whole twips that still sum to ``available`` (the last column takes the remainder)."""
    whole = [int(w) for w in widths]
    whole[-1] += available - sum(whole)
    return whole
