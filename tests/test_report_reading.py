"""What a reader of the report gets (the HTML of the in-process report builder): evidence in date order,
no empty header bar, the provenance appendix in words, one written-out date format, one count of an
agency's entries in the table and the figure, and the stylesheet for print and for a phone."""

from __future__ import annotations

import html as markup
import re
from pathlib import Path

import pytest

import yaml_files
from report_support import EARLIER, FINDING, INCIDENT, KPE, VISIT, build, make_prepared, section, write_review
from reviewbench.chronology.counts import ENTRIES_LABEL, agency_entries
from reviewbench.config import load_review
from reviewbench.dates import entry_date_text
from reviewbench.network import analyse
from reviewbench.render.export import export_html
from reviewbench.report.chronological import ORDER_NOTE

ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
LONG_DATE = r"(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"


def _text(html: str) -> str:
    return markup.unescape(re.sub(r"<[^>]+>", " ", html))


def _table(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with ``caption`` (text of each cell), its header row first."""
    start = html.index(caption)
    body = html[start:html.index("</table>", start)]
    return [[_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _with_dates(root: Path) -> Path:
    """The review with the dates of a rapid review, so that its appendix has the statutory timescales."""
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    config["dates"] = {"aware": "2022-06-01", "notification": "2022-06-03", "rapid_review": "2022-06-30"}
    (root / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def test_evidence_tables_are_in_date_order_an_episode_by_its_start(tmp_path):
    finding = {**FINDING, "evidence": [INCIDENT, "KPE1", VISIT, EARLIER]}
    kpe = {**KPE, "entries": [INCIDENT, VISIT]}
    html = build(write_review(tmp_path / "review", kpes=[kpe], findings=[finding])).html()
    evidence = _table(html, "Evidence for F1, in date order")
    assert [row[0] for row in evidence[1:]] == [EARLIER, VISIT, "KPE1", INCIDENT]     # 2021; 1 March x2; April
    entries = _table(html, "Chronology entries of KPE1, in date order")
    assert [row[0] for row in entries[1:]] == [VISIT, INCIDENT]
    assert ORDER_NOTE in _text(html)                                   # the report says which date orders them


def test_no_table_has_a_header_bar_with_nothing_in_it(tmp_path):
    html = build(_with_dates(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))).html()
    heads = re.findall(r"<thead>(.*?)</thead>", html, re.S)
    assert heads and all(_text(head).strip() for head in heads)
    assert _table(html, "The report")[0][0] == "Review"              # a list of facts: no header row at all


def test_the_provenance_appendix_is_in_words_with_uk_dates(tmp_path):
    html = build(_with_dates(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))).html()
    appendix = _text(section(html, "provenance"))
    facts = dict(row for row in _table(html, "The report") if len(row) == 2)
    assert facts["Edition"] == "working draft" and facts["Review period"] == "1 January 2022 to 31 December 2022"
    assert "publish =" not in appendix and "dates." not in appendix
    timescales = _table(html, "Statutory timescales")
    rule = timescales[1][1]
    assert "after the local authority became aware of the incident" in rule
    assert all(re.fullmatch(LONG_DATE, row[2]) or row[2] == "-" for row in timescales[1:])
    assert ISO_DATE.findall(appendix.replace("police.csv", "")) == []


def test_every_date_the_report_shows_is_written_out_in_one_format(tmp_path):
    html = build(_with_dates(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))).html()
    text = _text(re.sub(r'(href|id)="[^"]*"', "", html))
    assert ISO_DATE.findall(text) == []
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)                  # nor 01/03/2022
    chronology = _table(html, "Integrated chronology (entries")
    assert [row[1] for row in chronology[1:]] == ["1\u00a0March\u00a02022 at 10:00", "2\u00a0April\u00a02022"]
    assert "Period under review: 1 January 2022 to 31 December 2022" in text
    assert entry_date_text("2021-06", "month") == "June 2021"


def test_the_table_of_agencies_and_the_network_figure_count_an_agencys_entries_alike(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING])
    prepared = make_prepared(root)
    html = build(root, prepared=prepared).html()
    rows = _table(html, "The agencies involved")
    assert rows[0][1] == ENTRIES_LABEL
    shown = {row[0]: int(row[1]) for row in rows[1:] if row[1].isdigit()}
    graph = analyse(load_review(root), prepared.chronology).graph
    figure = {name: graph.nodes[name]["entries"] for name in graph}
    counted = agency_entries(prepared.chronology)
    assert counted == {"Children's Social Care": 1, "Police": 1}          # the 2021 health visit is outside
    assert {a: n for a, n in shown.items() if n} == counted == {a: n for a, n in figure.items() if n}
    assert shown["Health Visiting"] == 0 and int(rows[[r[0] for r in rows].index("Health Visiting")][2]) == 1


@pytest.mark.slow
def test_the_page_has_a_print_and_a_phone_stylesheet(tmp_path):
    """What the browser tests (tests/test_report_html_clients.py) check in Chromium, stated in the page."""
    report = build(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    cell = new_code_cell("report.display()", outputs=[new_output("display_data", data={"text/html": report.html()})])
    page = export_html(new_notebook(cells=[cell]), report.title, report.html())
    style = page[page.index("<style>"):page.index("</style>")]
    printed = style[style.index("@media print"):]
    assert "@page" in printed and "break-inside: avoid" in printed and "figcaption { break-before: avoid; }" in printed
    assert re.search(r"figure img \{[^}]*max-height: \d+mm", printed)
    phone = style[style.index("@media (max-width"):]
    assert re.search(r"table\.report-table \{[^}]*overflow-x: auto", phone)
    assert re.search(r"figure img \{[^}]*max-width: 100%", style)
