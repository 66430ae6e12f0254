"""The rapid review (issue 14, item 3): the agency summary form written, filled and read back by the
ingest, the methodology rendered from the example's intake, and the rules pack's clock on the front."""

from __future__ import annotations

import hashlib
import re
import shutil
from html import unescape
from pathlib import Path

import docx
import pytest

import yaml_files
from conftest import EXAMPLE, make_review
from report_support import build, make_prepared, write_review
from reviewbench.build import run_ingest, run_render
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.intake.blank_templates import summary_form_path, write_intake_templates
from reviewbench.intake.ingest import ingest
from reviewbench.intake.summary_form import COVER_LABELS, FIELDS, TITLE, heading_of
from reviewbench.methodology import get_methodology

RAPID = "rapid-review"
FORMS = sorted(p.name for p in (EXAMPLE / "agency_reports").glob("*_rapid-review-summary.docx"))
SECTION_TITLES = ("The facts as known", "Key events from the integrated chronology",
                  "Immediate safeguarding actions and their rationale", "What each agency did",
                  "The agencies' summaries", "Emerging learning", "Good practice",
                  "Recommendation on a local child safeguarding practice review")


def _fill(path: Path, texts: dict[str, list[str]], *, drop: str | None = None, completed_by: str = "") -> None:
    """Fill a blank form as an agency would in Word: text under each heading (``drop``: a heading deleted)."""
    doc = docx.Document(str(path))
    for row in doc.tables[0].rows:
        if row.cells[0].text == COVER_LABELS[1]:
            row.cells[1].text = completed_by
    headings = [p for p in doc.paragraphs if heading_of(p.text)]
    for heading, following in zip(headings, [*headings[1:], None]):
        for text in texts.get(heading_of(heading.text).id, []):
            if following is None:
                doc.add_paragraph(text)
            else:
                following.insert_paragraph_before(text)
        if drop and heading_of(heading.text).id == drop:
            heading._element.getparent().remove(heading._element)
    doc.save(str(path))


TEXTS = {f.id: [f"{f.heading} of the fictional Zephyr agency, part {n}." for n in (1, 2)] for f in FIELDS}


@pytest.fixture(scope="module")
def forms_written(tmp_path_factory) -> Path:
    """A small review whose rapid review forms ``templates --rapid-review`` wrote, once for this file
    (writing every agency's templates takes a second or two): copied by ``form_review``, never changed."""
    root = make_review(tmp_path_factory.mktemp("rapid-forms") / "review")
    review = load_review(root)
    files = write_intake_templates(review, rapid_review=True)
    form = summary_form_path(review, review.agency_named("Police"))
    assert form in files.written
    return root


@pytest.fixture
def form_review(forms_written, tmp_path) -> Path:
    """A small review with the Police's rapid review form written by ``templates --rapid-review``, filled
    in by the test, and returned into agency_reports/ beside a one-row chronology."""
    root = tmp_path / "review"
    shutil.copytree(forms_written, root)
    (root / "agency_reports" / "police_chronology.csv").write_text(
        "Date,Details of contact\n03/03/2022,Officers attended a reported argument.\n", encoding="utf-8")
    return root


def _return_form(root: Path, **fill) -> Path:
    review = load_review(root)
    blank = summary_form_path(review, review.agency_named("Police"))
    returned = root / "agency_reports" / "returned form.docx"       # renamed by the agency: the marker tells
    shutil.copy(blank, returned)
    _fill(returned, **fill)
    return returned


# -- the form ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_templates_write_a_summary_form_per_agency_only_when_asked(tmp_path):
    root = make_review(tmp_path / "review")
    plain = write_intake_templates(load_review(root))
    assert not [p for p in plain.written if "rapid-review" in p.name]
    asked = write_intake_templates(load_review(root), rapid_review=True)
    forms = sorted(p.name for p in asked.written)
    assert len(forms) == len(load_review(root).agencies) and all(n.endswith("_rapid-review-summary.docx") for n in forms)
    doc = docx.Document(str(tmp_path / "review" / "intake" / "police_rapid-review-summary.docx"))
    assert doc.paragraphs[0].text == TITLE
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"] == [f.heading for f in FIELDS]
    assert doc.tables[0].rows[0].cells[1].text == "Police"


@pytest.mark.slow
def test_a_filled_form_round_trips_through_the_ingest_with_its_provenance(form_review):
    returned = _return_form(form_review, texts=TEXTS, completed_by="Detective Inspector (DI9)")
    before = hashlib.sha256(returned.read_bytes()).hexdigest()
    result = ingest(load_review(form_review), progress=False)
    assert result.ok
    [summary] = result.summaries
    assert summary.agency == "Police" and summary.file == "agency_reports/returned form.docx"
    assert summary.sha256 == before == hashlib.sha256(returned.read_bytes()).hexdigest()     # never changed
    assert summary.completed_by == "Detective Inspector (DI9)" and summary.problems == []
    for form_field in FIELDS:
        got = summary.fields[form_field.id]
        assert got.text == "\n\n".join(TEXTS[form_field.id])          # the guidance under the heading is not read
        assert got.location.startswith(f"heading '{form_field.heading}', paragraphs ")
    status = {f.file: f.status for f in result.files}
    assert status == {"agency_reports/returned form.docx": "summary", "agency_reports/police_chronology.csv": "ok"}
    assert result.chronology["agency"].tolist() == ["Police"]           # the form adds no chronology rows


@pytest.mark.slow
def test_a_heading_taken_out_of_a_form_is_named_with_the_file(form_review):
    _return_form(form_review, texts=TEXTS, drop="immediate_actions")
    result = ingest(load_review(form_review), progress=False)
    [summary] = result.summaries
    assert "immediate_actions" not in summary.fields
    message = "agency_reports/returned form.docx: the heading 'Immediate actions' is missing"
    assert any(p.startswith(message) for p in summary.problems)
    assert any(w.startswith(message) for w in result.warnings)


def test_the_rapid_review_shows_a_missing_heading_as_a_gap_naming_the_file_and_heading(form_review):
    _return_form(form_review, texts=TEXTS, drop="immediate_actions")
    [summary] = ingest(load_review(form_review), progress=False).summaries
    root = write_review(form_review.parent / "report")
    prepared = make_prepared(root)
    prepared.ingest_report["agency_summaries"] = [summary.as_dict()]
    report = build(root, RAPID, prepared=prepared)
    gaps = [g for g in report.gaps if g.where.startswith("2.2 What each agency did")]
    assert [g.message.split(". ")[0] for g in gaps] == [
        "agency_reports/returned form.docx: the heading 'Immediate actions' is missing, so nothing was read for it"]
    assert "Initial learning of the fictional Zephyr agency, part 1." in report.html()


def test_a_heading_left_empty_is_named_and_the_others_are_read(form_review):
    _return_form(form_review, texts={k: v for k, v in TEXTS.items() if k != "good_practice"})
    [summary] = ingest(load_review(form_review), progress=False).summaries
    assert set(summary.fields) == {f.id for f in FIELDS} - {"good_practice"}
    assert summary.problems == ["agency_reports/returned form.docx: nothing is written under the heading "
                                "'Good practice'. Ask the agency for it (or for 'None' if nothing applies)."]


def test_a_form_naming_an_unknown_agency_fails_naming_the_file_and_its_cover_table(form_review):
    returned = _return_form(form_review, texts=TEXTS)
    doc = docx.Document(str(returned))
    doc.tables[0].rows[0].cells[1].text = "Zephyr Constabulary"
    doc.save(str(returned))
    result = ingest(load_review(form_review), progress=False)
    assert not result.ok
    [failed] = result.failed
    assert failed.error.startswith("agency_reports/returned form.docx (cover table): its 'Agency:' cell says "
                                   "'Zephyr Constabulary'")


def test_a_section_naming_a_field_the_form_does_not_have_is_refused(tmp_path):
    folder = tmp_path / "review" / "methodology" / RAPID
    folder.mkdir(parents=True)
    text = (EXAMPLE.parents[1] / "methodology" / RAPID / "method.yaml").read_text(encoding="utf-8")
    (folder / "method.yaml").write_text(text.replace("fields: [good_practice]", "fields: [good-practice]"),
                                        encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="there is no summary form field 'good-practice' "
                                               r"\(did you mean 'good_practice'\?\)"):
        get_methodology(RAPID, tmp_path / "review")


# -- the clock on the front --------------------------------------------------------------------------

def _front(tmp_path: Path, **dates) -> str:
    root = write_review(tmp_path / "review", sections={"rapid-facts": "Fictional facts."})
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    config.update(methodology=RAPID, dates=dates)
    (root / "review.yaml").write_text(yaml_files.safe_dump(config), encoding="utf-8")
    report = build(root, RAPID)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", str(report.parts[0].html)))


def test_the_front_gives_the_rapid_review_due_date_over_bank_holidays_and_whether_it_was_met(tmp_path):
    # Aware on Friday 28 April 2023. Counting from the next working day and skipping the bank holidays of
    # Monday 1 May, Monday 8 May (the coronation) and nothing else: 2-5 May (4), 9-12 May (8),
    # 15-19 May (13), 22-23 May (15). Without the bank holidays the 15th working day would be 19 May.
    met = _front(tmp_path / "met", aware="2023-04-28", rapid_review="2023-05-23")
    assert "Rapid review completed and sent to the national Panel: due by 23 May 2023; met." in met
    assert "bank holidays not counted: 1 May 2023, 8 May 2023" in met
    assert "Basis: Working Together to Safeguard Children 2023" in met
    late = _front(tmp_path / "late", aware="2023-04-28", rapid_review="2023-05-24")
    assert "due by 23 May 2023; not met. Done on 24 May 2023, 1 working day after the due date" in late


def test_the_anchor_setting_moves_the_due_date_on_the_front(tmp_path):
    root = write_review(tmp_path / "review")
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    # The notification on Friday 28 April 2023 is working day 1: then 2-5 May (5), 9-12 May (9),
    # 15-19 May (14), 22 May (15).
    config.update(methodology=RAPID, dates={"notification": "2023-04-28"},
                  process={"settings": {"rapid_review_anchor": "notification"}})
    (root / "review.yaml").write_text(yaml_files.safe_dump(config), encoding="utf-8")
    front = str(build(root, RAPID).parts[0].html)
    assert "due by 22 May 2023; not yet recorded as sent" in front


def test_a_methodology_with_no_clock_shows_no_clock_line(tmp_path):
    root = write_review(tmp_path / "review")
    assert "report-clock" not in str(build(root).parts[0].html)


# -- the example, rendered through the real pipeline ------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("rapid") / "child-t"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    assert run_ingest(root, progress=False).ok
    result = run_render(root, methodology=RAPID)
    return root, result


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_example_has_filled_rapid_review_forms_for_three_agencies():
    assert len(FORMS) == 3


@pytest.mark.kernel
def test_the_rapid_review_renders_from_the_example_intake_with_each_section_sourced(rendered):
    root, result = rendered
    html = unescape(result.html.read_text(encoding="utf-8"))
    word = _docx_text(result.docx)
    report = yaml_files.safe_load((root / "build" / "ingest_report.json").read_text(encoding="utf-8"))
    summaries = report["agency_summaries"]
    assert sorted(Path(s["file"]).name for s in summaries) == FORMS
    for text in (html, word):
        for title in SECTION_TITLES:
            assert title in text, title
        assert "Rapid review completed and sent to the national Panel: due by 10 July 2023; not met." in text
    for summary in summaries:                     # each agency's words, and where each came from
        for form_field in FIELDS:
            got = summary["fields"][form_field.id]
            first = got["text"].split("\n\n")[0]
            assert first[:60] in html
            assert f"Source: {summary['file']}, {got['location']}" in html
            assert f"Source: {summary['file']}, {got['location']}" in word
    assert "regulation 11" in html and "Why" in html                     # the decision against the criteria
    for entry_id in ("HOSP-80f0b68d", "CSC-0ab5d07d"):                       # key events cited by the facts
        assert f'id="entry-{entry_id}"' in html
    assert "issues for the Board" not in html.lower() and "the board" not in html.lower()
