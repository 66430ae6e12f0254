"""``render --publish``: the public edition in build/publish/, a different document from the
working draft, refused while a gap remains, a finding has no statement or the publication
check finds anything; and build/.rendered.json, which says whether a report is older than its
inputs.

One small, complete SCIE review is built in code (no text in it identifies anyone) and
rendered once as a draft and once as the public edition, shared by the module; the other
renders reuse its build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

import yaml_files
from conftest import make_review
from reviewbench.build import ensure_built, run_render
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import NotPublishableError
from reviewbench.provenance import read_manifest
from reviewbench.publication.rendered import record_rendered, rendered_status
from reviewbench.verify import verify_review

PUBLICATION_DATE = "2024-03-01"
REGISTER = {"names": {"Jane Example": "Mother"}}
SUBMISSIONS = {
    "police.csv": [
        ("03/02/2022", "22:10", "Officers attended a verbal argument at the family home. Jane Example said the "
                                "children were asleep upstairs.", "Notification sent to CSC."),
        ("04/02/2022", "09:00", "Domestic abuse risk assessment completed: medium.", "Shared with CSC."),
    ],
    "social_care.csv": [
        ("07/02/2022", "11:00", "Police notification screened in the MASH.", "No further action."),
        ("15/03/2022", "10:30", "Referral from Health Visiting about home conditions.", "Assessment opened."),
        ("20/04/2022", "14:00", "Home visit: the child was seen and spoken to alone.", "Plan agreed with the family."),
        ("30/06/2022", "15:00", "Case note: file reviewed by the team manager.", "Case kept open."),
    ],
    "health_visiting.csv": [
        ("10/03/2022", "09:30", "Home visit: home conditions poor; the child's weight checked.", "Referral made to CSC."),
        ("12/05/2022", "10:00", "Call to Jane Example: says she is coping better.", "Next contact booked."),
    ],
}
SOURCES = [{"file": "agency_reports/police.csv", "agency": "Police"},
           {"file": "agency_reports/social_care.csv", "agency": "Children's Social Care"},
           {"file": "agency_reports/health_visiting.csv", "agency": "Health Visiting"}]
SECTIONS = ("summary", "why-this-case", "case-summary", "methodology", "review-team", "limitations",
            "lived-experience", "family-involvement", "overview", "good-practice", "equality", "terms-of-reference",
            "participants", "glossary")
SCIE_FIELDS = {"priority": "high", "wider_evidence": "An audit of other plans found the same.",
               "why_it_matters": "It leaves a child unseen.", "tor": ["Q1"]}
ENTRY_ID = re.compile(r"\b(?:CSC|POL|HV|SCH|GP)-[0-9a-f]{8}\b")
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


# -- a small, complete review ---------------------------------------------------------------------

def _write_submissions(root: Path) -> None:
    for name, rows in SUBMISSIONS.items():
        lines = ["Date,Time,Description,Outcome"] + [",".join(f'"{c}"' for c in row) for row in rows]
        (root / "agency_reports" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _entry_ids(root: Path) -> dict[str, str]:
    """Entry id by the first 20 characters of its description (ids are content hashes)."""
    import csv
    ensure_built(load_review(root))
    with (root / "build" / "chronology.csv").open(encoding="utf-8") as fh:
        return {row["description"][:20]: row["entry_id"] for row in csv.DictReader(fh)}


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _write_authored(root: Path, ids: dict[str, str]) -> None:
    authored = root / "authored"
    for name in SECTIONS:
        (authored / "sections").mkdir(parents=True, exist_ok=True)
        (authored / "sections" / f"{name}.md").write_text(f"The text of the section {name}.\n", encoding="utf-8")
    police, risk, screened = ids["Officers attended a "], ids["Domestic abuse risk "], ids["Police notification "]
    hv_visit, referral, seen = ids["Home visit: home con"], ids["Referral from Health"], ids["Home visit: the chil"]
    _dump(authored / "kpes.yaml", {"kpes": [
        {"id": "KPE1", "title": "The February notification", "start": "2022-02-03", "end": "2022-02-07",
         "entries": [police, risk, screened], "description": "A notification screened on its own.",
         "appraisal": "The screening looked at one contact.", "explanation": "One contact was all MASH saw."},
        {"id": "KPE2", "title": "The health visitor's referral", "start": "2022-03-10", "end": "2022-04-20",
         "entries": [hv_visit, referral], "description": "A prompt referral.",
         "appraisal": "Prompt and specific.", "explanation": "The health visitor knew the family."}]})
    _dump(authored / "findings.yaml", {"findings": [
        {"id": "F1", "title": "Notifications are screened one at a time", "category": "responses-to-incidents",
         "statement": f"The notification ({police}) was screened without the history.",
         "evidence": ["KPE1", police], "issues_for_partners": ["How do the safeguarding partners know that history is weighed?"],
         **SCIE_FIELDS},
        {"id": "F2", "title": "A child seen alone", "category": "longer-term-work",
         "statement": "Seeing the child alone made the plan real.", "evidence": ["KPE2", seen],
         "issues_for_partners": ["How is seeing a child alone made the rule?"], **SCIE_FIELDS}]})
    _dump(authored / "terms_of_reference.yaml", {"questions": [
        {"id": "Q1", "question": "How did agencies share what they knew?"}]})
    _dump(authored / "recommendations.yaml", {"recommendations": [
        {"id": "R1", "text": "Show every previous contact on the screening record.", "findings": ["F1"],
         "owner": "Head of MASH", "due": "2024-06-30"}]})
    (authored / "contributions").mkdir(exist_ok=True)
    (authored / "contributions" / "health-visitor.md").write_text(
        "---\nkind: practitioner\nrole: Health visitor (HV1)\nkpe: KPE2\n---\nI referred because of what I saw.\n",
        encoding="utf-8")


def complete_review(root: Path) -> Path:
    make_review(root, sources=SOURCES, dates={"completion": "2024-02-01", "publication": PUBLICATION_DATE})
    _dump(root / "private" / "names.yaml", REGISTER)
    _write_submissions(root)
    _write_authored(root, _entry_ids(root))
    return root


@pytest.fixture(scope="module")
def rendered_twice(tmp_path_factory):
    """The review rendered as the working draft, then as the public edition (with a timeline) by
    'reviewbench render --publish --timeline': what the command printed is kept, and the result it printed
    from (the real ``run_render``, called through a wrapper that keeps what it returns)."""
    from reviewbench import build

    root = complete_review(tmp_path_factory.mktemp("public") / "review")
    draft = run_render(root)
    before = {p.name: p.read_bytes() for p in (draft.html, draft.docx)}
    results, printed = [], io.StringIO()

    def keep(*args, **kwargs):
        results.append(run_render(*args, **kwargs))
        return results[-1]
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        patch.setattr(build, "run_render", keep)
        assert main(["render", str(root), "--publish", "--timeline"]) == 0
    [public] = results
    return root, draft, public, before, printed.getvalue()


@pytest.fixture(scope="module")
def built(rendered_twice):
    """(review folder, draft result, public result, the draft's bytes before the public render)."""
    return rendered_twice[:4]


def _copy(built, tmp_path: Path, name: str = "copy") -> Path:
    """A copy of the rendered review, build included (its caches stay valid)."""
    target = tmp_path / name
    shutil.copytree(built[0], target)
    return target


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
                if name.endswith((".xml", ".rels"))}


def _set_yaml(path: Path, change) -> None:
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    _dump(path, data)


# -- the public edition ----------------------------------------------------------------------------

@pytest.mark.kernel
def test_publish_writes_the_public_edition_into_build_publish_and_its_notebooks_elsewhere(built):
    root, _, public, _ = built
    assert public.publish and public.timeline and public.gaps == []
    assert public.html == root / "build" / "publish" / "report.html"
    assert public.docx == root / "build" / "publish" / "report.docx" and zipfile.is_zipfile(public.docx)
    assert public.notebooks == [root / "build" / "notebooks" / "public" / "report.ipynb"]
    assert sorted(p.name for p in (root / "build" / "publish").iterdir()) == ["report.docx", "report.html"]
    assert not (root / "build" / ".render-staging").exists()


@pytest.mark.kernel
def test_the_draft_is_untouched_by_a_publish_render_and_keeps_its_marking_and_provenance(built):
    root, draft, _, before = built
    assert {p.name: p.read_bytes() for p in (draft.html, draft.docx)} == before
    html = draft.html.read_text(encoding="utf-8")
    assert "DRAFT — not for publication" in html and 'id="section-provenance"' in html
    assert "Integrated chronology" in html and "police.csv" in html and SHA256.search(html)
    assert "DRAFT" in docx.Document(str(draft.docx)).sections[0].header.paragraphs[0].text


@pytest.mark.kernel
@pytest.mark.parametrize("kind", ["html", "docx"])
def test_the_public_edition_holds_no_marking_gap_prompt_or_working_material(built, kind):
    root, _, public, _ = built
    html = re.sub(r"<style>.*?</style>", "", public.html.read_text(encoding="utf-8"), flags=re.S)  # class names
    text = html if kind == "html" else "\n".join(_parts(public.docx).values())
    for absent in ("DRAFT", "not for publication", "draft report", "[GAP]", 'class="gap', "What goes here",
                   'class="section-prompt', "prompts for the review team", "What the chronology shows",
                   "Integrated chronology", "Parameters and provenance", "Notebook parameters", "Submission",
                   "agency_reports", "police.csv", "social_care.csv", "health_visiting.csv", "authored/",
                   "review_dir", "chronology_appendix", "dates.completion", "review.yaml", "names.yaml",
                   "SHA-256", "Jane Example", str(root), "/tmp/"):
        assert absent not in text, absent
    assert not SHA256.search(text) and not ENTRY_ID.search(text), (SHA256.search(text), ENTRY_ID.search(text))
    front = ("Published: 1 March 2024", "Period under review: 1 January 2022 to 31 December 2022")  # the title page
    for present in ("Test Review (fictional)", "Learning Together systems review", "KPE1: The February notification",
                    "Notifications are screened one at a time", "Show every previous contact",
                    "Mother said the children were asleep upstairs", *front):
        assert present in text, present


@pytest.mark.kernel
def test_the_public_edition_shows_entries_by_date_and_agency_and_numbers_its_own_sections(built):
    html = built[2].html.read_text(encoding="utf-8")
    assert "The notification (Police, 3 February 2022 at 22:10) was screened without the history." in html
    assert "<th>Date</th><th>Agency</th><th>What was recorded</th></tr>" in html      # no Entry column
    assert ("<th>Agency</th><th>Entries in the review period</th><th>Before or after it</th>"
            "<th>Agencies exchanged with</th>") in html
    assert 'Key practice episode: The February notification (<a href="#kpe-KPE1">KPE1</a>)' in html
    assert '<h2 id="section-key-practice-episodes">5.5 Key practice episodes</h2>' in html    # 5.6 in the draft
    assert "section-chronology-prompts" not in html and "section-provenance" not in html
    targets = set(re.findall(r'\sid="([^"]+)"', html))
    assert not set(re.findall(r'href="#([^"]+)"', html)) - targets


@pytest.mark.kernel
def test_the_summary_timeline_lists_only_the_cited_entries(built):
    html = built[2].html.read_text(encoding="utf-8")
    assert '<h1 id="section-chronology">Appendix D: Summary timeline</h1>' in html
    timeline = html.split('id="section-chronology"', 1)[1].split("</table>", 1)[0]
    assert "<th>Date</th><th>Agency</th><th>What was recorded</th><th>Cited in</th>" in timeline
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td>", timeline)
    assert [date.replace("\u00a0", " ") for date, _ in rows] == ["3 February 2022 at 22:10", "4 February 2022 at 09:00",
                                           "7 February 2022 at 11:00", "10 March 2022 at 09:30",
                                           "15 March 2022 at 10:30", "20 April 2022 at 14:00"]
    assert "Case note: file reviewed" not in timeline and "coping better" not in timeline     # cited by nothing
    assert "Summary timeline" in _docx_text(built[2].docx)


@pytest.mark.kernel
def test_the_public_docx_has_no_author_comments_hidden_text_or_tracked_changes(built):
    root, _, public, _ = built
    document = docx.Document(str(public.docx))
    props = document.core_properties
    assert props.title == "Test Review (fictional)"
    assert props.author == "" and props.last_modified_by == "" and not props.comments
    assert props.created.date().isoformat() == PUBLICATION_DATE == props.modified.date().isoformat()
    parts = _parts(public.docx)
    assert "<w:comment " not in parts.get("word/comments.xml", "")
    body = parts["word/document.xml"]
    for mark in ("<w:ins ", "<w:del ", "<w:vanish", "<w:commentReference", "<w:commentRangeStart"):
        assert mark not in body, mark
    assert "trackRevisions" not in parts["word/settings.xml"] and "attachedTemplate" not in parts["word/settings.xml"]
    custom = dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)<', parts.get("docProps/custom.xml", "")))
    assert custom == {} and props.subject == "Learning Together systems review"
    app = parts["docProps/app.xml"]
    assert not re.search(r"<(Company|Manager|HyperlinkBase)>", app) and "/" not in re.sub(r"<[^>]+>", "", app)
    assert all(str(root) not in xml and "Jane Example" not in xml for xml in parts.values())
    assert document.sections[0].header.paragraphs[0].text == ""
    assert "NUMPAGES" in document.sections[0].footer._element.xml


@pytest.mark.kernel
def test_the_public_html_names_no_author_and_fetches_nothing(built):
    html = built[2].html.read_text(encoding="utf-8")
    assert "<title>Test Review (fictional): Learning Together systems review</title>" in html
    assert 'name="author"' not in html and "<!--" not in html and "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


@pytest.mark.kernel
def test_without_timeline_or_publication_date_there_is_no_appendix_and_the_render_date(built, tmp_path):
    review = _copy(built, tmp_path)
    _set_yaml(review / "review.yaml", lambda data: data.pop("dates"))
    result = run_render(review, publish=True)
    html = result.html.read_text(encoding="utf-8")
    assert not result.timeline and "section-chronology" not in html and "Summary timeline" not in html
    assert "Published:" not in html and "Appendix B: Participants" in html
    created = docx.Document(str(result.docx)).core_properties.created.date()
    today = dt.datetime.now(dt.timezone.utc).date()
    assert created in (today, today - dt.timedelta(days=1))           # the day it was rendered (UTC)


# -- refusals --------------------------------------------------------------------------------------

@pytest.mark.kernel
def test_a_gap_a_finding_without_statement_or_wider_evidence_and_a_scan_hit_are_refused_in_one_message(built, tmp_path):
    review = _copy(built, tmp_path)
    draft = {p: p.read_bytes() for p in (review / "build").glob("report.*")}
    (review / "authored" / "sections" / "participants.md").unlink()

    def without_statement_and_wider_evidence(data):
        data["findings"][1].pop("statement")
        data["findings"][0].pop("wider_evidence")       # SCIE: the test of a systems finding, a gap when missing
    _set_yaml(review / "authored" / "findings.yaml", without_statement_and_wider_evidence)
    limitations = review / "authored" / "sections" / "limitations.md"
    limitations.write_text("Write to a.person@anyshire.gov.uk for the records.\n", encoding="utf-8")
    with pytest.raises(NotPublishableError) as err:
        run_render(review, publish=True)
    message = str(err.value)
    assert "the public edition was not written: 4 thing(s) to fix first" in message
    assert "A gap in Appendix B Participants: No text yet. Write it in authored/sections/participants.md." in message
    assert "A gap in 7 Findings, F2: No statement of F2 yet." in message
    assert "A gap in 7 Findings, F1: No 'Evidence that it is not peculiar to this case' for F1 yet." in message
    assert len(err.value.reasons) == 4 and "report.html" in err.value.reasons[3]   # the publication check's own
    assert not any((review / "build" / "publish").iterdir())          # the earlier edition was removed too
    assert not (review / "build" / ".render-staging").exists()
    assert {p: p.read_bytes() for p in (review / "build").glob("report.*")} == draft


@pytest.mark.kernel
def test_the_command_line_refuses_with_exit_1_and_says_why(built, tmp_path, capsys):
    review = _copy(built, tmp_path)
    (review / "authored" / "sections" / "participants.md").unlink()
    assert main(["render", str(review), "--publish"]) == 1
    err = capsys.readouterr().err
    assert "Problem: the public edition was not written: 1 thing(s)" in err and "Appendix B Participants" in err
    assert not (review / "build" / "publish" / "report.html").exists()


def test_timeline_without_publish_is_a_usage_error(tmp_path, capsys):
    assert main(["render", str(tmp_path / "nowhere"), "--timeline"]) == 2
    assert "--timeline adds a summary timeline to the public edition, so it goes with --publish" in \
        capsys.readouterr().err


# -- command line, manifest and verify -------------------------------------------------------------

@pytest.mark.kernel
def test_the_command_line_says_where_the_public_edition_is_and_verify_re_runs_it(rendered_twice, built, tmp_path):
    root, out = rendered_twice[0], rendered_twice[4]           # the public edition was rendered by the command
    assert f"Public edition: {root / 'build' / 'publish' / 'report.html'}" in out
    assert f"Word:           {root / 'build' / 'publish' / 'report.docx'}" in out
    review = _copy(built, tmp_path)
    assert "summary timeline" in out and "The working draft (build/report.*) was not changed." in out
    steps = read_manifest(load_review(review))["steps"]
    assert steps["publish"] == {"publish": True, "timeline": True, "methodology": None, "day": PUBLICATION_DATE}
    assert dt.date.fromisoformat(steps["render"].pop("day")) <= dt.datetime.now(dt.timezone.utc).date()
    assert steps["render"] == {"chronology_appendix": "in-scope", "methodology": None}     # the draft's, kept
    result = verify_review(review)
    assert result.ok, result.messages
    assert {"publish/report.html", "publish/report.docx", "notebooks/public/report.ipynb",
            "report.html"} <= set(result.compared)


# -- what a report was rendered from ---------------------------------------------------------------

@pytest.mark.kernel
def test_render_records_what_each_edition_was_rendered_from(built):
    root, draft, public, _ = built
    review = load_review(root)
    record = json.loads((root / "build" / ".rendered.json").read_text(encoding="utf-8"))
    assert {"report.html", "report.docx", "publish/report.html", "publish/report.docx"} <= set(record)
    inputs = record["publish/report.docx"]["inputs"]
    assert {"review.yaml", "agency_reports/police.csv", "authored/findings.yaml", "private/names.yaml"} <= set(inputs)
    assert "Jane Example" not in (root / "build" / ".rendered.json").read_text(encoding="utf-8")
    for output in (draft.html, draft.docx, public.html, public.docx):
        assert rendered_status(review, output) == ("current", [])


def _small_build(tmp_path: Path) -> tuple:
    root = make_review(tmp_path / "review")
    (root / "authored" / "kpes.yaml").write_text("kpes: []\n", encoding="utf-8")
    (root / "private" / "names.yaml").write_text(yaml_files.safe_dump(REGISTER), encoding="utf-8")
    report = root / "build" / "report.html"
    report.parent.mkdir()
    report.write_text("<p>The report.</p>\n", encoding="utf-8")
    review = load_review(root)
    record_rendered(review, [report])
    return root, review, report


def test_rendered_status_is_current_then_stale_naming_each_changed_added_and_removed_input(tmp_path):
    root, review, report = _small_build(tmp_path)
    assert rendered_status(review, report) == ("current", [])
    assert rendered_status(review, Path("report.html")) == ("current", [])          # relative to build/
    (root / "authored" / "kpes.yaml").unlink()
    (root / "authored" / "findings.yaml").write_text("findings: []\n", encoding="utf-8")
    (root / "private" / "names.yaml").write_text(yaml_files.safe_dump({"names": {"Jane Example": "Parent"}}),
                                                 encoding="utf-8")
    status, reasons = rendered_status(review, report)
    assert status == "stale"
    assert reasons == ["authored/findings.yaml was added since build/report.html was rendered.",
                       "authored/kpes.yaml was removed since build/report.html was rendered.",
                       "private/names.yaml (the names register) changed since build/report.html was rendered."]
    assert not any("Jane" in r or "Parent" in r for r in reasons)


def test_what_is_written_after_the_report_does_not_make_it_out_of_date(tmp_path):
    """Recording the report's dissemination, the partners' response or the action plan's progress made
    'check' call the published report older than its inputs, and 'portfolio --render' render it again."""
    from reviewbench.authored.validate import NOT_READ_BY_A_REPORT
    root, review, report = _small_build(tmp_path)
    for rel in sorted(NOT_READ_BY_A_REPORT):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("# written after the report\n", encoding="utf-8")
    assert rendered_status(review, report) == ("current", [])
    (root / "authored" / "sections" / "overview.md").write_text("A new overview.\n", encoding="utf-8")
    assert rendered_status(review, report) == (
        "stale", ["authored/sections/overview.md was added since build/report.html was rendered."])


def test_each_file_read_only_after_the_report_is_named_where_its_reader_names_it():
    from reviewbench.audit.answers import ANSWERS_FILE
    from reviewbench.authored.validate import NOT_READ_BY_A_REPORT, PLAIN_SUMMARY
    from reviewbench.briefing.settings import AUTHORED_FILE
    from reviewbench.dissemination.record import RECORD_FILE
    from reviewbench.dissemination.response import RESPONSE_FILE
    from reviewbench.portfolio.actions import WHERE
    readers = {f"authored/{name}" for name in (ANSWERS_FILE, AUTHORED_FILE, RECORD_FILE, RESPONSE_FILE)}
    assert NOT_READ_BY_A_REPORT == readers | {WHERE, f"authored/sections/{PLAIN_SUMMARY}.md"}


def test_rendered_status_says_changed_for_an_output_edited_after_the_render_and_unknown_otherwise(tmp_path):
    root, review, report = _small_build(tmp_path)
    report.write_text("<p>The report, edited by hand.</p>\n", encoding="utf-8")
    assert rendered_status(review, report) == ("changed", ["build/report.html was changed after it was rendered "
                                                           "(by hand?)."])
    other = root / "build" / "report.docx"
    other.write_bytes(b"not recorded")
    assert rendered_status(review, other) == ("unknown", [])
    record_rendered(review, [other])           # a later render adds its record and keeps the others
    assert rendered_status(review, other) == ("current", [])
    assert rendered_status(review, report)[0] == "changed"


# -- the methodology says which sections are public; the reference documents ----------------------

def test_sections_are_public_by_fill_unless_method_yaml_says_otherwise():
    from pydantic import ValidationError

    from reviewbench.methodology import Section
    assert Section(id="a", title="A", fill="text").in_public_edition()
    assert not Section(id="a", title="A", fill="text", public=False).in_public_edition()
    assert not Section(id="c", title="C", fill="chronology").in_public_edition()
    assert Section(id="c", title="C", fill="chronology").in_public_edition(timeline=True)
    assert not Section(id="c", title="C", fill="chronology", public=False).in_public_edition(timeline=True)
    assert not Section(id="p", title="P", fill="provenance").in_public_edition(timeline=True)
    assert not Section(id="n", title="N", fill="table", table="network-statements").in_public_edition()
    assert Section(id="n", title="N", fill="table", table="network-statements", public=True).in_public_edition()
    with pytest.raises(ValidationError, match="can never be in the public edition"):
        Section(id="c", title="C", fill="chronology", public=True)


@pytest.mark.kernel
def test_a_review_methodology_can_keep_a_section_out_of_the_public_edition(built, tmp_path):
    from reviewbench.errors import ReviewbenchError
    from reviewbench.methodology import methodology_root
    from reviewbench.report import open_report
    review = _copy(built, tmp_path)
    own = review / "methodology" / "scie-learning-together"
    own.mkdir(parents=True)
    shutil.copy(methodology_root() / "scie-learning-together" / "method.yaml", own / "method.yaml")

    def private_good_practice(data):
        appraisal = next(s for s in data["outline"] if s["id"] == "appraisal")
        next(s for s in appraisal["sections"] if s["id"] == "good-practice")["public"] = False
    _set_yaml(own / "method.yaml", private_good_practice)
    public = open_report(review, publish=True).html()
    assert "section-good-practice" not in public and "section-chronology" not in public
    assert "section-good-practice" in open_report(review).html()
    with pytest.raises(ReviewbenchError, match="summary timeline is part of the public edition only"):
        open_report(review, timeline=True)


def test_the_public_reference_document_has_no_marking_and_no_author():
    import importlib.util

    from reviewbench.render.export import REFERENCE_PUBLIC_DOCX, reference_docx, templates_root
    public, draft = reference_docx(True), reference_docx(False)
    assert public == templates_root() / REFERENCE_PUBLIC_DOCX and public.is_file()
    document = docx.Document(str(public))
    assert all(p.text == "" for p in document.sections[0].header.paragraphs)
    assert "NUMPAGES" in document.sections[0].footer._element.xml
    assert document.core_properties.author == "" and not document.core_properties.comments
    assert {"Gap", "Heading 1", "Title"} <= {s.name for s in document.styles}
    assert "DRAFT" in docx.Document(str(draft)).sections[0].header.paragraphs[0].text
    spec = importlib.util.spec_from_file_location("make_reference_docx", templates_root() / "make_reference_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUTPUT_PUBLIC == public
