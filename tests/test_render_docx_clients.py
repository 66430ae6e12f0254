"""The example's report.docx printed by LibreOffice Writer, read back from the PDF: a title page, a
contents page whose headings end in the page they are on, a chronology appendix printed landscape
with no date or entry id broken across a cell line, no empty heading, and the document's properties.

LibreOffice prints a Word contents field as the document stored it; like a user before printing,
the tests update its indexes first (``clients.print_updated``). Word updates it on opening.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import docx
import pytest
from PIL import Image

from clients import convert, page_sizes, pdf_info, pdf_text, print_updated

pytestmark = [pytest.mark.client, pytest.mark.slow, pytest.mark.kernel]   # the rendered example starts one

CHRONOLOGY = "Appendix D: Integrated chronology"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "make_report_screenshots.py"
CONTENTS_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")
# A date as the chronology appendix writes it ("3 March 2022"; reviewbench.dates), and as agencies wrote
# them in the text they sent (05/01/2022).
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:\d{{1,2}} (?:{MONTHS}) \d{{4}}|\d{{2}}/\d{{2}}/\d{{4}})\b")


@pytest.fixture(scope="module")
def printed(office_profile, rendered_example, tmp_path_factory):
    """The example's draft report.docx and the PDF LibreOffice prints of it, with each page's text."""
    docx_path = rendered_example / "build" / "report.docx"
    folder = tmp_path_factory.mktemp("docx-printed")
    pdf = print_updated(docx_path, folder / "pdf", office_profile)
    return docx_path, pdf, pdf_text(pdf)


def _page_of(pages: list[str], heading: str) -> int:
    """The index of the page where ``heading`` stands on a line of its own (not a contents line)."""
    return next(i for i, page in enumerate(pages) if any(line.strip() == heading for line in page.splitlines()))


def _chronology_table(document):
    blocks = list(document.iter_inner_content())
    start = next(i for i, b in enumerate(blocks) if getattr(b, "text", None) == CHRONOLOGY)
    return next(b for b in blocks[start:] if hasattr(b, "rows"))


def test_page_one_is_the_title_page(printed):
    _, _, pages = printed
    first = " ".join(pages[0].split())
    for line in ("OFFICIAL-SENSITIVE", "Child T", "Learning Together systems review: draft report",
                 "Period under review: 1 January 2022 to 30 June 2023",
                 "Methodology: SCIE Learning Together (systems model), version 1.1",
                 "Version 0.3 (draft for the review panel), ", "DRAFT — not for publication"):
        assert line in first, line
    assert "Contents" not in first and "2 Introduction" not in first


def test_the_contents_list_every_heading_with_the_page_it_is_on(printed):
    docx_path, _, pages = printed
    assert pages[1].split()[pages[1].split().index("Contents")] == "Contents"
    listed = {}
    for page in pages[1:4]:
        for line in page.splitlines():
            found = CONTENTS_LINE.match(line)
            if found:
                listed[found.group(1)] = int(found.group(2))
    headings = [p.text for p in docx.Document(str(docx_path)).paragraphs if p.style.name == "Heading 1"]
    assert len(headings) >= 8 and CHRONOLOGY in headings
    for heading in headings:
        assert heading in listed, f"{heading!r} is not in the contents with a page number"
        assert listed[heading] == _page_of(pages, heading) + 1, heading
    assert listed["2 Introduction"] > 2                        # after the title page and the contents


def test_the_chronology_appendix_prints_landscape_and_the_rest_portrait(printed):
    _, pdf, pages = printed
    sizes = page_sizes(pdf)
    assert len(sizes) == len(pages)
    start, end = _page_of(pages, CHRONOLOGY), _page_of(pages, "Appendix E: Parameters and provenance")
    assert end - start >= 5
    landscape = [i for i, (width, height) in enumerate(sizes) if width > height]
    assert landscape == list(range(start, end))


def test_no_date_word_or_entry_id_of_the_chronology_is_broken_across_a_cell_line(printed):
    docx_path, _, pages = printed
    table = _chronology_table(docx.Document(str(docx_path)))
    start, end = _page_of(pages, CHRONOLOGY), _page_of(pages, "Appendix E: Parameters and provenance")
    text = "\n".join(pages[start:end]).replace("\u00a0", " ")        # a date's no-break spaces, as spaces
    ids = [row.cells[0].text for row in table.rows[1:]]
    assert len(ids) > 150
    assert [entry_id for entry_id in ids if entry_id not in text] == []
    cells = [row.cells[1].text.replace("\u00a0", " ") for row in table.rows[1:]]     # the date column
    dates = sorted(set(DATE.findall("\n".join(cells))))
    assert len(dates) > 100
    assert [d for d in dates if text.count(d) < sum(c.count(d) for c in cells)] == []
    agencies = {row.cells[2].text for row in table.rows[1:]}
    words = {word for agency in agencies for word in agency.split()}
    assert "Children's" in words
    assert [w for w in words if not re.search(rf"(?<!\S){re.escape(w)}(?!\S)", text)] == []


def test_no_heading_is_empty(printed):
    docx_path, _, pages = printed
    assert not any(line.strip() == "Appendices" for page in pages for line in page.splitlines())
    document = docx.Document(str(docx_path))
    blocks = list(document.iter_inner_content())
    for block, after in zip(blocks, blocks[1:]):
        style = getattr(getattr(block, "style", None), "name", "")
        if style.startswith("Heading"):
            assert block.text.strip() and not getattr(getattr(after, "style", None), "name", "") == style, block.text


def test_the_document_properties_say_what_it_is_and_when_it_was_rendered(printed):
    docx_path, pdf, _ = printed
    info = pdf_info(pdf)
    assert info["Title"] == "Child T" and info["Subject"] == "Learning Together systems review"
    created = docx.Document(str(docx_path)).core_properties.created.date()
    today = dt.datetime.now(dt.timezone.utc).date()
    assert created in (today, today - dt.timedelta(days=1))


def test_without_updating_libreoffice_prints_the_stored_contents_headings_listed(office_profile, rendered_example, tmp_path):
    docx_path = rendered_example / "build" / "report.docx"
    pages = pdf_text(convert(docx_path, "pdf", tmp_path / "pdf", office_profile))
    contents = [line.strip() for line in pages[1].splitlines()]
    assert "Contents" in contents and any(line.startswith("2 Introduction") for line in contents)


def test_the_readme_screenshots_script_prints_the_title_and_contents_pages_small(rendered_example, tmp_path):
    spec = importlib.util.spec_from_file_location("make_report_screenshots", SCREENSHOTS)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.make_screenshots(rendered_example / "build" / "report.docx", tmp_path / "docs", tmp_path / "work")
    assert [p.name for p in made] == ["report-title.png", "report-contents.png"]
    for path in made:
        assert path.stat().st_size < 150_000, path
        with Image.open(path) as image:
            width, height = image.size
            assert image.format == "PNG" and 400 < width < height            # an A4 portrait page at 60 dpi
    readme = (SCREENSHOTS.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "(docs/report-title.png)" in readme and "(docs/report-contents.png)" in readme
