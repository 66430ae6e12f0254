"""The text a reader of a published file sees, in blocks that each know their place.

A block is a paragraph, a table row, a cell or a line: small enough that "DOB" and the date
next to it stay together and a hit can be pointed at, large enough that a name split over
Word runs is whole again. Hidden corners count too: Word's document properties (core, app and
custom), headers, footers, footnotes, comments, hidden text and tracked changes; HTML comments,
<meta> content, alt text and embedded data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator

from lxml import etree

from ..chronology.headings import heading

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HTML_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "caption", "dt", "dd",
                "blockquote", "figcaption", "title", "div", "section", "article", "table", "ul", "ol",
                "header", "footer", "body", "br", "hr"}
_SECTION_HEADINGS = {"h1", "h2"}
_CELL = {"td", "th"}
_CELL_LINES = {"br", "p", "div", "ul", "ol", "li"}      # lines inside a table cell
_SCRIPT_CODE = ("", "text/javascript", "application/javascript", "module", "text/x-mathjax-config")
_TEXT_ATTRIBUTES = ("alt", "title", "aria-label")


@dataclass(frozen=True)
class Block:
    """Text at a place. Matches starting before ``skip`` (a column heading given as context) don't count."""

    place: str
    text: str
    skip: int = 0
    heading: bool = False


# -- HTML ----------------------------------------------------------------------------------------
class _HtmlBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.section = 0
        self.heading = ""
        self.paragraph = 0
        self.table_row = 0
        self.in_row = False
        self.parts: list[str] = []
        self.in_heading: str | None = None
        self.skipping: str | None = None       # inside <style> or a <script> of code

    def _where(self) -> str:
        if self.section == 0:
            return "before the first heading"
        return f"section {self.section}" + (f" ('{self.heading}')" if self.heading else "")

    def _flush(self) -> None:
        text = " ".join("".join(self.parts).replace("\u00b6", "").split())     # nbconvert's heading anchors
        self.parts = []
        if not text:
            return
        if self.in_heading:
            self.blocks.append(Block(f"{self._where()}, heading", text, heading=True))
        elif self.in_row:
            self.table_row += 1
            self.blocks.append(Block(f"{self._where()}, table row {self.table_row}", text))
        else:
            self.paragraph += 1
            self.blocks.append(Block(f"{self._where()}, paragraph {self.paragraph}", text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            return
        values = dict(attrs)
        if tag == "style" or tag == "script" and (values.get("type") or "").lower() in _SCRIPT_CODE:
            self.skipping = tag
            return
        if tag == "script":
            self._flush()
        if self.in_row and tag in _CELL_LINES:
            self.parts.append(" ")          # lines of one table cell stay one block, as in Word
        elif tag in _HTML_BLOCKS or tag in _SECTION_HEADINGS:
            self._flush()
        if tag == "tr":
            self.in_row = True
        if tag in _SECTION_HEADINGS:
            self.section += 1
            self.paragraph = self.table_row = 0
            self.heading = ""
            self.in_heading = tag
        elif tag in ("h3", "h4", "h5", "h6"):
            self.in_heading = tag
        if tag in _CELL and self.parts:
            self.parts.append(" | ")
        if tag == "meta" and values.get("content"):
            label = values.get("name") or values.get("property") or values.get("http-equiv") or ""
            self.blocks.append(Block(f"document metadata (<meta {label}>)", values["content"]))
        for name in _TEXT_ATTRIBUTES:
            if values.get(name):
                label = "alt text" if name == "alt" else f"{name} attribute"
                self.blocks.append(Block(f"{self._where()}, {label} of <{tag}>", values[name]))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        if tag == "script":
            text = "".join(self.parts).strip()
            self.parts = []
            if text:
                self.blocks.append(Block(f"{self._where()}, embedded data (<script>)", text))
            return
        if self.in_heading == tag:
            text = " ".join("".join(self.parts).replace("\u00b6", "").split())
            self._flush()
            self.in_heading = None
            if tag in _SECTION_HEADINGS:
                self.heading = text[:60]
        elif tag in _HTML_BLOCKS and not (self.in_row and tag in _CELL_LINES):
            self._flush()
            if tag == "tr":
                self.in_row = False

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.blocks.append(Block(f"{self._where()}, HTML comment", data.strip()))

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(path: Path) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.blocks


# -- DOCX ----------------------------------------------------------------------------------------
def _para_text(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(node.text or "" if node.tag in (f"{W}t", f"{W}delText") else " ")
    return "".join(parts)


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _row_text(tr) -> str:
    cells = []
    for tc in tr.findall(f"{W}tc"):
        cells.append("\n".join(t for p in tc.iter(f"{W}p") if (t := _para_text(p).strip())))
    return " | ".join(cells)


def _body_blocks(body, where: str = "") -> Iterator[Block]:
    paragraph = table = 0
    heading = ""
    prefix = f"{where}, " if where else ""
    for child in body:
        if child.tag == f"{W}p":
            paragraph += 1
            text = _para_text(child)
            style = _style(child).lower()
            is_heading = style.startswith("heading") or style == "title"
            under = f" (under '{heading}')" if heading and not is_heading else ""
            yield Block(f"{prefix}paragraph {paragraph}{under}", text, heading=is_heading)
            if is_heading and text.strip():
                heading = " ".join(text.split())[:60]
        elif child.tag == f"{W}tbl":
            table += 1
            for r, tr in enumerate(child.findall(f"{W}tr"), start=1):
                under = f" (under '{heading}')" if heading else ""
                yield Block(f"{prefix}table {table}, row {r}{under}", _row_text(tr))
        elif child.tag == f"{W}sdt":          # content controls hold paragraphs and tables
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_blocks(content, f"{prefix}content control")


_PARTS = {"header": "page header", "footer": "page footer", "footnotes": "footnotes", "endnotes": "endnotes",
          "comments": "comments"}


def docx_blocks(path: Path) -> list[Block]:
    """Body paragraphs and table rows, document properties, headers, footers, notes, comments, alt text."""
    blocks: list[Block] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        document = etree.fromstring(archive.read("word/document.xml"))
        body = document.find(f"{W}body")
        if body is not None:
            blocks += list(_body_blocks(body))
        for node in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            for attr in ("descr", "title"):
                if node.get(attr):
                    blocks.append(Block(f"description of image '{node.get('name', '')}'", node.get(attr)))
        for name in sorted(names):
            stem = Path(name).stem.rstrip("0123456789")
            if name.startswith("word/") and name.count("/") == 1 and stem in _PARTS:
                root = etree.fromstring(archive.read(name))
                label = _PARTS[stem] + (f" ({Path(name).name})" if stem in ("header", "footer") else "")
                for i, p in enumerate(root.iter(f"{W}p"), start=1):
                    blocks.append(Block(f"{label}, paragraph {i}", _para_text(p)))
        for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
            if name in names:
                root = etree.fromstring(archive.read(name))
                for node in root.iter():
                    if isinstance(node.tag, str) and node.text and node.text.strip() and len(node) == 0:
                        field = etree.QName(node).localname
                        blocks.append(Block(f"document properties ({field})", node.text.strip()))
    return [b for b in blocks if b.text.strip()]


# -- tables and plain text -----------------------------------------------------------------------
def _entry(row: dict) -> str:
    """" (entry CSC-1a2b3c4d)" for a row with an entry id: under its field name (the CSV) or its heading
    (the Excel chronology, :mod:`reviewbench.chronology.headings`)."""
    entry = row.get("entry_id") or row.get(heading("entry_id")) or ""
    return f" (entry {entry})" if entry else ""


def csv_blocks(path: Path) -> list[Block]:
    """One block per cell, "row N" counted as a spreadsheet shows it (the heading is row 1)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    blocks = []
    for n, row in enumerate(reader, start=2):
        for column, value in row.items():
            if value and column is not None:
                context = f"{column}: "
                blocks.append(Block(f"row {n}{_entry(row)}, column {column}", context + str(value), skip=len(context)))
    return blocks


def xlsx_blocks(path: Path) -> list[Block]:
    from openpyxl import load_workbook
    workbook = load_workbook(path, read_only=True, data_only=True)
    blocks = []
    try:
        for sheet in workbook.worksheets:
            header: list[str] = []
            for r, row in enumerate(sheet.iter_rows(), start=1):
                values = ["" if c.value is None else str(c.value) for c in row]
                if r == 1:
                    header = values
                named = dict(zip(header, values))
                for cell, value in zip(row, values):
                    if not value:
                        continue
                    column = header[cell.column - 1] if r > 1 and cell.column - 1 < len(header) else ""
                    context = f"{column}: " if column else ""
                    where = f"sheet '{sheet.title}', cell {cell.coordinate}{_entry(named) if r > 1 else ''}"
                    blocks.append(Block(where,
                                        context + value, skip=len(context)))
    finally:
        workbook.close()
    return blocks


def text_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [Block(f"line {n}", line) for n, line in enumerate(lines, start=1) if line.strip()]


def json_blocks(path: Path) -> list[Block]:
    blocks: list[Block] = []

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")
        elif value is not None:
            blocks.append(Block(f"key {where or '(top level)'}", str(value)))

    walk(json.loads(path.read_text(encoding="utf-8")), "")
    return blocks


# -- PPTX ----------------------------------------------------------------------------------------
def pptx_blocks(path: Path) -> list[Block]:
    """Each paragraph of each slide's shapes and speaker notes, and the presentation's properties."""
    from pptx import Presentation  # only a slide deck needs it

    deck = Presentation(str(path))
    blocks = [Block(f"document property {name}", value) for name in ("title", "subject", "author", "keywords",
                                                                    "comments", "last_modified_by")
              if (value := getattr(deck.core_properties, name, "") or "")]
    for number, slide in enumerate(deck.slides, start=1):
        frames = [(shape.name, shape.text_frame) for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            frames.append(("speaker notes", slide.notes_slide.notes_text_frame))
        for where, frame in frames:
            for line, paragraph in enumerate(frame.paragraphs, start=1):
                if paragraph.text.strip():
                    blocks.append(Block(f"slide {number}, {where}, paragraph {line}", paragraph.text))
    return blocks


EXTRACTORS: dict[str, Callable[[Path], list[Block]]] = {
    ".html": html_blocks, ".htm": html_blocks, ".docx": docx_blocks, ".csv": csv_blocks, ".tsv": csv_blocks,
    ".xlsx": xlsx_blocks, ".xlsm": xlsx_blocks, ".md": text_blocks, ".txt": text_blocks, ".json": json_blocks,
    ".pptx": pptx_blocks,
}
