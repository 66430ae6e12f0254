"""Hostile inputs: reviewbench's own intake templates coming back filled in, renamed, emptied or altered.

Each filled template is made here from what ``reviewbench templates`` writes (openpyxl, python-docx),
as an agency would fill it. The template's own words (its instructions, the event types of its
hidden drop-down list) must never decide the agency: that filed a GP's rows as Police.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

import yaml_files
from reviewbench.chronology import read_chronology
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.intake.blank_templates import template_paths
from reviewbench.intake.ingest import ingest

# Each case fills real Word and Excel templates and ingests them (about a second): out of the fast lane.
pytestmark = pytest.mark.slow

KEEP = object()
ROWS = [  # fictional
    ("03/03/2022", "Appointment / clinic", "GP1 saw the mother about low mood", "Referred to adult mental health"),
    ("10/03/2022", "Telephone / e-mail contact", "GP1 called the health visitor", "Agreed to review in a month"),
    ("07/04/2022", "Did not attend / was not brought", "Child T was not brought to the clinic", "Letter sent"),
]


@pytest.fixture
def review(templates_copy: Path) -> Path:
    """A review whose templates ``reviewbench templates`` wrote (once per worker, copied per test)."""
    return templates_copy


def _template(review: Path, agency: str, kind: str) -> Path:
    xlsx, docx_path = template_paths(load_review(review))[agency]
    return xlsx if kind == "xlsx" else docx_path


def _fill_xlsx(review: Path, agency: str, name: str, *, cell=KEEP, mark=KEEP) -> Path:
    """The agency's template with ROWS under its heading row, saved into agency_reports/ as ``name``."""
    wb = openpyxl.load_workbook(_template(review, agency, "xlsx"))
    ws = wb["Chronology"]
    header = next(row for row in ws.iter_rows(min_row=1, max_row=10) if row[0].value == "Date")
    columns = {c.value: c.column for c in header}
    for offset, (date, kind, details, action) in enumerate(ROWS, start=1):
        for heading, value in (("Date", date), ("Event type", kind), ("Details of contact", details),
                               ("Action taken", action), ("Practitioner role", "GP1")):
            ws.cell(row=header[0].row + offset, column=columns[heading], value=value)
    agency_cell = next(row[1] for row in ws.iter_rows(min_row=1, max_row=header[0].row - 1)
                       if row[0].value == "Agency:")
    if cell is not KEEP:
        agency_cell.value = cell
    if mark is not KEEP:
        wb.properties.identifier = mark
    target = review / "agency_reports" / name
    wb.save(target)
    return target


def _fill_docx(review: Path, agency: str, name: str, *, cell=KEEP, mark=KEEP) -> Path:
    document = docx.Document(str(_template(review, agency, "docx")))
    cover, table = document.tables
    agency_row = next(row for row in cover.rows if row.cells[0].text == "Agency:")
    if cell is not KEEP:
        agency_row.cells[1].text = cell or ""
    if mark is not KEEP:
        document.core_properties.identifier = mark or ""
    headings = [c.text for c in table.rows[0].cells]
    for number, (date, kind, details, action) in enumerate(ROWS, start=1):
        row = table.rows[number].cells
        for heading, value in (("Date", date), ("Event type", kind), ("Details of contact", details),
                               ("Action taken", action)):
            row[headings.index(heading)].text = value
    target = review / "agency_reports" / name
    document.save(str(target))
    return target


def _agencies(review: Path) -> list[str]:
    return sorted(set(read_chronology(review / "build" / "chronology.csv")["agency"]))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_gp_template_returned_as_chronology_template_xlsx_is_filed_as_gp_not_police(review, capsys):
    returned = _fill_xlsx(review, "GP", "chronology_template.xlsx")
    before = _sha(returned)
    assert main(["ingest", str(review)]) == 0
    frame = read_chronology(review / "build" / "chronology.csv")
    assert len(frame) == len(ROWS) and set(frame["agency"]) == {"GP"}
    assert _sha(returned) == before                      # the raw submission is never modified


def test_a_template_with_a_blank_agency_cell_and_no_marker_asks_which_agency(review, capsys):
    returned = _fill_xlsx(review, "GP", "chronology_template.xlsx", cell=None, mark=None)
    before = _sha(returned)
    assert main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "agency_reports/chronology_template.xlsx" in err and "'Agency:' cell blank" in err
    assert "sources" in err and "agency: <agency name>" in err
    assert "Police" not in err.split("(one of:")[0]      # the drop-down's "Police incident / call-out" is no answer
    assert not (review / "build" / "chronology.csv").exists()
    assert _sha(returned) == before


def test_a_word_template_returned_with_a_blank_agency_cell_asks_rather_than_finding_several(review, capsys):
    _fill_docx(review, "Police", "returned.docx", cell="", mark="")
    assert main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "agency_reports/returned.docx" in err and "'Agency:' cell blank" in err
    assert "several agencies" not in err                # its own instructions name GP and MASH


def test_a_renamed_word_template_is_its_agencys(review):
    _fill_docx(review, "Health Visiting", "final version (2).docx")
    assert ingest(load_review(review), progress=False).ok
    assert main(["ingest", str(review)]) == 0
    assert _agencies(review) == ["Health Visiting"]


def test_a_blank_agency_cell_falls_back_on_the_marker(review):
    _fill_xlsx(review, "School", "returned.xlsx", cell=None)
    _fill_docx(review, "GP", "returned.docx", cell="")
    assert main(["ingest", str(review)]) == 0
    assert _agencies(review) == ["GP", "School"]


def test_the_agency_cell_may_name_the_agency_by_an_alias(review):
    _fill_xlsx(review, "GP", "returned.xlsx", cell="Constabulary", mark=None)
    assert main(["ingest", str(review)]) == 0
    assert _agencies(review) == ["Police"]


def test_an_agency_cell_that_disagrees_with_the_marker_is_refused(review, capsys):
    _fill_xlsx(review, "GP", "returned.xlsx", cell="Police")
    assert main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "made for GP" in err and "says 'Police'" in err and "agency_reports/returned.xlsx" in err


def test_an_agency_cell_naming_no_agency_of_the_review_says_how_to_add_it(review, capsys):
    _fill_docx(review, "GP", "returned.docx", cell="Ambulance Trust")
    assert main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "'Ambulance Trust'" in err and "aliases" in err and "agency_reports/returned.docx" in err


def test_a_template_made_for_an_agency_since_renamed_asks_when_its_cell_is_blank(review, capsys):
    _fill_xlsx(review, "GP", "returned.xlsx", cell=None)
    config = yaml_files.safe_load((review / "review.yaml").read_text(encoding="utf-8"))
    for agency in config["agencies"]:
        if agency["name"] == "GP":
            agency["name"], agency["aliases"] = "Primary Care", []
    (review / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    assert main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "made for 'GP'" in err and "aliases" in err


def test_saying_the_agency_in_review_yaml_settles_a_blank_template(review):
    _fill_xlsx(review, "GP", "chronology_template.xlsx", cell=None, mark=None)
    config = yaml_files.safe_load((review / "review.yaml").read_text(encoding="utf-8"))
    config["sources"] = [{"file": "agency_reports/chronology_template.xlsx", "agency": "GP"}]
    (review / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    assert main(["ingest", str(review)]) == 0
    assert _agencies(review) == ["GP"]


def test_a_template_copied_without_its_marker_is_still_recognised_by_its_instructions(review, capsys):
    """A template whose "Agency:" line was deleted, saved as a new file: the file name may still say."""
    returned = _fill_xlsx(review, "GP", "gp_returned.xlsx", mark=None)
    wb = openpyxl.load_workbook(returned)
    wb["Chronology"].delete_rows(1)
    wb.save(returned)
    assert main(["ingest", str(review)]) == 0
    assert _agencies(review) == ["GP"]
    shutil.move(returned, returned.with_name("returned.xlsx"))
    assert main(["ingest", str(review)]) == 1
    assert "'Agency:' cell blank" in capsys.readouterr().err
