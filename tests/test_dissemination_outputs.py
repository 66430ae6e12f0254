"""The documents published beside the report (issue 17, items 3 and 5): ``reviewbench response DIR``
writes build/response.html (self-contained) and .docx (pandoc, read back with python-docx) with each
recommendation, the partners' answer and the actions that carry it out; ``reviewbench summary DIR`` writes
build/dissemination/summary.*; both are scanned with the names register and the command says what it found."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import lxml.html
import pytest

import yaml_files
from conftest import EXAMPLE
from reviewbench.build import run_response, run_summary
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.portfolio import load_actions
from reviewbench.publication.finder import NAME

pytestmark = pytest.mark.slow          # pandoc writes each Word document


@pytest.fixture
def child_t(tmp_path) -> Path:
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    return folder


def _edit(folder: Path, name: str, change) -> None:
    path = folder / "authored" / name
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _table_rows(page) -> dict[str, list]:
    """Each row by its id: the recommendation's text, the answer's, and the actions' list items."""
    rows = {}
    for row in page.xpath("//table[contains(@class, 'response')]/tbody/tr"):
        first, second, third = row.findall("td")
        rows[row.get("id")] = [" ".join(first.text_content().split()), " ".join(second.text_content().split()),
                               [li.text_content() for li in third.iter("li")] or third.text_content()]
    return rows


def test_the_response_page_and_document_show_each_recommendation_its_answer_and_its_actions(child_t, capsys):
    _edit(child_t, "response.yaml", lambda d: d["recommendations"].pop())          # R4 left unanswered
    assert main(["response", str(child_t)]) == 0
    out = capsys.readouterr().out
    assert "Not yet answered in authored/response.yaml: R4" in out
    assert "Publication safety (response.html, response.docx): nothing found that could identify someone" in out
    html = child_t / "build" / "response.html"
    page = lxml.html.parse(str(html)).getroot()
    assert not page.xpath("//link[@rel='stylesheet'] | //script[@src] | //img[starts-with(@src, 'http')]")
    assert page.xpath("//style") and "Published 22 April 2024" in page.text_content()
    rows = _table_rows(page)
    assert list(rows) == ["response-R1", "response-R2", "response-R3", "response-R4"]
    plan = load_actions(load_review(child_t))
    for rid, cells in rows.items():
        ids = [a.id for a in plan.actions if a.recommendation == rid.removeprefix("response-")]
        assert ids and [item.split(":")[0] for item in cells[2]] == ids, (rid, cells[2])
    assert rows["response-R2"][1].startswith("Accepted in part. A daily reconciliation")
    assert rows["response-R1"][2] == ["A1: Children's Social Care, due 30/09/2024, evidenced (15/01/2025)",
                                      "A5: Health Visiting, due 30/06/2027, not started"]
    assert rows["response-R4"][1] == "No response recorded"
    document = docx.Document(str(child_t / "build" / "response.docx"))
    assert document.core_properties.title == "Child T: the safeguarding partners' response"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Our response to the review", "The recommendations and what is being done"]
    [table] = document.tables
    word = [[c.text for c in row.cells] for row in table.rows]
    assert word[0] == ["Recommendation", "Response", "Actions (owner, due, status)"]
    assert [r[0].split(":")[0] for r in word[1:]] == ["R1", "R2", "R3", "R4"]
    assert "A4: Adult Mental Health, due 31/03/2025, at risk (10/01/2025)" in word[4][2]


def test_a_name_of_the_register_planted_in_the_response_is_found_in_both_documents(child_t, capsys):
    _edit(child_t, "response.yaml", lambda d: d.update(statement=d["statement"] + "\nWe thank Tamsin Example.\n"))
    result = run_response(child_t, load_actions(load_review(child_t)))
    assert not result.ok
    found = {(h.file, h.kind, h.shown) for h in result.scan.hits}
    assert found == {("response.html", NAME, "T***** E******"), ("response.docx", NAME, "T***** E******")}
    assert "Tamsin" not in "\n".join(result.lines())
    assert main(["response", str(child_t)]) == 1
    out = capsys.readouterr().out
    assert "registered name 'T***** E******'" in out and "1 thing(s) that could identify someone, in 2 place(s)" in out


def test_without_a_names_register_the_response_is_never_called_safe(child_t, capsys):
    (child_t / "private" / "names.yaml").unlink()
    assert main(["response", str(child_t)]) == 1
    out = capsys.readouterr().out
    assert "The review has no names register" in out and "it cannot be called safe" in out
    assert "nothing found" not in out


def test_a_review_without_a_response_is_told_what_to_write(child_t, capsys):
    (child_t / "authored" / "response.yaml").unlink()
    assert main(["response", str(child_t)]) == 1
    assert "authored/response.yaml: does not exist, so there is no response to render" in capsys.readouterr().err
    assert not (child_t / "build" / "response.html").exists()


def test_the_summary_is_anonymised_as_the_report_and_says_which_parts_were_drawn_automatically(child_t, capsys):
    sections = child_t / "authored" / "sections"
    own = sections / "plain_summary.md"
    own.write_text(own.read_text(encoding="utf-8") + "\nTamsin Example tried to get help.\n", encoding="utf-8")
    result = run_summary(child_t)
    assert result.ok, result.lines()
    page = lxml.html.parse(str(result.html)).getroot()
    text = " ".join(page.text_content().split())
    assert [h.text_content() for h in page.xpath("//h1")] == [
        "Who this review was about", "What happened", "What we learned", "What will change", "Where to find more"]
    assert "This review was about Child T." in text and "Mother tried to get help." in text and "Tamsin" not in text
    findings = yaml_files.safe_load((child_t / "authored" / "findings.yaml").read_text(encoding="utf-8"))["findings"]
    assert [h.text_content() for h in page.xpath("//h2")] == [f["title"] for f in findings]
    assert "The safeguarding partners' answer: accepted in part" in text
    assert [n for n in result.notes if n.startswith("Drawn automatically: what happened")] == []
    document = docx.Document(str(result.docx))
    assert result.docx == child_t / "build" / "dissemination" / "summary.docx"
    assert "Mother tried to get help." in "\n".join(p.text for p in document.paragraphs)

    own.unlink()
    assert main(["summary", str(child_t)]) == 0
    out = capsys.readouterr().out
    assert "Drawn automatically: what happened (the report's summary section" in out
    page = lxml.html.parse(str(result.html)).getroot()
    assert "Drawn automatically from the review's authored content: what happened" in page.text_content()


def test_a_draft_response_is_not_quoted_in_the_summary_nor_said_to_be_published(child_t):
    """The summary quoted a draft response's answers as the partners' and said their response was published."""
    response = child_t / "authored" / "response.yaml"
    text = response.read_text(encoding="utf-8")
    assert "\npublished: 2024-04-22\n" in text
    response.write_text(text.replace("\npublished: 2024-04-22\n", "\npublished:\n"), encoding="utf-8")
    result = run_summary(child_t)
    said = " ".join(lxml.html.parse(str(result.html)).getroot().text_content().split())
    assert "The safeguarding partners' answer" not in said and "response to it" not in said
    assert "The partners' answers are left out: their response (authored/response.yaml) is a draft" in \
        " ".join(result.notes)


def test_verify_makes_the_documents_after_the_report_again_and_names_one_that_no_longer_follows(child_t, capsys):
    """``verify`` re-creates the response, the summary, the briefing and the deck (dated the day recorded, not
    today's nor the publication date) and compares them with the build; a changed action plan is named, and so
    is the response it changes."""
    from reviewbench.verify import verify_review
    for verb in (["ingest"], ["response"], ["summary"], ["briefing", "--day", "2024-05-02"],
                 ["deck", "--day", "2024-05-02"]):
        main([verb[0], str(child_t), *verb[1:]])
    capsys.readouterr()
    documents = {"response.html", "response.docx", "dissemination/summary.html", "dissemination/summary.docx",
                 "dissemination/briefing.html", "dissemination/briefing.docx", "dissemination/deck.pptx"}
    assert main(["verify", str(child_t)]) == 0, capsys.readouterr().out
    assert "Not re-created" not in capsys.readouterr().out
    assert documents <= set(verify_review(child_t, read_plan=load_actions).compared)
    without_plan = verify_review(child_t)                 # the response needs the plan, read above verify
    assert without_plan.ok and documents - {"response.html", "response.docx"} <= set(without_plan.compared)
    assert without_plan.notes == ["Not re-created by verify, compared with the manifest only: build/response.docx, "
                                  "build/response.html."]

    _edit(child_t, "actions.yaml", lambda d: d["actions"][0].update(due="2024-10-31"))     # the response shows it
    assert main(["verify", str(child_t)]) == 1
    out = capsys.readouterr().out
    assert "authored/actions.yaml changed since the build" in out
    assert "response.html: first difference at line" in out and "response.docx: first difference at" in out
