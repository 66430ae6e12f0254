"""The Word report's page layout: landscape sections for wide parts (the chronology appendix), and
every table at the width of its page with columns fitted to their content
(:mod:`.column_widths`), its text set smaller when its longest words do not fit side by side.

A Word section ends with a paragraph holding its properties (``w:sectPr``); the body's last one
holds the last section's. A landscape part gets a section of its own: the portrait section before it
ends just before its heading, and it ends just before the next heading of level 1 (or with the body).
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from .column_widths import fitted_widths, least_width
from .docx_contents import element, paragraph_text, style_of

TABLE_POINTS = 10.5      # pandoc's table cells are "Compact" paragraphs: 10.5 pt (templates/make_reference_docx.py)
SMALLER = (9.5, 9, 8.5, 8)   # a table whose words do not fit side by side is set smaller, down to SMALLEST
SMALLEST = SMALLER[-1]


def _body_child(node, body):
    while node.getparent() is not body:
        node = node.getparent()
    return node


def _section_break(properties) -> object:
    paragraph = element("p")
    ppr = element("pPr")
    ppr.append(properties)
    paragraph.append(ppr)
    return paragraph


def landscape(properties) -> object:
    """A copy of section ``properties`` turned landscape: page width and height swapped."""
    turned = copy.deepcopy(properties)
    size = turned.find(qn("w:pgSz"))
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    size.set(qn("w:w"), str(max(width, height)))
    size.set(qn("w:h"), str(min(width, height)))
    size.set(qn("w:orient"), "landscape")
    return turned


def landscape_parts(body, bookmarks: list[str]) -> int:
    """Give each part of the body that starts at one of ``bookmarks`` (a heading's) a landscape section
    of its own. Returns how many it found."""
    final = body.find(qn("w:sectPr"))
    portrait = copy.deepcopy(final)
    found = 0
    for name in bookmarks:
        start = next((b for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == name), None)
        if start is None:
            continue
        first = _body_child(start, body)
        heading = first if first.tag == qn("w:p") else next(first.itersiblings(qn("w:p")), None)
        if heading is None:
            continue
        found += 1
        if first.getprevious() is not None:
            first.addprevious(_section_break(copy.deepcopy(portrait)))
        after = next((p for p in heading.itersiblings(qn("w:p")) if style_of(p) == "Heading1"
                      and paragraph_text(p).strip()), None)
        if after is None:
            final.getparent().replace(final, landscape(portrait))
            final = body.find(qn("w:sectPr"))
        else:
            after.addprevious(_section_break(landscape(portrait)))
    return found


def _text_width(properties) -> int:
    size, margins = properties.find(qn("w:pgSz")), properties.find(qn("w:pgMar"))
    return (int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"), "0"))
            - int(margins.get(qn("w:right"), "0")))


def section_widths(body) -> list[tuple[object, int]]:
    """(table, the text width of its section in twips) for every table of the body, in order."""
    tables, pending = [], []
    for child in body:
        if child.tag == qn("w:tbl"):
            pending.append(child)
            continue
        properties = child if child.tag == qn("w:sectPr") else child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if properties is not None:
            tables += [(table, _text_width(properties)) for table in pending]
            pending = []
    return tables


def _cell_text(cell) -> str:
    return "\n".join(paragraph_text(p) for p in cell.iter(qn("w:p")))


def _set(parent, tag: str, before: tuple[str, ...] = (), **attrs: str):
    """``parent``'s child ``tag`` with ``attrs``, made (before the first of ``before``) when missing."""
    child = parent.find(qn(f"w:{tag}"))
    if child is None:
        child = element(tag)
        successor = next((c for c in parent if c.tag.split("}")[-1] in before), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


_TBLPR_AFTER_W = ("jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                  "tblCaption", "tblDescription")
_TBLPR_AFTER_LAYOUT = ("tblCellMar", "tblLook", "tblCaption", "tblDescription")
_TCPR_AFTER_W = ("gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText",
                 "vAlign", "hideMark")


def _columns(table) -> list[list[str]]:
    rows = [[_cell_text(cell) for cell in row.iterchildren(qn("w:tc"))] for row in table.iterchildren(qn("w:tr"))]
    count = max((len(r) for r in rows), default=0)
    return [[row[i] for row in rows if i < len(row)] for i in range(count)]


# Children of w:rPr that come after w:sz (the schema's order).
_RPR_AFTER_SZ = ("szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
                 "eastAsianLayout", "specVanish", "oMath")


def _shrink(table, points: float) -> None:
    """Every run of ``table`` at ``points`` points."""
    half_points = str(round(points * 2))
    for run in table.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = element("rPr")
            run.insert(0, rpr)
        _set(rpr, "sz", _RPR_AFTER_SZ, val=half_points)
        _set(rpr, "szCs", _RPR_AFTER_SZ[1:], val=half_points)


def fit_table(table, width: int, points: float = TABLE_POINTS) -> tuple[list[int], float]:
    """Set ``table`` to ``width`` twips, its columns fitted to their content; when its longest words do not
    fit side by side at ``points`` points, its text smaller (down to SMALLEST). Returns the widths and
    the size of its text."""
    columns = _columns(table)
    if not columns:
        return [], points
    size = next((p for p in (points, *SMALLER) if p <= points and least_width(columns, p) <= width), SMALLEST)
    if size < points:
        _shrink(table, size)
    widths = fitted_widths(columns, width, size)
    tblpr = table.find(qn("w:tblPr"))
    _set(tblpr, "tblW", _TBLPR_AFTER_W, w=str(width), type="dxa")
    _set(tblpr, "tblLayout", _TBLPR_AFTER_LAYOUT, type="fixed")
    grid = table.find(qn("w:tblGrid"))
    for old in list(grid):
        grid.remove(old)
    for w in widths:
        grid.append(element("gridCol", w=str(w)))
    for row in table.iterchildren(qn("w:tr")):
        for w, cell in zip(widths, row.iterchildren(qn("w:tc"))):
            tcpr = cell.find(qn("w:tcPr"))
            if tcpr is None:
                tcpr = element("tcPr")
                cell.insert(0, tcpr)
            _set(tcpr, "tcW", _TCPR_AFTER_W, w=str(w), type="dxa")
    return widths, size


def fit_tables(body, points: float = TABLE_POINTS) -> int:
    """Every table of the body at its page's text width, columns fitted to text of ``points`` points.
    Returns how many."""
    placed = section_widths(body)
    for table, width in placed:
        fit_table(table, width, points)
    return len(placed)
