"""Themes across the portfolio (issue 17, item 4): findings' themes checked against the review's theme
list; the matrix of reviews × themes (tagged entries and findings counted apart), recurring findings
with their evidence, the partnership's priorities with the reviews behind them; build/themes.csv, .xlsx,
.json and the figure; the workbench's view of the matrix, which never builds."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import os
import re
import shutil
import struct
from pathlib import Path

import docx
import ipywidgets as W
import openpyxl
import pytest

import clients
import yaml_files
from conftest import EXAMPLE, REPO, make_review
from reviewbench.authored import load_authored
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import AuthoredError, ReviewConfigError
from reviewbench.portfolio import ReviewOutcome, build_portfolio, load_portfolio, theme_matrix
from reviewbench.portfolio.review_themes import review_theme_rows
from reviewbench.portfolio.statuses import plan_terms
from reviewbench.portfolio.yearly import reporting_year, write_yearly
from reviewbench.register import mask_name
from reviewbench.workbench.ui import ThemesView

AS_OF = dt.date(2026, 1, 15)
THEMES = [{"id": "information-sharing", "label": "Information sharing (fictional vocabulary)",
           "review_themes": ["A1"]},
          {"id": "child-not-seen", "label": "The child not seen", "review_themes": ["A4"]},
          {"id": "men-in-the-household", "label": "The men in the household", "review_themes": ["A7"]}]


def _finding(fid: str, themes: list[str], evidence: list[str]) -> dict:
    return {"id": fid, "title": f"Finding {fid} of a fictional review", "category": "longer-term-work",
            "themes": themes, "evidence": evidence}


def _review(folder: Path, rid: str, findings: list[dict], tags: dict | None = None) -> Path:
    make_review(folder, id=rid, title=f"Child {rid[-1].upper()} (fictional)")
    (folder / "authored" / "findings.yaml").write_text(yaml_files.safe_dump({"findings": findings}), encoding="utf-8")
    if tags is not None:
        (folder / "authored" / "tags.yaml").write_text(yaml_files.safe_dump({"tags": tags}), encoding="utf-8")
    return folder


def _outcome(folder: Path) -> ReviewOutcome:
    review = load_review(folder)
    return ReviewOutcome(folder=str(folder), id=review.id, title=review.title,
                         themes=review_theme_rows(review, load_authored(review)))


def _portfolio(folder: Path, reviews: list[str], **keys) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"partnership": "Testshire Safeguarding Children Partnership (fictional)", "themes": THEMES,
            "reviews": [{"path": r} for r in reviews], **keys}
    (folder / "portfolio.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture
def two_reviews(tmp_path):
    a = _review(tmp_path / "a", "review-a",
                [_finding("F1", ["A1", "B1"], ["CSC-0001aaaa", "HV-0004dddd"]), _finding("F2", ["A4"], ["POL-0002bbbb"])],
                {"CSC-0001aaaa": {"themes": ["A1"]}, "POL-0002bbbb": {"themes": ["A1", "A4"]}})
    b = _review(tmp_path / "b", "review-b", [_finding("F1", ["A1"], ["SCH-0003cccc"])],
                {"SCH-0003cccc": {"themes": ["A5"], "note": "Absent six days (fictional)."}})
    root = _portfolio(tmp_path / "p", ["../a", "../b"],
                      priorities=[{"theme": "information-sharing", "since": "2024-04-01", "reason": "Lost notes."},
                                  {"theme": "men-in-the-household"}])
    return load_portfolio(root), [_outcome(a), _outcome(b)]


# -- findings' themes ---------------------------------------------------------------------------

def test_a_finding_theme_not_in_the_review_theme_list_is_refused_with_a_suggestion(tmp_path):
    folder = _review(tmp_path / "r", "review-r", [_finding("F1", ["A11", "A44"], [])])
    with pytest.raises(AuthoredError) as caught:
        load_authored(load_review(folder))
    said = str(caught.value)
    assert "authored/findings.yaml" in said and "finding F1" in said and "'A44'" in said
    assert "did you mean" in said and "'A11'" not in said


def test_findings_without_themes_stay_valid_and_a_review_theme_list_adds_ids(tmp_path):
    folder = _review(tmp_path / "r", "review-r", [{"id": "F1", "title": "Old finding", "category": "longer-term-work"}])
    assert load_authored(load_review(folder)).findings[0].themes == []
    _review(folder, "review-r", [_finding("F1", ["local-1"], [])])
    (folder / "themes.yaml").write_text(yaml_files.safe_dump({"groups": [{"id": "L", "label": "Local", "themes": [
        {"id": "local-1", "label": "A local priority (fictional)"}]}]}), encoding="utf-8")
    assert load_authored(load_review(folder)).findings[0].themes == ["local-1"]


# -- the matrix ---------------------------------------------------------------------------------

def test_each_cell_counts_tagged_entries_and_findings_apart(two_reviews):
    portfolio, outcomes = two_reviews
    matrix = theme_matrix(portfolio, outcomes)
    cell = matrix.cell("review-a", "information-sharing")
    assert cell.entries == ["CSC-0001aaaa", "POL-0002bbbb"]
    assert [f["id"] for f in cell.findings] == ["F1"]
    seen = matrix.cell("review-a", "child-not-seen")
    assert (seen.entries, [f["id"] for f in seen.findings]) == (["POL-0002bbbb"], ["F2"])
    assert matrix.cell("review-b", "child-not-seen").empty


def test_a_review_theme_outside_the_vocabulary_keeps_its_own_column_and_is_reported(two_reviews):
    portfolio, outcomes = two_reviews
    matrix = theme_matrix(portfolio, outcomes)
    outside = {c.id: c for c in matrix.columns if not c.in_vocabulary}
    assert set(outside) == {"B1", "A5"}
    assert matrix.cell("review-b", "A5").entries == ["SCH-0003cccc"]
    assert any("A5" in said and "review-b" in said for said in matrix.outside)
    assert any("B1" in said and "review-a" in said for said in matrix.outside)


def test_a_theme_in_findings_of_two_reviews_recurs_with_each_finding_and_its_evidence(two_reviews):
    portfolio, outcomes = two_reviews
    recurring = theme_matrix(portfolio, outcomes).recurring()
    assert [column.id for column, _ in recurring] == ["information-sharing"]
    cells = recurring[0][1]
    assert [(c.review, [f["id"] for f in c.findings]) for c in cells] == [("review-a", ["F1"]), ("review-b", ["F1"])]
    assert cells[0].findings[0]["evidence"] == ["CSC-0001aaaa", "HV-0004dddd"]


def test_each_priority_shows_the_reviews_behind_it_or_that_none_is(two_reviews):
    portfolio, outcomes = two_reviews
    priorities = {p.theme: p for p in theme_matrix(portfolio, outcomes).priorities}
    assert priorities["information-sharing"].reviews == ["review-a", "review-b"]
    assert priorities["information-sharing"].since == dt.date(2024, 4, 1)
    assert priorities["men-in-the-household"].said == "no review found on it"


def test_a_priority_theme_not_in_the_vocabulary_is_refused_with_a_suggestion(tmp_path):
    make_review(tmp_path / "a")
    root = _portfolio(tmp_path / "p", ["../a"], priorities=[{"theme": "informaton-sharing"}])
    with pytest.raises(ReviewConfigError) as caught:
        load_portfolio(root)
    said = str(caught.value)
    assert "portfolio.yaml" in said and "priorities" in said and "did you mean 'information-sharing'" in said


# -- built: the example portfolio ---------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example portfolio (child-t and child-q), copied and built once."""
    root = tmp_path_factory.mktemp("themes")
    shutil.copytree(EXAMPLE, root / "child-t", ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
    shutil.copytree(REPO / "examples" / "portfolio", root / "portfolio", ignore=shutil.ignore_patterns("build"))
    result = build_portfolio(root / "portfolio", as_of=AS_OF, workers=1)
    return root / "portfolio", result


@pytest.mark.slow
def test_past_forty_reviews_the_figure_draws_those_with_most_and_says_where_every_review_is(tmp_path):
    """A row per review made a portfolio of hundreds an unreadable picture, and past about six hundred one
    matplotlib cannot save."""
    from reviewbench.portfolio.theme_figure import MOST_REVIEWS_DRAWN, drawn_reviews, write_themes_figure
    from reviewbench.portfolio.themes import Cell, Column, ThemeMatrix
    reviews = [(f"review-{i:03d}", "") for i in range(700)]
    weight = {rid: (i * 37) % 11 for i, (rid, _) in enumerate(reviews)}          # 0..10, scattered
    cells = {(rid, "A1"): Cell(rid, "A1", entries=[f"E{k}" for k in range(weight[rid])]) for rid, _ in reviews}
    matrix = ThemeMatrix(reviews, [Column("A1", "Information sharing")], cells, [], [])
    drawn = drawn_reviews(matrix)
    assert len(drawn) == MOST_REVIEWS_DRAWN == 40
    assert drawn == [r for r in reviews if r in drawn]                           # the portfolio's order
    assert min(weight[rid] for rid, _ in drawn) >= max(weight[rid] for rid, _ in reviews if (rid, "") not in drawn)
    written = write_themes_figure(matrix, "Testshire (fictional): themes", tmp_path / "themes",
                                  tables="build/themes.csv and build/themes.xlsx")
    width, height = _png_size(written[0])
    assert height <= 5000, height
    svg = written[1].read_text(encoding="utf-8")
    assert "review-000" not in svg and drawn[0][0] in svg                      # weight 0 is left out
    said = " ".join(" ".join(re.findall(r"<!-- (.*?) -->", svg, re.S)).split())     # each line of text drawn
    assert ("The 40 of the 700 reviews with the most tagged entries and findings; every review is in "
            "build/themes.csv and build/themes.xlsx.") in said
    small = ThemeMatrix(reviews[:3], matrix.columns, cells, [], [])
    assert drawn_reviews(small) == reviews[:3]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_the_example_portfolio_writes_the_long_matrix_the_workbook_and_a_readable_figure(built):
    folder, result = built
    rows = list(csv.DictReader((folder / "build" / "themes.csv").read_text(encoding="utf-8").splitlines()))
    sharing = {r["review"]: r for r in rows if r["theme"] == "information-sharing"}
    outcome_rows = {o.id: o.themes for o in result.outcomes}
    for rid, row in sharing.items():
        tagged = {r["item"] for r in outcome_rows[rid] if r["source"] == "tag" and r["theme"] == "A1"}
        found = {r["item"] for r in outcome_rows[rid] if r["source"] == "finding" and r["theme"] == "A1"}
        assert (int(row["tagged_entries"]), int(row["findings"])) == (len(tagged), len(found))
    assert int(sharing["child-q"]["tagged_entries"]) > 0 and int(sharing["child-t"]["findings"]) > 0
    assert sharing["child-t"]["priority"] == "yes"
    book = openpyxl.load_workbook(folder / "build" / "themes.xlsx", read_only=True)
    assert {"Matrix", "Cells", "Recurring", "Priorities"} <= set(book.sheetnames)
    width, height = _png_size(folder / "build" / "themes.png")
    assert 600 <= width <= 3000 and 200 <= height <= 2000
    assert (folder / "build" / "themes.svg").stat().st_size > 1000


@pytest.mark.slow
def test_the_workbench_view_shows_the_matrix_and_a_chosen_cell_lists_its_findings_and_entries(built):
    folder, result = built
    view = ThemesView(folder)
    assert isinstance(view.widget, W.VBox) and view.status.value == ""
    assert view.cells[("child-q", "adults-around-the-child")].disabled
    view.cells[("child-t", "information-sharing")].click()
    findings = [f for f in view.matrix.cell("child-t", "information-sharing").findings]
    assert findings and all(f["id"] in view.detail.value and f["title"] in view.detail.value for f in findings)
    view.cells[("child-q", "information-sharing")].click()
    assert "CSC-914ff105" in view.detail.value and "F1" not in view.detail.value


@pytest.mark.slow
def test_the_view_never_builds_and_says_when_the_matrix_is_stale_or_missing(built, tmp_path):
    folder, _ = built
    findings = folder.parent / "child-t" / "authored" / "findings.yaml"
    later = (folder / "build" / "themes.json").stat().st_mtime + 5
    os.utime(findings, (later, later))
    before = (folder / "build" / "themes.json").read_bytes()
    view = ThemesView(folder)
    assert "older than" in view.status.value and "reviewbench portfolio" in view.status.value
    assert (folder / "build" / "themes.json").read_bytes() == before
    bare = _portfolio(tmp_path / "p", [str(folder.parent / "child-t")])
    view = ThemesView(bare)
    assert "not built yet" in view.status.value and not (bare / "build").exists()


# -- the yearly report section ------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end", [("2025-26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
                                              ("2024/25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
                                              ("1999-2000", dt.date(1999, 4, 1), dt.date(2000, 3, 31))])
def test_a_reporting_year_runs_from_april_to_march(text, start, end):
    year = reporting_year(text)
    assert (year.start, year.end) == (start, end)


@pytest.mark.parametrize("text", ["2025", "2025-27", "25-26", "April 2025"])
def test_a_year_not_of_the_form_is_refused_saying_how_to_write_it(text, capsys):
    assert main(["yearly", str(REPO / "examples" / "portfolio"), "--year", text]) == 2
    said = capsys.readouterr().err
    assert f"'{text}'" in said and "--year 2025-26" in said


@pytest.fixture(scope="module")
def yearly(built):
    folder, result = built
    written = write_yearly(result, reporting_year("2024-25"), AS_OF)
    return folder, result, written


def _docx_text(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return headings, tables, "\n".join(p.text for p in document.paragraphs)


@pytest.mark.slow
def test_the_yearly_report_has_its_four_sections_and_the_counts_of_the_portfolio(yearly):
    folder, result, written = yearly
    headings, tables, text = _docx_text(folder / "build" / "yearly_report.docx")
    assert headings[1:] == ["What was reviewed", "Themes", "Actions and their status", "Evidence of impact"]
    statuses = next(t for t in tables if t[0] == ["Status", "Actions"])
    counted = {row[0]: int(row[1]) for row in statuses[1:]}
    terms = plan_terms()
    expected = {}
    for action in (a for o in result.outcomes for a in o.actions):
        label = terms.status(action["status"]).label
        expected[label] = expected.get(label, 0) + 1
    assert counted == expected
    flagged = next(t for t in tables if t[0][:2] == ["Review", "Action"] and "Flag" in t[0])
    assert len(flagged) - 1 == len({(f["review"], f["action"]) for o in result.outcomes for f in o.flags}) > 0
    impact = next(t for t in tables if t[0][0] == "Date")
    dated = [e for o in result.outcomes for e in o.evidence if "2024-04-01" <= e["date"] <= "2025-03-31"]
    assert len(impact) - 1 == len(dated) == written.evidence > 0
    every_cell = text + " ".join(c for t in tables for row in t for c in row)
    assert "1 April 2024 to 31 March 2025" in text and not re.search(r"\d{4}-\d{2}-\d{2}", every_cell)
    assert (folder / "build" / "yearly_report.html").read_text(encoding="utf-8").count("<h2>") == 4


@pytest.mark.slow
def test_a_review_whose_actions_could_not_be_read_is_named_and_none_is_never_said(built):
    """The yearly report said "no actions yet" and "no action is overdue" of a portfolio whose action
    plans could not be read."""
    folder, result = built
    unread = [dataclasses.replace(o, actions=[], flags=[], evidence=[], actions_read=False,
                                  problems=["authored/actions.yaml: not valid YAML."]) for o in result.outcomes]
    written = write_yearly(dataclasses.replace(result, outcomes=unread), reporting_year("2024-25"), AS_OF)
    page = (folder / "build" / "yearly_report.html").read_text(encoding="utf-8")
    said = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page)).split())
    assert "Not counted: the actions of child-t" in said and "whose files could not be read" in said
    assert "have no actions yet" not in said and "No action is overdue" not in said
    assert "Not counted: the evidence of impact of child-t" in said and "No evidence of impact is dated" not in said
    assert written.outputs[0] == folder / "build" / "yearly_report.html"


@pytest.mark.slow
def test_a_review_whose_actions_were_read_is_counted_whatever_its_other_problems(built):
    """A problem elsewhere in a review (its response, its build) does not make its actions "not counted"."""
    folder, result = built
    assert all(o.actions_read for o in result.outcomes)
    other = [dataclasses.replace(o, ok=False, problems=["authored/response.yaml: not valid YAML."])
             for o in result.outcomes]
    write_yearly(dataclasses.replace(result, outcomes=other), reporting_year("2024-25"), AS_OF)
    said = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(
        (folder / "build" / "yearly_report.html").read_text(encoding="utf-8"))).split())
    assert "Not counted" not in said
    assert f"{sum(len(o.actions) for o in result.outcomes)} actions, as they stood on" in said


@pytest.mark.slow
def test_a_year_with_nothing_in_it_says_so(built):
    folder, result = built
    written = write_yearly(result, reporting_year("2010-11"), AS_OF)
    _, _, text = _docx_text(written.outputs[1])
    assert "No review of the portfolio has a date in 2010-11." in text
    assert "No evidence of impact is dated in 2010-11." in text
    assert written.reviews == 0 and written.evidence == 0


@pytest.mark.slow
def test_the_publication_scan_runs_on_the_yearly_report_and_names_what_it_could_not_check(yearly):
    folder, result, written = yearly
    assert any("child-q" in line and "no names register" in line for line in written.unchecked)
    # the scan reads text: the themes figure embedded in the report is named for a check by eye
    assert any("picture(s) in it (the themes figure)" in line and "check them by eye" in line
               for line in written.unchecked)
    person = _registered_person((folder.parent / "child-t" / "private" / "names.yaml").read_text(encoding="utf-8"))
    outcome = next(o for o in result.outcomes if o.id == "child-t")
    planted = dataclasses.replace(outcome, evidence=[*outcome.evidence, {
        "review": "child-t", "action": "A1", "owner_agency": "Police", "date": "2024-06-01", "kind": "data",
        "summary": f"{person} told the audit team.", "link": ""}])
    outcomes = [planted if o is outcome else o for o in result.outcomes]
    found = write_yearly(dataclasses.replace(result, outcomes=outcomes), reporting_year("2024-25"), AS_OF).found
    # said masked, as 'check' says it: enough to find it in the report, nothing to read over a shoulder
    assert any(line.startswith("child-t:") and f"'{mask_name(person)}' (registered name" in line
               for line in found), found
    assert not any(part in line for line in found for part in person.split())
    assert not any(mask_name(person) in line for line in written.found)


def _registered_person(register_text: str) -> str:
    """A name of the example's names register (the scan must find it in the yearly report)."""
    data = yaml_files.safe_load(register_text)
    people = data.get("people") or []
    if people:
        return people[0]["name"]
    return next(iter(data["names"]))


@pytest.mark.client
@pytest.mark.slow
def test_the_yearly_report_opens_in_libreoffice_writer_with_its_sections(office_profile, yearly, tmp_path):
    folder, _, _ = yearly
    pages = clients.pdf_text(clients.convert(folder / "build" / "yearly_report.docx", "pdf", tmp_path / "pdf",
                                             office_profile))
    text = " ".join(" ".join(page.split()) for page in pages)
    for heading in ("What was reviewed", "Themes", "Actions and their status", "Evidence of impact"):
        assert heading in text
    assert "1 April 2024 to 31 March 2025" in text


@pytest.mark.slow
def test_the_commands_say_what_recurs_each_priority_and_what_the_scan_could_not_check(built, capsys):
    folder, _ = built
    assert main(["portfolio", str(folder), "--as-of", AS_OF.isoformat(), "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert "Priority adults-around-the-child: child-r." in out.out
    assert "Priority information-sharing: child-t, child-q, child-r." in out.out
    assert "found in findings of two or more reviews: information-sharing (2 reviews)" in out.out
    assert "Note: the review theme A5" in out.err and "review_themes" in out.err
    assert main(["yearly", str(folder), "--year", "2025-26", "--as-of", AS_OF.isoformat(), "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert "Not checked: child-q has no names register" in out.err
    assert "could not check everything" in out.out and "found no registered name" not in out.out
    assert (folder / "build" / "yearly_report.docx").is_file()
