"""The Word report's contents: a real table-of-contents field (``TOC \\o "1-3" \\h \\z \\u``), as Word
writes one, in place of the HTML report's list of links.

Word fills a TOC field with page numbers when it updates it: settings.xml asks it to on opening
(``w:updateFields``). Until then the field shows the result stored with it, which here lists every
heading of levels 1 to 3, each linked to a bookmark on its heading and followed by a ``PAGEREF``
field to that bookmark. LibreOffice prints that stored result as it is (its PDF export does not
update indexes); Tools > Update > Update All (or any update of the index) fills in the page numbers.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'
HEADING_LEVELS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
TOC_HEADING_STYLE = "TOCHeading"
BOOKMARK_PREFIX = "_Toc"


def element(tag: str, text: str | None = None, **attrs: str):
    """A ``w:`` element with ``w:`` attributes (and text)."""
    made = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for key, value in attrs.items():
        made.set(qn(f"w:{key}"), value)
    if text is not None:
        made.text = text
        if text != text.strip():
            made.set(qn("xml:space"), "preserve")
    return made


def style_of(paragraph) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


def paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _field_runs(instruction: str) -> list:
    """The runs that open a complex field: begin, the instruction, separate (its stored result follows)."""
    return [_run(element("fldChar", fldCharType="begin", dirty="true")),
            _run(element("instrText", f" {instruction} ")), _run(element("fldChar", fldCharType="separate"))]


def _run(child):
    run = element("r")
    run.append(child)
    return run


def _bookmark(heading, name: str, number: int) -> None:
    """A bookmark around the heading's text, as Word puts its ``_Toc`` bookmarks."""
    ppr = heading.find(qn("w:pPr"))
    start = element("bookmarkStart", id=str(number), name=name)
    if ppr is None:
        heading.insert(0, start)
    else:
        ppr.addnext(start)
    heading.append(element("bookmarkEnd", id=str(number)))


def _entry(text: str, level: int, bookmark: str, tab: int) -> object:
    paragraph = element("p")
    ppr = element("pPr")
    ppr.append(element("pStyle", val=f"TOC{level}"))
    tabs = element("tabs")
    tabs.append(element("tab", val="right", leader="dot", pos=str(tab)))
    ppr.append(tabs)
    paragraph.append(ppr)
    link = element("hyperlink", anchor=bookmark, history="1")
    link.append(_run(element("t", text)))
    link.append(_run(element("tab")))
    for run in _field_runs(f"PAGEREF {bookmark} \\h"):
        link.append(run)
    link.append(_run(element("fldChar", fldCharType="end")))
    paragraph.append(link)
    return paragraph


def add_contents(body, tab: int) -> bool:
    """Put a TOC field after the body's "TOC Heading" paragraph (the contents' title), listing the
    headings after it; ``tab``: where the page numbers align (twips). False when there is no such
    paragraph (a body with no contents)."""
    title = next((p for p in body.iterchildren(qn("w:p")) if style_of(p) == TOC_HEADING_STYLE), None)
    if title is None:
        return False
    used = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))]
    number = max(used, default=0)
    entries = []
    for paragraph in title.itersiblings(qn("w:p")):
        level = HEADING_LEVELS.get(style_of(paragraph))
        text = paragraph_text(paragraph).strip()
        if level is None or not text:
            continue
        number += 1
        name = f"{BOOKMARK_PREFIX}{number:08d}"
        _bookmark(paragraph, name, number)
        entries.append(_entry(text, level, name, tab))
    if not entries:
        entries.append(element("p"))
    for run in reversed(_field_runs(TOC_INSTRUCTION)):       # the field opens in the first entry
        entries[0].insert(1 if entries[0].find(qn("w:pPr")) is not None else 0, run)
    closing = element("p")
    closing.append(_run(element("fldChar", fldCharType="end")))
    content = element("sdtContent")
    sdt = element("sdt")
    properties = element("sdtPr")
    part = element("docPartObj")
    part.append(element("docPartGallery", val="Table of Contents"))
    part.append(element("docPartUnique"))
    properties.append(part)
    sdt.append(properties)
    sdt.append(content)
    title.addprevious(sdt)
    for paragraph in (title, *entries, closing):
        content.append(paragraph)
    return True


# Children of w:settings that come after w:updateFields (the schema's order; Word refuses others).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                        "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def update_fields_on_open(settings) -> None:
    """``w:updateFields`` in settings.xml (``settings``: its root element): Word updates the fields,
    the contents among them, when it opens the document."""
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    flag = element("updateFields", val="true")
    successor = next((child for child in settings if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS), None)
    if successor is None:
        settings.append(flag)
    else:
        successor.addprevious(flag)
