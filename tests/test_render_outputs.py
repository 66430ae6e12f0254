"""Which outputs of the report notebook reach the report (``reviewbench.render.outputs``), and the one
body that report.html (nbconvert) and report.docx (pandoc) are both made from. Notebooks are built
in code with nbformat.v4 and hold a report built in-process; no kernel runs.
"""

from __future__ import annotations

import re
from html import unescape

import docx
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from report_support import FINDING, KPE, build, write_review
from reviewbench.render.export import BODY_STAND_IN, docx_source, export_docx, export_html
from reviewbench.render.outputs import front_metadata, report_body, report_outputs


def _html_output(html: str, **meta) -> nbformat.NotebookNode:
    return new_output("display_data", data={"text/html": html, "text/plain": "<HTML>"},
                      metadata={"reviewbench": meta} if meta else {})


def _notebook(parts: list[str]) -> nbformat.NotebookNode:
    """A report notebook as papermill leaves it: the report's parts, and everything that must stay out."""
    shown = new_code_cell("report.display()", outputs=[_html_output(parts[0], part="front", gaps=["1.1 X: none"]),
                                                       *[_html_output(p) for p in parts[1:]]])
    guide = new_code_cell("report.guide()", metadata={"tags": ["workbench"]},
                          outputs=[_html_output("<p>WORKBENCH GUIDE</p>")])
    noise = new_code_cell("print('x')", outputs=[
        new_output("stream", name="stdout", text="STDOUT TEXT\n"),
        new_output("execute_result", data={"text/plain": "PLAIN ONLY"}, execution_count=1),
        new_output("error", ename="ValueError", evalue="TRACEBACK TEXT", traceback=["TRACEBACK TEXT"])])
    return new_notebook(cells=[new_markdown_cell("# MARKDOWN CELL"), noise, guide, shown])


def test_only_the_html_outputs_of_report_cells_reach_the_body_in_order():
    nb = _notebook(["<header>front</header>", "<section>one</section>", "<section>two</section>"])
    assert [o["data"]["text/html"] for o in report_outputs(nb)] == [
        "<header>front</header>", "<section>one</section>", "<section>two</section>"]
    body = report_body(nb)
    assert body == "<header>front</header>\n<section>one</section>\n<section>two</section>\n"
    for left_out in ("WORKBENCH GUIDE", "STDOUT TEXT", "PLAIN ONLY", "TRACEBACK TEXT", "MARKDOWN CELL", "display()"):
        assert left_out not in body
    assert front_metadata(nb)["gaps"] == ["1.1 X: none"]


@pytest.mark.slow                    # nbconvert's exporter and its template: about a second
def test_the_body_reaches_the_page_as_it_is_once_inside_the_report():
    """nbconvert makes the page around a stand-in for the body (its own pass over a page, rewriting every
    tag and entity, is left to the stand-in): the body is in report.html byte for byte, once."""
    body = ('<section class="report-section" id="section-x"><h1>The child&#39;s day</h1>\n'
            '<p>A &amp; B<br>C</p><figure><img src="data:image/png;base64,AAAA" alt="A fictional figure">'
            '</figure></section>\n')
    page = export_html(_notebook(["<header>front</header>"]), "A fictional review: draft", body)
    assert page.count(body) == 1 and BODY_STAND_IN not in page
    main = page[page.index('<main class="report">') + len('<main class="report">'):page.index("</main>")]
    assert main.strip() == body.strip()
    assert "<title>A fictional review: draft</title>" in page and "<style>" in page


@pytest.mark.slow
def test_report_html_and_docx_are_made_from_the_same_body(tmp_path):
    report = build(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))
    nb = _notebook([str(p.html) for p in report.parts])
    body = report_body(nb)

    html = export_html(nb, f"{report.title}: {report.subtitle}", body)
    page = html[html.index('<main class="report">'):html.index("</main>")]
    assert "WORKBENCH GUIDE" not in html and "report.display()" not in html and "STDOUT TEXT" not in html
    assert re.findall(r'id="(section-[\w-]+)"', page) == re.findall(r'id="(section-[\w-]+)"', body)
    assert page.count("<table") == body.count("<table") > 0

    source = docx_source(body, report.title, report.subtitle, tmp_path / "media")
    assert re.findall(r'id="(section-[\w-]+)"', source) == re.findall(r'id="(section-[\w-]+)"', body)
    assert 'class="report-title"' not in source and 'class="report-meta"' in source   # title block -> metadata

    out = export_docx(body, report.title, report.subtitle, tmp_path / "report.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", body)]
    assert len(document.tables) == body.count("<table")

