"""The bundled fictional example review (examples/child-t): format-level properties.

These pin what the example promises to the intake and to the demo (see
examples/child-t/README.md); the intake's own reading of it is tested elsewhere.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

import yaml_files
from reviewbench.vocabulary import header_synonyms, normalise_heading

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-t"
REPORTS = EXAMPLE / "agency_reports"
GENERATOR = ROOT / "examples" / "make_child_t.py"
FICTION = "FICTIONAL EXAMPLE — not a real case"


@pytest.fixture(scope="module")
def review() -> dict:
    return yaml_files.safe_load((EXAMPLE / "review.yaml").read_text(encoding="utf-8"))


def _generator():
    spec = importlib.util.spec_from_file_location("make_child_t", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def _agency_names(review) -> list[str]:
    return [n for a in review["agencies"] for n in [a["name"], *a.get("aliases", [])]]


def _names_any(text: str, names: list[str]) -> list[str]:
    low = normalise_heading(text)
    return [n for n in names if re.search(rf"(^| ){re.escape(normalise_heading(n))}( |$)", low)]


# --- reading grids, format by format -------------------------------------------------

def _delimited(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    if path.suffix == ".tsv":
        delimiter = "\t"
    else:
        delimiter = ";" if text.count(";") > text.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _grids(path: Path) -> list[list[list[str]]]:
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return [[["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets]
    if path.suffix == ".docx":
        return [[[c.text for c in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]
    return [_delimited(path)]


def _known_headings(review, path: Path) -> set[str]:
    known = set(header_synonyms())
    for source in review.get("sources", []):
        if (EXAMPLE / source["file"]) == path:
            known |= {normalise_heading(h) for h in source.get("columns", {}).values()}
    return known


def _is_header(row: list[str], known: set[str]) -> bool:
    return sum(1 for c in row if c and normalise_heading(c) in known) >= 3


def _data_rows(review, path: Path) -> list[list[str]]:
    """Non-empty rows under a heading row, skipping repeated heading rows."""
    known = _known_headings(review, path)
    rows = []
    for grid in _grids(path):
        header = next((i for i, row in enumerate(grid) if _is_header(row, known)), None)
        if header is None:
            continue
        for row in grid[header + 1:]:
            if any(c.strip() for c in row) and not _is_header(row, known):
                rows.append(row)
    return rows


def _chronology_files() -> list[Path]:
    return sorted(p for p in REPORTS.iterdir() if p.suffix in (".xlsx", ".docx", ".csv", ".tsv"))


# --- layout and review.yaml ----------------------------------------------------------

def test_review_folder_layout():
    assert (EXAMPLE / "review.yaml").is_file()
    assert (EXAMPLE / "authored" / ".gitkeep").is_file()
    assert (EXAMPLE / "README.md").is_file()
    register = yaml_files.safe_load((EXAMPLE / "private" / "names.yaml").read_text(encoding="utf-8"))
    assert {p["name"]: p["pseudonym"] for p in register["people"]} == {
        "Tamsin Example": "Mother", "Lee Sample": "Mother's partner", "Tia Example": "Child T"}
    assert {p["name"]: p["public"] for p in register["places"]} == {
        "Brookfield Primary School": "the primary school", "Riverside Medical Practice": "the GP practice",
        "Anyshire General Hospital": "the hospital"}
    assert "never published" in (EXAMPLE / "private" / "names.yaml").read_text(encoding="utf-8").lower()


def test_review_yaml_declares_at_least_eight_distinct_agencies(review):
    assert review["id"] == "child-t"
    assert str(review["scope"]["start"]) == "2022-01-01" and str(review["scope"]["end"]) == "2023-06-30"
    names = [a["name"] for a in review["agencies"]]
    assert len(names) >= 8 and len(set(names)) == len(names)
    for agency in review["agencies"]:
        assert re.fullmatch(r"[A-Z]{2,6}", agency["code"])
    aliases = [n.lower() for n in _agency_names(review)]
    assert len(aliases) == len(set(aliases)), "an alias names two agencies"
    assert review["settings"]["referral_response_days"] == 7


def test_sources_point_at_real_files_and_known_agencies(review):
    known = set(_agency_names(review))
    for source in review["sources"]:
        assert (EXAMPLE / source["file"]).is_file()
        assert source["agency"] in known
        assert set(source.get("columns", {})) <= {
            "date", "time", "end_date", "agency", "event_type", "description", "outcome",
            "practitioner_role", "source", "with", "child_seen"}


def test_three_files_of_each_format():
    suffixes = [p.suffix for p in _chronology_files()]
    assert suffixes.count(".xlsx") >= 3
    assert suffixes.count(".docx") >= 3
    assert suffixes.count(".csv") + suffixes.count(".tsv") >= 3
    assert ".tsv" in suffixes


@pytest.mark.slow
def test_every_submission_says_it_is_fictional():
    for path in _chronology_files():
        if path.suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            text += "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
        else:
            text = "\n".join(" ".join(row) for grid in _grids(path) for row in grid)
        assert FICTION in text, path.name


# --- row counts and headings -----------------------------------------------------------

@pytest.mark.slow
def test_at_least_170_entries_across_the_submissions(review):
    counts = {p.name: len(_data_rows(review, p)) for p in _chronology_files()}
    # 189 dated in scope + 2 partial dates + 5 out of scope + 5 bad rows (README.md)
    assert sum(counts.values()) == 201, counts
    assert len(counts) >= 8


@pytest.mark.slow
def test_every_heading_is_a_synonym_or_mapped_in_sources(review):
    synonyms = set(header_synonyms())
    for path in _chronology_files():
        known = _known_headings(review, path)
        for grid in _grids(path):
            for row in grid:
                if _is_header(row, known):
                    unknown = [c for c in row if c and normalise_heading(c) not in known]
                    assert not unknown, (path.name, unknown)
                    if known == synonyms:
                        break


# --- CSV and TSV -------------------------------------------------------------------------

def test_housing_csv_is_windows_1252_with_semicolons():
    raw = (REPORTS / "housing_anyshire_homes.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "£" in text and "’" in text and "é" in text
    assert text.splitlines()[1].split(";")[0] == "Date"


def test_police_csv_has_bom_multiline_cells_and_the_mapped_headings(review):
    path = REPORTS / "police_occurrences.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _delimited(path)
    header = rows[1]
    [source] = [s for s in review["sources"] if s["file"].endswith(path.name)]
    assert set(source["columns"].values()) <= set(header)
    assert any("\n" in cell for row in rows for cell in row)
    times = {row[header.index("Time Reported")] for row in rows[2:]}
    assert {"14:30", "2.30pm"} <= times
    assert any(row[header.index("Occurrence Date")] == "TBC" for row in rows)


def test_tsv_agency_comes_only_from_sources(review):
    path = REPORTS / "export_2023-07-04.tsv"
    rows = _delimited(path)
    assert len(rows[1]) > 3
    names = _agency_names(review)
    assert not _names_any(path.stem, names)
    assert not _names_any(" ".join(rows[0]), names)
    assert any(s["file"].endswith(path.name) and s["agency"] for s in review["sources"])


# --- XLSX ----------------------------------------------------------------------------------

def test_csc_workbook_has_title_rows_merges_and_mixed_dates():
    wb = openpyxl.load_workbook(REPORTS / "csc_chronology.xlsx")
    assert wb.sheetnames == ["2022", "2023", "Notes"]
    ws = wb["2022"]
    ranges = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:I1" in ranges                                    # merged title
    assert any(re.fullmatch(r"A(\d+):A(\d+)", r) for r in ranges)  # date merged over two rows
    assert any(re.fullmatch(r"D(\d+):E\1", r) for r in ranges)     # description across two columns
    assert "Chronology for Child T" in ws["A1"].value
    assert ws["A3"].value is None and ws["A4"].value == "Date"
    dates = [ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)]
    assert any(hasattr(v, "year") for v in dates)
    assert {"7th March 2022", "09-Mar-22", "14/03/22", "2022-04-01"} <= {v for v in dates if isinstance(v, str)}
    formula_like = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    assert any(all(v is None for v in row) for row in ws.iter_rows(min_row=5, values_only=True))


def test_school_and_hospital_workbooks_have_non_chronology_sheets():
    school = openpyxl.load_workbook(REPORTS / "school_brookfield_chronology.xlsx")
    assert "Key" in school.sheetnames
    values = [c.value for row in school["Safeguarding log"].iter_rows() for c in row]
    assert "31/02/2022" in values
    assert any(isinstance(v, str) and "<unclear>" in v for v in values)
    hospital = openpyxl.load_workbook(REPORTS / "hospital_agh_chronology.xlsx")
    assert hospital.sheetnames == ["ED", "Paediatrics", "Read me"]
    stamps = [c.value for row in hospital["ED"].iter_rows(min_row=5) for c in row[:1]]
    assert any(hasattr(v, "hour") and (v.hour, v.minute) != (0, 0) for v in stamps)


# --- DOCX ----------------------------------------------------------------------------------

def test_gp_document_has_cover_then_two_chronology_tables_with_a_vertical_merge():
    doc = docx.Document(str(REPORTS / "gp_riverside_chronology.docx"))
    assert len(doc.tables) == 3
    cover = doc.tables[0]
    assert [c.text for c in cover.rows[0].cells] == ["Agency", "Riverside Medical Practice"]
    assert doc.tables[1].rows[0].cells[0].text == doc.tables[2].rows[0].cells[0].text == "Date"
    assert "w:vMerge" in doc.tables[1]._tbl.xml
    assert any(len(c.paragraphs) > 1 for row in doc.tables[1].rows for c in row.cells)


def test_health_visiting_document_names_its_agency_only_in_the_cover(review):
    path = REPORTS / "submission_03.docx"
    names = _agency_names(review)
    assert not _names_any(path.stem, names)
    doc = docx.Document(str(path))
    cover, chronology = doc.tables
    agency = dict((r.cells[0].text, r.cells[1].text) for r in cover.rows)["Agency:"]
    assert agency == "Anyshire Health Visiting Service" and agency in names
    header = [c.text for c in chronology.rows[0].cells]
    repeats = [i for i, row in enumerate(chronology.rows) if i and [c.text for c in row.cells] == header]
    assert repeats, "the header row should be repeated inside the table"
    assert any(row.cells[0].text == "March 2022" for row in chronology.rows)


def test_every_other_file_names_its_agency_in_the_file_name(review):
    names = _agency_names(review)
    for path in _chronology_files():
        if path.name in ("submission_03.docx", "export_2023-07-04.tsv"):
            continue
        assert len({n for n in _names_any(path.stem.replace("_", " "), names)}) >= 1, path.name


# --- the generator -------------------------------------------------------------------------

@pytest.mark.slow
def test_committed_files_are_what_the_generator_writes(tmp_path):
    module = _generator()
    module.generate(tmp_path)
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file():
            committed = EXAMPLE / path.relative_to(tmp_path)
            assert committed.read_bytes() == path.read_bytes(), committed


def test_planted_patterns_hold():
    counts = _generator().check_planted()
    assert counts == {"in_scope": 189, "out_of_scope": 5, "bad": 5, "partial": 2}
