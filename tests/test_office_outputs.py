"""The files people open in Office programs, opened in LibreOffice (Calc and Writer, headless): the
intake templates an agency fills in, a template filled and saved by LibreOffice itself and sent
back under another name, and the integrated chronology workbook. ``.ci/run`` installs Calc and
Writer; without them these tests fail, saying what to install (tests/clients.py)."""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pytest

from clients import convert, pdf_text
from conftest import make_review
from reviewbench.build import run_ingest
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.intake.blank_templates import template_paths, write_intake_templates

CSV = 'csv:Text - txt - csv (StarCalc):44,34,76'       # comma, double quote, UTF-8 (Calc's default is not)

pytestmark = [pytest.mark.slow, pytest.mark.client]


@pytest.fixture()
def templates(tmp_path):
    review = load_review(make_review(tmp_path / "review"))
    write_intake_templates(review)
    return review, template_paths(review)


def test_calc_opens_an_agencys_template_with_its_name_and_headings_in_view(office_profile, templates, tmp_path):
    review, paths = templates
    xlsx, _ = paths["Police"]
    rows = list(csv.reader(convert(xlsx, CSV, tmp_path / "out", office_profile).open(encoding="utf-8")))
    assert rows[0][:2] == ["Agency:", "Police"]                      # the first sheet Calc shows
    headings = next(r for r in rows if "Date" in r)
    assert {"Date", "Time", "Event type", "Details of contact", "Action taken"} <= set(headings)


def test_writer_opens_an_agencys_word_template_with_its_name_in_view(office_profile, templates, tmp_path):
    _, paths = templates
    _, docx_path = paths["Health Visiting"]
    text = convert(docx_path, "txt:Text", tmp_path / "out", office_profile).read_text(encoding="utf-8-sig")
    assert "Agency:" in text and "Health Visiting" in text
    assert "Details of contact" in text


def test_a_template_filled_and_saved_in_libreoffice_and_renamed_is_read_as_its_agency(office_profile, templates, tmp_path):
    """An agency fills the template and saves it in LibreOffice (not Excel), then sends it back under
    a name of its own: its rows are the GP's, all of them."""
    review, paths = templates
    xlsx, _ = paths["GP"]
    book = openpyxl.load_workbook(xlsx)
    sheet = book["Chronology"]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Date")
    for i, (day, text) in enumerate([("03/03/2022", "Consultation: mother and T, cough; T seen."),
                                     ("17/03/2022", "Did not attend: T's asthma review."),
                                     ("02/04/2022", "Telephone call from health visitor about weight.")], start=1):
        sheet.cell(header_row + i, 1, day)
        sheet.cell(header_row + i, 5, text)
    filled = tmp_path / "filled" / xlsx.name
    filled.parent.mkdir()
    book.save(filled)
    saved = convert(filled, "xlsx", tmp_path / "saved", office_profile)     # saved by Calc
    returned = review.reports_dir / "surgery return March.xlsx"
    shutil.copy(saved, returned)
    result = run_ingest(review, progress=False)
    assert result.ok, [f.error for f in result.failed]
    chronology = read_chronology(review.build_dir / "chronology.csv")
    assert list(chronology["agency"]) == ["GP", "GP", "GP"]
    assert chronology["description"].str.contains("asthma review").any()


def test_calc_opens_the_integrated_chronology_with_every_entry(office_profile, built_example, tmp_path):
    chronology = read_chronology(built_example / "build" / "chronology.csv")
    converted = convert(built_example / "build" / "chronology.xlsx", CSV, tmp_path / "out", office_profile)
    rows = list(csv.reader(converted.open(encoding="utf-8")))
    header = rows[0]
    assert header[:4] == ["Date", "Time", "Agency", "What happened"]
    ids = [row[header.index("Entry")] for row in rows[1:] if row and row[header.index("Entry")]]
    assert ids == list(chronology["entry_id"])


def test_calc_prints_the_chronology_one_page_wide_with_its_header_row_title_marking_and_page_numbers(office_profile, built_example,
                                                                                                   tmp_path):
    """Printed (LibreOffice Calc to PDF): every page of the chronology holds all its printed columns,
    from "Date" to "In the review period", under the repeated header row, so none is split off onto
    pages of its own; each entry is printed once, in order; every page has the review's title, the
    protective marking and "Page n of N"."""
    review = load_review(built_example)
    chronology = read_chronology(review.build_dir / "chronology.csv")
    pages = pdf_text(convert(review.build_dir / "chronology.xlsx", "pdf", tmp_path / "out", office_profile))
    sheet = [page for page in pages if "In the review period" in page and "What happened" in page
             and "Field in chronology.csv" not in page]
    assert len(sheet) >= 2
    for page in sheet:
        head = next(line for line in page.splitlines() if "What happened" in line)
        assert head.split()[:4] == ["Date", "Time", "Agency", "What"] and head.rstrip().endswith("In the review period")
    printed = [word for page in sheet for word in page.split() if word in set(chronology["entry_id"])]
    assert printed == list(chronology["entry_id"])          # every entry once, in order: no page of other columns
    for number, page in enumerate(pages, start=1):
        assert review.title in page and page.count("OFFICIAL-SENSITIVE") == 2, number
        assert f"Page {number} of {len(pages)}" in page
