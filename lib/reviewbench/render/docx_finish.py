"""What pandoc's DOCX becomes before anyone reads it: the title page ends its page, the contents
become a Word table-of-contents field (:mod:`.docx_contents`), wide parts print landscape and tables
fit their page (:mod:`.docx_layout`), the draft's header carries its protective marking, and the
document properties say what the document is and when it was made (:mod:`.title_page`'s day).

The zip is written with every entry dated that day, so the same inputs on the same day give the
same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from .docx_contents import add_contents, element, style_of, update_fields_on_open
from .docx_layout import TABLE_POINTS, fit_tables, landscape_parts
from .title_page import TitlePage

MARKING_SEPARATOR = " · "


def _break_before(paragraph) -> None:
    """The paragraph starts a new page (``w:pageBreakBefore``, in schema order)."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = element("pPr")
        paragraph.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is not None:
        return
    style = ppr.find(qn("w:pStyle"))
    keep = [c for c in ppr if c.tag in (qn("w:keepNext"), qn("w:keepLines"))]
    anchor = keep[-1] if keep else style
    flag = element("pageBreakBefore")
    if anchor is None:
        ppr.insert(0, flag)
    else:
        anchor.addnext(flag)


def _pages(body) -> None:
    """The contents start a page (after the title page), and so does the first heading after them."""
    for child in body.iter(qn("w:p")):
        if style_of(child) == "TOCHeading":
            _break_before(child)
            break
    contents = body.find(qn("w:sdt"))
    if contents is None:
        return
    first = next((p for p in contents.itersiblings(qn("w:p")) if style_of(p) == "Heading1"), None)
    if first is not None:
        _break_before(first)


def _mark_header(document, marking: str) -> None:
    """Put the protective marking before the header's text (the draft marking), in the same look."""
    for section in document.sections:
        header = section.header
        if header.is_linked_to_previous or not header.paragraphs:
            continue
        paragraph = header.paragraphs[0]
        if paragraph.text.startswith(marking):
            continue
        runs = paragraph.runs
        styled = next((r for r in runs if r._r.rPr is not None), None)
        run = paragraph.add_run(marking + (MARKING_SEPARATOR if paragraph.text else ""))
        if styled is not None:
            run._r.insert(0, copy.deepcopy(styled._r.rPr))
        if runs:
            runs[0]._r.addprevious(run._r)


def _cell_points(document) -> float:
    """The font size of a table cell's paragraphs (pandoc's "Compact" style), as the reference document sets it."""
    for name in ("Compact", "Normal"):
        try:
            size = document.styles[name].font.size
        except KeyError:
            continue
        if size is not None:
            return size.pt
    return TABLE_POINTS


def _properties(document, front: TitlePage) -> None:
    props = document.core_properties
    moment = dt.datetime.combine(front.day, dt.time())
    props.title = front.title
    props.subject = front.kind
    props.created = props.modified = moment
    if front.marking:
        props.keywords = front.marking
    if front.draft_mark:
        return
    if props.author:                           # the public edition: no person's name anywhere
        props.author = ""
    if props.last_modified_by:
        props.last_modified_by = ""


def dated_bytes(document, day: dt.date) -> bytes:
    """The document (python-docx's or python-pptx's: anything with ``save``) as zip bytes, every entry
    dated ``day`` (zip dates start in 1980): the same content on the same day gives the same bytes."""
    raw = io.BytesIO()
    document.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    stamp = (day.year, day.month, day.day, 0, 0, 0) if day.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def finish_docx(path: Path, front: TitlePage | None, landscape: list[str], day: dt.date) -> Path:
    """Finish pandoc's DOCX at ``path`` in place: ``front`` is its title page (None: pandoc's title block
    stays, and its properties), ``landscape`` the bookmarks (heading ids) of the parts printed
    landscape, ``day`` the date of its zip entries."""
    document = docx.Document(str(path))
    body = document.element.body
    landscape_parts(body, landscape)
    section = document.sections[0]
    text_width = int(section.page_width - section.left_margin - section.right_margin) // 635   # EMU -> twips
    add_contents(body, text_width)
    _pages(body)
    fit_tables(body, _cell_points(document))
    if front is not None and front.marking:
        _mark_header(document, front.marking)
    update_fields_on_open(document.settings.element)
    if front is not None:
        _properties(document, front)
    path.write_bytes(dated_bytes(document, day))
    return path
