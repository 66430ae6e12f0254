"""Make templates/reference.docx and templates/reference-public.docx: the styles pandoc gives
build/report.docx (the working draft) and build/publish/report.docx (the public edition).

Starts from pandoc's own default reference document (so every style pandoc uses exists) and
sets: A4 pages, fonts and heading styles, the "Table" style (borders, shaded header row),
a "Gap" paragraph style for sections with no content yet, the title page's styles ("Protective
Marking", "Title Page Detail"), the contents' ("toc 1" to "toc 3"), and "Page X of Y" in the footer. The
draft's has a "DRAFT — not for publication" marking in the header; the public one has an empty
header and no author, description or other person's name in its properties. The zips are
written with fixed dates, so running this again gives the same bytes.

    .venv/bin/python templates/make_reference_docx.py [DRAFT.docx [PUBLIC.docx]]
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "reference.docx"
OUTPUT_PUBLIC = HERE / "reference-public.docx"
DRAFT = "DRAFT — not for publication"
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5A, 0x5A, 0x5F)
GAP_INK, GAP_FILL = "B45309", "FFF4E0"
RULE = "A6ABB3"
HEADER_FILL = "E6EAF0"


def _pandoc_default() -> bytes:
    done = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                          capture_output=True, check=True)
    return done.stdout


# Child order that the OOXML schema requires (Word reports "unreadable content" otherwise).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")


def _element(tag: str, **attrs: str):
    element = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _replace(parent, new, order: tuple[str, ...]) -> None:
    """Put ``new`` into ``parent`` in schema order, replacing a child with the same tag."""
    local = new.tag.split("}")[-1]
    for old in parent.findall(new.tag):
        parent.remove(old)
    later = set(order[order.index(local) + 1:])
    for index, child in enumerate(parent):
        if child.tag.split("}")[-1] in later:
            parent.insert(index, new)
            return
    parent.append(new)


def _borders(tag: str, colour: str, size: str = "4"):
    borders = _element(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(side, val="single", sz=size, space="0", color=colour))
    return borders


def _font(style, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None,
          italic: bool | None = None) -> None:
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour


def _style(document, name: str, kind=WD_STYLE_TYPE.PARAGRAPH):
    for style in document.styles:
        if style.name is not None and style.name.lower() == name.lower() and style.type == kind:
            return style
    return document.styles.add_style(name, kind)


def _paragraph_styles(document) -> None:
    normal = document.styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Body Text", "First Paragraph", "Compact"):
        style = _style(document, name)
        style.base_style = normal
        _font(style, 10.5)
    sizes = {"Title": 26, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5, "Heading 4": 10.5,
             "Heading 5": 10.5, "Heading 6": 10.5}
    for name, size in sizes.items():
        style = _style(document, name)
        _font(style, size, bold=name != "Subtitle", colour=MUTED if name == "Subtitle" else ACCENT)
        style.paragraph_format.keep_with_next = True
        if name.startswith("Heading"):
            level = int(name.split()[-1])
            style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
            style.paragraph_format.space_after = Pt(6)
    heading1 = document.styles["Heading 1"]
    ppr = heading1.element.get_or_add_pPr()
    border = _element("pBdr")
    border.append(_element("bottom", val="single", sz="8", space="2", color="1F3A5F"))
    _replace(ppr, border, PPR_ORDER)
    for name in ("Image Caption", "Table Caption", "Caption"):
        style = _style(document, name)
        _font(style, 9, italic=True, colour=MUTED)
    gap = _style(document, "Gap")
    gap.base_style = normal
    _font(gap, 10, colour=RGBColor.from_string(GAP_INK))
    gap.paragraph_format.left_indent = Cm(0.3)
    gap.paragraph_format.space_before = Pt(4)
    gap.paragraph_format.space_after = Pt(4)
    ppr = gap.element.get_or_add_pPr()
    border = _element("pBdr")
    border.append(_element("left", val="single", sz="24", space="6", color=GAP_INK))
    _replace(ppr, border, PPR_ORDER)
    _replace(ppr, _element("shd", val="clear", color="auto", fill=GAP_FILL), PPR_ORDER)
    hyperlink = _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x1A, 0x5F, 0xB4)
    _title_page_styles(document, normal)


def _title_page_styles(document, normal) -> None:
    """The title page (reviewbench.render.title_page) and the contents (reviewbench.render.docx_contents)."""
    marking = _style(document, "Protective Marking")
    marking.base_style = normal
    _font(marking, 12, bold=True, colour=RGBColor(0xB9, 0x1C, 0x1C))
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_before = Pt(12)
    marking.paragraph_format.space_after = Pt(36)
    for name in ("Title", "Subtitle"):
        document.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.styles["Title"].paragraph_format.space_before = Pt(120)
    document.styles["Subtitle"].paragraph_format.space_after = Pt(48)
    detail = _style(document, "Title Page Detail")
    detail.base_style = normal
    _font(detail, 12, colour=MUTED)
    detail.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    detail.paragraph_format.space_after = Pt(8)
    for level in (1, 2, 3):
        toc = _style(document, f"toc {level}")
        toc.element.set(qn("w:styleId"), f"TOC{level}")
        toc.base_style = normal
        _font(toc, 10.5, bold=level == 1)
        toc.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        toc.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        toc.paragraph_format.space_after = Pt(2)


def _table_style(document) -> None:
    """pandoc gives every table the style "Table": thin borders, a shaded, bold header row."""
    style = _style(document, "Table", WD_STYLE_TYPE.TABLE)
    style.font.size = Pt(9)                      # python-docx puts rPr where the schema wants it
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = _element("tblPr")
        successor = next((c for c in style.element if c.tag in (qn("w:trPr"), qn("w:tcPr"), qn("w:tblStylePr"))),
                         None)
        if successor is None:
            style.element.append(tblpr)
        else:
            successor.addprevious(tblpr)
    _replace(tblpr, _borders("tblBorders", RULE), TBLPR_ORDER)
    margins = _element("tblCellMar")
    for side, width in (("top", "40"), ("left", "80"), ("bottom", "40"), ("right", "80")):
        margins.append(_element(side, w=width, type="dxa"))
    _replace(tblpr, margins, TBLPR_ORDER)
    for old in style.element.findall(qn("w:tblStylePr")):
        style.element.remove(old)
    first = _element("tblStylePr", type="firstRow")
    first_rpr = _element("rPr")
    first_rpr.append(_element("b"))
    first.append(first_rpr)
    first_tcpr = _element("tcPr")
    first_tcpr.append(_element("shd", val="clear", color="auto", fill=HEADER_FILL))
    first.append(first_tcpr)
    style.element.append(first)


def _field(paragraph, instruction: str) -> None:
    field = _element("fldSimple", instr=f" {instruction} ")
    run = _element("r")
    text = _element("t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page(document, marking: str | None) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.0)
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if marking:
            run = paragraph.add_run(marking)
            run.bold = True
            run.font.name = FONT
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, instruction in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
            run = paragraph.add_run(text)
            run.font.name = FONT
            run.font.size = Pt(9)
            _field(paragraph, instruction)


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes on every run: entries in order, dates fixed to 1980-01-01."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def make_reference(output: Path = OUTPUT, public: bool = False) -> Path:
    """The draft's reference document, or with ``public`` the public edition's (no marking, no author)."""
    document = docx.Document(io.BytesIO(_pandoc_default()))
    _paragraph_styles(document)
    _table_style(document)
    _page(document, None if public else DRAFT)
    props = document.core_properties
    by = "" if public else "reviewbench"
    props.title, props.author, props.comments = ("", by, "") if public else ("reviewbench report", by, DRAFT)
    import datetime as dt
    props.created = props.modified = dt.datetime(1980, 1, 1)
    props.last_modified_by = by
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    output.write_bytes(_fixed_zip(buffer.getvalue()))
    return output


if __name__ == "__main__":
    draft = make_reference(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    public = make_reference(Path(sys.argv[2]) if len(sys.argv) > 2 else OUTPUT_PUBLIC, public=True)
    print(f"Wrote {draft} and {public}")
