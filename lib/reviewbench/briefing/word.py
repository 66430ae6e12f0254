"""briefing.docx: the briefing on one A4 page of Word, a table of two columns (the heading cell, then
the seven boxes in order), made with python-docx on the public edition's reference document (its
styles; its header and footer emptied: one page needs no page number). Each box has a coloured rule
on its left, the colours of :mod:`reviewbench.palette`. The zip is dated the briefing's day, so the
same content on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..atomic import write_atomic
from ..palette import TAB10, TAB20, UNKNOWN
from ..render.docx_contents import element
from ..render.docx_finish import dated_bytes
from ..resources import templates_dir
from . import layout
from .fill import Box, Briefing

# The public edition's reference document (render.export's REFERENCE_PUBLIC_DOCX; that module loads nbformat).
REFERENCE = "reference-public.docx"
RULE = TAB20[15]                   # the cells' thin borders: the palette's light grey


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _borders(cell, left: str) -> None:
    """Thin grey borders, and a thick rule of ``left``'s colour on the left."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = element("tcBorders")
    for side in ("top", "left", "bottom", "right"):
        thick = side == "left"
        borders.append(element(side, val="single", sz="24" if thick else "4", space="0",
                               color=_hex(left if thick else RULE)))
    margins = element("tcMar")
    twips = str(int(layout.CELL_PADDING * 20))
    for side in ("top", "left", "bottom", "right"):
        margins.append(element(side, w=twips, type="dxa"))
    tcpr.append(borders)
    tcpr.append(margins)


def _paragraph(cell, text: str, size: float, *, first: bool = False, bold: bool = False, bullet: bool = False,
               colour: str | None = None):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = cell.part.document.styles["Compact"]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(size * layout.AFTER)
    fmt.line_spacing = Pt(size * layout.LINE)           # exactly: the height the layout counts on, in any font
    if bullet:
        fmt.left_indent, fmt.first_line_indent = Pt(layout.BULLET_INDENT), Pt(-layout.BULLET_INDENT)
        fmt.tab_stops.add_tab_stop(Pt(layout.BULLET_INDENT))
        text = f"•\t{text}"
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(_hex(colour))
    return paragraph


def _fill_box(cell, box: Box, size: float) -> None:
    _paragraph(cell, f"{box.number}  {box.label}", size * 1.15, first=True, bold=True)
    if not box.paragraphs:
        _paragraph(cell, f"To be written: {box.gap}.", size, colour=UNKNOWN)
    for text in box.paragraphs:
        _paragraph(cell, text, size, bullet=box.bullets)


def _fill_heading(cell, briefing: Briefing, size: float) -> None:
    _paragraph(cell, briefing.title, size * layout.TITLE_SCALE, first=True, bold=True)
    _paragraph(cell, briefing.subject, size, bold=True)
    _paragraph(cell, briefing.byline, size)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Pt(layout.PAGE_WIDTH), Pt(layout.PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(layout.MARGIN))
    for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
        for paragraph in part.paragraphs:
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)


def _properties(document, briefing: Briefing) -> None:
    props = document.core_properties
    moment = dt.datetime.combine(briefing.day, dt.time())
    props.title = f"{briefing.title}: {briefing.review.title}"
    props.subject = briefing.kind
    props.created = props.modified = moment
    props.author = props.last_modified_by = ""
    props.keywords = props.comments = ""


def write_briefing_docx(briefing: Briefing, fitted: layout.Fit, path: Path) -> Path:
    """Write ``path`` (.docx): the heading cell and the boxes, at ``fitted``'s size and row heights."""
    document = docx.Document(str(templates_dir() / REFERENCE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _page(document)
    cells = [None, *briefing.boxes]
    table = document.add_table(rows=len(fitted.rows), cols=layout.COLUMNS)
    table.autofit = False
    width = Pt((layout.PAGE_WIDTH - 2 * layout.MARGIN) / layout.COLUMNS)
    for index, row in enumerate(table.rows):
        row.height, row.height_rule = Pt(fitted.row_minimum(index)), WD_ROW_HEIGHT_RULE.AT_LEAST
        row._tr.get_or_add_trPr().insert(0, element("cantSplit"))        # before trHeight, as the schema orders
        for column, cell in enumerate(row.cells):
            cell.width = width
            position = index * layout.COLUMNS + column
            box = cells[position] if position < len(cells) else None
            _borders(cell, TAB10[(box.number - 1) % len(TAB10)] if box is not None else RULE)
            if position == 0:
                _fill_heading(cell, briefing, fitted.size)
            elif box is not None:
                _fill_box(cell, box, fitted.size)
    _properties(document, briefing)
    write_atomic(path, dated_bytes(document, briefing.day))
    return path
