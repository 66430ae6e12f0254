"""report.docx as Word reads it, made in-process from a small report (no kernel, no LibreOffice):
the title page, the table-of-contents field, the landscape chronology appendix, tables at the width
of their page with columns no narrower than their longest word, the document properties and
footnotes (:mod:`reviewbench.render.docx_finish` and the modules it calls)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

import yaml_files
from report_support import FINDING, KPE, build, write_review
from reviewbench.config import load_review
from reviewbench.render.column_widths import CELL_PADDING, fitted_widths, least_width, text_width
from reviewbench.render.docx_layout import SMALLEST, section_widths
from reviewbench.render.export import docx_source, export_docx
from reviewbench.render.title_page import render_day, title_page

DAY = dt.date(2024, 2, 5)
NOTE = "The Anyshire study of screening decisions (fictional), 2021."
OVERVIEW = f"Screening looked at one referral at a time.[^1]\n\n[^1]: {NOTE}\n"
EXTRA = {"partnership": "Anyshire Safeguarding Children Partnership (fictional)", "version": "2.1",
         "settings": {"protective_marking": "OFFICIAL-SENSITIVE [TEST]"}}


def _made(root, publish: bool = False):
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    (root / "review.yaml").write_text(yaml_files.safe_dump({**config, **EXTRA}, sort_keys=False), encoding="utf-8")
    report = build(root, publish=publish)
    front = title_page(load_review(root), report.methodology, report.subtitle, publish, DAY)
    out = export_docx(report.html(), report.title, report.subtitle, root / f"report-{publish}.docx", front=front)
    return report, out


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A small review's draft report as DOCX, with its report (the body both outputs come from)."""
    root = write_review(tmp_path_factory.mktemp("docx") / "review", kpes=[KPE], findings=[FINDING],
                        sections={"overview": OVERVIEW})
    return _made(root)


def _body_texts(document) -> list[tuple[str, str]]:
    """(style, text) of the paragraphs of the body, in order, outside the contents field."""
    return [(p.style.name, p.text) for p in document.paragraphs]


pytestmark = pytest.mark.slow          # pandoc writes each document (a second or two)


def test_the_title_page_comes_first_and_ends_its_page(made):
    report, out = made
    document = docx.Document(str(out))
    first = _body_texts(document)[:9]
    assert first[0] == ("Protective Marking", "OFFICIAL-SENSITIVE [TEST]")
    assert first[1] == ("Title", report.title) and first[2] == ("Subtitle", report.subtitle)
    details = [text for style, text in first if style == "Title Page Detail"]
    assert details == ["Period under review: 1 January 2022 to 31 December 2022",
                       f"Methodology: {report.methodology.title}, version {report.methodology.version}",
                       "Partnership: Anyshire Safeguarding Children Partnership (fictional)",
                       "Version 2.1, 5 February 2024"]
    assert ("Protective Marking", "DRAFT — not for publication") in first
    contents = document.element.body.find(qn("w:sdt"))
    title = contents.find(f"{qn('w:sdtContent')}/{qn('w:p')}")
    assert "".join(t.text for t in title.iter(qn("w:t"))) == "Contents"
    assert title.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None     # the title page ends there
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("OFFICIAL-SENSITIVE [TEST]") and "DRAFT" in header


def test_the_contents_are_a_word_toc_field_listing_every_heading_with_a_page_reference(made):
    _, out = made
    document = docx.Document(str(out))
    contents = document.element.body.find(qn("w:sdt"))
    gallery = contents.find(f".//{qn('w:docPartGallery')}")
    assert gallery.get(qn("w:val")) == "Table of Contents"
    instructions = [t.text.strip() for t in contents.iter(qn("w:instrText"))]
    assert instructions[0] == r'TOC \o "1-3" \h \z \u'
    headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    assert len(instructions) == len(headings) + 1 > 10
    bookmarks = {}
    for heading in headings:
        start = heading._p.find(qn("w:bookmarkStart"))
        assert start is not None, heading.text
        bookmarks[start.get(qn("w:name"))] = heading.text
    assert [i.split()[1] for i in instructions[1:]] == list(bookmarks)          # PAGEREF <bookmark>, in order
    entries = contents.findall(f"{qn('w:sdtContent')}/{qn('w:p')}")[1:-1]
    shown = ["".join(t.text for t in e.find(qn("w:hyperlink")).iter(qn("w:t"))) for e in entries]
    assert shown == list(bookmarks.values())
    assert "Appendix A: Terms of reference" in shown and "2 Introduction" in shown
    settings = zipfile.ZipFile(out).read("word/settings.xml").decode("utf-8")
    assert '<w:updateFields w:val="true"/>' in settings                       # Word fills it on opening


def test_no_heading_is_empty_and_there_is_no_appendices_heading(made):
    report, out = made
    document = docx.Document(str(out))
    blocks = list(document.iter_inner_content())
    levels = {f"Heading {n}": n for n in range(1, 7)}
    for block, after in zip(blocks, blocks[1:] + [None]):
        level = levels.get(getattr(getattr(block, "style", None), "name", ""))
        if level is None:
            continue
        assert block.text.strip(), "an empty heading"
        next_level = levels.get(getattr(getattr(after, "style", None), "name", ""))
        assert after is not None and (next_level is None or next_level > level), f"nothing under {block.text!r}"
    assert "Appendices" not in [p.text for p in document.paragraphs]
    assert ">Appendices<" not in report.html()


def test_the_chronology_appendix_is_a_landscape_section_and_the_rest_is_portrait(made):
    _, out = made
    document = docx.Document(str(out))
    body = document.element.body
    orientations, current = [], []
    for child in body:
        if child.tag == qn("w:p"):
            current.append("".join(t.text for t in child.iter(qn("w:t"))))
        properties = child if child.tag == qn("w:sectPr") else child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if properties is not None:
            size = properties.find(qn("w:pgSz"))
            landscape = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            orientations.append((landscape, current))
            current = []
    assert len(orientations) == 3                  # portrait, the chronology, portrait again
    assert [landscape for landscape, _ in orientations] == [False, True, False]
    assert orientations[1][1][0] == "Appendix D: Integrated chronology"
    assert orientations[2][1][0].startswith("Appendix E")
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                           WD_ORIENT.PORTRAIT]


def test_every_table_is_as_wide_as_its_page_and_no_column_narrower_than_its_longest_word(made):
    _, out = made
    document = docx.Document(str(out))
    body = document.element.body
    checked, widths = 0, []
    for table_xml, width in section_widths(body):
        table = docx.table.Table(table_xml, document)
        grid = [int(c.get(qn("w:w"))) for c in table_xml.find(qn("w:tblGrid"))]
        assert table_xml.find(f"{qn('w:tblPr')}/{qn('w:tblW')}").get(qn("w:w")) == str(width)
        assert sum(grid) == width
        columns = [[cell.text for cell in column.cells] for column in table.columns]
        sizes = {int(s.get(qn("w:val"))) / 2 for s in table_xml.iter(qn("w:sz"))} or {10.5}
        assert len(sizes) == 1 and min(sizes) >= SMALLEST
        points = sizes.pop()
        if least_width(columns, points) <= width:
            for column, column_width in zip(columns, grid):
                longest = max(text_width(w, points, bold=i == 0)               # the header row is bold
                              for i, cell in enumerate(column) for w in cell.split())
                assert column_width >= longest + CELL_PADDING, (column[0], column_width)
        checked += 1
        widths.append(width)
    assert checked == len(document.tables) > 5
    assert max(widths) > min(widths)               # the landscape chronology is wider than the rest


def test_the_document_properties_come_from_review_yaml_and_the_render_day(made):
    report, out = made
    props = docx.Document(str(out)).core_properties
    assert props.title == report.title and props.subject == report.methodology.report_kind
    assert props.created.date() == props.modified.date() == DAY
    assert all(info.date_time[:3] == (2024, 2, 5) for info in zipfile.ZipFile(out).infolist())


def test_a_footnote_in_authored_markdown_is_a_word_footnote(made):
    report, out = made
    archive = zipfile.ZipFile(out)
    footnotes = archive.read("word/footnotes.xml").decode("utf-8")
    assert NOTE in re.sub(r"<[^>]+>", "", footnotes)
    assert "<w:footnoteReference" in archive.read("word/document.xml").decode("utf-8")
    assert 'role="doc-noteref"' in report.html() and NOTE in report.html()       # a list of notes in the HTML


def test_the_public_edition_has_no_marking_and_no_author(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING], sections={"overview": OVERVIEW})
    _, out = _made(root, publish=True)
    document = docx.Document(str(out))
    texts = [text for _, text in _body_texts(document)]
    assert "OFFICIAL-SENSITIVE [TEST]" not in "\n".join(texts) and "DRAFT" not in "\n".join(texts)
    assert texts[0] == "Test Review (fictional)"
    assert document.core_properties.author == "" and document.core_properties.last_modified_by == ""
    assert "OFFICIAL" not in document.core_properties.keywords


def test_the_render_day_is_the_publication_date_or_source_date_epoch_or_today(tmp_path, monkeypatch):
    root = write_review(tmp_path / "review")
    review = load_review(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 3, 1, 12, tzinfo=dt.timezone.utc).timestamp())))
    assert render_day(review, publish=False) == dt.date(2024, 3, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert render_day(review, publish=False) in (dt.date.today(), dt.datetime.now(dt.timezone.utc).date())
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    config["dates"] = {"publication": "2024-04-17"}
    (root / "review.yaml").write_text(yaml_files.safe_dump(config), encoding="utf-8")
    published = load_review(root)
    assert render_day(published, publish=True) == dt.date(2024, 4, 17)
    assert render_day(published, publish=False) != dt.date(2024, 4, 17)


def test_a_broken_source_date_epoch_is_named(tmp_path, monkeypatch):
    from reviewbench.errors import ReviewbenchError
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ReviewbenchError, match="SOURCE_DATE_EPOCH is 'yesterday'"):
        render_day(load_review(write_review(tmp_path / "review")), publish=False)


def test_the_pandoc_source_has_the_title_page_and_a_contents_title_not_the_html_title_block(made, tmp_path):
    report, _ = made
    front = title_page(load_review(report.review.root), report.methodology, report.subtitle, False, DAY)
    source = docx_source(report.html(), report.title, report.subtitle, tmp_path / "media", front)
    assert 'class="report-front"' not in source and '<nav class="contents">' not in source
    assert '<div data-custom-style="TOC Heading"><p>Contents</p></div>' in source
    assert source.index("Period under review") < source.index("Contents</p>") and "<title>" not in source


def test_column_widths_keep_each_words_width_and_share_the_rest_by_what_each_would_take():
    dates, texts = ["Date", "05/01/2022", "12/11/2022"], ["What happened", "A long account of a visit " * 12]
    widths = fitted_widths([dates, texts], 9000, 10.5)
    assert sum(widths) == 9000
    assert widths[0] >= max(text_width(d, 10.5, bold=True) for d in dates) + CELL_PADDING
    assert widths[0] < 2000 < widths[1]                 # the short column does not take half the page
    narrow = fitted_widths([["Children's Social Care"], ["Police"]], 20000, 10.5)
    assert narrow[0] > narrow[1] and sum(narrow) == 20000     # all fits: the spare width shared in proportion


def test_the_title_page_keys_of_review_yaml_change_the_report_only(tmp_path):
    from reviewbench.stages import stage_keys
    root = write_review(tmp_path / "review")
    before = stage_keys(load_review(root))
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    (root / "review.yaml").write_text(yaml_files.safe_dump({**config, **{k: v for k, v in EXTRA.items() if k != "settings"}}),
                                      encoding="utf-8")
    assert stage_keys(load_review(root)) == before          # no re-ingest for a new version number
    (root / "review.yaml").write_text(yaml_files.safe_dump({**config, **EXTRA}), encoding="utf-8")
    assert stage_keys(load_review(root))["ingest"] != before["ingest"]   # the Excel chronology carries the marking
    config["settings"] = {"gap_days": 14}
    (root / "review.yaml").write_text(yaml_files.safe_dump(config), encoding="utf-8")
    assert stage_keys(load_review(root))["ingest"] != before["ingest"]
