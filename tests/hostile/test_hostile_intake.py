"""Hostile inputs at intake (issue 11): each case as the issue states it, built in tmp_path.

Part of the catalogue of hostile inputs in tests/hostile/. Every name, agency and event below is
invented. A case that already behaved well is kept here too, so that it stays good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
import xlsxwriter

from conftest import REPO, make_review
from reviewbench.chronology import read_chronology
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.intake.ingest import ingest
from reviewbench.vocabulary import chronology_flags

CSV_OK = "Date,Details\n01/02/2022,Home visit by the fictional social worker\n"


def review_with(tmp_path: Path, files: dict[str, str | bytes], **config) -> Path:
    """A small review (the test config of conftest) with these files in agency_reports/."""
    folder = make_review(tmp_path / "review", **config)
    for name, content in files.items():
        path = folder / "agency_reports" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def run(folder: Path, capsys) -> tuple[int, str]:
    """``reviewbench ingest`` as a user runs it: exit code and everything it printed."""
    code = main(["ingest", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def report(folder: Path) -> dict:
    return json.loads((folder / "build" / "ingest_report.json").read_text(encoding="utf-8"))


def report_md(folder: Path) -> str:
    return (folder / "build" / "ingest_report.md").read_text(encoding="utf-8")


def flags_of(frame, column: str, value: str) -> list[str]:
    [flags] = frame.loc[frame[column] == value, "flags"].tolist()
    return flags.split("; ") if flags else []


def file_status(folder: Path) -> dict[str, tuple[str, str]]:
    return {f["file"]: (f["status"], f["error"]) for f in report(folder)["files"]}


# -- the review is a boundary --------------------------------------------------------------------

@pytest.mark.slow
def test_symlink_in_agency_reports_to_a_file_outside_the_review_is_refused_unread(example_copy, tmp_path, capsys):
    """A symlink in agency_reports/ to a file outside the review is followed: its rows enter the chronology."""
    outside = tmp_path / "elsewhere" / "police_extra.csv"
    outside.parent.mkdir()
    outside.write_text("Date,Details\n01/03/2022,OUTSIDE-THE-REVIEW fictional visit\n", encoding="utf-8")
    (example_copy / "agency_reports" / "police_extra.csv").symlink_to(outside)

    code, printed = run(example_copy, capsys)

    assert code == 1
    assert "agency_reports/police_extra.csv" in printed and "outside the review folder" in printed
    status, error = file_status(example_copy)["agency_reports/police_extra.csv"]
    assert status == "refused" and str(outside) in error
    assert [f["sha256"] for f in report(example_copy)["files"] if f["status"] == "refused"] == [""]
    for text in (printed, report_md(example_copy), json.dumps(report(example_copy))):
        assert "OUTSIDE-THE-REVIEW" not in text
    assert not (example_copy / "build" / "chronology.csv").exists()


def test_symlink_to_a_system_file_never_shows_its_content(tmp_path, capsys):
    """A link to /etc/passwd puts that file's first line into the terminal and build/ingest_report.*."""
    system_file = tmp_path / "etc" / "passwd"
    system_file.parent.mkdir()
    system_file.write_text("root:x:0:0:FICTIONAL-SYSTEM-LINE:/root:/bin/bash\n", encoding="utf-8")
    folder = review_with(tmp_path, {"csc.csv": CSV_OK})
    (folder / "agency_reports" / "passwd").symlink_to(system_file)

    code, printed = run(folder, capsys)

    assert code == 1 and "agency_reports/passwd" in printed
    assert "FICTIONAL-SYSTEM-LINE" not in printed + report_md(folder) + json.dumps(report(folder))
    assert file_status(folder)["agency_reports/passwd"][0] == "refused"


def test_symlinked_folder_leading_outside_the_review_is_refused(tmp_path, capsys):
    """Symlinks (files or folders) that resolve outside the review are refused with a message naming them."""
    shared = tmp_path / "shared-drive"
    shared.mkdir()
    (shared / "gp.csv").write_text("Date,Details\n01/03/2022,SHARED-DRIVE-ROW fictional\n", encoding="utf-8")
    folder = review_with(tmp_path, {"csc.csv": CSV_OK})
    (folder / "agency_reports" / "from-gp").symlink_to(shared, target_is_directory=True)

    code, printed = run(folder, capsys)

    assert code == 1
    assert file_status(folder)["agency_reports/from-gp"][0] == "refused"
    assert "agency_reports/from-gp" in printed and "SHARED-DRIVE-ROW" not in printed
    assert not any(f.startswith("agency_reports/from-gp/") for f in file_status(folder))


def test_agency_reports_folder_itself_a_link_outside_the_review_is_refused(tmp_path, capsys):
    """Nothing outside the review folder is read: not even when agency_reports/ itself leads out."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "csc.csv").write_text(CSV_OK, encoding="utf-8")
    folder = make_review(tmp_path / "review")
    (folder / "agency_reports").rmdir()
    (folder / "agency_reports").symlink_to(elsewhere, target_is_directory=True)

    code, printed = run(folder, capsys)

    assert code == 1 and "agency_reports" in printed and "outside the review folder" in printed
    assert list(file_status(folder)) == ["agency_reports"]


def test_symlink_that_stays_inside_the_review_is_followed(tmp_path):
    """A symlink that stays inside the review may be followed (chosen: it is, and named by the link)."""
    folder = review_with(tmp_path, {})
    original = folder / "originals" / "csc_original.csv"
    original.parent.mkdir()
    original.write_text(CSV_OK, encoding="utf-8")
    (folder / "agency_reports" / "csc.csv").symlink_to(Path("..") / "originals" / "csc_original.csv")

    result = ingest(load_review(folder), progress=False)

    assert result.ok
    assert result.chronology["source_file"].tolist() == ["agency_reports/csc.csv"]


def test_link_back_to_a_folder_already_read_is_read_once(tmp_path, capsys):
    """A link inside agency_reports/ to agency_reports/ itself: followed once, never in a loop."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK})
    (folder / "agency_reports" / "again").symlink_to(Path("."), target_is_directory=True)

    code, _ = run(folder, capsys)

    assert code == 0
    assert len(read_chronology(folder / "build" / "chronology.csv")) == 1
    assert [s["file"] for s in report(folder)["skipped_files"]] == ["agency_reports/again"]


def test_link_leading_nowhere_is_refused_naming_it(tmp_path, capsys):
    """A submission that is a broken link is named, not passed over in silence."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK})
    (folder / "agency_reports" / "police.csv").symlink_to(folder / "agency_reports" / "gone.csv")

    code, printed = run(folder, capsys)

    assert code == 1 and "agency_reports/police.csv" in printed and "does not exist" in printed


@pytest.mark.parametrize("written", ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini",
                                     "agency_reports/../../elsewhere/police.csv"])
def test_sources_path_leaving_the_review_is_a_configuration_error(tmp_path, capsys, written):
    """A `sources:` entry in review.yaml with ../../etc/passwd or an absolute path is silently ignored."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK},
                         sources=[{"file": "agency_reports/csc.csv"}, {"file": written, "agency": "Police"}])

    with pytest.raises(ReviewConfigError) as info:
        load_review(folder)

    assert "sources.1.file" in str(info.value) and repr(written) in str(info.value)
    assert "inside the review folder" in str(info.value)
    assert main(["ingest", str(folder)]) == 1
    assert "sources.1.file" in capsys.readouterr().err


def test_sources_path_inside_the_review_but_not_in_agency_reports_is_warned_about(tmp_path):
    """A `sources:` entry naming a file the intake never reads says so instead of being ignored."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK}, sources=[{"file": "authored/police.csv", "agency": "Police"}])

    result = ingest(load_review(folder), progress=False)

    assert any("authored/police.csv" in w and "only files in agency_reports/" in w for w in result.warnings)


# -- configuration ---------------------------------------------------------------------------------

def test_same_agency_listed_twice_is_refused_naming_both_places(tmp_path, capsys):
    """The same agency listed twice in review.yaml is accepted without a word."""
    agencies = [{"name": "Police", "code": "POL"}, {"name": "GP", "code": "GP"},
                {"name": "police", "code": "PD", "aliases": ["constabulary"]}]
    folder = review_with(tmp_path, {"police.csv": CSV_OK}, agencies=agencies)

    assert main(["ingest", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "'Police' is listed twice" in err and "agencies.0 and agencies.2" in err


def test_two_agencies_with_the_same_code_are_refused_naming_them(tmp_path):
    """Two agencies with the same code change every entry id of that agency."""
    agencies = [{"name": "Police", "code": "POL"}, {"name": "Community Policing Team", "code": "pol"}]
    folder = review_with(tmp_path, {}, agencies=agencies)

    with pytest.raises(ReviewConfigError) as info:
        load_review(folder)

    message = str(info.value)
    assert "the code 'POL' is used by 2 agencies" in message
    assert "'Police' (agencies.0.code)" in message and "'Community Policing Team' (agencies.1.code)" in message


def test_two_agencies_whose_initials_make_the_same_code_are_refused(tmp_path):
    """An agency with no code gets its initials: two such agencies must not share entry ids' prefix."""
    agencies = [{"name": "Community Safety"}, {"name": "Children Services"}]
    folder = review_with(tmp_path, {}, agencies=agencies)

    with pytest.raises(ReviewConfigError) as info:
        load_review(folder)

    assert "the code 'CS'" in str(info.value) and "its initials" in str(info.value)


# -- dates -----------------------------------------------------------------------------------------

def _dated(folder: Path, rows: list[tuple[str, str]], header: str = "Date,Details") -> Path:
    lines = [header] + [f"{date},{text}" for date, text in rows]
    (folder / "agency_reports" / "csc.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_two_digit_years_are_resolved_by_the_stated_rule_and_flagged(tmp_path, capsys):
    """Two-digit years are resolved silently (3/3/49 becomes 2049, 3/3/50 becomes 2050)."""
    folder = _dated(review_with(tmp_path, {}), [
        ("3/3/49", "grandmother born (fictional)"), ("3/3/50", "grandfather born (fictional)"),
        ("3/3/22", "home visit"), ("3/3/32", "review booked far ahead"), ("3/3/33", "an old record"),
        ("Mar-22", "school move"), ("03/03/2022", "four-digit year")])

    assert run(folder, capsys)[0] == 0
    frame = read_chronology(folder / "build" / "chronology.csv")
    by_text = dict(zip(frame["description"], frame["date"]))
    assert by_text["grandmother born (fictional)"] == "1949-03-03"       # scope ends 2022: 1933-2032
    assert by_text["grandfather born (fictional)"] == "1950-03-03"
    assert by_text["home visit"] == "2022-03-03"
    assert by_text["review booked far ahead"] == "2032-03-03"
    assert by_text["an old record"] == "1933-03-03"
    assert by_text["school move"] == "2022-03"
    flagged = {text for text, flags in zip(frame["description"], frame["flags"]) if "two_digit_year" in flags}
    assert flagged == set(by_text) - {"four-digit year"}
    rules = report(folder)["date_rules"]
    assert any("1933-2032" in rule and "two_digit_year" in rule for rule in rules)
    assert "## How dates were read" in report_md(folder) and "1933-2032" in report_md(folder)


def test_two_digit_year_window_follows_the_review_scope(tmp_path):
    """The rule is relative to the review's scope: a historic review reads 79 as 1979, not 2079."""
    folder = _dated(review_with(tmp_path, {}, scope={"start": "1978-01-01", "end": "1985-12-31"}),
                    [("3/3/79", "historic visit"), ("3/3/95", "later record"), ("3/3/96", "much older record")])

    frame = ingest(load_review(folder), progress=False).chronology

    assert dict(zip(frame["description"], frame["date"])) == {
        "much older record": "1896-03-03", "historic visit": "1979-03-03", "later record": "1995-03-03"}


def test_dates_after_today_are_flagged_for_the_reviewer(tmp_path):
    """Dates in the future are accepted with only the out-of-scope flag."""
    ahead = dt.date.today() + dt.timedelta(days=400)
    folder = _dated(review_with(tmp_path, {}), [("01/05/2022", "in the past"),
                                                (ahead.strftime("%d/%m/%Y"), "a year ahead")])
    frame = ingest(load_review(folder), progress=False).chronology
    assert "date_in_future" in flags_of(frame, "description", "a year ahead")
    assert "date_in_future" not in flags_of(frame, "description", "in the past")

    as_of_then = ingest(load_review(folder), progress=False, today=dt.date(2022, 4, 1)).chronology
    assert "date_in_future" in flags_of(as_of_then, "description", "in the past")


def test_dates_centuries_away_are_flagged_implausible(tmp_path, capsys):
    """Dates centuries away (31/12/9999) are accepted with only the out-of-scope flag."""
    folder = _dated(review_with(tmp_path, {}), [("31/12/9999", "placeholder date"), ("03/03/1022", "typed 1 for 2"),
                                                ("03/03/1960", "mother's birth (fictional)")])

    assert run(folder, capsys)[0] == 0
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert {"date_in_future", "date_implausible", "out_of_scope"} <= set(flags_of(frame, "description", "placeholder date"))
    assert "date_implausible" in flags_of(frame, "description", "typed 1 for 2")
    assert "date_implausible" not in flags_of(frame, "description", "mother's birth (fictional)")
    assert report(folder)["flags"]["date_implausible"] == 2
    assert "| date_implausible | 2 |" in report_md(folder)


def test_year_zero_is_rejected_with_a_reason_not_a_crash(tmp_path):
    """A placeholder such as 01/01/0000 is a row to date at source, never a traceback."""
    folder = _dated(review_with(tmp_path, {}), [("01/01/0000", "placeholder"), ("0000", "another"),
                                                ("02/02/2022", "real")])

    result = ingest(load_review(folder), progress=False)

    assert result.ok and len(result.chronology) == 1
    assert [("year 0" in r.reason, r.location) for r in result.rejects] == [(True, "line 2"), (True, "line 3")]


def test_24_00_in_a_date_cell_is_flagged_like_24_00_in_a_time_column(tmp_path):
    """"03/03/2022 24:00" in a date cell rejects the row, while 24:00 in a time column only flags it."""
    folder = review_with(tmp_path, {})
    (folder / "agency_reports" / "csc.csv").write_text(
        "Date,Time,Details\n03/03/2022 24:00,,late call in the date cell\n04/03/2022,24:00,late call in the time column\n",
        encoding="utf-8")

    result = ingest(load_review(folder), progress=False)

    assert result.ok and not result.rejects
    frame = result.chronology
    assert frame["date"].tolist() == ["2022-03-03", "2022-03-04"]
    assert frame["time"].tolist() == ["", ""]
    assert all("time_unreadable" in f.split("; ") for f in frame["flags"])
    assert all("Time (as written): 24:00" in other for other in frame["other"])


# -- files -----------------------------------------------------------------------------------------

def test_valid_csv_with_a_quoted_200_kb_cell_is_read_whole(tmp_path, capsys):
    """A valid CSV with a quoted 200 KB cell stops the ingest with "field larger than field limit"."""
    note = "A long pasted case note, fictional. " * 6000
    folder = review_with(tmp_path, {"csc.csv": f'Date,Details\n01/02/2022,"{note}"\n02/02/2022,Short note\n'})

    code, printed = run(folder, capsys)

    assert code == 0 and "field limit" not in printed
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert len(note) > 200_000 and frame["description"].tolist() == [note.strip(), "Short note"]


@pytest.mark.slow
def test_unclosed_quote_in_a_big_csv_is_still_named(tmp_path):
    """Keep a clear message for a genuinely unclosed quote, however long the rest of the file."""
    body = 'Date,Details\n01/02/2022,Visit\n02/02/2022,"Call that never closes\n' + "fictional text\n" * 20_000
    folder = review_with(tmp_path, {"csc.csv": body})

    result = ingest(load_review(folder), progress=False)

    assert any("csc.csv" in w and "line 3" in w and "no closing quote" in w for w in result.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path, capsys, codec):
    """UTF-16LE without a BOM is called "a binary file of an unknown type"."""
    text = "Date\tDetails\r\n01/02/2022\tVisite à domicile, café offert (fictional)\r\n"
    folder = review_with(tmp_path, {"csc.csv": text.encode(codec)})

    code, printed = run(folder, capsys)

    assert code == 0 and "binary" not in printed
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert frame["description"].tolist() == ["Visite à domicile, café offert (fictional)"]


def test_binary_file_named_csv_is_not_taken_for_utf16(tmp_path, capsys):
    """Finding UTF-16 by its NUL bytes must not read a binary file as text."""
    junk = bytes((i * 37) % 256 for i in range(4096)) + b"\x00\x00\x01\x00" * 64
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police.csv": junk})

    code, printed = run(folder, capsys)

    assert code == 1 and "police.csv" in printed and "binary file of an unknown type" in printed


def test_xlsx_formulas_with_no_saved_value_are_rejected_saying_so(tmp_path):
    """Formula cells with no cached values are rejected as "no date: a note or heading?" without mentioning formulas."""
    folder = review_with(tmp_path, {})
    wb = openpyxl.Workbook()                     # openpyxl saves formulas without computing them
    ws = wb.active
    ws.append(["Date", "Details", "Manager check"])
    ws.append(["=DATE(2022,3,3)", "Visit (fictional)", "SW1"])
    ws.append(["04/03/2022", '=B2&" again"', "SW1"])
    ws.append(["05/03/2022", "Letter sent", "=C2"])
    wb.save(folder / "agency_reports" / "csc.xlsx")

    result = ingest(load_review(folder), progress=False)

    reasons = {r.location: r.reason for r in result.rejects}
    assert set(reasons) == {"sheet 'Sheet', row 2", "sheet 'Sheet', row 3"}
    for location, formula in (("sheet 'Sheet', row 2", "=DATE(2022,3,3)"), ("sheet 'Sheet', row 3", '=B2&" again"')):
        assert formula in reasons[location] and "formula" in reasons[location]
        assert "Excel or LibreOffice" in reasons[location] and "no date" not in reasons[location]
    [other] = result.chronology["other"].tolist()
    assert other == "Manager check: (a formula with no saved value: =C2)"


def test_xlsx_formulas_with_saved_values_are_read_as_their_values(tmp_path):
    """A workbook saved by a program that calculates (the usual case) keeps reading as before."""
    folder = review_with(tmp_path, {})
    wb = xlsxwriter.Workbook(str(folder / "agency_reports" / "csc.xlsx"))
    ws = wb.add_worksheet("Chronology")
    ws.write_row(0, 0, ["Date", "Details"])
    ws.write_formula(1, 0, "=DATE(2022,3,3)", wb.add_format({"num_format": "dd/mm/yyyy"}), 44623)
    ws.write_formula(1, 1, '="Visit"&" (fictional)"', None, "Visit (fictional)")
    wb.close()

    result = ingest(load_review(folder), progress=False)

    assert not result.rejects
    assert result.chronology[["date", "description"]].values.tolist() == [["2022-03-03", "Visit (fictional)"]]


@pytest.mark.parametrize("name, content", [
    ("README.txt", "Folder for the agencies' chronologies.\nPlease save them here - fictional note.\n"),
    ("empty notes.txt", b""),
    ("notes.md", "# Notes\nCall the fictional GP practice on Monday.\n"),
    (".DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00"),
    ("Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    ("~$csc_chronology.xlsx", b"\x0bFictional Owner"),
    ("desktop.ini", "[.ShellClassInfo]\r\nIconResource=fictional\r\n"),
    ("shortcut.lnk", b"L\x00\x00\x00\x01\x14\x02\x00" + b"\x00" * 64),
    ("index", "a list of what was received (fictional)\n"),
])
@pytest.mark.slow
def test_files_that_are_not_submissions_are_skipped_with_a_line(example_copy, capsys, name, content):
    """A README.txt in agency_reports/ blocks the whole ingest."""
    path = example_copy / "agency_reports" / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    code, printed = run(example_copy, capsys)

    assert code == 0, printed
    data = report(example_copy)
    rel = f"agency_reports/{name}"
    assert rel in data["ignored_files"] + [s["file"] for s in data["skipped_files"]]
    assert rel not in file_status(example_copy)
    md = report_md(example_copy)
    assert "## Files not read (not submissions)" in md and f"- {rel}: " in md


def test_not_a_submission_is_said_in_the_terminal_notices(tmp_path):
    """Skipped files are named in the notices a command prints, not only in the report."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "README.txt": "Nothing to see (fictional).\n"})

    result = ingest(load_review(folder), progress=False)

    assert result.ok and any("agency_reports/README.txt" in n for n in result.notices)


def test_a_chronology_exported_as_unicode_text_txt_is_still_read(tmp_path):
    """Excel's "Unicode Text" export (.txt, UTF-16, tabs) is a submission: not skipped as notes."""
    text = "Date\tDetails\r\n01/02/2022\tVisit (fictional)\r\n"
    folder = review_with(tmp_path, {"csc_export.txt": text.encode("utf-16")})

    result = ingest(load_review(folder), progress=False)

    assert result.ok and result.chronology["source_file"].tolist() == ["agency_reports/csc_export.txt"]


def test_a_pdf_in_agency_reports_still_fails_the_ingest(tmp_path, capsys):
    """A submission in a format the intake cannot read is a submission: it is explained, not skipped."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police_scan.pdf": b"%PDF-1.7 fictional"})

    code, printed = run(folder, capsys)

    assert code == 1 and "police_scan.pdf" in printed and ".docx" in printed


def test_csv_with_a_header_only_warns_that_it_adds_no_entries(tmp_path, capsys):
    """A CSV with a header only gives 0 rows and no warning."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police.csv": "Date,Details,Outcome\n"})

    code, _ = run(folder, capsys)

    assert code == 0
    warnings = report(folder)["warnings"]
    assert any(w.startswith("agency_reports/police.csv:") and "no rows" in w for w in warnings)
    assert "agency_reports/police.csv" in report_md(folder).split("## Warnings")[1]
    result = ingest(load_review(folder), progress=False)
    assert any("agency_reports/police.csv" in n and "no entries" in n for n in result.notices)


@pytest.mark.slow   # ingests and reads back a 1,000,000-character cell
def test_million_character_cell_is_cut_in_the_xlsx_with_a_mark_and_a_flag(tmp_path, capsys):
    """A 1,000,000-character cell is cut to 32,767 characters in the xlsx with no warning."""
    note = ("Fictional transcript line. " * 40_000)[:1_000_000]
    folder = review_with(tmp_path, {"csc.csv": f'Date,Details\n01/02/2022,"{note}"\n02/02/2022,Short\n'})

    assert run(folder, capsys)[0] == 0

    frame = read_chronology(folder / "build" / "chronology.csv")
    assert frame["description"].tolist()[0] == note.strip()
    assert flags_of(frame, "description", note.strip()) == ["text_cut_in_excel"]
    assert flags_of(frame, "description", "Short") == []
    ws = openpyxl.load_workbook(folder / "build" / "chronology.xlsx", read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    cell = rows[1][rows[0].index("What happened")]
    assert len(cell) == 32_767 and cell.endswith("the whole text is in chronology.csv]")
    assert cell.startswith(note[:1000])
    assert any("32,767" in w and "1,000,000" in w for w in report(folder)["warnings"])


# -- cases that already behaved well, kept good ----------------------------------------------------

def test_formula_injection_is_neutralised_in_the_excel_chronology(tmp_path):
    """Formula injection (=cmd|...) is neutralised in the xlsx; the CSV keeps the exact text."""
    payloads = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "@HYPERLINK(\"http://example.invalid\")", "-2+3"]
    rows = "".join(f'0{i + 1}/02/2022,"{p.replace(chr(34), chr(34) * 2)}"\n' for i, p in enumerate(payloads))
    folder = review_with(tmp_path, {"csc.csv": "Date,Details\n" + rows})

    assert main(["ingest", str(folder)]) == 0

    assert read_chronology(folder / "build" / "chronology.csv")["description"].tolist() == payloads
    ws = openpyxl.load_workbook(folder / "build" / "chronology.xlsx").active
    column = [c.value for c in ws[1]].index("What happened") + 1
    cells = [ws.cell(row=r, column=column) for r in range(2, 2 + len(payloads))]
    assert [c.value for c in cells] == payloads
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_script_in_a_description_is_inert_text_in_every_output(tmp_path):
    """Markup and script injection are inert: kept as the agency's words, never as markup that breaks a report."""
    script = "<script>alert('fictional')</script>"
    folder = review_with(tmp_path, {"csc.csv": f"Date,Details\n01/02/2022,{script}\n,{script} | note\n"})

    assert main(["ingest", str(folder)]) == 0

    assert json.loads((folder / "build" / "chronology.json").read_text(encoding="utf-8"))[0]["description"] == script
    [reject] = report(folder)["rejects"]
    assert script in reject["reason"]
    [line] = [line for line in report_md(folder).splitlines() if "<script>" in line]
    assert line.count("|") == 4                     # the agency's '|' cannot add a column to the table


def test_password_protected_xlsx_fails_saying_what_to_do(tmp_path, capsys):
    """A password-protected xlsx: named, and the reviewer told to ask for the password to be removed."""
    encrypted = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le")
                 + b"\x00" * 1000)
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police.xlsx": encrypted})

    code, printed = run(folder, capsys)

    assert code == 1 and "police.xlsx" in printed and "password" in printed and "Traceback" not in printed


def test_corrupt_xlsx_fails_naming_it(tmp_path, capsys):
    """A corrupt (truncated) xlsx: named as damaged, never a traceback."""
    whole = tmp_path / "whole.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Date", "Details"])
    wb.active.append(["01/02/2022", "Visit (fictional)"])
    wb.save(whole)
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police.xlsx": whole.read_bytes()[:1500]})

    code, printed = run(folder, capsys)

    assert code == 1 and "police.xlsx" in printed and "damaged" in printed and "Traceback" not in printed


def test_zero_byte_csv_fails_naming_it(tmp_path, capsys):
    """An empty file (a zero-byte CSV) is named as empty."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK, "police.csv": b""})

    code, printed = run(folder, capsys)

    assert code == 1 and "police.csv" in printed and "empty" in printed


def test_docx_with_no_table_fails_saying_so(tmp_path, capsys):
    """A docx with no table: there is no chronology to read, and the reviewer is told so."""
    folder = review_with(tmp_path, {"csc.csv": CSV_OK})
    document = docx.Document()
    document.add_paragraph("Police summary for the review (fictional): no chronology attached.")
    document.save(folder / "agency_reports" / "police_summary.docx")

    code, printed = run(folder, capsys)

    assert code == 1 and "police_summary.docx" in printed and "holds no table" in printed


def test_csv_with_a_bom_reads_its_first_heading(tmp_path):
    """A CSV with a BOM: the mark is not taken into the first heading, so the date column is found."""
    folder = review_with(tmp_path, {"csc.csv": "\ufeff" + CSV_OK})

    result = ingest(load_review(folder), progress=False)

    assert result.ok and result.chronology["date"].tolist() == ["2022-02-01"]


def test_semicolon_delimited_csv_is_read(tmp_path):
    """A semicolon-delimited CSV (Excel in many European locales)."""
    folder = review_with(tmp_path, {"csc.csv": "Date;Details;Outcome\n01/02/2022;Visit, child seen;No action, fictional\n"})

    result = ingest(load_review(folder), progress=False)

    assert result.chronology[["description", "outcome"]].values.tolist() == [["Visit, child seen", "No action, fictional"]]


def test_file_name_with_spaces_and_unicode_is_kept_as_provenance(tmp_path):
    """A file name with spaces and unicode letters still names its agency and stays the entry's source."""
    name = "Police – Zoë's chronology (final) v2.csv"
    folder = review_with(tmp_path, {name: CSV_OK})

    result = ingest(load_review(folder), progress=False)

    assert result.chronology[["agency", "source_file"]].values.tolist() == [["Police", f"agency_reports/{name}"]]


def _hostile_mix(folder: Path) -> None:
    reports = folder / "agency_reports"
    (reports / "csc.csv").write_text("Date,Time,Details\n3/3/49,,grandmother born\n03/03/2022 24:00,,late call\n"
                                     "31/12/9999,,placeholder\nN/K,,undated\n04/03/2022,24:00,time column\n",
                                     encoding="utf-8")
    (reports / "police.csv").write_text("Date,Details\n", encoding="utf-8")
    (reports / "README.txt").write_text("For the fictional agencies.\n", encoding="utf-8")
    note = "x" * 40_000
    (reports / "gp.csv").write_text(f'Date,Details\n01/02/2022,"{note}"\n', encoding="utf-16")
    wb = openpyxl.Workbook()
    wb.active.append(["Date", "Details"])
    wb.active.append(["=TODAY()", "formula date"])
    wb.active.append(["05/03/2022", "=cmd|' /C calc'!A0"])
    wb.save(reports / "school.xlsx")


def test_a_hostile_mix_modifies_no_submission_and_accounts_for_every_row(tmp_path, capsys):
    """Raw submissions are never modified, and every row read is accepted or rejected with a reason."""
    folder = review_with(tmp_path, {})
    _hostile_mix(folder)
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
              for p in (folder / "agency_reports").iterdir()}

    assert run(folder, capsys)[0] == 0

    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
             for p in (folder / "agency_reports").iterdir()}
    assert before == after
    data = report(folder)
    assert data["rows_read"] == data["rows_accepted"] + data["rows_rejected"] == 8
    assert data["rows_rejected"] == len(data["rejects"]) == 3


def _with_subject_born(folder: Path, born: str) -> None:
    (folder / "private").mkdir(exist_ok=True)
    (folder / "private" / "names.yaml").write_text(
        "people:\n  - name: Tyler Example\n    pseudonym: T\n    subject: true\n"
        f"    date_of_birth: {born}\n  - name: Tamsin Example\n    pseudonym: Mother\n"
        "    date_of_birth: 1990-01-05\n", encoding="utf-8")


def test_dates_before_the_childs_birth_are_flagged_and_the_birth_date_stays_private(tmp_path, capsys):
    """Dates before the child's birth (when known) flagged for the reviewer: the birth is known from
    the names register (subject: true), and never copied out of private/."""
    folder = _dated(review_with(tmp_path, {}), [("03/03/2021", "before the birth: a typed year?"),
                                                ("01/06/2022", "after the birth")])
    _with_subject_born(folder, "2021-11-30")
    assert run(folder, capsys)[0] == 0
    frame = read_chronology(folder / "build" / "chronology.csv")
    assert "date_before_birth" in flags_of(frame, "description", "before the birth: a typed year?")
    assert "date_before_birth" not in flags_of(frame, "description", "after the birth")
    assert any("flagged date_before_birth" in rule for rule in report(folder)["date_rules"])
    for output in (folder / "build").rglob("*"):                      # the date itself stays in private/
        if output.is_file():
            text = output.read_bytes().decode("utf-8", "replace")
            assert "2021-11-30" not in text and "30/11/2021" not in text, output.name


def test_a_new_birth_date_makes_the_chronology_stale_and_a_new_name_does_not(tmp_path):
    from reviewbench.build import run_ingest
    from reviewbench.stages import stale_stages
    folder = _dated(review_with(tmp_path, {}), [("03/03/2021", "an early entry")])
    _with_subject_born(folder, "2021-11-30")
    assert run_ingest(folder, progress=False).ok and "ingest" not in stale_stages(load_review(folder))
    register = folder / "private" / "names.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "  - name: Lee Sample\n    pseudonym: Partner\n",
                        encoding="utf-8")
    assert "ingest" not in stale_stages(load_review(folder))          # naming people never re-ingests
    register.write_text(register.read_text(encoding="utf-8").replace("2021-11-30", "2020-11-30"), encoding="utf-8")
    assert "ingest" in stale_stages(load_review(folder))


def test_an_unreadable_register_does_not_stop_the_ingest_and_says_no_birth_check_was_made(tmp_path, capsys):
    folder = _dated(review_with(tmp_path, {}), [("03/03/2022", "an entry")])
    (folder / "private").mkdir(exist_ok=True)
    (folder / "private" / "names.yaml").write_text("people:\n  - name: Tyler Example\n    subject: yes please\n",
                                                  encoding="utf-8")
    code, printed = run(folder, capsys)
    assert code == 0
    assert "The names register cannot be read, so no date was checked against the child's date of birth" in printed
    assert "'subject' must be true or false" in printed
    assert "T**** E******" in printed and "Tyler" not in printed     # the name stays masked in the message


def test_every_flag_a_hostile_ingest_sets_is_in_the_flags_vocabulary_and_the_readme(tmp_path):
    """The flags are data (lib/reviewbench/data/flags.yaml): what the code sets, README lists and the report explains."""
    folder = review_with(tmp_path, {})
    _hostile_mix(folder)

    frame = ingest(load_review(folder), progress=False).chronology

    found = {flag for flags in frame["flags"] for flag in flags.split("; ") if flag}
    assert {"two_digit_year", "date_in_future", "date_implausible", "time_unreadable", "text_cut_in_excel",
            "out_of_scope"} <= found <= set(chronology_flags())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `flags` |")]
    assert re.findall(r"`([a-z_]+)`", row.split("|")[2]) == list(chronology_flags())


def test_ingest_report_is_the_same_on_every_run(tmp_path):
    """The date rules stated in the report hold no wall-clock date: the same inputs give the same report."""
    folder = review_with(tmp_path, {})
    _hostile_mix(folder)
    review = load_review(folder)
    first = ingest(review, progress=False, today=dt.date(2030, 1, 1))
    second = ingest(review, progress=False, today=dt.date(2031, 6, 1))

    assert first.date_rules == second.date_rules
    assert not any(re.search(r"20(30|31)-", rule) for rule in first.date_rules)
